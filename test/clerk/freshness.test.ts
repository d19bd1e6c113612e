// A prompt card's 保存 is judged against the section it edits, never the whole report; a real conflict keeps what was
// typed. The form starts from the current text; over the form's limit is refused with the count, never cut.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANSWER_FIELD, MODE_FIELD } from "../../cards/index.js";
import { sectionText } from "../../src/domain/answers.js";
import { actionsOf, cardOf, cardText, lastPrompt } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { chat } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const clerk = "ou_clerk_fresh";
const li = "ou_li_fresh";

describe("per-section freshness", () => {
  it("two prompt cards for two sections: 替换 on the first, a cursor move, then 替换 on the second — both saved", async () => {
    const g = chat(h);
    await g.say(clerk, "新建报告 测试局关于2026年法治政府建设情况的报告");
    const first = lastPrompt(h.lark, g.chatId); // 开头
    await g.say(clerk, "跳到 二");
    const second = lastPrompt(h.lark, g.chatId);
    expect(second.key).not.toBe(first.key);
    const r1 = await g.tap(clerk, first.message, "save_answer", { formValue: { [ANSWER_FIELD]: "2026年，我局坚持依法行政，现将有关情况报告如下：", [MODE_FIELD]: "replace" } });
    expect(r1.toast.type).toBe("success");
    await g.say(clerk, "跳到 三"); // the report changes again (cursor), the second section does not
    const r2 = await g.tap(clerk, second.message, "save_answer", { formValue: { [ANSWER_FIELD]: "一是执法能力有待提高；二是普法形式较为单一。", [MODE_FIELD]: "replace" } });
    expect(r2.toast.type, r2.toast.content).toBe("success");
    expect(r2.toast.content).toContain("已保存到「二、");
    const answers = await h.server.huibao.reports.answers(g.reportId());
    expect(sectionText(answers, first.key)).toBe("2026年，我局坚持依法行政，现将有关情况报告如下：");
    expect(sectionText(answers, second.key)).toBe("一是执法能力有待提高；二是普法形式较为单一。");
  });

  it("a real conflict on the same section: refused, the card refreshed with the latest text and the typed text still in the input", async () => {
    const g = chat(h);
    await g.say(clerk, "新建报告 测试局报告二");
    const prompt = lastPrompt(h.lark, g.chatId);
    // 李四 answers by replying after the card was drawn.
    await g.say(li, "李四写的导语：我局全面推进法治政府建设。", { parentId: prompt.message.messageId, atBot: false });
    const typed = "王科员想替换成的导语。";
    const r = await g.tap(clerk, prompt.message, "save_answer", { formValue: { [ANSWER_FIELD]: typed, [MODE_FIELD]: "replace" } });
    expect(r.toast.type).toBe("warning");
    expect(r.toast.content).toMatch(/本节已被.*更新，没有替换/);
    const refreshed = r.card.data;
    expect(cardText(refreshed)).toContain("李四写的导语");
    const form = refreshed.body.elements.find((e: any) => e.tag === "form");
    expect(form.elements.find((e: any) => e.tag === "input").default_value).toBe(typed);
    expect(sectionText(await h.server.huibao.reports.answers(g.reportId()), "preamble")).toBe("李四写的导语：我局全面推进法治政府建设。");
    // 保存 again from the refreshed card goes through.
    const again = await h.click({ operator: clerk, value: actionsOf(refreshed).find((v) => v.a === "save_answer"), formValue: { [ANSWER_FIELD]: typed, [MODE_FIELD]: "replace" }, messageId: prompt.message.messageId, chatId: g.chatId });
    expect(again.toast.type).toBe("success");
    expect(sectionText(await h.server.huibao.reports.answers(g.reportId()), "preamble")).toBe(typed);
    // 追加 never goes stale.
    const append = await g.tap(li, prompt.message, "save_answer", { formValue: { [ANSWER_FIELD]: "李四的补充。", [MODE_FIELD]: "append" } });
    expect(append.toast.type).toBe("success");
  });

  it("the form is prefilled with the current text; text over the form's limit is refused with the count and nothing is cut", async () => {
    const g = chat(h);
    await g.say(clerk, "新建报告 测试局报告三");
    const prompt = lastPrompt(h.lark, g.chatId);
    await g.say(li, "现有导语。", { parentId: prompt.message.messageId, atBot: false });
    await g.say(clerk, "跳到 开头");
    const card = cardOf(lastPrompt(h.lark, g.chatId).message);
    expect(JSON.stringify(card)).toContain('"default_value":"现有导语。"');
    // The prefilled text kept and something typed after it, with 追加: only the new part is appended.
    const add = await g.tap(clerk, lastPrompt(h.lark, g.chatId).message, "save_answer", { formValue: { [ANSWER_FIELD]: "现有导语。补充一句。", [MODE_FIELD]: "append" } });
    expect(add.toast.type).toBe("success");
    expect(sectionText(await h.server.huibao.reports.answers(g.reportId()), "preamble")).toBe("现有导语。\n补充一句。");
    const before = await h.server.huibao.reports.answers(g.reportId());
    const long = "法".repeat(1234);
    const r = await g.tap(clerk, lastPrompt(h.lark, g.chatId).message, "save_answer", { formValue: { [ANSWER_FIELD]: long, [MODE_FIELD]: "append" } });
    expect(r.toast.type).toBe("warning");
    expect(r.toast.content).toContain("1,234 字");
    expect(r.toast.content).toContain("没有保存");
    expect(r.card).toBeUndefined(); // the card stays as it is, with the text in it
    expect(await h.server.huibao.reports.answers(g.reportId())).toEqual(before);
  });
});
