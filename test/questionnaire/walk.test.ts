// A full walk of the built-in template in a group chat, through the webhook, with the real 2023 南岸 report:
// create, shape the outline like that report (order, titles, removed sub-sections), walk what is left to write
// by replying to the prompts (a part first, its sub-sections while it still needs writing), skip and go back,
// reach the rest with 跳到, and check the stored report reproduces the texts in order. Each test
// walks in a chat of its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sectionText } from "../../src/domain/answers.js";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { cardOf, cardText, lastPrompt, prompts, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { createNanan, say as walkerSay, type Walker } from "../export/walk-2023.js";
import { fixture, normalizeText, seedBlocks } from "../helpers/seeds.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const clerk = "ou_clerk_wang";
const TITLE = "重庆市南岸区交通局关于2023年法治政府建设情况的报告";

/** A chat of its own and a way to speak in it. */
function newChat() {
  const chat = uid("oc_walk_");
  const say = async (text: string, o: { sender?: string; parentId?: string; atBot?: boolean } = {}) => {
    const r = await h.say({ chatId: chat, sender: o.sender ?? clerk, text, parentId: o.parentId, atBot: o.atBot });
    expect(r.status).toBe(200);
    await h.settle();
  };
  return { chat, say };
}

/** The stored outline of the chat's report (the oracle the prompts are checked against). */
async function outlineOf(chat: string) {
  const report = (await h.server.huibao.reports.getReport(lastPrompt(h.lark, chat).reportId))!;
  return resolveOutline(report.template, report.settings);
}

const headingTitle = (heading: string) => heading.replace(/^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[）)]/, "").replace(/\s+/g, "").trim();

