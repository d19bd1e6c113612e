// Drives a whole real report through the webhook, the way test/questionnaire/walk.test.ts does: create it, shape
// the built-in template's outline like the report (order, removed and retitled sections), then answer every
// section by replying to its prompt. Shared by the export and live-card tests.
import { expect } from "vitest";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import type { OutlineSection } from "../../src/domain/model.js";
import { lastPrompt } from "../helpers/bot.js";
import type { Harness } from "../helpers/harness.js";
import { fixture, seedBlocks, type SeedBlock } from "../helpers/seeds.js";

export const NANAN_TITLE = "重庆市南岸区交通局关于2023年法治政府建设情况的报告";
export const NANAN_OFFICE = "重庆市南岸区交通局";

const NUMERALS = "一二三四五六七八九十";
export const headingTitle = (heading: string) =>
  heading.replace(/^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[）)]/, "").replace(/\s+/g, "").trim();

export interface Walker {
  h: Harness;
  chat: string;
  sender: string;
}

export async function say(w: Walker, text: string, o: { parentId?: string; atBot?: boolean; sender?: string } = {}) {
  const r = await w.h.say({ chatId: w.chat, sender: o.sender ?? w.sender, text, parentId: o.parentId, atBot: o.atBot });
  expect(r.status).toBe(200);
  await w.h.settle();
}

/** The 2023 南岸 report as the parts people answer. */
export function nananBlocks(): SeedBlock[] {
  return seedBlocks(fixture("nanan-2023-report.txt"), 2);
}

/** Creates the report and shapes its outline like the 2023 南岸 report; returns the report id and outline. */
export async function createNanan(w: Walker): Promise<{ reportId: string; outline: OutlineSection[]; blocks: SeedBlock[] }> {
  const blocks = nananBlocks();
  await say(w, `新建报告 ${NANAN_TITLE}`);
  await say(w, "顺序 第一责任人第二");
  await say(w, "删除 一（五）");
  await say(w, "删除 一（五）");
  let part = 0;
  let sub = 0;
  for (const b of blocks.filter((x) => x.level > 0)) {
    if (b.level === 1) {
      part++;
      sub = 0;
      await say(w, `标题 ${NUMERALS[part - 1]} ${headingTitle(b.heading)}`);
    } else {
      sub++;
      await say(w, `标题 ${NUMERALS[part - 1]}（${NUMERALS[sub - 1]}） ${headingTitle(b.heading)}`);
    }
  }
  const reportId = lastPrompt(w.h.lark, w.chat).reportId;
  const report = (await w.h.server.huibao.reports.getReport(reportId))!;
  const outline = resolveOutline(report.template, report.settings);
  expect(outline.map((s) => s.level)).toEqual(blocks.map((b) => b.level));
  return { reportId, outline, blocks };
}

/**
 * Answers each section (in outline order, parts with sub-sections written through them) with `textFor(key)`,
 * replying to the section's prompt. Sections whose text is empty are skipped.
 */
export async function answerAll(w: Walker, outline: OutlineSection[], textFor: (key: string) => string) {
  const visited = outline.filter((s) => !(s.level === 1 && outline.some((c) => c.parentKey === s.key)));
  for (const s of visited) {
    const text = textFor(s.key);
    if (!text) continue;
    await say(w, `跳到 ${s.label}`);
    const p = lastPrompt(w.h.lark, w.chat);
    expect(p.key).toBe(s.key);
    await say(w, text, { parentId: p.message.messageId, atBot: false });
  }
}
