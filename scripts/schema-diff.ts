// Runs Prisma's schema engine as WebAssembly (no native binary) to compute migration SQL.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";

const require = createRequire(import.meta.url);

async function loadEngine() {
  const bg: any = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmPath = join(dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as any).__wbindgen_start?.();
  return bg;
}

/** SQL that brings the database `current` (already migrated) to `schema`. Empty when they agree. */
export async function migrationSql(schema: string, current: Database.Database): Promise<string> {
  const bg = await loadEngine();
  const tmp = mkdtempSync(join(tmpdir(), "huibao-diff-"));
  const file = join(tmp, "current.db");
  await current.backup(file);
  try {
    const factory = bindMigrationAwareSqlAdapterFactory(new PrismaBetterSqlite3({ url: `file:${file}` }) as any);
    const logs: string[] = [];
    const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, (m: string) => logs.push(m), factory);
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files: [{ path: "schema.prisma", content: schema }], configDir: tmp },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return (result.stdout ?? "").toString();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
