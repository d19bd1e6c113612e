// Finds placeholders left in a draft: figures and names not yet filled in ("***件", "**次", "XX名",
// "20XX年", "【待补充】", "共……件", "□□"). Pure and fast: one regular expression compiled once.
//
// Indexes are UTF-16 code-unit offsets into the given text (JavaScript string indexes).

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

// Alternatives are tried left to right at each position; the leftmost match wins, so "20XX年" is a
// year rather than a cross run.
const PLACEHOLDER_RE = new RegExp(
  [
    `(?<year>(?:19|20)\\d?[${CROSS}]{1,2}年)`,
    `(?<asterisk>[*＊]+)`,
    `(?<note>${OPEN}\\s*${NOTE_BODY}\\s*${CLOSE})`,
    `(?<box>[□☐]+)`,
    `(?<underline>[_＿]{2,})`,
    // Two or more X marks, or one mark followed by a unit; never part of a Latin word ("XXL", "Excel").
    `(?<cross>(?<![${LATIN}])(?:[${CROSS}]{2,}|[${CROSS}](?=\\s?${UNIT_CLASS}))(?![${LATIN}]))`,
    // An ellipsis is a blank only where a figure belongs: after 第, before a unit, alone in brackets
    // or alone on its line. "现将……报告如下", "开展……等活动" are prose and are not matched.
    `(?<ellipsis>(?<=第\\s?)${ELLIPSIS}|${ELLIPSIS}(?=\\s?${UNIT_CLASS})|(?<=${OPEN}\\s*)${ELLIPSIS}(?=\\s*${CLOSE})|(?<=^[ \\t\\u3000]*)${ELLIPSIS}(?=[ \\t\\u3000。；;]*$))`,
  ].join("|"),
  "gmu",
);

const UNIT_AFTER_RE = new RegExp(`^\\s?(${UNIT_CLASS})`, "u");
/** "现将……报告如下": the preamble formula; an ellipsis inside it is prose. */
const PREAMBLE_BEFORE_RE = /现将[^。；\n]{0,20}$/u;
const PREAMBLE_AFTER_RE = /^[^。；\n]{0,30}报告如下/u;
/** Multiplication between digits: "3×4", "2*3". */
const DIGIT_BEFORE_RE = /\d\s?$/u;
const DIGIT_AFTER_RE = /^\s?\d/u;

const KINDS: readonly PlaceholderKind[] = ["year", "asterisk", "note", "box", "underline", "cross", "ellipsis"];

/** Finds placeholders in `text`, in order of position, without overlaps. */
export function findPlaceholders(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  if (!text) return out;
  PLACEHOLDER_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PLACEHOLDER_RE.exec(text)) !== null) {
    const groups = m.groups ?? {};
    let kind: PlaceholderKind | undefined;
    for (const k of KINDS) {
      if (groups[k] !== undefined) {
        kind = k;
        break;
      }
    }
    if (!kind) continue;
    const match = m[0];
    const index = m.index;
    const end = index + match.length;
    if (kind === "ellipsis" && isPreambleFormula(text, index, end)) continue;
    if ((kind === "asterisk" || (kind === "cross" && match.length === 1)) && isMultiplication(text, index, end)) continue;
    const p: Placeholder = { match, index, kind };
    const unit = UNIT_AFTER_RE.exec(text.slice(end, end + 2));
    if (unit?.[1] && kind !== "year" && kind !== "note") p.unit = unit[1];
    out.push(p);
  }
  return out;
}

function isPreambleFormula(text: string, start: number, end: number): boolean {
  return PREAMBLE_BEFORE_RE.test(text.slice(Math.max(0, start - 22), start)) && PREAMBLE_AFTER_RE.test(text.slice(end, end + 32));
}

function isMultiplication(text: string, start: number, end: number): boolean {
  return DIGIT_BEFORE_RE.test(text.slice(Math.max(0, start - 2), start)) && DIGIT_AFTER_RE.test(text.slice(end, end + 2));
}

/** How a placeholder reads in a message: the placeholder with its unit, e.g. "***件". */
export function placeholderLabel(p: Placeholder): string {
  return p.unit ? `${p.match}${p.unit}` : p.match;
}

/** True when `text` contains at least one placeholder (cheaper than collecting them all). */
export function hasPlaceholder(text: string): boolean {
  return findPlaceholders(text).length > 0;
}
