// The approvals storage port: the configured chain, rounds, decisions (one per round and level), every copy
// of an approval card, and the audit trail. Implemented with Prisma in src/adapters/prisma/approvals.ts.
import type { AuditFacts, DecidedStatus, Outcome, Person, RoundStatus } from "../../domain/approvals.js";

export interface ChainRecord {
  reportId: string;
  levels: Person[][];
  setBy: string;
  updatedAt: Date;
}

export interface RoundRecord {
  id: string;
  reportId: string;
  versionNumber: number;
  levels: Person[][];
  /** 0-based. */
  currentLevel: number;
  status: RoundStatus;
  incomplete: boolean;
  submittedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface DecisionRecord {
  id: string;
  roundId: string;
  /** 0-based. */
  level: number;
  approver: string;
  outcome: Outcome;
  comment: string | null;
  sections: string[];
  /** The round's state after this decision (src/domain/approvals.ts decide): 0-based level and status. */
  nextLevel: number;
  nextStatus: DecidedStatus;
  createdAt: Date;
  /**
   * When everything that follows the decision was done (src/app/features/approvals/follow-up.ts decisionEffects); null until then,
   * and when the decision is recorded.
   */
  effectsAt: Date | null;
}

/**
 * How long after a decision its follow-up is left to the request that recorded it before a sweep may run it: the
 * same lease as an inbox row's (src/app/runtime/inbox.ts LEASE_MS).
 */
export const EFFECTS_LEASE_MS = 60_000;

/** The wait before attempt `attempts + 1` of a decision's follow-up, after `attempts` claimed ones (1 → 1 min … 10 min). */
export function effectsRetryDelayMs(attempts: number): number {
  return Math.min(10 * 60_000, EFFECTS_LEASE_MS * 2 ** Math.max(0, attempts - 1));
}

export interface CardCopy {
  messageId: string;
  roundId: string;
  /** 0-based. */
  level: number;
  /** Open id of the approver, or the group's chat id for the group notice. */
  recipient: string;
}

/** One audit entry as stored: the domain's facts (AuditFacts; `level` is 1-based), with where and when. */
export interface AuditRecord extends AuditFacts {
  id: number;
  reportId: string;
  /** The decision an 同意 / 退回 entry records (at most one entry per decision); null for the other kinds. */
  decisionId: string | null;
  createdAt: Date;
}

export interface ApprovalStore {
  chain(reportId: string): Promise<ChainRecord | null>;
  setChain(reportId: string, levels: Person[][], setBy: string, now: Date): Promise<void>;

  /** "exists" when a round with this id is already stored (a re-run of the same submission). */
  createRound(r: Omit<RoundRecord, "updatedAt">): Promise<"created" | "exists">;
  getRound(id: string): Promise<RoundRecord | null>;
  latestRound(reportId: string): Promise<RoundRecord | null>;
  /** The newest round with this status, if any. */
  latestRoundWith(reportId: string, status: RoundStatus): Promise<RoundRecord | null>;
  /**
   * Records the decision for `d.level` and moves the round to (`d.nextLevel`, `d.nextStatus`, updatedAt =
   * `d.createdAt`), atomically, only if the round is still running at that level. "taken" when the level already
   * has a decision or the round moved or closed meanwhile: nothing was recorded. A recorded decision's follow-up
   * is not done (effectsAt null) and falls due for the sweep EFFECTS_LEASE_MS after `d.createdAt`.
   */
  decide(d: Omit<DecisionRecord, "effectsAt">): Promise<"recorded" | "taken">;
  decisions(roundId: string): Promise<DecisionRecord[]>;
  /**
   * Claims decisions whose follow-up is not done and due by `now`, oldest first: each claimed one counts an
   * attempt and is due again only after effectsRetryDelayMs, so no other sweep runs it meanwhile.
   */
  claimDueEffects(now: Date, limit: number): Promise<DecisionRecord[]>;
  /** Marks the decision's follow-up done. */
  effectsDone(id: string, now: Date): Promise<void>;
  /** After a restart of the only process using this database: follow-ups it left unfinished are due now. */
  releaseEffects(now: Date): Promise<number>;
  /** running → `to`, only if still running. */
  closeRound(id: string, to: Exclude<RoundStatus, "running">, now: Date): Promise<boolean>;

  addCard(c: CardCopy, now: Date): Promise<void>;
  cards(roundId: string, level: number): Promise<CardCopy[]>;
  cardByMessage(messageId: string): Promise<CardCopy | null>;

  /** "exists" when an entry for the same decision (`e.decisionId`) is already stored: nothing is added. */
  addAudit(e: Omit<AuditRecord, "id">): Promise<"added" | "exists">;
  audit(reportId: string): Promise<AuditRecord[]>;
}
