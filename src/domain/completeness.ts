// Completeness of a report: a status and reasons per section, what is still owed and by whom, and totals
// for the report. Pure and deterministic (same input → same output, input order kept), and cheap: the
// placeholder expression is compiled once (placeholders.ts), figure patterns once per distinct pattern
// (cached here). This is the one evaluation: the overview, the prompts, the walks and the reminder pass
// all read it.
//
// Rules, per section (its own text):
// - empty: no non-whitespace character. With owners assigned, a hint says the owner has not written yet.
// - complete answer: the text, ignoring whitespace and final punctuation, equals one of
//   spec.completeAnswers (e.g. "无") → complete, no further checks.
// - attention: placeholders ("***件", "XX", "【待补充】"…) or a figure the template requires
//   (spec.figures) that the text does not contain. These must be fixed before the report is final.
// - draft: shorter than spec.minLength (characters, whitespace not counted).
// - complete: otherwise.
// - Guidance topics are not part of completeness: they never change a status (topics are suggestions,
//   real reports word them in many ways, and a finished report must be able to read 100 %). The prompt
//   shows which are mentioned (missingTopics).
//
// The template's sub-sections are suggestions. A sub-section (level 2) is never required: until someone
// writes it, it does not count for anything; once written, it counts for its part. A part is judged on
// what it holds — its own text (the lead text) and its written sub-sections:
// - placeholders are checked in the lead text (each sub-section reports its own);
// - minLength and figures apply to the whole part: lead text plus the written sub-sections;
// - the part is empty when the lead text and every sub-section are empty; complete when the lead text is
//   a complete answer and no sub-section is written;
// - otherwise attention if the lead text needs attention, a figure is missing, or a written sub-section
//   is in attention; draft if the part is too short or a written sub-section is a draft; complete
//   otherwise.
// A part pasted whole with its own sub-headings （一）（二）… (ownSubheadingCount in outline/printed.ts) is written in
// its own shape: its unwritten suggestions are dropped (never owed, never shown, never printed).
//
// Owners: a section's owners are its own, or — for a sub-section without owners of its own — its part's.
//
// Owed (what reminders list, walks stop at, missingByOwner groups by owner):
// - a section without sub-sections that counts (required, or written) and is not complete;
// - a written sub-section that is not complete;
// - an unwritten sub-section while its part still needs writing (the part counts, is empty or too
//   short, and does not bring its own sub-headings): the suggestions are how to finish it;
// - a part with sub-sections that is not complete when none of its sub-sections is owed (e.g. only a
//   figure is missing), and whenever its lead text has placeholders.
//
// Report totals count the preamble and the parts that count (required, or written), one row each, as the
// overview shows them: 100 % means every one of them is complete.

import type { OutlineSection, SectionStatus } from "./model.js";
import { ownSubheadingCount } from "./outline/printed.js";
import { placeholderLabel, scanSectionText, type Placeholder } from "./placeholders.js";
import { SECTION_STATUS_WORD } from "./vocabulary.js";
import { countChars } from "./text.js";

export interface CompletenessSectionInput {
  section: OutlineSection;
  /** The section's current text (its own text; for a part with sub-sections, the lead text). */
  text: string;
  /** The owners assigned to this section itself (a sub-section without any is owned by its part's). */
  ownerOpenIds: readonly string[];
  /**
   * Reasons decided outside this module (last year's report, the work plan: src/domain/year-context.ts), added to
   * the section's own when it is not empty: carried-over text not yet edited (blocking), tasks and last year's
   * plans not mentioned (hints).
   */
  extra?: readonly Reason[];
}

export interface CompletenessInput {
  sections: readonly CompletenessSectionInput[];
}

export type ReasonSeverity = "blocking" | "warning" | "hint";

interface ReasonBase {
  severity: ReasonSeverity;
  /** A short sentence in Chinese, for cards and messages. */
  message: string;
}

export type Reason =
  | (ReasonBase & { code: "empty"; severity: "blocking" })
  | (ReasonBase & { code: "too_short"; severity: "blocking"; length: number; minLength: number })
  | (ReasonBase & { code: "children_incomplete"; severity: "blocking"; children: string[] })
  | (ReasonBase & { code: "placeholders"; severity: "warning"; placeholders: string[]; count: number })
  | (ReasonBase & { code: "figure_missing"; severity: "warning"; figure: string })
  | (ReasonBase & { code: "children_attention"; severity: "warning"; children: string[] })
  | (ReasonBase & { code: "owner_no_content"; severity: "hint"; ownerOpenIds: string[] })
  | (ReasonBase & { code: "figure_rule_invalid"; severity: "hint"; figure: string })
  | (ReasonBase & { code: "carried_over"; severity: "blocking" })
  | (ReasonBase & { code: "task_unmentioned"; severity: "hint"; task: number })
  | (ReasonBase & { code: "plan_unmentioned"; severity: "hint"; item: number });

