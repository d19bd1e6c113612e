// What is still missing from a report, named by section: the parts still to be written (待补充) and every
// placeholder left in the text (占位, e.g. 五、其他：「***件」). Shown at every gate — export, 提交审批 and the
// approval card — so nobody approves a report without seeing where it is unfinished. Pure.
import type { SectionCompleteness } from "./completeness/types.js";
import type { OutlineSection, SectionStatus } from "./model.js";
import { findPlaceholders, placeholderLabel } from "./placeholders.js";
import { GAP_WORD, sectionStatusWord } from "./vocabulary.js";

export interface Gap {
  key: string;
  /** The section as people name it: "开头", "五、其他需要报告的情况", "一（二）深化“放管服”改革". */
  where: string;
  /** unfinished: why ("未填写", "已写 30 字，建议不少于 80 字"); placeholders: the placeholders ("***件"). */
  detail: string[];
  status?: SectionStatus;
}

export interface Gaps {
  /** Parts still to be written (待补充), in outline order. */
  unfinished: Gap[];
  /** Sections whose text holds placeholders (占位), in outline order. */
  placeholders: Gap[];
  /** Placeholders in the whole report (each occurrence). */
  placeholderCount: number;
}


function whereOf(s: Pick<OutlineSection, "level" | "label" | "title">): string {
  if (s.level === 0) return "开头";
  return s.level === 1 ? `${s.label}、${s.title}` : `${s.label}${s.title}`;
}

function uniq(items: string[]): string[] {
  return [...new Set(items)];
}

/** The gaps of a report as completeness sees it (the live report). */
export function gapsFromCompleteness(outline: readonly OutlineSection[], sections: readonly SectionCompleteness[]): Gaps {
  const byKey = new Map(sections.map((c) => [c.key, c]));
  const gaps: Gaps = { unfinished: [], placeholders: [], placeholderCount: 0 };
  for (const s of outline) {
    const c = byKey.get(s.key);
    if (!c) continue;
    const where = whereOf(s);
    if (c.placeholders.length > 0) {
      gaps.placeholders.push({ key: s.key, where, detail: uniq(c.placeholders.map(placeholderLabel)), status: c.status });
      gaps.placeholderCount += c.placeholders.length;
    }
    if (c.status === "complete") continue;
    const hasChildren = c.childKeys.length > 0;
    const reasons = c.reasons.filter((r) => r.severity !== "hint" && r.code !== "placeholders" && r.code !== "children_incomplete" && r.code !== "children_attention");
    if (c.status === "empty") {
      // An empty part with sub-sections is listed once (the document prints 【待补充】 under it); an optional
      // empty sub-section is a suggestion, not a gap.
      if (c.required) gaps.unfinished.push({ key: s.key, where, detail: [sectionStatusWord("empty")], status: "empty" });
      continue;
    }
    if (hasChildren) {
      // Children report themselves; the part only for what is about the part as a whole (a missing figure).
      const own = reasons.filter((r) => r.code === "figure_missing");
      if (own.length > 0) gaps.unfinished.push({ key: s.key, where, detail: own.map((r) => r.message), status: c.status });
      continue;
    }
    if (reasons.length > 0) gaps.unfinished.push({ key: s.key, where, detail: reasons.map((r) => r.message), status: c.status });
  }
  return gaps;
}

/** A document block as frozen in a version (src/domain/report-document.ts DocumentSection, structurally). */
export interface GapBlock {
  level: 0 | 1 | 2;
  heading: string;
  text: string;
  required: boolean;
}

/** The gaps of a frozen document: what prints as 【待补充】, and the placeholders in its text. */
export function gapsFromDocument(blocks: readonly GapBlock[]): Gaps {
  const gaps: Gaps = { unfinished: [], placeholders: [], placeholderCount: 0 };
  let part = "";
  blocks.forEach((b, i) => {
    if (b.level === 1) part = /^([一二三四五六七八九十]+)、/.exec(b.heading)?.[1] ?? "";
    const where = b.level === 0 ? "开头" : b.level === 2 ? `${part}${b.heading}` : b.heading;
    const key = `block:${i}`;
    const found = findPlaceholders(b.text);
    if (found.length > 0) {
      gaps.placeholders.push({ key, where, detail: uniq(found.map(placeholderLabel)) });
      gaps.placeholderCount += found.length;
    }
    if (!b.required || b.text.trim() !== "") return;
    let childText = false;
    for (let j = i + 1; j < blocks.length && blocks[j]!.level > b.level && b.level > 0; j++) if (blocks[j]!.text.trim() !== "") childText = true;
    if (!childText) gaps.unfinished.push({ key, where, detail: [sectionStatusWord("empty")], status: "empty" });
  });
  return gaps;
}

export function hasGaps(g: Gaps): boolean {
  return g.unfinished.length > 0 || g.placeholders.length > 0;
}

/** "待补充 2 个部分、占位 3 处"; "" when nothing is missing. */
export function gapSummary(g: Gaps): string {
  const bits: string[] = [];
  if (g.unfinished.length > 0) bits.push(`${GAP_WORD.unfinished} ${g.unfinished.length} 个部分`);
  if (g.placeholderCount > 0) bits.push(`${GAP_WORD.placeholder} ${g.placeholderCount} 处`);
  return bits.join("、");
}

const WHERE_CHARS = 18;

function short(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * The gaps as short plain-text lines, placeholders first (they are easy to miss: the text looks written), then the
 * parts still to be written: "占位 · 五、其他需要报告的情况：「***件」「XX」", "待补充 · 四、2024年工作思路：未填写".
 * At most `max` lines; what does not fit is summed up in a last line.
 */
export function gapLines(g: Gaps, max = 10): string[] {
  const all = [
    ...g.placeholders.map((x) => `${GAP_WORD.placeholder} · ${short(x.where, WHERE_CHARS)}：${x.detail.map((d) => `「${d}」`).join("")}`),
    ...g.unfinished.map((x) => `${GAP_WORD.unfinished} · ${short(x.where, WHERE_CHARS)}：${x.detail.join("；")}`),
  ];
  if (all.length <= max) return all;
  const shown = all.slice(0, Math.max(1, max - 1));
  return [...shown, `……另有 ${all.length - shown.length} 处，详见进度`];
}
