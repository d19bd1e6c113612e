// `npm start` on a fresh machine (the built .build/node.mjs, as npm runs it): creates and migrates the SQLite file, serves /healthz; a wrong setting
// stops start-up with one line naming the variable.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig, ConfigError } from "../../src/config.js";

const root = join(import.meta.dirname, "..", "..");
// What `npm start` runs: "prestart" builds .build/node.mjs, then "start" is `node <flags> .build/node.mjs`.
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
const [node, ...startArgs] = pkg.scripts.start!.split(/\s+/);
const prestart = pkg.scripts.prestart!.split(/\s+/);
beforeAll(() => {
  expect(node).toBe("node");
  expect(prestart[0]).toBe("node");
  execFileSync(process.execPath, prestart.slice(1), { cwd: root, stdio: "pipe", env: { ...process.env, HUIBAO_BUILD_QUIET: "1" } });
}, 60_000);
const cleanEnv = () => {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("LARK_") && !k.startsWith("HUIBAO_") && k !== "DATABASE_URL") env[k] = v;
  return env;
};
const credentials = { LARK_APP_ID: "cli_a1b2c3d4e5f60718", LARK_APP_SECRET: "test-secret", LARK_VERIFICATION_TOKEN: "v_test_verification_token", LARK_ENCRYPT_KEY: "test-encrypt-key" };

