// Driving approvals through the webhook: commands in the group, taps on the cards the fake Open API received.
import { expect } from "vitest";
import { actionsOf, cardText, lastPrompt, overviews, textOf } from "../helpers/bot.js";
import type { FakeMessage } from "../helpers/fake-lark.js";
import type { Harness } from "../helpers/harness.js";

export const p2p = (openId: string) => `oc_p2p_${openId}`;

/** The card as first sent (before any patch). */
export const original = (m: FakeMessage): any => JSON.parse(m.content);
export const current = (m: FakeMessage): any => JSON.parse(m.current);

export function group(h: Harness, chatId: string) {
  const say = async (sender: string, text: string, o: { mentions?: [string, string][]; parentId?: string; atBot?: boolean } = {}) => {
    const r = await h.say({ chatId, sender, text, mentions: o.mentions, parentId: o.parentId, atBot: o.atBot });
    expect(r.status).toBe(200);
    await h.settle();
  };
  const reportId = () => lastPrompt(h.lark, chatId).reportId;
  const report = async () => (await h.server.huibao.reports.getReport(reportId()))!;
  /** The database, for the durability tests that check what a decision left behind (its follow-up marker). */
  const db = () => h.server.huibao.reports.db;
  /** Approval request cards for this group's report sent privately to `openId`, oldest first. */
  const requestsTo = (openId: string) => {
    const r = reportId();
    return h.lark.messages.filter((m) => m.msgType === "interactive" && m.receiveId === openId && actionsOf(original(m)).some((v) => v.a === "approve" && v.r === r));
  };
  const lastRequestTo = (openId: string) => {
    const list = requestsTo(openId);
    expect(list.length).toBeGreaterThan(0);
    return list.at(-1)!;
  };
  const action = (m: FakeMessage, a: string) => actionsOf(original(m)).find((v) => v.a === a);
  /** Taps a button of a card the person received privately. */
  const tap = async (operator: string, m: FakeMessage, a: string, formValue?: Record<string, unknown>, value?: unknown) => {
    const answer = await h.click({ operator, value: value ?? action(m, a), formValue, messageId: m.messageId, chatId: p2p(operator) });
    await h.settle();
    return answer;
  };
  /** Group messages (sent into the chat, or replies to people's messages there) whose text matches. */
  const inGroup = (re: RegExp) => h.lark.messages.filter((m) => (m.receiveId === chatId || (m.kind === "reply" && m.receiveId === undefined)) && re.test(textOf(m)));
  const lastOverview = () => {
    const list = overviews(h.lark, chatId);
    return cardText(current(list.at(-1)!));
  };
  /** 审批记录 as sent to the group, asked by `asker`: "who:what:version" per entry, e.g. "ou_x:第 1 级同意:2". */
  const trail = async (asker: string): Promise<string[]> => {
    await say(asker, "审批记录");
    const text = textOf(h.lark.messages.at(-1)!);
    return [...text.matchAll(/^\d+\. .*?<at id=([^>]+)><\/at> \*\*([^*]+)\*\*(?: · 第 (\d+) 版)?/gm)].map((m) => `${m[1]}:${m[2]}:${m[3] ?? ""}`);
  };
  const decisions = async () => {
    const rounds = await db().approvalRound.findMany({ where: { reportId: reportId() }, orderBy: { versionNumber: "asc" } });
    const out = [];
    for (const r of rounds) out.push({ round: r, decisions: await db().approvalDecision.findMany({ where: { roundId: r.id }, orderBy: { level: "asc" } }) });
    return out;
  };
  return { say, reportId, report, db, decisions, requestsTo, lastRequestTo, action, tap, inGroup, lastOverview, trail };
}
