// The approvals storage port: the configured chain, rounds, decisions (one per round and level), every copy
// of an approval card, and the audit trail. Implemented with Prisma in src/storage/prisma-approvals.ts.
import type { AuditFacts, DecidedStatus, Outcome, Person, RoundStatus } from "../domain/approvals.js";

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
   * has a decision or the round moved or closed meanwhile: nothing was recorded.
   */
  decide(d: DecisionRecord): Promise<"recorded" | "taken">;
  decisions(roundId: string): Promise<DecisionRecord[]>;
  /** running → `to`, only if still running. */
  closeRound(id: string, to: Exclude<RoundStatus, "running">, now: Date): Promise<boolean>;

  addCard(c: CardCopy, now: Date): Promise<void>;
  cards(roundId: string, level: number): Promise<CardCopy[]>;
  cardByMessage(messageId: string): Promise<CardCopy | null>;

  addAudit(e: Omit<AuditRecord, "id">): Promise<void>;
  audit(reportId: string): Promise<AuditRecord[]>;
}
