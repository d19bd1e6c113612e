// Completeness of a report: a status and reasons per section, and totals for the report. Pure and
// deterministic (same input → same output, input order kept), and cheap: the placeholder expression
// is compiled once (placeholders.ts), figure patterns once per distinct pattern (cached here).
//
// Rules, per section (its own text):
// - empty: no non-whitespace character. With owners assigned, a hint says the owner has not written yet.
// - complete answer: the text, ignoring whitespace and final punctuation, equals one of
//   spec.completeAnswers (e.g. "无") → complete, no further checks.
// - attention: placeholders ("***件", "XX", "【待补充】"…) or a figure the template requires
//   (spec.figures) that the text does not contain. These must be fixed before the report is final.
// - draft: shorter than spec.minLength (characters, whitespace not counted).
// - complete: otherwise.
// - Guidance topics not mentioned are only a hint (severity "hint"); they never change the status:
//   topics are suggestions, real reports word them in many ways, and a finished report must be able
//   to read 100 %.
//
// A section with sub-sections in the input (a part with children): its own text is the lead text.
// - placeholders are checked in the lead text (each child reports its own);
// - minLength, figures and topics apply to the whole part: lead text plus all children's text;
// - the part is empty when the lead text and every child are empty; complete when the lead text is a
//   complete answer and every child is empty;
// - otherwise attention if the lead text needs attention, a figure is missing, or a child that counts
//   is in attention; draft if the part is too short or a child that counts is empty or draft;
//   complete otherwise. A child "counts" when it is required or has been written (not empty).
//
// Report totals count every required section in the input (preamble, parts, sub-sections), one row
// each, as the outline shows them; a part is complete only when its children are, so 100 % means
// every row is complete.

import type { OutlineSection, SectionStatus } from "./model.js";
import { placeholderLabel, scanSectionText, type Placeholder } from "./placeholders.js";

export interface CompletenessSectionInput {
  section: OutlineSection;
  /** The section's current text (its own text; for a part with children, the lead text). */
  text: string;
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
  | (ReasonBase & { code: "topics_missing"; severity: "hint"; topics: string[] })
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
  required: boolean;
  status: SectionStatus;
  reasons: Reason[];
  /** Characters in the section's own text (whitespace not counted). */
  length: number;
  /** Own text plus the children's text. */
  totalLength: number;
  /** Placeholders in the section's own text. */
  placeholders: Placeholder[];
  ownerOpenIds: string[];
  /** Keys of the children present in the input, in input order. */
  childKeys: string[];
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
  requiredTotal: number;
  requiredComplete: number;
  /** floor(100 × complete / total); 100 only when every required section is complete (100 when none is required). */
  percent: number;
  /** Characters written in the whole report (each section's own text once; whitespace not counted). */
  characters: number;
  /** True when every required section is complete and no section has a warning. */
  ready: boolean;
  /** Owners of the sections still missing, in order of their first missing section. */
  missingByOwner: OwnerMissing[];
  /** Missing sections that have no owner. */
  unownedMissing: { key: string; label: string; title: string; status: SectionStatus }[];
  /** Every warning (placeholders, missing figures…) in section order. */
  warnings: ReportWarning[];
}

// ---------------------------------------------------------------------------------------------

/** Characters as the template counts them: code points, whitespace (incl. U+3000) not counted. */
export function contentLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Fast path for the common characters: CJK, kana, fullwidth punctuation (U+3001…U+DBFF) and
    // printable ASCII are always counted.
    if ((c > 0x3000 && c < 0xdc00) || (c > 0x20 && c < 0x7f)) {
      n++;
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3000 || c === 0xa0 || c === 0x0c || c === 0x0b || c === 0xfeff) continue;
    if (c >= 0x2000 && c <= 0x200b) continue;
    if (c >= 0xdc00 && c <= 0xdfff) continue; // low surrogate: counted with its high surrogate
    n++;
  }
  return n;
}

const STRIP_RE = /[\s\u3000。．.！!；;，,]+/gu;

/** The text without whitespace and sentence punctuation, as complete answers ("无。") are compared. */
export function normalizeAnswer(text: string): string {
  return text.replace(STRIP_RE, "");
}

