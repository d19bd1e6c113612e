// Completeness as a reminder pass needs it, and nothing more: per section the status, the one-line
// summary (exactly what summarizeReasons gives for the full evaluation), whether it is required, its
// owners, whether it has sub-sections, and the message of the placeholders in its own text. No Reason
// objects, no placeholder lists, no topics (hints never change the status or the summary), no report
// totals. The overview and the prompts keep using evaluateCompleteness.
//
// Same rules as completeness.ts, in the same order; test/domain/completeness-lean.test.ts compares the
// two on the real reports in test/fixtures and on generated texts. What differs is only how the work
// is done:
// - one scan per section (scanLean) that counts characters and collects only the count and distinct
//   labels of placeholders, no Placeholder objects; until the first placeholder it also notes digits
//   (the figure pre-check);
// - complete answers ("无。") are compared while reading the text, at most a few characters of it;
// - a part's whole text (lead text plus sub-sections) is joined only when a figure rule needs it: a rule
//   without assertions is first tried on each piece (a match there is a match in the whole);
// - the summary is built as one string, without intermediate arrays.

import {
  DIGIT_RE,
  EMPTY_MESSAGE,
  childrenAttentionMessage,
  childrenIncompleteMessage,
  figureCheck,
  figureMissingMessage,
  levelsDeepestFirst,
  normalizeAnswer,
  placeholdersMessage,
  statusText,
  summarizeReasons,
  tooShortMessage,
  type CompletenessInput,
  type SectionCompleteness,
} from "./completeness.js";
import type { SectionStatus } from "./model.js";
import { scanLean } from "./placeholders.js";

export interface LeanSectionCompleteness {
  status: SectionStatus;
  /** summarizeReasons() of the full evaluation, e.g. "需核实：有 2 处待填写的占位符：***件、XX". */
  why: string;
  required: boolean;
  /** The owners without duplicates (the input array itself when it has none). */
  ownerOpenIds: readonly string[];
  /** True when the full result has childKeys (sub-sections in the input, evaluated with the part). */
  hasChildren: boolean;
  /** The message of the full result's "placeholders" reason (placeholders in its own text), or null. */
  placeholders: string | null;
}

/** The lean form of a full result (what evaluateCompletenessLean gives for the same input). */
export function leanOf(c: SectionCompleteness): LeanSectionCompleteness {
  const ph = c.reasons.find((r) => r.code === "placeholders");
  return {
    status: c.status,
    why: summarizeReasons(c),
    required: c.required,
    ownerOpenIds: c.ownerOpenIds,
    hasChildren: c.childKeys.length > 0,
    placeholders: ph ? ph.message : null,
  };
}

const COMPLETE = statusText("complete");
/** "需核实：", "未完成：", "未填写：" — the summary's start before its messages. */
const PREFIX: Record<SectionStatus, string> = { empty: `${statusText("empty")}：`, draft: `${statusText("draft")}：`, attention: `${statusText("attention")}：`, complete: "" };
const EMPTY_WHY = PREFIX.empty + EMPTY_MESSAGE;
const NO_KIDS: readonly number[] = Object.freeze([]);

function uniqOwners(xs: readonly string[]): readonly string[] {
  const n = xs.length;
  if (n < 2) return xs;
  if (n === 2) return xs[0] === xs[1] ? [xs[0]!] : xs;
  const set = new Set(xs);
  return set.size === n ? xs : [...set];
}

