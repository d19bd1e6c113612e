// Applies Prisma-layout migrations (prisma/migrations/<stamp>_<name>/migration.sql) to an SQLite file
// without Prisma's schema-engine binary. Keeps Prisma's own `_prisma_migrations` bookkeeping table, so the
// normal Prisma CLI sees the same history. Node-only (reads the migration files from disk).
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";

export interface MigrationFileEntry {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string): MigrationFileEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Applies every migration not yet applied, each in its own transaction. Returns the names applied. */
export function applyMigrations(db: Database.Database, migrations: MigrationFileEntry[]): string[] {
  db.exec(BOOKKEEPING);
  const applied = new Map<string, string>(
    (db.prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as {
      migration_name: string;
      checksum: string;
    }[]).map((r) => [r.migration_name, r.checksum]),
  );
  const done: string[] = [];
  for (const m of migrations) {
    const prior = applied.get(m.name);
    if (prior !== undefined) {
      if (prior !== m.checksum) {
        throw new Error(`migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead`);
      }
      continue;
    }
    const now = new Date().toISOString();
    const run = db.transaction(() => {
      db.exec(m.sql);
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, ?, 1)`,
      ).run(randomUUID(), m.checksum, now, m.name, now);
    });
    run();
    done.push(m.name);
  }
  return done;
}
