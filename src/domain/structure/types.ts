// The recognised document: what recognizeStructure (./recognize.ts) returns, and the mandated items a part may report.
import type { HeadingLevel } from "../headings.js";
export type MandatedItem = "measures" | "leader" | "shortcomings" | "plan" | "other";
/** The mandated items in the order of 《法治政府建设与责任落实督察工作规定》 (the template's 法定顺序). */
export const MANDATED_ITEMS: readonly MandatedItem[] = ["measures", "shortcomings", "leader", "plan", "other"];

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
