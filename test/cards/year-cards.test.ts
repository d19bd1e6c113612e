// The year-over-year and work-plan cards, drawn from the real fixtures, pass the Card 2.0 rules (size, component
// count, form rules, unique names) at their largest.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareCard, officeCard, sectionPromptCard, workPlanCard } from "../../cards/index.js";
import { compareTexts, figureChangeText, figureSegments } from "../../src/domain/compare.js";
import { recognizeStructure } from "../../src/domain/structure/recognize.js";
import { parseWorkPlan } from "../../src/domain/workplan/parse.js";
import { buttonsOf, findAll, inspectCard, textOf } from "./card-rules.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");

function valid(c: unknown) {
  const r = inspectCard(c);
  expect(r.violations).toEqual([]);
  return r;
}

const plan = (() => {
  const r = parseWorkPlan(fixture("2023-workplan.txt"));
  if (!r.ok) throw new Error(r.message);
  return r.plan;
})();

describe("workPlanCard", () => {
  const props = {
    reportId: "rep_1",
    planId: "wp_1",
    title: plan.title,
    tasks: plan.tasks.length,
    groups: plan.groups.map((g, i) => ({ title: g.title, tasks: plan.tasks.filter((t) => t.group === i).length })),
    offices: plan.offices.map((o) => ({ name: o, tasks: plan.tasks.filter((t) => t.leads.includes(o)).length })),
    unassigned: [{ number: 27, title: "其他工作" }],
    partHeading: "一、主要举措和成效",
    deadline: { date: "2023-11-20", label: "2023年11月20日", sentence: "11月20日前，将年度法治建设情况报告市交通局。", set: false },
  };
  it("pending: counts, offices, 确认 / 取消 / the deadline; confirmed and cancelled keep only what still applies", () => {
    const pending = workPlanCard({ ...props, state: "pending" });
    valid(pending);
    expect(textOf(pending)).toContain("识别出 **26** 项任务、**9** 组、**10** 个牵头科室");
    expect(buttonsOf(pending).map((b) => b.action?.a)).toEqual(["plan_confirm", "plan_cancel", "plan_deadline"]);
    expect(buttonsOf(pending).every((b) => b.action?.ref === "wp_1")).toBe(true);
    const done = workPlanCard({ ...props, state: "confirmed", deadline: { ...props.deadline, set: true } });
    valid(done);
    expect(buttonsOf(done)).toEqual([]);
    expect(buttonsOf(workPlanCard({ ...props, state: "cancelled" }))).toEqual([]);
  });
});

describe("officeCard", () => {
  it("one multi_select_person per office in one form; 30 offices fit", () => {
    const offices = Array.from({ length: 40 }, (_, i) => ({ name: `局第${i + 1}科`, sections: ["一（一）", "一（二）"], people: i === 0 ? [{ openId: "ou_a" }] : [] }));
    const c = officeCard({ reportId: "rep_1", planId: "wp_1", offices });
    const r = valid(c);
    const pickers = findAll(c, (o) => o.tag === "multi_select_person");
    expect(pickers).toHaveLength(30);
    expect(pickers[0]!.selected_values).toEqual(["ou_a"]);
    expect(r.components).toBeLessThanOrEqual(200);
    expect(textOf(c)).toContain("共 40 个科室");
  });
});

describe("compareCard and the prompt's last-year panel", () => {
  const doc = recognizeStructure(fixture("nanan-2023-report.txt"));
  const lastYear = doc.parts[0]!.body;
  it("a whole part compared: valid, figures listed", () => {
    const c = compareTexts(lastYear, lastYear.replace("学习 12 次", "学习 15 次").replace("学习12次", "学习15次"));
    const card = compareCard({ heading: "一、主要举措和成效", lastYear: 2023, thisYear: 2024, figures: c.figures.map(figureChangeText), added: c.added, removed: c.removed, rewritten: c.rewritten, unchanged: c.unchanged });
    valid(card);
    expect(textOf(card)).toContain("学习 12 次 → 15 次");
  });
  it("the prompt with last year's whole part, checklists and carried text stays within the limits", () => {
    const card = sectionPromptCard({
      reportId: "rep_1",
      stateVersion: 3,
      sectionKey: "measures",
      label: "一",
      title: "主要举措和成效",
      prompt: "写明主要举措和成效。",
      lastYear: { year: 2023, segments: figureSegments(lastYear), canCarry: true },
      carriedOver: { year: 2023 },
      checklists: [{ title: "工作要点中的任务", items: plan.tasks.map((t) => ({ label: `任务${t.number} ${t.title}`, mentioned: t.number % 2 === 0, note: `牵头：${t.leads.join("、")}` })) }],
      currentText: lastYear,
      draftText: lastYear.slice(0, 900),
    });
    valid(card);
    expect(buttonsOf(card).some((b) => b.action?.a === "carry_text")).toBe(true);
    expect(textOf(card)).toContain("去年此节（2023）");
    expect(JSON.stringify(card)).toContain("<font color='orange'>**");
  });
});
