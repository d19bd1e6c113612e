/**
 * Last year's report as the start of this year's (参照). Pure.
 *
 * - Structure: this year's report takes last year's template snapshot and outline settings as they are — part
 *   order, part titles, sub-sections (template ones, added ones, removed ones, their order) — so every section
 *   keeps its key, and last year's text of a section is found by key (lastYearKeys; a section not found by key is
 *   looked up by its title at the same level). Answers are never copied.
 * - Carried text (沿用去年文字): a revision copied from last year carries `carriedFrom` (last year's report id). A
 *   contribution is carried over while its latest revision is such a copy; any edit (a replacing revision without
 *   the marker) ends it. Unedited carried text is 需更新: completeness does not count the section complete.
 * - Last year's plan (the part reporting mandated item 4, 下一年度安排) is cut into items (planItems): "一是……二是……",
 *   else its numbered sub-headings, else its sentences. Each item is a checklist entry in this year's measures
 *   part, checked with the same key-term test as the work plan's tasks (./workplan/mentioned.ts).
 * - Archive: a report that can serve as last year's — flagged `archived` (an imported report of a past year, or
 *   the source of a 参照), or approved and of an earlier year.
 */
import { currentContributions } from "./answers.js";
import type { Answer, OutlineSection, OutlineSettings } from "./model.js";
import { recognizeStructure } from "./structure/recognize.js";
import { cleanPastedText } from "./text-clean.js";
import { CARRIED_OVER_WORD } from "./vocabulary.js";
import { keyTerms, mentionsTerms } from "./workplan/mentioned.js";
import { charLength, firstChars } from "./text.js";

const normTitle = (t: string) => t.replace(/[\s\u3000，,、；;：:。“”"]/g, "");

/**
 * For each section of this year's outline, the key of the same section in last year's outline: the same key, else
 * the only section at the same level (and, for sub-sections, under the same part) with the same title.
 */
export function lastYearKeys(outline: readonly OutlineSection[], previous: readonly OutlineSection[]): Map<string, string> {
  const byKey = new Map(previous.map((s) => [s.key, s]));
  const out = new Map<string, string>();
  for (const s of outline) {
    if (byKey.has(s.key)) {
      out.set(s.key, s.key);
      continue;
    }
    const same = previous.filter((p) => p.level === s.level && normTitle(p.title) === normTitle(s.title) && (s.level < 2 || out.get(s.parentKey ?? "") === p.parentKey));
    if (same.length === 1) out.set(s.key, same[0]!.key);
  }
  return out;
}

/** A section's whole text: its own text, then its sub-sections' in outline order. */
export function fullText(outline: readonly OutlineSection[], texts: ReadonlyMap<string, string>, key: string): string {
  const parts = [texts.get(key) ?? "", ...outline.filter((s) => s.parentKey === key).map((s) => texts.get(s.key) ?? "")];
  return parts.filter((t) => t.trim() !== "").join("\n");
}

// ---------------------------------------------------------------------------------------------
// Carried text

/** Ids of the section's current contributions that are still carried over (latest revision is a copy). */
export function carriedContributions(answers: readonly Answer[], sectionKey: string): string[] {
  const carried = new Set(answers.filter((a) => a.sectionKey === sectionKey && a.carriedFrom).map((a) => a.id));
  return currentContributions(answers, sectionKey)
    .filter((c) => carried.has(c.revisionId))
    .map((c) => c.revisionId);
}

export const CARRIED_MESSAGE = (year: number | null) => `沿用${year ? `${year}年` : "去年"}文字，${CARRIED_OVER_WORD}`;

// ---------------------------------------------------------------------------------------------
// Last year's plan

export interface PlanItem {
  /** Short label: the item's first clause ("进一步加强法治政府建设工作的组织和领导"). */
  label: string;
  /** Key terms for the mentioned test. */
  terms: string[];
}

const ORDINAL_RE = /(?:^|[。；;！!？?\s])([一二三四五六七八九十]{1,2})是/g;
const ORDINALS = "一二三四五六七八九十";
const MAX_LABEL = 40;
const MAX_ITEMS = 12;

function labelOf(text: string): string {
  const first = /^[^，。；：,;:！？]+/.exec(text.trim());
  const label = (first ? first[0] : text).trim();
  return charLength(label) > MAX_LABEL ? firstChars(label, MAX_LABEL) + "…" : label;
}

function itemOf(text: string): PlanItem | null {
  const label = labelOf(text);
  if (charLength(label) < 2) return null;
  const sentence = /^[^。；;！？]+/.exec(text.trim())?.[0] ?? label;
  // The label's terms when it has several; a short label ("加大投入") takes its whole sentence's.
  let terms = keyTerms(label);
  if (terms.length < 2) terms = keyTerms(sentence);
  return { label, terms };
}

/** The items of last year's plan part (see the module comment). */
export function planItems(text: string): PlanItem[] {
  const t = cleanPastedText(text);
  if (t === "") return [];
  // "一是……二是……": in order, starting from 一.
  const marks: { at: number; end: number }[] = [];
  ORDINAL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ORDINAL_RE.exec(t))) {
    if (m[1] !== ORDINALS[marks.length]) continue;
    marks.push({ at: m.index + m[0].length - m[1]!.length - 1, end: m.index + m[0].length });
  }
  if (marks.length >= 2) {
    return marks
      .map((mk, i) => itemOf(t.slice(mk.end, i + 1 < marks.length ? marks[i + 1]!.at : t.length)))
      .filter((x): x is PlanItem => x !== null)
      .slice(0, MAX_ITEMS);
  }
  // Numbered sub-headings: （一）…, 1.…
  const doc = recognizeStructure(t);
  const subs = doc.parts.flatMap((p) => p.subsections);
  if (subs.length >= 2) {
    return subs
      .map((s) => itemOf(s.title !== "" ? s.title : s.body))
      .filter((x): x is PlanItem => x !== null)
      .slice(0, MAX_ITEMS);
  }
  // Sentences, without an introduction that only says what follows ("明年我们将：").
  return t
    .split(/(?<=[。；;！？])/)
    .map((s) => s.trim().replace(/^[^：:。，,]{0,15}[：:]/, ""))
    .filter((s) => charLength(s) >= 6 && !/[：:]$/.test(s))
    .map(itemOf)
    .filter((x): x is PlanItem => x !== null)
    .slice(0, MAX_ITEMS);
}

