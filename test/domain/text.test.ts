// One character count and one date formatter: src/domain/text.ts and src/domain/date-format.ts, used everywhere.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT, sourceFiles } from "../helpers/source-files.js";
import { describe, expect, it } from "vitest";
import { fullDate, monthDay, monthDayTime } from "../../src/domain/date-format.js";
import { scanSectionText } from "../../src/domain/placeholders.js";
import { charLength, countChars, firstChars } from "../../src/domain/text.js";
import { deadlineDate, deadlinesIn } from "../../src/domain/workplan/deadlines.js";
import { fixture } from "../helpers/seeds.js";

const BLANK = /[\s\u200b-\u200d\u2060\ufeff]/u;
const reference = (s: string) => [...s].filter((c) => !BLANK.test(c)).length;

/** Deterministic pseudo-random strings over the characters that matter: CJK, ASCII, astral, blanks, zero-width. */
function samples(n: number): string[] {
  const alphabet = ["中", "文", "a", "1", "。", "、", " ", "\u3000", "\t", "\n", "\r", "\u00a0", "\u2003", "\u200b", "\u200d", "\u2060", "\ufeff", "😀", "𠀀", "👨‍👩‍👧", "\u202f", "\u1680", "\u0085", "Ｘ", "*"];
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => Array.from({ length: Math.floor(rnd() * 40) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(""));
}

describe("countChars: 字数 — code points, whitespace and zero-width characters not counted", () => {
  it("agrees with a plain reference on 2,000 mixed strings, and with the one-pass placeholder scan", () => {
    for (const s of samples(2000)) {
      expect(countChars(s)).toBe(reference(s));
      expect(scanSectionText(s).length).toBe(countChars(s));
    }
  });

  it("counts a real report as a clerk would", () => {
    const text = fixture("nanan-2023-report.txt");
    expect(countChars(text)).toBe(reference(text));
    expect(countChars("组织党委理论中心组学习 12 次")).toBe(14);
    expect(countChars("𠀀a\u200b\ufeff")).toBe(2);
  });
});

describe("charLength: code points, for limits", () => {
  it("counts an emoji or an astral CJK character once; firstChars never cuts a pair", () => {
    for (const s of samples(500)) expect(charLength(s)).toBe([...s].length);
    expect(charLength("😀𠀀中")).toBe(3);
    expect(firstChars("😀😀😀", 2)).toBe("😀😀");
    expect(firstChars("短", 5)).toBe("短");
  });
});

describe("dates for people", () => {
  it("fullDate, monthDay, monthDayTime; anything but a calendar date is refused", () => {
    expect(fullDate("2027-01-05")).toBe("2027年1月5日");
    expect(fullDate("2024-02-29")).toBe("2024年2月29日");
    expect(monthDay("2026-12-05")).toBe("12月5日");
    expect(monthDayTime("2026-03-01", "09:30")).toBe("3月1日 09:30");
    for (const bad of ["2027-02-29", "2027/02/20", "2027-13-01", ""]) expect(() => fullDate(bad)).toThrow(RangeError);
    // monthDay is for display: whatever is stored is shown, never thrown on.
    expect(monthDay("2027/02/20")).toBe("2027/02/20");
  });

  it("a work plan's 2月29日 in a year without it is the last day of February, and formats", () => {
    const d = { month: 2, day: 29 };
    expect(deadlineDate(d, 2027)).toBe("2027-02-28");
    expect(deadlineDate(d, 2028)).toBe("2028-02-29");
    expect(fullDate(deadlineDate(d, 2027))).toBe("2027年2月28日");
    expect(deadlinesIn("各科室于2月29日前报送年度工作总结报告。", null).map((x) => fullDate(deadlineDate(x, 2027)))).toEqual(["2027年2月28日"]);
  });
});


describe("the one count and the one formatter are the only ones", () => {
  const root = ROOT;
  // The console's page script runs in the browser (a string served to it), not in the app.
  const files = [...sourceFiles(join(root, "src")), ...sourceFiles(join(root, "cards"))].filter((f) => !f.endsWith("console/client.ts"));

  it("no file counts characters itself ([...s].length, Array.from(s).length)", () => {
    const offenders = files
      .filter((f) => !f.endsWith("domain/text.ts"))
      .filter((f) => /\[\.\.\.[\w.]+\]\.length|Array\.from\([\w.]+\)\.length/.test(readFileSync(f, "utf8")))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it("no file writes a date as 月/日 itself", () => {
    const offenders = files
      .filter((f) => !f.endsWith("domain/date-format.ts"))
      .filter((f) => /\}月\$\{|\)\}月|月\$\{[^}]*\}日/.test(readFileSync(f, "utf8")))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });
});
