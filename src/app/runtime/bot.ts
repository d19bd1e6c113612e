// The bot: dispatches a stored inbox row to one use case. No framework: an exhaustive switch over the
// normalised union.
import type { CallbackAnswer, EventHandler } from "./ingress.js";
import type { InboxRow } from "../ports/inbox-store.js";
import { normalize, type Inbound } from "./inbound.js";
import { Outbound } from "./outbound.js";
import type { OutboxStore } from "../ports/outbox-store.js";
import { describeError } from "./log.js";
import type { Clock, LarkApi, Logger } from "../ports/platform.js";

export interface UseCases {
  onMessage(m: Extract<Inbound, { kind: "message" }>, out: Outbound, now: Date): Promise<void>;
  onCardAction(a: Extract<Inbound, { kind: "card_action" }>, out: Outbound, now: Date): Promise<CallbackAnswer>;
  onBotAdded(e: Extract<Inbound, { kind: "bot_added" }>, out: Outbound, now: Date): Promise<void>;
}

export class Bot implements EventHandler {
  private botOpenId: string | null | undefined;

  constructor(
    private readonly deps: { outbox: OutboxStore; clock: Clock; log: Logger; lark: LarkApi; useCases: UseCases; botOpenId?: string },
  ) {
    this.botOpenId = deps.botOpenId;
  }

  private async ownOpenId(): Promise<string | null> {
    if (this.botOpenId !== undefined) return this.botOpenId;
    try {
      this.botOpenId = (await this.deps.lark.getBotInfo()).openId || null;
    } catch {
      return null; // try again next time; meanwhile mentions are treated as addressed to the bot
    }
    return this.botOpenId;
  }

  async handle(row: InboxRow): Promise<CallbackAnswer | void> {
    const envelope = row.envelope ?? (JSON.parse(row.payload) as Record<string, unknown>);
    const needsBotId = row.eventType === "im.message.receive_v1";
    const inbound = normalize(envelope, row.eventId, row.eventType, needsBotId ? await this.ownOpenId() : null);
    const now = this.deps.clock.now();
    const out = new Outbound(this.deps.outbox, row.eventId, now);
    switch (inbound.kind) {
      case "message":
        return this.deps.useCases.onMessage(inbound, out, now);
      case "card_action":
        try {
          return await this.deps.useCases.onCardAction(inbound, out, now);
        } catch (e) {
          // Lark does not retry callbacks: answer with an error toast rather than leave the row to be retried late.
          this.deps.log.error("card_action.failed", { eventId: row.eventId, error: describeError(e) });
          return { toast: { type: "error", content: "操作失败，请稍后重试", i18n: { zh_cn: "操作失败，请稍后重试", en_us: "Action failed, please retry" } } };
        }
      case "bot_added":
        return this.deps.useCases.onBotAdded(inbound, out, now);
      case "ignored":
        this.deps.log.info("event.ignored", { eventId: row.eventId, eventType: row.eventType, reason: inbound.reason });
        return;
    }
  }
}
