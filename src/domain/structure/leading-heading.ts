// A heading at the start of text pasted into one section ("二、党政主要负责人严格履行…\n正文", "（一）强化组织领导。为…",
// "存在的不足和原因\n一是…"): split off, so the caller can take it as the section's title.
import { charLength } from "../text.js";
import { cleanPastedText } from "../text-clean.js";
import { DATE_RE } from "./dates.js";
import { titleItems } from "./mandated.js";
import { parseHeading, TITLE_TRAILING_RE } from "./sections.js";
import type { HeadingLevel } from "../headings.js";
import type { MandatedItem } from "./types.js";

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
