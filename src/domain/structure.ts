/**
 * Recognising the structure of a real Chinese government report pasted as text (a 法治政府建设情况报告 copied out
 * of Word, a draft, a single part of one). Pure and synchronous; 1–2 ms for a 6,000-character paste, cleaning
 * included (measured on the district draft).
 *
 * ## Input
 * Every function here takes the text **as pasted** and runs `cleanPastedText` (./text-clean.ts) itself: Word line
 * breaks inside sentences ("水\n\n平。") are joined, \r\n and full-width spaces/indents go, half-width , : ( ) next to
 * Chinese become full-width ("(一)" → "（一）"). Everything returned (titles, bodies, markers) is a piece of that
 * cleaned text, which is returned as `RecognizedDocument.text`; its paragraphs are separated by a single "\n".
 *
 * ## What is recognised (recognizeStructure)
 *     重庆市南岸区交通局                         ┐ header: title lines (发文机关 on its own line or before 关于),
 *     关于2023年法治政府建设情况的报告            ┘         document number, 主送机关 line ending in "："
 *     南岸区交通局以……现将……报告如下：            preamble: paragraphs before the first level-1 heading
 *     一、2023年推进法治政府建设的主要举措和成效   part (level 1) → title without its marker
 *     （一）深入学习贯彻……                         sub-section (level 2, or the shallowest level below 1 in that part)
 *     全面学习贯彻……                               its body (1. 2. （1） paragraphs stay in it, with their markers)
 *     ……
 *     特此报告。                                   closing
 *     重庆市南岸区交通局 / 2024年1月10日           signature: office line, date line, 附注 "（此件公开发布）"
 * Heading markers: 一、 | （一） (一) | 1. 1． 1、 １． | （1） (1). A heading may stand on its own line or run in:
 * "（一）强化组织领导。年初，……" is the heading "强化组织领导" (heading "（一）强化组织领导。", runIn) with "年初，……"
 * as the first line of its body. A numbered paragraph whose first sentence (or whole text, when it has no sentence
 * end) is longer than MAX_HEADING_CHARS (60, as for the renderers) is a section with the title "" (heading = the
 * marker alone, runIn, the text in its body).
 *
 * The header is up to 6 leading lines of at most 60 characters without sentence punctuation, and only when more text
 * follows them (a paste of short lines alone is not a title). The title starts at the first header line carrying 关于
 * or a 文种 (报告, 要点…), with an office line just above it joined in front (issuer); a 发文字号 line is skipped.
 * The year: "关于2023年" in the title, else "现将…2022年度…报告如下" in the preamble, else the title's first year,
 * else a part title's year (a plan part's year − 1). The signature is recognised only at the very end: a date line
 * ("2024年1月10日", "2024 年 1 月 10 日", "二〇二四年一月十日", full-width digits; `date` only when valid) with an
 * office line above it or before it on the same line, or an office line alone as the last paragraph.
 *
 * Nothing is lost: the cleaned paragraphs are exactly, in order,
 *     header…, preamble's lines, for each part sectionText(part), closing, signature.lines…
 * where sectionText(s) = s.runIn ? s.heading + s.body : s.heading + "\n" + s.body (without "\n" when body is ""),
 * and a part's body = [lead, ...subsections.map(sectionText)] (non-empty ones) joined with "\n".
 *
 * ## Mandated items (RecognizedPart.mandated)
 * The 法治政府建设年度报告 has five mandated items, the part keys of src/domain/templates/fazhi-annual.ts:
 * measures (主要举措和成效), leader (党政主要负责人履行第一责任人职责), shortcomings (存在的不足和原因),
 * plan (下一年度的主要安排), other (其他需要报告的情况). A part is matched
 *  - by its title's keywords (TITLE_RULES) — `mandatedBy: "title"`; when a title names two items, the one named
 *    first counts most ("存在的问题及下一步打算" → shortcomings);
 *    "头雁" (the leading goose: leaders setting the example) names the leader part, as in the district draft's
 *    "头雁领航，法治政府建设不断推进", whose text is about the 党政主要负责人 too;
 *  - otherwise by its text (CONTENT_TERMS: 第一责任人/述法 → leader, 不足/短板/差距 → shortcomings,
 *    下一步/将继续 → plan, 特色/亮点 or just "无" → other; MEASURES_TOPICS: ≥ 4 distinct topics of a year's work
 *    such as 放管服, 决策, 执法, 复议/信访, 普法 → measures), the first 150 characters counting three times, at
 *    least CONTENT_THRESHOLD — `mandatedBy: "content"`. Matching by content needs evidence that the text is a report at
 *    all (a part title naming an item, "报告如下" in the preamble, or "报告" in the title): a work plan's groups
 *    ("一、持续深化“放管服”改革…") are not taken for a report's parts.
 * Each item goes to at most one part and each part gets at most one item: the best (part, item) pairs win first.
 * Parts that match nothing are kept (`mandated: null`), never dropped. A part reporting two items gets the first.
 *
 * ## Text without level-1 headings (a part pasted alone)
 * If there is no level-1 heading but there are headings of levels 2–4, the text after the header is ONE implicit
 * part (`implicit: true`, marker/heading/title "", no preamble): its lead is the text before its first sub-heading,
 * its sub-sections the （一）…（五） (or 1. 2. …) sections, `mandated` from its text alone (no evidence needed).
 * Text with no heading at all is header + preamble only (`parts: []`).
 * `looksLikeWholeReport` is true only for ≥ 2 explicit parts with a mandated item, so neither case is taken for a
 * whole report.
 *
 * ## Other entry points
 *  - classifyPartTitle(title, body?): the mandated item a part title (or, failing that, its text) names — for text
 *    pasted into the wrong part.
 *  - splitLeadingHeading(text): for text pasted into one section: splits off a leading heading ("二、党政主要负责人
 *    严格履行…\n正文", "（一）强化组织领导。为深入推进…", or a short unnumbered line "存在的不足和原因\n一是…")
 *    and names the mandated item that heading names.
 *  - sectionText(section): a section's text as it stood in the cleaned paste (heading + body).
 */
