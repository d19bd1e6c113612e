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
});
