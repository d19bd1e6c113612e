// The topic search (missingTopics) and the digit pre-check for figures give the same answers as the plain
// checks (every keyword tried with String.prototype.includes, every figure expression run).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateCompleteness } from "../../src/domain/completeness/report.js";
import { missingTopics } from "../../src/domain/completeness/topics.js";
import { requiresDigit } from "../../src/domain/completeness/figures.js";
import type { GuidanceTopic, OutlineSection } from "../../src/domain/model.js";
import { defaultSettings, resolveOutline } from "../../src/domain/outline/resolve.js";
import { fazhiAnnualTemplate } from "../../src/domain/templates/fazhi-annual.js";

const outline: OutlineSection[] = resolveOutline(fazhiAnnualTemplate, defaultSettings(fazhiAnnualTemplate));
const fixtures = ["nanan-2023-report.txt", "district-2022-draft.txt", "2023-workplan.txt"].map((f) => readFileSync(join(__dirname, "..", "fixtures", f), "utf8"));

function topicsMissing(text: string, topics: readonly GuidanceTopic[]): string[] {
  return topics.filter((t) => !t.keywords.some((k) => k !== "" && text.includes(k))).map((t) => t.label);
}

function rnd(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

describe("completeness fast paths", () => {
  it("requiresDigit: true only when every match must contain a digit", () => {
    expect(requiresDigit("\\d+\\s*(?:场|场次|期|人次|份)|每(?:月|季度?|周|年|半年)[^。]{0,24}?(?:学法|培训|普法|宣传|讲座|学习)")).toBe(false); // 每月…学法: no digit needed
    expect(requiresDigit("信访[^。]{0,12}?\\d+")).toBe(true);
    expect(requiresDigit("审[查核]\\s*\\d+\\s*件")).toBe(true);
    expect(requiresDigit("\\d+\\s*件")).toBe(true);
    expect(requiresDigit("\\d+(?:\\.\\d+)?\\s*(?:次|件|%)")).toBe(true);
    expect(requiresDigit("\\d*件")).toBe(false);
    expect(requiresDigit("\\d?件")).toBe(false);
    expect(requiresDigit("\\d{0,3}件")).toBe(false);
    expect(requiresDigit("\\d+件|[一二三]件")).toBe(false);
    expect(requiresDigit("(?:\\d+)件")).toBe(false); // inside a group: not decided, not skipped
    expect(requiresDigit("[\\d一]件")).toBe(false);
    expect(requiresDigit("\\\\d件")).toBe(false); // an escaped backslash, then "d"
    expect(requiresDigit("[一-十]+件")).toBe(false);
  });

  it("gives the same topics and figures as trying each keyword and expression on its own", () => {
    const next = rnd(7);
    const checked = { topics: 0, figures: 0 };
    for (const s of outline) {
      const { topics } = s.spec.guidance;
      for (let n = 0; n < 300; n++) {
        const src = fixtures[n % fixtures.length]!;
        const start = Math.floor(next() * src.length);
        let text = src.slice(start, start + Math.floor(next() * 1500));
        if (n % 3 === 0) text = text.replace(/[0-9]/g, ""); // no digits: the figure pre-check applies
        if (n % 5 === 0) text = topics.flatMap((t) => t.keywords).filter(() => next() < 0.3).join(next() < 0.5 ? "" : "，") + text; // adjacent, overlapping keywords
        if (text.trim() === "") continue;
        const r = evaluateCompleteness({ sections: [{ section: { ...s, parentKey: null }, text, ownerOpenIds: [] }] }).sections[0]!;
        if (r.reasons.some((x) => x.code === "empty") || r.status === "complete" && r.reasons.length === 0 && s.spec.completeAnswers.length > 0) continue;
        expect(missingTopics(s.spec, text), text).toEqual(topicsMissing(text, topics));
        checked.topics++;
        const figs = r.reasons.filter((x) => x.code === "figure_missing").map((x) => (x as { figure: string }).figure);
        expect(figs).toEqual(s.spec.figures.filter((f) => !new RegExp(f.pattern, "u").test(text)).map((f) => f.label));
        if (s.spec.figures.length) checked.figures++;
      }
    }
    expect(checked.topics).toBeGreaterThan(1000);
    expect(checked.figures).toBeGreaterThan(100);
  });

  it("finds keywords that overlap or share a start", () => {
    const topics: GuidanceTopic[] = [
      { label: "A", keywords: ["法治"] },
      { label: "B", keywords: ["治理"] },
      { label: "C", keywords: ["法治政府"] },
      { label: "D", keywords: ["", "a.b"] },
      { label: "E", keywords: [""] },
    ];
    const base = outline.find((s) => s.spec.guidance.topics.length > 0 && s.spec.figures.length === 0)!;
    const section: OutlineSection = { ...base, parentKey: null, spec: { ...base.spec, completeAnswers: [], guidance: { ...base.spec.guidance, topics } } };
    for (const text of ["法治理念和法治政府", "法治理念", "推进法治政府建设a.b", "axb法治", "无关内容"]) {
      expect(missingTopics(section.spec, text), text).toEqual(topicsMissing(text, topics));
    }
  });
});
