/**
 * What a report knows beyond its own answers — last year's report (参照) and the year's work plan (工作要点) — and
 * what that adds to completeness and to the prompts. Pure.
 *
 * Completeness (contextReasons; only for sections with text, an empty section is simply 未填写):
 *  - carried_over (blocking): the section still holds text copied from last year and not edited (./carry-over.ts);
 *  - task_unmentioned (hint, one per task): a work-plan task of the group this sub-section stands for, not
 *    mentioned in the sub-section's text (./workplan/mentioned.ts); for a plan without groups, the tasks are
 *    checked against the whole part;
 *  - plan_unmentioned (hint, one per item): an item of last year's plan part not mentioned in this year's measures
 *    part (lead text and sub-sections together).
 * Hints never change a status; the overview lists these two kinds under their section.
 */
import type { Reason } from "./completeness/types.js";
import { CARRIED_MESSAGE, PLAN_UNMENTIONED_MESSAGE, carriedContributions, fullText, itemMarker, planItemMentioned, type PlanItem } from "./carry-over.js";
import type { Answer, OutlineSection } from "./model.js";
import { taskMentioned, taskUnmentionedMessage } from "./workplan/mentioned.js";
import { tasksOf, type PlanTask, type WorkPlan } from "./workplan/plan.js";

export interface PreviousContext {
  reportId: string;
  year: number;
  title: string;
  /** Last year's own text of each section, by this year's key (sections with text only). */
  texts: Map<string, string>;
  /** Last year's whole text (own text and sub-sections), by this year's key. */
  fullTexts: Map<string, string>;
  /** Items of last year's plan part. */
  planItems: PlanItem[];
}

export interface PlanContext {
  plan: WorkPlan;
  /** The part the plan fills (主要举措和成效). */
  partKey: string;
  /** The sub-section standing for each group (null when it is gone from the outline). */
  sections: (string | null)[];
}

export interface ReportContext {
  previous?: PreviousContext;
  plan?: PlanContext;
}

/** The part reporting the measures (mandated item 1), where last year's plans are checked. */
export function measuresPartKey(outline: readonly OutlineSection[]): string | null {
  return outline.find((s) => s.level === 1 && s.spec.mandatedItem === 1)?.key ?? null;
}

/** The work-plan tasks a section stands for: its group's, or, for a plan without groups, the part's. */
export function tasksForSection(ctx: ReportContext, key: string): PlanTask[] {
  const p = ctx.plan;
  if (!p) return [];
  const g = p.sections.indexOf(key);
  if (g >= 0) return tasksOf(p.plan, g);
  if (key === p.partKey && p.plan.groups.length === 0) return tasksOf(p.plan, null);
  return [];
}

/** Extra completeness reasons by section key (see the module comment). */
export function contextReasons(
  outline: readonly OutlineSection[],
  texts: ReadonlyMap<string, string>,
  answers: readonly Answer[],
  ctx: ReportContext,
): Map<string, Reason[]> {
  const out = new Map<string, Reason[]>();
  const add = (key: string, r: Reason) => out.set(key, [...(out.get(key) ?? []), r]);
  const year = ctx.previous?.year ?? null;
  for (const s of outline) {
    const own = texts.get(s.key) ?? "";
    if (own.trim() !== "" && carriedContributions(answers, s.key).length > 0) {
      add(s.key, { code: "carried_over", severity: "blocking", message: CARRIED_MESSAGE(year) });
    }
    const tasks = tasksForSection(ctx, s.key);
    if (tasks.length > 0) {
      const text = fullText(outline, texts, s.key);
      if (text.trim() !== "") {
        for (const t of tasks) {
          if (!taskMentioned(t, text)) add(s.key, { code: "task_unmentioned", severity: "hint", task: t.number, message: taskUnmentionedMessage(t) });
        }
      }
    }
  }
  const measures = measuresPartKey(outline);
  if (ctx.previous && measures) {
    const text = fullText(outline, texts, measures);
    if (text.trim() !== "") {
      ctx.previous.planItems.forEach((item, i) => {
        if (!planItemMentioned(item, text)) add(measures, { code: "plan_unmentioned", severity: "hint", item: i + 1, message: PLAN_UNMENTIONED_MESSAGE(year, i, item.label) });
      });
    }
  }
  return out;
}

export interface ChecklistItem {
  label: string;
  /** Known only when the section has text. */
  mentioned?: boolean;
  /** Small print after the label ("牵头：局法规科"). */
  note?: string;
}

export interface Checklist {
  title: string;
  items: ChecklistItem[];
}

/** The checklists a section's prompt shows: its work-plan tasks; last year's plans for the measures part. */
export function checklistsFor(outline: readonly OutlineSection[], texts: ReadonlyMap<string, string>, ctx: ReportContext, key: string): Checklist[] {
  const lists: Checklist[] = [];
  const text = fullText(outline, texts, key);
  const known = text.trim() !== "";
  const tasks = tasksForSection(ctx, key);
  if (tasks.length > 0) {
    lists.push({
      title: `${ctx.plan!.plan.title ?? "工作要点"}中的任务`,
      items: tasks.map((t) => ({
        label: `任务${t.number} ${t.title}`,
        mentioned: known ? taskMentioned(t, text) : undefined,
        note: t.leads.length > 0 ? `牵头：${t.leads.join("、")}` : "未注明牵头科室",
      })),
    });
  }
  const prev = ctx.previous;
  if (prev && prev.planItems.length > 0 && key === measuresPartKey(outline)) {
    lists.push({
      title: `去年计划（${prev.year}年报告）`,
      items: prev.planItems.map((item, i) => ({ label: `${itemMarker(i)}${item.label}`, mentioned: known ? planItemMentioned(item, text) : undefined })),
    });
  }
  return lists;
}
