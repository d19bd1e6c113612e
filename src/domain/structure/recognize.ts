/**
 * Recognising the structure of a real Chinese government report pasted as text (a 法治政府建设情况报告 copied out
 * of Word, a draft, a single part of one). Pure and synchronous; 1–2 ms for a 6,000-character paste, cleaning
 * included (measured on the district draft).
 *
 * ## Input
 * Every entry point takes the text **as pasted** and runs `cleanPastedText` (../text-clean.ts) itself: Word line
 * breaks inside sentences ("水\n\n平。") are joined, \r\n and full-width spaces/indents go, half-width , : ( ) next to
 * Chinese become full-width ("(一)" → "（一）"). Everything returned (titles, bodies, markers) is a piece of that
 * cleaned text, which is returned as `RecognizedDocument.text`; its paragraphs are separated by a single "\n".
 *
 * ## What is recognised (recognizeStructure, here; the pieces in the files beside it)
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
 *     header…, preamble's lines, for each part pastedText(part), closing, signature.lines…
 * where pastedText(s) = s.runIn ? s.heading + s.body : s.heading + "\n" + s.body (without "\n" when body is ""),
 * and a part's body = [lead, ...subsections.map(pastedText)] (non-empty ones) joined with "\n".
 *
 * ## Mandated items (RecognizedPart.mandated)
 * Each part is matched to at most one of the five mandated items of the 法治政府建设年度报告, by its title or its
 * text: see ./mandated.ts.
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
 *  - classifyPartTitle(title, body?) (./mandated.ts): the mandated item a part title (or, failing that, its text)
 *    names — for text pasted into the wrong part.
 *  - splitLeadingHeading(text) (./leading-heading.ts): for text pasted into one section: splits off a leading heading
 *    ("二、党政主要负责人严格履行…\n正文", "（一）强化组织领导。为深入推进…", or a short unnumbered line
 *    "存在的不足和原因\n一是…") and names the mandated item that heading names.
 *  - pastedText(section) (./sections.ts): a section's text as it stood in the cleaned paste (heading + body).
 *
 * ## Files
 * types.ts (the recognised document) · sections.ts (headings of the four levels, sections, parts) · header.ts
 * (title, issuer, 主送机关) · signature.ts (closing, signature) · dates.ts (成文日期, the year) · mandated.ts ·
 * leading-heading.ts · recognize.ts (the document: this file).
 */
import { cleanPastedText } from "../text-clean.js";
import { recognizeHeader } from "./header.js";
import { assignMandated } from "./mandated.js";
import { buildPart, countPlaceholders, parseHeading } from "./sections.js";
import { recognizeTail } from "./signature.js";
import { reportYear } from "./dates.js";
import type { RecognizedDocument, RecognizedPart } from "./types.js";

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

  doc.missing = assignMandated(parts, doc.preamble, doc.title);
  const year = reportYear(doc.title, doc.preamble, parts);
  if (year !== undefined) doc.year = year;
  return doc;
}

/** Whether a recognised text is a whole report: at least two explicit parts matched to mandated items. */
export function looksLikeWholeReport(doc: RecognizedDocument): boolean {
  return doc.parts.filter((p) => !p.implicit && p.mandated !== null).length >= 2;
}
