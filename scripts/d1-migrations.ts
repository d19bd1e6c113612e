// Keeps the D1 migrations (prisma/d1-migrations, wrangler.toml `migrations_dir`) in step with the Prisma
// migrations that Node applies (prisma/migrations/<stamp>_<name>/migration.sql). Each Prisma migration becomes
// one file `<stamp>_<name>.sql` with the same SQL under a generated-file header; wrangler applies them in name
// order and records them in its own `d1_migrations` table. Never edit the generated files: add a Prisma
// migration (`npm run db:new-migration -- <name>`), then run `npm run worker:migrations`.
//   npm run worker:migrations            write/refresh/delete files so the two agree
//   npm run worker:migrations -- --check exit 1 (and say what differs) when they do not
// test/worker/d1-migrations.test.ts runs the check in `npm test`.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PRISMA_DIR = join(ROOT, "prisma", "migrations");
export const D1_DIR = join(ROOT, "prisma", "d1-migrations");

/** Statements D1 refuses in a migration (wrangler runs each file as one batch, in its own transaction). */
const REFUSED = new Set(["BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"]);

export interface SqlScript {
  /** Each statement's text (comments kept), without its closing `;`. */
  statements: string[];
  /** The first keyword of each statement, upper-cased. */
  keywords: string[];
  /** Places where wrangler's statement splitter would split differently (cut inside a block, or not cut). */
  problems: string[];
}

/**
 * Splits SQL into statements the way SQLite reads them: `;` ends a statement except inside strings, quoted
 * names, comments, and a CREATE TRIGGER body (BEGIN … END, with CASE … END inside). Alongside, it follows the
 * rules of wrangler's own splitter (src/d1/splitter.ts in wrangler: a block opens at BEGIN or CASE, any case,
 * with whitespace on both sides, and closes at an upper-case END after whitespace and before whitespace or `;`)
 * and reports every `;` where the two would disagree: D1 would then get a trigger cut in half.
 */
export function sqlStatements(sql: string): SqlScript {
  const out: SqlScript = { statements: [], keywords: [], problems: [] };
  let start = 0;
  let words: string[] = [];
  let depth = 0;
  let wrangler = 0;
  const line = (at: number) => sql.slice(0, at).split("\n").length;
  const end = (at: number) => {
    if (wrangler !== 0) out.problems.push(`line ${line(at)}: wrangler's splitter would not end the statement here (write block keywords BEGIN, CASE, END in upper case between whitespace)`);
    const text = sql.slice(start, at).trim();
    if (words.length) {
      out.statements.push(text);
      out.keywords.push(words[0]!);
    }
    start = at + 1;
    words = [];
    depth = 0;
    wrangler = 0;
  };
  const isTrigger = () => words[0] === "CREATE" && (words[1] === "TRIGGER" || (/^TEMP(ORARY)?$/.test(words[1] ?? "") && words[2] === "TRIGGER"));
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      const q = c === "[" ? "]" : c;
      let j = i + 1;
      for (;;) {
        const k = sql.indexOf(q, j);
        if (k < 0) {
          j = sql.length;
          break;
        }
        if (q !== "]" && sql[k + 1] === q) {
          j = k + 2; // doubled quote
          continue;
        }
        j = k + 1;
        break;
      }
      if (words.length === 0) words.push("?");
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      const word = sql.slice(i, j);
      const up = word.toUpperCase();
      if (words.length < 3) words.push(up);
      if (up === "CASE" || (up === "BEGIN" && words.length > 1 && isTrigger())) depth++;
      else if (up === "END" && depth > 0) depth--;
      const before = sql[i - 1] ?? "";
      const after = sql[j] ?? "";
      if ((up === "BEGIN" || up === "CASE") && /\s/.test(before) && /\s/.test(after)) wrangler++;
      else if (word === "END" && wrangler > 0 && /\s/.test(before) && /[\s;]/.test(after)) wrangler--;
      i = j;
    } else if (c === ";" && depth === 0) {
      end(i);
      i++;
    } else if (c === ";" && wrangler === 0) {
      out.problems.push(`line ${line(i)}: wrangler's splitter would end the statement at this ";" inside a block (write block keywords BEGIN, CASE, END in upper case between whitespace)`);
      i++;
    } else {
      if (words.length === 0 && !/\s|;/.test(c)) words.push(c);
      i++;
    }
  }
  end(sql.length);
  return out;
}

/** The D1 migration files that prisma/migrations implies: file name → content. */
export function expectedD1Migrations(prismaDir = PRISMA_DIR): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(prismaDir)) return out;
  const dirs = readdirSync(prismaDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(prismaDir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
  for (const name of dirs) {
    const sql = readFileSync(join(prismaDir, name, "migration.sql"), "utf8");
    const script = sqlStatements(sql);
    const bad = script.keywords.find((k) => REFUSED.has(k));
    if (bad) throw new Error(`prisma/migrations/${name}/migration.sql: D1 migrations cannot contain ${bad} (each file already runs in one transaction)`);
    if (script.problems.length) throw new Error(`prisma/migrations/${name}/migration.sql: ${script.problems.join("; ")}`);
    const header = `-- Generated by \`npm run worker:migrations\` from prisma/migrations/${name}/migration.sql. Do not edit.\n`;
    out.set(`${name}.sql`, header + sql);
  }
  return out;
}

export function currentD1Migrations(d1Dir = D1_DIR): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(d1Dir)) return out;
  for (const f of readdirSync(d1Dir).filter((f) => f.endsWith(".sql")).sort()) out.set(f, readFileSync(join(d1Dir, f), "utf8"));
  return out;
}

/** Human-readable differences; empty when in sync. */
export function d1Drift(prismaDir = PRISMA_DIR, d1Dir = D1_DIR): string[] {
  const want = expectedD1Migrations(prismaDir);
  const have = currentD1Migrations(d1Dir);
  const out: string[] = [];
  for (const [f, sql] of want) {
    if (!have.has(f)) out.push(`missing prisma/d1-migrations/${f}`);
    else if (have.get(f) !== sql) out.push(`prisma/d1-migrations/${f} differs from its Prisma migration`);
  }
  for (const f of have.keys()) if (!want.has(f)) out.push(`prisma/d1-migrations/${f} has no Prisma migration`);
  return out;
}

export function syncD1Migrations(prismaDir = PRISMA_DIR, d1Dir = D1_DIR): string[] {
  const want = expectedD1Migrations(prismaDir);
  const have = currentD1Migrations(d1Dir);
  mkdirSync(d1Dir, { recursive: true });
  const changed: string[] = [];
  for (const [f, sql] of want) {
    if (have.get(f) === sql) continue;
    writeFileSync(join(d1Dir, f), sql);
    changed.push(`wrote ${f}`);
  }
  for (const f of have.keys()) {
    if (want.has(f)) continue;
    rmSync(join(d1Dir, f));
    changed.push(`removed ${f}`);
  }
  return changed;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  if (process.argv.includes("--check")) {
    const drift = d1Drift();
    if (drift.length) {
      console.error(`D1 migrations are out of date (run npm run worker:migrations):\n  ${drift.join("\n  ")}`);
      process.exit(1);
    }
    console.log("D1 migrations match prisma/migrations");
  } else {
    const changed = syncD1Migrations();
    console.log(changed.length ? changed.join("\n") : "D1 migrations already match prisma/migrations");
  }
}
