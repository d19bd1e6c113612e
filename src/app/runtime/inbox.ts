// The durable inbox: every push is stored (deduplicated) before it is acknowledged, then processed.
// Rows left pending by a crash or restart are picked up by the sweep; handler errors are recorded with an
// attempt count and retried with back-off, then parked as `failed`.
import { describeError, describeErrorText } from "./log.js";
import type { Clock, Logger } from "../ports/platform.js";
import type { InboxRow, InboxStore } from "../ports/inbox-store.js";

export const INBOX_MAX_ATTEMPTS = 6;
export const LEASE_MS = 60_000;

export type InboxHandler = (row: InboxRow) => Promise<void>;

export function inboxRetryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(5 * 60_000, 2_000 * 2 ** (attempts - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * Runs handlers for inbox rows. Rows of one chat run one after another, in arrival order, so that
 * two messages in a chat never race; different chats run concurrently.
 */
export class InboxProcessor {
  private readonly chains = new Map<string, Promise<void>>();
  private jobs = 0;

  constructor(
    private readonly store: InboxStore,
    private readonly handler: InboxHandler,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Processes one freshly stored event (after the acknowledgement). */
  processNow(eventId: string, chatKey: string | undefined): Promise<void> {
    return this.enqueue(chatKey ?? eventId, async () => {
      const row = await this.store.claim(eventId, this.clock.now(), LEASE_MS);
      if (row) await this.run(row);
    });
  }

  /** Processes a row this process stored already claimed (InboxStore.addClaimed), in its chat's order. */
  processClaimed(row: InboxRow, chatKey: string | undefined): Promise<void> {
    return this.enqueue(chatKey ?? row.eventId, () => this.run(row));
  }

  /** Picks up every due row (start-up, periodic sweep, cron). Returns how many were run. */
  async sweep(limit = 100): Promise<number> {
    const rows = await this.store.claimDue(this.clock.now(), LEASE_MS, limit);
    await Promise.all(rows.map((row) => this.enqueue(row.chatId ?? row.eventId, () => this.run(row))));
    return rows.length;
  }

  /** Jobs queued or running (events waiting for their turn in their chat, and those being handled). */
  get queued(): number {
    return this.jobs;
  }

  /** Resolves when every queued job has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  private enqueue(key: string, job: () => Promise<void>): Promise<void> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    this.jobs++;
    const next = prev
      .then(job, job)
      .catch(() => {})
      .finally(() => {
        this.jobs--;
      });
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }

  private async run(row: InboxRow): Promise<void> {
    const started = performance.now();
    try {
      await this.handler(row);
      await this.store.complete(row.id, this.clock.now());
      this.log.info("event.processed", { eventType: row.eventType, eventId: row.eventId, outcome: "done", ms: Math.round(performance.now() - started) });
    } catch (e) {
      const attempts = row.attempts + 1;
      const final = attempts >= INBOX_MAX_ATTEMPTS;
      const retryAt = final ? null : new Date(this.clock.now().getTime() + inboxRetryDelayMs(attempts));
      // The stored and logged error is a short description: never the error object (an SDK error holds the
      // request with its credentials) nor a message that may quote the event's text.
      await this.store.fail(row.id, describeErrorText(e), retryAt).catch(() => {});
      this.log.error("event.failed", {
        eventType: row.eventType,
        eventId: row.eventId,
        outcome: final ? "failed" : "retry",
        attempts,
        error: describeError(e),
        ms: Math.round(performance.now() - started),
      });
    }
  }
}
