// Word's automatic numbering, reconstructed as Word shows it ("一、", "（二）", "1.", "①"): numbering.xml's w:num →
// w:abstractNum → w:lvl (w:start, w:numFmt, w:lvlText, w:startOverride), paragraph styles' numbering from styles.xml
// (through w:basedOn), number formats, and the counters (per abstract numbering; a deeper level restarts when a
// shallower one advances; bullets are not written).
import { toChineseNumeral } from "../../domain/numerals.js";
import { attr, tokens } from "./read-docx-xml.js";

interface Level {
  start: number;
  fmt: string;
  text: string;
}

interface Numbering {
  /** numId → abstractNumId and start overrides by level. */
  nums: Map<string, { abstract: string; overrides: Map<number, number> }>;
  /** abstractNumId → levels. */
  abstracts: Map<string, Map<number, Level>>;
}

export interface NumRef {
  numId: string;
  ilvl: number;
}

/** The numbering definitions of numbering.xml (none when the file has no numbering part). */
export function readNumbering(xml: string | undefined): Numbering {
  const nums: Numbering["nums"] = new Map();
  const abstracts: Numbering["abstracts"] = new Map();
  if (!xml) return { nums, abstracts };
  let abstract: Map<number, Level> | null = null;
  let level: Level | null = null;
  let num: { abstract: string; overrides: Map<number, number> } | null = null;
  let overrideLvl: number | null = null;
  for (const t of tokens(xml)) {
    if (typeof t === "string") continue;
    const open = !t.close;
    switch (t.name) {
      case "w:abstractNum":
        if (open) {
          abstract = new Map();
          abstracts.set(attr(t.attrs, "w:abstractNumId") ?? "", abstract);
        } else abstract = null;
        break;
      case "w:lvl":
        if (open && !t.selfClose && abstract) {
          level = { start: 1, fmt: "decimal", text: "" };
          abstract.set(Number(attr(t.attrs, "w:ilvl") ?? 0), level);
        } else if (t.close) level = null;
        break;
      case "w:start":
        if (open && level) level.start = Number(attr(t.attrs, "w:val") ?? 1);
        break;
      case "w:numFmt":
        if (open && level) level.fmt = attr(t.attrs, "w:val") ?? "decimal";
        break;
      case "w:lvlText":
        if (open && level) level.text = attr(t.attrs, "w:val") ?? "";
        break;
      case "w:num":
        if (open && !t.selfClose) {
          num = { abstract: "", overrides: new Map() };
          nums.set(attr(t.attrs, "w:numId") ?? "", num);
        } else if (t.close) num = null;
        break;
      case "w:abstractNumId":
        if (open && num) num.abstract = attr(t.attrs, "w:val") ?? "";
        break;
      case "w:lvlOverride":
        if (open && !t.selfClose) overrideLvl = Number(attr(t.attrs, "w:ilvl") ?? 0);
        else if (t.close) overrideLvl = null;
        break;
      case "w:startOverride":
        if (open && num && overrideLvl !== null) num.overrides.set(overrideLvl, Number(attr(t.attrs, "w:val") ?? 1));
        break;
    }
  }
  return { nums, abstracts };
}

