/**
 * Input model for rendering one 法治政府建设情况报告 (or any similar 报告-type 公文) into .docx and Markdown.
 *
 * The model carries only content. Layout (fonts, margins, title wrapping, signature position…) is decided by
 * `layoutReport` in ./assemble.ts and the renderers in ./docx.ts and ./markdown.ts.
 *
 * All strings are plain text: no Markdown, no HTML. Characters such as `<`, `&`, `*` are literal and are escaped by
 * each renderer. Control characters that XML cannot carry are removed when the report is laid out.
 */

/** Nesting level of a section: 0 = untitled text (the preamble), 1 = a part (一、…), 2 = a sub-section (（一）…). */
export type SectionLevel = 0 | 1 | 2;

export interface DocumentSection {
  /**
   * 0: untitled text such as the opening paragraph ("…现将…报告如下："); `heading` is "".
   * 1: a part, whose heading carries its own marker, e.g. "一、2023年推进法治政府建设的主要举措和成效".
   * 2: a sub-section of the part before it, e.g. "（一）强化组织领导".
   */
  level: SectionLevel;
  /**
   * The heading exactly as it should be printed, including its numbering marker ("一、", "（二）"). Numbering is
   * never generated. "" for level 0.
   *
   * A heading that ends in a sentence-final mark ("（一）强化组织领导。") is a run-in heading: the first paragraph of
   * `text` continues on the same line, as real reports write "（一）强化组织领导。年初，…".
   */
  heading: string;
  /**
   * The section's own answer text (not its sub-sections'). Paragraphs are separated by line breaks; blank lines are
   * ignored. It may contain its own numbered headings ("1." "（1）", even "（一）"), which are recognised by
   * `classifyParagraph` and styled by level.
   */
  text: string;
  /**
   * Whether the section must appear. A required preamble or part with no text and no non-empty sub-sections is
   * printed with the placeholder "【待补充】"; an optional empty one is left out. A sub-section (level 2) with no
   * text is never printed, whatever this says: sub-sections are suggestions until someone writes them.
   */
  required: boolean;
}

export interface AppendixTable {
  /** Title of the appendix, printed centred on its own page under the label "附件". */
  title: string;
  /** Table rows; the first row is the header row (bold, repeated on each page). Cells are plain text. */
  rows: string[][];
}

export interface ReportDocument {
  /**
   * Full title, e.g. "重庆市南岸区交通局关于2023年法治政府建设情况的报告". It is split into at most a few centred
   * lines at word boundaries (before "关于", after the office name…), never mid-word.
   */
  title: string;
  /** 主送机关, e.g. "区委、区政府"; printed flush left, followed by "：". Omitted when null/empty. */
  recipient?: string | null;
  /** 发文机关署名, printed in the signature block above the date, e.g. "重庆市南岸区交通局". */
  office: string;
  /** 成文日期 as 'YYYY-MM-DD'; printed as "2027年2月20日" (no leading zeros, GB/T 9704 7.3.5.4). */
  date: string;
  /** Body content in reading order: preamble (level 0), parts (level 1) each followed by its sub-sections (level 2). */
  blocks: DocumentSection[];
  /**
   * Optional audit-trail appendix ("附件"), laid out on its own page after the signature, with a 附件说明 line
   * ("附件：<title>") below the body as GB/T 9704 7.3.4 requires.
   */
  appendix?: AppendixTable | null;
}
