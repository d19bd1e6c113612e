// The durable outbox: every message the bot sends goes through it. Each row carries an idempotency uuid
// (Lark keeps at most one message per uuid for an hour), is retried with exponential back-off and jitter
// on network errors, 5xx and rate limits (honouring x-ogw-ratelimit-reset), is paced to at most 5 sends per
// second per chat (and 5 patches per second per message), and ends `failed` with its error after a bounded
// number of attempts. Nothing is sent twice; nothing is dropped.
import { describeError, describeErrorText } from "./log.js";
import { LarkApiError, type Clock, type LarkApi, type Logger } from "../ports/platform.js";
import type { OutboundPayload, OutboxRow, OutboxStore } from "../ports/outbox-store.js";

export const OUTBOX_MAX_ATTEMPTS = 8;
/** 5 per second per chat and per message. */
export const PACE_MS = 200;
const LEASE_MS = 60_000;
/** Rows claimed per delivery pass. */
const PASS_LIMIT = 50;

export function outboxRetryDelayMs(attempts: number, error: unknown, random: () => number = Math.random): number {
  if (error instanceof LarkApiError && error.info.retryAfterMs !== undefined) {
    return error.info.retryAfterMs + Math.round(random() * 250);
  }
  const base = Math.min(10 * 60_000, 1_000 * 2 ** (attempts - 1));
  return Math.round(base * (0.5 + random()));
}

/** Called after a delivery so the app can remember what a message id stands for. */
export type DeliveredHook = (purpose: string, messageId: string, now: Date, chatKey: string) => Promise<void>;

