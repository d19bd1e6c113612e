// The D1 migrations (prisma/d1-migrations, applied by `wrangler d1 migrations apply`) are generated from the
// Prisma migrations Node applies; this fails when someone adds or changes one without `npm run worker:migrations`.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { d1Drift, expectedD1Migrations, syncD1Migrations } from "../../scripts/d1-migrations.js";

describe("D1 migrations", () => {
  it("prisma/d1-migrations matches prisma/migrations (run `npm run worker:migrations` if not)", () => {
    expect(d1Drift()).toEqual([]);
    expect(expectedD1Migrations().size).toBeGreaterThan(0);
  });

  it("the sync writes new, rewrites changed and removes orphaned files; the check sees each case", () => {
    const dir = mkdtempSync(join(tmpdir(), "huibao-d1-"));
    try {
      const prisma = join(dir, "migrations");
      const d1 = join(dir, "d1");
      mkdirSync(join(prisma, "20260101000000_a"), { recursive: true });
      writeFileSync(join(prisma, "20260101000000_a", "migration.sql"), 'CREATE TABLE "A" ("id" TEXT);\n');
      expect(d1Drift(prisma, d1)).toEqual(["missing prisma/d1-migrations/20260101000000_a.sql"]);
      expect(syncD1Migrations(prisma, d1)).toEqual(["wrote 20260101000000_a.sql"]);
      expect(d1Drift(prisma, d1)).toEqual([]);
      writeFileSync(join(prisma, "20260101000000_a", "migration.sql"), 'CREATE TABLE "A" ("id" TEXT, "b" TEXT);\n');
      writeFileSync(join(d1, "0002_by_hand.sql"), "SELECT 1;\n");
      expect(d1Drift(prisma, d1)).toEqual([
        "prisma/d1-migrations/20260101000000_a.sql differs from its Prisma migration",
        "prisma/d1-migrations/0002_by_hand.sql has no Prisma migration",
      ]);
      expect(syncD1Migrations(prisma, d1)).toEqual(["wrote 20260101000000_a.sql", "removed 0002_by_hand.sql"]);
      expect(d1Drift(prisma, d1)).toEqual([]);
      mkdirSync(join(prisma, "20260102000000_tx"));
      writeFileSync(join(prisma, "20260102000000_tx", "migration.sql"), "BEGIN;\nSELECT 1;\nCOMMIT;\n");
      expect(() => expectedD1Migrations(prisma)).toThrow(/cannot contain BEGIN/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a trigger's BEGIN … END body is not a transaction; a block wrangler's splitter would cut is refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "huibao-d1-"));
    try {
      const write = (sql: string) => {
        mkdirSync(join(dir, "20260101000000_t"), { recursive: true });
        writeFileSync(join(dir, "20260101000000_t", "migration.sql"), sql);
      };
      write('CREATE TRIGGER "t" AFTER INSERT ON "A"\nFOR EACH ROW\nBEGIN\n    UPDATE "B" SET "x" = CASE WHEN NEW."v" > 1 THEN 2 ELSE 3 END;\n    DELETE FROM "C";\nEND;\n');
      expect([...expectedD1Migrations(dir).keys()]).toEqual(["20260101000000_t.sql"]);
      // wrangler recognises only an upper-case END between whitespace: it would run on past this trigger.
      write('CREATE TRIGGER "t" AFTER INSERT ON "A" BEGIN DELETE FROM "B"; DELETE FROM "C"; end;\nCREATE TABLE "D" ("id" TEXT);\n');
      expect(() => expectedD1Migrations(dir)).toThrow(/wrangler's splitter would not end the statement/);
      // ...and a CASE it sees open but not closed (END followed by a comma) swallows the statements after it.
      write('INSERT INTO "A" SELECT CASE WHEN 1 THEN 2 END, 3;\nCREATE TABLE "D" ("id" TEXT);\n');
      expect(() => expectedD1Migrations(dir)).toThrow(/wrangler's splitter/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
