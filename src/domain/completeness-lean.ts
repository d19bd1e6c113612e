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
// - a part with sub-sections (LeanPart) works out its status and summary only when they are read: the
//   planner reads only the placeholders in its lead text. When read, a figure rule without assertions is
//   tried on each piece (lead text, sub-sections) before the pieces are joined (a match in a piece is a
//   match in the whole);
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
// evaluation is synchronous and never re-entered): no per-report arrays beyond the results.
/** Own text plus the children's text, in characters; -1 until evaluated. */
const total: number[] = [];
/** Evaluated children of each section (those evaluateCompleteness passes to it). */
const kidsOf: (readonly number[])[] = [];

/** Index of the section with key `key` (the last one, as a Map filled in input order gives), or -1. */
function indexOfKey(items: CompletenessInput["sections"], key: string, byKey: Map<string, number> | null): number {
  if (byKey !== null) return byKey.get(key) ?? -1;
  for (let j = items.length - 1; j >= 0; j--) if (items[j]!.section.key === key) return j;
  return -1;
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

/** "需核实：…" from the status and the messages summarizeReasons shows. */
function summary(status: SectionStatus, why: Messages): string {
  if (status === "complete") return COMPLETE;
  const more = why.more;
  if (more === null) return PREFIX[status] + why.first!;
  let s = PREFIX[status] + more[0]!;
  for (let m = 1; m < more.length; m++) s += "；" + more[m]!;
  return s;
}

/** One evaluation's sections, for the parts finished later: inputs, results, children. */
interface Tree {
  items: CompletenessInput["sections"];
  out: LeanSectionCompleteness[];
  kids: (readonly number[])[];
}

function treeHasDigit(t: Tree, i: number): boolean {
  if (DIGIT_RE.test(t.items[i]!.text)) return true;
  for (const k of t.kids[i]!) if (treeHasDigit(t, k)) return true;
  return false;
}

/** Own text and the children's whole texts, joined by newlines (evaluateCompleteness's fullText). */
function treeText(t: Tree, i: number): string {
  const kids = t.kids[i]!;
  if (kids.length === 0) return t.items[i]!.text;
  const parts = [t.items[i]!.text];
  for (const k of kids) parts.push(treeText(t, k));
  return parts.join("\n");
}

/** Whether `re` matches the own text of section i or of a descendant. */
function treeAnyPiece(t: Tree, i: number, re: RegExp): boolean {
  if (re.test(t.items[i]!.text)) return true;
  for (const k of t.kids[i]!) if (treeAnyPiece(t, k, re)) return true;
  return false;
}

/**
 * A part with sub-sections: its placeholders are known at once; its status and summary (children, length,
 * figures) are worked out when first read. The reminder planner never reads them (a part is owed only for
 * the placeholders in its lead text); the overview uses the full evaluation.
 */
class LeanPart implements LeanSectionCompleteness {
  readonly hasChildren = true;
  #tree: Tree | null;
  #index: number;
  #totalLength: number;
  #status: SectionStatus = "complete";
  #why = COMPLETE;

  constructor(
    readonly required: boolean,
    readonly ownerOpenIds: readonly string[],
    readonly placeholders: string | null,
    tree: Tree,
    index: number,
    totalLength: number,
  ) {
    this.#tree = tree;
    this.#index = index;
    this.#totalLength = totalLength;
  }

  get status(): SectionStatus {
    if (this.#tree !== null) this.#finish(this.#tree);
    return this.#status;
  }

  get why(): string {
    if (this.#tree !== null) this.#finish(this.#tree);
    return this.#why;
  }

  #finish(t: Tree): void {
    this.#tree = null;
    const i = this.#index;
    const spec = t.items[i]!.section.spec;
    const why: Messages = { first: this.placeholders, more: null };
    let warning = this.placeholders !== null;
    let blocking = false;
    let attention: string[] | null = null;
    let unfinished: string[] | null = null;
    for (const k of t.kids[i]!) {
      const r = t.out[k]!;
      if (!(r.required || r.status !== "empty")) continue; // a child counts when required or written
      const label = t.items[k]!.section.label;
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
    if (this.#totalLength < spec.minLength) {
      add(why, tooShortMessage(this.#totalLength, spec.minLength));
      blocking = true;
    }
    let digits: boolean | undefined;
    let whole: string | undefined;
    for (const rule of spec.figures) {
      const { re, needsDigit, local } = figureCheck(rule.pattern);
      if (re === null) continue; // an invalid rule is only a hint
      // A match in one piece is a match in the whole for a rule without assertions; otherwise, or when no
      // piece matches (a match may span two pieces), the whole text decides.
      const found = !(needsDigit && !(digits ??= treeHasDigit(t, i))) && ((local && treeAnyPiece(t, i, re)) || re.test((whole ??= treeText(t, i))));
      if (!found) {
        add(why, figureMissingMessage(rule.label));
        warning = true;
      }
    }
    this.#status = warning ? "attention" : blocking ? "draft" : "complete";
    this.#why = summary(this.#status, why);
  }
}

/** Evaluates section i (its children already evaluated). */
function evaluateSection(items: CompletenessInput["sections"], i: number, kids: readonly number[], tree: Tree | null): LeanSectionCompleteness {
  const item = items[i]!;
  const spec = item.section.spec;
  const ownerOpenIds = uniqOwners(item.ownerOpenIds);
  const text = item.text;
  let length: number;
  /** Whether the own text has a digit: 0 no, 1 yes, 2 not known yet. */
  let digit: number;
  let ph: string | null = null;
  const scanned = scanLean(text);
  if (typeof scanned === "number") {
    length = scanned >>> 1;
    digit = scanned & 1;
  } else {
    length = scanned.length;
    digit = 2;
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
  if (hasChildren) return new LeanPart(required, ownerOpenIds, ph, tree!, i, totalLength);

  // A section without children: the messages summarizeReasons shows, in evaluateCompleteness's order,
  // joined by "；" as they come.
  let why = ph ?? "";
  let warning = ph !== null;
  let blocking = false;
  if (totalLength < spec.minLength) {
    const m = tooShortMessage(totalLength, spec.minLength);
    why = why === "" ? m : why + "；" + m;
    blocking = true;
  }
  const figures = spec.figures;
  for (let f = 0; f < figures.length; f++) {
    const rule = figures[f]!;
    const { re, needsDigit } = figureCheck(rule.pattern);
    if (re === null) continue; // an invalid rule is only a hint
    if (needsDigit && digit === 2) digit = DIGIT_RE.test(text) ? 1 : 0;
    if ((needsDigit && digit === 0) || !re.test(text)) {
      const m = figureMissingMessage(rule.label);
      why = why === "" ? m : why + "；" + m;
      warning = true;
    }
  }
  if (!warning && !blocking) return { status: "complete", why: COMPLETE, required, ownerOpenIds, hasChildren: false, placeholders: ph };
  const status: SectionStatus = warning ? "attention" : "draft";
  return { status, why: PREFIX[status] + why, required, ownerOpenIds, hasChildren: false, placeholders: ph };
}

/**
 * Evaluates every section as evaluateCompleteness does, keeping only what the planner reads. One result per
 * input section, in input order; a part with sub-sections works out its status and summary when they are
 * first read (LeanPart).
 */
export function evaluateCompletenessLean(input: CompletenessInput): LeanSectionCompleteness[] {
  const items = input.sections;
  const n = items.length;
  const out = new Array<LeanSectionCompleteness>(n);
  if (n === 0) return out;
  for (let i = total.length; i < n; i++) {
    total.push(-1);
    kidsOf.push(NO_KIDS);
  }
  for (let i = 0; i < n; i++) {
    total[i] = -1;
    kidsOf[i] = NO_KIDS;
  }

  // The children each section is evaluated with, in input order: as in evaluateCompleteness, those evaluated
  // before it (sections go deepest level first, input order within a level), i.e. at a deeper level, or at
  // the same level and earlier in the input.
  let byKey: Map<string, number> | null = null;
  let parts = false;
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
    parts = true;
  }
  const tree: Tree | null = parts ? { items, out, kids: kidsOf.slice(0, n) } : null;

  const levels = levelsDeepestFirst(items);
  for (let v = 0; v < levels.length; v++) {
    const level = levels[v];
    for (let i = 0; i < n; i++) {
      if (items[i]!.section.level === level) out[i] = evaluateSection(items, i, kidsOf[i]!, tree);
    }
  }
  for (let i = 0; i < n; i++) kidsOf[i] = NO_KIDS; // let go of the children lists
  return out;
}
