// Finds placeholders left in a draft: figures and names not yet filled in ("***件", "**次", "XX名",
// "20XX年", "【待补充】", "共……件", "□□"). Pure and fast: one pass over the text that stops only at the
// few characters that can start a placeholder, then an anchored check there.
//
// Indexes are UTF-16 code-unit offsets into the given text (JavaScript string indexes).
import { NOT_COUNTED } from "./text.js";

export type PlaceholderKind =
  /** Runs of * or ＊: "***件", "**区", "*〔2022〕*号". */
  | "asterisk"
  /** X/x/Ｘ/× runs: "XX", "××", "X件", "×名", "X月X日". */
  | "cross"
  /** A year with X's: "20XX年", "202X年" (the match includes 年). */
  | "year"
  /** A bracketed note: "【待补充】", "（具体数字）", "（待定）", "（此处填写…）". */
  | "note"
  /** An ellipsis used as a blank: "共……件", "第……次", a line that is only "……". */
  | "ellipsis"
  /** Boxes: "□□". */
  | "box"
  /** Underscores: "____件". */
  | "underline";

export interface Placeholder {
  /** The placeholder text itself, e.g. "***". */
  match: string;
  /** UTF-16 offset of `match` in the text. */
  index: number;
  kind: PlaceholderKind;
  /** The measure word or unit right after the placeholder, if any, e.g. "件" for "***件". */
  unit?: string;
}

/** Measure words and units a figure placeholder is typically followed by. */
const UNITS = "件次家人个名项条场万亿元%％余多起篇份批期台辆户所座处部本册张天时年月日位支类门宗例";
const UNIT_CLASS = `[${UNITS}]`;
const LATIN = "A-Za-zＡ-Ｚａ-ｚ";
const CROSS = "XxＸｘ×✕╳";
const ELLIPSIS = "(?:…+|⋯+|\\.{3,}|。{3,}|·{3,})";
const OPEN = "[【\\[（(]";
const CLOSE = "[】\\]）)]";
const NOTE_BODY =
  "(?:待[\\u4e00-\\u9fa5]{1,4}|请(?:填|补|核|确)[^【】\\[\\]（）()\\n]{0,10}|此处[^【】\\[\\]（）()\\n]{1,12}|具体(?:数字|数据|数值|数量|时间|日期|名称|人数|金额|件数|次数)|数字|数据|数量|金额|人数|件数|次数|略)";

// Each kind begins with its own characters (year: 1/2, asterisk: *＊, note: 【[（(, box: □☐,
// underline: _＿, cross: XxＸｘ×✕╳, ellipsis: …⋯.。·), and no two kinds share one. So instead of one
// expression tried at every position (whose look-behind alternatives made it slow), a scan looks only at
// those characters and tries the one kind that can start there, anchored (sticky) at that position.
// Same semantics as the single expression `(?<year>…)|(?<asterisk>…)|…` with flags "gmu": leftmost
// match, scanning on after each match's end. test/domain/placeholders-reference.test.ts keeps that
// expression as the reference and compares the two.
const YEAR_SRC = `(?:19|20)\\d?[${CROSS}]{1,2}年`;
const ASTERISK_SRC = `[*＊]+`;
const NOTE_SRC = `${OPEN}\\s*${NOTE_BODY}\\s*${CLOSE}`;
const BOX_SRC = `[□☐]+`;
const UNDERLINE_SRC = `[_＿]{2,}`;
// Two or more X marks, or one mark followed by a unit; never part of a Latin word ("XXL", "Excel").
const CROSS_SRC = `(?<![${LATIN}])(?:[${CROSS}]{2,}|[${CROSS}](?=\\s?${UNIT_CLASS}))(?![${LATIN}])`;
// An ellipsis is a blank only where a figure belongs: after 第, before a unit, alone in brackets
// or alone on its line. "现将……报告如下", "开展……等活动" are prose and are not matched.
const ELLIPSIS_SRC = `(?<=第\\s?)${ELLIPSIS}|${ELLIPSIS}(?=\\s?${UNIT_CLASS})|(?<=${OPEN}\\s*)${ELLIPSIS}(?=\\s*${CLOSE})|(?<=^[ \\t\\u3000]*)${ELLIPSIS}(?=[ \\t\\u3000。；;]*$)`;

const sticky = (src: string) => new RegExp(`(?:${src})`, "ymu");
const YEAR_RE = sticky(YEAR_SRC);
const NOTE_RE = sticky(NOTE_SRC);
const CROSS_RE = sticky(CROSS_SRC);
const ELLIPSIS_RE = sticky(ELLIPSIS_SRC);

// Kind codes for the characters that can start a placeholder.
const K_YEAR = 1;
const K_ASTERISK = 2;
const K_NOTE = 3;
const K_BOX = 4;
const K_UNDERLINE = 5;
const K_CROSS = 6;
const K_ELLIPSIS = 7;
const KIND_OF: readonly PlaceholderKind[] = ["year", "year", "asterisk", "note", "box", "underline", "cross", "ellipsis"];