export type ReasonCode = Reason["code"];

export interface SectionCompleteness {
  key: string;
  label: string;
  title: string;
  level: 0 | 1 | 2;
  parentKey: string | null;
  /**
   * Whether the report needs this section: the preamble and the parts the template requires. Never a
   * sub-section (a suggestion until written; once written it counts for its part).
   */
  required: boolean;
  status: SectionStatus;
  reasons: readonly Reason[];
  /** Characters in the section's own text (whitespace not counted). */
  length: number;
  /** Own text plus the sub-sections' text. */
  totalLength: number;
  /** Placeholders in the section's own text. */
  placeholders: readonly Placeholder[];
  /** The owners as they apply: its own, or (a sub-section without owners of its own) its part's. */
  ownerOpenIds: readonly string[];
  /** True when ownerOpenIds are the part's (the sub-section has no owner of its own). */
  ownersInherited: boolean;
  /** Keys of the sub-sections present in the input, in input order. */
  childKeys: readonly string[];
  /** A part whose own text brings its own sub-headings （一）…: its unwritten sub-sections are dropped. */
  ownSubheadings: boolean;
  /** Still to be written or fixed (see the rules at the top): what reminders list and walks stop at. */
  owed: boolean;
}

export interface OwnerMissing {
  openId: string;
  sections: { key: string; label: string; title: string; status: SectionStatus }[];
}

export interface ReportWarning {
  key: string;
  label: string;
  code: ReasonCode;
  message: string;
}

export interface ReportCompleteness {
  /** One per input section, in input order. */
  sections: SectionCompleteness[];
  /** The preamble and parts that count (required, or written): the overview's rows. */
  requiredTotal: number;
  requiredComplete: number;
  /** floor(100 × complete / total); 100 only when every counted preamble and part is complete (100 when none). */
  percent: number;
  /** Characters written in the whole report (each section's own text once; whitespace not counted). */
  characters: number;
  /** True when every counted preamble and part is complete and no section has a warning. */
  ready: boolean;
  /** The owners of owed sections (owners as they apply), in order of their first owed section. */
  missingByOwner: OwnerMissing[];
  /** Owed sections that have no owner (of their own or from their part). */
  unownedMissing: { key: string; label: string; title: string; status: SectionStatus }[];
  /** Every warning (placeholders, missing figures…) in section order. */
  warnings: ReportWarning[];
}

// ---------------------------------------------------------------------------------------------

const STRIP_RE = /[\s\u3000。．.！!；;，,]+/gu;

/** The text without whitespace and sentence punctuation, as complete answers ("无。") are compared. */
export function normalizeAnswer(text: string): string {
  return text.replace(STRIP_RE, "");
}

interface FigureCheck {
  /** null: the pattern is not a valid regular expression. */
  re: RegExp | null;
  /**
   * True when the pattern cannot match text without an ASCII digit (decided once per pattern, see
   * requiresDigit); for text with no digit the figure is then missing without running the expression.
   */
  needsDigit: boolean;
}

const figureCache = new Map<string, FigureCheck>();

/** The compiled figure rule and its digit pre-check. */
function figureCheck(pattern: string): FigureCheck {
  let fc = figureCache.get(pattern);
  if (fc === undefined) {
    let re: RegExp | null;
    try {
      re = new RegExp(pattern, "u");
    } catch {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null;
      }
    }
    fc = { re, needsDigit: re !== null && requiresDigit(pattern) };
    figureCache.set(pattern, fc);
  }
  return fc;
}

/**
 * Whether every match of `pattern` contains an ASCII digit, decided conservatively (false when unsure): the
 * pattern has no alternation outside groups, and outside every group and character class it has a `\d` that
 * is not optional (not followed by `*`, `?` or `{0`). Such a `\d` is part of every match (with or without the
 * u flag, `\d` is [0-9]). The built-in figure rules all start with `\d+`.
 */
