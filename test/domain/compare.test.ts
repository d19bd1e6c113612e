import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compareTexts, figureChangeText, figureSegments, figuresIn, sentences } from "../../src/domain/compare.js";
import { recognizeStructure } from "../../src/domain/structure/recognize.js";

const nanan = recognizeStructure(readFileSync(join(import.meta.dirname, "..", "fixtures", "nanan-2023-report.txt"), "utf8"));
const study = nanan.parts[0]!.subsections[0]!.body;
const business = nanan.parts[0]!.subsections[1]!.body;

describe("figures", () => {
  it("numbers with a counting unit and the text before them; years and dates are not figures", () => {
    expect(figuresIn(study).map((f) => `${f.label}|${f.value}|${f.unit}`)).toEqual(["学习|12|次", "交流发言|48|次", "组织开展|4|场"]);
    expect(figuresIn(business).map((f) => `${f.label} ${f.value}${f.unit}`)).toContain("跨省通办 10850件");
    expect(figuresIn(business).map((f) => `${f.label} ${f.value}${f.unit}`)).toContain("信用 30余条");
    expect(figuresIn("2023年12月5日，处理信访案件100余件，办结率100%。").map((f) => `${f.value}${f.unit}`)).toEqual(["100余件", "100%"]);
  });
  it("segments put the text back together", () => {
    const segs = figureSegments(business);
    expect(segs.map((s) => s.text).join("")).toBe(business);
    expect(segs.filter((s) => s.figure).map((s) => s.text)).toContain("2810件");
  });
});

describe("compareTexts", () => {
  it("one figure changed: only that, as 学习 12 次 → 15 次", () => {
    const c = compareTexts(study, study.replace("学习12次", "学习15次"));
    expect(c.figures.map(figureChangeText)).toEqual(["学习 12 次 → 15 次"]);
    expect([c.added, c.removed, c.rewritten]).toEqual([[], [], []]);
    expect(c.unchanged).toBe(sentences(study).length);
  });
  it("sentences added and removed; a sentence rewritten keeps its figures compared", () => {
    const after = study
      .replace("打造“交通讲堂”宣讲品牌有成效，组建交通系统理论宣讲队伍，", "打造“交通讲堂”宣讲品牌，")
      .replace("组织开展4场", "组织开展6场")
      .replace("全面学习贯彻党的二十大精神、习近平法治思想。", "")
      .concat("全年开展专题培训3场。");
    const c = compareTexts(study, after);
    expect(c.added).toEqual(["全年开展专题培训3场。"]);
    expect(c.removed).toEqual(["全面学习贯彻党的二十大精神、习近平法治思想。"]);
    expect(c.rewritten).toHaveLength(1);
    expect(c.figures.map(figureChangeText)).toEqual(["组织开展 4 场 → 6 场"]);
  });
  it("identical texts: nothing to report; whitespace does not count", () => {
    const c = compareTexts(study, study.replace(/，/g, "， "));
    expect(c).toMatchObject({ figures: [], added: [], removed: [], rewritten: [] });
  });
});
