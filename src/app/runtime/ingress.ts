// From a verified push to work done: store in the inbox (deduplicated), acknowledge, process after the
// acknowledgement (events) or synchronously (card callbacks, which Lark needs answered within 3 s).
import { InboxProcessor, LEASE_MS } from "./inbox.js";
import type { InboxRow, InboxStore } from "../ports/inbox-store.js";
import type { OutboxDeliverer } from "./outbox.js";
import { describeError } from "./log.js";
import type { Clock, LarkPush, Logger } from "../ports/platform.js";

/** What a card callback answers: a toast and/or a replacement card (Card JSON 2.0 object). */
export interface CallbackAnswer {
  toast?: { type: "info" | "success" | "error" | "warning"; content: string; i18n?: { zh_cn?: string; en_us?: string } };
  card?: { type: "raw"; data: unknown };
}

/** The bot: turns a stored inbox row into use-case calls. Card callbacks return their answer. */
export interface EventHandler {
  handle(row: InboxRow): Promise<CallbackAnswer | void>;
}

export const CARD_ACTION = "card.action.trigger";

/**
 * How many events may wait in memory for processing after their acknowledgement. Beyond it, new events are
 * stored and acknowledged as usual but left in the inbox; a drain loop claims them from the database in
 * order as the backlog shrinks (and the periodic sweep is the safety net). They are durable: nothing is lost,
 * and memory stays flat under a burst.
 */
export const MAX_QUEUED_EVENTS = 200;
/** Rows the drain loop claims at a time. */
const DRAIN_BATCH = 100;
/** How long processed inbox rows keep their payload by default (INBOX_RETENTION_DAYS). */
export const INBOX_RETENTION_DAYS = 7;
/** The sweep purges old payloads at most this often… */
export const PURGE_EVERY_MS = 60 * 60_000;
/** …and at most this many rows at a time (a full batch: the next sweep continues). */
export const PURGE_BATCH = 500;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The push as the inbox stores it: what processing needs, without the verification token (header.token in
 * schema 2.0, token in schema 1.0) and without a card callback's update token (event.token). Checked already,
 * they are secrets that would otherwise sit in the database for as long as the row does.
 */
export function storedPayload(push: Pick<LarkPush, "json" | "envelope">): string {
  const env = push.envelope;
  const header = env.header;
  const event = env.event;
  const inHeader = isObject(header) && "token" in header;
  const atTop = "token" in env;
  const inEvent = isObject(event) && "token" in event;
  if (!inHeader && !atTop && !inEvent) return push.json;
  const copy: Record<string, unknown> = { ...env };
  if (atTop) delete copy.token;
  if (inHeader) {
    const h = { ...header };
    delete h.token;
    copy.header = h;
  }
  if (inEvent) {
    const ev = { ...event };
    delete ev.token;
    copy.event = ev;
  }
  return JSON.stringify(copy);
}

export interface IngressOptions {
  /** How many events may wait in memory (MAX_QUEUED_EVENTS). */
  maxQueued?: number;
  /** Days a finished inbox row keeps its payload (INBOX_RETENTION_DAYS). */
  retentionDays?: number;
  /** The sweep's other due work (features' follow-ups), run after the inbox and before the outbox. */
  dueWork?: () => Promise<number>;
}

export class Ingress {
  readonly processor: InboxProcessor;
  private readonly answers = new Map<string, CallbackAnswer | void>();
  /** True while events go to the inbox only (over the cap), until the drain loop has caught up. */
  private overflowing = false;
  /** Counts events left to the drain loop; tells it whether any arrived during its last claim. */
  private deferredSeq = 0;
  /** Rows stored already claimed by store(), waiting for afterAck(push) to run them. */
  private readonly claimed = new WeakMap<LarkPush, InboxRow>();
  /** store() calls whose claimed insert is not committed yet: they count against the cap like queued jobs. */
  private claiming = 0;
  private readonly maxQueued: number;
  private readonly dueWork: () => Promise<number>;
  private readonly retentionMs: number;
  /** When the sweep next purges old payloads (clock time, ms). */
  private nextPurgeAt = 0;

  constructor(
    private readonly inbox: InboxStore,
    private readonly handler: EventHandler,
    private readonly outbox: OutboxDeliverer,
    private readonly clock: Clock,
    private readonly log: Logger,
    opts: IngressOptions = {},
  ) {
    this.maxQueued = opts.maxQueued ?? MAX_QUEUED_EVENTS;
    this.dueWork = opts.dueWork ?? (async () => 0);
    this.retentionMs = (opts.retentionDays ?? INBOX_RETENTION_DAYS) * 24 * 60 * 60_000;
    this.processor = new InboxProcessor(
      inbox,
      async (row) => {
        const answer = await handler.handle(row);
        if (row.eventType === CARD_ACTION) this.answers.set(row.eventId, answer);
      },
      clock,
      log,
    );
  }