export function requiresDigit(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  let digit = false;
  let alternation = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      if (!inClass && depth === 0 && pattern[i + 1] === "d") {
        const q = pattern[i + 2];
        if (q !== "*" && q !== "?" && !(q === "{" && pattern[i + 3] === "0")) digit = true;
      }
      i++; // the escaped character
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) alternation = true;
  }
  return !alternation && digit && depth === 0 && !inClass;
}

const DIGIT_RE = /[0-9]/;

const MAX_LISTED = 6;

function listText(items: readonly string[]): string {
  const n = Math.min(items.length, MAX_LISTED);
  let shown = n > 0 ? items[0]! : "";
  for (let i = 1; i < n; i++) shown += "、" + items[i]!;
  return items.length > MAX_LISTED ? `${shown}等 ${items.length} 项` : shown;
}

/** The distinct labels of placeholders ("***件", "XX"…), in order of first occurrence. */
export function placeholderLabels(found: readonly Placeholder[]): string[] {
  return uniq(found.map(placeholderLabel));
}

/** `items` without duplicates: `items` itself when it has none (results hold read-only lists). */
function distinct(items: readonly string[]): readonly string[] {
  const n = items.length;
  if (n < 2) return items;
  if (n === 2) return items[0] === items[1] ? [items[0]!] : items;
  const set = new Set(items);
  return set.size === n ? items : [...set];
}

function uniq(items: readonly string[]): string[] {
  // Owners and labels are short lists: avoid a Set for the common cases.
  const n = items.length;
  if (n === 0) return [];
  if (n === 1) return [items[0]!];
  if (n === 2) return items[0] === items[1] ? [items[0]!] : [items[0]!, items[1]!];
  return [...new Set(items)];
}

function evaluateFigures(spec: OutlineSection["spec"], text: string, reasons: Reason[]): void {
  let hasDigit: boolean | undefined;
  for (const rule of spec.figures) {
    const { re, needsDigit } = figureCheck(rule.pattern);
    if (re === null) {
      reasons.push({ code: "figure_rule_invalid", severity: "hint", figure: rule.label, message: `模板中“${rule.label}”的数据规则无效，已跳过` });
    } else if ((needsDigit && !(hasDigit ??= DIGIT_RE.test(text))) || !re.test(text)) {
      reasons.push({ code: "figure_missing", severity: "warning", figure: rule.label, message: `缺少数据：${rule.label}` });
    }
  }
}

/**
 * The guidance topics `text` does not mention (no keyword of the topic appears), by label, in template order.
 * Guidance for the prompt, not completeness: topics never change a status. For a part, pass its whole text
 * (lead text and written sub-sections).
 */
export function missingTopics(spec: OutlineSection["spec"], text: string): string[] {
  // Keyword by keyword with String.prototype.includes: measured faster here than one combined
  // expression per spec (frequent keywords such as 执法 stop a combined scan at nearly every sentence).
  const missing: string[] = [];
  for (const topic of spec.guidance.topics) {
    if (!mentions(text, topic.keywords)) missing.push(topic.label);
  }
  return missing;
}

function mentions(text: string, keywords: readonly string[]): boolean {
  for (let i = 0; i < keywords.length; i++) {
    const k = keywords[i]!;
    if (k !== "" && text.includes(k)) return true;
  }
  return false;
}

function placeholderReason(found: readonly Placeholder[]): Reason | null {
  if (found.length === 0) return null;
  const labels = placeholderLabels(found);
  return {
    code: "placeholders",
    severity: "warning",
    placeholders: labels,
    count: found.length,
    message: `有 ${found.length} 处待填写的占位符：${listText(labels)}`,
  };
}

function statusOf(reasons: readonly Reason[]): SectionStatus {
  let blocking = false;
  for (let i = 0; i < reasons.length; i++) {
    const sev = reasons[i]!.severity;
    if (sev === "warning") return "attention";
    if (sev === "blocking") blocking = true;
  }
  return blocking ? "draft" : "complete";
}

/**
 * `xs`, or an exact-size copy of it. An array grown by push keeps spare capacity (17 slots after the
 * first push); results may be retained (the benchmark keeps 10 000 reports × 20 sections), so they hold
 * exact-size arrays.
 */
function fit<T>(xs: T[]): T[] {
  return xs.length === 0 || xs.length > 16 ? xs : xs.slice();
}

