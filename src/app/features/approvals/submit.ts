// 提交审批 (the command or the overview's button). A submission first moves the report collecting → in_approval with
// the report's optimistic stateVersion (so one submission wins and answers/settings are refused from then on), then
// freezes a new document version and starts a round on it; the first level gets its cards. An incomplete report
// asks for confirmation first, listing what is missing by section.
import { noticeCard, escapeMd } from "../../../../cards/index.js";
import { checkSubmit, nameIn, startRound } from "../../../domain/approvals.js";
import { gapLines, gapSummary, hasGaps } from "../../../domain/gaps.js";
import type { RoundRecord } from "../../ports/approval-store.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { UserError } from "../../runtime/context.js";
import { shortHash } from "../../runtime/outbound.js";
import { versionId } from "../exports/exports.js";
import { freezeVersion } from "../exports/versions.js";
import { loadView } from "../overview/overview.js";
import { gapsOf, type ReportView } from "../overview/report-view.js";
import { replyCard, type Where } from "../questionnaire/replies.js";
import { audit } from "./audit.js";
import { sendLevel } from "./cards.js";
import type { ApprovalContext } from "./context.js";
import { refresh } from "./overview-extras.js";

/** Preamble and parts (the overview's units) not complete. */
function incompleteParts(view: ReportView): number {
  return view.outline.filter((s) => s.level <= 1 && view.byKey.get(s.key)?.status !== "complete").length;
}

export async function submit(cx: ApprovalContext, where: Where, report: ReportRecord, p: { actor: string; eventId: string; confirmed: boolean }): Promise<"submitted" | "confirm"> {
  const { deps, approvals, t } = cx;
  const chain = await approvals.chain(report.id);
  const view = await loadView(deps, report, t.today);
  const c = checkSubmit({ report, actor: p.actor, chain: chain?.levels ?? null, incompleteParts: incompleteParts(view), confirmed: p.confirmed });
  if (c.ok === false) throw new UserError(c.message, c.hint);
  if (c.ok === "confirm") {
    const gaps = gapsOf(view);
    await replyCard(
      t,
      where,
      noticeCard({
        title: "报告尚未完成",
        tone: "attention",
        lines: [
          `还有 ${c.incompleteParts} 个部分未完成${hasGaps(gaps) ? `（${escapeMd(gapSummary(gaps))}）` : ""}：`,
          ...gapLines(gaps).map((l) => `· ${escapeMd(l)}`),
          "",
          "仍要提交审批吗？审批人会在审批卡片上看到以上各处；提交后将记录为“未全部完成时提交”。",
        ],
        buttons: [
          { text: "仍然提交审批", role: "danger", action: { a: "submit_confirm", r: report.id, rv: report.stateVersion } },
          { text: "查看进度", role: "quiet", action: { a: "status", r: report.id, rv: report.stateVersion } },
        ],
      }),
    );
    return "confirm";
  }
  // One submission wins; from here on answers and settings are refused.
  const locked = await deps.store.updateReport(report.id, report.stateVersion, { status: "in_approval", returnComment: null, returnSections: [] }, t.now);
  if (!locked) {
    const latest = await deps.store.getReport(report.id);
    if (latest?.status === "in_approval") throw new UserError("报告已提交审批。");
    throw new UserError("报告刚被修改，请确认后重新提交。");
  }
  const frozen = await loadView(deps, locked, t.today);
  const { version } = await freezeVersion(deps.versions, frozen, { requestedBy: p.actor, now: t.now, date: t.today, force: true, newId: (n) => versionId(report.id, n) });
  const id = `ap${shortHash(`round:${report.id}:${p.eventId}`).slice(0, 14)}`;
  const levels = chain!.levels;
  const state = startRound(id, version.number, levels);
  const record: RoundRecord = { ...state, reportId: report.id, incomplete: c.incomplete, submittedBy: p.actor, createdAt: t.now, updatedAt: t.now };
  if ((await approvals.createRound(record)) === "exists") return "submitted";
  await audit(cx, { reportId: report.id, kind: "submitted", actor: p.actor, actorName: nameIn(levels, p.actor), version, comment: c.incomplete ? "未全部完成时提交" : null });
  await sendLevel(cx, locked, record, 0, version, null);
  await refresh(cx, report.id);
  return "submitted";
}