export interface FigureCheck {
  /** null: the pattern is not a valid regular expression. */
  re: RegExp | null;
  /**
   * True when the pattern cannot match text without an ASCII digit (decided once per pattern, see
   * requiresDigit); for text with no digit the figure is then missing without running the expression.
   */
  needsDigit: boolean;
  /**
   * True when the pattern has no assertion that looks outside its match (^, $, \b, \B, look-ahead or
   * look-behind; decided conservatively, see withoutAssertions): then a match in a piece of a text is a
   * match in the whole text (completeness-lean.ts tests a part's pieces before joining them).
   */
  local: boolean;
}

const figureCache = new Map<string, FigureCheck>();

/** The compiled figure rule and its digit pre-check (for completeness-lean.ts too). */
export function figureCheck(pattern: string): FigureCheck {
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
    const facts = patternFacts(pattern);
    fc = { re, needsDigit: re !== null && facts.requiresDigit, local: re !== null && facts.local };
    figureCache.set(pattern, fc);
  }
  return fc;
}

/**
 * What one walk over a figure pattern tells, both decided conservatively (false when unsure):
 * - requiresDigit: every match contains an ASCII digit. The pattern has no alternation outside groups, and
 *   outside every group and character class it has a `\d` that is not optional (not followed by `*`, `?` or
 *   `{0`). Such a `\d` is part of every match (with or without the u flag, `\d` is [0-9]). The built-in
 *   figure rules all start with `\d+`.
 * - local: none of the assertions that look outside a match: ^ and $ outside character classes, \b and \B
 *   (anywhere, to be safe), (?= (?! (?<= (?<!. Without them, whether a regular expression matches at a
 *   position depends only on the characters it consumes there, so a match found in a substring is also a
 *   match of the whole string.
 */
function patternFacts(pattern: string): { requiresDigit: boolean; local: boolean } {
  let depth = 0;
  let inClass = false;
  let digit = false;
  let alternation = false;
  let local = true;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const e = pattern[i + 1];
      if (e === "b" || e === "B") local = false;
      if (!inClass && depth === 0 && e === "d") {
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
    else if (c === "^" || c === "$") local = false;
    else if (c === "(") {
      if (pattern[i + 1] === "?") {
        const a = pattern[i + 2];
        if (a === "=" || a === "!" || (a === "<" && (pattern[i + 3] === "=" || pattern[i + 3] === "!"))) local = false;
      }
      depth++;
    } else if (c === ")") depth--;
    else if (c === "|" && depth === 0) alternation = true;
  }
  return { requiresDigit: !alternation && digit && depth === 0 && !inClass, local };
}

/** Whether every match of `pattern` contains an ASCII digit (see patternFacts). */
export function requiresDigit(pattern: string): boolean {
  return patternFacts(pattern).requiresDigit;
}

/** Whether `pattern` has no assertion that looks outside a match (see patternFacts). */
export function withoutAssertions(pattern: string): boolean {
  return patternFacts(pattern).local;
}

export const DIGIT_RE = /[0-9]/;

const MAX_LISTED = 6;

function listText(items: readonly string[]): string {
  const n = Math.min(items.length, MAX_LISTED);
  let shown = n > 0 ? items[0]! : "";
  for (let i = 1; i < n; i++) shown += "、" + items[i]!;
  return items.length > MAX_LISTED ? `${shown}等 ${items.length} 项` : shown;
}

// The messages of the reasons summarizeReasons shows (not hints), shared with completeness-lean.ts so
// both evaluations word them the same way.
export const EMPTY_MESSAGE = "尚未填写";
export const placeholdersMessage = (count: number, labels: readonly string[]) => `有 ${count} 处待填写的占位符：${listText(labels)}`;
export const childrenAttentionMessage = (labels: readonly string[]) => `小节需核实：${listText(labels)}`;
export const childrenIncompleteMessage = (labels: readonly string[]) => `小节未完成：${listText(labels)}`;
export const tooShortMessage = (length: number, minLength: number) => `已写 ${length} 字，建议不少于 ${minLength} 字`;
export const figureMissingMessage = (label: string) => `缺少数据：${label}`;

/** The distinct labels of placeholders ("***件", "XX"…), in order of first occurrence. */
export function placeholderLabels(found: readonly Placeholder[]): string[] {
  return uniq(found.map(placeholderLabel));
}

function uniq(items: readonly string[]): string[] {
  // Owners and labels are short lists: avoid a Set for the common cases.
  const n = items.length;
  if (n === 0) return [];
  if (n === 1) return [items[0]!];
  if (n === 2) return items[0] === items[1] ? [items[0]!] : [items[0]!, items[1]!];
  return [...new Set(items)];
}

