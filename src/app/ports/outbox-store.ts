// The durable outbox's storage port (src/app/runtime/outbox.ts delivers; src/adapters/prisma/outbox.ts stores).
import type { MsgType, ReceiveIdType } from "./platform.js";

export type OutboundPayload =
  | { kind: "send"; receiveIdType: ReceiveIdType; receiveId: string; msgType: MsgType; content: string }
  | { kind: "reply"; messageId: string; msgType: MsgType; content: string }
  | { kind: "patch"; messageId: string; content: string }
  /** Upload a file, then send it as a file message. `bytes` is base64. */
  | { kind: "file"; receiveIdType: ReceiveIdType; receiveId: string; fileName: string; bytes: string };

export interface OutboxRow {
  id: number;
  uuid: string;
  chatKey: string;
  payload: string;
  purpose: string | null;
  attempts: number;
}

export interface NewOutboxRow {
  uuid: string;
  kind: OutboundPayload["kind"];
  chatKey: string;
  payload: string;
  purpose?: string;
  coalesceKey?: string;
  notBefore: Date;
}

export interface OutboxStore {
  /**
   * Adds a row; when `coalesceKey` is set and a pending row with that key exists, replaces that row's
   * payload instead (returns "coalesced"). A row whose uuid is already queued is left as it is (returns
   * "duplicate"): a handler re-run after a crash queues nothing twice.
   */
  enqueue(row: NewOutboxRow, now: Date): Promise<"added" | "coalesced" | "duplicate">;
  /** Claims due pending rows (and rows whose sending lease expired), oldest first. */
  claimDue(now: Date, leaseMs: number, limit: number): Promise<OutboxRow[]>;
  sent(id: number, resultId: string | null, now: Date): Promise<void>;
  retry(id: number, error: string, at: Date): Promise<void>;
  failed(id: number, error: string): Promise<void>;
  /** Returns a claimed row to pending without counting an attempt (pacing). */
  release(id: number, at: Date): Promise<void>;
  backlog(): Promise<{ pending: number; failed: number }>;
  /** After a restart of the only process using this database: rows it was sending go back to pending. */
  releaseAbandoned(now: Date): Promise<number>;
}
