// How the questionnaire answers: a card, a notice or a refusal, in reply to the message being answered when there
// is one, else into the chat.
import { errorCard, noticeCard, type Card, type Tone } from "../../../../cards/index.js";
import type { Turn } from "../../runtime/context.js";

/** Where a reply goes: the chat, and the message being answered when there is one. */
export interface Where {
  chatId: string;
  messageId?: string;
}

export async function replyCard(t: Turn, where: Where, card: Card, purpose?: string) {
  if (where.messageId) await t.out.reply(where.chatId, where.messageId, card, { purpose });
  else await t.out.send({ chatId: where.chatId }, card, { purpose });
}

export async function replyError(t: Turn, where: Where, message: string, hint?: string) {
  await replyCard(t, where, errorCard({ message, hint, severity: "warning", title: { zh: "未执行", en: "Not done" } }));
}

export async function replyNotice(t: Turn, where: Where, title: string, lines: string[], tone: Tone = "collecting") {
  await replyCard(t, where, noticeCard({ title, lines, tone }));
}
