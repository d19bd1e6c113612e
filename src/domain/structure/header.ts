// The header of a pasted report: its leading short lines — title (with the 发文机关 on its own line or before 关于),
// 发文字号, 主送机关 — and what an office's name looks like (also used by the signature, ./signature.ts).
import { headingMarker } from "../headings.js";
import { charLength } from "../text.js";

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

/** A line that is an office's name alone: "重庆市南岸区交通局". */
export function isOfficeLine(p: string): boolean {
  const n = charLength(p);
  return n >= 2 && n <= 30 && !/[。！？；!?;，,：:“”《》]/.test(p) && !headingMarker(p) && ORG_END_RE.test(p);
}

function isHeaderLine(p: string): boolean {
  return charLength(p) <= MAX_HEADER_LINE && !SENTENCE_PUNCT_RE.test(p) && !headingMarker(p) && !/[：:]./.test(p);
}

interface Header {
  end: number;
  title?: string;
  issuer?: string;
  recipient?: string;
}

/**
 * The header among the first `limit` paragraphs (up to the first heading): `end` is the number of header lines; empty
 * when no text follows them.
 */
export function recognizeHeader(paras: readonly string[], limit: number): Header {
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
