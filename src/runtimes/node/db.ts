// Node storage: an SQLite file through better-sqlite3, migrated at start, then Prisma on top of it.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../generated/prisma/client.js";
import { applyMigrations, readMigrations } from "./migrations.js";
import type { Db } from "../../adapters/prisma/db.js";

/** The folder holding package.json: found by walking up, since this file runs from src/runtimes/node (tsx) and .build (npm start). */
export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return resolve(from, "..");
  }
}

/** `file:./data/huibao.db` → an absolute path (relative paths are relative to the working directory). */
export function sqlitePath(databaseUrl: string): string {
  const p = databaseUrl.replace(/^file:/, "");
  return isAbsolute(p) ? p : resolve(process.cwd(), p);
}

/** Creates the file if needed, sets WAL, applies pending migrations. Returns the names applied. */
export function migrateSqlite(path: string): string[] {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    return applyMigrations(db, readMigrations(join(projectRoot, "prisma", "migrations")));
  } finally {
    db.close();
  }
}

export function openPrisma(path: string): Db {
  const adapter = new PrismaBetterSqlite3({ url: `file:${path}` });
  return new PrismaClient({ adapter }) as unknown as Db;
}
