// Several people answering one section; replace, undo and history; the outline's custom shape in prompts;
// an assigned owner walked through their sections in a private chat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentContributions, history, sectionText } from "../../src/domain/answers.js";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { ANSWER_FIELD, MODE_FIELD } from "../../cards/index.js";
import { actionsOf, cardOf, cardText, lastPrompt, prompts, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { messageEvent, uid } from "../helpers/lark-payloads.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function newReport(chat: string, owner = "ou_owner") {
  await h.say({ chatId: chat, sender: owner, text: "新建报告 测试局关于2026年法治政府建设情况的报告" });
  await h.settle();
  return lastPrompt(h.lark, chat).reportId;
}

/** The revisions 历史 lists for a section (the user's view of what is stored), asked in the chat. */
async function revisions(chat: string, label: string): Promise<string[]> {
  const before = h.lark.messages.length;
  await h.say({ chatId: chat, sender: "ou_owner", text: `历史 ${label}` });
  await h.settle();
  const card = h.lark.messages.slice(before).find((m) => /修订记录/.test(textOf(m)));
  expect(card, "a 修订记录 card").toBeTruthy();
  return textOf(card!).split("\n").filter((l) => /^\*\*第 \d+ 版\*\* /.test(l));
}

describe("contributions", () => {
  it("two users answering the same section at the same moment: both kept, attributed, in order", async () => {
    const chat = uid("oc_two_");
    const reportId = await newReport(chat);
    const prompt = lastPrompt(h.lark, chat);
    const a = messageEvent({ chatId: chat, sender: "ou_alice", text: "甲局长带头学法，全年组织集中学法 4 次。", parentId: prompt.message.messageId, atBot: false });
    const b = messageEvent({ chatId: chat, sender: "ou_bob", text: "乙科室开展“法治讲堂” 3 场，覆盖干部职工 120 人次。", parentId: prompt.message.messageId, atBot: false });
    const rs = await Promise.all([h.post(a), h.post(b)]);
    expect(rs.map((r) => r.status)).toEqual([200, 200]);
    await h.settle();
    const answers = await h.server.huibao.reports.answers(reportId);
    const contributions = currentContributions(answers, prompt.key);
    expect(contributions).toHaveLength(2);
    expect(new Set(contributions.map((c) => c.authorOpenId))).toEqual(new Set(["ou_alice", "ou_bob"]));
    // In order of arrival: the stored order is the revision order, and the text concatenates in it.
    const order = answers.filter((x) => x.sectionKey === prompt.key).map((x) => x.authorOpenId);
    expect(sectionText(answers, prompt.key).split("\n").map((l) => (l.startsWith("甲") ? "ou_alice" : "ou_bob"))).toEqual(order);
  });

  it("replace, undo and history: 替换 makes the section read the new text, 撤销 puts it back, every revision stays retrievable", async () => {
    const chat = uid("oc_rev_");
    const reportId = await newReport(chat);
    const prompt = lastPrompt(h.lark, chat);
    const answerId = prompt.message.messageId;
    await h.say({ chatId: chat, sender: "ou_alice", text: "第一稿：全年办理行政许可2810件。", parentId: answerId, atBot: false });
    await h.say({ chatId: chat, sender: "ou_bob", text: "补充：办理“跨省通办”10850件。", parentId: answerId, atBot: false });
    await h.settle();
    // Replacing from a card drawn before this section changed is refused, with the card refreshed and the typed
    // text kept; from a card of the current section it works.
    const stale = actionsOf(cardOf(prompt.message)).find((v) => v.a === "save_answer");
    const refused = await h.click({ operator: "ou_alice", chatId: chat, messageId: answerId, value: stale, formValue: { [ANSWER_FIELD]: "不该保存", [MODE_FIELD]: "replace" } });
    expect(refused.toast.type).toBe("warning");
    expect(refused.card.data.schema).toBe("2.0");
    expect(JSON.stringify(refused.card.data)).toContain('"default_value":"不该保存"');
    const fromRefreshed = actionsOf(refused.card.data).find((v) => v.a === "save_answer");
    const r = await h.click({ operator: "ou_alice", chatId: chat, messageId: answerId, value: fromRefreshed, formValue: { [ANSWER_FIELD]: "第二稿：全年办理行政许可2810件、公共服务事项29956件。", [MODE_FIELD]: "replace" } });
    expect(r.toast.type).toBe("success");
    await h.settle();
    let answers = await h.server.huibao.reports.answers(reportId);
    expect(sectionText(answers, prompt.key)).toBe("第二稿：全年办理行政许可2810件、公共服务事项29956件。");
    // Bob's contribution was replaced by alice's change: his 撤销 says so and changes nothing.
    await h.say({ chatId: chat, sender: "ou_bob", text: "撤销" });
    await h.settle();
    expect(textOf(h.lark.messages.at(-1)!)).toMatch(/无法撤销[\s\S]*之后已被/);
    expect(sectionText(await h.server.huibao.reports.answers(reportId), prompt.key)).toBe("第二稿：全年办理行政许可2810件、公共服务事项29956件。");
    // Alice's 撤销 puts the section back as it was, both contributions.
    await h.say({ chatId: chat, sender: "ou_alice", text: "撤销" });
    await h.settle();
    expect(textOf(h.lark.messages.at(-1)!)).toMatch(/已撤销你在「开头」的替换/);
    answers = await h.server.huibao.reports.answers(reportId);
    expect(sectionText(answers, prompt.key)).toBe("第一稿：全年办理行政许可2810件。\n补充：办理“跨省通办”10850件。");
    const entries = history(answers, prompt.key);
    expect(entries.map((e) => e.action)).toEqual(["added", "added", "replaced", "removed", "restored", "replaced"]);
    for (const text of ["第一稿：全年办理行政许可2810件。", "补充：办理“跨省通办”10850件。", "第二稿：全年办理行政许可2810件、公共服务事项29956件。"]) {
      expect(answers.some((a) => a.text === text)).toBe(true);
    }
    // 历史 shows them all, numbered.
    await h.say({ chatId: chat, sender: "ou_alice", text: "历史 开头" });
    await h.settle();
    const card = h.lark.messages.filter((m) => /修订记录/.test(textOf(m))).at(-1)!;
    const text = textOf(card);
    expect(text).toMatch(/第 1 版[\s\S]*第一稿/);
    expect(text).toMatch(/第二稿/);
    expect(text).toMatch(/第 6 版/);
  });

  it("custom titles, order and added/removed sub-sections are honoured by the prompts and the stored outline", async () => {
    const chat = uid("oc_shape_");
    const reportId = await newReport(chat);
    for (const t of ["顺序 第一责任人在前", "标题 一 头雁领航，法治政府建设不断推进", "增加 二 打造“枫桥式”交通调解品牌", "删除 二（一）"]) {
      await h.say({ chatId: chat, sender: "ou_owner", text: t });
    }
    await h.settle();
    const report = (await h.server.huibao.reports.getReport(reportId))!;
    const outline = resolveOutline(report.template, report.settings);
    const parts = outline.filter((s) => s.level === 1);
    expect(parts[0]!.key).toBe("leader");
    expect(parts[0]!.heading).toBe("一、头雁领航，法治政府建设不断推进");
    const subs = outline.filter((s) => s.parentKey === "measures");
    expect(subs.at(-1)!.title).toBe("打造“枫桥式”交通调解品牌");
    expect(subs.some((s) => s.key === "measures.study")).toBe(false);
    // The prompt for the added section carries its label and title.
    const added = subs.at(-1)!;
    await h.say({ chatId: chat, sender: "ou_owner", text: `跳到 ${added.label}` });
    await h.settle();
    const p = lastPrompt(h.lark, chat);
    expect(p.key).toBe(added.key);
    expect(cardText(cardOf(p.message))).toContain("打造“枫桥式”交通调解品牌");
    expect(cardText(cardOf(p.message))).toContain(added.label);
    // A non-owner may not change the outline.
    await h.say({ chatId: chat, sender: "ou_someone", text: "删除 二（一）" });
    await h.settle();
    const after = (await h.server.huibao.reports.getReport(reportId))!;
    expect(after.settings).toEqual(report.settings);
  });

  it("an owner assigned in the group is walked through their sections in a private chat", async () => {
    const chat = uid("oc_assign_");
    const reportId = await newReport(chat);
    await h.say({ chatId: chat, sender: "ou_owner", text: "分配 一（二） @张三", mentions: [["ou_zhang", "张三"]] });
    await h.say({ chatId: chat, sender: "ou_owner", text: "分配 一（三） @张三", mentions: [["ou_zhang", "张三"]] });
    await h.settle();
    const first = prompts(h.lark, "ou_zhang")[0]!;
    expect(first.key).toBe("measures.business");
    // 张三 replies to it in the private chat.
    const p2p = "oc_p2p_zhang";
    await h.say({ chatId: p2p, chatType: "p2p", sender: "ou_zhang", text: "深化“放管服”改革，推动“一件事一次办”，道路运输行政许可全部实现电子证照，全年办理行政许可2810件、“跨省通办”10850件、公共服务事项29956件，持续落实“双随机一公开”监督，完成各类检查 3785 次。", parentId: first.message.messageId });
    await h.settle();
    let answers = await h.server.huibao.reports.answers(reportId);
    expect(sectionText(answers, "measures.business")).toContain("一件事一次办");
    // 继续 in the private chat brings the next section assigned to them that is not complete (一（二） now is).
    await h.say({ chatId: p2p, chatType: "p2p", sender: "ou_zhang", text: "继续" });
    await h.settle();
    const next = prompts(h.lark, p2p).at(-1)!;
    expect(next.key).toBe("measures.rules");
    // A plain message now answers the private cursor's section.
    await h.say({ chatId: p2p, chatType: "p2p", sender: "ou_zhang", text: "严格落实《行政规范性文件管理办法》，全年审查规范性文件 6 件，定期清理规范性文件，合法性审核率 100%。" });
    await h.settle();
    answers = await h.server.huibao.reports.answers(reportId);
    expect(sectionText(answers, "measures.rules")).toContain("合法性审核率");
    expect(answers.filter((a) => a.authorOpenId === "ou_zhang")).toHaveLength(2);
  });

  it("re-running an answered message after a crash saves nothing twice and sends nothing twice", async () => {
    const chat = uid("oc_replay_");
    await newReport(chat);
    const prompt = lastPrompt(h.lark, chat);
    const env = messageEvent({ chatId: chat, sender: "ou_alice", text: "全年办理行政复议案件3件，行政机关负责人出庭应诉率100%。", parentId: prompt.message.messageId, atBot: false });
    await h.post(env);
    await h.settle();
    const sent = h.lark.messages.length;
    const db = h.server.huibao.reports.db;
    // As if the process died after doing the work but before marking the event done: the sweep runs it again.
    await db.inboxEvent.update({ where: { eventId: env.header.event_id }, data: { status: "pending", nextAttemptAt: new Date(0) } });
    await h.settle();
    expect((await db.inboxEvent.findUnique({ where: { eventId: env.header.event_id } }))?.status).toBe("done");
    // Nothing sent twice: the Open API received no message and no patch from the re-run.
    expect(h.lark.messages.length).toBe(sent);
    // Nothing saved twice: the section's history holds the answer once.
    expect(prompt.key).toBe("preamble");
    expect(await revisions(chat, "开头")).toEqual([expect.stringContaining("新增：全年办理行政复议案件3件")]);
  });

  it("a crash after saving an answer but before queuing its receipt: the re-run sends the receipt once", async () => {
    const chat = uid("oc_receipt_");
    const reportId = await newReport(chat);
    const prompt = lastPrompt(h.lark, chat);
    const text = "全年组织集中学法 4 次，领导干部旁听庭审 2 次。";
    const env = messageEvent({ chatId: chat, sender: "ou_alice", text, parentId: prompt.message.messageId, atBot: false });
    // The first run got as far as the answer (unique by report and source message), then died.
    const first = await h.server.huibao.reports.addAnswer(
      { reportId, sectionKey: prompt.key, authorOpenId: "ou_alice", text, replacesId: null, sourceMessageId: env.event.message.message_id },
      h.clock.now(),
    );
    expect(first).not.toBeNull();
    await h.post(env);
    await h.settle();
    const replies = h.lark.messages.filter((m) => m.replyTo === env.event.message.message_id);
    expect(replies).toHaveLength(1);
    expect(cardText(cardOf(replies[0]!))).toContain("已保存");
    // And once more, as if that run died too before marking the event done: nothing new is sent.
    const db = h.server.huibao.reports.db;
    const sent = h.lark.messages.length;
    await db.inboxEvent.update({ where: { eventId: env.header.event_id }, data: { status: "pending", nextAttemptAt: new Date(0) } });
    await h.settle();
    expect(h.lark.messages.length).toBe(sent);
    expect(h.lark.messages.filter((m) => m.replyTo === env.event.message.message_id)).toHaveLength(1);
    // The answer is stored once.
    expect(prompt.key).toBe("preamble");
    expect(await revisions(chat, "开头")).toEqual([expect.stringContaining("新增：全年组织集中学法 4 次")]);
  });
});