  /**
   * Stores the push; false when it was a redelivery (already stored). Under the backlog cap, and where the
   * inbox can, the row is stored already claimed for this process (one statement instead of insert + claim);
   * afterAck(push) then runs it. Otherwise it is stored pending, as before.
   */
  async store(push: LarkPush): Promise<boolean> {
    if (this.inbox.addClaimed && !this.overflowing && this.processor.queued + this.claiming < this.maxQueued) {
      this.claiming++;
      let row: InboxRow | null;
      try {
        row = await this.inbox.addClaimed(this.newRow(push), this.clock.now(), LEASE_MS);
      } finally {
        this.claiming--;
      }
      if (row) this.claimed.set(push, { ...row, envelope: push.envelope });
      this.logReceived(push, row !== null);
      return row !== null;
    }
    return this.storePending(push);
  }

  private async storePending(push: LarkPush): Promise<boolean> {
    const stored = await this.inbox.add(this.newRow(push), this.clock.now());
    this.logReceived(push, stored);
    return stored;
  }

  private newRow(push: LarkPush) {
    return { eventId: push.eventId, messageId: push.messageId, eventType: push.eventType, chatId: push.chatId, payload: storedPayload(push) };
  }

  private logReceived(push: LarkPush, stored: boolean): void {
    this.log.info("event.received", { eventType: push.eventType, eventId: push.eventId, chatId: push.chatId, outcome: stored ? "stored" : "duplicate" });
  }

  /**
   * Work after the acknowledgement: process the event, then deliver what it queued (no delivery pass when it
   * queued nothing). Over the backlog cap the event stays in the inbox for the drain loop; the promise returned
   * then covers that loop (Workers keep it alive with waitUntil).
   */
  async afterAck(push: LarkPush): Promise<void> {
    const row = this.claimed.get(push);
    if (row) {
      // Claimed at insert: it is ours whatever the backlog, and runs in its chat's order.
      this.claimed.delete(push);
      await this.processor.processClaimed(row, push.chatId);
      await this.outbox.runIfQueued();
      return;
    }
    if (this.overflowing || this.processor.queued >= this.maxQueued) {
      this.deferredSeq++;
      if (this.overflowing) return;
      this.overflowing = true;
      this.log.warn("ingress.backlog_capped", { queued: this.processor.queued, cap: this.maxQueued });
      return this.drain();
    }
    await this.processor.processNow(push.eventId, push.chatId);
    await this.outbox.runIfQueued();
  }

  /**
   * Claims the events left in the inbox while over the cap, oldest first, a batch at a time, until a claim
   * finds fewer than a batch and no event was left behind since it began; then new events are processed
   * directly again. Rows of a chat therefore still run in arrival order.
   */
  private async drain(): Promise<void> {
    try {
      for (;;) {
        const seq = this.deferredSeq;
        const n = await this.processor.sweep(DRAIN_BATCH);
        await this.outbox.runIfQueued();
        if (n < DRAIN_BATCH && seq === this.deferredSeq) break;
      }
    } catch (e) {
      this.log.error("ingress.drain_failed", { error: describeError(e) });
    } finally {
      // On failure too: the periodic sweep picks up whatever is left.
      this.overflowing = false;
    }
  }

  /** A card callback: stored, processed now, answered. A repeated callback is answered with a toast only. */
  async cardAction(push: LarkPush): Promise<CallbackAnswer> {
    const stored = await this.storePending(push);
    if (!stored) return { toast: { type: "info", content: "操作已处理", i18n: { zh_cn: "操作已处理", en_us: "Already handled" } } };
    await this.processor.processNow(push.eventId, push.chatId);
    // A sweep running at the same moment may have claimed this row first; its handler records the answer too.
    if (!this.answers.has(push.eventId)) await this.processor.idle();
    const answer = this.answers.get(push.eventId);
    this.answers.delete(push.eventId);
    return answer ?? { toast: { type: "error", content: "处理失败，请稍后重试", i18n: { zh_cn: "处理失败，请稍后重试", en_us: "Something went wrong, please retry" } } };
  }

  /** Periodic safety net: rows left by a crash, retries, due follow-ups, then the outbox; and, once an hour, the retention purge. */
  async sweep(): Promise<{ events: number; sent: number }> {
    const events = await this.processor.sweep();
    await this.dueWork().catch((e) => this.log.error("sweep.due_work_failed", { error: describeError(e) }));
    const sent = await this.outbox.run();
    await this.purgeIfDue();
    return { events, sent };
  }

  /**
   * Retention: finished rows older than the retention period lose their payload (the message text lived
   * there), a bounded batch at a time, at most once per PURGE_EVERY_MS unless a full batch says more are due.
   */
  private async purgeIfDue(): Promise<void> {
    const now = this.clock.now();
    if (now.getTime() < this.nextPurgeAt) return;
    this.nextPurgeAt = now.getTime() + PURGE_EVERY_MS;
    let purged: number;
    try {
      purged = await this.inbox.purgePayloads(new Date(now.getTime() - this.retentionMs), now, PURGE_BATCH);
    } catch (e) {
      // Tried again at the next hour; a storage failure is on /healthz already.
      this.log.error("inbox.purge_failed", { error: describeError(e) });
      return;
    }
    if (purged === PURGE_BATCH) this.nextPurgeAt = now.getTime();
    if (purged > 0) this.log.info("inbox.purged", { rows: purged, retentionDays: this.retentionMs / 86_400_000 });
  }
}
