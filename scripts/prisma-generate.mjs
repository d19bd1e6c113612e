// Runs `prisma generate` without the schema-engine binary.
// Prisma's CLI tries to download a schema-engine binary that generate never uses; on networks that block
// Prisma's binary host (common on government intranets, and on our CI machines) that download fails.
// Pointing PRISMA_SCHEMA_ENGINE_BINARY at a stub that exits 1 lets generate run offline.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(root, "prisma", "schema.prisma"))) process.exit(0);
const stubDir = join(root, "node_modules", ".cache", "huibao");
mkdirSync(stubDir, { recursive: true });
const stub = join(stubDir, "schema-engine-stub.sh");
writeFileSync(stub, "#!/bin/sh\necho 'huibao: the schema engine binary is not used; see scripts/db-migrate.ts' >&2\nexit 1\n");
chmodSync(stub, 0o755);
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
const bin = join(root, "node_modules", ".bin", process.platform === "win32" ? "prisma.cmd" : "prisma");
const r = spawnSync(bin, ["generate"], { cwd: root, env, stdio: "inherit" });
process.exit(r.status ?? 1);