interface Evaluated {
  result: SectionCompleteness;
  /** Whole text (own + children) for parent checks. */
  fullText: string;
}

function evaluateFiguresAndTopics(spec: OutlineSection["spec"], text: string, reasons: Reason[]): void {
  let hasDigit: boolean | undefined;
  for (const rule of spec.figures) {
    const { re, needsDigit } = figureCheck(rule.pattern);
    if (re === null) {
      reasons.push({ code: "figure_rule_invalid", severity: "hint", figure: rule.label, message: `模板中“${rule.label}”的数据规则无效，已跳过` });
    } else if ((needsDigit && !(hasDigit ??= DIGIT_RE.test(text))) || !re.test(text)) {
      reasons.push({ code: "figure_missing", severity: "warning", figure: rule.label, message: figureMissingMessage(rule.label) });
    }
  }
  // Keyword by keyword with String.prototype.includes: measured faster here than one combined
  // expression per spec (frequent keywords such as 执法 stop a combined scan at nearly every sentence).
  let missing: string[] | null = null;
  for (const topic of spec.guidance.topics) {
    if (!mentions(text, topic.keywords)) (missing ??= []).push(topic.label);
  }
  if (missing !== null) {
    reasons.push({ code: "topics_missing", severity: "hint", topics: fit(missing), message: `可考虑写到：${listText(missing)}` });
  }
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
    message: placeholdersMessage(found.length, labels),
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
 * first push); results are retained (10 000 reports × 20 sections), so they hold exact-size arrays.
 */
function fit<T>(xs: T[]): T[] {
  return xs.length === 0 || xs.length > 16 ? xs : xs.slice();
}

const NO_CHILDREN: readonly Evaluated[] = Object.freeze([]);

function evaluate(item: CompletenessSectionInput, children: readonly Evaluated[]): Evaluated {
  const { section, text } = item;
  const spec = section.spec;
  const ownerOpenIds = uniq(item.ownerOpenIds);
  const scanned = scanSectionText(text); // placeholders and contentLength(text), in one pass
  const length = scanned.length;
  const nChildren = children.length;
  let totalLength = length;
  let childrenWritten = false;
  let fullText = text;
  const childKeys: string[] = [];
  if (nChildren > 0) {
    const parts = [text];
    for (let i = 0; i < nChildren; i++) {
      const c = children[i]!;
      totalLength += c.result.totalLength;
      if (c.result.totalLength > 0) childrenWritten = true;
      parts.push(c.fullText);
      childKeys.push(c.result.key);
    }
    fullText = parts.join("\n");
  }
  // Text without content (whitespace only) has no placeholders.
  const placeholders = scanned.placeholders;
  const reasons: Reason[] = [];
  const result: SectionCompleteness = {
    key: section.key,
    label: section.label,
    title: section.title,
    level: section.level,
    parentKey: section.parentKey,
    required: spec.required,
    length,
    totalLength,
    placeholders,
    ownerOpenIds,
    childKeys,
    status: "complete",
    reasons,
  };
  const evaluated: Evaluated = { result, fullText };

  if (totalLength === 0) {
    reasons.push({ code: "empty", severity: "blocking", message: EMPTY_MESSAGE });
    if (ownerOpenIds.length > 0) {
      reasons.push({ code: "owner_no_content", severity: "hint", ownerOpenIds, message: "已指定负责人，但还没有内容" });
    }
    result.status = "empty";
    result.reasons = fit(reasons);
    return evaluated;
  }

  if (!childrenWritten && spec.completeAnswers.length > 0) {
    const norm = normalizeAnswer(text);
    for (const a of spec.completeAnswers) if (normalizeAnswer(a) === norm) return evaluated; // complete
  }

  const ph = placeholderReason(placeholders);
  if (ph) reasons.push(ph);

  if (nChildren > 0) {
    const attention: string[] = [];
    const unfinished: string[] = [];
    for (const c of children) {
      const r = c.result;
      if (!(r.required || r.status !== "empty")) continue; // a child counts when required or written
      if (r.status === "attention") attention.push(r.label);
      else if (r.status === "empty" || r.status === "draft") unfinished.push(r.label);
    }
    if (attention.length > 0) {
      reasons.push({ code: "children_attention", severity: "warning", children: attention, message: childrenAttentionMessage(attention) });
    }
    if (unfinished.length > 0) {
      reasons.push({ code: "children_incomplete", severity: "blocking", children: unfinished, message: childrenIncompleteMessage(unfinished) });
    }
  }

  if (totalLength < spec.minLength) {
    reasons.push({
      code: "too_short",
      severity: "blocking",
      length: totalLength,
      minLength: spec.minLength,
      message: tooShortMessage(totalLength, spec.minLength),
    });
  }

  evaluateFiguresAndTopics(spec, fullText, reasons);
  if (item.extra) for (const r of item.extra) reasons.push(r);
  result.status = statusOf(reasons);
  result.reasons = fit(reasons);
  return evaluated;
}

