// The follow-up marker of a decision in storage (src/adapters/prisma/approvals.ts; migration
// approval_decision_effects): a recorded decision's follow-up is not done and falls due after the lease; a sweep
// claims it once (two connections at once: one wins), counts the attempt and pushes it back with back-off; done is
// done; a restart makes unfinished ones due at once. Audit entries are one per decision. And the migration's
// backfill: decisions whose audit entry exists are done, the ones a failure stranded are due. Real SQLite files.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EFFECTS_LEASE_MS, effectsRetryDelayMs, type DecisionRecord, type RoundRecord } from "../../src/app/ports/approval-store.js";
import { decide as domainDecide, nextState, type Person } from "../../src/domain/approvals.js";
import { migrateSqlite, openPrisma } from "../../src/runtimes/node/db.js";
import type { Db } from "../../src/adapters/prisma/db.js";
import { applyMigrations, readMigrations } from "../../src/runtimes/node/migrations.js";
import { PrismaApprovalStore } from "../../src/adapters/prisma/approvals.js";

let dir: string;
let db: Db;
let db2: Db;
let store: PrismaApprovalStore;
let store2: PrismaApprovalStore;
let n = 0;
const uid = (p: string) => `${p}${Date.now().toString(36)}_${++n}`;
const T0 = new Date("2026-12-01T01:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const levels: Person[][] = [[{ openId: "ou_a", name: "甲" }], [{ openId: "ou_b", name: "乙" }]];

async function recorded(s = store): Promise<DecisionRecord> {
  const round: RoundRecord = { id: uid("ap_"), reportId: uid("rp_"), versionNumber: 1, levels, currentLevel: 0, status: "running", incomplete: false, submittedBy: "ou_owner", createdAt: T0, updatedAt: T0 };
  await s.createRound(round);
  const d: DecisionRecord = { id: uid("ad_"), roundId: round.id, level: 0, approver: "ou_a", outcome: "approved", comment: null, sections: [], ...nextState(domainDecide(round, "approved")), createdAt: T0, effectsAt: null };
  expect(await s.decide(d)).toBe("recorded");
  return d;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "huibao-effects-"));
  const path = join(dir, "huibao.db");
  migrateSqlite(path);
  db = openPrisma(path);
  db2 = openPrisma(path);
  store = new PrismaApprovalStore(db);
  store2 = new PrismaApprovalStore(db2);
});
afterAll(async () => {
  await db?.$disconnect();
  await db2?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("a decision's follow-up marker", () => {
  it("recorded: not done, due after the lease; claimed once, then due again only after the back-off; done is never claimed", async () => {
    const d = await recorded();
    expect((await store.decisions(d.roundId))[0]!.effectsAt).toBeNull();
    const mine = (list: DecisionRecord[]) => list.filter((x) => x.id === d.id);
    expect(mine(await store.claimDueEffects(at(EFFECTS_LEASE_MS - 1), 100))).toEqual([]);
    // Two sweeps at once, on two connections: one claims it.
    const [a, b] = await Promise.all([store.claimDueEffects(at(EFFECTS_LEASE_MS), 100), store2.claimDueEffects(at(EFFECTS_LEASE_MS), 100)]);
    expect(mine(a).length + mine(b).length).toBe(1);
    const row = await db.approvalDecision.findUnique({ where: { id: d.id } });
    expect(row).toMatchObject({ effectsAttempts: 1, effectsDueAt: at(EFFECTS_LEASE_MS + effectsRetryDelayMs(1)) });
    expect(mine(await store.claimDueEffects(at(EFFECTS_LEASE_MS + effectsRetryDelayMs(1) - 1), 100))).toEqual([]);
    expect(mine(await store.claimDueEffects(at(EFFECTS_LEASE_MS + effectsRetryDelayMs(1)), 100))).toHaveLength(1);
    expect(await db.approvalDecision.findUnique({ where: { id: d.id } })).toMatchObject({ effectsAttempts: 2 });

    await store.effectsDone(d.id, at(5));
    expect((await store.decisions(d.roundId))[0]!.effectsAt).toEqual(at(5));
    expect(mine(await store.claimDueEffects(at(24 * 3600_000), 100))).toEqual([]);
  });

  it("back-off grows from a minute to at most ten", () => {
    expect([1, 2, 3, 4, 5, 9].map(effectsRetryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
  });

  it("after a restart every unfinished follow-up is due at once", async () => {
    const d = await recorded();
    const done = await recorded();
    await store.effectsDone(done.id, at(1));
    expect(await store.releaseEffects(at(2))).toBeGreaterThanOrEqual(1);
    const due = (await store.claimDueEffects(at(2), 100)).map((x) => x.id);
    expect(due).toContain(d.id);
    expect(due).not.toContain(done.id);
  });

  it("one audit entry per decision; entries without a decision are not limited", async () => {
    const e = { reportId: uid("rp_"), kind: "approved" as const, actorOpenId: "ou_a", actorName: "甲", level: 1, versionNumber: 1, contentHash: "abc", comment: null, decisionId: uid("ad_"), createdAt: T0 };
    expect(await store.addAudit(e)).toBe("added");
    expect(await store2.addAudit({ ...e, createdAt: at(9) })).toBe("exists");
    const other = { ...e, kind: "submitted" as const, decisionId: null };
    expect(await store.addAudit(other)).toBe("added");
    expect(await store.addAudit(other)).toBe("added");
    expect((await store.audit(e.reportId)).map((x) => [x.kind, x.decisionId])).toEqual([
      ["approved", e.decisionId],
      ["submitted", null],
      ["submitted", null],
    ]);
  });
});

describe("migration approval_decision_effects", () => {
  it("links existing decisions to their audit entries (done), leaves stranded ones due, keeps the atomic-decision triggers", () => {
    const all = readMigrations(join(import.meta.dirname, "..", "..", "prisma", "migrations"));
    const i = all.findIndex((m) => m.name.endsWith("_approval_decision_effects"));
    expect(i).toBeGreaterThan(0);
    const raw = new Database(":memory:");
    try {
      applyMigrations(raw, all.slice(0, i));
      raw.prepare(`INSERT INTO "ApprovalRound" ("id","reportId","versionNumber","levelsJson","currentLevel","status","incomplete","submittedBy","createdAt","updatedAt") VALUES ('ap1','rp1',1,?,0,'running',0,'ou_owner',?,?)`).run(JSON.stringify([[{ openId: "ou_a" }], [{ openId: "ou_b" }], [{ openId: "ou_c" }]]), "2026-11-01T01:00:00.000+00:00", "2026-11-01T01:00:00.000+00:00");
      const decide = raw.prepare(`INSERT INTO "ApprovalDecision" ("id","roundId","level","approver","outcome","nextLevel","nextStatus","createdAt") VALUES (?, 'ap1', ?, ?, 'approved', ?, 'running', ?)`);
      const audit = raw.prepare(`INSERT INTO "AuditEntry" ("reportId","kind","actorOpenId","level","createdAt") VALUES ('rp1', ?, ?, ?, ?)`);
      audit.run("submitted", "ou_owner", null, "2026-11-01T01:00:00.000+00:00");
      // DateTime as Prisma stores it. Level 1: followed up (its entry written with the decision's time). Level 2: stranded by a failure.
      decide.run("ad1", 0, "ou_a", 1, "2026-11-02T01:00:00.000+00:00");
      audit.run("approved", "ou_a", 1, "2026-11-02T01:00:00.000+00:00");
      decide.run("ad2", 1, "ou_b", 2, "2026-11-03T01:00:00.000+00:00");

      applyMigrations(raw, all.slice(0, i + 1));
      expect(raw.prepare(`SELECT "id","effectsAt","effectsDueAt","effectsAttempts" FROM "ApprovalDecision" ORDER BY "id"`).all()).toEqual([
        { id: "ad1", effectsAt: "2026-11-02T01:00:00.000+00:00", effectsDueAt: null, effectsAttempts: 0 },
        { id: "ad2", effectsAt: null, effectsDueAt: "2026-11-03T01:00:00.000+00:00", effectsAttempts: 0 },
      ]);
      expect(raw.prepare(`SELECT "kind","decisionId" FROM "AuditEntry" ORDER BY "id"`).all()).toEqual([
        { kind: "submitted", decisionId: null },
        { kind: "approved", decisionId: "ad1" },
      ]);
      const triggers = raw.prepare(`SELECT "name" FROM sqlite_master WHERE "type" = 'trigger' AND "tbl_name" = 'ApprovalDecision' ORDER BY "name"`).all();
      expect(triggers).toEqual([{ name: "ApprovalDecision_moves_round" }, { name: "ApprovalDecision_round_running" }]);
      // ...and they still work: the round sits at level 3, where ad2 moved it.
      expect(raw.prepare(`SELECT "currentLevel" FROM "ApprovalRound" WHERE "id" = 'ap1'`).get()).toEqual({ currentLevel: 2 });
    } finally {
      raw.close();
    }
  });
});