/** Start kind of each code unit (0: cannot start a placeholder). */
const START = new Uint8Array(0x10000);
for (const c of "12") START[c.charCodeAt(0)] = K_YEAR;
for (const c of "*＊") START[c.charCodeAt(0)] = K_ASTERISK;
for (const c of "【[（(") START[c.charCodeAt(0)] = K_NOTE;
for (const c of "□☐") START[c.charCodeAt(0)] = K_BOX;
for (const c of "_＿") START[c.charCodeAt(0)] = K_UNDERLINE;
for (const c of CROSS) START[c.charCodeAt(0)] = K_CROSS;
for (const c of "…⋯.。·") START[c.charCodeAt(0)] = K_ELLIPSIS;

/** First characters of NOTE_BODY's alternatives (待 请 此处 具体 数字 数据 数量 金额 人数 件数 次数 略). */
const NOTE_FIRST = new Uint8Array(0x10000);
for (const c of "待请此具数金人件次略") NOTE_FIRST[c.charCodeAt(0)] = 1;

const UNIT_SET = new Uint8Array(0x10000);
for (const c of UNITS) UNIT_SET[c.charCodeAt(0)] = 1;

/** ECMAScript \s: WhiteSpace and LineTerminator. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Length of the run of code unit `c` starting at `i`. */
function runLength(text: string, i: number, c: number): number {
  let j = i + 1;
  while (j < text.length && text.charCodeAt(j) === c) j++;
  return j - i;
}

/** Length of the run at `i` of characters `a` or `b` (their half- and full-width forms); the first is one of them. */
function runOfEither(text: string, i: number, a: number, b: number): number {
  let j = i + 1;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d !== a && d !== b) break;
  }
  return j - i;
}

function stickyMatch(re: RegExp, text: string, i: number): number {
  re.lastIndex = i;
  return re.test(text) ? re.lastIndex - i : 0;
}

/** Length of the placeholder of kind `k` starting at `i`, or 0. */
function matchAt(text: string, i: number, c: number, k: number): number {
  switch (k) {
    case K_YEAR: {
      const n = text.charCodeAt(i + 1);
      if (c === 0x31 ? n !== 0x39 : n !== 0x30) return 0; // 19 / 20
      return stickyMatch(YEAR_RE, text, i);
    }
    case K_ASTERISK:
      return runOfEither(text, i, 0x2a, 0xff0a);
    case K_NOTE: {
      // Brackets are common in prose: run the expression only when a note word can follow.
      let j = i + 1;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      if (j >= text.length || !NOTE_FIRST[text.charCodeAt(j)]) return 0;
      return stickyMatch(NOTE_RE, text, i);
    }
    case K_BOX:
      return runOfEither(text, i, 0x25a1, 0x2610);
    case K_UNDERLINE: {
      const n = runOfEither(text, i, 0x5f, 0xff3f);
      return n >= 2 ? n : 0;
    }
    case K_CROSS:
      return stickyMatch(CROSS_RE, text, i);
    default: {
      // Ellipsis: ".", "。", "·" need a run of three.
      if ((c === 0x2e || c === 0x3002 || c === 0xb7) && runLength(text, i, c) < 3) return 0;
      return stickyMatch(ELLIPSIS_RE, text, i);
    }
  }
}

/** Finds placeholders in `text`, in order of position, without overlaps. */
export function findPlaceholders(text: string): Placeholder[] {
  return placeholdersOf(text, Infinity);
}

/** Per code unit: 0 counted, no placeholder can start here; K_* a placeholder may start here; SKIP not counted. */
const SKIP = 255;
const CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) CLASS[c] = START[c] || (NOT_COUNTED[c] ? SKIP : 0);

/** What completeness needs of a section's text (scanSectionText). */
export interface SectionScan {
  placeholders: Placeholder[];
  /** Characters as the template counts them (code points, whitespace not counted). */
  length: number;
}

/**
 * The placeholders of `text` and its length in characters as the template counts them (code points,
 * whitespace not counted) — what completeness needs of every section, in one pass over the text.
 */
export function scanSectionText(text: string): SectionScan {
  const st: ScanState = { out: [], length: 0 };
  scan(text, Infinity, st);
  const placeholders = st.out;
  // An array grown by push keeps spare capacity; callers (completeness) retain the result.
  return { placeholders: placeholders.length > 0 && placeholders.length <= 16 ? placeholders.slice() : placeholders, length: st.length };
}

/**
 * Length of the placeholder of kind `k` starting at `i`, or 0: matchAt, with the frequent starts that
 * cannot match rejected first ("。", "." and "·" not in a run of three; "1"/"2" not followed by "9"/"0").
 */
