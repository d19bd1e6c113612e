// Everything that follows a stored decision (decisionEffects: audit entry, cards, the next level, the report's
// status) is derived from the stored decision and re-runnable; the request that stored it runs it (followUpNow), and
// the sweep finishes it after a failure or a crash (runDueEffects; ApprovalDecision.effectsAt / effectsDueAt).
import { approvalCard, mention, escapeMd, noticeCard } from "../../../../cards/index.js";
import { nameIn } from "../../../domain/approvals.js";
import type { ApprovalStore, DecisionRecord } from "../../ports/approval-store.js";
import { turn, type AppDeps } from "../../runtime/context.js";
import type { Outbound } from "../../runtime/outbound.js";
import { readyCard } from "../exports/exports.js";
import { loadView } from "../overview/overview.js";
import { headingOf, postPrompt } from "../questionnaire/walk.js";
import { base, decidedCard, sendLevel } from "./cards.js";
import { keyed, moveReport, person, type ApprovalContext } from "./context.js";
import { refresh } from "./overview-extras.js";

/** Prompts re-posted for sections named in a 退回, at most. */
const MAX_RETURN_PROMPTS = 5;

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
export async function decisionEffects(cx: ApprovalContext, d: DecisionRecord): Promise<void> {
  const { deps, approvals, t } = cx;
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
  const card = decidedCard(cx, report, round, d.level, d, view, d.sections);
  for (const c of await approvals.cards(round.id, d.level)) {
    await keyed(cx, `${key}:patch:${c.messageId}`).t.out.patch(c.messageId, card, `approval-card:${c.messageId}`, 0);
  }
  const latest = await approvals.latestRound(report.id);
  const newest = latest?.id === round.id;
  if (d.outcome === "approved" && d.nextStatus === "running") {
    if (newest && latest.status === "running" && latest.currentLevel === d.nextLevel && version) {
      await sendLevel(keyed(cx, `${key}:level`), report, latest, d.nextLevel, version, d);
    }
  } else if (d.outcome === "approved") {
    const moved = newest ? await moveReport(cx, report.id, "in_approval", { status: "approved" }) : null;
    const approved = moved ?? (await deps.store.getReport(report.id)) ?? report;
    // Announced only while the report stands approved (not withdrawn by its owner before this ran).
    if (newest && approved.status === "approved" && version) {
      const k = keyed(cx, `${key}:approved`).t;
      await k.out.send({ chatId: report.chatId }, approvalCard({ ...base(approved, round, d.level), variant: "notice", event: "final_approved", by: person(round.levels, d.approver) }));
      await k.out.send({ chatId: report.chatId }, await readyCard(deps, k, version, false));
    }
  } else if (newest) {
    const moved = await moveReport(cx, report.id, "in_approval", { status: "collecting", returnComment: d.comment, returnSections: d.sections });
    const reopened = moved ?? (await deps.store.getReport(report.id)) ?? report;
    const k = keyed(cx, `${key}:returned`).t;
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
      for (const s of d.sections.slice(0, MAX_RETURN_PROMPTS)) await postPrompt(deps, keyed(cx, `${key}:prompt:${s}`).t, { chatId: report.chatId }, after, s);
      deps.log.info("approval.returned", { reportId: report.id, sections: d.sections.length, owners: owners.length });
    }
  }
  await refresh(keyed(cx, `${key}:overview`), report.id);
  await approvals.effectsDone(d.id, t.now);
}

/**
 * Runs a just-recorded decision's follow-up. A failure leaves it to the sweep (the decision is stored and its
 * follow-up falls due): the tap itself succeeded, so the approver is told so.
 */
export async function followUpNow(cx: ApprovalContext, d: DecisionRecord): Promise<void> {
  try {
    await decisionEffects(cx, d);
  } catch (e) {
    cx.deps.log.error("approval.effects_failed", { decisionId: d.id, roundId: d.roundId, attempt: 0, error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
  }
}

/**
 * The sweep's part: runs the follow-up of decisions whose follow-up is due (left by a failure or a crash after
 * the decision was stored). Returns how many were run.
 */
export async function runDueEffects(deps: AppDeps, approvals: ApprovalStore, out: Outbound, now: Date, limit = 20): Promise<number> {
  const due = await approvals.claimDueEffects(now, limit);
  const cx: ApprovalContext = { deps, approvals, t: turn(deps, out, now) };
  for (const d of due) {
    try {
      await decisionEffects(cx, d);
      deps.log.info("approval.effects_done", { decisionId: d.id, roundId: d.roundId, late: true });
    } catch (e) {
      deps.log.error("approval.effects_failed", { decisionId: d.id, roundId: d.roundId, error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
    }
  }
  return due.length;
}
