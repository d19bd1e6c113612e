// 撤销 says exactly what it undid, or that there is nothing to undo; 恢复 <节> <版本> brings an earlier version back
// as a new one; 历史 numbers the versions and offers 恢复.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sectionText } from "../../src/domain/answers.js";
import { actionsOf, cardOf, cardText, lastPrompt, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { chat } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const clerk = "ou_clerk_undo";
const writer = "ou_writer_li";
const TEXT = "一是执法检查发现的问题整改不够及时，全年检查发现问题23个，已整改19个；二是行政执法人员培训覆盖面仍需扩大。";

describe("undo and restore", () => {
  it("撤销 twice after one contribution: the first undoes it and says so, the second says there is nothing to undo; 恢复 二 1 brings it back", async () => {
    const g = chat(h);
    await g.say(clerk, "新建报告 测试局关于2026年法治政府建设情况的报告");
    await g.say(clerk, "跳到 二");
    const prompt = lastPrompt(h.lark, g.chatId);
    const key = await g.keyOf("二");
    expect(prompt.key).toBe(key);
    await g.say(writer, TEXT, { parentId: prompt.message.messageId, atBot: false });
    const answers = () => h.server.huibao.reports.answers(g.reportId());
    expect(sectionText(await answers(), key)).toBe(TEXT);

    const first = await g.say(writer, "撤销");
    const said = textOf(g.repliesTo(first).at(-1)!);
    expect(said).toContain("已撤销你在「二、");
    expect(said).toContain("的填写：「一是执法检查发现的问题整改不够及时");
    expect(sectionText(await answers(), key)).toBe("");

    const second = await g.say(writer, "撤销");
    const none = textOf(g.repliesTo(second).at(-1)!);
    expect(none).toContain("没有可撤销的内容");
    expect(none).not.toMatch(/他人|被.*修改/);
    const count = (await answers()).length;
    const third = await g.say(writer, "撤销");
    expect(textOf(g.repliesTo(third).at(-1)!)).toContain("没有可撤销的内容");
    expect((await answers()).length).toBe(count);

    // 恢复 二 1: version 1 made current again, as a new version.
    const restore = await g.say(writer, "恢复 二 1");
    expect(textOf(g.repliesTo(restore).at(-1)!)).toMatch(/已把「二、.*」恢复为第 1 版（保存为第 3 版/);
    const after = await answers();
    expect(sectionText(after, key)).toBe(TEXT);
    expect(after.length).toBe(count + 1);

    // 历史 lists it, numbered, with 恢复 buttons on versions that differ from the current text.
    const hist = await g.say(writer, "历史 二");
    const card = cardOf(g.repliesTo(hist).at(-1)!);
    const text = cardText(card);
    expect(text).toMatch(/\*\*第 1 版\*\*[^\n]*新增/);
    expect(text).toMatch(/\*\*第 2 版\*\*[^\n]*撤销/);
    expect(text).toMatch(/\*\*第 3 版\*\*[^\n]*恢复第 1 版/);
    // No 恢复 button: versions 1 and 3 hold the current text, version 2 is empty.
    expect(actionsOf(card).filter((v) => v.a === "restore")).toEqual([]);

    // 撤销 now undoes the restore; and a version that does not exist is refused with the count.
    const undoRestore = await g.say(writer, "撤销");
    expect(textOf(g.repliesTo(undoRestore).at(-1)!)).toContain("的恢复");
    expect(sectionText(await answers(), key)).toBe("");
    const bad = await g.say(writer, "恢复 二 9");
    expect(textOf(g.repliesTo(bad).at(-1)!)).toMatch(/没有第 9 版（共 4 个版本）/);
  });

  it("the 恢复 button on 历史 restores that version and answers with the updated history", async () => {
    const g = chat(h);
    await g.say(clerk, "新建报告 测试局报告二");
    const prompt = lastPrompt(h.lark, g.chatId);
    await g.say(writer, "第一稿：全年组织集中学法4次。", { parentId: prompt.message.messageId, atBot: false });
    await g.say(writer, "第二稿：全年组织集中学法6次，旁听庭审2次。", { parentId: prompt.message.messageId, atBot: false });
    const hist = await g.say(writer, "历史 开头");
    const card = g.repliesTo(hist).at(-1)!;
    // 恢复 only on the version that differs from the current text (版本 2 is current).
    expect(actionsOf(cardOf(card)).filter((v) => v.a === "restore").map((v) => v.n)).toEqual([1]);
    const r = await g.tap(writer, card, "restore", { match: (v) => v.n === 1 });
    expect(r.toast.type).toBe("success");
    expect(r.toast.content).toContain("恢复为第 1 版");
    expect(cardText(r.card.data)).toMatch(/第 3 版[^\n]*恢复第 1 版/);
    expect(sectionText(await h.server.huibao.reports.answers(g.reportId()), "preamble")).toBe("第一稿：全年组织集中学法4次。");
  });
});
