// Completeness of a report: a status and reasons per section, what is still owed and by whom, and totals
// for the report. Pure and deterministic (same input → same output, input order kept), and cheap: the
// placeholder expression is compiled once (../placeholders.ts), figure patterns once per distinct pattern
// (cached in figures.ts). This is the one evaluation: the overview, the prompts, the walks and the reminder pass
// all read it.
//
// The one evaluator, in several files: report.ts (here: the sections in order, owners, totals), section.ts (one
// section's status and reasons), owed.ts (what is owed, where walks stop), figures.ts, reasons.ts (reasons, status
// words), topics.ts (guidance topics, not completeness), lists.ts, types.ts.
//
// Owners: a section's owners are its own, or — for a sub-section without owners of its own — its part's.
//
// Report totals count the preamble and the parts that count (required, or written), one row each, as the
// overview shows them: 100 % means every one of them is complete.

import { distinct, fit } from "./lists.js";
import { counts, markOwed } from "./owed.js";
import { evaluateSection } from "./section.js";
import type { CompletenessInput, CompletenessSectionInput, ReportCompleteness, ReportWarning, SectionCompleteness } from "./types.js";

const USUAL_LEVELS: readonly number[] = Object.freeze([2, 1, 0]);

/** The distinct levels present, deepest first (normally 2, 1, 0). */
function levelsDeepestFirst(items: readonly CompletenessSectionInput[]): readonly number[] {
  let other = false;
  for (const it of items) {
    const l = it.section.level as number;
    if (l !== 0 && l !== 1 && l !== 2) other = true;
  }
  if (!other) return USUAL_LEVELS;
  return [...new Set(items.map((it) => it.section.level as number))].sort((a, b) => b - a);
}

/** Index of the section with key `key`, the last one in input order (as a Map filled in input order gives), or -1. */
function indexOfKey(items: readonly CompletenessSectionInput[], key: string, byKey: Map<string, number> | null): number {
  if (byKey !== null) return byKey.get(key) ?? -1;
  for (let j = items.length - 1; j >= 0; j--) if (items[j]!.section.key === key) return j;
  return -1;
}

/** Evaluates every section and the report as a whole. */
export function evaluateCompleteness(input: CompletenessInput): ReportCompleteness {
  const items = input.sections;
  const n = items.length;
  // A report has about twenty sections: looking a parent up by scanning is cheaper than building a Map.
  let byKey: Map<string, number> | null = null;
  if (n > 64) {
    byKey = new Map();
    for (let i = 0; i < n; i++) byKey.set(items[i]!.section.key, i);
  }
  // The parent of each section in the input (-1: none), and the children of each, in input order (null: none).
  const parentIdx = new Array<number>(n).fill(-1);
  const childIdx: (number[] | null)[] = new Array<number[] | null>(n).fill(null);
  for (let i = 0; i < n; i++) {
    const p = items[i]!.section.parentKey;
    if (p === null) continue;
    const pi = indexOfKey(items, p, byKey);
    if (pi >= 0 && pi !== i) {
      parentIdx[i] = pi;
      (childIdx[pi] ??= []).push(i);
    }
  }

  // Owners as they apply: a section's own, else (a section deeper than its parent) its parent's. Shallowest
  // level first, so a parent's are known before its children's.
  const levels = levelsDeepestFirst(items);
  const owners = new Array<readonly string[]>(n);
  const inherited = new Array<boolean>(n).fill(false);
  for (let v = levels.length - 1; v >= 0; v--) {
    const level = levels[v];
    for (let i = 0; i < n; i++) {
      const item = items[i]!;
      if (item.section.level !== level) continue;
      let o = distinct(item.ownerOpenIds);
      const pi = parentIdx[i]!;
      if (o.length === 0 && pi >= 0 && (items[pi]!.section.level as number) < (level as number)) {
        o = owners[pi]!;
        inherited[i] = o.length > 0;
      }
      owners[i] = o;
    }
  }

  // Children before parents: deepest level first (levels are 0..2), input order within a level. A child
  // at the same or a shallower level than its parent is evaluated later and left out.
  const results = new Array<SectionCompleteness | undefined>(n);
  const fullTexts = new Array<string>(n);
  for (const level of levels) {
    for (let i = 0; i < n; i++) {
      if (items[i]!.section.level !== level) continue;
      results[i] = evaluateSection(items[i]!, i, childIdx[i] ?? null, results, fullTexts, owners[i]!, inherited[i]!);
    }
  }
  const sections = results as SectionCompleteness[];

  markOwed(items, sections, parentIdx, childIdx);

  let requiredTotal = 0;
  let requiredComplete = 0;
  let characters = 0;
  const warnings: ReportWarning[] = [];
  for (const s of sections) {
    characters += s.length;
    if (s.level < 2 && counts(s)) {
      requiredTotal++;
      if (s.status === "complete") requiredComplete++;
    }
    for (const r of s.reasons) {
      if (r.severity === "warning" && r.code !== "children_attention") {
        warnings.push({ key: s.key, label: s.label, code: r.code, message: r.message });
      }
    }
  }
  const percent = requiredTotal === 0 ? 100 : Math.floor((requiredComplete * 100) / requiredTotal);
  return {
    sections,
    requiredTotal,
    requiredComplete,
    percent,
    characters,
    ready: requiredComplete === requiredTotal && warnings.length === 0,
    warnings: fit(warnings),
  };
}
