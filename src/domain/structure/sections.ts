// Paragraphs to sections: the heading at the start of a paragraph (any of the four levels, standing alone or run in)
// and the sections and parts the paragraphs under the headings make. A section's text is exactly the paragraphs it
// was cut from (pastedText). The cleaned paragraphs come from ./recognize.ts.
import { firstSentenceEnd, headingMarker, MAX_HEADING_CHARS } from "../headings.js";
import { parseChineseNumeral } from "../numerals.js";
import { findPlaceholders } from "../placeholders.js";
import type { HeadingLevel } from "../headings.js";
import type { RecognizedPart, RecognizedSection } from "./types.js";

export interface ParsedHeading {
  level: HeadingLevel;
  marker: string;
  number: number | null;
  heading: string;
  title: string;
  /** Run-on text after `heading` in the same paragraph ("" if none). */
  rest: string;
}

/** Marks a title may end with that are not part of it. */
export const TITLE_TRAILING_RE = /[。！？!?：:；;，,、]+$/;

function markerNumber(marker: string): number | null {
  const core = marker.replace(/[（()）、.．\s]/g, "");
  return parseChineseNumeral(core);
}

/** The heading at the start of paragraph `p`, or null (body text, or a bare marker). */
export function parseHeading(p: string): ParsedHeading | null {
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
export function pastedText(s: Pick<RecognizedSection, "heading" | "runIn" | "body">): string {
  if (s.runIn) return s.heading + s.body;
  if (s.heading === "") return s.body;
  return s.body === "" ? s.heading : `${s.heading}\n${s.body}`;
}

export function countPlaceholders(text: string): number {
  if (text === "") return 0;
  return findPlaceholders(text).length;
}

/**
 * The section heading `h` and the paragraphs under it (`lines`) make; with `h` null, an implicit part (see
 * RecognizedPart.implicit): level 1, no marker, heading or title. Run-on text after the heading starts the body.
 */
function buildSection(h: ParsedHeading | null, lines: readonly string[]): RecognizedSection {
  const runIn = h !== null && h.rest !== "";
  const s: RecognizedSection = {
    marker: h?.marker ?? "",
    level: h?.level ?? 1,
    number: h?.number ?? null,
    heading: h?.heading ?? "",
    title: h?.title ?? "",
    runIn,
    body: (runIn ? [h.rest, ...lines] : lines).join("\n"),
    placeholders: 0,
  };
  s.placeholders = countPlaceholders(pastedText(s));
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

/**
 * The part level-1 heading `h` (null: an implicit part) and its paragraphs make, split into lead and sub-sections;
 * `parsed` is the heading of each paragraph. Its mandated item is decided later, with the other parts (./mandated.ts).
 */
export function buildPart(h: ParsedHeading | null, lines: string[], parsed: (ParsedHeading | null)[]): RecognizedPart {
  const section = buildSection(h, lines);
  // The body's paragraphs, run-on text first (never a heading), split at the sub-headings.
  const { lead, subsections } = section.runIn && h !== null ? splitPart([h.rest, ...lines], [null, ...parsed]) : splitPart(lines, parsed);
  return { ...section, level: 1, mandated: null, mandatedBy: null, lead: lead.join("\n"), subsections, implicit: h === null };
}
