// Approvals: the approver chain (`审批人 @甲 > @乙 @丙`), submission (`提交审批` or the overview's button), approval
// cards to each approver of the current level (private) plus a group notice, 同意/退回 by card callbacks, 撤回审批,
// 重新打开, and the audit trail (`审批记录`, and as an optional .docx appendix).
//
// Consistency: a submission first moves the report collecting → in_approval with the report's optimistic
// stateVersion (so one submission wins and answers/settings are refused from then on), then freezes a new
// document version and starts a round on it. A decision carries the round's next state and is stored with the
// unique (round, level) by one statement whose trigger moves the round (atomic on SQLite and D1 alike), so double
// taps and two approvers of one level at once give exactly one decision; every other tap gets a toast and changes
// nothing. Everything that follows a decision (decisionEffects: audit entry, cards, the next level, the report's
// status) is derived from the stored decision and re-runnable; the request that stored it runs it, and the sweep
// finishes it after a failure or a crash (ApprovalDecision.effectsAt / effectsDueAt). The rules themselves are in
// src/domain/approvals.ts.
import { monthDayTime } from "../../../domain/date-format.js";
import { approvalCard, mention, escapeMd, noticeCard, toast, type ApprovalCardProps, type Card, type OverviewProps, REJECT_COMMENT_FIELD, REJECT_SECTIONS_FIELD } from "../../../../cards/index.js";
import { localDateTime } from "../../../domain/time-zone.js";
import {
  auditAction,
  chainText,
  checkDecision,
  checkReopen,
  checkReturn,
  checkSubmit,
  checkWithdraw,
  decide,
  mayConfigure,
  nameIn,
  nextState,
  pendingApprovers,
  startRound,
  validateChain,
  type AuditKind,
  type Outcome,
  type Person,
} from "../../../domain/approvals.js";
import type { Command } from "../../../domain/commands.js";
import type { AppendixTable, ReportDocument } from "../../../domain/report-document.js";
import { downloadPath } from "../exports/download-link.js";
import type { ActionHandler, CardAction, CommandHandler, Feature, Message } from "../../runtime/feature.js";
import type { ApprovalStore, AuditRecord, DecisionRecord, RoundRecord } from "../../ports/approval-store.js";
import { turn, UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import { readyCard, versionId } from "../exports/exports.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import { Outbound, shortHash } from "../../runtime/outbound.js";
import type { OutboxStore } from "../../ports/outbox-store.js";
import { loadView, refreshOverview } from "../overview/overview.js";
import { replyCard, replyNotice, type Where } from "../questionnaire/replies.js";
import { currentReport } from "../questionnaire/reports.js";
import { postPrompt } from "../questionnaire/walk.js";
import { gapsOf, type ReportView } from "../overview/report-view.js";
import { gapLines, gapSummary, hasGaps } from "../../../domain/gaps.js";
import type { ReportPatch, ReportRecord } from "../../ports/report-store.js";
import { freezeVersion, type VersionRecord } from "../exports/versions.js";

export type { ApprovalStore } from "../../ports/approval-store.js";

/** Days the download link on an approval card stays valid (approvals can take a while). */
export const APPROVAL_LINK_DAYS = 30;
/** Prompts re-posted for sections named in a 退回, at most. */
const MAX_RETURN_PROMPTS = 5;

const warn = (zh: string): CallbackAnswer => ({ toast: toast("warning", zh) });

// -------------------------------------------------------------------------------------------------
// Small helpers

function at(deps: AppDeps, d: Date): string {
  const { date, time } = localDateTime(d, deps.settings.timeZone);
  return monthDayTime(date, time);
}

function person(levels: Person[][], openId: string): { openId: string; name?: string } {
  const name = nameIn(levels, openId);
  return name ? { openId, name } : { openId };
}

/** Preamble and parts (the overview's units) not complete. */
function incompleteParts(view: ReportView): number {
  return view.outline.filter((s) => s.level <= 1 && view.byKey.get(s.key)?.status !== "complete").length;
}

function completeness(view: ReportView) {
  const units = view.outline.filter((s) => s.level <= 1);
  return {
    complete: units.filter((s) => view.byKey.get(s.key)?.status === "complete").length,
    total: units.length,
    chars: view.completeness.characters,
    warnings: view.completeness.warnings.length,
  };
}

function headingOf(view: ReportView, key: string): string {
  const s = view.outline.find((x) => x.key === key);
  return !s ? key : s.level === 0 ? "开头" : s.heading;
}

async function downloadUrl(deps: AppDeps, v: VersionRecord, now: Date): Promise<string | undefined> {
  const secret = deps.settings.downloadLinkSecret;
  const base = deps.settings.publicBaseUrl.replace(/\/+$/, "");
  if (!secret || !base) return undefined;
  const expiresAt = Math.floor(now.getTime() / 1000) + APPROVAL_LINK_DAYS * 86_400;
  return base + (await downloadPath({ secret, reportId: v.reportId, version: v.number, format: "docx", expiresAt }));
}

/** Moves the report from one status to another, retrying over concurrent (non-status) changes. */
async function moveReport(deps: AppDeps, t: Turn, reportId: string, from: ReportRecord["status"], patch: ReportPatch): Promise<ReportRecord | null> {
  for (let i = 0; i < 5; i++) {
    const r = await deps.store.getReport(reportId);
    if (!r || r.status !== from) return null;
    const updated = await deps.store.updateReport(reportId, r.stateVersion, patch, t.now);
    if (updated) return updated;
  }
  throw new UserError("报告刚被他人修改，请重试。");
}

// -------------------------------------------------------------------------------------------------
// The audit trail

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

async function audit(approvals: ApprovalStore, e: { reportId: string; kind: AuditKind; actor: string; actorName?: string | null; level?: number | null; version?: VersionRecord | null; comment?: string | null; now: Date }) {
  await approvals.addAudit({
    reportId: e.reportId,
    kind: e.kind,
    actorOpenId: e.actor,
    actorName: e.actorName ?? null,
    level: e.level ?? null,
    versionNumber: e.version?.number ?? null,
    contentHash: e.version?.contentHash ?? null,
    comment: e.comment ?? null,
    decisionId: null,
    createdAt: e.now,
  });
}

// -------------------------------------------------------------------------------------------------
// What the overview shows about approvals

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
async function refresh(deps: AppDeps, approvals: ApprovalStore, t: Turn, reportId: string) {
  if (deps.overviewExtra) return refreshOverview(deps, t, reportId);
  const report = await deps.store.getReport(reportId);
  if (!report) return;
  await refreshOverview(deps, t, reportId, await approvalOverview(deps, approvals, report));
}

// -------------------------------------------------------------------------------------------------
// Approval cards

function base(report: ReportRecord, round: RoundRecord, level: number) {
  return { reportId: report.id, stateVersion: report.stateVersion, approvalId: round.id, title: report.title, version: round.versionNumber, level: { index: level + 1, total: round.levels.length } };
}

/** The 同意/退回 card an approver of `level` gets: completeness, and every unfinished part and placeholder by section. */
async function requestCard(deps: AppDeps, approvals: ApprovalStore, t: Turn, report: ReportRecord, round: RoundRecord, level: number, version: VersionRecord) {
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

async function sendLevel(deps: AppDeps, approvals: ApprovalStore, t: Turn, report: ReportRecord, round: RoundRecord, level: number, version: VersionRecord, previous: DecisionRecord | null) {
  const approvers = round.levels[level]!;
  const card = await requestCard(deps, approvals, t, report, round, level, version);
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
async function patchCopies(approvals: ApprovalStore, t: Turn, round: RoundRecord, level: number, card: Card) {
  for (const c of await approvals.cards(round.id, level)) await t.out.patch(c.messageId, card, `approval-card:${c.messageId}`, 0);
}

function decidedCard(deps: AppDeps, report: ReportRecord, round: RoundRecord, level: number, d: { approver: string; outcome: Outcome; comment: string | null; createdAt: Date }, view: ReportView | null, sections: string[]) {
  return approvalCard({
    ...base(report, round, level),
    variant: "decided",
    outcome: d.outcome === "approved" ? "approved" : "rejected",
    by: person(round.levels, d.approver),
    at: at(deps, d.createdAt),
    comment: d.comment ?? undefined,
    sections: view ? sections.map((k) => headingOf(view, k)) : sections,
    nextLevelPending: d.outcome === "approved" && level + 1 < round.levels.length,
  });
}

// -------------------------------------------------------------------------------------------------
// Use cases

export async function setApprovers(deps: AppDeps, approvals: ApprovalStore, t: Turn, where: Where, report: ReportRecord, actor: string, levels: Person[][]) {
  const may = mayConfigure(report, actor);
  if (!may.ok) throw new UserError(may.message);
  const v = validateChain(levels, report.ownerOpenId);
  if (!v.ok) throw new UserError(v.message);
  await approvals.setChain(report.id, v.levels, actor, t.now);
  // They were @mentioned in the report's group: they are members, so their card taps are accepted.
  for (const l of v.levels) for (const p of l) await deps.store.touchMember(report.chatId, p.openId, t.now);
  await audit(approvals, { reportId: report.id, kind: "approvers_set", actor, comment: chainText(v.levels), now: t.now });
  await replyNotice(t, where, "已设置审批人", [
    ...v.levels.map((l, i) => `第 ${i + 1} 级：${l.map((p) => mention(p.openId)).join(" ")}${l.length > 1 ? "（任一人审批即可）" : ""}`),
    "",
    "填写完成后发送 `提交审批`。",
  ]);
  await refresh(deps, approvals, t, report.id);
}

export async function submit(
  deps: AppDeps,
  approvals: ApprovalStore,
  t: Turn,
  where: Where,
  report: ReportRecord,
  p: { actor: string; eventId: string; confirmed: boolean },
): Promise<"submitted" | "confirm"> {
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
  await audit(approvals, { reportId: report.id, kind: "submitted", actor: p.actor, actorName: nameIn(levels, p.actor), version, comment: c.incomplete ? "未全部完成时提交" : null, now: t.now });
  await sendLevel(deps, approvals, t, locked, record, 0, version, null);
  await refresh(deps, approvals, t, report.id);
  return "submitted";
}

interface Authorized {
  round: RoundRecord;
  level: number;
}

async function authorize(deps: AppDeps, approvals: ApprovalStore, t: Turn, a: CardAction, ap: string | undefined, ver: number | undefined, report: ReportRecord): Promise<Authorized | CallbackAnswer> {
  const round = ap ? await approvals.getRound(ap) : null;
  if (!round || round.reportId !== report.id) return warn("这张审批卡片已失效。");
  // A tap on a card of a round whose last decision was stored but not followed up (a failure or crash right after
  // it) finishes that follow-up first: the next level gets its cards now rather than at the next sweep.
  for (const d of await approvals.decisions(round.id)) if (d.effectsAt === null) await followUpNow(deps, approvals, t, d);
  const latest = await approvals.latestRound(report.id);
  const copy = a.messageId ? await approvals.cardByMessage(a.messageId) : null;
  const check = checkDecision({
    actor: a.operatorOpenId,
    round,
    latestRoundId: latest?.id ?? null,
    cardVersion: ver,
    cardLevel: copy && copy.roundId === round.id ? copy.level : null,
    ownerOpenId: report.ownerOpenId,
  });
  if (!check.ok) {
    deps.log.info("approval.refused", { reportId: report.id, roundId: round.id, code: check.code });
    return warn(check.message);
  }
  return { round, level: check.level };
}

async function alreadyDecided(deps: AppDeps, approvals: ApprovalStore, round: RoundRecord, level: number): Promise<CallbackAnswer> {
  const d = (await approvals.decisions(round.id)).find((x) => x.level === level);
  if (!d) return warn("审批状态刚刚发生变化，没有记录你的操作。");
  const who = nameIn(round.levels, d.approver) ?? "其他审批人";
  return warn(`本级已由 ${who} ${d.outcome === "approved" ? "同意" : "退回"}，你的操作没有记录。`);
}

/** The decision a tap records: its id derives from the callback's event, so a re-run of that event records nothing new. */
function decisionFor(a: CardAction, auth: Authorized, outcome: Outcome, now: Date, o: { comment?: string; sections?: string[] } = {}): Omit<DecisionRecord, "effectsAt"> {
  return {
    id: `ad${shortHash(`decision:${a.eventId}`).slice(0, 14)}`,
    roundId: auth.round.id,
    level: auth.level,
    approver: a.operatorOpenId,
    outcome,
    comment: o.comment ?? null,
    sections: o.sections ?? [],
    ...nextState(decide(auth.round, outcome)),
    createdAt: now,
  };
}

/**
 * Runs a just-recorded decision's follow-up. A failure leaves it to the sweep (the decision is stored and its
 * follow-up falls due): the tap itself succeeded, so the approver is told so.
 */
async function followUpNow(deps: AppDeps, approvals: ApprovalStore, t: Turn, d: DecisionRecord): Promise<void> {
  try {
    await decisionEffects(deps, approvals, t, d);
  } catch (e) {
    deps.log.error("approval.effects_failed", { decisionId: d.id, roundId: d.roundId, attempt: 0, error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
  }
}

async function approve(deps: AppDeps, approvals: ApprovalStore, t: Turn, a: CardAction, report: ReportRecord, auth: Authorized): Promise<CallbackAnswer> {
  const { round, level } = auth;
  const decision: DecisionRecord = { ...decisionFor(a, auth, "approved", t.now), effectsAt: null };
  if ((await approvals.decide(decision)) === "taken") return alreadyDecided(deps, approvals, round, level);
  await followUpNow(deps, approvals, t, decision);
  const card = decidedCard(deps, report, round, level, decision, null, []);
  const last = decision.nextStatus === "approved";
  return { toast: toast("success", last ? "已同意，报告已审定" : `已同意，已转第 ${decision.nextLevel + 1} 级审批`), card: { type: "raw", data: card } };
}

function sectionChoices(view: ReportView) {
  return view.outline.map((s) => ({ key: s.key, heading: s.level === 0 ? "开头" : s.heading }));
}

async function returnReport(deps: AppDeps, approvals: ApprovalStore, t: Turn, a: CardAction, report: ReportRecord, auth: Authorized): Promise<CallbackAnswer> {
  const { round, level } = auth;
  const view = await loadView(deps, report, t.today);
  const form = a.formValue ?? {};
  const r = checkReturn(form[REJECT_COMMENT_FIELD], form[REJECT_SECTIONS_FIELD], view.outline.map((s) => s.key));
  if (!r.ok) return warn(r.message);
  const decision: DecisionRecord = { ...decisionFor(a, auth, "returned", t.now, { comment: r.comment, sections: r.sections }), effectsAt: null };
  if ((await approvals.decide(decision)) === "taken") return alreadyDecided(deps, approvals, round, level);
  await followUpNow(deps, approvals, t, decision);
  const card = decidedCard(deps, report, round, level, decision, view, r.sections);
  return { toast: toast("success", "已退回，意见已发到群里"), card: { type: "raw", data: card } };
}

// -------------------------------------------------------------------------------------------------
// What follows a decision

/** A turn whose outbound rows derive their uuids from `key` (see Outbound.derive). */
function keyed(t: Turn, key: string): Turn {
  const out = t.out.derive(key);
  return {
    out,
    now: t.now,
    get today() {
      return t.today;
    },
  };
}

/**
 * Everything that follows a stored decision, derived from the decision alone, so that it can run again after a
 * failure or a crash (the sweep runs it when its follow-up is due) and a second run changes nothing more:
 *   - its audit entry (one per decision: AuditEntry.decisionId is unique);
 *   - the outcome on every copy of the level's approval card;
 *   - 同意 below the last level: the next level's cards and the group notice, unless the round was withdrawn meanwhile;
 *     at the last level: the report approved, the final notice and the document;
 *     退回: the report back to collecting with the comment, the notices and the prompts of the named sections;
 *   - the overview.
 * Every message is queued through the outbox with a uuid derived from the decision id and what it is, so a message
 * queued by an earlier run is not queued again (and Lark would send one per uuid anyway). The report's status moves
 * only while this decision's round is still the report's newest, and only from in_approval.
 */
export async function decisionEffects(deps: AppDeps, approvals: ApprovalStore, t: Turn, d: DecisionRecord): Promise<void> {
  const round = await approvals.getRound(d.roundId);
  const report = round ? await deps.store.getReport(round.reportId) : null;
  if (!round || !report) {
    await approvals.effectsDone(d.id, t.now);
    return;
  }
  const key = `decision:${d.id}`;
  const version = await deps.versions.get(report.id, round.versionNumber);
  const view = await loadView(deps, report, t.today);
  const headings = d.sections.map((k) => headingOf(view, k));
  await approvals.addAudit({
    reportId: report.id,
    kind: d.outcome,
    actorOpenId: d.approver,
    actorName: nameIn(round.levels, d.approver),
    level: d.level + 1,
    versionNumber: version?.number ?? null,
    contentHash: version?.contentHash ?? null,
    comment: d.outcome === "returned" ? (headings.length ? `${d.comment}（需修改：${headings.join("、")}）` : d.comment) : null,
    decisionId: d.id,
    createdAt: d.createdAt,
  });
  const card = decidedCard(deps, report, round, d.level, d, view, d.sections);
  for (const c of await approvals.cards(round.id, d.level)) {
    await keyed(t, `${key}:patch:${c.messageId}`).out.patch(c.messageId, card, `approval-card:${c.messageId}`, 0);
  }
  const latest = await approvals.latestRound(report.id);
  const newest = latest?.id === round.id;
  if (d.outcome === "approved" && d.nextStatus === "running") {
    if (newest && latest.status === "running" && latest.currentLevel === d.nextLevel && version) {
      await sendLevel(deps, approvals, keyed(t, `${key}:level`), report, latest, d.nextLevel, version, d);
    }
  } else if (d.outcome === "approved") {
    const moved = newest ? await moveReport(deps, t, report.id, "in_approval", { status: "approved" }) : null;
    const approved = moved ?? (await deps.store.getReport(report.id)) ?? report;
    // Announced only while the report stands approved (not withdrawn by its owner before this ran).
    if (newest && approved.status === "approved" && version) {
      const k = keyed(t, `${key}:approved`);
      await k.out.send({ chatId: report.chatId }, approvalCard({ ...base(approved, round, d.level), variant: "notice", event: "final_approved", by: person(round.levels, d.approver) }));
      await k.out.send({ chatId: report.chatId }, await readyCard(deps, k, version, false));
    }
  } else if (newest) {
    const moved = await moveReport(deps, t, report.id, "in_approval", { status: "collecting", returnComment: d.comment, returnSections: d.sections });
    const reopened = moved ?? (await deps.store.getReport(report.id)) ?? report;
    const k = keyed(t, `${key}:returned`);
    await k.out.send(
      { chatId: report.chatId },
      approvalCard({ ...base(reopened, round, d.level), variant: "notice", event: "rejected", by: person(round.levels, d.approver), comment: d.comment ?? undefined }),
    );
    if (d.sections.length > 0) {
      const lines = d.sections.map((k) => {
        const owners = view.owners.filter((o) => o.sectionKey === k).map((o) => mention(o.openId));
        return `· ${escapeMd(headingOf(view, k))}${owners.length ? `：请 ${owners.join(" ")} 修改` : ""}`;
      });
      const owners = [...new Set(view.owners.filter((o) => d.sections.includes(o.sectionKey)).map((o) => o.openId))];
      await k.out.send({ chatId: report.chatId }, noticeCard({ title: "需修改的部分", tone: "attention", lines: [...lines, "", "修改后由负责人重新 `提交审批`（将生成新版本，从第一级重新审批）。"] }));
      const after = await loadView(deps, reopened, t.today);
      for (const s of d.sections.slice(0, MAX_RETURN_PROMPTS)) await postPrompt(deps, keyed(t, `${key}:prompt:${s}`), { chatId: report.chatId }, after, s);
      deps.log.info("approval.returned", { reportId: report.id, sections: d.sections.length, owners: owners.length });
    }
  }
  await refresh(deps, approvals, keyed(t, `${key}:overview`), report.id);
  await approvals.effectsDone(d.id, t.now);
}

/**
 * The sweep's part: runs the follow-up of decisions whose follow-up is due (left by a failure or a crash after
 * the decision was stored). Returns how many were run.
 */
export async function runDueEffects(deps: AppDeps, approvals: ApprovalStore, out: Outbound, now: Date, limit = 20): Promise<number> {
  const due = await approvals.claimDueEffects(now, limit);
  const t = turn(deps, out, now);
  for (const d of due) {
    try {
      await decisionEffects(deps, approvals, t, d);
      deps.log.info("approval.effects_done", { decisionId: d.id, roundId: d.roundId, late: true });
    } catch (e) {
      deps.log.error("approval.effects_failed", { decisionId: d.id, roundId: d.roundId, error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
    }
  }
  return due.length;
}

export async function withdraw(deps: AppDeps, approvals: ApprovalStore, t: Turn, where: Where, report: ReportRecord, actor: string) {
  const round = await approvals.latestRoundWith(report.id, "running");
  const c = checkWithdraw(report, actor, round);
  if (!c.ok) throw new UserError(c.message);
  if (round) {
    if (!(await approvals.closeRound(round.id, "withdrawn", t.now))) throw new UserError("审批状态刚刚发生变化，请发送「进度」查看后重试。");
    const version = await deps.versions.get(report.id, round.versionNumber);
    await audit(approvals, { reportId: report.id, kind: "withdrawn", actor, level: round.currentLevel + 1, version, now: t.now });
    const closed = noticeCard({ title: `审批已撤回：${report.title}`, tone: "neutral", lines: [`第 ${round.versionNumber} 版的审批已由 ${mention(actor)} 于 ${escapeMd(at(deps, t.now))} 撤回，无需再审批。`] });
    await patchCopies(approvals, t, round, round.currentLevel, closed);
  }
  await moveReport(deps, t, report.id, "in_approval", { status: "collecting" });
  await replyNotice(t, where, "已撤回审批", ["报告已恢复为可填写状态。修改后发送 `提交审批` 重新送审（将生成新版本，从第一级重新审批）。"]);
  await refresh(deps, approvals, t, report.id);
}

export async function reopen(deps: AppDeps, approvals: ApprovalStore, t: Turn, where: Where, report: ReportRecord, actor: string) {
  const c = checkReopen(report, actor);
  if (!c.ok) throw new UserError(c.message);
  const moved = await moveReport(deps, t, report.id, "approved", { status: "collecting", returnComment: null, returnSections: [] });
  if (!moved) throw new UserError("报告状态刚刚发生变化，请重试。");
  const round = await approvals.latestRoundWith(report.id, "approved");
  const version = round ? await deps.versions.get(report.id, round.versionNumber) : null;
  await audit(approvals, { reportId: report.id, kind: "reopened", actor, version, now: t.now });
  await replyNotice(t, where, "报告已重新打开", [
    `已审定的第 ${round?.versionNumber ?? "?"} 版仍保留在审批记录中。`,
    "现在可以修改；修改后须重新 `提交审批`，生成新版本并从第一级重新审批。",
  ]);
  await refresh(deps, approvals, t, report.id);
}

export async function showAudit(deps: AppDeps, approvals: ApprovalStore, t: Turn, where: Where, report: ReportRecord) {
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

// -------------------------------------------------------------------------------------------------
// The feature: commands, card actions, delivery bookkeeping

export function approvalFeature(deps: AppDeps, approvals: ApprovalStore): Feature {
  const command: CommandHandler = async (d, t, m: Message, cmd: Command, where) => {
    if (cmd.kind !== "approvers" && cmd.kind !== "submit" && cmd.kind !== "withdraw" && cmd.kind !== "reopen" && cmd.kind !== "audit") return false;
    if (m.chatType === "p2p") return false; // "please use this in the report's group"
    const report = await currentReport(d, m.chatId);
    switch (cmd.kind) {
      case "approvers":
        await setApprovers(d, approvals, t, where, report, m.senderOpenId, cmd.levels);
        break;
      case "submit":
        await submit(d, approvals, t, where, report, { actor: m.senderOpenId, eventId: m.eventId, confirmed: false });
        break;
      case "withdraw":
        await withdraw(d, approvals, t, where, report, m.senderOpenId);
        break;
      case "reopen":
        await reopen(d, approvals, t, where, report, m.senderOpenId);
        break;
      case "audit":
        await showAudit(d, approvals, t, where, report);
        break;
    }
    return true;
  };

  const action: ActionHandler = async (d, t, a, v, report): Promise<CallbackAnswer | null> => {
    switch (v.a) {
      case "submit":
      case "submit_confirm": {
        // The overview's button asks for confirmation itself when the report is incomplete; a card drawn from an
        // older state (or the confirmation card of an older state) asks again.
        const confirmed = v.rv !== undefined && v.rv === report.stateVersion;
        const where = { chatId: report.chatId };
        const r = await submit(d, approvals, t, where, report, { actor: a.operatorOpenId, eventId: a.eventId, confirmed });
        return r === "submitted" ? { toast: toast("success", "已提交审批") } : { toast: toast("info", "报告已变化，请再次确认") };
      }
      case "approve":
      case "reject_open":
      case "reject_cancel":
      case "reject": {
        const auth = await authorize(d, approvals, t, a, v.ap, v.ver, report);
        if (!("round" in auth)) return auth;
        if (v.a === "approve") return approve(d, approvals, t, a, report, auth);
        if (v.a === "reject") return returnReport(d, approvals, t, a, report, auth);
        if (v.a === "reject_cancel") {
          // Back to the 同意/退回 card the form replaced.
          const version = await d.versions.get(report.id, auth.round.versionNumber);
          if (!version) return warn("找不到这一版文档。");
          return { toast: toast("info", "已取消退回"), card: { type: "raw", data: await requestCard(d, approvals, t, report, auth.round, auth.level, version) } };
        }
        const view = await loadView(d, report, t.today);
        const form = approvalCard({ ...base(report, auth.round, auth.level), variant: "reject_form", sections: sectionChoices(view) });
        return { toast: toast("info", "请填写退回意见"), card: { type: "raw", data: form } };
      }
      default:
        return null;
    }
  };

  return {
    commands: [command],
    actions: [action],
    sweep: (outbox: OutboxStore, now: Date) => runDueEffects(deps, approvals, new Outbound(outbox, `effects:${now.toISOString()}`, now), now),
    recover: (now: Date) => approvals.releaseEffects(now),
    /** Remembers every delivered copy of an approval card ("approval:<round>:<level>:<recipient>"). */
    delivered: async (purpose: string, messageId: string, now: Date) => {
      const [kind, roundId, level, recipient] = purpose.split(":");
      if (kind !== "approval" || !roundId || level === undefined || !recipient) return;
      await approvals.addCard({ messageId, roundId, level: Number(level), recipient }, now);
    },
  };
}
