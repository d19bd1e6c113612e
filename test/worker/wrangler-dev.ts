// Runs src/runtimes/worker/main.ts under workerd with `wrangler dev --local` (the same as `npm run dev:worker`): a fresh local
// D1 database in a temporary directory, migrated with `wrangler d1 migrations apply` from prisma/d1-migrations,
// the Worker's settings passed as --var bindings, the Lark Open API pointed at a FakeLark on 127.0.0.1.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");
const ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1", FORCE_COLOR: "0" };

export interface WorkerDev {
  base: string;
  persistDir: string;
  /** Startup: from spawning wrangler to its "Ready" line, and the first request's duration (cold isolate). */
  timings: { migrateMs: number; readyMs: number };
  /** The wrangler/workerd output so far (for failures). */
  output(): string;
  /** Runs a cron trigger (scheduledTime = `at`) and waits for the handler to finish. */
  scheduled(cron: string, at?: Date): Promise<void>;
  /** SELECT through `wrangler d1 execute --local` against the same database. */
  query<T = Record<string, unknown>>(sql: string): T[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function wranglerSync(args: string[]): string {
  const r = spawnSync(WRANGLER, args, { cwd: ROOT, env: ENV, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export async function startWorkerDev(vars: Record<string, string>, opts: { readyTimeoutMs?: number } = {}): Promise<WorkerDev> {
  const persistDir = mkdtempSync(join(tmpdir(), "huibao-worker-"));
  const t0 = performance.now();
  wranglerSync(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir]);
  const migrateMs = performance.now() - t0;
  const port = await freePort();
  const args = ["dev", "--local", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistDir, "--test-scheduled", "--show-interactive-dev-session=false"];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const t1 = performance.now();
  const child: ChildProcess = spawn(WRANGLER, args, { cwd: ROOT, env: ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const base = `http://127.0.0.1:${port}`;
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      kill();
      reject(new Error(`wrangler dev did not start in time:\n${out}`));
    }, opts.readyTimeoutMs ?? 90_000);
    const poll = setInterval(() => {
      if (/Ready on http/.test(out)) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        clearInterval(poll);
        reject(new Error(`wrangler dev exited (${child.exitCode}):\n${out}`));
      }
    }, 50);
  });
  const readyMs = performance.now() - t1;
  return {
    base,
    persistDir,
    timings: { migrateMs, readyMs },
    output: () => out,
    async scheduled(cron, at) {
      const q = new URLSearchParams({ cron });
      if (at) q.set("time", String(at.getTime()));
      const r = await fetch(`${base}/cdn-cgi/handler/scheduled?${q}`);
      const text = await r.text();
      if (!r.ok) throw new Error(`scheduled ${cron} failed: ${r.status} ${text}\n${out.slice(-3000)}`);
    },
    query<T>(sql: string): T[] {
      const stdout = wranglerSync(["d1", "execute", "DB", "--local", "--persist-to", persistDir, "--json", "--command", sql]);
      const parsed = JSON.parse(stdout.slice(stdout.indexOf("["))) as { results: T[] }[];
      return parsed[0]?.results ?? [];
    },
    async close() {
      kill();
      await new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        const t = setTimeout(() => {
          try {
            process.kill(-child.pid!, "SIGKILL");
          } catch {
            /* gone */
          }
          r();
        }, 5_000);
        child.once("exit", () => {
          clearTimeout(t);
          r();
        });
      });
      rmSync(persistDir, { recursive: true, force: true });
    },
  };
}
