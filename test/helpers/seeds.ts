// Real report texts (test/fixtures) cut into the pieces people would answer: preamble, parts, sub-sections.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");
}

export interface SeedBlock {
  level: 0 | 1 | 2;
  heading: string;
  /** The answer text as it appears in the fixture (Word artefacts included). */
  text: string;
}

const PART = /^\s*[一二三四五六七八九十]+、/;
const SUB = /^\s*[（(][一二三四五六七八九十]+[）)]/;

/** Splits a report after its `titleLines` non-empty title lines. Lines keep their original form. */
export function seedBlocks(text: string, titleLines: number): SeedBlock[] {
  const lines = text.split(/\r?\n/);
  let skipped = 0;
  const blocks: SeedBlock[] = [{ level: 0, heading: "", text: "" }];
  for (const line of lines) {
    if (skipped < titleLines) {
      if (line.trim() !== "") skipped++;
      continue;
    }
    if (PART.test(line) || SUB.test(line)) {
      blocks.push({ level: PART.test(line) ? 1 : 2, heading: line.trim(), text: "" });
      continue;
    }
    const b = blocks[blocks.length - 1]!;
    b.text = b.text === "" ? line : `${b.text}\n${line}`;
  }
  return blocks.map((b) => ({ ...b, text: b.text.replace(/^\s+|\s+$/g, "") }));
}

/** Compares texts the way a reader would: ignoring whitespace and half/full-width punctuation. */
export function normalizeText(s: string): string {
  return s
    .replace(/\s+/g, "")
    .replace(/,/g, "，")
    .replace(/:/g, "：")
    .replace(/;/g, "；")
    .replace(/\(/g, "（")
    .replace(/\)/g, "）");
}

export interface SeedPart {
  /** The part's heading line as the report prints it, e.g. "一、2023 年推进法治政府建设的主要举措和成效". */
  heading: string;
  /** Everything under the heading up to the next part, as the fixture has it: its own （一）… lines included. */
  text: string;
}

/**
 * A report cut only at its parts (一、二、…): the preamble and each part's whole text, unshaped — what someone
 * pastes when answering a part in one go. Title lines (`titleLines` non-empty lines) are skipped.
 */
export function seedParts(text: string, titleLines: number): { preamble: string; parts: SeedPart[] } {
  const lines = text.split(/\r?\n/);
  let skipped = 0;
  const preamble: string[] = [];
  const parts: { heading: string; lines: string[] }[] = [];
  for (const line of lines) {
    if (skipped < titleLines) {
      if (line.trim() !== "") skipped++;
      continue;
    }
    if (PART.test(line)) parts.push({ heading: line.trim(), lines: [] });
    else if (parts.length === 0) preamble.push(line);
    else parts[parts.length - 1]!.lines.push(line);
  }
  const trim = (ls: string[]) => ls.join("\n").replace(/^\s+|\s+$/g, "");
  return { preamble: trim(preamble), parts: parts.map((p) => ({ heading: p.heading, text: trim(p.lines) })) };
}

/** The built-in template's part keys in the order each real report writes its five parts. */
export const FIXTURE_PART_KEYS: Record<"nanan-2023-report.txt" | "district-2022-draft.txt", string[]> = {
  // 一 举措 二 第一责任人 三 不足 四 安排 五 其他
  "nanan-2023-report.txt": ["measures", "leader", "shortcomings", "plan", "other"],
  // 一 “头雁领航”（第一责任人） 二 依法行政（举措） 三 不足 四 安排 五 其他
  "district-2022-draft.txt": ["leader", "measures", "shortcomings", "plan", "other"],
};
