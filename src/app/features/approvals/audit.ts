// The audit trail: one entry per step (approvers set, submitted, each decision — written by ./follow-up.ts —,
// withdrawn, reopened), 审批记录 in the chat, and the trail as the approved document's appendix.
import { mention, escapeMd } from "../../../../cards/index.js";
import { auditAction, chainText, type AuditKind } from "../../../domain/approvals.js";
import type { AppendixTable, ReportDocument } from "../../../domain/report-document.js";
import { localDateTime } from "../../../domain/time-zone.js";
import type { ApprovalStore, AuditRecord } from "../../ports/approval-store.js";
import type { ReportRecord } from "../../ports/report-store.js";
import type { VersionRecord } from "../exports/versions.js";
import { replyNotice, type Where } from "../questionnaire/replies.js";
import { at, type ApprovalContext } from "./context.js";

/** The audit trail as a .docx appendix ("附件：审批记录"); null when there is nothing to show. */
export function auditAppendix(entries: readonly AuditRecord[], timeZone = "Asia/Shanghai", ownerOpenId?: string): AppendixTable | null {
  if (entries.length === 0) return null;
  const rows = entries.map((e, i) => {
    const { date, time } = localDateTime(e.createdAt, timeZone);
    return [
      String(i + 1),
      `${date} ${time}`,
      auditAction(e),
      e.actorName ?? (e.actorOpenId === ownerOpenId ? "报告负责人" : e.actorOpenId),
      e.versionNumber ? `第 ${e.versionNumber} 版` : "",
      e.contentHash ? e.contentHash.slice(0, 8) : "",
      e.comment ?? "",
    ];
  });
  return { title: "审批记录", rows: [["序号", "时间", "事项", "人员", "版本", "校验码", "意见"], ...rows] };
}

/**
 * The document of version `number` with the audit trail as its appendix when that version is the approved one
 * (entries up to the final approval); otherwise the document unchanged. For the export/download to use.
 */
export async function withAuditAppendix(approvals: ApprovalStore, p: { reportId: string; number: number; document: ReportDocument; timeZone: string; ownerOpenId?: string }): Promise<ReportDocument> {
  const round = await approvals.latestRoundWith(p.reportId, "approved");
  if (!round || round.versionNumber !== p.number) return p.document;
  const entries = (await approvals.audit(p.reportId)).filter((e) => e.createdAt.getTime() <= round.updatedAt.getTime());
  const appendix = auditAppendix(entries, p.timeZone, p.ownerOpenId);
  return appendix ? { ...p.document, appendix } : p.document;
}

/** Records a step the turn took (not a decision: those are recorded by their follow-up), dated now. */
export async function audit(cx: ApprovalContext, e: { reportId: string; kind: AuditKind; actor: string; actorName?: string | null; level?: number | null; version?: VersionRecord | null; comment?: string | null }) {
  await cx.approvals.addAudit({
    reportId: e.reportId,
    kind: e.kind,
    actorOpenId: e.actor,
    actorName: e.actorName ?? null,
    level: e.level ?? null,
    versionNumber: e.version?.number ?? null,
    contentHash: e.version?.contentHash ?? null,
    comment: e.comment ?? null,
    decisionId: null,
    createdAt: cx.t.now,
  });
}

/** 审批记录: the chain and every entry of the trail, in order. */
export async function showAudit(cx: ApprovalContext, where: Where, report: ReportRecord) {
  const { deps, approvals, t } = cx;
  const entries = await approvals.audit(report.id);
  const chain = await approvals.chain(report.id);
  const lines = entries.map((e, i) => {
    const who = e.actorOpenId === report.ownerOpenId || !e.actorName ? mention(e.actorOpenId) : `${mention(e.actorOpenId)}`;
    const bits = [`${i + 1}. ${escapeMd(at(deps, e.createdAt))} ${who} **${auditAction(e)}**`];
    if (e.versionNumber) bits.push(`第 ${e.versionNumber} 版`);
    if (e.contentHash) bits.push(`校验码 ${e.contentHash.slice(0, 8)}`);
    let line = bits.join(" · ");
    if (e.comment) line += `\n　　${escapeMd(e.comment)}`;
    return line;
  });
  await replyNotice(t, where, `审批记录：${report.title}`, [
    chain ? `审批人：${escapeMd(chainText(chain.levels))}` : "尚未设置审批人。",
    "",
    ...(lines.length ? lines : ["暂无审批记录。"]),
  ]);
}