export function planItemMentioned(item: PlanItem, text: string): boolean {
  return mentionsTerms(text, item.terms);
}

/** "（一）" for 1. */
export function itemMarker(i: number): string {
  return `（${ORDINALS[i] ?? String(i + 1)}）`;
}

export const PLAN_UNMENTIONED_MESSAGE = (year: number | null, i: number, label: string) =>
  `${year ? `${year}年` : "去年"}计划${itemMarker(i)}${label}：今年未提及`;

// ---------------------------------------------------------------------------------------------
// Archive and the choice of last year's report

export interface ReportRef {
  id: string;
  title: string;
  year: number;
  status: string;
  archived: boolean;
  createdAt: Date;
}

/** Whether a report can serve as last year's for a report of `year`. */
export function isArchive(r: Pick<ReportRef, "year" | "status" | "archived">, year: number): boolean {
  return r.year < year && (r.archived || r.status === "approved");
}

/**
 * The report a new one of `year` most likely continues ("参照去年"): an archive of an earlier year first, then any
 * report of an earlier year, the latest year and the latest created first; null when there is none.
 */
export function pickPrevious<T extends ReportRef>(candidates: readonly T[], year: number, except?: string): T | null {
  const earlier = candidates.filter((r) => r.id !== except && r.year < year);
  const rank = (r: T) => (isArchive(r, year) ? 1 : 0);
  const sorted = [...earlier].sort((a, b) => rank(b) - rank(a) || b.year - a.year || b.createdAt.getTime() - a.createdAt.getTime());
  return sorted[0] ?? null;
}

/** The year in a title like "…关于2024年法治政府建设情况的报告", or null. */
export function titleYear(title: string): number | null {
  const m = /(20\d{2})\s*年/.exec(title);
  return m ? Number(m[1]) : null;
}

/** Last year's title moved to `year`: "…关于2023年…" → "…关于2024年…". */
export function titleForYear(previousTitle: string, previousYear: number, year: number): string {
  return previousTitle.includes(`${previousYear}`) ? previousTitle.split(`${previousYear}`).join(`${year}`) : previousTitle;
}