function startAt(text: string, i: number, c: number, k: number): number {
  if (k === K_YEAR) {
    const d = text.charCodeAt(i + 1);
    return (c === 0x31 ? d === 0x39 : d === 0x30) ? stickyMatch(YEAR_RE, text, i) : 0;
  }
  if (k === K_ELLIPSIS && (c === 0x3002 || c === 0x2e || c === 0xb7) && (text.charCodeAt(i + 1) !== c || text.charCodeAt(i + 2) !== c)) return 0;
  return matchAt(text, i, c, k);
}

/** An ellipsis in "现将……报告如下", or * / × between digits: matched, but not a placeholder. */
function isSkipped(text: string, kind: PlaceholderKind, start: number, end: number): boolean {
  if (kind === "ellipsis") return isPreambleFormula(text, start, end);
  return (kind === "asterisk" || (kind === "cross" && end - start === 1)) && isMultiplication(text, start, end);
}

/** What a scan collects. */
interface ScanState {
  /** The placeholders found, in order. */
  out: Placeholder[];
  /** Characters counted (as text.countChars counts them). */
  length: number;
}

/** Scans `text` until `limit` placeholders are found, counting characters on the way. */
function scan(text: string, limit: number, st: ScanState): void {
  const len = text.length;
  const table = CLASS; // in a local: measured faster in the loop than the module binding
  let counted = 0;
  let i = 0;
  while (i < len) {
    // The common case first, in a tight loop: counted characters that cannot start a placeholder.
    const run = i;
    let k = 0;
    for (; i < len; i++) {
      k = table[text.charCodeAt(i)]!;
      if (k !== 0) break;
    }
    counted += i - run;
    if (i >= len) break;
    if (k === SKIP) {
      i++;
      continue;
    }
    const c = text.charCodeAt(i);
    const n = startAt(text, i, c, k);
    if (n === 0) {
      counted++; // no placeholder starts with a character that is not counted
      i++;
      continue;
    }
    const index = i;
    const end = i + n;
    const kind = KIND_OF[k]!;
    if (kind === "note") {
      for (let j = index; j < end; j++) if (!NOT_COUNTED[text.charCodeAt(j)]) counted++; // "【 待补充 】"
    } else {
      counted += n; // the other kinds hold no whitespace
    }
    i = end;
    if (isSkipped(text, kind, index, end)) continue;
    const u = kind !== "year" && kind !== "note" ? unitIndex(text, end) : -1;
    const p: Placeholder = { match: text.slice(index, end), index, kind };
    if (u >= 0) p.unit = text[u]!;
    st.out.push(p);
    if (st.out.length >= limit) break;
  }
  st.length = counted;
}

function placeholdersOf(text: string, limit: number): Placeholder[] {
  const out: Placeholder[] = [];
  if (text) scan(text, limit, { out, length: 0 });
  // An array grown by push keeps spare capacity; callers (completeness) retain the result.
  return out.length > 0 && out.length <= 16 ? out.slice() : out;
}

/** Index of the unit right after a placeholder (`^\s?([UNITS])` on the next two code units), or -1. */
function unitIndex(text: string, end: number): number {
  if (end >= text.length) return -1;
  const a = text.charCodeAt(end);
  if (UNIT_SET[a]) return end;
  if (end + 1 < text.length && UNIT_SET[text.charCodeAt(end + 1)] && isSpace(a)) return end + 1;
  return -1;
}

/** "现将……报告如下": the preamble formula; an ellipsis inside it is prose. */
const PREAMBLE_BEFORE_RE = /现将[^。；\n]{0,20}$/u;
const PREAMBLE_AFTER_RE = /^[^。；\n]{0,30}报告如下/u;
// Multiplication between digits: "3×4", "2*3" — as /\d\s?$/u before and /^\s?\d/u after (isMultiplication).

function isPreambleFormula(text: string, start: number, end: number): boolean {
  return PREAMBLE_BEFORE_RE.test(text.slice(Math.max(0, start - 22), start)) && PREAMBLE_AFTER_RE.test(text.slice(end, end + 32));
}

const isDigitCode = (c: number) => c >= 0x30 && c <= 0x39;

/** A digit (optionally then a space) right before `start`, and a digit (optionally after a space) right after `end`. */
function isMultiplication(text: string, start: number, end: number): boolean {
  const b = text.charCodeAt(start - 1); // NaN before the start: neither digit nor space
  if (!(isDigitCode(b) || (start >= 2 && isDigitCode(text.charCodeAt(start - 2)) && isSpace(b)))) return false;
  const a = text.charCodeAt(end); // NaN after the end
  return isDigitCode(a) || (isDigitCode(text.charCodeAt(end + 1)) && isSpace(a));
}

/** How a placeholder reads in a message: the placeholder with its unit, e.g. "***件". */
export function placeholderLabel(p: Placeholder): string {
  return p.unit ? `${p.match}${p.unit}` : p.match;
}

/** True when `text` contains at least one placeholder (cheaper than collecting them all). */
export function hasPlaceholder(text: string): boolean {
  return placeholdersOf(text, 1).length > 0;
}
