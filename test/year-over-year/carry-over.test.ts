// Last year's report as the start of this year's: 新建报告 … 参照 <报告>, last year's text in the prompts, 沿用去年文字,
// 对比 <节>; refusals that change nothing. Last year's report is the real 2023 南岸 report walked in through the
// webhook (./last-year.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { PrismaReminderStore } from "../../src/adapters/prisma/reminders.js";
import { ANSWER_FIELD, MODE_FIELD } from "../../cards/index.js";
import { actionsOf, cardOf, cardText, prompts } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { CLERK, LI, lastReply, promptText, say, viewOf, walkLastYear } from "./last-year.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const THIS_YEAR = "重庆市南岸区交通局关于2024年法治政府建设情况的报告";

async function newFromLastYear(chat: string) {
  const last = await walkLastYear(h, chat);
  const before = prompts(h.lark, chat).length;
  await say(h, chat, `新建报告 ${THIS_YEAR} 参照 1`);
  const created = prompts(h.lark, chat).slice(before);
  expect(created.length).toBeGreaterThan(0);
  const reportId = created[0]!.reportId;
  expect(reportId).not.toBe(last.reportId);
  return { last, reportId };
}

async function goto(chat: string, label: string) {
  await say(h, chat, `跳到 ${label}`);
  return promptText(h, chat);
}

