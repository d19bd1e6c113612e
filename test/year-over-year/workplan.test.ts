// The year's work plan: 导入工作要点 with the real 2023 plan (test/fixtures/2023-workplan.txt) pasted after it, the
// confirmation card, the groups as part 一's sub-sections, 科室 <科室名> @某人 and the office card, the deadline
// button, and the "not mentioned" notes in completeness.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { officeField } from "../../cards/index.js";
import { actionsOf, cardOf, cardText, overviews, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { fixture } from "../helpers/seeds.js";
import { CLERK, lastReply, promptText, say, viewOf } from "./last-year.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const PLAN = fixture("2023-workplan.txt");
const ZHANG = "ou_office_zhang";
const GROUPS = [
  "深入学习贯彻党的二十大精神，引领和推动交通法治政府部门建设全面突破",
  "持续深化“放管服”改革优化营商环境",
  "进一步健全综合交通运输法规体系",
  "进一步健全行政决策制度机制",
  "扎实开展交通运输执法领域突出问题专项整治",
  "深入推进成渝双城经济圈执法协同发展",
  "持续强化对行政权力的制约和监督",
  "依法有效化解行业领域矛盾纠纷",
  "扎实开展展普法宣传和法治教育培训工作",
];

async function reportWithPlan(chat: string) {
  await say(h, chat, "新建报告 南岸区交通局关于2023年法治政府建设情况的报告");
  const reportId = promptText(h, chat).reportId;
  await say(h, chat, `导入工作要点\n${PLAN}`);
  const confirmation = h.lark.messages.filter((m) => m.replyTo !== undefined).at(-1)!;
  return { reportId, confirmation, card: cardOf(confirmation) };
}

async function confirm(chat: string, confirmation: { messageId: string }, card: any, operator = CLERK) {
  const value = actionsOf(card).find((a) => a.a === "plan_confirm")!;
  const answer = await h.click({ operator, chatId: chat, messageId: confirmation.messageId, value });
  await h.settle();
  return answer;
}

const measuresChildren = async (reportId: string) => {
  const r = (await h.server.huibao.reports.getReport(reportId))!;
  return resolveOutline(r.template, r.settings).filter((s) => s.parentKey === "measures");
};

describe("导入工作要点", () => {
  it("the 2023 plan: 26 tasks, 9 groups, the offices; confirmed, part 一's sub-sections are the 9 groups; 科室 局法规科 @某人 owns what 法规科 leads and is told privately", async () => {
    const chat = uid("oc_wp_");
    const { reportId, confirmation, card } = await reportWithPlan(chat);
    const text = cardText(card);
    expect(text).toMatch(/识别出 \*\*26\*\* 项任务、\*\*9\*\* 组、\*\*10\*\* 个牵头科室/);
    for (const office of ["局法规科", "局办公室", "局组教科", "局财审科", "局安监科", "区交通执法支队"]) expect(text).toContain(office);
    expect(text).toContain("11月20日前，将年度法治建设情况报告市交通局");
    // Pending: nothing applied yet, but stored.
    const before = await measuresChildren(reportId);
    expect(before.map((s) => s.title)).not.toEqual(GROUPS);
    const rows = await h.server.huibao.reports.db.workPlan.findMany({ where: { reportId } });
    expect(rows.map((r) => r.status)).toEqual(["pending"]);

    const answer = await confirm(chat, confirmation, card);
    expect(answer.toast.content).toMatch(/已应用：26 项任务/);
    expect(cardText(answer.card.data)).toContain("已确认");
    const children = await measuresChildren(reportId);
    expect(children.map((s) => s.title)).toEqual(GROUPS);
    expect(children.map((s) => s.label)).toEqual(["一（一）", "一（二）", "一（三）", "一（四）", "一（五）", "一（六）", "一（七）", "一（八）", "一（九）"]);

    // Each group's prompt lists its tasks with their lead offices.
    await say(h, chat, "跳到 一（三）");
    const g3 = promptText(h, chat);
    expect(g3.text).toContain("任务8 严格行政规范性文件制定和备案管理");
    expect(g3.text).toContain("任务9 提高制度建设的质量和效率");
    expect(g3.text).toContain("牵头：局法规科");

    // The deadline found in the plan, offered on the card.
    const deadline = actionsOf(answer.card.data).find((a) => a.a === "plan_deadline")!;
    const set = await h.click({ operator: CLERK, chatId: chat, messageId: confirmation.messageId, value: deadline });
    await h.settle();
    expect(set.toast.content).toMatch(/2023年11月20日/);
    expect((await h.server.huibao.reports.getReport(reportId))!.internalDeadline).toBe("2023-11-20");

    // 科室 局法规科 @张科长: owner of the 8 groups 法规科 leads (not 六, led by 区交通执法支队 alone), told privately.
    await say(h, chat, "科室 局法规科 @张科长", { mentions: [[ZHANG, "张科长"]] });
    expect(lastReply(h)).toMatch(/「局法规科」由/);
    const owned = (await h.server.huibao.reports.owners(reportId)).filter((o) => o.openId === ZHANG).map((o) => o.sectionKey);
    const keyOf = (label: string) => children.find((s) => s.label === label)!.key;
    expect(owned.sort()).toEqual(["一（一）", "一（二）", "一（三）", "一（四）", "一（五）", "一（七）", "一（八）", "一（九）"].map(keyOf).sort());
    const privately = h.lark.sentTo(ZHANG);
    expect(privately.map((m) => m.msgType)).toEqual(["text", "interactive"]);
    expect(textOf(privately[0]!)).toContain("「局法规科」的负责人，负责该科室牵头的 8 个小节");
    expect(textOf(privately[0]!)).toContain("一（三） 进一步健全综合交通运输法规体系");
    const first = actionsOf(cardOf(privately[1]!)).find((a) => a.a === "save_answer")!;
    expect(owned).toContain(first.s);
    // Walked through them in the private chat: answer the first, 继续 brings the next of the office's sub-sections.
    const dm = uid("oc_p2p_zhang_");
    await h.say({ chatId: dm, chatType: "p2p", sender: ZHANG, text: "全面学习贯彻党的二十大精神，组织党委理论中心组学习15次、交流发言40次，开展专题宣讲6场；严格落实法治建设第一责任人职责，听取专题汇报2次；积极参与法治建设示范创建活动，做好中央依法治国办整改检查反馈意见落实。", parentId: privately[1]!.messageId });
    await h.settle();
    expect((await h.server.huibao.reports.answers(reportId)).some((a) => a.authorOpenId === ZHANG && a.sectionKey === first.s)).toBe(true);
    await h.say({ chatId: dm, chatType: "p2p", sender: ZHANG, text: "继续" });
    await h.settle();
    const next = actionsOf(cardOf(h.lark.messages.filter((m) => m.receiveId === dm).at(-1)!)).find((a) => a.a === "save_answer")!;
    expect(owned).toContain(next.s);
    expect(next.s).not.toBe(first.s);

    // The office card (sent after confirmation): 区交通执法支队 gets a person through its picker.
    const officeMessage = h.lark.messages.filter((m) => m.receiveId === chat && m.msgType === "interactive" && /科室负责人/.test(textOf(m))).at(-1)!;
    const officeCard = cardOf(officeMessage);
    expect(JSON.stringify(officeCard)).toContain('"tag":"multi_select_person"');
    const save = actionsOf(officeCard).find((a) => a.a === "plan_offices")!;
    const team = (await h.server.huibao.deps.year!.confirmedPlan(reportId))!.plan.offices.indexOf("区交通执法支队");
    const saved = await h.click({ operator: CLERK, chatId: chat, messageId: officeMessage.messageId, value: save, formValue: { [officeField(team)]: ["ou_team_zhao"] } });
    await h.settle();
    expect(saved.toast.content).toMatch(/已保存 1 个科室/);
    const zhao = (await h.server.huibao.reports.owners(reportId)).filter((o) => o.openId === "ou_team_zhao").map((o) => o.sectionKey);
    expect(zhao.sort()).toEqual(["一（五）", "一（六）"].map(keyOf).sort());
    expect(h.lark.sentTo("ou_team_zhao").length).toBe(2);
  }, 120_000);

  it("a task never mentioned appears in completeness for its sub-section; mentioning it clears the note", async () => {
    const chat = uid("oc_wp_note_");
    const { reportId, confirmation, card } = await reportWithPlan(chat);
    await confirm(chat, confirmation, card);
    const key = (await measuresChildren(reportId))[2]!.key; // 一（三）: tasks 8 and 9
    await say(h, chat, "跳到 一（三）");
    const p = promptText(h, chat);
    await say(h, chat, "配合制定高速公路管理办法，配合修订航道管理条例，制度建设的质量和效率不断提高，全年修订制度4项。", { parentId: p.messageId, atBot: false });
    let view = await viewOf(h, reportId);
    let notes = view.byKey.get(key)!.reasons.map((r) => r.message);
    expect(notes).toContain("任务8 严格行政规范性文件制定和备案管理：未提及");
    expect(notes.some((n) => n.startsWith("任务9"))).toBe(false);
    // In the live overview too, under its sub-section.
    await say(h, chat, "进度");
    expect(cardText(cardOf(overviews(h.lark, chat).at(-1)!))).toContain("任务8 严格行政规范性文件制定和备案管理：未提及");

    await say(h, chat, "严格行政规范性文件制定和备案管理，全年审核备案规范性文件3件。", { parentId: p.messageId, atBot: false });
    view = await viewOf(h, reportId);
    notes = view.byKey.get(key)!.reasons.map((r) => r.message);
    expect(notes.some((n) => n.startsWith("任务8"))).toBe(false);
    await say(h, chat, "跳到 一（三）");
    expect(promptText(h, chat).text).toMatch(/已涉及 2\/2/);
  }, 120_000);
});