/** Paragraph styles' numbering (w:pPr/w:numPr), following w:basedOn. */export function readStyles(xml: string | undefined): (styleId: string) => NumRef | null {
  const own = new Map<string, { num: Partial<NumRef>; basedOn?: string }>();
  if (xml) {
    let current: { num: Partial<NumRef>; basedOn?: string } | null = null;
    let inPPr = false;
    for (const t of tokens(xml)) {
      if (typeof t === "string") continue;
      if (t.name === "w:style") {
        if (!t.close && !t.selfClose) {
          current = { num: {} };
          own.set(attr(t.attrs, "w:styleId") ?? "", current);
        } else if (t.close) current = null;
      } else if (!current) continue;
      else if (t.name === "w:pPr") inPPr = !t.close && !t.selfClose;
      else if (t.name === "w:basedOn" && !t.close) current.basedOn = attr(t.attrs, "w:val");
      else if (inPPr && t.name === "w:numId" && !t.close) current.num.numId = attr(t.attrs, "w:val");
      else if (inPPr && t.name === "w:ilvl" && !t.close) current.num.ilvl = Number(attr(t.attrs, "w:val") ?? 0);
    }
  }
  return (styleId) => {
    const seen = new Set<string>();
    let id: string | undefined = styleId;
    while (id !== undefined && !seen.has(id)) {
      seen.add(id);
      const s = own.get(id);
      if (!s) return null;
      if (s.num.numId !== undefined) return { numId: s.num.numId, ilvl: s.num.ilvl ?? 0 };
      id = s.basedOn;
    }
    return null;
  };
}

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
const TIANGAN = "甲乙丙丁戊己庚辛壬癸";
const LEGAL = "零壹贰叁肆伍陆柒捌玖";

function roman(n: number): string {
  const table: [number, string][] = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let out = "";
  for (const [v, s] of table) while (n >= v) {
    out += s;
    n -= v;
  }
  return out;
}

function letters(n: number): string {
  const c = String.fromCharCode(64 + (((n - 1) % 26) + 1));
  return c.repeat(Math.floor((n - 1) / 26) + 1);
}

function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case "chineseCounting":
    case "chineseCountingThousand":
    case "taiwaneseCounting":
    case "taiwaneseCountingThousand":
    case "ideographDigital":
      return n >= 1 && n <= 99 ? toChineseNumeral(n) : String(n);
    case "chineseLegalSimplified":
      return n >= 1 && n <= 9 ? LEGAL[n]! : n === 10 ? "拾" : String(n);
    case "ideographTraditional":
      return n >= 1 && n <= 10 ? TIANGAN[n - 1]! : String(n);
    case "decimalEnclosedCircle":
    case "decimalEnclosedCircleChinese":
      return n >= 1 && n <= 20 ? CIRCLED[n - 1]! : String(n);
    case "decimalFullWidth":
    case "decimalFullWidth2":
      return String(n).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    case "decimalZero":
      return n < 10 ? `0${n}` : String(n);
    case "upperLetter":
      return letters(n);
    case "lowerLetter":
      return letters(n).toLowerCase();
    case "upperRoman":
      return roman(n);
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "none":
      return "";
    default:
      return String(n);
  }
}

/** The running counters of one document's numbered paragraphs. */
export class Counters {
  private readonly counts = new Map<string, number[]>();
  private readonly started = new Set<string>();

  constructor(private readonly numbering: Numbering) {}

  /** The numbering text of the next paragraph numbered (numId, ilvl); "" for bullets, "none" or unknown lists. */
  next(ref: NumRef): string {
    if (ref.numId === "0") return "";
    const num = this.numbering.nums.get(ref.numId);
    const levels = num ? this.numbering.abstracts.get(num.abstract) : undefined;
    const lvl = levels?.get(ref.ilvl);
    if (!num || !levels || !lvl || lvl.fmt === "bullet") return "";
    const startOf = (i: number) => num.overrides.get(i) ?? levels.get(i)?.start ?? 1;
    let counts = this.counts.get(num.abstract);
    if (!counts) this.counts.set(num.abstract, (counts = []));
    if (!this.started.has(ref.numId)) {
      this.started.add(ref.numId);
      // A w:num with start overrides restarts those levels.
      for (const [i, v] of num.overrides) counts[i] = v - 1;
    }
    for (let i = 0; i < ref.ilvl; i++) if (counts[i] === undefined) counts[i] = startOf(i);
    counts[ref.ilvl] = (counts[ref.ilvl] ?? startOf(ref.ilvl) - 1) + 1;
    counts.length = ref.ilvl + 1;
    return lvl.text.replace(/%([1-9])/g, (_m, d: string) => {
      const i = Number(d) - 1;
      return formatNumber(counts![i] ?? startOf(i), levels.get(i)?.fmt ?? "decimal");
    });
  }
}