import { firstSentenceEnd, headingMarker, MAX_HEADING_CHARS } from "./headings.js";
import { parseChineseNumeral } from "./numerals.js";
import { findPlaceholders } from "./placeholders.js";
import { cleanPastedText } from "./text-clean.js";
import { charLength } from "./text.js";

export type MandatedItem = "measures" | "leader" | "shortcomings" | "plan" | "other";
/** The mandated items in the order of 《法治政府建设与责任落实督察工作规定》 (the template's 法定顺序). */
export const MANDATED_ITEMS: readonly MandatedItem[] = ["measures", "shortcomings", "leader", "plan", "other"];

export type HeadingLevel = 1 | 2 | 3 | 4;

export interface RecognizedSection {
  /** The numbering marker as it stands in the cleaned text: "一、", "（二）", "1.", "1、", "（3）"; "" if implicit. */
  marker: string;
  level: HeadingLevel;
  /** The number the marker carries (一 → 1, （十二） → 12, 3. → 3); null for an implicit part. */
  number: number | null;
  /**
   * The heading as it stands at the start of its paragraph: marker + title, with the sentence mark that ends a
   * run-in heading ("（一）强化组织领导。"); for a numbered paragraph with no heading sentence, the marker alone.
   */
  heading: string;
  /** The heading text without marker and without its closing mark ("强化组织领导"); "" when there is none. */
  title: string;
  /** Whether text runs on in the heading's own paragraph; if so `body` starts with that text. */
  runIn: boolean;
  /** The text under the heading: run-on text, then the following paragraphs incl. deeper levels ("\n"-separated). */
  body: string;
  /** Placeholders ("***件", "**区") in the heading and body. */
  placeholders: number;
}

export interface RecognizedPart extends RecognizedSection {
  level: 1;
  /** The mandated item this part reports, or null for an extra part. */
  mandated: MandatedItem | null;
  /** How `mandated` was decided. */
  mandatedBy: "title" | "content" | null;
  /** Text before the first sub-heading (may be ""). */
  lead: string;
  subsections: RecognizedSection[];
  /** The part stands for a text without level-1 headings (see the module comment); marker, heading, title are "". */
  implicit: boolean;
}

export interface RecognizedSignature {
  /** 发文机关署名 line, e.g. "重庆市南岸区交通局". */
  office?: string;
  /** 成文日期 as YYYY-MM-DD when it is a valid date with a day. */
  date?: string;
  /** The date as written in the cleaned text: "2024年1月10日", "二〇二四年一月十日". */
  dateText?: string;
  /** 附注 after the date: "（此件公开发布）". */
  note?: string;
  /** The signature's paragraphs as they stand in the cleaned text (office line, date line, note). */
  lines: string[];
}