/** Starts `npm start`'s command in `cwd`; resolves with the port once the server is up. */
function startIn(cwd: string, env: Record<string, string>): { child: ReturnType<typeof spawn>; port: Promise<number> } {
  const args = startArgs.map((a) => (a.endsWith(".mjs") ? join(root, a) : a));
  const child = spawn(process.execPath, args, { cwd, env: { ...cleanEnv(), PORT: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const port = new Promise<number>((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`no start-up line: ${out}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /"event":"server.started"[^\n]*"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, port };
}

async function stop(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.on("exit", r));
  child.kill("SIGTERM");
  await exited;
}

describe("start-up", () => {
  it("creates and migrates the database, then serves /healthz", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huibao-start-"));
    const dbFile = join(dir, "nested", "huibao.db");
    const child = spawn(process.execPath, startArgs, { cwd: root, env: { ...cleanEnv(), DATABASE_URL: `file:${dbFile}`, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        const t = setTimeout(() => reject(new Error(`no start-up line: ${out}`)), 30_000);
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /"event":"server.started"[^\n]*"port":(\d+)/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(Number(m[1]));
          }
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(r.status).toBe(200);
      const body = await r.json();
      expect(body).toMatchObject({ ok: true, database: true, inbox: { pending: 0, failed: 0 }, outbox: { pending: 0, failed: 0 } });
      expect(existsSync(dbFile)).toBe(true);
      const db = new Database(dbFile, { readonly: true });
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((t) => t.name);
      const migrations = db.prepare('SELECT migration_name FROM "_prisma_migrations"').all();
      db.close();
      expect(tables).toEqual(expect.arrayContaining(["Report", "Answer", "InboxEvent", "OutboxMessage", "_prisma_migrations"]));
      expect(migrations.length).toBeGreaterThan(0);
    } finally {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a wrong value stops start-up with one clear line naming the variable", async () => {
    const child = spawn(process.execPath, startArgs, { cwd: root, env: { ...cleanEnv(), PORT: "not-a-port" }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code).toBe(1);
    const lines = err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
  });

  it("webhook mode with credentials but no LARK_ENCRYPT_KEY stops start-up with one line naming it and why", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huibao-start-"));
    const env = {
      ...cleanEnv(),
      LARK_APP_ID: "cli_a1b2c3d4e5f60718",
      LARK_APP_SECRET: "s",
      LARK_VERIFICATION_TOKEN: "v_token",
      LARK_EVENT_MODE: "webhook",
      DATABASE_URL: `file:${join(dir, "huibao.db")}`,
      PORT: "0",
    };
    try {
      const child = spawn(process.execPath, startArgs, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
      let err = "";
      let out = "";
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      // Should it start after all, stop it (and fail) instead of waiting for the test's timeout.
      const started = setInterval(() => {
        if (/server\.started/.test(out)) child.kill("SIGTERM");
      }, 100);
      const code = await new Promise<number | null>((r) => child.on("exit", r)).finally(() => clearInterval(started));
      expect(out).not.toMatch(/server\.started/);
      expect(code).toBe(1);
      const lines = err.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/LARK_ENCRYPT_KEY/);
      expect(lines[0]).toMatch(/sign/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("HUIBAO_CONSOLE=1 together with Lark credentials is refused with one line naming it", async () => {
    const child = spawn(process.execPath, startArgs, { cwd: root, env: { ...cleanEnv(), ...credentials, HUIBAO_CONSOLE: "1", PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code).toBe(1);
    const lines = err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/HUIBAO_CONSOLE/);
    expect(lines[0]).toMatch(/LARK_APP_ID/);
  });

  it("the console and the real bot keep their data in different files by default (data/console.db, data/huibao.db)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "huibao-dbfiles-"));
    try {
      // The console (no credentials), started in an empty directory.
      const trial = startIn(dir, {});
      const r = await fetch(`http://127.0.0.1:${await trial.port}/console`);
      expect(r.status).toBe(200);
      await stop(trial.child);
      expect(existsSync(join(dir, "data", "console.db"))).toBe(true);
      expect(existsSync(join(dir, "data", "huibao.db"))).toBe(false);
      // The real bot in the same directory (the Open API is not reached at start): its own file.
      const real = startIn(dir, { ...credentials, LARK_DOMAIN: "http://127.0.0.1:9" });
      const h = await fetch(`http://127.0.0.1:${await real.port}/healthz`);
      expect(h.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${await real.port}/console`)).status).toBe(404);
      await stop(real.child);
      expect(existsSync(join(dir, "data", "huibao.db"))).toBe(true);
      const db = new Database(join(dir, "data", "console.db"), { readonly: true });
      const reports = db.prepare('SELECT COUNT(*) AS n FROM "Report"').get() as { n: number };
      db.close();
      expect(reports.n).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("validates each variable", () => {
    const bad: [Record<string, string>, string][] = [
      [{ LARK_DOMAIN: "ftp://x" }, "LARK_DOMAIN"],
      [{ LARK_EVENT_MODE: "poll" }, "LARK_EVENT_MODE"],
      [{ REPORT_TIMEZONE: "Mars/Base" }, "REPORT_TIMEZONE"],
      [{ DATABASE_URL: "postgres://x" }, "DATABASE_URL"],
      [{ PUBLIC_BASE_URL: "not a url" }, "PUBLIC_BASE_URL"],
      [{ DOWNLOAD_LINK_SECRET: "short" }, "DOWNLOAD_LINK_SECRET"],
      [{ LARK_APP_ID: "cli_x" }, "LARK_APP_SECRET"],
      [{ LARK_APP_ID: "cli_x", LARK_APP_SECRET: "s" }, "LARK_VERIFICATION_TOKEN"],
      [{ LARK_APP_ID: "cli_x", LARK_APP_SECRET: "s", LARK_VERIFICATION_TOKEN: "t" }, "LARK_ENCRYPT_KEY"],
      [{ LARK_APP_ID: "cli_x", LARK_APP_SECRET: "s", LARK_VERIFICATION_TOKEN: "t", LARK_ENCRYPT_KEY: "  ", HUIBAO_CONSOLE: "1" }, "LARK_ENCRYPT_KEY"],
      [{ HTTP_BODY_TIMEOUT_MS: "10s" }, "HTTP_BODY_TIMEOUT_MS"],
      [{ HTTP_BODY_TIMEOUT_MS: "0" }, "HTTP_BODY_TIMEOUT_MS"],
      [{ HTTP_MAX_CONNECTIONS: "-1" }, "HTTP_MAX_CONNECTIONS"],
      [{ HTTP_MAX_CONNECTIONS: "many" }, "HTTP_MAX_CONNECTIONS"],
      [{ ...credentials, HUIBAO_CONSOLE: "1" }, "HUIBAO_CONSOLE"],
      [{ INBOX_RETENTION_DAYS: "0" }, "INBOX_RETENTION_DAYS"],
      [{ INBOX_RETENTION_DAYS: "1.5" }, "INBOX_RETENTION_DAYS"],
      [{ INBOX_RETENTION_DAYS: "a week" }, "INBOX_RETENTION_DAYS"],
    ];
    for (const [env, name] of bad) {
      expect(() => loadConfig(env), name).toThrow(ConfigError);
      try {
        loadConfig(env);
      } catch (e) {
        expect((e as ConfigError).variable).toBe(name);
      }
    }
    // The Encrypt Key is required for webhook mode only: the long connection and the local console do without.
    expect(loadConfig({ LARK_APP_ID: "cli_x", LARK_APP_SECRET: "s", LARK_EVENT_MODE: "ws" }).lark.eventMode).toBe("ws");
    expect(loadConfig({ LARK_APP_ID: "cli_x", LARK_APP_SECRET: "s", LARK_VERIFICATION_TOKEN: "t", LARK_ENCRYPT_KEY: "k" }).lark.encryptKey).toBe("k");
    expect(loadConfig({}).http).toEqual({ bodyTimeoutMs: 10_000, maxConnections: 256 });
    expect(loadConfig({ HTTP_BODY_TIMEOUT_MS: "1500", HTTP_MAX_CONNECTIONS: "32" }).http).toEqual({ bodyTimeoutMs: 1500, maxConnections: 32 });
    const c = loadConfig({ LARK_DOMAIN: "lark" });
    expect(c.lark.domain).toBe("https://open.larksuite.com");
    expect(c.console).toBe(true);
    expect(loadConfig({ LARK_DOMAIN: "http://127.0.0.1:9999/" }).lark.domain).toBe("http://127.0.0.1:9999");
    // Default database files: the console's trial data apart from real reports; an explicit DATABASE_URL wins.
    expect(c.databaseUrl).toBe("file:./data/console.db");
    expect(loadConfig(credentials)).toMatchObject({ console: false, databaseUrl: "file:./data/huibao.db" });
    expect(loadConfig({ ...credentials, HUIBAO_CONSOLE: "0" }).console).toBe(false);
    expect(loadConfig({ DATABASE_URL: "file:/srv/x.db" }).databaseUrl).toBe("file:/srv/x.db");
    expect(loadConfig({}).inboxRetentionDays).toBe(7);
    expect(loadConfig({ INBOX_RETENTION_DAYS: "30" }).inboxRetentionDays).toBe(30);
  });
});