describe("参照 last year's report", () => {
  it("新建报告 … 参照 1: last year's parts, sub-sections and owners, no text (0 %); prompts show last year's text; part 一 lists last year's plans", async () => {
    const chat = uid("oc_yoy_");
    const { last, reportId } = await newFromLastYear(chat);
    const db = h.server.huibao.reports;
    const lastReport = (await db.getReport(last.reportId))!;
    const report = (await db.getReport(reportId))!;
    expect(lastReport.year).toBe(2023);
    expect(report.year).toBe(2024);
    expect(report.title).toBe(THIS_YEAR);

    // Same parts and sub-sections, in the same order and with the same titles.
    const outline = resolveOutline(report.template, report.settings);
    const shape = (o: typeof outline) => o.map((s) => [s.level, s.label, s.title]);
    expect(shape(outline)).toEqual(shape(resolveOutline(lastReport.template, lastReport.settings)));
    expect(outline.filter((s) => s.level === 1).map((s) => s.title)).toEqual(last.outline.filter((s) => s.level === 1).map((s) => s.title));
    expect(outline.filter((s) => s.level === 2)).toHaveLength(6);

    // Nothing copied: no answers, 0 %; last year's owner kept.
    expect(await db.answers(reportId)).toHaveLength(0);
    const view = await viewOf(h, reportId);
    expect(view.completeness.percent).toBe(0);
    expect(view.completeness.characters).toBe(0);
    const liOwns = (await db.owners(reportId)).filter((o) => o.openId === LI).map((o) => o.sectionKey);
    expect(liOwns).toEqual((await db.owners(last.reportId)).filter((o) => o.openId === LI).map((o) => o.sectionKey));
    expect(liOwns).toHaveLength(1);

    // The first prompt (开头) shows last year's opening, folded, figures of sub-section 一（一） highlighted there.
    const opening = promptText(h, chat);
    expect(opening.reportId).toBe(reportId);
    expect(opening.text).toContain("去年此节（2023）");
    expect(opening.text).toContain("对照《2023年全市交通法治工作要点》");
    expect(actionsOf(opening.card).some((a) => a.a === "carry_text" && a.s === "preamble")).toBe(true);
    const study = await goto(chat, "一（一）");
    expect(study.text).toContain("去年此节（2023）");
    expect(study.text).toMatch(/<font color='orange'>\*\*12 ?次\*\*<\/font>/);

    // Part 一's prompt: last year's part 四 (2024 plans) as a checklist.
    const part = await goto(chat, "一");
    expect(part.key).toBe(outline.find((s) => s.label === "一")!.key);
    expect(part.text).toContain("去年计划（2023年报告）");
    expect(part.text).toContain("（一）进一步加强法治政府建设工作的组织和领导");
    expect(part.text).toContain("（四）加强对交通法治信息的收集和报送工作");

    // Last year's report is now an archive: no reminders for it; 报告列表 says so.
    expect((await h.server.huibao.deps.year!.link(last.reportId)).archived).toBe(true);
    const active = await new PrismaReminderStore(h.server.huibao.reports.db).activeReportIds();
    expect(active).toContain(reportId);
    expect(active).not.toContain(last.reportId);
    await say(h, chat, "报告列表");
    expect(lastReply(h)).toMatch(/1\. 重庆市南岸区交通局关于2023年法治政府建设情况的报告（收集中，存档）/);
    expect((await h.server.huibao.deps.year!.link(reportId)).previousReportId).toBe(last.reportId);
  }, 120_000);

  it("沿用去年文字 copies last year's text as an attributed revision marked 需更新; an edit ends it; 历史 shows both", async () => {
    const chat = uid("oc_yoy_carry_");
    const { last, reportId } = await newFromLastYear(chat);
    const study = await goto(chat, "一（一）");
    const carry = actionsOf(study.card).find((a) => a.a === "carry_text")!;
    const answer = await h.click({ operator: LI, chatId: chat, messageId: study.messageId, value: carry });
    await h.settle();
    expect(answer.toast.content).toMatch(/已沿用2023年文字/);
    const carried = (await h.server.huibao.reports.answers(reportId)).filter((a) => a.sectionKey === study.key);
    expect(carried).toHaveLength(1);
    expect(carried[0]!.authorOpenId).toBe(LI);
    expect(carried[0]!.carriedFrom).toBe(last.reportId);
    expect(carried[0]!.text).toContain("组织党委理论中心组学习12次");
    // Carried, not edited: not complete, 需更新; the refreshed prompt says so and offers the text to edit.
    let view = await viewOf(h, reportId);
    const c = view.byKey.get(study.key)!;
    expect(c.status).not.toBe("complete");
    expect(c.reasons.map((r) => r.message)).toContain("沿用2023年文字，需更新");
    const refreshed = cardText(answer.card.data);
    expect(refreshed).toContain("含沿用2023年的文字，尚未修改");
    expect(JSON.stringify(answer.card.data)).toContain("组织党委理论中心组学习12次");

    // A second click changes nothing (the section has text now).
    const again = await h.click({ operator: LI, chatId: chat, messageId: study.messageId, value: carry });
    expect(again.toast.content).toMatch(/已有内容/);
    expect((await h.server.huibao.reports.answers(reportId)).filter((a) => a.sectionKey === study.key)).toHaveLength(1);

    // The edit: 替换 through the form, by the clerk (carried text belongs to no one in particular).
    const save = actionsOf(answer.card.data).find((a) => a.a === "save_answer")!;
    const edited = carried[0]!.text.replace("学习12次", "学习15次");
    await h.click({ operator: CLERK, chatId: chat, messageId: study.messageId, value: save, formValue: { [ANSWER_FIELD]: edited, [MODE_FIELD]: "replace" } });
    await h.settle();
    view = await viewOf(h, reportId);
    expect(view.texts.get(study.key)).toContain("学习15次");
    expect(view.byKey.get(study.key)!.reasons.some((r) => r.code === "carried_over")).toBe(false);
    expect(view.byKey.get(study.key)!.status).toBe("complete");

    await say(h, chat, "历史 一（一）");
    const history = lastReply(h);
    expect(history).toMatch(/新增（沿用去年文字）/);
    expect(history).toMatch(/替换/);
    const revisions = (await h.server.huibao.reports.answers(reportId)).filter((a) => a.sectionKey === study.key);
    expect(revisions.map((a) => [a.authorOpenId, Boolean(a.carriedFrom)])).toEqual([
      [LI, true],
      [CLERK, false],
    ]);
  }, 120_000);

  it("对比 一 after one figure changed shows the old and the new figure", async () => {
    const chat = uid("oc_yoy_cmp_");
    const { reportId } = await newFromLastYear(chat);
    // This year's 一（一）: last year's text with one figure changed, typed as a reply.
    const lastYear = (await viewOf(h, reportId)).context!.previous!.texts;
    const study = await goto(chat, "一（一）");
    await say(h, chat, lastYear.get(study.key)!.replace("学习12次", "学习15次"), { parentId: study.messageId, atBot: false });
    await say(h, chat, "对比 一");
    const reply = lastReply(h);
    expect(reply).toContain("对比去年");
    expect(reply).toContain("学习 12 次 → 15 次");
    expect(reply).toMatch(/数据变化 \*\*1\*\* 处/);
    // The rest of part 一 is still empty this year: last year's other sub-sections show as removed sentences.
    expect(reply).toMatch(/删去 \*\*\d+\*\* 句/);
    // Last year's plans this year's part 一 does not mention yet are noted on the part.
    const notes = (await viewOf(h, reportId)).byKey.get("measures")!.reasons.filter((r) => r.code === "plan_unmentioned").map((r) => r.message);
    expect(notes).toContain("2023年计划（二）加大投入：今年未提及");
  }, 120_000);

  it("the 参照去年 button on the creation card: an empty new report takes last year's structure and owners; only its owner may", async () => {
    const chat = uid("oc_yoy_button_");
    const last = await walkLastYear(h, chat);
    await say(h, chat, "新建报告 重庆市南岸区交通局关于2024年法治政府建设情况的报告");
    const creation = h.lark.messages.filter((m) => m.replyTo !== undefined && /已创建报告/.test(cardText(cardOf(m)))).at(-1)!;
    const button = actionsOf(cardOf(creation)).find((a) => a.a === "carry_from")!;
    expect(button.ref).toBe(last.reportId);
    expect(cardText(cardOf(creation))).toContain("参照去年（2023）");
    const reportId = button.r as string;
    const before = (await h.server.huibao.reports.getReport(reportId))!;
    expect(resolveOutline(before.template, before.settings).filter((s) => s.level === 2)).toHaveLength(8); // the template's

    const refused = await h.click({ operator: LI, chatId: chat, messageId: creation.messageId, value: button });
    expect(refused.toast.content).toContain("只有报告负责人");
    expect((await h.server.huibao.reports.getReport(reportId))!.stateVersion).toBe(before.stateVersion);

    const answer = await h.click({ operator: CLERK, chatId: chat, messageId: creation.messageId, value: button });
    await h.settle();
    expect(answer.toast.content).toContain("已参照");
    const after = (await h.server.huibao.reports.getReport(reportId))!;
    const lastReport = (await h.server.huibao.reports.getReport(last.reportId))!;
    const shape = (r: typeof after) => resolveOutline(r.template, r.settings).map((s) => [s.label, s.title]);
    expect(shape(after)).toEqual(shape(lastReport));
    expect((await h.server.huibao.reports.owners(reportId)).map((o) => o.openId)).toContain(LI);
    expect(await h.server.huibao.reports.answers(reportId)).toHaveLength(0);
    expect(promptText(h, chat).text).toContain("去年此节（2023）");
    // Clicking again: already done, nothing changes.
    const again = await h.click({ operator: CLERK, chatId: chat, messageId: creation.messageId, value: button });
    expect(again.toast.content).toContain("已参照这份报告");
  }, 120_000);
});
