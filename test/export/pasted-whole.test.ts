// Real reports in their own shape, through the webhook and the fake Open API: each fixture report is pasted into
// the built-in template part by part — the preamble, then each part whole and unshaped (its own （一）… included)
// as one reply to that part's prompt, with no 顺序/标题/删除 commands. The walk goes part to part; the overview
// reaches 100 %; the exported .docx, parsed back, holds exactly what was written under the template's part
// headings: none of the template's sub-section headings that nobody wrote, no 【待补充】.
import { fullDate } from "../../src/domain/date-format.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDate } from "../../src/domain/time-zone.js";
import { fazhiAnnualTemplate } from "../../src/domain/templates/fazhi-annual.js";
import { cardOf, cardText, lastPrompt, overviews, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { FIXTURE_PART_KEYS, fixture, normalizeText, seedParts } from "../helpers/seeds.js";
import { docxParagraphs } from "./docx-text.js";
import { say, type Walker } from "./walk-2023.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

/** The template's part headings as printed, in its default (mandated) order. */
const PART_HEADINGS: Record<string, string> = Object.fromEntries(
  fazhiAnnualTemplate.parts.map((p, i) => [p.key, `${"一二三四五"[i]}、${p.title}`]),
);
const SUB_TITLES = fazhiAnnualTemplate.parts.flatMap((p) => p.children.map((c) => c.title));

interface Pasted {
  chat: string;
  reportId: string;
  /** The prompts the walk gave, in order (section keys). */
  walked: string[];
  docx: string[];
  today: string;
}

/**
 * Creates the report, answers the preamble and then every part the walk offers with the fixture's part for it
 * (one reply each), 继续 after each, until the bot says everything is complete; then 发文机关 and 导出 文件.
 */
async function pasteWhole(
  file: keyof typeof FIXTURE_PART_KEYS,
  titleLines: number,
  title: string,
  office: string,
  edit: (t: string) => string = (t) => t,
  skip: readonly string[] = [],
): Promise<Pasted> {
  const w: Walker = { h, chat: uid("oc_pasted_"), sender: "ou_clerk_paste" };
  const { preamble, parts } = seedParts(edit(fixture(file)), titleLines);
  const textFor: Record<string, string> = { preamble };
  parts.forEach((p, i) => (textFor[FIXTURE_PART_KEYS[file][i]!] = p.text));
  await say(w, `新建报告 ${title}`);
  const reportId = lastPrompt(h.lark, w.chat).reportId;
  const walked: string[] = [];
  for (let i = 0; i < 10; i++) {
    const p = lastPrompt(h.lark, w.chat);
    if (walked.includes(p.key)) break; // round again: what is left needs fixing (a draft's placeholders), not pasting
    walked.push(p.key);
    if (p.key === "measures") expect(textOf(p.message)).toContain("建议涵盖的方面");
    if (skip.includes(p.key)) {
      await say(w, "跳过");
      continue;
    }
    await say(w, textFor[p.key]!, { parentId: p.message.messageId, atBot: false });
    const before = h.lark.messages.length;
    await say(w, "继续");
    if (h.lark.messages.slice(before).some((m) => /所有部分都已完成/.test(textOf(m)))) break;
  }
  await say(w, `发文机关 ${office}`);
  const today = localDate(h.clock.now(), "Asia/Shanghai");
  await say(w, "导出 文件");
  const msg = h.lark.messages.filter((m) => m.msgType === "file" && m.receiveId === w.chat).at(-1)!;
  const file_ = h.lark.files.get(JSON.parse(msg.content).file_key)!;
  await say(w, "导出");
  return { chat: w.chat, reportId, walked, docx: docxParagraphs(new Uint8Array(file_.bytes)), today };
}

/** What the document must say between the title and the signature: the preamble, then each template part's heading and the pasted part. */
function expectedBody(file: keyof typeof FIXTURE_PART_KEYS, titleLines: number, edit: (t: string) => string = (t) => t): string {
  const { preamble, parts } = seedParts(edit(fixture(file)), titleLines);
  const byKey = new Map(parts.map((p, i) => [FIXTURE_PART_KEYS[file][i]!, p.text]));
  return [preamble, ...fazhiAnnualTemplate.parts.flatMap((p) => [PART_HEADINGS[p.key]!, byKey.get(p.key)!])].join("");
}

function checkDocument(r: Pasted, title: string, office: string, body: string) {
  const paras = r.docx;
  const titleLines = normalizeText(paras[0]!) === normalizeText(title) ? 1 : 2; // a long title wraps onto two lines
  expect(normalizeText(paras.slice(0, titleLines).join(""))).toBe(normalizeText(title));
  // Exactly the written text, in order, and nothing else in between.
  expect(normalizeText(paras.slice(titleLines, -2).join(""))).toBe(normalizeText(body));
  expect(paras.at(-2)).toBe(office);
  expect(paras.at(-1)).toBe(fullDate(r.today));
  expect(paras.join("")).not.toContain("【待补充】");
  // None of the template's sub-section headings, which nobody wrote (a heading line "（n）<template title>").
  const headingTitle = (p: string) => normalizeText(p.replace(/^[（(][一二三四五六七八九十]+[）)]/, ""));
  for (const t of SUB_TITLES) expect(paras.filter((p) => /^[（(][一二三四五六七八九十]+[）)]/.test(p) && headingTitle(p) === normalizeText(t)), t).toEqual([]);
}

describe("real reports pasted part by part into the built-in template, each part whole", () => {
  it("the finished 2023 南岸 report: the walk goes part to part, the overview reads 100 %, the .docx holds exactly what was written", async () => {
    const title = "重庆市南岸区交通局关于2023年法治政府建设情况的报告";
    const office = "重庆市南岸区交通局";
    const r = await pasteWhole("nanan-2023-report.txt", 2, title, office);
    // The template's order; part 一 pasted with its own （一）…（六）, so its eight suggestions are never asked for.
    expect(r.walked).toEqual(["preamble", "measures", "shortcomings", "leader", "plan", "other"]);
    const card = cardText(cardOf(overviews(h.lark, r.chat)[0]!));
    expect(card).toMatch(/6\/6 部分完成 · 100%/);
    expect(card).not.toContain("未填写");
    checkDocument(r, title, office, expectedBody("nanan-2023-report.txt", 2));
    // Part 一 keeps the report's own sub-headings, e.g. its (二) on 放管服.
    expect(r.docx.some((p) => /^[（(]二[）)]持续深化“放管服”改革/.test(p))).toBe(true);
  }, 120_000);

  it("the 2022 district draft: only its placeholder figures keep it from 100 %; the .docx holds exactly what was written", async () => {
    const title = "某区交通运输局关于2022年法治政府建设情况的报告";
    const office = "某区交通运输局";
    const r = await pasteWhole("district-2022-draft.txt", 0, title, office);
    expect(r.walked).toEqual(["preamble", "measures", "shortcomings", "leader", "plan", "other"]);
    const card = cardText(cardOf(overviews(h.lark, r.chat)[0]!)).replace(/&#42;/g, "*");
    expect(card).toMatch(/1\/6 部分完成 · 17%/);
    expect(card).toContain("待填写的占位符");
    expect(card).not.toContain("未填写");
    expect(card).not.toContain("小节");
    checkDocument(r, title, office, expectedBody("district-2022-draft.txt", 0));
  }, 120_000);

  it("the same draft with its figures filled in reads 100 %", async () => {
    const fill = (t: string) => t.replace(/[*＊]+/g, "2");
    const title = "某区交通运输局关于2022年法治政府建设情况的报告";
    const office = "某区交通运输局";
    const r = await pasteWhole("district-2022-draft.txt", 0, title, office, fill);
    expect(cardText(cardOf(overviews(h.lark, r.chat)[0]!))).toMatch(/6\/6 部分完成 · 100%/);
    checkDocument(r, title, office, expectedBody("district-2022-draft.txt", 0, fill));
  }, 120_000);

  it("a required part with no text at all still shows 【待补充】 and keeps the report from complete", async () => {
    const title = "重庆市南岸区交通局关于2023年法治政府建设情况的报告";
    const office = "重庆市南岸区交通局";
    const r = await pasteWhole("nanan-2023-report.txt", 2, title, office, undefined, ["other"]);
    const card = cardText(cardOf(overviews(h.lark, r.chat)[0]!));
    expect(card).toMatch(/5\/6 部分完成 · 83%/);
    const at = r.docx.indexOf(PART_HEADINGS.other!);
    expect(at).toBeGreaterThan(0);
    expect(r.docx[at + 1]).toBe("【待补充】");
    expect(r.docx.filter((p) => p === "【待补充】")).toHaveLength(1);
    // The export card says so.
    const ready = h.lark.messages.filter((m) => m.msgType === "interactive" && /报告已生成/.test(textOf(m))).at(-1)!;
    expect(textOf(ready)).toContain("待补充 1 个部分");
    expect(textOf(ready)).toContain("五、其他需要报告的情况：未填写");
  }, 120_000);
});
