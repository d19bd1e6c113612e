// 同意 / 退回 by card taps. A tap is authorised against the round (the newest, still running, this approver's level,
// the card's version); a decision carries the round's next state and is stored with the unique (round, level) by one
// statement whose trigger moves the round (atomic on SQLite and D1 alike), so double taps and two approvers of one
// level at once give exactly one decision; every other tap gets a toast and changes nothing. What follows a stored
// decision is ./follow-up.ts. The rules themselves are in src/domain/approvals.ts.
import { toast, REJECT_COMMENT_FIELD, REJECT_SECTIONS_FIELD } from "../../../../cards/index.js";
import { checkDecision, checkReturn, decide, nameIn, nextState, type Outcome } from "../../../domain/approvals.js";
import type { DecisionRecord, RoundRecord } from "../../ports/approval-store.js";
import type { ReportRecord } from "../../ports/report-store.js";
import type { CardAction } from "../../runtime/feature.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import { shortHash } from "../../runtime/outbound.js";
import { loadView } from "../overview/overview.js";
import { decidedCard } from "./cards.js";
import type { ApprovalContext } from "./context.js";
import { followUpNow } from "./follow-up.js";

export const warn = (zh: string): CallbackAnswer => ({ toast: toast("warning", zh) });

export interface Authorized {
  round: RoundRecord;
  level: number;
}

/** The round and level a tap may decide, or the toast that refuses it. */
export async function authorize(cx: ApprovalContext, a: CardAction, ap: string | undefined, ver: number | undefined, report: ReportRecord): Promise<Authorized | CallbackAnswer> {
  const { deps, approvals } = cx;
  const round = ap ? await approvals.getRound(ap) : null;
  if (!round || round.reportId !== report.id) return warn("这张审批卡片已失效。");
  // A tap on a card of a round whose last decision was stored but not followed up (a failure or crash right after
  // it) finishes that follow-up first: the next level gets its cards now rather than at the next sweep.
  for (const d of await approvals.decisions(round.id)) if (d.effectsAt === null) await followUpNow(cx, d);
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

async function alreadyDecided(cx: ApprovalContext, round: RoundRecord, level: number): Promise<CallbackAnswer> {
  const d = (await cx.approvals.decisions(round.id)).find((x) => x.level === level);
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

export async function approve(cx: ApprovalContext, a: CardAction, report: ReportRecord, auth: Authorized): Promise<CallbackAnswer> {
  const { approvals, t } = cx;
  const { round, level } = auth;
  const decision: DecisionRecord = { ...decisionFor(a, auth, "approved", t.now), effectsAt: null };
  if ((await approvals.decide(decision)) === "taken") return alreadyDecided(cx, round, level);
  await followUpNow(cx, decision);
  const card = decidedCard(cx, report, round, level, decision, null, []);
  const last = decision.nextStatus === "approved";
  return { toast: toast("success", last ? "已同意，报告已审定" : `已同意，已转第 ${decision.nextLevel + 1} 级审批`), card: { type: "raw", data: card } };
}

export async function returnReport(cx: ApprovalContext, a: CardAction, report: ReportRecord, auth: Authorized): Promise<CallbackAnswer> {
  const { deps, approvals, t } = cx;
  const { round, level } = auth;
  const view = await loadView(deps, report, t.today);
  const form = a.formValue ?? {};
  const r = checkReturn(form[REJECT_COMMENT_FIELD], form[REJECT_SECTIONS_FIELD], view.outline.map((s) => s.key));
  if (!r.ok) return warn(r.message);
  const decision: DecisionRecord = { ...decisionFor(a, auth, "returned", t.now, { comment: r.comment, sections: r.sections }), effectsAt: null };
  if ((await approvals.decide(decision)) === "taken") return alreadyDecided(cx, round, level);
  await followUpNow(cx, decision);
  const card = decidedCard(cx, report, round, level, decision, view, r.sections);
  return { toast: toast("success", "已退回，意见已发到群里"), card: { type: "raw", data: card } };
}