export class OutboxDeliverer {
  private readonly lastSent = new Map<string, number>();
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly api: LarkApi,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onDelivered: DeliveredHook = async () => {},
  ) {}

  /** Rows queued (committed) since the last pass began; see `queueing` and `runIfQueued`. */
  private queuedSincePass = 0;

  /**
   * The store to give handlers: the same store, but every committed enqueue is counted, so that the work after
   * an acknowledgement can skip the delivery pass when the handler queued nothing (ordinary group chatter).
   */
  queueing(store: OutboxStore = this.store): OutboxStore {
    return {
      enqueue: async (row, now) => {
        const r = await store.enqueue(row, now);
        if (r === "duplicate") return r;
        this.queuedSincePass++;
        // A delayed row (a coalesced card patch) is due later: come back for it then.
        if (row.notBefore.getTime() > now.getTime()) this.wakeIn(row.notBefore.getTime() - now.getTime());
        return r;
      },
      claimDue: (now, leaseMs, limit) => store.claimDue(now, leaseMs, limit),
      sent: (id, resultId, now) => store.sent(id, resultId, now),
      retry: (id, error, at) => store.retry(id, error, at),
      failed: (id, error) => store.failed(id, error),
      release: (id, at) => store.release(id, at),
      backlog: () => store.backlog(),
      releaseAbandoned: (now) => store.releaseAbandoned(now),
    };
  }

  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private wakeDue = Infinity;

  /**
   * Runs again in `ms` (rows due later: a paced chat, a delayed patch). Keeps the earliest of pending wake-ups;
   * the periodic sweep stays the safety net (and the only trigger where timers do not outlive a request).
   */
  private wakeIn(ms: number): void {
    if (this.stopped) return;
    const due = Date.now() + ms;
    if (this.wakeTimer && this.wakeDue <= due) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeDue = due;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.wakeDue = Infinity;
      this.run().catch((e) => this.log.error("outbox.wake_failed", { error: describeError(e) }));
    }, Math.max(0, ms) + 5);
    (this.wakeTimer as { unref?: () => void }).unref?.();
  }

  /** Cancels a pending wake-up (shutdown). */
  stop(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    this.wakeDue = Infinity;
    this.stopped = true;
  }
  private stopped = false;

  /** Runs a delivery pass only if something was queued through `queueing()` since the last pass began. */
  runIfQueued(): Promise<number> {
    return this.queuedSincePass > 0 ? this.run() : Promise.resolve(0);
  }

  /** Delivers what is due. Concurrent calls collapse into one run followed by one more. */
  run(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      do {
        this.again = false;
        total += await this.pass();
      } while (this.again);
      return total;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    this.queuedSincePass = 0;
    const now = this.clock.now();
    const rows = await this.store.claimDue(now, LEASE_MS, PASS_LIMIT);
    // A full batch: there may be more due rows behind it.
    if (rows.length === PASS_LIMIT) this.again = true;
    // Rows of one chat go out in order, chats in parallel.
    const byChat = new Map<string, OutboxRow[]>();
    for (const r of rows) byChat.set(r.chatKey, [...(byChat.get(r.chatKey) ?? []), r]);
    let delivered = 0;
    await Promise.all(
      [...byChat.entries()].map(async ([chatKey, list]) => {
        for (let i = 0; i < list.length; i++) {
          const row = list[i]!;
          const t = this.clock.now().getTime();
          const wait = (this.lastSent.get(chatKey) ?? 0) + PACE_MS - t;
          if (wait > 0) {
            // Pacing: hand this row and the rest of the chat's rows back, due when the chat may send again.
            for (const r of list.slice(i)) await this.store.release(r.id, new Date(t + wait));
            this.again = true;
            this.wakeIn(wait);
            return;
          }
          this.lastSent.set(chatKey, t);
          if (await this.deliver(row)) delivered++;
        }
      }),
    );
    return delivered;
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const started = performance.now();
    let payload: OutboundPayload;
    try {
      payload = JSON.parse(row.payload) as OutboundPayload;
    } catch {
      await this.store.failed(row.id, "payload is not JSON");
      return false;
    }
    try {
      const resultId = await this.call(payload, row.uuid);
      const now = this.clock.now();
      await this.store.sent(row.id, resultId, now);
      if (row.purpose && resultId) await this.onDelivered(row.purpose, resultId, now, row.chatKey);
      this.log.info("outbox.sent", { kind: payload.kind, outboxId: row.id, attempts: row.attempts + 1, outcome: "sent", ms: Math.round(performance.now() - started) });
      return true;
    } catch (e) {
      const attempts = row.attempts + 1;
      const retryable = !(e instanceof LarkApiError) || e.retryable;
      // Stored and logged: the short description (name, code, status, a message only where it holds no data),
      // never the error object, which for an SDK error holds the request and its credentials.
      const message = describeErrorText(e);
      if (!retryable || attempts >= OUTBOX_MAX_ATTEMPTS) {
        await this.store.failed(row.id, message);
        this.log.error("outbox.failed", { kind: payload.kind, outboxId: row.id, attempts, error: describeError(e) });
      } else {
        const at = new Date(this.clock.now().getTime() + outboxRetryDelayMs(attempts, e));
        await this.store.retry(row.id, message, at);
        this.log.warn("outbox.retry", { kind: payload.kind, outboxId: row.id, attempts, error: describeError(e), retryAt: at.toISOString() });
      }
      return false;
    }
  }

  private async call(p: OutboundPayload, uuid: string): Promise<string | null> {
    switch (p.kind) {
      case "send":
        return (await this.api.sendMessage({ receiveIdType: p.receiveIdType, receiveId: p.receiveId, msgType: p.msgType, content: p.content, uuid })).messageId;
      case "reply":
        return (await this.api.replyMessage({ messageId: p.messageId, msgType: p.msgType, content: p.content, uuid })).messageId;
      case "patch":
        await this.api.patchCard({ messageId: p.messageId, content: p.content });
        return p.messageId;
      case "file": {
        const bin = atob(p.bytes);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        const { fileKey } = await this.api.uploadFile({ fileName: p.fileName, bytes });
        return (
          await this.api.sendMessage({ receiveIdType: p.receiveIdType, receiveId: p.receiveId, msgType: "file", content: JSON.stringify({ file_key: fileKey }), uuid })
        ).messageId;
      }
    }
  }
}