export interface RecognizedDocument {
  /** The cleaned text everything below is cut from. */
  text: string;
  /** Number of paragraphs of `text`. */
  paragraphs: number;
  /** Leading short lines: title lines, document number, 主送机关. */
  header: string[];
  /** Full title incl. the 发文机关: "重庆市南岸区交通局关于2023年法治政府建设情况的报告". */
  title?: string;
  /** 发文机关 taken from the title ("**区交通局" from "**区交通局关于2022年…"). */
  issuer?: string;
  /** 主送机关 without its "：". */
  recipient?: string;
  /** The year reported on: "关于2023年…" in the title, else "现将…2022年度…报告如下", else part titles. */
  year?: number;
  /** Paragraphs before the first part ("\n"-separated); absent when there are none. */
  preamble?: string;
  parts: RecognizedPart[];
  /** "特此报告。" before the signature. */
  closing?: string;
  signature?: RecognizedSignature;
  /** Mandated items no part was matched to, in the template's 法定顺序. */
  missing: MandatedItem[];
  /** Placeholders in the whole text, in the header and in the preamble. */
  placeholders: number;
  headerPlaceholders: number;
  preamblePlaceholders: number;
}

// ---------------------------------------------------------------------------------------------
// Paragraphs and headings

interface ParsedHeading {
  level: HeadingLevel;
  marker: string;
  number: number | null;
  heading: string;
  title: string;
  /** Run-on text after `heading` in the same paragraph ("" if none). */
  rest: string;
}

/** Marks a title may end with that are not part of it. */
const TITLE_TRAILING_RE = /[。！？!?：:；;，,、]+$/;

function markerNumber(marker: string): number | null {
  const core = marker.replace(/[（()）、.．\s]/g, "");
  return parseChineseNumeral(core);
}

/** The heading at the start of paragraph `p`, or null (body text, or a bare marker). */
function parseHeading(p: string): ParsedHeading | null {
  const m = headingMarker(p);
  if (!m || p.length === m.marker.length) return null;
  const { level, marker } = m;
  const after = p.slice(marker.length);
  const end = firstSentenceEnd(after);
  const base = { level, marker, number: markerNumber(marker) };
  // The heading: the first sentence, or the whole paragraph when it has no sentence end or is one sentence.
  const cut = end === -1 ? p.length : Math.min(marker.length + end, p.length);
  // Too long for a heading: a numbered paragraph (as the renderers print it: the marker alone styled).
  if (cut > MAX_HEADING_CHARS) return { ...base, heading: marker, title: "", rest: after };
  const title = p.slice(marker.length, cut).trim().replace(TITLE_TRAILING_RE, "");
  return { ...base, heading: p.slice(0, cut), title, rest: p.slice(cut) };
}

/** A section's text as it stood in the cleaned paste: its heading paragraph and the paragraphs under it. */
export function sectionText(s: Pick<RecognizedSection, "heading" | "runIn" | "body">): string {
  if (s.runIn) return s.heading + s.body;
  if (s.heading === "") return s.body;
  return s.body === "" ? s.heading : `${s.heading}\n${s.body}`;
}

function countPlaceholders(text: string): number {
  if (text === "") return 0;
  return findPlaceholders(text).length;
}

// ---------------------------------------------------------------------------------------------
// Header, signature, closing

/** Sentence punctuation: a line with any of these is text, not a title line. */
const SENTENCE_PUNCT_RE = /[。！？；!?;，,]/;
const MAX_HEADER_LINE = 60;
const MAX_HEADER_LINES = 6;
/** 文种 or 关于: what a title line carries. */
const TITLE_WORD_RE = /关于|报告|要点|计划|方案|总结|意见|通知|请示|情况/;
/** Endings of an office's name (发文机关, 署名). */
const ORG_END_RE =
  /(?:局|委|委员会|办|办公室|政府|厅|院|部|中心|支队|大队|所|站|处|科|署|会|公司|集团|党组|党委|街道|镇|乡|分局|管委会|指挥部)$/;
/** 发文字号: "南岸交发〔2024〕5号". */
const DOC_NUMBER_RE = /[〔［\[(（]\s*\d{4}\s*[〕］\])）]\s*\d+\s*号$/;
const CLOSING_RE = /^特此(?:报告|说明|报送|函告)[。！!]?$/;
/** 附注 below the date: "（此件公开发布）", "（联系人：张三，电话：12345678）". */
const NOTE_RE = /^[（(][^（）()\n]{2,60}[）)]$/;

