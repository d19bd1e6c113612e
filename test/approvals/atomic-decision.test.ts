// A decision and its round's move are one statement (src/adapters/prisma/approvals.ts decide, the triggers of
// migration approval_decision_atomic), so no failure can leave a decision whose round still waits at that level
// — the state the former two-statement write left behind on D1, where Prisma runs no transactions. Real SQLite
// files, two connections where concurrency matters.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DecisionRecord, RoundRecord } from "../../src/app/ports/approval-store.js";
import { decide as domainDecide, nextState, type Outcome, type Person } from "../../src/domain/approvals.js";
import { migrateSqlite, openPrisma } from "../../src/runtimes/node/db.js";
import type { Db } from "../../src/adapters/prisma/db.js";
import { PrismaApprovalStore } from "../../src/adapters/prisma/approvals.js";

let dir: string;
let path: string;
let db: Db;
let db2: Db;
let store: PrismaApprovalStore;
let store2: PrismaApprovalStore;
let n = 0;
const uid = (p: string) => `${p}${Date.now().toString(36)}_${++n}`;
const T0 = new Date("2026-11-20T02:03:04.567Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const levels = (k: number): Person[][] => Array.from({ length: k }, (_, i) => [{ openId: `ou_l${i}_a`, name: `甲${i}` }, { openId: `ou_l${i}_b`, name: `乙${i}` }]);

async function newRound(s = store, k = 3): Promise<RoundRecord> {
  const r: RoundRecord = { id: uid("ap_"), reportId: uid("rp_"), versionNumber: 1, levels: levels(k), currentLevel: 0, status: "running", incomplete: false, submittedBy: "ou_owner", createdAt: T0, updatedAt: T0 };
  expect(await s.createRound(r)).toBe("created");
  return r;
}

/** The decision the app would record at the round's current level (next state from the domain). */
function decision(round: RoundRecord, outcome: Outcome, o: { level?: number; approver?: string; createdAt?: Date } = {}): DecisionRecord {
  const level = o.level ?? round.currentLevel;
  return {
    id: uid("ad_"),
    roundId: round.id,
    level,
    approver: o.approver ?? round.levels[level]?.[0]?.openId ?? "ou_x",
    outcome,
    comment: outcome === "returned" ? "请补充数据" : null,
    sections: outcome === "returned" ? ["p1.s2"] : [],
    ...nextState(domainDecide({ ...round, currentLevel: level }, outcome)),
    createdAt: o.createdAt ?? at(level + 1),
    effectsAt: null,
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "huibao-atomic-decision-"));
  path = join(dir, "huibao.db");
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

describe("decide: one statement records the decision and moves the round", () => {
  it("the trigger moves the round to the decision's next state, with the decision's time, in DateTime as Prisma stores it", async () => {
    const round = await newRound();
    const d1 = decision(round, "approved");
    expect(d1).toMatchObject({ level: 0, nextLevel: 1, nextStatus: "running" });
    expect(await store.decide(d1)).toBe("recorded");
    expect(await store.getRound(round.id)).toMatchObject({ currentLevel: 1, status: "running", updatedAt: d1.createdAt });

    const d2 = decision({ ...round, currentLevel: 1 }, "approved");
    expect(await store.decide(d2)).toBe("recorded");
    const d3 = decision({ ...round, currentLevel: 2 }, "approved");
    expect(d3).toMatchObject({ level: 2, nextLevel: 2, nextStatus: "approved" });
    expect(await store.decide(d3)).toBe("recorded");
    expect(await store.getRound(round.id)).toMatchObject({ currentLevel: 2, status: "approved", updatedAt: d3.createdAt });

    // Read back through Prisma exactly as written, including the audit-useful next state.
    expect(await store.decisions(round.id)).toEqual([d1, d2, d3]);
    // The raw INSERT and the trigger write DateTime text the way Prisma's adapters do.
    const raw = new Database(path, { readonly: true });
    try {
      const viaPrisma = raw.prepare(`SELECT createdAt FROM ApprovalRound WHERE id = ?`).get(round.id) as { createdAt: string };
      const ours = raw.prepare(`SELECT d.createdAt AS d, r.updatedAt AS r FROM ApprovalDecision d JOIN ApprovalRound r ON r.id = d.roundId WHERE d.id = ?`).get(d3.id) as { d: string; r: string };
      expect(viaPrisma.createdAt).toBe("2026-11-20T02:03:04.567+00:00");
      expect(ours).toEqual({ d: "2026-11-20T02:03:07.567+00:00", r: "2026-11-20T02:03:07.567+00:00" });
    } finally {
      raw.close();
    }
  });

  it("a 退回 closes the round as returned at its level", async () => {
    const round = await newRound();
    const d = decision(round, "returned");
    expect(d).toMatchObject({ nextLevel: 0, nextStatus: "returned" });
    expect(await store.decide(d)).toBe("recorded");
    expect(await store.getRound(round.id)).toMatchObject({ currentLevel: 0, status: "returned" });
    expect((await store.decisions(round.id))[0]).toMatchObject({ comment: "请补充数据", sections: ["p1.s2"] });
  });

  it("a decision against a round no longer running at that level inserts nothing and returns taken", async () => {
    const closed = await newRound();
    expect(await store.closeRound(closed.id, "withdrawn", at(1))).toBe(true);
    expect(await store.decide(decision(closed, "approved"))).toBe("taken");
    expect(await store.decisions(closed.id)).toEqual([]);
    expect(await store.getRound(closed.id)).toMatchObject({ status: "withdrawn", currentLevel: 0, updatedAt: at(1) });

    const moved = await newRound();
    expect(await store.decide(decision(moved, "approved"))).toBe("recorded");
    // A card of level 3 tapped while the round is at level 2, and a stale level-1 decision: nothing changes.
    expect(await store.decide(decision({ ...moved, currentLevel: 2 }, "approved"))).toBe("taken");
    expect(await store.decide(decision(moved, "returned", { approver: "ou_l0_b" }))).toBe("taken");
    expect((await store.decisions(moved.id)).map((d) => d.level)).toEqual([0]);
    expect(await store.getRound(moved.id)).toMatchObject({ status: "running", currentLevel: 1 });

    expect(await store.decide(decision({ ...moved, id: "ap_missing" }, "approved"))).toBe("taken");
  });

  it("two concurrent decides for the same level, on two connections: exactly one recorded", async () => {
    for (let i = 0; i < 10; i++) {
      const round = await newRound();
      const results = await Promise.all([
        store.decide(decision(round, "approved", { approver: "ou_l0_a" })),
        store2.decide(decision(round, "returned", { approver: "ou_l0_b" })),
        store.decide(decision(round, "returned", { approver: "ou_l0_a" })),
        store2.decide(decision(round, "approved", { approver: "ou_l0_b" })),
      ]);
      expect(results.filter((r) => r === "recorded")).toHaveLength(1);
      const [d, ...more] = await store.decisions(round.id);
      expect(more).toEqual([]);
      expect(await store.getRound(round.id)).toMatchObject({ currentLevel: d!.nextLevel, status: d!.nextStatus });
    }
  });

  it("after many concurrent decide / withdraw races, no decision exists whose round still runs at that level", async () => {
    const rounds = await Promise.all(Array.from({ length: 24 }, () => newRound()));
    // Each round: up to three levels driven by racing approvers on both connections, the owner withdrawing
    // at some point in between.
    await Promise.all(
      rounds.map(async (round, i) => {
        const withdrawAfter = i % 4; // 0..3 decisions attempted before the withdrawal races in
        for (let step = 0; step < 4; step++) {
          const now = (await store.getRound(round.id))!;
          if (now.status !== "running") break;
          const tries: Promise<unknown>[] = [
            store.decide(decision(now, step === 2 && i % 3 === 0 ? "returned" : "approved", { approver: `ou_l${now.currentLevel}_a`, createdAt: at(10 + step) })),
            store2.decide(decision(now, "approved", { approver: `ou_l${now.currentLevel}_b`, createdAt: at(10 + step) })),
          ];
          if (step === withdrawAfter) tries.push((i % 2 ? store2 : store).closeRound(round.id, "withdrawn", at(10 + step)));
          await Promise.all(tries);
        }
      }),
    );
    const decisions = await db.approvalDecision.findMany({ where: { roundId: { in: rounds.map((r) => r.id) } }, orderBy: [{ roundId: "asc" }, { level: "asc" }] });
    expect(decisions.length).toBeGreaterThan(rounds.length);
    const byRound = new Map(rounds.map((r) => [r.id, decisions.filter((d) => d.roundId === r.id)]));
    let withdrawnMidway = 0;
    for (const r of rounds) {
      const round = (await store.getRound(r.id))!;
      const ds = byRound.get(r.id)!;
      // The invariant the old two-statement write broke on D1.
      for (const d of ds) expect(round.status === "running" && round.currentLevel === d.level, `round ${r.id} stuck at level ${d.level}`).toBe(false);
      // Decisions are levels 0..k-1, each taken where the previous one left the round.
      expect(ds.map((d) => d.level)).toEqual(ds.map((_, k) => k));
      for (let k = 1; k < ds.length; k++) expect(ds[k - 1]).toMatchObject({ nextLevel: k, nextStatus: "running" });
      const last = ds.at(-1);
      if (round.status === "withdrawn") {
        // Closed before a decision at its level: the round sits where the last decision left it.
        expect(round.currentLevel).toBe(last ? last.nextLevel : 0);
        if (last) expect(last.nextStatus).toBe("running");
        if (last) withdrawnMidway++;
      } else {
        expect(last).toBeDefined();
        expect(round).toMatchObject({ currentLevel: last!.nextLevel, status: last!.nextStatus });
      }
    }
    expect(withdrawnMidway).toBeGreaterThan(0);
  });

  it("the old first statement alone (all D1 kept when the second failed) no longer strands a level; a decision for a closed round is refused by the database", async () => {
    // What PrismaApprovalStore.decide used to send first; on D1 the round's update was a separate statement.
    const round = await newRound();
    const d = decision(round, "approved");
    await db.approvalDecision.create({ data: { ...d, sections: null } });
    expect(await store.getRound(round.id)).toMatchObject({ currentLevel: 1, status: "running", updatedAt: d.createdAt });
    // The next approver can decide: the level moved with the row.
    expect(await store.decide(decision({ ...round, currentLevel: 1 }, "approved"))).toBe("recorded");

    const closed = await newRound();
    await store.closeRound(closed.id, "withdrawn", at(1));
    // RAISE(ABORT) in the BEFORE INSERT trigger (SQLITE_CONSTRAINT_TRIGGER; Prisma words it as a constraint error).
    await expect(db.approvalDecision.create({ data: { ...decision(closed, "approved"), sections: null } })).rejects.toThrow(/constraint/i);
    expect(await store.decisions(closed.id)).toEqual([]);
  });
});
