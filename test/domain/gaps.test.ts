// Gaps named by section: what is still to be written (待补充) and every placeholder (占位), from the live report and
// from a frozen document.
import { describe, expect, it } from "vitest";
import { evaluateCompleteness } from "../../src/domain/completeness/report.js";
import { gapLines, gapsFromCompleteness, gapsFromDocument, gapSummary, hasGaps } from "../../src/domain/gaps.js";
import { defaultSettings, resolveOutline } from "../../src/domain/outline/resolve.js";
import { builtInTemplates } from "../../src/domain/templates/fazhi-annual.js";

const template = builtInTemplates[0]!;
const outline = resolveOutline(template, defaultSettings(template));

function gapsWith(texts: Record<string, string>) {
  const c = evaluateCompleteness({ sections: outline.map((section) => ({ section, text: texts[section.key] ?? "", ownerOpenIds: [] })) });
  return gapsFromCompleteness(outline, c.sections);
}

describe("gapsFromCompleteness", () => {
  it("an empty report: every required part listed once (sub-sections are suggestions, not gaps), no placeholders", () => {
    const g = gapsWith({});
    expect(g.placeholders).toEqual([]);
    expect(g.unfinished.map((x) => x.where)).toContain("开头");
    expect(g.unfinished.some((x) => x.where.startsWith("一、"))).toBe(true);
    expect(g.unfinished.some((x) => x.where.startsWith("一（"))).toBe(false);
    expect(g.unfinished.some((x) => x.where.startsWith("五、"))).toBe(true);
    expect(g.unfinished.every((x) => x.detail.length > 0)).toBe(true);
  });

  it("placeholders by section, with their unit, counted per occurrence; a complete answer is no gap", () => {
    const g = gapsWith({ other: "全年共办理***件信访事项，其中XX件已办结，***件正在办理。", shortcomings: "无" });
    const other = g.placeholders.find((x) => x.key === "other")!;
    expect(other.where).toBe("五、其他需要报告的情况");
    expect(other.detail).toEqual(["***件", "XX件"]);
    expect(g.placeholderCount).toBe(3);
    expect(gapLines(g)[0]).toBe("占位 · 五、其他需要报告的情况：「***件」「XX件」");
    // 5: the preamble and 一 to 四, each counted once (a part is not counted again for its sub-sections).
    expect(gapSummary(g)).toBe("待补充 5 个部分、占位 3 处");
  });

  it("lines are capped, the rest summed up; nothing missing is no gap", () => {
    const lines = gapLines(gapsWith({}), 4);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^……另有 \d+ 处，详见进度$/);
    expect(hasGaps({ unfinished: [], placeholders: [], placeholderCount: 0 })).toBe(false);
  });
});

describe("gapsFromDocument", () => {
  it("【待补充】 parts and placeholders, sub-sections named with their part", () => {
    const g = gapsFromDocument([
      { level: 0, heading: "", text: "导语。", required: true },
      { level: 1, heading: "一、主要举措", text: "", required: true },
      { level: 2, heading: "（一）学法", text: "组织学法**次。", required: true },
      { level: 1, heading: "四、工作思路", text: "", required: true },
      { level: 1, heading: "五、其他", text: "", required: false },
    ]);
    expect(g.placeholders).toEqual([{ key: "block:2", where: "一（一）学法", detail: ["**次"] }]);
    expect(g.unfinished.map((x) => x.where)).toEqual(["四、工作思路"]);
  });
});
