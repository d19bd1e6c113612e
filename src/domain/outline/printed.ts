// The outline as the report stands and as the document prints it: the template's sub-sections are suggestions,
// printed only once written, and a part pasted whole with its own sub-headings keeps them.
import type { OutlineSection } from "../model.js";
import { toChineseNumeral } from "../numerals.js";

/**
 * A line that starts with a sub-heading marker at the level of the template's sub-sections — （一）, (二) — and
 * goes on with its title or text. Full-width and half-width parentheses, one to three Chinese numerals.
 */
const SUBHEADING_LINE = /^[ \t\u3000\u00a0]*[（(][一二三四五六七八九十]{1,3}[）)][ \t\u3000\u00a0]*[^\s\u3000]/gm;

/**
 * How many sub-headings （一）（二）… a part's own text brings (lines that start with such a marker). A part
 * pasted whole with its own sub-headings is written in its own shape: the template's suggestions for that
 * part that nobody wrote are left out of its completeness and of the document.
 *
 * Not the sub-section count of structure recognition (src/domain/structure/sections.ts), on purpose: that one
 * splits a part at its shallowest heading level below 一、, so a part written as 1. 2. 3. has three sub-sections
 * there and none here. Only （n） lines count here because the printed sub-sections go on numbering （n）
 * (printedOutline); and this runs on the raw text in the completeness evaluator's hot path, where cleaning and
 * recognising the whole text would cost far more.
 */
export function ownSubheadingCount(text: string): number {
  if (text.indexOf("（") < 0 && text.indexOf("(") < 0) return 0;
  let n = 0;
  SUBHEADING_LINE.lastIndex = 0;
  while (SUBHEADING_LINE.exec(text) !== null) n++;
  return n;
}

/** One section as the document prints it (see printedOutline). */
export interface PrintedSection {
  section: OutlineSection;
  /** The heading as printed: "" for the preamble, "一、…" for a part, "（n）…" for a sub-section, numbered as printed. */
  heading: string;
  text: string;
}

/**
 * The sections the document prints, in outline order: the preamble, every part, and the sub-sections that have
 * text. A sub-section nobody wrote is a suggestion and is not printed. Printed sub-sections are numbered
 * （一）（二）… consecutively as they appear, after the sub-headings the part's own text already brings (a part
 * pasted with its own （一）…（五） goes on with （六）).
 */
export function printedOutline(outline: readonly OutlineSection[], textOf: (key: string) => string): PrintedSection[] {
  const out: PrintedSection[] = [];
  let printedInPart = 0;
  for (const section of outline) {
    const text = textOf(section.key);
    if (section.level === 2) {
      if (text.trim() === "") continue;
      printedInPart++;
      out.push({ section, heading: `（${toChineseNumeral(printedInPart)}）${section.title}`, text });
      continue;
    }
    printedInPart = section.level === 1 ? ownSubheadingCount(text) : 0;
    out.push({ section, heading: section.level === 0 ? "" : section.heading, text });
  }
  return out;
}
