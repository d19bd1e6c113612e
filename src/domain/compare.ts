import { charLength } from "./text.js";
/**
 * What changed in a section against last year (对比): sentences added and removed, sentences rewritten, and figures
 * that changed ("学习 12 次 → 15 次"). Pure.
 *
 * Figures are numbers with a counting unit (次 件 场 人次 条 家 名 个 项 起 篇 % …, "100 余件" too); years ("2023年")
 * and dates are not figures. A figure's label is the Chinese text just before it: the whole run of characters
 * when it is short ("合同审查 55 件"), else its last two ("…中心组学习 12 次" → "学习").
 *
 * Sentences end at 。！？； or a line break. Two sentences are the same when equal without whitespace; the same
 * with other figures when equal once every number is replaced by "#" (their figures are compared in order);
 * rewritten when, of the sentences left, they share at least half of their character pairs (bigram Dice ≥ 0.5,
 * best pairs first; figures with the same label and unit are compared). What is left was added or removed.
 */

export interface Figure {
  /** "12", "10850", "1.5". */
  value: string;
  /** "次", "%", "余件" (余/多 kept with the unit). */
  unit: string;
  /** Text before the figure ("学习"); "" when none. */
  label: string;
  /** Offsets in the text the figure was found in: [start, end) of number + unit. */
  start: number;
  end: number;
}

const UNITS = "人次|万元|亿元|公里|小时|次|件|场|条|家|名|个|项|起|篇|期|份|人|户|辆|支|所|天|日|元|万|%|％";
const FIGURE_RE = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*((?:余|多)?(?:${UNITS}))`, "g");
const HAN_RUN_RE = /[\u3400-\u9fff]+$/;

/** Figures in a text, in order. */
export function figuresIn(text: string): Figure[] {
  const out: Figure[] = [];
  FIGURE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FIGURE_RE.exec(text))) {
    // "2023年12月" is a date; "12日" after 月 too.
    if (m[2] === "日" && /月\s*$/.test(text.slice(0, m.index))) continue;
    // A number glued to a preceding digit or letter is part of something else ("G75").
    if (m.index > 0 && /[A-Za-z0-9.]/.test(text[m.index - 1]!)) continue;
    const before = text.slice(Math.max(0, m.index - 12), m.index).replace(/[\s“”"‘’「」《》]+$/g, "");
    const run = HAN_RUN_RE.exec(before)?.[0] ?? "";
    const label = charLength(run) <= 4 ? run : Array.from(run).slice(-2).join("");
    out.push({ value: m[1]!, unit: m[2]!, label, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The text cut into plain and figure pieces, for highlighting. */
export function figureSegments(text: string): { text: string; figure: boolean }[] {
  const out: { text: string; figure: boolean }[] = [];
  let at = 0;
  for (const f of figuresIn(text)) {
    if (f.start > at) out.push({ text: text.slice(at, f.start), figure: false });
    out.push({ text: text.slice(f.start, f.end), figure: true });
    at = f.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), figure: false });
  return out;
}

export interface FigureChange {
  label: string;
  /** "12 次". */
  before: string;
  after: string;
}

export interface TextComparison {
  figures: FigureChange[];
  added: string[];
  removed: string[];
  rewritten: { before: string; after: string }[];
  /** Sentences unchanged (figures aside). */
  unchanged: number;
}

/** Sentences of a text, trimmed, without empty ones. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。！？；!?;])|\n/)
    .map((s) => s.trim())
    .filter((s) => s.replace(/[\s。！？；!?;，,]/g, "") !== "");
}

const compact = (s: string) => s.replace(/\s+/g, "");
const masked = (s: string) => compact(s).replace(/\d+(?:\.\d+)?/g, "#");

function bigrams(s: string): Map<string, number> {
  const chars = Array.from(compact(s).replace(/[，。；！？、：“”]/g, ""));
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const b = chars[i]! + chars[i + 1]!;
    m.set(b, (m.get(b) ?? 0) + 1);
  }
  return m;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let sa = 0;
  let sb = 0;
  let both = 0;
  for (const v of a.values()) sa += v;
  for (const v of b.values()) sb += v;
  for (const [k, v] of a) both += Math.min(v, b.get(k) ?? 0);
  return sa + sb === 0 ? 0 : (2 * both) / (sa + sb);
}

const show = (f: Figure) => `${f.value} ${f.unit}`;

function figureChanges(before: string, after: string, inOrder: boolean): FigureChange[] {
  const a = figuresIn(before);
  const b = figuresIn(after);
  const out: FigureChange[] = [];
  if (inOrder && a.length === b.length) {
    a.forEach((f, i) => {
      const g = b[i]!;
      if (f.value !== g.value || f.unit !== g.unit) out.push({ label: g.label || f.label, before: show(f), after: show(g) });
    });
    return out;
  }
  for (const f of a) {
    const same = b.filter((g) => g.label === f.label && g.unit === f.unit);
    const olds = a.filter((g) => g.label === f.label && g.unit === f.unit);
    if (same.length === 1 && olds.length === 1 && same[0]!.value !== f.value) out.push({ label: f.label, before: show(f), after: show(same[0]!) });
  }
  return out;
}

const REWRITE_THRESHOLD = 0.5;

/** Compares last year's text of a section (`before`) with this year's (`after`). */
export function compareTexts(before: string, after: string): TextComparison {
  const olds = sentences(before);
  const news = sentences(after);
  const oldLeft = new Set(olds.map((_, i) => i));
  const newLeft = new Set(news.map((_, i) => i));
  const result: TextComparison = { figures: [], added: [], removed: [], rewritten: [], unchanged: 0 };
  // Same sentences, then the same with other figures.
  for (const key of [compact, masked]) {
    for (const i of [...oldLeft]) {
      const k = key(olds[i]!);
      const j = [...newLeft].find((x) => key(news[x]!) === k);
      if (j === undefined) continue;
      oldLeft.delete(i);
      newLeft.delete(j);
      result.unchanged++;
      if (key === masked) result.figures.push(...figureChanges(olds[i]!, news[j]!, true));
    }
  }
  // Rewritten: the most similar pairs first.
  const pairs: { i: number; j: number; d: number }[] = [];
  const grams = new Map<number, Map<string, number>>();
  for (const j of newLeft) grams.set(j, bigrams(news[j]!));
  for (const i of oldLeft) {
    const gi = bigrams(olds[i]!);
    for (const j of newLeft) {
      const d = dice(gi, grams.get(j)!);
      if (d >= REWRITE_THRESHOLD) pairs.push({ i, j, d });
    }
  }
  pairs.sort((x, y) => y.d - x.d || x.i - y.i);
  const rewritten: { i: number; j: number }[] = [];
  for (const p of pairs) {
    if (!oldLeft.has(p.i) || !newLeft.has(p.j)) continue;
    oldLeft.delete(p.i);
    newLeft.delete(p.j);
    rewritten.push(p);
  }
  rewritten.sort((x, y) => x.j - y.j);
  for (const p of rewritten) {
    result.rewritten.push({ before: olds[p.i]!, after: news[p.j]! });
    result.figures.push(...figureChanges(olds[p.i]!, news[p.j]!, false));
  }
  result.removed = [...oldLeft].sort((x, y) => x - y).map((i) => olds[i]!);
  result.added = [...newLeft].sort((x, y) => x - y).map((j) => news[j]!);
  return result;
}

/** "学习 12 次 → 15 次". */
export function figureChangeText(c: FigureChange): string {
  return `${c.label ? `${c.label} ` : ""}${c.before} → ${c.after}`;
}
