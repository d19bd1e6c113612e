/**
 * Recognises the GB/T 9704 7.3.3 structural numbering at the start of a paragraph (pure; used by the document
 * renderers in src/document and by the structure recognition in ./structure/):
 *   一、   level 1 (黑体)        （一）/(一)  level 2 (楷体)
 *   1. 1． 1、 level 3 (仿宋, bold)  （1）/(1)   level 4 (仿宋)
 * and, where the paragraph runs on after its first sentence ("1.持续推进简政放权，审批服务快捷高效。推动…"),
 * splits it into the lead-in (printed in the heading's style) and the rest (printed as body text).
 */

export type ParagraphKind = "heading1" | "heading2" | "heading3" | "heading4" | "body";

export interface ClassifiedParagraph {
  kind: ParagraphKind;
  /** The numbering marker as written ("一、", "（二）", "1.", "(3)"); absent for body text. */
  marker?: string;
  /**
   * For a heading that runs on in the same paragraph: the heading part (marker + first sentence, with its closing
   * punctuation). `leadIn + rest` is always the whole paragraph. Absent for a stand-alone heading and for body text.
   */
  leadIn?: string;
  /** The run-on text after `leadIn`. Present exactly when `leadIn` is. */
  rest?: string;
}

const CN_NUM = "一二三四五六七八九十百零〇";
/** ASCII and full-width digits ("１．" is common in text typed with a full-width input method). */
const DIGIT = "0-9０-９";
const MARKERS: ReadonlyArray<{ kind: Exclude<ParagraphKind, "body">; level: 1 | 2 | 3 | 4; re: RegExp }> = [
  { kind: "heading1", level: 1, re: new RegExp(`^[${CN_NUM}]{1,4}、`) },
  { kind: "heading2", level: 2, re: new RegExp(`^[（(][${CN_NUM}]{1,4}[）)]`) },
  // "1." must not be a decimal number ("1.5亿元…"); "1、" is common in drafts and means the same level.
  { kind: "heading3", level: 3, re: new RegExp(`^[${DIGIT}]{1,3}(?:[.．](?![${DIGIT}])|、)`) },
  { kind: "heading4", level: 4, re: new RegExp(`^[（(][${DIGIT}]{1,3}[）)]`) },
];

/** The numbering marker at the start of `p` (already trimmed) and its level, or null. A bare marker counts. */
export function headingMarker(p: string): { level: 1 | 2 | 3 | 4; marker: string } | null {
  for (const { level, re } of MARKERS) {
    const m = re.exec(p);
    if (m) return { level, marker: m[0] };
  }
  return null;
}

/** A heading longer than this without a sentence end is treated as a numbered paragraph, not a heading line. */
export const MAX_HEADING_CHARS = 60;
/** Sentence-final marks that end a lead-in. */
const SENTENCE_END = /[。！？!?]/;
/** Closing marks that stay with the sentence they close. */
const CLOSERS = /[”’」』）)》〉】]/;

/** Index just past the first sentence of `s` (including trailing closing quotes/brackets), or -1. */
export function firstSentenceEnd(s: string): number {
  const m = SENTENCE_END.exec(s);
  if (!m) return -1;
  let end = m.index + 1;
  while (end < s.length && CLOSERS.test(s[end]!)) end += 1;
  return end;
}

/** Ends in a sentence-final mark: a heading like this is run-in, and body text continues on its line. */
export function endsWithSentenceEnd(s: string): boolean {
  const t = s.trimEnd();
  const end = firstSentenceEnd(t);
  return end !== -1 && end === t.length;
}

export function classifyParagraph(p: string): ClassifiedParagraph {
  const text = p.trim();
  for (const { kind, re } of MARKERS) {
    const m = re.exec(text);
    if (!m) continue;
    const marker = m[0];
    // A bare marker ("一、") is not a heading by itself: keep it as text.
    if (text.length === marker.length) return { kind: "body" };
    const end = firstSentenceEnd(text.slice(marker.length));
    if (end === -1) {
      // No sentence end: a heading line if short, otherwise a long numbered paragraph whose marker alone is styled.
      if (text.length <= MAX_HEADING_CHARS) return { kind, marker };
      return { kind, marker, leadIn: marker, rest: text.slice(marker.length) };
    }
    const cut = marker.length + end;
    if (cut > MAX_HEADING_CHARS) return { kind, marker, leadIn: marker, rest: text.slice(marker.length) };
    if (cut >= text.length) return { kind, marker };
    return { kind, marker, leadIn: text.slice(0, cut), rest: text.slice(cut) };
  }
  return { kind: "body" };
}

/** The four heading levels of a 公文: 一、 （一） 1. （1）. */
export type HeadingLevel = 1 | 2 | 3 | 4;

export function headingLevel(kind: ParagraphKind): HeadingLevel | 0 {
  switch (kind) {
    case "heading1":
      return 1;
    case "heading2":
      return 2;
    case "heading3":
      return 3;
    case "heading4":
      return 4;
    default:
      return 0;
  }
}
