// Use cases, reached from the bot's dispatch. (Grows with the questionnaire, approvals and reminders.)
import type { CallbackAnswer } from "./ingress.js";
import type { Inbound } from "./inbound.js";
import type { Outbound } from "./outbound.js";
import type { Logger } from "./ports.js";
import type { PrismaReportStore } from "../storage/prisma-reports.js";

export interface AppSettings {
  publicBaseUrl: string;
  downloadLinkSecret: string | null;
  timeZone: string;
}

export interface UseCaseDeps {
  reports: PrismaReportStore;
  settings: AppSettings;
  log: Logger;
}

export function createUseCases(deps: UseCaseDeps) {
  return {
    async onMessage(m: Extract<Inbound, { kind: "message" }>, out: Outbound, _now: Date): Promise<void> {
      if (m.chatType === "group" && !m.mentionsBot) return;
      if (/^(帮助|\/help)$/.test(m.text)) await out.replyText(m.chatId, m.messageId, "huibao 帮助");
    },
    async onCardAction(_a: Extract<Inbound, { kind: "card_action" }>, _out: Outbound, _now: Date): Promise<CallbackAnswer> {
      return { toast: { type: "info", content: "ok" } };
    },
    async onBotAdded(_e: Extract<Inbound, { kind: "bot_added" }>, _out: Outbound, _now: Date): Promise<void> {},
    async delivered(_purpose: string, _messageId: string, _now: Date): Promise<void> {},
  };
}
