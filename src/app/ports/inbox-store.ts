// The durable inbox's storage port (src/app/runtime/inbox.ts processes; src/adapters/prisma/inbox.ts and
// src/runtimes/node/sqlite-inbox.ts store).
export interface InboxRow {
  id: number;
  eventId: string;
  eventType: string;
  chatId: string | null;
  payload: string;
  attempts: number;
  /** The payload already parsed, when the row comes straight from the webhook (saves parsing it again). */
  envelope?: Record<string, unknown>;
}

export interface NewInboxRow {
  eventId: string;
  messageId?: string;
  eventType: string;
  chatId?: string;
  payload: string;
}

export interface InboxStore {
  /** Stores the row unless its event id or message id was seen; true when stored. */
  add(row: NewInboxRow, now: Date): Promise<boolean>;
  /**
   * Optional: stores the row already claimed by this process (processing, leased for `leaseMs`), for an
   * event about to be handled; the row as claim() would return it, or null when it was a repeat.
   */
  addClaimed?(row: NewInboxRow, now: Date, leaseMs: number): Promise<InboxRow | null>;
  /** Claims a specific row for processing (pending → processing with a lease). */
  claim(eventId: string, now: Date, leaseMs: number): Promise<InboxRow | null>;
  /** Claims due rows: pending ones whose next attempt is due, and processing ones whose lease expired. */
  claimDue(now: Date, leaseMs: number, limit: number): Promise<InboxRow[]>;
  complete(id: number, now: Date): Promise<void>;
  /** Records an error; `retryAt` null parks the row as failed. */
  fail(id: number, error: string, retryAt: Date | null): Promise<void>;
  backlog(): Promise<{ pending: number; failed: number }>;
  /** After a restart of the only process using this database: rows it was processing go back to pending. */
  releaseAbandoned(now: Date): Promise<number>;
  /**
   * Retention: empties the payload (sets it to "" and purgedAt to `now`) of at most `limit` finished rows (done
   * or failed) received before `receivedBefore`, oldest first. The rows stay, so that a redelivery of their
   * event id or message id is still recognised. Returns how many were purged.
   */
  purgePayloads(receivedBefore: Date, now: Date, limit: number): Promise<number>;
}
