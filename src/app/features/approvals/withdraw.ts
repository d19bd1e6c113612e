// The owner takes the report back: 撤回审批 closes the running round (its cards say so) and reopens the report for
// editing; 重新打开 makes an approved report editable again. Either way a later approval needs a new submission, a
// new version and a new round from the first level.
import { mention, escapeMd, noticeCard } from "../../../../cards/index.js";
import { checkReopen, checkWithdraw } from "../../../domain/approvals.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { UserError } from "../../runtime/context.js";
import { replyNotice, type Where } from "../questionnaire/replies.js";
import { audit } from "./audit.js";
import { patchCopies } from "./cards.js";
import { at, moveReport, type ApprovalContext } from "./context.js";
import { refresh } from "./overview-extras.js";

export async function withdraw(cx: ApprovalContext, where: Where, report: ReportRecord, actor: string) {
  const { deps, approvals, t } = cx;
  const round = await approvals.latestRoundWith(report.id, "running");
  const c = checkWithdraw(report, actor, round);
  if (!c.ok) throw new UserError(c.message);
  if (round) {
    if (!(await approvals.closeRound(round.id, "withdrawn", t.now))) throw new UserError("审批状态刚刚发生变化，请发送「进度」查看后重试。");
    const version = await deps.versions.get(report.id, round.versionNumber);
    await audit(cx, { reportId: report.id, kind: "withdrawn", actor, level: round.currentLevel + 1, version });
    const closed = noticeCard({ title: `审批已撤回：${report.title}`, tone: "neutral", lines: [`第 ${round.versionNumber} 版的审批已由 ${mention(actor)} 于 ${escapeMd(at(deps, t.now))} 撤回，无需再审批。`] });
    await patchCopies(cx, round, round.currentLevel, closed);
  }
  await moveReport(cx, report.id, "in_approval", { status: "collecting" });
  await replyNotice(t, where, "已撤回审批", ["报告已恢复为可填写状态。修改后发送 `提交审批` 重新送审（将生成新版本，从第一级重新审批）。"]);
  await refresh(cx, report.id);
}

export async function reopen(cx: ApprovalContext, where: Where, report: ReportRecord, actor: string) {
  const { deps, approvals, t } = cx;
  const c = checkReopen(report, actor);
  if (!c.ok) throw new UserError(c.message);
  const moved = await moveReport(cx, report.id, "approved", { status: "collecting", returnComment: null, returnSections: [] });
  if (!moved) throw new UserError("报告状态刚刚发生变化，请重试。");
  const round = await approvals.latestRoundWith(report.id, "approved");
  const version = round ? await deps.versions.get(report.id, round.versionNumber) : null;
  await audit(cx, { reportId: report.id, kind: "reopened", actor, version });
  await replyNotice(t, where, "报告已重新打开", [
    `已审定的第 ${round?.versionNumber ?? "?"} 版仍保留在审批记录中。`,
    "现在可以修改；修改后须重新 `提交审批`，生成新版本并从第一级重新审批。",
  ]);
  await refresh(cx, report.id);
}
