// Cleaning text pasted from Word into the chat: broken lines, stray spaces, half-width punctuation.
// Pure string functions.
import { charLength } from "./text.js";

/** CJK ideographs. */
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
/** CJK and full-width punctuation, quotes, ellipsis, dashes, full-width forms. */
const WIDE_PUNCT = "\\u3001-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65\\u2018\\u2019\\u201c\\u201d\\u2026\\u2014\\u00b7";
const WIDE = `${HAN}${WIDE_PUNCT}\\uff10-\\uff19\\uff21-\\uff3a\\uff41-\\uff5a`;

const HAN_RE = new RegExp(`[${HAN}]`);
const WIDE_RE = new RegExp(`[${WIDE}]`);

/** Characters that end a paragraph when they end a line. */
const TERMINAL_RE = /[。！？；：」』”’）】》…!?;:)]$/;
/** Sub-heading markers that always start their own line: （一） (一) 一、 1. 1、 （1） (1) 第一章. */
const HEADING_RE = new RegExp(
  `^(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\\d{1,2}[.．、](?![\\d])|[（(]\\d{1,2}[）)]|第[一二三四五六七八九十\\d]{1,3}[章节部分条])`,
);
/** A line that is nothing but a heading marker ("（一）"). */
const MARKER_ONLY_RE = new RegExp(`${HEADING_RE.source}\\s*$`);
/** A line that starts by finishing the previous sentence: "平。推动……". */
const SENTENCE_TAIL_RE = /^[^\s，。；！？：,.;!?:]{1,3}[。！？；!?;]/;
/** Page-number and page-break artefacts. */
const PAGE_ARTEFACT_RE = /^(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,3}\s*页)?)$/;
const PUNCTUATION_RE = /[，。；！？：、,.;!?:]/;
/** A 公文 title ends with its 文种: such a line stands alone up to MAX_TITLE_LINE characters. */
const TITLE_END_RE = /(?:报告|请示|意见|通知|要点|方案|计划|总结|通报|决定|纪要)$/;
const MAX_SHORT_LINE = 30;
const MAX_TITLE_LINE = 60;

function isHeadingLine(line: string): boolean {
  return HEADING_RE.test(line);
}

const SENTENCE_END_RE = /[。！？；!?;]/;

/**
 * Whether `current` (not ending in terminal punctuation) is a heading standing on its own line, given the next line.
 * Headings: a numbered line without a full stop inside ("（一）强化组织领导"), or a short Chinese line without any
 * punctuation (a title; up to 60 characters when it ends in a 文种 such as 报告). Either is still joined when the next line merely finishes its sentence ("水" + "平。推动……").
 */
function isStandaloneHeading(current: string, next: string): boolean {
  const tail = SENTENCE_TAIL_RE.exec(next);
  if (isHeadingLine(current)) {
    if (SENTENCE_END_RE.test(current)) return false;
    if (!tail) return true;
    // "五、其他需要报告的情况" + "无。" stays apart; "1.……，提升政务服务水" + "平。推动……" is joined.
    const body = current.replace(HEADING_RE, "");
    return !(/[，,、]/.test(body) || next.length > tail[0].length);
  }
  const n = charLength(current);
  const short =
    (n <= MAX_SHORT_LINE || (n <= MAX_TITLE_LINE && TITLE_END_RE.test(current))) &&
    !PUNCTUATION_RE.test(current) &&
    HAN_RE.test(current);
  return short && !tail;
}

function joinLines(a: string, b: string): string {
  const last = a.slice(-1);
  const first = b.charAt(0);
  if (/[A-Za-z0-9]/.test(last) && /[A-Za-z0-9]/.test(first) && (/[A-Za-z]/.test(last) || /[A-Za-z]/.test(first)))
    return `${a} ${b}`;
  return a + b;
}

const HALF_TO_FULL: Record<string, string> = {
  ",": "，",
  ":": "：",
  ";": "；",
  "!": "！",
  "?": "？",
  "(": "（",
  ")": "）",
};

function removeSpacesNearWide(s: string): string {
  return s
    .replace(new RegExp(`([${WIDE}]) +`, "g"), "$1")
    .replace(new RegExp(` +([${WIDE}])`, "g"), "$1");
}

/** Converts , : ; ! ? ( ) to full width when a neighbouring (non-space) character is CJK. */
function widenPunctuation(s: string): string {
  const chars = Array.from(s);
  const neighbour = (i: number, step: 1 | -1): string => {
    for (let j = i + step; j >= 0 && j < chars.length; j += step) if (chars[j] !== " ") return chars[j]!;
    return "";
  };
  const isCjk = (c: string) => c !== "" && (HAN_RE.test(c) || WIDE_RE.test(c));
  return chars
    .map((c, i) => {
      const full = HALF_TO_FULL[c];
      if (!full) return c;
      const prev = neighbour(i, -1);
      const next = neighbour(i, 1);
      // "12:30", "1,000" stay; "(x)" next to Latin stays.
      if (c === "(") return isCjk(next) || isCjk(prev) ? full : c;
      if (c === ")") return isCjk(prev) || isCjk(next) ? full : c;
      return isCjk(prev) || isCjk(next) ? full : c;
    })
    .join("");
}

/**
 * Zero-width characters Word and web pages leave in pasted text: U+200B, U+200C, U+2060, U+FEFF always, and
 * U+200D (zero-width joiner) unless it joins two emoji — inside "👨‍👩‍👧" or "👩🏽‍💻" it is what makes one
 * picture of several (after the first emoji's variation selector or skin tone, if any).
 */
const STRAY_ZERO_WIDTH = /[\u200b\u200c\u2060\ufeff]|(?<!\p{Extended_Pictographic}[\u{fe0f}\u{1f3fb}-\u{1f3ff}]?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

function cleanParagraph(p: string): string {
  let s = p.replace(/[ \t\u3000\u00a0]+/g, " ").trim();
  s = removeSpacesNearWide(s);
  s = widenPunctuation(s);
  s = removeSpacesNearWide(s);
  return s;
}

/**
 * Cleans text pasted from Word: joins lines broken inside sentences ("水\n\n平。" → "水平。"), keeps sub-headings
 * ("（一）…", "一、…", "1.…", "（1）…") on their own lines, removes spaces next to Chinese characters and punctuation
 * (keeping spaces between Latin words), widens , : ; ! ? ( ) next to Chinese text, and drops blank lines, stray
 * zero-width characters (a joiner inside an emoji sequence stays) and page-number artefacts. Paragraphs are
 * separated by a single "\n".
 */
export function cleanPastedText(text: string): string {
  const lines = text
    .replace(/\r\n?/g, "\n")
    .replace(/[\f\v\u2028\u2029\u000b]/g, "\n")
    .replace(STRAY_ZERO_WIDTH, "")
    .split("\n")
    .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""))
    .filter((l) => l !== "" && !PAGE_ARTEFACT_RE.test(l));

  const paragraphs: string[] = [];
  let current: string | null = null;
  for (const line of lines) {
    if (current === null) {
      current = line;
      continue;
    }
    const startsNew =
      isHeadingLine(line) ||
      (TERMINAL_RE.test(current) && !MARKER_ONLY_RE.test(current)) ||
      (!MARKER_ONLY_RE.test(current) && isStandaloneHeading(current, line));
    if (startsNew) {
      paragraphs.push(current);
      current = line;
    } else {
      current = joinLines(current, line);
    }
  }
  if (current !== null) paragraphs.push(current);
  return paragraphs.map(cleanParagraph).filter((p) => p !== "").join("\n");
}

