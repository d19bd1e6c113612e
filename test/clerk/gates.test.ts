// Placeholders and gaps named at every gate: the export card, the 提交审批 reply and the approval card each name the
// empty part and the placeholder by section, before anyone approves. In approval the prompts are read-only; the
// send-back form has 取消; a returned section names the approver.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { actionsOf, cardOf, cardText, lastPrompt, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { once } from "../helpers/fixtures.js";
import { chat, setClock } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  setClock(h, "2026-11-10T10:00:00+08:00");
});
afterAll(async () => h?.close());

const clerk = "ou_clerk_gate";
const ke = "ou_ke_gate";
const FILLED = "全年组织集中学法12次，办理行政许可2810件，开展普法活动4场，覆盖干部职工120人次，审查规范性文件5件，行政机关负责人出庭应诉率100%，各项工作有序推进，成效明显。";
const p2p = (openId: string) => `oc_p2p_${openId}`;

// The story's stages. Each builds on a report of its own when called; the shared ones (drafted, asked, submitted) are
// built once by whichever test needs them first and only ever move forward, so that every test also runs alone.
// The test that sends the report back builds its own submitted report.
/** A report with everything written except 四 (工作思路, empty) and 五 holding a placeholder. */
async function draft() {
  const g = chat(h);
  await g.say(clerk, "新建报告 南岸区交通局关于2026年法治政府建设情况的报告");
  const report = await g.report();
  const outline = resolveOutline(report.template, report.settings);
  for (const s of outline) {
    if (s.key === "plan" || s.key === "other" || outline.some((c) => c.parentKey === s.key)) continue;
    await h.server.huibao.reports.addAnswer({ reportId: report.id, sectionKey: s.key, authorOpenId: clerk, text: `${FILLED}${FILLED}${FILLED}` }, h.clock.now());
  }
  await h.server.huibao.reports.addAnswer({ reportId: report.id, sectionKey: "other", authorOpenId: clerk, text: "全年共办理***件信访事项，均已按期办结。" }, h.clock.now());
  return g;
}
/** 审批人 set and 提交审批 sent: the reply that asks before submitting. */
async function ask(g: ReturnType<typeof chat>) {
  await g.say(clerk, "审批人 @马科长", { mentions: [[ke, "马科长"]] });
  const id = await g.say(clerk, "提交审批");
  return g.repliesTo(id).at(-1)!;
}
const drafted = once(draft);
const asked = once(async () => {
  const g = await drafted();
  return { g, ask: await ask(g) };
});
/** Submitted after all (the confirm tapped): in approval at 马科长. */
const submitted = once(async () => {
  const { g, ask } = await asked();
  await g.tap(clerk, ask, "submit_confirm");
  return g;
});
const approvalRequest = () => h.lark.sentTo(ke).filter((m) => actionsOf(cardOf(m)).some((v) => v.a === "approve")).at(-1)!;

describe("gates", () => {
  it("a report with a *** placeholder in 五 and 四 empty: the export card names both, by section", async () => {
    const g = await drafted();
    const id = await g.say(clerk, "导出");
    const ready = textOf(g.repliesTo(id).at(-1)!);
    // 7: 四 (empty) and six sub-sections of 一 whose text lacks the figure its template asks for (学习次数…).
    expect(ready).toMatch(/尚未完成：待补充 7 个部分、占位 1 处/);
    expect(ready).toMatch(/占位 · 五、其他需要报告的情况：「&#42;&#42;&#42;件」/);
    expect(ready).toMatch(/待补充 · 四、[^：]*：未填写/);
    expect(actionsOf(cardOf(g.repliesTo(id).at(-1)!)).some((v) => v.a === "status")).toBe(true);
  });

  it("the 提交审批 reply names both and asks; the approval card names both before 同意", async () => {
    const { g, ask } = await asked();
    const question = textOf(ask);
    expect(question).toMatch(/占位 · 五、其他需要报告的情况：「&#42;&#42;&#42;件」/);
    expect(question).toMatch(/待补充 · 四、[^：]*：未填写/);
    expect((await g.report()).status).toBe("collecting");
    await submitted();
    expect((await g.report()).status).toBe("in_approval");
    const request = approvalRequest();
    const text = cardText(cardOf(request));
    expect(text).toMatch(/占位 · 五、其他需要报告的情况：「&#42;&#42;&#42;件」/);
    expect(text).toMatch(/待补充 · 四、[^：]*：未填写/);
    expect(text).not.toContain("提醒");
    const approve = JSON.stringify(cardOf(request));
    expect(approve).toMatch(/其中仍有待补充 7 个部分、占位 1 处/);
  });

  it("in approval, 跳到 二 shows the text read-only: no form, a note", async () => {
    const g = await submitted();
    await g.say(clerk, "跳到 二");
    const prompt = h.lark.messages.filter((m) => m.msgType === "interactive" && /只读/.test(textOf(m))).at(-1)!;
    const card = cardOf(prompt);
    expect(JSON.stringify(card)).not.toContain('"tag":"form"');
    expect(actionsOf(card).some((v) => v.a === "save_answer")).toBe(false);
    const text = cardText(card);
    expect(text).toContain("🔒 报告正在审批中，内容只读");
    expect(text).toContain("全年组织集中学法12次");
    expect(lastPrompt(h.lark, g.chatId).key).not.toBe(await g.keyOf("二")); // no editable prompt was posted
  });

  it("the send-back form has 取消, back to the 同意/退回 card; a returned section's prompt names the approver", async () => {
    const g = await draft();
    await g.tap(clerk, await ask(g), "submit_confirm");
    const request = approvalRequest();
    const form = await g.tap(ke, request, "reject_open", { chatId: p2p(ke) });
    expect(actionsOf(form.card.data).map((v) => v.a)).toEqual(["reject", "reject_cancel"]);
    const cancel = await h.click({ operator: ke, value: actionsOf(form.card.data).find((v) => v.a === "reject_cancel"), messageId: request.messageId, chatId: p2p(ke) });
    expect(actionsOf(cancel.card.data).map((v) => v.a)).toEqual(expect.arrayContaining(["approve", "reject_open"]));
    expect((await g.report()).status).toBe("in_approval");
    const reject = await h.click({
      operator: ke,
      value: actionsOf(form.card.data).find((v) => v.a === "reject"),
      formValue: { comment: "请把第五部分的数字补上。", sections: ["other"] },
      messageId: request.messageId,
      chatId: p2p(ke),
    });
    expect(reject.toast.type).toBe("success");
    await h.settle();
    const returned = lastPrompt(h.lark, g.chatId);
    expect(returned.key).toBe("other");
    const text = cardText(cardOf(returned.message));
    expect(text).toContain(`<at id=${ke}></at> 的退回意见`);
    expect(text).not.toContain("审批人 的退回意见");
  });
});
