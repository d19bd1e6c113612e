import type { AuditKind, DecidedStatus, Outcome, Person, RoundStatus } from "../../domain/approvals.js";
import { EFFECTS_LEASE_MS, effectsRetryDelayMs, type ApprovalStore, type AuditRecord, type CardCopy, type ChainRecord, type DecisionRecord, type RoundRecord } from "../../app/ports/approval-store.js";
import { insertOnce, isUniqueViolation, type Db } from "./db.js";

type RoundRow = Awaited<ReturnType<Db["approvalRound"]["findUnique"]>> & {};
type DecisionRow = Awaited<ReturnType<Db["approvalDecision"]["findUnique"]>> & {};

const toRound = (r: RoundRow): RoundRecord => ({
  id: r.id,
  reportId: r.reportId,
  versionNumber: r.versionNumber,
  levels: JSON.parse(r.levelsJson) as Person[][],
  currentLevel: r.currentLevel,
  status: r.status as RoundStatus,
  incomplete: r.incomplete,
  submittedBy: r.submittedBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

const toDecision = (d: DecisionRow): DecisionRecord => ({
  id: d.id,
  roundId: d.roundId,
  level: d.level,
  approver: d.approver,
  outcome: d.outcome as Outcome,
  comment: d.comment,
  sections: d.sections ? (JSON.parse(d.sections) as string[]) : [],
  nextLevel: d.nextLevel,
  nextStatus: d.nextStatus as DecidedStatus,
  createdAt: d.createdAt,
  effectsAt: d.effectsAt,
});

/** DateTime as Prisma's SQLite and D1 adapters store it ("2025-03-10T02:03:04.567+00:00"), for raw SQL. */
function sqliteDateTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

export class PrismaApprovalStore implements ApprovalStore {
  constructor(private readonly db: Db) {}

  async chain(reportId: string): Promise<ChainRecord | null> {
    const r = await this.db.approvalChain.findUnique({ where: { reportId } });
    return r ? { reportId, levels: JSON.parse(r.levelsJson) as Person[][], setBy: r.setBy, updatedAt: r.updatedAt } : null;
  }

  async setChain(reportId: string, levels: Person[][], setBy: string, now: Date): Promise<void> {
    const levelsJson = JSON.stringify(levels);
    await this.db.approvalChain.upsert({ where: { reportId }, create: { reportId, levelsJson, setBy, updatedAt: now }, update: { levelsJson, setBy, updatedAt: now } });
  }

  async createRound(r: Omit<RoundRecord, "updatedAt">): Promise<"created" | "exists"> {
    const written = await insertOnce(() =>
      this.db.approvalRound.create({
        data: {
          id: r.id,
          reportId: r.reportId,
          versionNumber: r.versionNumber,
          levelsJson: JSON.stringify(r.levels),
          currentLevel: r.currentLevel,
          status: r.status,
          incomplete: r.incomplete,
          submittedBy: r.submittedBy,
          createdAt: r.createdAt,
          updatedAt: r.createdAt,
        },
        select: { id: true },
      }),
    );
    return written ? "created" : "exists";
  }

  async getRound(id: string): Promise<RoundRecord | null> {
    const r = await this.db.approvalRound.findUnique({ where: { id } });
    return r ? toRound(r) : null;
  }

  async latestRound(reportId: string): Promise<RoundRecord | null> {
    const r = await this.db.approvalRound.findFirst({ where: { reportId }, orderBy: [{ versionNumber: "desc" }, { createdAt: "desc" }] });
    return r ? toRound(r) : null;
  }

  async latestRoundWith(reportId: string, status: RoundStatus): Promise<RoundRecord | null> {
    const r = await this.db.approvalRound.findFirst({ where: { reportId, status }, orderBy: [{ versionNumber: "desc" }, { createdAt: "desc" }] });
    return r ? toRound(r) : null;
  }

  async decide(d: Omit<DecisionRecord, "effectsAt">): Promise<"recorded" | "taken"> {
    // One statement, atomic on SQLite and on D1 (whose adapter runs no transactions): the row is inserted only
    // while the round is running at the decided level, and the AFTER INSERT trigger of migration
    // approval_decision_atomic moves the round to (nextLevel, nextStatus) inside the same statement. No row
    // inserted: the round moved or closed meanwhile. A unique (roundId, level) violation: another decision won.
    let inserted: number;
    try {
      inserted = await this.db.$executeRaw`
        INSERT INTO "ApprovalDecision" ("id", "roundId", "level", "approver", "outcome", "comment", "sections", "nextLevel", "nextStatus", "createdAt", "effectsDueAt")
        SELECT ${d.id}, ${d.roundId}, ${d.level}, ${d.approver}, ${d.outcome}, ${d.comment}, ${d.sections.length ? JSON.stringify(d.sections) : null}, ${d.nextLevel}, ${d.nextStatus}, ${sqliteDateTime(d.createdAt)}, ${sqliteDateTime(new Date(d.createdAt.getTime() + EFFECTS_LEASE_MS))}
        WHERE EXISTS (SELECT 1 FROM "ApprovalRound" WHERE "id" = ${d.roundId} AND "status" = 'running' AND "currentLevel" = ${d.level})`;
    } catch (e) {
      if (isUniqueViolation(e)) return "taken";
      throw e;
    }
    // D1 may count the trigger's update too: any change means our row went in.
    return inserted > 0 ? "recorded" : "taken";
  }

  async decisions(roundId: string): Promise<DecisionRecord[]> {
    const rows = await this.db.approvalDecision.findMany({ where: { roundId }, orderBy: { level: "asc" } });
    return rows.map(toDecision);
  }

  async claimDueEffects(now: Date, limit: number): Promise<DecisionRecord[]> {
    const due = await this.db.approvalDecision.findMany({ where: { effectsAt: null, effectsDueAt: { lte: now } }, orderBy: { createdAt: "asc" }, take: limit });
    const claimed: DecisionRecord[] = [];
    for (const d of due) {
      // The row's due time as read is the claim's condition: of two sweeps, one moves it and the other finds nothing.
      const { count } = await this.db.approvalDecision.updateMany({
        where: { id: d.id, effectsAt: null, effectsDueAt: d.effectsDueAt },
        data: { effectsAttempts: d.effectsAttempts + 1, effectsDueAt: new Date(now.getTime() + effectsRetryDelayMs(d.effectsAttempts + 1)) },
      });
      if (count === 1) claimed.push(toDecision(d));
    }
    return claimed;
  }

  async effectsDone(id: string, now: Date): Promise<void> {
    await this.db.approvalDecision.updateMany({ where: { id, effectsAt: null }, data: { effectsAt: now, effectsDueAt: null } });
  }

  async releaseEffects(now: Date): Promise<number> {
    const { count } = await this.db.approvalDecision.updateMany({ where: { effectsAt: null, effectsDueAt: { gt: now } }, data: { effectsDueAt: now } });
    return count;
  }

  async closeRound(id: string, to: Exclude<RoundStatus, "running">, now: Date): Promise<boolean> {
    const { count } = await this.db.approvalRound.updateMany({ where: { id, status: "running" }, data: { status: to, updatedAt: now } });
    return count === 1;
  }

  async addCard(c: CardCopy, now: Date): Promise<void> {
    await insertOnce(() => this.db.approvalCard.create({ data: { messageId: c.messageId, roundId: c.roundId, level: c.level, recipient: c.recipient, createdAt: now } }));
  }

  async cards(roundId: string, level: number): Promise<CardCopy[]> {
    const rows = await this.db.approvalCard.findMany({ where: { roundId, level }, orderBy: { createdAt: "asc" } });
    return rows.map((r) => ({ messageId: r.messageId, roundId: r.roundId, level: r.level, recipient: r.recipient }));
  }

  async cardByMessage(messageId: string): Promise<CardCopy | null> {
    const r = await this.db.approvalCard.findUnique({ where: { messageId } });
    return r ? { messageId: r.messageId, roundId: r.roundId, level: r.level, recipient: r.recipient } : null;
  }

  async addAudit(e: Omit<AuditRecord, "id">): Promise<"added" | "exists"> {
    try {
      await this.db.auditEntry.create({
        data: {
          reportId: e.reportId,
          kind: e.kind,
          actorOpenId: e.actorOpenId,
          actorName: e.actorName,
          level: e.level,
          versionNumber: e.versionNumber,
          contentHash: e.contentHash,
          comment: e.comment,
          decisionId: e.decisionId,
          createdAt: e.createdAt,
        },
        select: { id: true },
      });
      return "added";
    } catch (err) {
      if (e.decisionId && isUniqueViolation(err)) return "exists";
      throw err;
    }
  }

  async audit(reportId: string): Promise<AuditRecord[]> {
    // In order of what happened: a decision's entry carries the decision's time, also when a sweep wrote it later.
    const rows = await this.db.auditEntry.findMany({ where: { reportId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rows.map((r) => ({
      id: r.id,
      reportId: r.reportId,
      kind: r.kind as AuditKind,
      actorOpenId: r.actorOpenId,
      actorName: r.actorName,
      level: r.level,
      versionNumber: r.versionNumber,
      contentHash: r.contentHash,
      comment: r.comment,
      decisionId: r.decisionId,
      createdAt: r.createdAt,
    }));
  }
}
