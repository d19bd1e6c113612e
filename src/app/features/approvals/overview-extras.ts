// What the overview shows about approvals (approvers who approved, who is pending, why 提交审批 is disabled, the
// last 退回 with its comment and sections), and the approver data the reminders use.
import type { OverviewProps } from "../../../../cards/index.js";
import { pendingApprovers } from "../../../domain/approvals.js";
import { localDateTime } from "../../../domain/time-zone.js";
import type { ApprovalStore, RoundRecord } from "../../ports/approval-store.js";
import type { ReportRecord } from "../../ports/report-store.js";
import type { AppDeps } from "../../runtime/context.js";
import { loadView, refreshOverview } from "../overview/overview.js";
import type { ReportView } from "../overview/report-view.js";
import { headingOf } from "../questionnaire/walk.js";
import { at, person, type ApprovalContext } from "./context.js";

export async function approvalOverview(deps: AppDeps, approvals: ApprovalStore, report: ReportRecord, view?: ReportView): Promise<Partial<OverviewProps>> {
  const approvedBy = async (round: RoundRecord) =>
    (await approvals.decisions(round.id)).filter((d) => d.outcome === "approved").map((d) => ({ approver: person(round.levels, d.approver), at: at(deps, d.createdAt) }));
  if (report.status === "approved") {
    const round = await approvals.latestRoundWith(report.id, "approved");
    return round ? { approvals: await approvedBy(round) } : {};
  }
  if (report.status === "in_approval") {
    const round = await approvals.latestRoundWith(report.id, "running");
    return round ? { approvals: await approvedBy(round), pendingApprovers: pendingApprovers(round) } : {};
  }
  const extra: Partial<OverviewProps> = {};
  if (!(await approvals.chain(report.id))) extra.submitDisabledReason = "请先设置审批人：审批人 @科长 > @局长";
  if (report.returnComment) {
    const round = await approvals.latestRoundWith(report.id, "returned");
    const d = round ? (await approvals.decisions(round.id)).find((x) => x.outcome === "returned") : undefined;
    const v = view ?? (await loadView(deps, report, localDateTime(new Date(report.updatedAt), deps.settings.timeZone).date));
    extra.returned = {
      by: d && round ? person(round.levels, d.approver) : { name: "审批人" },
      at: d ? at(deps, d.createdAt) : "",
      comment: report.returnComment,
      sections: report.returnSections.map((k) => headingOf(v, k)),
    };
  }
  return extra;
}

/** Approver data for reminders (structurally src/app/features/reminders/reminders.ts ApproverInfo): first level, pending now. */
export async function approverInfo(approvals: ApprovalStore, reportId: string): Promise<{ firstLevel: string[]; pending: string[] }> {
  const [chain, running] = await Promise.all([approvals.chain(reportId), approvals.latestRoundWith(reportId, "running")]);
  const first = running?.levels[0] ?? chain?.levels[0] ?? [];
  return { firstLevel: first.map((p) => p.openId), pending: pendingApprovers(running).map((p) => p.openId) };
}

/** Brings the overview up to date; what approvals add comes in through deps.overviewExtra (set in compose.ts). */
export async function refresh(cx: ApprovalContext, reportId: string) {
  const { deps, approvals, t } = cx;
  if (deps.overviewExtra) return refreshOverview(deps, t, reportId);
  const report = await deps.store.getReport(reportId);
  if (!report) return;
  await refreshOverview(deps, t, reportId, await approvalOverview(deps, approvals, report));
}
