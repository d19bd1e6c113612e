// Property-style check: findPlaceholders (a scan for the characters that can start a placeholder, then
// anchored checks) must agree exactly with the straightforward implementation it replaced — one regular
// expression with named alternatives, flags "gmu", tried at every position — kept here as the reference.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { countChars } from "../../src/domain/text.js";
import { findPlaceholders, hasPlaceholder, scanSectionText, type Placeholder, type PlaceholderKind } from "../../src/domain/placeholders.js";

// ---- reference: the previous implementation, verbatim ------------------------------------------
const UNITS = "件次家人个名项条场万亿元%％余多起篇份批期台辆户所座处部本册张天时年月日位支类门宗例";
const UNIT_CLASS = `[${UNITS}]`;
const LATIN = "A-Za-zＡ-Ｚａ-ｚ";
const CROSS = "XxＸｘ×✕╳";
const ELLIPSIS = "(?:…+|⋯+|\\.{3,}|。{3,}|·{3,})";
const OPEN = "[【\\[（(]";
const CLOSE = "[】\\]）)]";
const NOTE_BODY =
  "(?:待[\\u4e00-\\u9fa5]{1,4}|请(?:填|补|核|确)[^【】\\[\\]（）()\\n]{0,10}|此处[^【】\\[\\]（）()\\n]{1,12}|具体(?:数字|数据|数值|数量|时间|日期|名称|人数|金额|件数|次数)|数字|数据|数量|金额|人数|件数|次数|略)";
const PLACEHOLDER_RE = new RegExp(
  [
    `(?<year>(?:19|20)\\d?[${CROSS}]{1,2}年)`,
    `(?<asterisk>[*＊]+)`,
    `(?<note>${OPEN}\\s*${NOTE_BODY}\\s*${CLOSE})`,
    `(?<box>[□☐]+)`,
    `(?<underline>[_＿]{2,})`,
    `(?<cross>(?<![${LATIN}])(?:[${CROSS}]{2,}|[${CROSS}](?=\\s?${UNIT_CLASS}))(?![${LATIN}]))`,
    `(?<ellipsis>(?<=第\\s?)${ELLIPSIS}|${ELLIPSIS}(?=\\s?${UNIT_CLASS})|(?<=${OPEN}\\s*)${ELLIPSIS}(?=\\s*${CLOSE})|(?<=^[ \\t\\u3000]*)${ELLIPSIS}(?=[ \\t\\u3000。；;]*$))`,
  ].join("|"),
  "gmu",
);
const UNIT_AFTER_RE = new RegExp(`^\\s?(${UNIT_CLASS})`, "u");
const PREAMBLE_BEFORE_RE = /现将[^。；\n]{0,20}$/u;
const PREAMBLE_AFTER_RE = /^[^。；\n]{0,30}报告如下/u;
const DIGIT_BEFORE_RE = /\d\s?$/u;
const DIGIT_AFTER_RE = /^\s?\d/u;
const KINDS: readonly PlaceholderKind[] = ["year", "asterisk", "note", "box", "underline", "cross", "ellipsis"];

function referenceFind(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  if (!text) return out;
  PLACEHOLDER_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PLACEHOLDER_RE.exec(text)) !== null) {
    const groups = m.groups ?? {};
    let kind: PlaceholderKind | undefined;
    for (const k of KINDS) {
      if (groups[k] !== undefined) {
        kind = k;
        break;
      }
    }
    if (!kind) continue;
    const match = m[0];
    const index = m.index;
    const end = index + match.length;
    if (kind === "ellipsis" && PREAMBLE_BEFORE_RE.test(text.slice(Math.max(0, index - 22), index)) && PREAMBLE_AFTER_RE.test(text.slice(end, end + 32))) continue;
    if ((kind === "asterisk" || (kind === "cross" && match.length === 1)) && DIGIT_BEFORE_RE.test(text.slice(Math.max(0, index - 2), index)) && DIGIT_AFTER_RE.test(text.slice(end, end + 2))) continue;
    const p: Placeholder = { match, index, kind };
    const unit = UNIT_AFTER_RE.exec(text.slice(end, end + 2));
    if (unit?.[1] && kind !== "year" && kind !== "note") p.unit = unit[1];
    out.push(p);
  }
  return out;
}
// -------------------------------------------------------------------------------------------------

const fixtures = ["district-2022-draft.txt", "nanan-2023-report.txt", "2023-workplan.txt"].map((f) => readFileSync(new URL(`../fixtures/${f}`, import.meta.url), "utf8"));

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Every character that starts or bounds a placeholder, plus context: units, 第, note words, the preamble
// formula, digits, Latin letters, whitespace of every sort, line breaks, an astral character.
const ALPHABET = [
  ..."12902019*＊【】[]（）()□☐_＿XxＸｘ×✕╳…⋯.。·第年件次名人％%待补充定请填核写此处具体数字据量略现将报告如下工作aZＡｚ中；;",
  " ", "\t", "\n", "\r", "\u3000", "\u00a0", "\u2028", "\u200b", "\ufeff", "\v", "\f", "𠀀", "\ud800", "\udc00",
  "20XX年", "***件", "现将", "报告如下", "【待补充】", "（具体数字）", "……", "...", "。。。", "第……次", "3×4",
];

function expectSame(text: string): void {
  const want = referenceFind(text);
  const got = findPlaceholders(text);
  if (JSON.stringify(got) !== JSON.stringify(want)) expect({ text, got }).toEqual({ text, got: want });
  expect(hasPlaceholder(text)).toBe(want.length > 0);
  // The one-pass scan completeness uses: same placeholders, and the same length as countChars.
  const both = scanSectionText(text);
  if (JSON.stringify(both.placeholders) !== JSON.stringify(want)) expect({ text, got: both.placeholders }).toEqual({ text, got: want });
  if (both.length !== countChars(text)) expect({ text, length: both.length }).toEqual({ text, length: countChars(text) });
}

describe("findPlaceholders agrees with the reference expression", () => {
  it("on the fixtures, whole and line by line", () => {
    for (const f of fixtures) {
      expectSame(f);
      for (const line of f.split("\n")) expectSame(line);
    }
  });

  it("on random slices of the fixtures", () => {
    const r = rng(7);
    for (let n = 0; n < 3000; n++) {
      const f = fixtures[n % fixtures.length]!;
      const a = Math.floor(r() * f.length);
      expectSame(f.slice(a, a + Math.floor(r() * 200)));
    }
  });

  it("on 30 000 generated strings dense in placeholder characters", () => {
    const r = rng(20261123);
    for (let n = 0; n < 30_000; n++) {
      const len = Math.floor(r() * 24);
      let s = "";
      for (let k = 0; k < len; k++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
      expectSame(s);
    }
  });

  it("on the hand-written cases", () => {
    for (const s of ["", "2019X年", "2020XX年", "20202X年", "20XXX年", "1X年", "（ 待补充 ）", "【请填写具体数字 】", "(此处)", "（略）", "第 …", "…… 件", "（ …… ）", "  ……  。", "现将……报告如下", "X", "XX", "aXX", "XXa", "X 件", "x\n件", "2*3", "2 * 3", "__", "_", "＿＿＿件", "。。", "。。。件", "·····"]) expectSame(s);
  });
});
