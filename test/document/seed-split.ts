/**
 * Test helper: turns a real report's plain text (test/fixtures/*.txt) into a ReportDocument the way a user's
 * section-by-section answers would arrive: the 一、 lines become parts, the （一） lines sub-sections, everything
 * else stays in the answer text of the section it belongs to (including its 1. and （1） paragraphs).
 *
 * Heading recognition is done with a local regex, not with src/adapters/document/headings.ts, so the tests do not check the
 * code with itself.
 */
import type { DocumentSection, ReportDocument } from "../../src/domain/report-document.js";

const PART = /^[一二三四五六七八九十]+、/;
const SUB = /^[（(][一二三四五六七八九十]+[）)]/;

/** Whitespace-normalised, non-empty lines of a fixture: what every rendering must print, in this order. */
export function fixtureParagraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter((l) => l.length > 0);
}

/** Splits "（一）强化组织领导。年初，…" into the run-in heading and the text that follows it on the same line. */
function splitRunIn(line: string): { heading: string; rest: string } {
  const m = /^(.{1,60}?[。！？])(.+)$/.exec(line);
  return m ? { heading: m[1]!, rest: m[2]! } : { heading: line, rest: "" };
}

export interface SeedOptions {
  /** How many leading lines form the title (joined without separator). */
  titleLines: number;
  /** Title to use when the fixture has none. */
  title?: string;
  office: string;
  date: string;
  recipient?: string | null;
}

export interface SplitSeed {
  doc: ReportDocument;
  /** The fixture's paragraphs after the title lines, in order. */
  body: string[];
  /** The fixture's title lines. */
  titleLines: string[];
}

export function splitSeed(text: string, opts: SeedOptions): SplitSeed {
  const lines = fixtureParagraphs(text);
  const titleLines = lines.slice(0, opts.titleLines);
  const body = lines.slice(opts.titleLines);
  const blocks: DocumentSection[] = [{ level: 0, heading: "", text: "", required: true }];
  const current = () => blocks[blocks.length - 1]!;
  const append = (s: string) => {
    const c = current();
    c.text = c.text ? `${c.text}\n${s}` : s;
  };
  for (const line of body) {
    const isPart = PART.test(line);
    if (isPart || SUB.test(line)) {
      const { heading, rest } = splitRunIn(line);
      blocks.push({ level: isPart ? 1 : 2, heading, text: rest, required: true });
    } else {
      append(line);
    }
  }
  return {
    doc: {
      title: opts.title ?? titleLines.join(""),
      recipient: opts.recipient ?? null,
      office: opts.office,
      date: opts.date,
      blocks,
    },
    body,
    titleLines,
  };
}
