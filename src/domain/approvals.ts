// Approval rules: the approver chain, rounds and decisions. Pure: no I/O, no clock; callers pass in what
// they read and store what these functions return.
//
// A report's chain is ordered levels (科长 → 分管局领导 → 主要负责人), each level one or more approvers; any
// one approver decides for the level. Submitting freezes a document version and starts a round that copies
// the chain. A round is at one level at a time (0-based `currentLevel`):
//   同意 at a level that is not the last → the next level; at the last level → round approved, report approved.
//   退回 at any level → round returned, report back to collecting with the comment (resubmission is a new round
//   on a new version, starting again at the first level).
//   撤回 (owner) → round withdrawn, report back to collecting.
//   重新打开 (owner, approved report) → report back to collecting; approving again needs a new round.
import type { Person } from "./commands/command.js";
import type { ReportStatus } from "./model.js";
import { charLength } from "./text.js";

export type { Person };

export const MAX_LEVELS = 5;
export const MAX_APPROVERS_PER_LEVEL = 10;
export const MAX_RETURN_COMMENT = 1000;

export type RoundStatus = "running" | "approved" | "returned" | "withdrawn";
export type Outcome = "approved" | "returned";

export interface RoundState {
  id: string;
  versionNumber: number;
  levels: Person[][];
  /** 0-based index of the level that decides now (the last level once approved). */
  currentLevel: number;
  status: RoundStatus;
}

export type Check<T = object> = ({ ok: true } & T) | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

// ---------------------------------------------------------------------------------------------
// The chain

/** Why the report's owner cannot approve it, naming them. */
export function ownerNotApprover(name: string | null | undefined): string {
  return `${name || "报告负责人"} 是这份报告的负责人，不能担任审批人（不能审批自己的报告）。请 @ 其他人。`;
}

/**
 * Validates and normalises a chain: levels in order, people deduplicated, nobody on two levels, and not the
 * report's owner (`ownerOpenId`): nobody approves their own report.
 */
export function validateChain(levels: Person[][], ownerOpenId: string): Check<{ levels: Person[][] }> {
  if (levels.length === 0) return fail("请至少设置一级审批人，例如：审批人 @科长 > @局长");
  if (levels.length > MAX_LEVELS) return fail(`审批层级不能超过 ${MAX_LEVELS} 级`);
  const seen = new Map<string, number>();
  const out: Person[][] = [];
  for (const [i, level] of levels.entries()) {
    const people: Person[] = [];
    for (const p of level) {
      if (!p.openId) return fail(`第 ${i + 1} 级有无法识别的审批人，请重新 @ 一次`);
      if (p.openId === ownerOpenId) return fail(ownerNotApprover(p.name));
      const at = seen.get(p.openId);
      if (at === i) continue; // the same person twice in one level: once is enough
      if (at !== undefined) return fail(`${p.name || p.openId} 同时出现在第 ${at + 1} 级和第 ${i + 1} 级，每人只能在一个层级审批`);
      seen.set(p.openId, i);
      people.push({ openId: p.openId, name: p.name });
    }
    if (people.length === 0) return fail(`第 ${i + 1} 级没有审批人`);
    if (people.length > MAX_APPROVERS_PER_LEVEL) return fail(`每级审批人不能超过 ${MAX_APPROVERS_PER_LEVEL} 人`);
    out.push(people);
  }
  return { ok: true, levels: out };
}

export interface ReportFacts {
  status: ReportStatus;
  ownerOpenId: string;
}

/** Only the owner sets the chain, and not while an approval is running. */
export function mayConfigure(report: ReportFacts, actor: string): Check {
  if (report.ownerOpenId !== actor) return fail("只有报告负责人可以设置审批人。");
  if (report.status === "in_approval") return fail("报告正在审批中，不能修改审批人。如需修改，请先发送「撤回审批」。");
  return { ok: true };
}

/** Level index (0-based) of a person in the chain, or -1. */
export function levelOf(levels: Person[][], openId: string): number {
  return levels.findIndex((l) => l.some((p) => p.openId === openId));
}

