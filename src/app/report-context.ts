// Loads what a report knows beyond its own answers (src/domain/year-context.ts): last year's report it continues
// (参照) — its texts mapped onto this year's sections and its plan part's items — and the confirmed work plan.
import { sectionText } from "../domain/answers.js";
import { fullText, lastYearKeys, planItems } from "../domain/carry-over.js";
import { resolveOutline } from "../domain/outline.js";
import type { ReportContext } from "../domain/year-context.js";
import type { AppDeps } from "./context.js";
import type { ReportRecord } from "./store.js";

/** The report's context, or undefined when the year store is not wired or the report has neither. */
export async function loadReportContext(deps: AppDeps, report: ReportRecord): Promise<ReportContext | undefined> {
  const year = deps.year;
  if (!year) return undefined;
  const [link, stored] = await Promise.all([year.link(report.id), year.confirmedPlan(report.id)]);
  if (!link.previousReportId && !stored) return undefined;
  const outline = resolveOutline(report.template, report.settings);
  const ctx: ReportContext = {};
  if (link.previousReportId) {
    const prev = await deps.store.getReport(link.previousReportId);
    if (prev) {
      const answers = await deps.store.answers(prev.id);
      const prevOutline = resolveOutline(prev.template, prev.settings);
      const prevTexts = new Map(prevOutline.map((s) => [s.key, sectionText(answers, s.key)]));
      const texts = new Map<string, string>();
      const fullTexts = new Map<string, string>();
      for (const [key, prevKey] of lastYearKeys(outline, prevOutline)) {
        const own = prevTexts.get(prevKey) ?? "";
        if (own.trim() !== "") texts.set(key, own);
        const whole = fullText(prevOutline, prevTexts, prevKey);
        if (whole.trim() !== "") fullTexts.set(key, whole);
      }
      const planPart = prevOutline.find((s) => s.level === 1 && s.spec.mandatedItem === 4);
      ctx.previous = {
        reportId: prev.id,
        year: prev.year,
        title: prev.title,
        texts,
        fullTexts,
        planItems: planPart ? planItems(fullText(prevOutline, prevTexts, planPart.key)) : [],
      };
    }
  }
  if (stored?.applied) {
    const keys = new Set(outline.map((s) => s.key));
    ctx.plan = { plan: stored.plan, partKey: stored.applied.partKey, sections: stored.applied.sections.map((k) => (k && keys.has(k) ? k : null)) };
  }
  return ctx;
}
