// Last year's report for the year-over-year tests: the real 2023 南岸 report (test/fixtures) walked in through the
// webhook like people would write it (test/export/walk-2023.ts), with an owner for 一（一）.
import { expect } from "vitest";
import { answerAll, createNanan, type Walker } from "../export/walk-2023.js";
import { loadView } from "../../src/app/features/overview/overview.js";
import { cardOf, cardText, lastPrompt, textOf } from "../helpers/bot.js";
import type { Harness } from "../helpers/harness.js";
import type { OutlineSection } from "../../src/domain/model.js";

export const CLERK = "ou_clerk_wang";
export const LI = "ou_section_li";

export async function walkLastYear(h: Harness, chat: string): Promise<{ reportId: string; outline: OutlineSection[] }> {
  const w: Walker = { h, chat, sender: CLERK };
  const { reportId, outline, blocks } = await createNanan(w);
  const r = await h.say({ chatId: chat, sender: CLERK, text: "分配 一（一） @李科长", mentions: [[LI, "李科长"]] });
  expect(r.status).toBe(200);
  await h.settle();
  await answerAll(w, outline, (key) => blocks[outline.findIndex((s) => s.key === key)]!.text);
  return { reportId, outline };
}

export async function say(h: Harness, chat: string, text: string, o: { sender?: string; parentId?: string; atBot?: boolean; mentions?: [string, string][] } = {}) {
  const r = await h.say({ chatId: chat, sender: o.sender ?? CLERK, text, parentId: o.parentId, atBot: o.atBot, mentions: o.mentions });
  expect(r.status).toBe(200);
  await h.settle();
}

export async function viewOf(h: Harness, reportId: string) {
  const report = (await h.server.huibao.reports.getReport(reportId))!;
  return loadView(h.server.huibao.deps, report, "2026-12-01");
}

/** The last reply the bot sent (a card or text) in the chat, as text. */
export function lastReply(h: Harness): string {
  return textOf(h.lark.messages.filter((m) => m.replyTo !== undefined).at(-1)!);
}

export function promptText(h: Harness, chat: string): { text: string; card: any; messageId: string; reportId: string; key: string } {
  const p = lastPrompt(h.lark, chat);
  const card = cardOf(p.message);
  return { text: cardText(card), card, messageId: p.message.messageId, reportId: p.reportId, key: p.key };
}
