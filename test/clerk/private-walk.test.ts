// The private walk never drops text: an owner who pastes straight into the private chat (not as a reply), right after
// a reminder, has it saved to their section, and the receipt says where. With several unfinished sections a card
// asks which. The reminder pass says why it sent nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sectionText } from "../../src/domain/answers.js";
import { cardOf, cardText, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { chat, setClock } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  setClock(h, "2026-11-02T10:00:00+08:00");
});
afterAll(async () => h?.close());

const clerk = "ou_clerk_walk";
const zhang = "ou_zhang_walk";
const li = "ou_li_walk";
const PASTE = "深化“放管服”改革，推动“一件事一次办”，道路运输行政许可全部实现电子证照，全年办理行政许可2810件、“跨省通办”10850件。";

describe("the private walk", () => {
  it("an owner pastes into the private chat right after a reminder: saved to their section, the receipt names it", async () => {
    const g = chat(h);
    await g.say(clerk, "新建报告 南岸区交通局关于2026年法治政府建设情况的报告");
    await g.say(clerk, "分配 一（二） @张三", { mentions: [[zhang, "张三"]] });
    await g.say(clerk, "截止 2026-11-20");
    // Tue 11-17 09:30: 3 working days left, 张三 gets his reminder privately.
    setClock(h, "2026-11-17T09:30:00+08:00");
    await h.server.huibao.runReminders(new Date("2026-11-17T09:30:00+08:00"));
    await h.settle();
    expect(h.lark.sentTo(zhang).map(textOf).some((t) => /一（二）/.test(t) && /待你完善/.test(t))).toBe(true);
    // He pastes the text straight into the private chat (no reply, no command).
    const p2p = "oc_p2p_zhang_walk";
    const id = await g.say(zhang, PASTE, { chatType: "p2p", chatId: p2p });
    const key = await g.keyOf("一（二）");
    expect(sectionText(await h.server.huibao.reports.answers(g.reportId()), key)).toContain("一件事一次办");
    const receipt = textOf(g.repliesTo(id).at(-1)!);
    expect(receipt).toContain("已保存：（二）");
    expect(receipt).toContain("《南岸区交通局关于2026年法治政府建设情况的报告》");
    // The walk is now on that section: the next paste follows it.
    await g.say(zhang, "持续推进“信用交通”建设，修改非正常信息信用30余条。", { chatType: "p2p", chatId: p2p });
    expect(sectionText(await h.server.huibao.reports.answers(g.reportId()), key)).toContain("信用交通");
  });

  it("with several unfinished sections a card asks which; the tap saves it there; nothing is saved before", async () => {
    setClock(h, "2026-11-02T10:00:00+08:00");
    const g = chat(h);
    await g.say(clerk, "新建报告 测试局报告二");
    await g.say(clerk, "分配 一（二） @李四", { mentions: [[li, "李四"]] });
    await g.say(clerk, "分配 二 @李四", { mentions: [[li, "李四"]] });
    const p2p = "oc_p2p_li_walk";
    const id = await g.say(li, PASTE, { chatType: "p2p", chatId: p2p });
    const card = g.intentFor(id)!;
    expect(cardText(cardOf(card))).toContain("要保存到哪一部分");
    expect(await h.server.huibao.reports.db.answer.count({ where: { reportId: g.reportId() } })).toBe(0);
    const two = await g.keyOf("二");
    const r = await g.tap(li, card, "intent_text", { chatId: p2p, match: (v) => v.s === two });
    expect(r.toast.content).toMatch(/已保存到「二、/);
    expect(sectionText(await h.server.huibao.reports.answers(g.reportId()), two)).toContain("一件事一次办");
    // A section that is not one of the choices is refused.
    const other = await g.say(li, "另一段内容，写得比较长，说明情况。", { chatType: "p2p", chatId: "oc_p2p_li_walk2" });
    const forged = { v: 1, a: "intent_text", r: g.reportId(), s: "preamble", p: other };
    const refused = await h.click({ operator: li, value: forged, messageId: "om_x", chatId: "oc_p2p_li_walk2" });
    expect(refused.toast.type).toBe("warning");
    expect(sectionText(await h.server.huibao.reports.answers(g.reportId()), "preamble")).toBe("");
  });

  it("someone with no sections is told the text was not saved and why", async () => {
    const g = chat(h);
    const id = await g.say("ou_nobody", "我想写点东西进去，但是没有分配给我任何部分。", { chatType: "p2p", chatId: "oc_p2p_nobody" });
    expect(textOf(g.repliesTo(id).at(-1)!)).toMatch(/没有保存[\s\S]*还没有负责的部分/);
  });

  it("the reminder pass says why it sent nothing (周末, 未到提醒时间)", async () => {
    // A report of its own with a deadline, so the pass has something it could have reminded about.
    const g = chat(h);
    await g.say(clerk, "新建报告 南岸区交通局关于2026年法治政府建设情况的报告（提醒时间）");
    await g.say(clerk, "截止 2026-11-30");
    const sat = await h.server.huibao.runReminders(new Date("2026-11-21T09:30:00+08:00"));
    expect(sat.sent).toBe(0);
    expect(sat.reason).toContain("周末");
    const early = await h.server.huibao.runReminders(new Date("2026-11-23T08:00:00+08:00"));
    expect(early.reason).toContain("未到提醒时间（09:30）");
  });
});
