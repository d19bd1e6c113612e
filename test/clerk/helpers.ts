// Driving the clerk's path through the webhook: messages in a group or a private chat, the cards the fake Open API
// received in answer, taps on their buttons.
import { expect } from "vitest";
import { sectionText } from "../../src/domain/answers.js";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { actionsOf, cardOf, lastPrompt, textOf } from "../helpers/bot.js";
import type { FakeMessage } from "../helpers/fake-lark.js";
import type { Harness } from "../helpers/harness.js";
import { messageEvent, uid } from "../helpers/lark-payloads.js";

/** Moves the harness clock to `iso` and lets it run on. */
export function setClock(h: Harness, iso: string) {
  h.clock.runFrom(iso);
}

export function chat(h: Harness, chatId = uid("oc_clerk_")) {
  /** Sends a message and waits until everything it caused is delivered; returns its message id. */
  const say = async (sender: string, text: string, o: { parentId?: string; atBot?: boolean; mentions?: [string, string][]; chatType?: "group" | "p2p"; chatId?: string } = {}) => {
    const env = messageEvent({ chatId: o.chatId ?? chatId, sender, text, parentId: o.parentId, atBot: o.atBot, mentions: o.mentions, chatType: o.chatType, botOpenId: h.lark.botOpenId });
    const r = await h.post(env);
    expect(r.status).toBe(200);
    await h.settle();
    return env.event.message.message_id;
  };
  /** The bot's replies to a message. */
  const repliesTo = (messageId: string) => h.lark.repliesTo(messageId);
  /** The card asking what a message meant (intent card), if the bot replied with one. */
  const intentFor = (messageId: string) => repliesTo(messageId).find((m) => m.msgType === "interactive" && actionsOf(cardOf(m)).some((v) => v.a === "intent_run" || v.a === "intent_text"));
  const reportId = () => lastPrompt(h.lark, chatId).reportId;
  const report = async () => (await h.server.huibao.reports.getReport(reportId()))!;
  const outline = async () => {
    const r = await report();
    return resolveOutline(r.template, r.settings);
  };
  const keyOf = async (label: string) => (await outline()).find((s) => s.label === label)!.key;
  /** Every section's current text. */
  const texts = async (id = reportId()) => {
    const r = (await h.server.huibao.reports.getReport(id))!;
    const answers = await h.server.huibao.reports.answers(id);
    return Object.fromEntries(resolveOutline(r.template, r.settings).map((s) => [s.key, sectionText(answers, s.key)]));
  };
  /** Taps the button with action `a` (and optional matching fields) on a card message. */
  const tap = async (operator: string, m: FakeMessage, a: string, o: { formValue?: Record<string, unknown>; chatId?: string; match?: (v: any) => boolean } = {}) => {
    const value = actionsOf(cardOf(m)).find((v) => v.a === a && (!o.match || o.match(v)));
    expect(value, `${a} on ${textOf(m).slice(0, 60)}`).toBeDefined();
    const answer = await h.click({ operator, value, formValue: o.formValue, messageId: m.messageId, chatId: o.chatId ?? chatId });
    await h.settle();
    return answer;
  };
  return { chatId, say, repliesTo, intentFor, reportId, report, outline, keyOf, texts, tap };
}
