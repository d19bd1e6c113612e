// Migrations with triggers: src/runtimes/node/migrations.ts applies a trigger whose body holds several `;`
// (no naive statement splitting), the approval_decision_atomic migration backfills existing decisions and
// releases levels the former two-statement write left stuck, and the schema drift check does not count the
// hand-written triggers as drift.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/runtimes/node/db.js";
import { applyMigrations, readMigrations, type MigrationFileEntry } from "../../src/runtimes/node/migrations.js";
import { sqlStatements } from "../../scripts/d1-migrations.js";

const ATOMIC = "approval_decision_atomic";
const all = () => readMigrations(join(projectRoot, "prisma", "migrations"));
const entry = (name: string, sql: string): MigrationFileEntry => ({ name, sql, checksum: name });

describe("applyMigrations with triggers", () => {
  it("applies a trigger whose BEGIN … END body holds several statements (with CASE … END), then the statements after it", () => {
    const db = new Database(":memory:");
    try {
      const sql = `CREATE TABLE "A" ("id" INTEGER PRIMARY KEY, "v" INTEGER NOT NULL);
CREATE TABLE "Log" ("what" TEXT NOT NULL);
CREATE TRIGGER "A_log" AFTER INSERT ON "A"
FOR EACH ROW
BEGIN
    INSERT INTO "Log" ("what") VALUES ('a;b');
    INSERT INTO "Log" ("what") VALUES (CASE WHEN NEW."v" > 1 THEN 'big' ELSE 'small' END);
END;
CREATE TABLE "After" ("id" INTEGER);
`;
      expect(sqlStatements(sql)).toMatchObject({ keywords: ["CREATE", "CREATE", "CREATE", "CREATE"], problems: [] });
      expect(applyMigrations(db, [entry("20260101000000_trigger", sql)])).toEqual(["20260101000000_trigger"]);
      db.prepare(`INSERT INTO "A" ("v") VALUES (2)`).run();
      expect(db.prepare(`SELECT what FROM "Log"`).pluck().all()).toEqual(["a;b", "big"]);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'After'`).pluck().get()).toBe("After");
      expect(applyMigrations(db, [entry("20260101000000_trigger", sql)])).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("a migration failing after its trigger leaves nothing behind", () => {
    const db = new Database(":memory:");
    try {
      db.exec(`CREATE TABLE "A" ("id" INTEGER)`);
      const bad = `CREATE TRIGGER "A_t" AFTER INSERT ON "A" BEGIN SELECT 1; SELECT 2; END;\nINSERT INTO "Missing" VALUES (1);\n`;
      expect(() => applyMigrations(db, [entry("20260101000000_bad", bad)])).toThrow(/Missing/);
      expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger'`).pluck().get()).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM "_prisma_migrations"`).pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it(`${ATOMIC}: backfills the next state of existing decisions, releases stuck levels, installs both triggers`, () => {
    const migrations = all();
    const at = migrations.findIndex((m) => m.name.endsWith(`_${ATOMIC}`));
    expect(at).toBeGreaterThan(0);
    const db = new Database(":memory:");
    try {
      applyMigrations(db, migrations.slice(0, at));
      const t = "2026-11-01T00:00:00.000+00:00";
      const round = db.prepare(`INSERT INTO "ApprovalRound" (id, reportId, versionNumber, levelsJson, currentLevel, status, submittedBy, createdAt, updatedAt) VALUES (?, 'rp', 1, ?, ?, ?, 'ou_o', '${t}', '${t}')`);
      const decision = db.prepare(`INSERT INTO "ApprovalDecision" (id, roundId, level, approver, outcome, createdAt) VALUES (?, ?, ?, 'ou_a', ?, '${t}')`);
      const three = JSON.stringify([[{ openId: "a" }], [{ openId: "b" }], [{ openId: "c" }]]);
      round.run("r_done", three, 2, "approved");
      decision.run("d0", "r_done", 0, "approved");
      decision.run("d1", "r_done", 1, "approved");
      decision.run("d2", "r_done", 2, "approved");
      round.run("r_back", three, 1, "returned");
      decision.run("d3", "r_back", 0, "approved");
      decision.run("d4", "r_back", 1, "returned");
      // The old bug: the decision went in, the round's update did not (D1, no transaction).
      round.run("r_stuck", three, 1, "running");
      decision.run("d5", "r_stuck", 0, "approved");
      decision.run("d6", "r_stuck", 1, "approved");

      // This migration alone (later ones add columns and indexes of their own; approval_decision_effects keeps
      // these triggers: test/approvals/effects-store.test.ts).
      expect(applyMigrations(db, migrations.slice(at, at + 1))).toEqual([migrations[at]!.name]);
      const rows = db.prepare(`SELECT id, level, nextLevel, nextStatus FROM "ApprovalDecision" ORDER BY id`).all();
      expect(rows).toEqual([
        { id: "d0", level: 0, nextLevel: 1, nextStatus: "running" },
        { id: "d1", level: 1, nextLevel: 2, nextStatus: "running" },
        { id: "d2", level: 2, nextLevel: 2, nextStatus: "approved" },
        { id: "d3", level: 0, nextLevel: 1, nextStatus: "running" },
        { id: "d4", level: 1, nextLevel: 1, nextStatus: "returned" },
        { id: "d5", level: 0, nextLevel: 1, nextStatus: "running" },
      ]);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).pluck().all()).toEqual(["ApprovalDecision_moves_round", "ApprovalDecision_round_running"]);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ApprovalDecision' AND sql IS NOT NULL`).pluck().all()).toEqual(["ApprovalDecision_roundId_level_key"]);
      // The released level can be decided again, and the trigger moves the round.
      db.prepare(`INSERT INTO "ApprovalDecision" (id, roundId, level, approver, outcome, nextLevel, nextStatus, createdAt) VALUES ('d7', 'r_stuck', 1, 'ou_b', 'approved', 2, 'running', '2026-11-02T00:00:00.000+00:00')`).run();
      expect(db.prepare(`SELECT currentLevel, status, updatedAt FROM "ApprovalRound" WHERE id = 'r_stuck'`).get()).toEqual({ currentLevel: 2, status: "running", updatedAt: "2026-11-02T00:00:00.000+00:00" });
    } finally {
      db.close();
    }
  });

  it("every migration splits cleanly for D1 (wrangler's splitter) and the trigger migration holds its two triggers as two statements", () => {
    for (const m of all()) expect(sqlStatements(m.sql).problems, m.name).toEqual([]);
    const atomic = all().find((m) => m.name.endsWith(`_${ATOMIC}`))!;
    const { statements } = sqlStatements(atomic.sql);
    expect(statements.filter((s) => /CREATE TRIGGER/.test(s))).toHaveLength(2);
    expect(statements.at(-1)).toMatch(/UPDATE "ApprovalRound"[\s\S]*;\s*END$/);
  });

  it("npm run db:new-migration -- --check: schema and migrations agree, the triggers are not drift", () => {
    const r = spawnSync(join(projectRoot, "node_modules", ".bin", "tsx"), ["scripts/db-new-migration.ts", "--check"], { cwd: projectRoot, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr + r.stdout).toContain("schema and migrations agree");
    expect(r.status).toBe(0);
  }, 60_000);
});
