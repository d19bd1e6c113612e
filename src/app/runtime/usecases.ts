// The bot's use cases, wired: message and card routing, delivery bookkeeping.
import type { CallbackAnswer } from "./ingress.js";
import type { Inbound } from "./inbound.js";
import type { Outbound } from "./outbound.js";
import { turn, type AppDeps, type AppSettings } from "./context.js";
import { onMessage, type CommandHandler } from "./chat.js";
import { onCardAction, type ActionHandler } from "./card-actions.js";
import { sendOverview, loadView } from "../features/overview/overview.js";

export type { AppSettings };

export function createUseCases(deps: AppDeps, ext: { commands?: CommandHandler[]; actions?: ActionHandler[] } = {}) {
  return {
    deps,
    async onMessage(m: Extract<Inbound, { kind: "message" }>, out: Outbound, now: Date): Promise<void> {
      await onMessage(deps, turn(deps, out, now), m, ext.commands ?? []);
    },
    async onCardAction(a: Extract<Inbound, { kind: "card_action" }>, out: Outbound, now: Date): Promise<CallbackAnswer> {
      return onCardAction(deps, turn(deps, out, now), a, ext.actions ?? [], ext.commands ?? []);
    },
    async onBotAdded(e: Extract<Inbound, { kind: "bot_added" }>, out: Outbound, now: Date): Promise<void> {
      const t = turn(deps, out, now);
      await out.sendText({ chatId: e.chatId }, "大家好，我是汇报助手。@我 发送「新建报告 <标题>」开始一份报告，发送「帮助」查看全部命令。");
      const id = await deps.store.currentReportId(e.chatId);
      const report = id ? await deps.store.getReport(id) : null;
      if (report) await sendOverview(deps, t, await loadView(deps, report, t.today));
    },
    /** What a delivered message stands for: a section prompt (replies answer it) or the live overview. */
    async delivered(purpose: string, messageId: string, now: Date, chatKey: string): Promise<void> {
      const [kind, reportId, ...rest] = purpose.split(":");
      if (!reportId) return;
      if (kind === "prompt") {
        // chatKey: the group's chat id, or the open id of the person a private prompt went to.
        await deps.store.recordPrompt(messageId, reportId, rest.join(":"), chatKey, now);
      } else if (kind === "overview") {
        await deps.store.setOverviewMessage(reportId, messageId, now);
      }
    },
  };
}
