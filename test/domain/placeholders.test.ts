import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findPlaceholders, hasPlaceholder, placeholderLabel } from "../../src/domain/placeholders.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const draft = fixture("district-2022-draft.txt");
const finished = fixture("nanan-2023-report.txt");

/** Splits a report into [preamble, 一…, 二…, …] at lines starting with a part number. */
function splitParts(text: string): string[] {
  return text.split(/\n(?=[一二三四五六七八九十]、)/);
}

const labels = (text: string) => findPlaceholders(text).map(placeholderLabel);

describe("findPlaceholders on real texts", () => {
  it("finds nothing in the finished 2023 report nor in the 2023 work plan", () => {
    expect(findPlaceholders(finished)).toEqual([]);
    expect(findPlaceholders(fixture("2023-workplan.txt"))).toEqual([]);
  });

  it("finds the 2022 draft's placeholders part by part", () => {
    const parts = splitParts(draft);
    expect(parts).toHaveLength(6);
    const [preamble, p1, p2, p3, p4, p5] = parts.map((p) => labels(p));
    // 《**区2022年法治政府建设工作计划》（*〔2022〕*号）
    expect(preamble).toEqual(["**", "*", "*"]);
    // names (**市**区 twice) then the three case counts
    expect(p1).toEqual(["**", "**", "**", "**", "***件", "****件", "****件"]);
    expect(p2).toHaveLength(60);
    expect(p2).toEqual(expect.arrayContaining(["***名", "*****人", "**次", "***万", "**家", "*家", "**％", "*****张"]));
    // 三、存在的不足 is fully written
    expect(p3).toEqual([]);
    expect(p4).toEqual(["**", "**", "**", "**"]);
    expect(p5).toEqual(["***", "**", "**", "**", "**"]);
    expect(findPlaceholders(draft)).toHaveLength(3 + 7 + 60 + 0 + 4 + 5);
    // independent cross-check: the draft's placeholders are exactly its runs of asterisks
    for (const part of parts) expect(findPlaceholders(part)).toHaveLength(part.match(/[*＊]+/g)?.length ?? 0);
  });

  it("reports exact positions", () => {
    const found = findPlaceholders(draft);
    for (const p of found) expect(draft.slice(p.index, p.index + p.match.length)).toBe(p.match);
    const i = draft.indexOf("办理各类行政处罚***件");
    expect(found.find((p) => p.unit === "件")).toEqual({ match: "***", index: i + "办理各类行政处罚".length, kind: "asterisk", unit: "件" });
    // sorted and non-overlapping
    for (let k = 1; k < found.length; k++) {
      const prev = found[k - 1]!;
      expect(found[k]!.index).toBeGreaterThanOrEqual(prev.index + prev.match.length);
    }
  });
});

describe("findPlaceholders: each kind", () => {
  const cases: [string, string[], string][] = [
    ["共办理行政处罚***件", ["***件"], "asterisk"],
    ["全角星号＊＊次", ["＊＊次"], "asterisk"],
    ["培训XX人次", ["XX人"], "cross"],
    ["××局", ["××"], "cross"],
    ["xx名执法人员", ["xx名"], "cross"],
    ["清理规范性文件X件", ["X件"], "cross"],
    ["聘请×名监督员", ["×名"], "cross"],
    ["于X月X日召开", ["X月", "X日"], "cross"],
    ["20XX年工作要点", ["20XX年"], "year"],
    ["202X年", ["202X年"], "year"],
    ["办结率【待补充】", ["【待补充】"], "note"],
    ["共受理（具体数字）件", ["（具体数字）"], "note"],
    ["完成时间（待定）", ["（待定）"], "note"],
    ["（此处填写本年度主要数据）", ["（此处填写本年度主要数据）"], "note"],
    ["共受理……件", ["……件"], "ellipsis"],
    ["召开第……次会议", ["……次"], "ellipsis"],
    ["第…届", ["…"], "ellipsis"],
    ["完成率...％", ["...％"], "ellipsis"],
    ["……", ["……"], "ellipsis"],
    ["（……）", ["……"], "ellipsis"],
    ["□□区交通运输局", ["□□"], "box"],
    ["共____人参加", ["____人"], "underline"],
  ];
  for (const [text, expected, kind] of cases) {
    it(`${text} → ${expected.join(" ")}`, () => {
      const found = findPlaceholders(text);
      expect(found.map(placeholderLabel)).toEqual(expected);
      for (const p of found) expect(p.kind).toBe(kind);
    });
  }
});

describe("findPlaceholders: no false positives", () => {
  const prose = [
    "现将……报告如下：",
    "现将我局2023年……工作情况报告如下：",
    "现将……年度推进法治政府建设工作情况报告如下",
    "开展“法律六进”……等活动",
    "一是……二是……",
    "配备执法记录仪3×4台", // multiplication between digits
    "推广道运通APP和VPN线路，更新5G执法记录终端",
    "使用Excel表格统计",
    "XXL码执法服装",
    "《行政执法行为负面清单尽职免责事项清单（试行）》",
    "《法治政府建设实施纲要（2021－2025年）》",
    "行政机关负责人出庭应诉率100%，满意率90%以上",
    "二〇二三年十一月二十日",
    "推进“数字法治”建设（数字政府）",
  ];
  for (const text of prose) {
    it(text, () => {
      expect(findPlaceholders(text)).toEqual([]);
      expect(hasPlaceholder(text)).toBe(false);
    });
  }
});

it("is fast enough for every keystroke", () => {
  const big = draft.repeat(10);
  const t0 = performance.now();
  const n = findPlaceholders(big).length;
  const ms = performance.now() - t0;
  expect(n).toBe(790);
  expect(ms).toBeLessThan(200);
});