const CN_DIGIT = "〇○零一二三四五六七八九";
const DATE_RE = new RegExp(
  `^(.*?)((?:[0-9０-９]{4}|[${CN_DIGIT}]{4})年(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日)?)$`,
);

function toHalfWidth(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function parseYearDigits(s: string): number | null {
  const t = toHalfWidth(s);
  if (/^\d{4}$/.test(t)) return Number(t);
  if (t.length !== 4) return null;
  let n = 0;
  for (const c of t) {
    const d = "〇一二三四五六七八九".indexOf(c === "○" || c === "零" ? "〇" : c);
    if (d < 0) return null;
    n = n * 10 + d;
  }
  return n;
}

function parseSmall(s: string): number | null {
  const t = toHalfWidth(s);
  if (/^\d{1,2}$/.test(t)) return Number(t);
  return parseChineseNumeral(t);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** "2024年1月10日" / "二〇二四年一月十日" → "2024-01-10"; undefined without a day or when not a valid date. */
function parseDateText(text: string): string | undefined {
  const m = /^(.{4})年(.{1,3})月(?:(.{1,3})日)?$/.exec(text);
  if (!m || m[3] === undefined) return undefined;
  const y = parseYearDigits(m[1]!);
  const mo = parseSmall(m[2]!);
  const d = parseSmall(m[3]);
  if (y === null || mo === null || d === null || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function isOfficeLine(p: string): boolean {
  const n = charLength(p);
  return n >= 2 && n <= 30 && !/[。！？；!?;，,：:“”《》]/.test(p) && !headingMarker(p) && ORG_END_RE.test(p);
}

function isHeaderLine(p: string): boolean {
  return charLength(p) <= MAX_HEADER_LINE && !SENTENCE_PUNCT_RE.test(p) && !headingMarker(p) && !/[：:]./.test(p);
}

interface Tail {
  start: number;
  closing?: string;
  signature?: RecognizedSignature;
}

/** A date line, optionally with the office before it on the same line: its office part and date text. */
function dateLine(p: string): { office: string; dateText: string } | null {
  const m = DATE_RE.exec(p);
  if (!m) return null;
  const office = m[1]!.trim();
  return office === "" || isOfficeLine(office) ? { office, dateText: m[2]! } : null;
}

/**
 * The signature and closing at the end of paragraphs [from, …): [特此报告。] [office line] date line [（附注）], or an
 * office line alone as the last paragraph.
 */
function recognizeTail(paras: readonly string[], from: number): Tail {
  let i = paras.length;
  const at = (k: number) => (k >= from ? paras[k] : undefined);
  const sig: RecognizedSignature = { lines: [] };
  let date = at(i - 1) !== undefined ? dateLine(at(i - 1)!) : null;
  if (!date && at(i - 1) !== undefined && NOTE_RE.test(at(i - 1)!) && at(i - 2) !== undefined) {
    date = dateLine(at(i - 2)!);
    if (date) {
      sig.note = paras[i - 1]!;
      i--;
    }
  }
  if (date) {
    sig.dateText = date.dateText;
    const iso = parseDateText(toHalfWidth(date.dateText));
    if (iso) sig.date = iso;
    i--;
    if (date.office) sig.office = date.office;
    else if (at(i - 1) !== undefined && isOfficeLine(at(i - 1)!)) {
      sig.office = paras[i - 1]!;
      i--;
    }
  } else if (at(i - 1) !== undefined && isOfficeLine(at(i - 1)!)) {
    sig.office = paras[i - 1]!;
    i--;
  }
  const tail: Tail = { start: i };
  if (i < paras.length) tail.signature = { ...sig, lines: paras.slice(i) };
  if (at(i - 1) !== undefined && CLOSING_RE.test(at(i - 1)!)) {
    tail.closing = paras[i - 1]!;
    tail.start = i - 1;
  }
  return tail;
}

interface Header {
  end: number;
  title?: string;
  issuer?: string;
  recipient?: string;
}

function recognizeHeader(paras: readonly string[], limit: number): Header {
  let end = 0;
  let recipient: string | undefined;
  while (end < limit && end < MAX_HEADER_LINES) {
    const p = paras[end]!;
    // 主送机关 "区司法局：" ends the header.
    if (/^[^。！？；!?;，,：:]{2,30}[：:]$/.test(p) && !headingMarker(p)) {
      recipient = p.slice(0, -1);
      end++;
      break;
    }
    if (!isHeaderLine(p)) break;
    end++;
  }
  // Header lines must be followed by something: short lines and nothing else are the text itself.
  if (end === paras.length) return { end: 0 };
  const header: Header = { end };
  if (recipient !== undefined) header.recipient = recipient;
  const lines = paras.slice(0, recipient !== undefined ? end - 1 : end).filter((l) => !DOC_NUMBER_RE.test(l));
  if (lines.length === 0) return header;
  // The title: the lines from the first one carrying a 文种 / 关于, with a 发文机关 line just above it.
  let t = lines.findIndex((l) => TITLE_WORD_RE.test(l));
  if (t < 0) t = 0;
  let issuerLine: string | undefined;
  if (t > 0 && isOfficeLine(lines[t - 1]!) && !/关于/.test(lines[t - 1]!)) {
    issuerLine = lines[t - 1]!;
    t--;
  }
  const title = lines.slice(t).join("");
  header.title = title;
  if (issuerLine) header.issuer = issuerLine;
  else {
    const k = title.indexOf("关于");
    if (k >= 2 && ORG_END_RE.test(title.slice(0, k))) header.issuer = title.slice(0, k);
  }
  return header;
}

// ---------------------------------------------------------------------------------------------
// Year

const YEAR_DIGITS = `(?:\\d{4}|[${CN_DIGIT}]{4})`;
const TITLE_YEAR_RE = new RegExp(`关于\\s*(${YEAR_DIGITS})\\s*年`);
const ANY_YEAR_RE = new RegExp(`(${YEAR_DIGITS})\\s*年`);
const PREAMBLE_YEAR_RE = /现将[^。；]*?(\d{4})\s*年/;

function validYear(y: number | null): number | undefined {
  return y !== null && y >= 1990 && y <= 2100 ? y : undefined;
}

function yearFrom(re: RegExp, text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = re.exec(text);
  return m ? validYear(parseYearDigits(m[1]!)) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Mandated items

interface TitleRule {
  item: MandatedItem;
  re: RegExp;
}

/** Title keywords of each mandated item. */
const TITLE_RULES: readonly TitleRule[] = [
  { item: "leader", re: /第一责任人|主要负责人|主要领导|党政(?:主要)?负责|一把手|述法|头雁/ },
  {
    item: "shortcomings",
    re: /不足|短板|差距|薄弱|存在(?:的)?(?:主要)?(?:问题|困难)|(?:问题|困难)(?:和|与|及)(?:不足|原因|困难|问题)|原因分析/,
  },
  { item: "plan", re: /下一步|下一年|下步|明年|来年|今后|安排|打算|计划|思路|设想|展望|努力方向/ },
  { item: "other", re: /其他|其它|特色|亮点|需要(?:报告|说明)|补充/ },
  { item: "measures", re: /举措和成效|举措及成效|主要举措|成效|做法|成绩|主要工作|工作(?:开展|推进|落实)?情况|进展/ },
];

/** Items a title names, the one named first first. */
function titleItems(title: string): MandatedItem[] {
  const hits: { item: MandatedItem; at: number }[] = [];
  for (const { item, re } of TITLE_RULES) {
    const m = re.exec(title);
    if (m) hits.push({ item, at: m.index });
  }
  return hits.sort((a, b) => a.at - b.at).map((h) => h.item);
}

/** Terms in a part's text that speak for an item (measures: see MEASURES_TOPICS). */
const CONTENT_TERMS: Readonly<Record<Exclude<MandatedItem, "measures">, RegExp>> = {
  leader: /第一责任人|主要负责人|主要领导|一把手|述法|四个亲自|亲自(?:部署|过问|协调|督办)/g,
  shortcomings:
    /不足|短板|差距|薄弱|有待于?(?:提高|加强|提升|完善)|还不够|不够(?:高|强|完善|健全|到位)|尚未|滞后|欠缺|存在(?:的)?问题|不到位|不平衡/g,
  plan: /下一步|明年|下一年|今后|将(?:继续|进一步|持续|全面|加快|深入|着力|坚持)|我们将|我局将|力争/g,
  other: /特色|亮点|首创|表扬|肯定|推广|示范|获评|荣获/g,
};

/** The topics of a year's 法治政府建设 work: a part covering many of them reports the measures. */
const MEASURES_TOPICS: readonly RegExp[] = [
  /习近平法治思想|学法|中心组/,
  /放管服|营商环境|简政放权|一网通办|跨省通办|证照分离|政务服务/,
  /规范性文件|合法性审[查核]|制度建设/,
  /重大行政决策|依法决策|科学民主|法律顾问/,
  /行政执法|执法监督|三项制度|双随机|案卷评查|执法人员/,
  /监督|政务公开|制约/,
  /复议|应诉|信访|矛盾纠纷|调解/,
  /普法|法治宣传|宪法宣传/,
  /突发事件|应急/,
];
const FIGURE_RE = /\d+(?:\.\d+)?\s*(?:余|多)?(?:件|次|场|人次|条|家|名|个|项|万)/g;

/** Characters at the start of a part's text that weigh more: where a part says what it is about. */
const OPENING_CHARS = 150;
/** Minimum content score for a match by content alone. */
const CONTENT_THRESHOLD = 6;
/** Bodies that only the 'other' item may have. */
const NOTHING_RE = /^(?:无|暂无|没有|无其他需要报告的情况)[。.]?$/;

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

/** How strongly a part's text speaks for each item (0 … ~20). */
function contentScores(body: string): Record<MandatedItem, number> {
  const opening = body.slice(0, OPENING_CHARS);
  const score = (re: RegExp) => 3 * Math.min(countMatches(re, opening), 3) + Math.min(countMatches(re, body), 10);
  const topics = MEASURES_TOPICS.filter((re) => re.test(body)).length;
  const figures = countMatches(FIGURE_RE, body);
  return {
    measures: topics >= 4 ? 2 * topics + (figures >= 5 ? 2 : 0) : 0,
    leader: score(CONTENT_TERMS.leader),
    shortcomings: score(CONTENT_TERMS.shortcomings),
    plan: score(CONTENT_TERMS.plan),
    other: NOTHING_RE.test(body.trim()) ? 20 : score(CONTENT_TERMS.other),
  };
}

interface Candidate {
  part: number;
  item: MandatedItem;
  score: number;
  by: "title" | "content";
}

/** Score of a title match: far above any content score; the item named first wins, content breaks ties. */
const TITLE_SCORE = 100;

function candidatesFor(part: number, title: string, body: string, byContent: boolean): Candidate[] {
  const content = contentScores(body);
  const named = titleItems(title);
  const out: Candidate[] = named.map((item, rank) => ({
    part,
    item,
    score: TITLE_SCORE - 20 * rank + Math.min(content[item], 19) / 20,
    by: "title",
  }));
  if (byContent) {
    for (const item of MANDATED_ITEMS) {
      if (named.includes(item) || content[item] < CONTENT_THRESHOLD) continue;
      out.push({ part, item, score: content[item], by: "content" });
    }
  }
  return out;
}

/** Best (part, item) pairs first; each item and each part once; ties go to the earlier part. */
function assign(candidates: Candidate[]): Map<number, Candidate> {
  const sorted = [...candidates].sort((a, b) => b.score - a.score || a.part - b.part);
  const byPart = new Map<number, Candidate>();
  const taken = new Set<MandatedItem>();
  for (const c of sorted) {
    if (byPart.has(c.part) || taken.has(c.item)) continue;
    byPart.set(c.part, c);
    taken.add(c.item);
  }
  return byPart;
}

/**
 * The mandated item a part reports, from its title (marker allowed: "二、党政主要负责人…") or, when the title
 * names none, from its text. Null when neither is clear. Used alone, without the rest of a document: for text
 * pasted into the wrong part.
 */
export function classifyPartTitle(title: string, body?: string): MandatedItem | null {
  const t = cleanPastedText(title).replace(/\n/g, "");
  const h = parseHeading(t);
  const named = titleItems(h ? h.title : t);
  if (named.length > 0) return named[0]!;
  if (!body) return null;
  const best = assign(candidatesFor(0, "", cleanPastedText(body), true)).get(0);
  return best ? best.item : null;
}

// ---------------------------------------------------------------------------------------------
// Parts

function buildSection(h: ParsedHeading, lines: readonly string[]): RecognizedSection {
  const bodyLines = h.rest !== "" ? [h.rest, ...lines] : [...lines];
  const s: RecognizedSection = {
    marker: h.marker,
    level: h.level,
    number: h.number,
    heading: h.heading,
    title: h.title,
    runIn: h.rest !== "",
    body: bodyLines.join("\n"),
    placeholders: 0,
  };
  s.placeholders = countPlaceholders(sectionText(s));
  return s;
}

/** Splits a part's body paragraphs into lead and sub-sections at its shallowest heading level below 1. */
function splitPart(
  lines: readonly string[],
  parsed: readonly (ParsedHeading | null)[],
): { lead: string[]; subsections: RecognizedSection[] } {
  let subLevel = 5;
  for (const h of parsed) if (h && h.level > 1 && h.level < subLevel) subLevel = h.level;
  const lead: string[] = [];
  const subsections: RecognizedSection[] = [];
  let current: { h: ParsedHeading; lines: string[] } | null = null;
  const flush = () => {
    if (current) subsections.push(buildSection(current.h, current.lines));
  };
  lines.forEach((line, i) => {
    const h = parsed[i];
    if (h && h.level === subLevel) {
      flush();
      current = { h, lines: [] };
    } else if (current) current.lines.push(line);
    else lead.push(line);
  });
  flush();
  return { lead, subsections };
}

function buildPart(h: ParsedHeading | null, lines: string[], parsed: (ParsedHeading | null)[]): RecognizedPart {
  const bodyLines = h && h.rest !== "" ? [h.rest, ...lines] : lines;
  const bodyParsed = h && h.rest !== "" ? [null, ...parsed] : parsed;
  const { lead, subsections } = splitPart(bodyLines, bodyParsed);
  const part: RecognizedPart = {
    marker: h?.marker ?? "",
    level: 1,
    number: h?.number ?? null,
    heading: h?.heading ?? "",
    title: h?.title ?? "",
    runIn: h !== null && h.rest !== "",
    body: bodyLines.join("\n"),
    placeholders: 0,
    mandated: null,
    mandatedBy: null,
    lead: lead.join("\n"),
    subsections,
    implicit: h === null,
  };
  part.placeholders = countPlaceholders(sectionText(part));
  return part;
}

// ---------------------------------------------------------------------------------------------
// The document

/** Recognises title, preamble, parts, sub-sections, signature and mandated items of a pasted report. */
export function recognizeStructure(text: string): RecognizedDocument {
  const cleaned = cleanPastedText(text);
  const paras = cleaned === "" ? [] : cleaned.split("\n");
  const parsed = paras.map(parseHeading);

  const firstHeading = parsed.findIndex((h) => h !== null);
  const header = recognizeHeader(paras, firstHeading < 0 ? paras.length : firstHeading);
  const tail = recognizeTail(paras, Math.max(header.end, firstHeading < 0 ? header.end : firstHeading + 1));
  const bodyEnd = tail.start;

  let firstPart = -1;
  for (let i = header.end; i < bodyEnd; i++) {
    if (parsed[i]?.level === 1) {
      firstPart = i;
      break;
    }
  }
  const hasSubHeadings = parsed.slice(header.end, bodyEnd).some((h) => h !== null);

  const parts: RecognizedPart[] = [];
  let preambleEnd = bodyEnd;
  if (firstPart >= 0) {
    preambleEnd = firstPart;
    let start = firstPart;
    for (let i = firstPart + 1; i <= bodyEnd; i++) {
      if (i === bodyEnd || parsed[i]?.level === 1) {
        parts.push(buildPart(parsed[start]!, paras.slice(start + 1, i), parsed.slice(start + 1, i)));
        start = i;
      }
    }
  } else if (hasSubHeadings) {
    preambleEnd = header.end;
    parts.push(buildPart(null, paras.slice(header.end, bodyEnd), parsed.slice(header.end, bodyEnd)));
  }

  const doc: RecognizedDocument = {
    text: cleaned,
    paragraphs: paras.length,
    header: paras.slice(0, header.end),
    parts,
    missing: [],
    placeholders: countPlaceholders(cleaned),
    headerPlaceholders: countPlaceholders(paras.slice(0, header.end).join("\n")),
    preamblePlaceholders: 0,
  };
  if (header.title !== undefined) doc.title = header.title;
  if (header.issuer !== undefined) doc.issuer = header.issuer;
  if (header.recipient !== undefined) doc.recipient = header.recipient;
  if (preambleEnd > header.end) {
    doc.preamble = paras.slice(header.end, preambleEnd).join("\n");
    doc.preamblePlaceholders = countPlaceholders(doc.preamble);
  }
  if (tail.closing !== undefined) doc.closing = tail.closing;
  if (tail.signature) doc.signature = tail.signature;

  // Mandated items.
  const explicit = parts.filter((p) => !p.implicit);
  const isReport =
    explicit.some((p) => titleItems(p.title).length > 0) ||
    /报告如下/.test(doc.preamble ?? "") ||
    /报告/.test(doc.title ?? "");
  const candidates = parts.flatMap((p, i) => candidatesFor(i, p.title, p.body, isReport || p.implicit));
  for (const [i, c] of assign(candidates)) {
    parts[i]!.mandated = c.item;
    parts[i]!.mandatedBy = c.by;
  }
  const found = new Set(parts.map((p) => p.mandated));
  doc.missing = MANDATED_ITEMS.filter((m) => !found.has(m));

  // The year reported on.
  let year = yearFrom(TITLE_YEAR_RE, doc.title) ?? yearFrom(PREAMBLE_YEAR_RE, doc.preamble) ?? yearFrom(ANY_YEAR_RE, doc.title);
  if (year === undefined) {
    for (const p of parts) {
      const y = yearFrom(ANY_YEAR_RE, p.title);
      if (y === undefined || p.mandated === null || p.mandated === "other") continue;
      year = p.mandated === "plan" ? y - 1 : y;
      break;
    }
  }
  if (year !== undefined) doc.year = year;
  return doc;
}

/** Whether a recognised text is a whole report: at least two explicit parts matched to mandated items. */
export function looksLikeWholeReport(doc: RecognizedDocument): boolean {
  return doc.parts.filter((p) => !p.implicit && p.mandated !== null).length >= 2;
}

// ---------------------------------------------------------------------------------------------
// A heading at the start of text pasted into one section

export interface LeadingHeading {
  /** "二、", "（一）", "1."; "" for an unnumbered heading line. */
  marker: string;
  /** null for an unnumbered heading line. */
  level: HeadingLevel | null;
  number: number | null;
  /** As it stood in the cleaned text ("（一）强化组织领导。"). */
  heading: string;
  /** Without marker and closing mark: what the caller may take as the section title. */
  title: string;
  runIn: boolean;
  /** The mandated item the heading names (by its title alone), or null. */
  mandated: MandatedItem | null;
}

export interface SplitHeading {
  /** The leading heading, or null when the text does not start with one. */
  heading: LeadingHeading | null;
  /** The cleaned text after the heading (run-on text first), or the whole cleaned text when there is no heading. */
  rest: string;
}

/** An unnumbered line taken as a heading: short, no sentence punctuation, not "一是……". */
const UNNUMBERED_HEADING_MAX = 40;

/**
 * For text pasted into a single section: splits off a leading heading — numbered ("二、党政主要负责人严格履行…",
 * "（一）强化组织领导。为深入推进…") or a short unnumbered line followed by text ("存在的不足和原因\n一是…") — so the
 * caller can take it as the section's title, and tells which mandated item it names. A heading with nothing after
 * it is not split off (the text is the heading's text, not a section). Callers should first rule out a whole
 * report (recognizeStructure + looksLikeWholeReport): its title line would be taken for a heading here.
 */
export function splitLeadingHeading(text: string): SplitHeading {
  const cleaned = cleanPastedText(text);
  const nl = cleaned.indexOf("\n");
  const first = nl < 0 ? cleaned : cleaned.slice(0, nl);
  const after = nl < 0 ? "" : cleaned.slice(nl + 1);
  const h = parseHeading(first);
  if (h) {
    const rest = h.rest !== "" ? (after !== "" ? `${h.rest}\n${after}` : h.rest) : after;
    if (rest === "" || h.title === "") return { heading: null, rest: cleaned };
    const named = titleItems(h.title);
    return {
      heading: {
        marker: h.marker,
        level: h.level,
        number: h.number,
        heading: h.heading,
        title: h.title,
        runIn: h.rest !== "",
        mandated: named[0] ?? null,
      },
      rest,
    };
  }
  const unnumbered =
    after !== "" &&
    charLength(first) <= UNNUMBERED_HEADING_MAX &&
    !/[。！？；!?;：:]/.test(first) &&
    !/^[一二三四五六七八九十]是/.test(first) &&
    !DATE_RE.test(first);
  if (!unnumbered) return { heading: null, rest: cleaned };
  return {
    heading: {
      marker: "",
      level: null,
      number: null,
      heading: first,
      title: first.replace(TITLE_TRAILING_RE, ""),
      runIn: false,
      mandated: titleItems(first)[0] ?? null,
    },
    rest: after,
  };
}