// Shared empty lists: most sections have no sub-sections, and a complete one no reasons (results are read only).
const NO_KEYS: readonly string[] = Object.freeze([]);
const NO_REASONS: readonly Reason[] = Object.freeze([]);
const NO_PLACEHOLDERS: readonly Placeholder[] = Object.freeze([]);

/**
 * Evaluates section `i`; its sub-sections (`kids`, indices into `results`) are evaluated already. Returns the
 * result and leaves the section's whole text (own + written sub-sections; joined only when figures need it) in
 * `fullTexts[i]`.
 */
function evaluate(
  item: CompletenessSectionInput,
  i: number,
  kids: readonly number[] | null,
  results: readonly (SectionCompleteness | undefined)[],
  fullTexts: string[],
  ownerOpenIds: readonly string[],
  ownersInherited: boolean,
): SectionCompleteness {
  const { section, text } = item;
  const spec = section.spec;
  const scanned = scanSectionText(text); // placeholders and countChars(text), in one pass
  const length = scanned.length;
  let totalLength = length;
  let fullText = text;
  let childKeys = NO_KEYS;
  let ownSubheadings = false;
  let attention: string[] | null = null;
  let unfinished: string[] | null = null;
  if (kids !== null) {
    const keys: string[] = [];
    // The whole text is needed for this section's figures, or (a section under another) for its parent's.
    const whole = spec.figures.length > 0 || section.parentKey !== null;
    let parts: string[] | null = null;
    for (let k = 0; k < kids.length; k++) {
      const c = results[kids[k]!];
      if (c === undefined) continue; // not evaluated before its parent: left out
      keys.push(c.key);
      if (c.status === "attention") (attention ??= []).push(c.label);
      else if (c.status === "draft") (unfinished ??= []).push(c.label); // an empty one is a suggestion, not owed by the part
      if (c.totalLength === 0) continue; // an unwritten suggestion holds nothing
      totalLength += c.totalLength;
      if (whole) (parts ??= [text]).push(fullTexts[kids[k]!]!);
    }
    if (keys.length > 0) childKeys = keys;
    if (parts !== null) fullText = parts.join("\n");
    ownSubheadings = length > 0 && ownSubheadingCount(text) > 0;
  }
  fullTexts[i] = fullText;
  const placeholders = scanned.placeholders.length > 0 ? scanned.placeholders : NO_PLACEHOLDERS;
  const result: SectionCompleteness = {
    key: section.key,
    label: section.label,
    title: section.title,
    level: section.level,
    parentKey: section.parentKey,
    required: spec.required && section.level < 2,
    length,
    totalLength,
    placeholders,
    ownerOpenIds,
    ownersInherited,
    childKeys,
    ownSubheadings,
    status: "complete",
    reasons: NO_REASONS,
    owed: false,
  };

  if (totalLength === 0) {
    const reasons: Reason[] = [{ code: "empty", severity: "blocking", message: "尚未填写" }];
    if (ownerOpenIds.length > 0) {
      reasons.push({ code: "owner_no_content", severity: "hint", ownerOpenIds: [...ownerOpenIds], message: "已指定负责人，但还没有内容" });
    }
    result.status = "empty";
    result.reasons = reasons;
    return result;
  }

  if (totalLength === length && spec.completeAnswers.length > 0) {
    // No sub-section written: the lead text alone may be a complete answer ("无").
    const norm = normalizeAnswer(text);
    for (const a of spec.completeAnswers) if (normalizeAnswer(a) === norm) return result; // complete
  }

  const reasons: Reason[] = [];
  const ph = placeholderReason(placeholders);
  if (ph) reasons.push(ph);
  if (attention !== null) {
    reasons.push({ code: "children_attention", severity: "warning", children: attention, message: `小节需核实：${listText(attention)}` });
  }
  if (unfinished !== null) {
    reasons.push({ code: "children_incomplete", severity: "blocking", children: unfinished, message: `小节未完成：${listText(unfinished)}` });
  }
  if (totalLength < spec.minLength) {
    reasons.push({
      code: "too_short",
      severity: "blocking",
      length: totalLength,
      minLength: spec.minLength,
      message: `已写 ${totalLength} 字，建议不少于 ${spec.minLength} 字`,
    });
  }
  evaluateFigures(spec, fullText, reasons);
  if (item.extra) for (const r of item.extra) reasons.push(r);
  if (reasons.length > 0) {
    result.status = statusOf(reasons);
    result.reasons = fit(reasons);
  }
  return result;
}

