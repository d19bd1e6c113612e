// Bad input for 参照, 导入工作要点, 科室 and 对比: a clear reply, nothing changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsOf, cardOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { fixture } from "../helpers/seeds.js";
import { CLERK, lastReply, promptText, say } from "./last-year.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function snapshot(reportId: string) {
  const db = h.server.huibao.reports.db;
  return {
    report: await db.report.findUnique({ where: { id: reportId } }),
    answers: await db.answer.count({ where: { reportId } }),
    owners: await db.sectionOwner.findMany({ where: { reportId } }),
    plans: await db.workPlan.findMany({ where: { reportId } }),
    offices: await db.workPlanOffice.count({ where: { reportId } }),
  };
}
const reportsIn = (chatId: string) => h.server.huibao.reports.db.report.count({ where: { chatId } });

describe("bad input, year over year and the work plan", () => {
  it("a plan with no recognisable tasks, from the owner or anyone else: a clear reply, nothing stored or changed", async () => {
    const chat = uid("oc_bad_wp_");
    await say(h, chat, "新建报告 测试局关于2026年法治政府建设情况的报告");
    const reportId = promptText(h, chat).reportId;
    const before = await snapshot(reportId);
    await say(h, chat, "导入工作要点\n今年要继续抓好法治建设各项工作，\n争取取得更大成绩。");
    expect(lastReply(h)).toContain("没有识别出工作任务");
    await say(h, chat, "导入工作要点");
    expect(lastReply(h)).toContain("换行粘贴工作要点全文");
    await say(h, chat, `导入工作要点\n${fixture("2023-workplan.txt")}`, { sender: "ou_not_owner" });
    expect(lastReply(h)).toContain("只有报告负责人");
    expect(await snapshot(reportId)).toEqual(before);
  });

  it("参照 a report that does not exist or cannot be seen: a clear reply, no report created", async () => {
    const chat = uid("oc_bad_ref_");
    await say(h, chat, "新建报告 测试局关于2025年法治政府建设情况的报告");
    const other = uid("oc_other_");
    await h.say({ chatId: other, sender: "ou_someone_else", text: "新建报告 别处关于2024年法治政府建设情况的报告" });
    await h.settle();
    const n = await reportsIn(chat);
    await say(h, chat, "新建报告 测试局关于2026年法治政府建设情况的报告 参照 9");
    expect(lastReply(h)).toContain("没有第 9 份报告（本群共 1 份）");
    await say(h, chat, "新建报告 参照 不存在的报告");
    expect(lastReply(h)).toContain("找不到标题含「不存在的报告」的报告");
    // Another chat's report, not owned by the sender, is not visible.
    await say(h, chat, "新建报告 参照 别处");
    expect(lastReply(h)).toContain("找不到标题含「别处」的报告");
    await say(h, chat, "新建报告 测试局关于2020年法治政府建设情况的报告 参照去年");
    expect(lastReply(h)).toContain("没有找到 2020 年以前的报告可参照");
    await say(h, chat, "新建报告 参照");
    expect(lastReply(h)).toContain("请写明参照哪份报告");
    expect(await reportsIn(chat)).toBe(n);
  });

  it("科室 with an unknown office, before any plan, or from someone else; 对比 without last year; a stranger's 确认: refused, nothing changed", async () => {
    const chat = uid("oc_bad_office_");
    await say(h, chat, "新建报告 测试局关于2023年法治政府建设情况的报告");
    const reportId = promptText(h, chat).reportId;
    await say(h, chat, "科室 局法规科 @张科长", { mentions: [["ou_zhang", "张科长"]] });
    expect(lastReply(h)).toContain("还没有确认的工作要点");
    await say(h, chat, "对比 一");
    expect(lastReply(h)).toContain("没有参照去年的报告");

    await say(h, chat, `导入工作要点\n${fixture("2023-workplan.txt")}`);
    const confirmation = h.lark.messages.filter((m) => m.replyTo !== undefined).at(-1)!;
    const confirm = actionsOf(cardOf(confirmation)).find((a) => a.a === "plan_confirm")!;
    const pending = await snapshot(reportId);
    const refused = await h.click({ operator: "ou_not_owner", chatId: chat, messageId: confirmation.messageId, value: confirm });
    expect(refused.toast.content).toContain("只有报告负责人");
    expect(await snapshot(reportId)).toEqual(pending);
    await h.click({ operator: CLERK, chatId: chat, messageId: confirmation.messageId, value: confirm });
    await h.settle();

    const before = await snapshot(reportId);
    await say(h, chat, "科室 财务科 @张科长", { mentions: [["ou_zhang", "张科长"]] });
    expect(lastReply(h)).toContain("工作要点中没有牵头科室「财务科」");
    expect(lastReply(h)).toContain("局法规科");
    await say(h, chat, "科室 局法规科", {});
    expect(lastReply(h)).toContain("请 @ 该科室的负责人");
    await say(h, chat, "科室 局法规科 @张科长", { sender: "ou_not_owner", mentions: [["ou_zhang", "张科长"]] });
    expect(lastReply(h)).toContain("只有报告负责人");
    // A second 确认 on the same card does nothing more.
    const again = await h.click({ operator: CLERK, chatId: chat, messageId: confirmation.messageId, value: confirm });
    expect(again.toast.content).toContain("已经处理过了");
    expect(await snapshot(reportId)).toEqual(before);
    expect(h.lark.sentTo("ou_zhang")).toHaveLength(0);
  });
});