describe("walking the built-in template with the 2023 南岸 report", () => {
  const blocks = seedBlocks(fixture("nanan-2023-report.txt"), 2);

  it("creates the report, posts the overview and the first prompt", async () => {
    const { chat, say } = newChat();
    await say(`新建报告 ${TITLE}`);
    expect(h.lark.messages.some((m) => /已创建报告/.test(textOf(m)))).toBe(true);
    expect(h.lark.messages.filter((m) => m.receiveId === chat).some((m) => /部分完成/.test(textOf(m)))).toBe(true);
    expect(lastPrompt(h.lark, chat).key).toBe("preamble");
  });

  it("shapes the outline like the real report: order, removed and retitled sections", async () => {
    const { chat, say } = newChat();
    await say(`新建报告 ${TITLE}`);
    await say("顺序 第一责任人第二");
    await say("删除 一（五）");
    await say("删除 一（五）");
    const parts = blocks.filter((b) => b.level > 0);
    // Retitle parts and sub-sections in outline order: 一、（一）…（六）、二…五.
    let part = 0;
    let sub = 0;
    const numerals = "一二三四五六七八九十";
    for (const b of parts) {
      if (b.level === 1) {
        part++;
        sub = 0;
        await say(`标题 ${numerals[part - 1]} ${headingTitle(b.heading)}`);
      } else {
        sub++;
        await say(`标题 ${numerals[part - 1]}（${numerals[sub - 1]}） ${headingTitle(b.heading)}`);
      }
    }
    const outline = await outlineOf(chat);
    expect(outline.map((s) => s.level)).toEqual(blocks.map((b) => b.level));
    expect(outline.slice(1).map((s) => s.title)).toEqual(parts.map((b) => headingTitle(b.heading)));
    expect(outline.find((s) => s.key === "leader")?.label).toBe("二");
    const notices = h.lark.messages.filter((m) => m.receiveId === undefined && /已更新设置/.test(textOf(m)));
    expect(notices.length).toBeGreaterThanOrEqual(3);
  });

  it("walks what is left to write, replying to each prompt: a part first, into its sub-sections with 跳过, on once the part is complete", async () => {
    const w: Walker = { h, chat: uid("oc_walk_"), sender: clerk };
    const { chat } = w;
    const say = (text: string, o: { parentId?: string; atBot?: boolean } = {}) => walkerSay(w, text, o);
    const { reportId, outline } = await createNanan(w);
    await say("跳到 开头");
    const textFor = (key: string) => blocks[outline.findIndex((s) => s.key === key)]!.text;
    const hasSubs = (key: string) => outline.some((c) => c.parentKey === key);
    const visited: string[] = [];
    for (let i = 0; i < 20; i++) {
      const p = lastPrompt(h.lark, chat);
      visited.push(p.key);
      if (hasSubs(p.key)) {
        // The part's prompt lists its sub-sections as aspects to cover; 跳过 walks into them.
        expect(textOf(p.message)).toContain("建议涵盖的方面");
        await say("跳过");
        continue;
      }
      if (p.key === "measures.study") {
        // Skip this one, come back to it.
        await say("跳过");
        expect(lastPrompt(h.lark, chat).key).toBe("measures.business");
        await say("上一节");
        expect(lastPrompt(h.lark, chat).key).toBe("measures.study");
      }
      const prompt = lastPrompt(h.lark, chat);
      await say(textFor(prompt.key), { parentId: prompt.message.messageId, atBot: false });
      const receipt = h.lark.messages.filter((m) => m.replyTo !== undefined).at(-1)!;
      expect(textOf(receipt)).toMatch(/字/);
      const before = h.lark.messages.length;
      await say("继续");
      if (h.lark.messages.slice(before).some((m) => /所有部分都已完成/.test(textOf(m)))) break;
    }
    // Part 一 is complete after its first two sub-sections (length and figures are judged on what it holds):
    // the walk goes on to 二 and does not ask for the sub-sections nobody needs to write.
    expect(visited).toEqual(["preamble", "measures", "measures.study", "measures.business", "leader", "shortcomings", "plan", "other"]);

    // The other sub-sections can still be written: 跳到 reaches them.
    for (const s of outline.filter((x) => x.level === 2 && !visited.includes(x.key))) {
      await say(`跳到 ${s.label}`);
      const prompt = lastPrompt(h.lark, chat);
      expect(prompt.key).toBe(s.key);
      await say(textFor(s.key), { parentId: prompt.message.messageId, atBot: false });
    }
    const answers = await h.server.huibao.reports.answers(reportId);
    const stored = outline.map((s) => sectionText(answers, s.key));
    expect(stored.map(normalizeText)).toEqual(blocks.map((b) => normalizeText(b.text)));
    // Word artefacts were cleaned: the sentence broken across lines ("水\n\n平") is joined again.
    expect(stored.join("\n")).toContain("提升政务服务水平。");
  }, 120_000);

  it("every prompt is a Card 2.0 card carrying its section, and the chat cursor moves with the walk", async () => {
    const { chat, say } = newChat();
    await say(`新建报告 ${TITLE}`);
    for (let i = 0; i < 4; i++) await say("跳过");
    const all = prompts(h.lark, chat);
    const outline = await outlineOf(chat);
    // The walk stops at a part first, and 跳过 goes on into its sub-sections: outline order.
    expect(all.map((p) => p.key)).toEqual(outline.slice(0, 5).map((s) => s.key));
    for (const p of all) {
      const card = cardOf(p.message);
      expect(card.schema).toBe("2.0");
      expect(cardText(card)).toContain(outline.find((s) => s.key === p.key)!.title.slice(0, 4));
    }
  });

  it("continues where the group left off a week later", async () => {
    const { chat, say } = newChat();
    await say(`新建报告 ${TITLE}`);
    await say("跳到 二");
    const left = lastPrompt(h.lark, chat).key;
    expect(left).not.toBe("preamble");
    const week = 7 * 24 * 3600_000;
    h.clock.advance(week);
    try {
      // 继续 on a section not yet answered brings its prompt again: the walk resumes there, not at the start.
      const before = prompts(h.lark, chat).length;
      await say("继续");
      expect(prompts(h.lark, chat)).toHaveLength(before + 1);
      expect(lastPrompt(h.lark, chat).key).toBe(left);
    } finally {
      h.clock.advance(-week);
    }
  });
});
