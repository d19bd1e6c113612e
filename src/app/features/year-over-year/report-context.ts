// Loads what a report knows beyond its own answers (src/domain/year-context.ts): last year's report it continues
// (参照) — its texts mapped onto this year's sections and its plan part's items — and the confirmed work plan.
import { sectionText } from "../../../domain/answers.js";
import { fullText, lastYearKeys, planItems, type PlanItem } from "../../../domain/carry-over.js";
import type { OutlineSection } from "../../../domain/model.js";
import { resolveOutline } from "../../../domain/outline/resolve.js";
import type { ReportContext } from "../../../domain/year-context.js";
import type { AppDeps } from "../../runtime/context.js";
import type { ReportRecord } from "../../ports/report-store.js";

interface PreviousDigest {
  outline: OutlineSection[];
  texts: Map<string, string>;
  planItems: PlanItem[];
}

/**
 * Last year's report as the context needs it, by "id:stateVersion" (any change to it bumps the version, so an
 * entry is never stale). Views are built several times per event; this spares reloading and re-reading its answers.
 */
const digests = new Map<string, PreviousDigest>();
const MAX_DIGESTS = 64;

async function digest(deps: AppDeps, prev: ReportRecord): Promise<PreviousDigest> {
  const key = `${prev.id}:${prev.stateVersion}`;
  const hit = digests.get(key);
  if (hit) return hit;
  const answers = await deps.store.answers(prev.id);
  const outline = resolveOutline(prev.template, prev.settings);
  const texts = new Map(outline.map((s) => [s.key, sectionText(answers, s.key)]));
  const planPart = outline.find((s) => s.level === 1 && s.spec.mandatedItem === 4);
  const d = { outline, texts, planItems: planPart ? planItems(fullText(outline, texts, planPart.key)) : [] };
  digests.set(key, d);
  if (digests.size > MAX_DIGESTS) digests.delete(digests.keys().next().value!);
  return d;
}

/** The report's context, or undefined when the year store is not wired or the report has neither. */
export async function loadReportContext(deps: AppDeps, report: ReportRecord): Promise<ReportContext | undefined> {
  const year = deps.year;
  // Read from the report's own row: a report with neither costs no query.
  if (!year || (!report.previousReportId && !report.workPlanId)) return undefined;
  const stored = report.workPlanId ? await year.plan(report.workPlanId) : null;
  const link = { previousReportId: report.previousReportId ?? null };
  const outline = resolveOutline(report.template, report.settings);
  const ctx: ReportContext = {};
  if (link.previousReportId) {
    const prev = await deps.store.getReport(link.previousReportId);
    if (prev) {
      const { outline: prevOutline, texts: prevTexts, planItems: items } = await digest(deps, prev);
      const texts = new Map<string, string>();
      const fullTexts = new Map<string, string>();
      for (const [key, prevKey] of lastYearKeys(outline, prevOutline)) {
        const own = prevTexts.get(prevKey) ?? "";
        if (own.trim() !== "") texts.set(key, own);
        const whole = fullText(prevOutline, prevTexts, prevKey);
        if (whole.trim() !== "") fullTexts.set(key, whole);
      }
      ctx.previous = { reportId: prev.id, year: prev.year, title: prev.title, texts, fullTexts, planItems: items };
    }
  }
  if (stored?.status === "confirmed" && stored.applied) {
    const keys = new Set(outline.map((s) => s.key));
    ctx.plan = { plan: stored.plan, partKey: stored.applied.partKey, sections: stored.applied.sections.map((k) => (k && keys.has(k) ? k : null)) };
  }
  return ctx;
}