export function nameIn(levels: Person[][], openId: string): string | null {
  for (const l of levels) for (const p of l) if (p.openId === openId && p.name) return p.name;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Submission

export type SubmitCheck = { ok: true; incomplete: boolean } | { ok: false; message: string; hint?: string } | { ok: "confirm"; incompleteParts: number };

/**
 * May `actor` submit now? An incomplete report needs `confirmed`; the round then records it was submitted
 * incomplete.
 */
export function checkSubmit(p: { report: ReportFacts; actor: string; chain: Person[][] | null; incompleteParts: number; confirmed: boolean }): SubmitCheck {
  if (p.report.ownerOpenId !== p.actor) return { ok: false, message: "只有报告负责人可以提交审批。" };
  if (p.report.status === "in_approval") return { ok: false, message: "报告已在审批中。", hint: "如需修改，请先发送「撤回审批」。" };
  if (p.report.status === "approved") return { ok: false, message: "报告已审定。", hint: "如需修改后再次审批，请发送「重新打开」。" };
  if (!p.chain || p.chain.length === 0) return { ok: false, message: "还没有设置审批人。", hint: "例如：审批人 @科长 > @分管局领导 > @主要负责人" };
  // A chain set before the owner could be refused there, or before the report changed hands.
  const own = p.chain.flat().find((x) => x.openId === p.report.ownerOpenId);
  if (own) return { ok: false, message: ownerNotApprover(own.name), hint: "请重新设置审批人，例如：审批人 @科长 > @局长" };
  if (p.incompleteParts > 0 && !p.confirmed) return { ok: "confirm", incompleteParts: p.incompleteParts };
  return { ok: true, incomplete: p.incompleteParts > 0 };
}

/** The round a submission starts: the chain as it is now, at the first level. */
export function startRound(id: string, versionNumber: number, chain: Person[][]): RoundState {
  return { id, versionNumber, levels: chain.map((l) => l.map((p) => ({ ...p }))), currentLevel: 0, status: "running" };
}

// ---------------------------------------------------------------------------------------------
// Decisions

export type RefusalCode = "stale_version" | "round_closed" | "own_report" | "level_done" | "not_approver" | "other_level";

export interface DecisionAttempt {
  actor: string;
  /** The round the tapped card belongs to. */
  round: RoundState;
  /** The report's newest round (a card of any older round is out of date). */
  latestRoundId: string | null;
  /** The version number the card shows. */
  cardVersion: number | undefined;
  /** The level (0-based) the card was sent for, when known (group notices and unknown cards: null). */
  cardLevel: number | null;
  /** The report's owner now: never an approver of their own report, whatever the round's chain says. */
  ownerOpenId: string;
}

export type DecisionCheck = { ok: true; level: number } | { ok: false; code: RefusalCode; message: string };

const STATUS_TEXT: Record<RoundStatus, string> = { running: "审批中", approved: "已审定", returned: "已退回", withdrawn: "已撤回" };

/**
 * A decision is accepted only from an approver of the current level, for the current version, on a running round,
 * and never from the report's owner.
 */
export function checkDecision(a: DecisionAttempt): DecisionCheck {
  const r = a.round;
  if (a.latestRoundId !== r.id || (a.cardVersion !== undefined && a.cardVersion !== r.versionNumber)) {
    return { ok: false, code: "stale_version", message: `这张审批卡片是旧版本（第 ${a.cardVersion ?? r.versionNumber} 版），报告已重新提交，请在最新的审批卡片上操作。` };
  }
  if (r.status !== "running") return { ok: false, code: "round_closed", message: `这次审批已结束（${STATUS_TEXT[r.status]}），无需再操作。` };
  if (a.actor === a.ownerOpenId) return { ok: false, code: "own_report", message: "你是这份报告的负责人，不能审批自己的报告。" };
  const mine = levelOf(r.levels, a.actor);
  if (mine < 0) return { ok: false, code: "not_approver", message: "你不是这份报告的审批人，不能审批。" };
  if (a.cardLevel !== null && a.cardLevel !== r.currentLevel) {
    return { ok: false, code: "level_done", message: `第 ${a.cardLevel + 1} 级已审批完毕，当前在第 ${r.currentLevel + 1} 级审批。` };
  }
  if (mine !== r.currentLevel) {
    return {
      ok: false,
      code: "other_level",
      message: mine > r.currentLevel ? `你是第 ${mine + 1} 级审批人，当前在第 ${r.currentLevel + 1} 级审批，请等待前一级审批完成。` : `你是第 ${mine + 1} 级审批人，本级已审批完毕，当前在第 ${r.currentLevel + 1} 级审批。`,
    };
  }
  return { ok: true, level: r.currentLevel };
}

/** A 退回 needs a comment; the named sections must exist (unknown ones are dropped). */
export function checkReturn(comment: unknown, sections: unknown, known: readonly string[]): Check<{ comment: string; sections: string[] }> {
  const text = typeof comment === "string" ? comment.trim() : "";
  if (text === "") return fail("请填写退回意见。");
  if (charLength(text) > MAX_RETURN_COMMENT) return fail(`退回意见不能超过 ${MAX_RETURN_COMMENT} 字。`);
  const list = Array.isArray(sections) ? sections : typeof sections === "string" && sections ? [sections] : [];
  const keys = [...new Set(list.filter((s): s is string => typeof s === "string" && known.includes(s)))];
  keys.sort((x, y) => known.indexOf(x) - known.indexOf(y));
  return { ok: true, comment: text, sections: keys };
}

export type DecisionEffect =
  | { kind: "next_level"; round: RoundState; nextLevel: number; approvers: Person[] }
  | { kind: "approved"; round: RoundState; report: ReportStatus }
  | { kind: "returned"; round: RoundState; report: ReportStatus };

/** What a decision at the round's current level does. */
export function decide(round: RoundState, outcome: Outcome): DecisionEffect {
  if (round.status !== "running") throw new Error(`round ${round.id} is ${round.status}`);
  if (outcome === "returned") return { kind: "returned", round: { ...round, status: "returned" }, report: "collecting" };
  const next = round.currentLevel + 1;
  if (next < round.levels.length) return { kind: "next_level", round: { ...round, currentLevel: next }, nextLevel: next, approvers: round.levels[next]! };
  return { kind: "approved", round: { ...round, status: "approved" }, report: "approved" };
}

/** A round's status right after a decision (never withdrawn). */
export type DecidedStatus = Exclude<RoundStatus, "withdrawn">;

/**
 * The round's state a decision moves it to, stored with the decision (ApprovalDecision.nextLevel / nextStatus):
 * the storage applies it in the same statement that records the decision.
 */
export function nextState(effect: DecisionEffect): { nextLevel: number; nextStatus: DecidedStatus } {
  const status = effect.round.status;
  if (status === "withdrawn") throw new Error(`round ${effect.round.id}: a decision never withdraws`);
  return { nextLevel: effect.round.currentLevel, nextStatus: status };
}

/** Approvers who could decide now (empty unless running). */
export function pendingApprovers(round: RoundState | null): Person[] {
  if (!round || round.status !== "running") return [];
  return round.levels[round.currentLevel] ?? [];
}

// ---------------------------------------------------------------------------------------------
// Withdraw and reopen

export function checkWithdraw(report: ReportFacts, actor: string, round: RoundState | null): Check<{ hasRound: boolean }> {
  if (report.ownerOpenId !== actor) return fail("只有报告负责人可以撤回审批。");
  if (report.status !== "in_approval") return fail(report.status === "approved" ? "报告已审定，不能撤回；如需修改请发送「重新打开」。" : "报告不在审批中，无需撤回。");
  return { ok: true, hasRound: !!round && round.status === "running" };
}

export function checkReopen(report: ReportFacts, actor: string): Check {
  if (report.ownerOpenId !== actor) return fail("只有报告负责人可以重新打开报告。");
  if (report.status === "in_approval") return fail("报告正在审批中；如需修改请发送「撤回审批」。");
  if (report.status !== "approved") return fail("报告尚未审定，本来就可以修改。");
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Audit trail

export type AuditKind = "approvers_set" | "submitted" | "approved" | "returned" | "withdrawn" | "reopened";

export interface AuditFacts {
  kind: AuditKind;
  actorOpenId: string;
  actorName: string | null;
  level: number | null;
  versionNumber: number | null;
  contentHash: string | null;
  comment: string | null;
}

const KIND_TEXT: Record<AuditKind, string> = {
  approvers_set: "设置审批人",
  submitted: "提交审批",
  approved: "同意",
  returned: "退回",
  withdrawn: "撤回审批",
  reopened: "重新打开",
};

/** "提交审批", "第 1 级同意", "第 2 级退回". */
export function auditAction(e: Pick<AuditFacts, "kind" | "level">): string {
  return (e.kind === "approved" || e.kind === "returned") && e.level ? `第 ${e.level} 级${KIND_TEXT[e.kind]}` : KIND_TEXT[e.kind];
}

/** Chain as text: "张三 > 李四、王五". */
export function chainText(levels: Person[][]): string {
  return levels.map((l) => l.map((p) => p.name || p.openId).join("、")).join(" > ");
}
