/**
 * Reads the text of a .docx (Office Open XML) file: word/document.xml, paragraph by paragraph in reading order, as a
 * reader sees it. Web APIs only (fflate unzips in memory), no network.
 *
 *  - A paragraph is its runs' text (w:t) with tabs as a space and line breaks (w:br, w:cr) as "\n"; deleted
 *    revisions (w:del, w:delText, w:moveFrom), field instructions (w:instrText), text boxes and the fallback copy of
 *    alternate content (mc:Fallback) are left out.
 *  - Automatic numbering is written out in front of the paragraph as Word shows it ("一、", "（二）", "1.", "①"):
 *    the paragraph's w:numPr, or its style's (styles.xml, through w:basedOn), resolved in numbering.xml (w:num →
 *    w:abstractNum → w:lvl: w:start, w:numFmt, w:lvlText, w:startOverride). Counters run per abstract numbering;
 *    a deeper level restarts when a shallower one advances. Bullets are not written.
 *  - A table becomes one line per row, its cells' text joined with " | " (paragraphs inside a cell with " ").
 * The result joins paragraphs with "\n"; empty paragraphs stay as empty lines (cleaning pasted text removes them).
 *
 * A file that is not a zip, has no word/document.xml or unpacks to more than MAX_XML_BYTES gives a DocxError.
 */
import { strFromU8, unzipSync } from "fflate";
import { toChineseNumeral } from "../../domain/numerals.js";

export class DocxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocxError";
  }
}

/** Largest unpacked XML part read (a report's document.xml is well under 1 MB). */
export const MAX_XML_BYTES = 20 * 1024 * 1024;

const PARTS = ["word/document.xml", "word/numbering.xml", "word/styles.xml"];

function unzipParts(bytes: Uint8Array): Record<string, string> {
  let files: Record<string, Uint8Array>;
  let tooBig = false;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!PARTS.includes(f.name)) return false;
        if (f.originalSize > MAX_XML_BYTES) {
          tooBig = true;
          return false;
        }
        return true;
      },
    });
  } catch {
    throw new DocxError("文件不是有效的 .docx（无法解压）。");
  }
  if (tooBig) throw new DocxError("文件内容过大，无法读取。");
  if (!files["word/document.xml"]) throw new DocxError("文件不是有效的 .docx（缺少正文 word/document.xml）。");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) out[k] = strFromU8(v);
  return out;
}

// ---------------------------------------------------------------------------------------------
// A minimal XML tokenizer: tags with their attributes, and text between tags.

interface Tag {
  name: string;
  close: boolean;
  selfClose: boolean;
  attrs: string;
}

const TOKEN_RE = /<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g;

function* tokens(xml: string): Generator<Tag | string> {
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(xml))) {
    if (m[2] !== undefined) yield { name: m[2], close: m[1] === "/", selfClose: m[4] === "/", attrs: m[3] ?? "" };
    else if (m[5] !== undefined) yield m[5];
    else if (m[6] !== undefined) yield unescapeXml(m[6]);
  }
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace(/[.:]/g, "\\$&")}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? unescapeXml(m[1] ?? m[2] ?? "") : undefined;
}

function unescapeXml(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "amp") return "&";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

// ---------------------------------------------------------------------------------------------
// Numbering

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

interface NumRef {
  numId: string;
  ilvl: number;
}

function readNumbering(xml: string | undefined): Numbering {
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

/** Paragraph styles' numbering (w:pPr/w:numPr), following w:basedOn. */
function readStyles(xml: string | undefined): (styleId: string) => NumRef | null {
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

class Counters {
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

// ---------------------------------------------------------------------------------------------
// The document

/** Elements whose content is not part of the text a reader sees. */
const SKIPPED = new Set(["w:del", "w:delText", "w:moveFrom", "w:instrText", "mc:Fallback", "w:txbxContent", "w:footnoteReference", "w:endnoteReference", "w:sectPr", "w:rPr"]);

/** The text of a .docx's body, paragraph by paragraph (see the module comment). Throws DocxError. */
export function readDocxText(bytes: Uint8Array): string {
  const parts = unzipParts(bytes);
  const counters = new Counters(readNumbering(parts["word/numbering.xml"]));
  const styleNum = readStyles(parts["word/styles.xml"]);
  const xml = parts["word/document.xml"]!;
  const bodyAt = xml.indexOf("<w:body");
  if (bodyAt < 0) throw new DocxError("文件不是有效的 .docx（正文为空）。");

  const out: string[] = [];
  // Tables: stack of rows being built; each row a list of cells, each cell a list of paragraph texts.
  const tables: { row: string[][] | null }[] = [];
  let para: { text: string; numId?: string; ilvl?: number; style?: string } | null = null;
  let skip = 0;
  let inPPr = false;
  let inT = false;

  // A paragraph (or a finished table row) goes into the innermost open table row's last cell, else to the output.
  const emit = (text: string) => {
    for (let i = tables.length - 1; i >= 0; i--) {
      const row = tables[i]!.row;
      if (!row) continue;
      if (row.length === 0) row.push([]);
      row[row.length - 1]!.push(text);
      return;
    }
    out.push(text);
  };

  for (const t of tokens(xml.slice(bodyAt))) {
    if (typeof t === "string") {
      if (skip === 0 && inT && para) para.text += t;
      continue;
    }
    if (SKIPPED.has(t.name)) {
      if (t.selfClose) continue;
      skip += t.close ? -1 : 1;
      continue;
    }
    if (skip > 0) continue;
    switch (t.name) {
      case "w:p":
        if (!t.close) {
          para = { text: "" };
          if (t.selfClose) {
            emit("");
            para = null;
          }
        } else if (para) {
          let ref: NumRef | null = null;
          if (para.numId !== undefined) ref = { numId: para.numId, ilvl: para.ilvl ?? 0 };
          else if (para.style !== undefined) ref = styleNum(para.style);
          const number = ref ? counters.next(ref) : "";
          emit(number + para.text);
          para = null;
        }
        break;
      case "w:pPr":
        inPPr = !t.close && !t.selfClose;
        break;
      case "w:pStyle":
        if (inPPr && para) para.style = attr(t.attrs, "w:val");
        break;
      case "w:numId":
        if (inPPr && para) para.numId = attr(t.attrs, "w:val");
        break;
      case "w:ilvl":
        if (inPPr && para) para.ilvl = Number(attr(t.attrs, "w:val") ?? 0);
        break;
      case "w:t":
        inT = !t.close && !t.selfClose;
        break;
      case "w:tab":
        if (para && !inPPr) para.text += " ";
        break;
      case "w:br":
      case "w:cr":
        if (para) para.text += "\n";
        break;
      case "w:noBreakHyphen":
        if (para) para.text += "-";
        break;
      case "w:tbl":
        if (!t.close) tables.push({ row: null });
        else tables.pop();
        break;
      case "w:tr": {
        const table = tables[tables.length - 1];
        if (!table) break;
        if (!t.close) table.row = [];
        else if (table.row) {
          const line = table.row.map((cell) => cell.filter((p) => p.trim() !== "").join(" ")).join(" | ");
          table.row = null;
          emit(line);
        }
        break;
      }
      case "w:tc": {
        const table = tables[tables.length - 1];
        if (table?.row && !t.close) table.row.push([]);
        break;
      }
    }
  }
  return out.join("\n");
}

/** readDocxText as the app's port (src/app/ports/platform.ts ReadDocx): a file that is not a .docx gives its message. */
export function readDocx(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: readDocxText(bytes) };
  } catch (e) {
    if (e instanceof DocxError) return { ok: false, message: e.message };
    throw e;
  }
}
