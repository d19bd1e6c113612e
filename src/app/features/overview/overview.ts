// The live overview card: one per report in its chat, updated in place (coalesced PATCHes, at most 5 per
// second per message) whenever the report changes; re-sent when the old card is past Lark's 14-day
// update window.
import { overviewCard, type OverviewProps } from "../../../../cards/index.js";
import type { AppDeps, Turn } from "../../runtime/context.js";
import { buildView, overviewProps, type ReportView } from "./report-view.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { loadReportContext } from "../year-over-year/report-context.js";

/** Lark refuses updates to cards older than 14 days; leave a margin. */
export const OVERVIEW_MAX_AGE_MS = 13.5 * 24 * 3600_000;

export async function loadView(deps: AppDeps, report: ReportRecord, today: string): Promise<ReportView> {
  const [answers, owners, context] = await Promise.all([deps.store.answers(report.id), deps.store.owners(report.id), loadReportContext(deps, report)]);
  return buildView(report, answers, owners, deps.calendar, today, context);
}

export function overviewFor(view: ReportView, extra: Partial<OverviewProps> = {}) {
  return overviewCard(overviewProps(view, extra));
}

/** Sends a new overview card into the report's chat and makes it the one kept live. */
export async function sendOverview(deps: AppDeps, t: Turn, view: ReportView, extra: Partial<OverviewProps> = {}) {
  extra = { ...(await deps.overviewExtra?.(view)), ...extra };
  await t.out.send({ chatId: view.report.chatId }, overviewFor(view, extra), { purpose: `overview:${view.report.id}`, coalesceKey: `overview-send:${view.report.id}` });
}

/** Brings the chat's overview card up to date (if the report has one). */
export async function refreshOverview(deps: AppDeps, t: Turn, reportId: string, extra: Partial<OverviewProps> = {}) {
  const report = await deps.store.getReport(reportId);
  if (!report || !report.overviewMessageId) return;
  const view = await loadView(deps, report, t.today);
  const age = report.overviewSentAt ? t.now.getTime() - report.overviewSentAt.getTime() : Infinity;
  if (age > OVERVIEW_MAX_AGE_MS) return sendOverview(deps, t, view, extra);
  extra = { ...(await deps.overviewExtra?.(view)), ...extra };
  await t.out.patch(report.overviewMessageId, overviewFor(view, extra), `overview:${report.id}`);
}
