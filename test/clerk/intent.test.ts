// Intent before text, through the webhook: mistyped commands are run or offered, never saved as report text;
// "作为正文保存" keeps the text; real report prose sent as replies to a prompt is saved as text, every paragraph.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsOf, cardOf, cardText, lastPrompt, overviews, prompts, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { messageEvent } from "../helpers/lark-payloads.js";
import { fixture } from "../helpers/seeds.js";
import { chat, setClock } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  setClock(h, "2026-11-10T10:00:00+08:00");
});
afterAll(async () => h?.close());

const clerk = "ou_clerk_wang";
const zhang = "ou_zhang_kezhang";

describe("mistyped commands", () => {
  it("进 度, 导出word, 截至 2026-12-20, 分配一（三）@张科长, 跳到二, 撤 销: each runs or is offered; no section text changes", async () => {
    const g = chat(h);
    await g.say(clerk, "新建报告 南岸区交通局关于2026年法治政府建设情况的报告");
    const prompt = lastPrompt(h.lark, g.chatId);
    await g.say(clerk, "2026年，我局坚持以习近平法治思想为指导，现将有关情况报告如下：", { parentId: prompt.message.messageId, atBot: false });
    const before = await g.texts();
    const answersBefore = await h.server.huibao.reports.db.answer.count({ where: { reportId: g.reportId() } });

    // Read-only or navigation, differing only by spacing: run at once.
    const overviewsBefore = overviews(h.lark, g.chatId).length;
    const status = await g.say(clerk, "进 度");
    expect(overviews(h.lark, g.chatId).length).toBe(overviewsBefore + 1);
    expect(g.intentFor(status)).toBeUndefined();

    const files = h.lark.files.size;
    await g.say(clerk, "导出word");
    expect(h.lark.files.size).toBe(files + 1);

    await g.say(clerk, "跳到二");
    expect(lastPrompt(h.lark, g.chatId).key).toBe(await g.keyOf("二"));

    // Changes something, or another word for the keyword: offered with one tap.
    const deadline = await g.say(clerk, "截至 2026-12-20");
    const assign = await g.say(clerk, "分配一（三）@张科长", { mentions: [[zhang, "张科长"]] });
    const undo = await g.say(clerk, "撤 销");
    for (const [id, offered] of [
      [deadline, "截止 2026-12-20"],
      [assign, "分配 一（三）@张科长"],
      [undo, "撤销"],
    ] as const) {
      const card = g.intentFor(id);
      expect(card, offered).toBeDefined();
      expect(cardText(cardOf(card!))).toContain(`你是想：**${offered}** 吗？`);
    }
    // Nothing was saved as text, nothing was set yet.
    expect(await g.texts()).toEqual(before);
    expect(await h.server.huibao.reports.db.answer.count({ where: { reportId: g.reportId() } })).toBe(answersBefore);
    expect((await g.report()).internalDeadline).toBeNull();

    // 是 runs what was meant, as its author.
    const someoneElse = await h.click({ operator: "ou_other", value: actionsOf(cardOf(g.intentFor(deadline)!)).find((v) => v.a === "intent_run"), messageId: g.intentFor(deadline)!.messageId, chatId: g.chatId });
    expect(someoneElse.toast.content).toMatch(/发送者本人/);
    const yes = await g.tap(clerk, g.intentFor(deadline)!, "intent_run");
    expect(yes.toast.type).toBe("success");
    expect(cardText(yes.card.data)).toContain("已执行「截止 2026-12-20」");
    expect((await g.report()).internalDeadline).toBe("2026-12-20");
    const again = await g.tap(clerk, g.intentFor(deadline)!, "intent_run");
    expect(again.toast.content).toMatch(/已处理/);

    await g.tap(clerk, g.intentFor(assign)!, "intent_run");
    const owners = await h.server.huibao.reports.owners(g.reportId());
    expect(owners).toEqual([{ sectionKey: await g.keyOf("一（三）"), openId: zhang, name: "张科长" }]);
    expect(prompts(h.lark, zhang).length).toBe(1); // the new owner got the section's prompt privately

    // 不是，作为正文保存: the text goes to the section the group is on, as the author's.
    const cursor = (await g.report()).cursorKey!;
    const saved = await g.tap(clerk, g.intentFor(undo)!, "intent_text");
    expect(saved.toast.type).toBe("success");
    expect(cardText(saved.card.data)).toContain("已作为正文保存到");
    const after = await g.texts();
    expect(after[cursor]).toBe("撤销"); // cleaned like any pasted text (stray spaces between characters go)
    expect(Object.entries(after).filter(([k, v]) => k !== cursor && v !== before[k])).toEqual([]);
    // The receipt is a reply to the original message and names the section.
    expect(g.repliesTo(undo).some((m) => /已保存/.test(textOf(m)))).toBe(true);
  });

  it("/stauts is offered as /status; a short message to the bot is asked about, and kept", async () => {
    const g = chat(h);
    await g.say(clerk, "新建报告 测试报告");
    const typo = await g.say(clerk, "/stauts");
    expect(cardText(cardOf(g.intentFor(typo)!))).toContain("你是想：**/status** 吗？");
    const hello = await g.say(clerk, "你好");
    const card = g.intentFor(hello)!;
    expect(cardText(cardOf(card))).toContain("要把它作为正文保存到「开头」吗？");
    expect((await g.texts()).preamble).toBe("");
    // Stored durably (keyed by the message), so a restart loses nothing.
    await h.restart();
    await g.tap(clerk, card, "intent_text");
    expect((await g.texts()).preamble).toBe("你好");
  });

  it("a past deadline asks for confirmation before it is set", async () => {
    const g = chat(h);
    await g.say(clerk, "新建报告 测试报告三");
    const m = await g.say(clerk, "截止 2026-11-01");
    const card = g.intentFor(m)!;
    expect(cardText(cardOf(card))).toMatch(/2026年11月1日 已经过去/);
    expect((await g.report()).internalDeadline).toBeNull();
    await g.tap(clerk, card, "intent_run");
    expect((await g.report()).internalDeadline).toBe("2026-11-01");
  });
});

