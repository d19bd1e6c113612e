// Headings in text pasted into one section: a heading for that section becomes its title (the numbering is the
// bot's, so "三、" is not kept as text); a part heading naming a different mandated part gets a card offering to move
// the text there, the text kept until decided. Through the webhook with the real 2023 南岸 report's 不足 part. Each
// test makes its own chat and report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sectionText } from "../../src/domain/answers.js";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { lastPrompt } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { fixture } from "../helpers/seeds.js";
import { clickAction, replyCard, say } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const owner = "ou_clerk_sun";
const writer = "ou_writer_qian";
const stranger = "ou_stranger";

/** The 不足 part of the 2023 report as it stands in the fixture: "三、…存在的不足", then 1. 2. 3. */
const NANAN = fixture("nanan-2023-report.txt");
const SHORTCOMINGS = NANAN.slice(NANAN.indexOf("三、2023年推进法治政府建设存在的不足"), NANAN.indexOf("四、2024年"));

/** A new group with a report; `paste(address, text)` replies to that section's prompt as the writer. */
async function group() {
  const chat = uid("oc_headings_");
  await say(h, chat, owner, "新建报告");
  const reportId = lastPrompt(h.lark, chat).reportId;
  return {
    chat,
    reportId,
    report: async () => (await h.server.huibao.reports.getReport(reportId))!,
    answers: () => h.server.huibao.reports.answers(reportId),
    heading: async (key: string) => {
      const r = (await h.server.huibao.reports.getReport(reportId))!;
      return resolveOutline(r.template, r.settings).find((s) => s.key === key)!.heading;
    },
    async paste(address: string, text: string) {
      await say(h, chat, owner, `跳到 ${address}`);
      const p = lastPrompt(h.lark, chat);
      const messageId = await say(h, chat, writer, text, { parentId: p.message.messageId, atBot: false });
      return { key: p.key, messageId, card: () => replyCard(h, messageId, /要放到/) };
    },
  };
}

describe("text of the 不足 part pasted into the 第一责任人 part", () => {
  it("gets the move card; the text is kept, nothing saved yet", async () => {
    const g = await group();
    const p = await g.paste("三", SHORTCOMINGS); // 法定顺序: 三 is the 第一责任人 part
    expect(p.key).toBe("leader");
    expect(p.card().text).toContain("这段内容像是「不足」部分，要放到 **二、存在的不足和原因** 吗？");
    expect(await g.answers()).toEqual([]);
    expect(await h.server.huibao.reports.db.pendingInput.findUnique({ where: { id: p.messageId } })).toMatchObject({ kind: "move", sectionKey: "leader", resolvedAt: null, text: SHORTCOMINGS.trim() });
  });

  it("only the writer or the report owner decides; an import action on it is refused", async () => {
    const g = await group();
    const p = await g.paste("三", SHORTCOMINGS);
    const answer = await clickAction(h, p.card(), "move_text", { operator: stranger, chatId: g.chat });
    expect(answer.toast.content).toContain("只有粘贴这段内容的人或报告负责人");
    const forged = await h.click({ operator: owner, chatId: g.chat, value: { v: 1, a: "import_replace", r: g.reportId, p: p.messageId } });
    expect(forged.toast.content).toContain("这张卡片已失效");
    await h.settle();
    expect(await g.answers()).toEqual([]);
  });

  it("moving saves it into the 不足 part, attributed to the writer; the heading becomes the part's title, not text", async () => {
    const g = await group();
    const p = await g.paste("三", SHORTCOMINGS);
    const answer = await clickAction(h, p.card(), "move_text", { operator: writer, chatId: g.chat });
    expect(answer.toast.content).toBe("已放到 二、存在的不足和原因");
    const all = await g.answers();
    expect(all.map((a) => [a.sectionKey, a.authorOpenId])).toEqual([["shortcomings", writer]]);
    const text = sectionText(all, "shortcomings");
    expect(text).toMatch(/^1\.观念的不足。/);
    expect(text).not.toContain("三、");
    expect(text).toContain("3.交通建设领域执法人员不足。");
    expect(await g.heading("shortcomings")).toBe("二、2023年推进法治政府建设存在的不足");
    expect(sectionText(all, "leader")).toBe("");
    // Decided once: a second click changes nothing.
    const again = await clickAction(h, p.card(), "keep_text", { operator: writer, chatId: g.chat });
    expect(again.toast.content).toBe("已处理：已放到 二、存在的不足和原因");
    expect(await g.answers()).toHaveLength(1);
  });

  it("留在这里 keeps the whole text in the part it was pasted into", async () => {
    const g = await group();
    const p = await g.paste("三", SHORTCOMINGS);
    const answer = await clickAction(h, p.card(), "keep_text", { operator: owner, chatId: g.chat });
    expect(answer.toast.content).toBe("已保留在 三、党政主要负责人履行推进法治建设第一责任人职责情况");
    expect(sectionText(await g.answers(), "leader")).toMatch(/^三、2023年推进法治政府建设存在的不足\n1\.观念的不足。/);
  });
});

describe("a heading for the section it is pasted into", () => {
  it("a part heading with another title: the title is taken, the numbering and heading are not kept as text", async () => {
    const g = await group();
    const p = await g.paste("四", "四、2024年推进法治政府建设的工作思路目标举措\n我局将全面贯彻落实习近平法治思想，持续开展“八五”普法。");
    expect(replyCard(h, p.messageId, /已更新标题/).text).toContain("「四」的标题改为：2024年推进法治政府建设的工作思路目标举措");
    expect(sectionText(await g.answers(), "plan")).toBe("我局将全面贯彻落实习近平法治思想，持续开展“八五”普法。");
    expect(await g.heading("plan")).toBe("四、2024年推进法治政府建设的工作思路目标举措");
  });

  it("a run-in sub-section heading keeps its closing mark in the title; the same title again changes nothing", async () => {
    const g = await group();
    const p = await g.paste("一（一）", "（一）强化组织领导。年初，及时调整领导小组成员，先后2次召开年度依法行政工作会议。");
    expect(replyCard(h, p.messageId, /已更新标题/).text).toContain("强化组织领导。");
    expect(await g.heading(p.key)).toBe("（一）强化组织领导。");
    expect(sectionText(await g.answers(), p.key)).toBe("年初，及时调整领导小组成员，先后2次召开年度依法行政工作会议。");
    const again = await g.paste("一（一）", "（一）强化组织领导。另外，出台年度工作要点。");
    expect(() => replyCard(h, again.messageId, /已更新标题/)).toThrow();
    expect(sectionText(await g.answers(), p.key)).toBe("年初，及时调整领导小组成员，先后2次召开年度依法行政工作会议。\n另外，出台年度工作要点。");
  });

  it("text with a deeper heading is saved as it is", async () => {
    const g = await group();
    await g.paste("五", "1.特色工作。首创开通普法专线。");
    expect(sectionText(await g.answers(), "other")).toBe("1.特色工作。首创开通普法专线。");
  });
});
