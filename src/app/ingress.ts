// From a verified push to work done: store in the inbox (deduplicated), acknowledge, process after the
// acknowledgement (events) or synchronously (card callbacks, which Lark needs answered within 3 s).
import type { LarkPush } from "../http/lark-envelope.js";
import { InboxProcessor, type InboxRow, type InboxStore } from "./inbox.js";
import type { OutboxDeliverer } from "./outbox.js";
import type { Clock, Logger } from "./ports.js";

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

export class Ingress {
  readonly processor: InboxProcessor;
  private readonly answers = new Map<string, CallbackAnswer | void>();

  constructor(
    private readonly inbox: InboxStore,
    private readonly handler: EventHandler,
    private readonly outbox: OutboxDeliverer,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
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

  /** Stores the push; false when it was a redelivery (already stored). */
  async store(push: LarkPush): Promise<boolean> {
    const stored = await this.inbox.add(
      { eventId: push.eventId, messageId: push.messageId, eventType: push.eventType, chatId: push.chatId, payload: push.json },
      this.clock.now(),
    );
    this.log.info("event.received", { eventType: push.eventType, eventId: push.eventId, chatId: push.chatId, outcome: stored ? "stored" : "duplicate" });
    return stored;
  }

  /** Work after the acknowledgement: process the event, then deliver what it queued. */
  async afterAck(push: LarkPush): Promise<void> {
    await this.processor.processNow(push.eventId, push.chatId);
    await this.outbox.run();
  }

  /** A card callback: stored, processed now, answered. A repeated callback is answered with a toast only. */
  async cardAction(push: LarkPush): Promise<CallbackAnswer> {
    const stored = await this.store(push);
    if (!stored) return { toast: { type: "info", content: "操作已处理", i18n: { zh_cn: "操作已处理", en_us: "Already handled" } } };
    await this.processor.processNow(push.eventId, push.chatId);
    // A sweep running at the same moment may have claimed this row first; its handler records the answer too.
    if (!this.answers.has(push.eventId)) await this.processor.idle();
    const answer = this.answers.get(push.eventId);
    this.answers.delete(push.eventId);
    return answer ?? { toast: { type: "error", content: "处理失败，请稍后重试", i18n: { zh_cn: "处理失败，请稍后重试", en_us: "Something went wrong, please retry" } } };
  }

  /** Periodic safety net: rows left by a crash, retries, then the outbox. */
  async sweep(): Promise<{ events: number; sent: number }> {
    const events = await this.processor.sweep();
    const sent = await this.outbox.run();
    return { events, sent };
  }
}
