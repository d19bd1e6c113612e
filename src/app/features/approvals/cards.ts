// The approval cards: what each shows (the 同意/退回 request with completeness and every gap by section, the
// decided card, the group notices) and where they go (each approver of a level privately, a notice to the group;
// every copy is remembered so that a decision shows on all of them).
import { sectionHeading } from "../../../domain/outline/address.js";
import { approvalCard, type ApprovalCardProps, type Card } from "../../../../cards/index.js";
import type { Outcome } from "../../../domain/approvals.js";
import { gapLines, gapSummary, hasGaps } from "../../../domain/gaps.js";
import type { DecisionRecord, RoundRecord } from "../../ports/approval-store.js";
import type { ReportRecord } from "../../ports/report-store.js";
import type { AppDeps } from "../../runtime/context.js";
import { downloadPath } from "../exports/download-link.js";
import type { VersionRecord } from "../exports/versions.js";
import { loadView } from "../overview/overview.js";
import { gapsOf, type ReportView } from "../overview/report-view.js";
import { headingOf } from "../questionnaire/walk.js";
import { at, person, type ApprovalContext } from "./context.js";

/** Days the download link on an approval card stays valid (approvals can take a while). */
const APPROVAL_LINK_DAYS = 30;

function completeness(view: ReportView) {
  return {
    complete: view.completeness.requiredComplete,
    total: view.completeness.requiredTotal,
    chars: view.completeness.characters,
    warnings: view.completeness.warnings.length,
  };
}

async function downloadUrl(deps: AppDeps, v: VersionRecord, now: Date): Promise<string | undefined> {
  const secret = deps.settings.downloadLinkSecret;
  const base = deps.settings.publicBaseUrl.replace(/\/+$/, "");
  if (!secret || !base) return undefined;
  const expiresAt = Math.floor(now.getTime() / 1000) + APPROVAL_LINK_DAYS * 86_400;
  return base + (await downloadPath({ secret, reportId: v.reportId, version: v.number, format: "docx", expiresAt }));
}

/** What every approval card of a round's level carries: the report, the round, the version and the level. */
export function base(report: ReportRecord, round: RoundRecord, level: number) {
  return { reportId: report.id, stateVersion: report.stateVersion, approvalId: round.id, title: report.title, version: round.versionNumber, level: { index: level + 1, total: round.levels.length } };
}

/** The 同意/退回 card an approver of `level` gets: completeness, and every unfinished part and placeholder by section. */
export async function requestCard(cx: ApprovalContext, report: ReportRecord, round: RoundRecord, level: number, version: VersionRecord) {
  const { deps, approvals, t } = cx;
  const view = await loadView(deps, report, t.today);
  const decided = (await approvals.decisions(round.id)).filter((d) => d.outcome === "approved" && d.level < level);
  const gaps = gapsOf(view);
  const request: ApprovalCardProps = {
    ...base(report, round, level),
    variant: "request",
    completeness: completeness(view),
    submittedIncomplete: round.incomplete,
    submittedBy: person(round.levels, round.submittedBy),
    submittedAt: at(deps, round.createdAt),
    downloadUrl: await downloadUrl(deps, version, t.now),
    previous: decided.map((d) => ({ approver: person(round.levels, d.approver), at: at(deps, d.createdAt), comment: d.comment ?? undefined })),
    ...(hasGaps(gaps) ? { gaps: { summary: gapSummary(gaps), lines: gapLines(gaps) } } : {}),
  };
  return approvalCard(request);
}

/** The request card to each approver of `level`, and the group notice (submitted, or approved by the level before). */
export async function sendLevel(cx: ApprovalContext, report: ReportRecord, round: RoundRecord, level: number, version: VersionRecord, previous: DecisionRecord | null) {
  const { t } = cx;
  const approvers = round.levels[level]!;
  const card = await requestCard(cx, report, round, level, version);
  for (const p of approvers) {
    await t.out.send({ openId: p.openId }, card, { purpose: `approval:${round.id}:${level}:${p.openId}` });
  }
  const notice = approvalCard({
    // "已同意第 N 版（第 k/n 级），转 … 审批" names the level that just approved.
    ...base(report, round, previous ? previous.level : level),
    variant: "notice",
    event: previous ? "approved" : "submitted",
    by: previous ? person(round.levels, previous.approver) : { openId: round.submittedBy },
    approvers,
  });
  await t.out.send({ chatId: report.chatId }, notice, { purpose: `approval:${round.id}:${level}:${report.chatId}` });
}

/** Shows the outcome on every copy of the level's approval card (approvers' and the group notice). */
export async function patchCopies(cx: ApprovalContext, round: RoundRecord, level: number, card: Card) {
  for (const c of await cx.approvals.cards(round.id, level)) await cx.t.out.patch(c.messageId, card, `approval-card:${c.messageId}`, 0);
}

/** A level's card once decided: who, when, the comment and the sections sent back. */
export function decidedCard(cx: ApprovalContext, report: ReportRecord, round: RoundRecord, level: number, d: { approver: string; outcome: Outcome; comment: string | null; createdAt: Date }, view: ReportView | null, sections: string[]) {
  return approvalCard({
    ...base(report, round, level),
    variant: "decided",
    outcome: d.outcome === "approved" ? "approved" : "rejected",
    by: person(round.levels, d.approver),
    at: at(cx.deps, d.createdAt),
    comment: d.comment ?? undefined,
    sections: view ? sections.map((k) => headingOf(view, k)) : sections,
    nextLevelPending: d.outcome === "approved" && level + 1 < round.levels.length,
  });
}

/** The sections a 退回 may name, as the reject form lists them. */
export function sectionChoices(view: ReportView) {
  return view.outline.map((s) => ({ key: s.key, heading: sectionHeading(s) }));
}
