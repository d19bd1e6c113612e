/**
 * Lays a ReportDocument out as a flat list of blocks: the intermediate shared by the .docx and Markdown renderers.
 * Everything that is a decision about content (title wrapping, which sections appear, heading levels, lead-ins,
 * placeholders, signature offsets) is made here, so both outputs always say the same thing.
 */
import { classifyParagraph, endsWithSentenceEnd, headingLevel } from "./headings.js";
import { fullDate } from "../../domain/date-format.js";
import type { HeadingLevel } from "../../domain/headings.js";
import type { DocumentSection, ReportDocument } from "../../domain/report-document.js";


export type Block =
  /** One centred line of the title (2号 小标宋). A long title gives several. */
  | { type: "title"; text: string }
  /** An empty line (空一行). */
  | { type: "blank" }
  /** 主送机关, flush left, ending in "：". */
  | { type: "recipient"; text: string }
  /** A stand-alone heading line at GB/T 9704 level 1–4. */
  | { type: "heading"; level: HeadingLevel; text: string }
  /**
   * A body paragraph. With `leadIn`, the paragraph starts with a run-in heading printed in that level's style
   * (e.g. "（一）强化组织领导。" in 楷体), then continues with `text` as body text.
   */
  | { type: "paragraph"; text: string; leadIn?: { level: HeadingLevel; text: string } }
  /** "【待补充】" for a required preamble or part that has no text at all (nor any written sub-section). */
  | { type: "placeholder"; text: string }
  /** 附件说明, e.g. "附件：填报记录". */
  | { type: "attachmentNote"; text: string }
  /**
   * 署名 and 成文日期 without a seal (GB/T 9704 7.3.5.2): both right-aligned; the right margins are in character
   * widths (one 3号 character), the date's first character two characters right of the office name's first character.
   */
  | { type: "signature"; office: string; date: string; officeRightChars: number; dateRightChars: number }
  /** The appendix on its own page: "附件" label, title, table (first row is the header). */
  | { type: "appendix"; title: string; rows: string[][] };

export const PLACEHOLDER = "【待补充】";
/** A 2号 (22 pt) character is 22 pt wide; the 156 mm text area holds 20 of them. */
export const TITLE_MAX_CHARS = 20;

// ---------------------------------------------------------------------------------------------------------------
// Text hygiene