const USUAL_LEVELS: readonly number[] = Object.freeze([2, 1, 0]);

/** The distinct levels present, deepest first (normally 2, 1, 0). */
export function levelsDeepestFirst(items: readonly CompletenessSectionInput[]): readonly number[] {
  let other = false;
  for (const it of items) {
    const l = it.section.level as number;
    if (l !== 0 && l !== 1 && l !== 2) other = true;
  }
  if (!other) return USUAL_LEVELS;
  return [...new Set(items.map((it) => it.section.level as number))].sort((a, b) => b - a);
}

/** Evaluates every section and the report as a whole. */
export function evaluateCompleteness(input: CompletenessInput): ReportCompleteness {
  const items = input.sections;
  const n = items.length;
  const byKey = new Map<string, number>();
  for (let i = 0; i < n; i++) byKey.set(items[i]!.section.key, i);
  // Children of each section, in input order (null: none).
  const childIdx: (number[] | null)[] = new Array<number[] | null>(n).fill(null);
  for (let i = 0; i < n; i++) {
    const p = items[i]!.section.parentKey;
    if (p !== null) {
      const pi = byKey.get(p);
      if (pi !== undefined && pi !== i) (childIdx[pi] ??= []).push(i);
    }
  }

  // Children before parents: deepest level first (levels are 0..2), input order within a level. A child
  // at the same or a shallower level than its parent is evaluated later and left out (as before).
  const evaluated: (Evaluated | undefined)[] = new Array<Evaluated | undefined>(n);
  const levels = levelsDeepestFirst(items);
  for (const level of levels) {
    for (let i = 0; i < n; i++) {
      if (items[i]!.section.level !== level) continue;
      const idx = childIdx[i];
      let kids: readonly Evaluated[] = NO_CHILDREN;
      if (idx) {
        const list: Evaluated[] = [];
        for (const k of idx) {
          const e = evaluated[k];
          if (e !== undefined) list.push(e);
        }
        kids = list;
      }
      evaluated[i] = evaluate(items[i]!, kids);
    }
  }
  const sections: SectionCompleteness[] = new Array<SectionCompleteness>(n);
  for (let i = 0; i < n; i++) sections[i] = evaluated[i]!.result;

  let requiredTotal = 0;
  let requiredComplete = 0;
  let characters = 0;
  const owners = new Map<string, OwnerMissing>();
  const unownedMissing: ReportCompleteness["unownedMissing"] = [];
  const warnings: ReportWarning[] = [];
  for (const s of sections) {
    characters += s.length;
    if (s.required) {
      requiredTotal++;
      if (s.status === "complete") requiredComplete++;
    }
    for (const r of s.reasons) {
      if (r.severity === "warning" && r.code !== "children_attention") {
        warnings.push({ key: s.key, label: s.label, code: r.code, message: r.message });
      }
    }
    const missing = s.status !== "complete" && (s.required || s.status !== "empty");
    if (!missing) continue;
    const entry = { key: s.key, label: s.label, title: s.title, status: s.status };
    if (s.ownerOpenIds.length === 0) {
      // A part whose unfinished work lies in owned children is not "unowned" by itself.
      const childrenOwned = s.childKeys.length > 0 && s.length === 0;
      if (!childrenOwned) unownedMissing.push(entry);
      continue;
    }
    for (const openId of s.ownerOpenIds) {
      let o = owners.get(openId);
      if (!o) {
        o = { openId, sections: [] };
        owners.set(openId, o);
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
    missingByOwner: ownersList(owners),
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
  empty: "未填写",
  draft: "未完成",
  attention: "需核实",
  complete: "已完成",
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
