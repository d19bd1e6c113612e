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