// XML 1.0 forbids C0 controls except TAB/LF/CR, and U+FFFE/U+FFFF. C1 controls are allowed but never wanted.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes text safe for XML without changing what it says: unifies line breaks, turns tabs into spaces, removes
 * control characters XML cannot carry, replaces unpaired surrogates with U+FFFD. Keeps `<`, `&`, emoji, and never
 * breaks long lines (escaping is the renderers' job).
 */
export function sanitizeText(s: string): string {
  return s
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .replace(/\t/g, " ")
    .replace(XML_INVALID, "")
    .replace(LONE_SURROGATE, "\uFFFD");
}

/** One line of text: sanitised, runs of spaces collapsed, trimmed (including leading 全角 spaces used as indent). */
export function cleanLine(s: string): string {
  return sanitizeText(s).replace(/\n/g, " ").replace(/[ \u00A0]+/g, " ").trim();
}

/** Splits answer text into paragraphs: one per non-blank line, each cleaned. */
export function splitParagraphs(text: string): string[] {
  return sanitizeText(text)
    .split("\n")
    .map((l) => l.replace(/[ \u00A0]+/g, " ").trim())
    .filter((l) => l.length > 0);
}

/** Display width in 汉字 units: half-width (ASCII) characters count ½, everything else 1. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! < 0x80 ? 0.5 : 1;
  return w;
}

// ---------------------------------------------------------------------------------------------------------------
// Title

/** Break opportunities in a title, best first: [text that starts the next line | text that ends a line, cost]. */
const BREAK_BEFORE: ReadonlyArray<[string, number]> = [
  ["关于", 0],
  ["法治政府", 3],
  ["依法行政", 3],
  ["工作情况", 4],
  ["情况的报告", 4],
  ["的报告", 6],
];
const BREAK_AFTER: ReadonlyArray<[string, number]> = [
  ["、", 2],
  ["，", 2],
  // Ends of organisation names, for an office name longer than a line.
  ["办公室", 2],
  ["人民政府", 2],
  ["委员会", 3],
  ["区委", 3],
  ["市委", 3],
  ["县委", 3],
  ["党组", 4],
  ["年度", 3],
  ["年", 4],
  ["建设", 4],
  ["工作", 5],
  ["的", 7],
  ["和", 7],
  ["与", 7],
  ["及", 7],
];

const NO_BREAK_BEFORE: readonly string[] = ["办公室", "员会", "党组", "年", "月", "日", "的", "、", "，", "。", "）", "》", "”", "’", ")"];

function breakCosts(title: string, office: string): Map<number, number> {
  const costs = new Map<number, number>();
  const put = (i: number, c: number) => {
    if (i <= 0 || i >= title.length) return;
    // Never split a number, or a number from its unit ("2023年").
    if (/[0-9A-Za-z]/.test(title[i - 1]!) && /[0-9A-Za-z年月日]/.test(title[i]!)) return;
    // Never start a line with closing punctuation or a word that belongs to the one before ("委员会|办公室").
    if (NO_BREAK_BEFORE.some((w) => title.startsWith(w, i))) return;
    if (/[（《“‘(]/.test(title[i - 1]!)) return;
    const old = costs.get(i);
    if (old === undefined || c < old) costs.set(i, c);
  };
  for (const [w, c] of BREAK_BEFORE) {
    for (let i = title.indexOf(w); i !== -1; i = title.indexOf(w, i + 1)) put(i, c);
  }
  for (const [w, c] of BREAK_AFTER) {
    for (let i = title.indexOf(w); i !== -1; i = title.indexOf(w, i + 1)) put(i + w.length, c);
  }
  if (office && title.startsWith(office)) put(office.length, 0);
  return costs;
}

/**
 * Splits a title into centred lines of at most `max` 汉字 widths, at word boundaries: preferably before "关于" (or
 * after the office name), then after 年度/、, then before "情况的报告"…, balancing line lengths. Falls back to a plain
 * cut only when a stretch longer than a line has no boundary at all.
 */
export function splitTitle(title: string, office = "", max = TITLE_MAX_CHARS): string[] {
  const t = cleanLine(title);
  if (textWidth(t) <= max) return [t];
  const costs = breakCosts(t, cleanLine(office));

  // Two lines if any boundary allows it: cheapest boundary, then the most balanced.
  let best: { i: number; score: number } | undefined;
  for (const [i, c] of costs) {
    const a = textWidth(t.slice(0, i));
    const b = textWidth(t.slice(i));
    if (a > max || b > max) continue;
    const score = c * 4 + Math.abs(a - b) / 2;
    if (!best || score < best.score) best = { i, score };
  }
  if (best) return [t.slice(0, best.i).trim(), t.slice(best.i).trim()];

  // Otherwise take the longest first line that ends at a boundary (ties: cheaper), and wrap the rest the same way.
  let cut = -1;
  let cutScore = Infinity;
  for (const [i, c] of costs) {
    const a = textWidth(t.slice(0, i));
    if (a > max) continue;
    const score = c * 3 + (max - a);
    if (score < cutScore) {
      cut = i;
      cutScore = score;
    }
  }
  if (cut === -1) {
    // No boundary: cut at the last position that fits, without splitting an ASCII word or number.
    let w = 0;
    cut = 0;
    for (const ch of t) {
      w += textWidth(ch);
      if (w > max) break;
      cut += ch.length;
    }
    while (cut > 1 && /[0-9A-Za-z]/.test(t[cut - 1]!) && /[0-9A-Za-z]/.test(t[cut]!)) cut -= 1;
    if (cut <= 1) cut = Math.max(1, cut);
  }
  return [t.slice(0, cut).trim(), ...splitTitle(t.slice(cut), "", max)];
}

// ---------------------------------------------------------------------------------------------------------------
// Dates and signature


/**
 * Right offsets (in character widths) of 署名 and 成文日期 without a seal, GB/T 9704 7.3.5.2: the 署名 sits two
 * characters from the right; the date's first character is two characters right of the 署名's first; if the date
 * would then come closer than two characters to the right edge, the date gets the two characters and the 署名 moves
 * left to keep the relation.
 */
export function signatureOffsets(office: string, date: string): { officeRightChars: number; dateRightChars: number } {
  const ow = textWidth(office);
  const dw = textWidth(date);
  let officeRight = 2;
  let dateRight = officeRight + ow - 2 - dw;
  if (dateRight < 2) {
    dateRight = 2;
    officeRight = dateRight + dw + 2 - ow;
  }
  return { officeRightChars: officeRight, dateRightChars: dateRight };
}

// ---------------------------------------------------------------------------------------------------------------
// Body

function paragraphBlocks(paragraphs: readonly string[]): Block[] {
  return paragraphs.map((p): Block => {
    const c = classifyParagraph(p);
    const level = headingLevel(c.kind);
    if (level === 0) return { type: "paragraph", text: p };
    if (c.leadIn !== undefined && c.rest !== undefined) {
      return { type: "paragraph", text: c.rest, leadIn: { level, text: c.leadIn } };
    }
    return { type: "heading", level, text: p };
  });
}

interface SectionNode {
  section: DocumentSection;
  heading: string;
  paragraphs: string[];
  children: SectionNode[];
}

function buildTree(sections: readonly DocumentSection[]): SectionNode[] {
  const roots: SectionNode[] = [];
  let part: SectionNode | undefined;
  for (const section of sections) {
    const node: SectionNode = {
      section,
      heading: cleanLine(section.heading),
      paragraphs: splitParagraphs(section.text),
      children: [],
    };
    if (section.level === 2 && part) {
      part.children.push(node);
    } else {
      roots.push(node);
      part = section.level === 1 ? node : undefined;
    }
  }
  return roots;
}

/**
 * A sub-section is printed only when it has text (sub-sections are suggestions: one nobody wrote is never
 * printed, whatever `required` says); the preamble and a part when required or when they hold text.
 */
function isVisible(n: SectionNode): boolean {
  if (n.section.level === 2) return n.paragraphs.length > 0;
  return n.section.required || n.paragraphs.length > 0 || n.children.some(isVisible);
}

function sectionBlocks(n: SectionNode): Block[] {
  if (!isVisible(n)) return [];
  const out: Block[] = [];
  const level: HeadingLevel | 0 = n.section.level === 0 || n.heading === "" ? 0 : n.section.level;
  let paragraphs = n.paragraphs;
  if (level !== 0) {
    const first = paragraphs[0];
    if (endsWithSentenceEnd(n.heading) && first !== undefined && classifyParagraph(first).kind === "body") {
      out.push({ type: "paragraph", text: first, leadIn: { level, text: n.heading } });
      paragraphs = paragraphs.slice(1);
    } else {
      out.push({ type: "heading", level, text: n.heading });
    }
  }
  out.push(...paragraphBlocks(paragraphs));
  const children = n.children.flatMap(sectionBlocks);
  if (n.paragraphs.length === 0 && children.length === 0) out.push({ type: "placeholder", text: PLACEHOLDER });
  out.push(...children);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

export function layoutReport(doc: ReportDocument): Block[] {
  const blocks: Block[] = [];
  const office = cleanLine(doc.office);
  const title = cleanLine(doc.title);
  for (const line of title ? splitTitle(title, office) : [PLACEHOLDER]) blocks.push({ type: "title", text: line });
  blocks.push({ type: "blank" });

  const recipient = cleanLine(doc.recipient ?? "");
  if (recipient) {
    blocks.push({ type: "recipient", text: /[：:]$/.test(recipient) ? recipient.replace(/:$/, "：") : `${recipient}：` });
  }

  for (const node of buildTree(doc.blocks)) blocks.push(...sectionBlocks(node));

  blocks.push({ type: "blank" });
  const appendix = doc.appendix;
  const appendixTitle = appendix ? cleanLine(appendix.title) || "附件" : "";
  if (appendix) {
    blocks.push({ type: "attachmentNote", text: `附件：${appendixTitle}` });
    blocks.push({ type: "blank" });
  }
  const date = fullDate(doc.date);
  blocks.push({ type: "signature", office, date, ...signatureOffsets(office, date) });
  if (appendix) {
    blocks.push({ type: "appendix", title: appendixTitle, rows: appendix.rows.map((r) => r.map(cleanLine)) });
  }
  return blocks;
}

/** The plain text of each printed paragraph of a block, in order (what a reader sees; used by tests and previews). */
export function blockLines(b: Block): string[] {
  switch (b.type) {
    case "blank":
      return [""];
    case "paragraph":
      return [(b.leadIn?.text ?? "") + b.text];
    case "signature":
      return [b.office, b.date];
    case "appendix":
      return ["附件", "", b.title, ...b.rows.flat()];
    default:
      return [b.text];
  }
}