/** A section that counts for the report: required, or written. */
function counts(s: SectionCompleteness): boolean {
  return s.required || s.totalLength > 0;
}

/** A part that still needs writing: it counts, is empty or too short, and does not bring its own sub-headings. */
function needsWriting(s: SectionCompleteness): boolean {
  if (s.ownSubheadings || !counts(s)) return false;
  if (s.status === "empty") return true;
  for (const r of s.reasons) if (r.code === "too_short") return true;
  return false;
}

/**
 * Where a walk through the report stops (the group's 继续 and an owner's private walk): what is owed, and a
 * part that still needs writing — its prompt lists the suggested sub-sections, and a whole part can be
 * pasted there.
 */
export function isWalkStop(s: SectionCompleteness): boolean {
  return s.owed || (s.level === 1 && needsWriting(s));
}

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
      results[i] = evaluate(items[i]!, i, childIdx[i] ?? null, results, fullTexts, owners[i]!, inherited[i]!);
    }
  }
  const sections = results as SectionCompleteness[];

  // What is owed. Sub-sections first (a part's own debt depends on theirs), then the others. A sub-section
  // here is a section evaluated with its part (deeper than it, in its childKeys).
  const under = new Array<boolean>(n).fill(false);
  /** Per part: whether its unwritten suggestions are owed (0 not known yet, 1 yes, 2 no). */
  const wants = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = sections[i]!;
    const pi = parentIdx[i]!;
    if (pi < 0 || s.childKeys.length > 0 || sections[pi]!.childKeys.length === 0 || (items[pi]!.section.level as number) >= (s.level as number)) continue;
    under[i] = true;
    if (s.totalLength > 0) s.owed = s.status !== "complete";
    else {
      if (wants[pi] === 0) {
        const p = sections[pi]!;
        wants[pi] = p.status !== "complete" && needsWriting(p) ? 1 : 2;
      }
      s.owed = wants[pi] === 1;
    }
  }
  for (let i = 0; i < n; i++) {
    const s = sections[i]!;
    if (under[i] || !counts(s) || s.status === "complete") continue;
    const kids = childIdx[i] ?? null;
    if (s.childKeys.length === 0 || kids === null) {
      s.owed = true;
      continue;
    }
    let childOwed = false;
    for (const k of kids) if (sections[k]!.owed) childOwed = true;
    s.owed = !childOwed || s.placeholders.length > 0;
  }

  let requiredTotal = 0;
  let requiredComplete = 0;
  let characters = 0;
  const byOwner = new Map<string, OwnerMissing>();
  const unownedMissing: ReportCompleteness["unownedMissing"] = [];
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
    if (!s.owed) continue;
    const entry = { key: s.key, label: s.label, title: s.title, status: s.status };
    if (s.ownerOpenIds.length === 0) {
      unownedMissing.push(entry);
      continue;
    }
    for (const openId of s.ownerOpenIds) {
      let o = byOwner.get(openId);
      if (!o) {
        o = { openId, sections: [] };
        byOwner.set(openId, o);
      }
      o.sections.push(entry);
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
    missingByOwner: ownersList(byOwner),
    unownedMissing: fit(unownedMissing),
    warnings: fit(warnings),
  };
}

function ownersList(owners: Map<string, OwnerMissing>): OwnerMissing[] {
  const out: OwnerMissing[] = [];
  for (const o of owners.values()) {
    o.sections = fit(o.sections);
    out.push(o);
  }
  return fit(out);
}

const STATUS_TEXT: Record<SectionStatus, string> = {
  empty: SECTION_STATUS_WORD.empty.zh,
  draft: SECTION_STATUS_WORD.draft.zh,
  attention: SECTION_STATUS_WORD.attention.zh,
  complete: SECTION_STATUS_WORD.complete.zh,
};

/** The status in Chinese: 未填写 / 未完成 / 需核实 / 已完成. */
export function statusText(status: SectionStatus): string {
  return STATUS_TEXT[status];
}

/** One line explaining why a section is not complete, e.g. "需核实：有 3 处待填写的占位符：***件、**次". */
export function summarizeReasons(s: Pick<SectionCompleteness, "status" | "reasons">): string {
  if (s.status === "complete") return STATUS_TEXT.complete;
  const main = s.reasons.filter((r) => r.severity !== "hint").map((r) => r.message);
  return main.length > 0 ? `${STATUS_TEXT[s.status]}：${main.join("；")}` : STATUS_TEXT[s.status];
}