/** STRIP_RE's characters in completeness.ts: ECMAScript \s (U+3000 included) and 。．.！!；;，, */
function isStripped(c: number): boolean {
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x3002 || c === 0xff0c || c === 0x2c || c === 0xff0e || c === 0x2e || c === 0xff01 || c === 0x21 ||
    c === 0xff1b || c === 0x3b || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

interface Answers {
  normalized: string[];
  longest: number;
}
const answersCache = new WeakMap<readonly string[], Answers>();

/** normalizeAnswer(text) equals a normalized answer; reads the text only until it is longer than every answer. */
function isCompleteAnswer(text: string, answers: readonly string[]): boolean {
  let a = answersCache.get(answers);
  if (a === undefined) {
    const normalized = answers.map(normalizeAnswer);
    a = { normalized, longest: normalized.reduce((m, x) => Math.max(m, x.length), 0) };
    answersCache.set(answers, a);
  }
  let kept = "";
  for (let i = 0; i < text.length; i++) {
    if (isStripped(text.charCodeAt(i))) continue;
    if (kept.length >= a.longest) return false;
    kept += text[i];
  }
  return a.normalized.includes(kept);
}

// Per-section working state of the evaluation in progress, reused from one call to the next (the
// evaluation is synchronous and never re-entered): no per-report arrays beyond the result.
/** Own text plus the children's text, in characters; -1 until evaluated. */
const total: number[] = [];
/** Whether the section's own text has a digit: 0 no, 1 yes, 2 not known yet. */
const digit: number[] = [];
/** Evaluated children of each section (those evaluateCompleteness passes to it). */
const kidsOf: (readonly number[])[] = [];
/** The whole text (own + children) of a section with children, once joined. */
const fullTexts: (string | undefined)[] = [];

/** Index of the section with key `key` (the last one, as a Map filled in input order gives), or -1. */
function indexOfKey(items: CompletenessInput["sections"], key: string, byKey: Map<string, number> | null): number {
  if (byKey !== null) return byKey.get(key) ?? -1;
  for (let j = items.length - 1; j >= 0; j--) if (items[j]!.section.key === key) return j;
  return -1;
}

function fullText(items: CompletenessInput["sections"], i: number): string {
  const kids = kidsOf[i]!;
  if (kids.length === 0) return items[i]!.text;
  let t = fullTexts[i];
  if (t === undefined) {
    const parts = [items[i]!.text];
    for (const k of kids) parts.push(fullText(items, k));
    t = fullTexts[i] = parts.join("\n");
  }
  return t;
}

/**
 * Whether `re` matches section i's whole text (own text and the children's, joined by newlines). For an
 * expression without assertions (`local`), a match in one piece is a match in the whole, so the pieces are
 * tried first and the whole text is joined only when none matches (a match may span two pieces).
 */
function figureFound(items: CompletenessInput["sections"], i: number, re: RegExp, local: boolean): boolean {
  if (local && kidsOf[i]!.length > 0 && anyPiece(items, i, re)) return true;
  return re.test(fullText(items, i));
}

function anyPiece(items: CompletenessInput["sections"], i: number, re: RegExp): boolean {
  if (re.test(items[i]!.text)) return true;
  for (const k of kidsOf[i]!) if (anyPiece(items, k, re)) return true;
  return false;
}

function hasDigit(items: CompletenessInput["sections"], i: number): boolean {
  if (digit[i] === 2) digit[i] = DIGIT_RE.test(items[i]!.text) ? 1 : 0;
  if (digit[i] === 1) return true;
  for (const k of kidsOf[i]!) if (hasDigit(items, k)) return true;
  return false;
}


interface Messages {
  first: string | null;
  /** All of them, once there is a second. */
  more: string[] | null;
}

function add(m: Messages, message: string): void {
  if (m.first === null) m.first = message;
  else if (m.more === null) m.more = [m.first, message];
  else m.more.push(message);
}

function evaluateSection(items: CompletenessInput["sections"], i: number, kids: readonly number[], out: LeanSectionCompleteness[]): LeanSectionCompleteness {
  const item = items[i]!;
  const spec = item.section.spec;
  const ownerOpenIds = uniqOwners(item.ownerOpenIds);
  const text = item.text;
  let length: number;
  let ph: string | null = null;
  const scanned = scanLean(text);
  if (typeof scanned === "number") {
    length = scanned >>> 1;
    digit[i] = scanned & 1;
  } else {
    length = scanned.length;
    digit[i] = 2;
    ph = placeholdersMessage(scanned.count, scanned.labels);
  }
  let totalLength = length;
  let childrenWritten = false;
  for (let j = 0; j < kids.length; j++) {
    const t = total[kids[j]!]!;
    totalLength += t;
    if (t > 0) childrenWritten = true;
  }
  total[i] = totalLength;
  const required = spec.required;
  const hasChildren = kids.length > 0;
  if (totalLength === 0) return { status: "empty", why: EMPTY_WHY, required, ownerOpenIds, hasChildren, placeholders: null };
  if (!childrenWritten && spec.completeAnswers.length > 0 && isCompleteAnswer(text, spec.completeAnswers)) {
    return { status: "complete", why: COMPLETE, required, ownerOpenIds, hasChildren, placeholders: null };
  }

  // The messages summarizeReasons shows, in evaluateCompleteness's order (usually one).
  const why: Messages = { first: null, more: null };
  let warning = false;
  let blocking = false;
  if (ph !== null) {
    why.first = ph;
    warning = true;
  }
  if (hasChildren) {
    let attention: string[] | null = null;
    let unfinished: string[] | null = null;
    for (const k of kids) {
      const r = out[k]!;
      if (!(r.required || r.status !== "empty")) continue; // a child counts when required or written
      const label = items[k]!.section.label;
      if (r.status === "attention") (attention ??= []).push(label);
      else if (r.status === "empty" || r.status === "draft") (unfinished ??= []).push(label);
    }
    if (attention !== null) {
      add(why, childrenAttentionMessage(attention));
      warning = true;
    }
    if (unfinished !== null) {
      add(why, childrenIncompleteMessage(unfinished));
      blocking = true;
    }
  }
  if (totalLength < spec.minLength) {
    add(why, tooShortMessage(totalLength, spec.minLength));
    blocking = true;
  }
  const figures = spec.figures;
  if (figures.length > 0) {
    let digits: boolean | undefined;
    for (let f = 0; f < figures.length; f++) {
      const rule = figures[f]!;
      const { re, needsDigit, local } = figureCheck(rule.pattern);
      if (re === null) continue; // an invalid rule is only a hint
      if ((needsDigit && !(digits ??= hasDigit(items, i))) || !figureFound(items, i, re, local)) {
        add(why, figureMissingMessage(rule.label));
        warning = true;
      }
    }
  }
  const status: SectionStatus = warning ? "attention" : blocking ? "draft" : "complete";
  let summary = COMPLETE;
  if (status !== "complete") {
    const more = why.more;
    if (more === null) summary = PREFIX[status] + why.first!;
    else {
      summary = PREFIX[status] + more[0]!;
      for (let m = 1; m < more.length; m++) summary += "；" + more[m]!;
    }
  }
  return { status, why: summary, required, ownerOpenIds, hasChildren, placeholders: ph };
}

/** Evaluates every section as evaluateCompleteness does, keeping only what the planner reads. One result per input section, in input order. */
export function evaluateCompletenessLean(input: CompletenessInput): LeanSectionCompleteness[] {
  const items = input.sections;
  const n = items.length;
  const out = new Array<LeanSectionCompleteness>(n);
  if (n === 0) return out;
  for (let i = total.length; i < n; i++) {
    total.push(-1);
    digit.push(0);
    kidsOf.push(NO_KIDS);
    fullTexts.push(undefined);
  }
  for (let i = 0; i < n; i++) {
    total[i] = -1;
    kidsOf[i] = NO_KIDS;
  }

  // The children each section is evaluated with, in input order: as in evaluateCompleteness, those evaluated
  // before it (sections go deepest level first, input order within a level), i.e. at a deeper level, or at
  // the same level and earlier in the input.
  let byKey: Map<string, number> | null = null;
  for (let i = 0; i < n; i++) {
    const s = items[i]!.section;
    if (s.parentKey === null) continue;
    if (byKey === null && n > 64) {
      byKey = new Map();
      for (let j = 0; j < n; j++) byKey.set(items[j]!.section.key, j);
    }
    const pi = indexOfKey(items, s.parentKey, byKey);
    if (pi < 0 || pi === i) continue;
    const pl = items[pi]!.section.level as number;
    const l = s.level as number;
    if (!(l > pl || (l === pl && i < pi))) continue;
    const kids = kidsOf[pi]!;
    if (kids === NO_KIDS) kidsOf[pi] = [i];
    else (kids as number[]).push(i);
  }

  const levels = levelsDeepestFirst(items);
  for (let v = 0; v < levels.length; v++) {
    const level = levels[v];
    for (let i = 0; i < n; i++) {
      if (items[i]!.section.level === level) out[i] = evaluateSection(items, i, kidsOf[i]!, out);
    }
  }
  for (let i = 0; i < n; i++) {
    // Let go of the joined texts and children lists.
    fullTexts[i] = undefined;
    kidsOf[i] = NO_KIDS;
  }
  return out;
}