describe("real prose is text", () => {
  it("every paragraph of the real reports, sent as a reply to a prompt, is saved as text — no command, no question", async () => {
    const g = chat(h);
    await g.say(clerk, "新建报告 测试报告四");
    const prompt = lastPrompt(h.lark, g.chatId);
    const paragraphs = ["nanan-2023-report.txt", "district-2022-draft.txt", "2023-workplan.txt"].flatMap((f) =>
      fixture(f)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== ""),
    );
    // And sentences that start with a command word.
    paragraphs.push("报告期内，我局坚持依法行政，全年办理行政许可 2810 件", "继续加强执法队伍建设", "进度方面，各项任务均按计划推进", "恢复重建工作有序推进");
    const ids: string[] = [];
    for (const p of paragraphs) {
      const env = messageEvent({ chatId: g.chatId, sender: "ou_writer", text: p, parentId: prompt.message.messageId, atBot: false });
      expect((await h.post(env)).status).toBe(200);
      ids.push(env.event.message.message_id);
    }
    await h.settle();
    const answers = await h.server.huibao.reports.answers(g.reportId());
    expect(answers.length).toBe(paragraphs.length);
    expect(answers.every((a) => a.sectionKey === prompt.key)).toBe(true);
    // 5 messages a second per chat: settle() moves the test clock on until every receipt has gone out.
    const replied = () => ids.every((id) => g.repliesTo(id).length > 0);
    for (let i = 0; i < 100 && !replied(); i++) await h.settle();
    for (const [i, id] of ids.entries()) {
      expect(g.intentFor(id), paragraphs[i]).toBeUndefined();
      expect(g.repliesTo(id).map((m) => textOf(m)).join("\n")).toMatch(/已保存/);
    }
  }, 120_000);
});
