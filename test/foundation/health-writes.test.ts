// /healthz tells the truth about writes. The real Node entry runs as a child process; its file-size limit
// (RLIMIT_FSIZE, set from outside with prlimit) makes writes fail for real — the kernel refuses them with
// EFBIG, root included, and SQLite reports an I/O error — and is lifted again to let them recover:
//   - limit 1 byte: no write reaches the WAL (a disk that takes no more data). /healthz answers 503 with the
//     error and its age; a push is not acknowledged; repeated failures are logged with back-off;
//   - limit just above the database file: rows still reach the WAL, but the checkpoint cannot copy them into a
//     file that would have to grow. /healthz answers 503 with the checkpoint's error; its failures (one every
//     250 ms) are logged once, then held back.
// Once the limit is lifted, /healthz answers 200 again and the recovery is logged.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { FakeLark } from "../helpers/fake-lark.js";
import { ENCRYPT_KEY, messageEvent, sealed, TOKEN, uid } from "../helpers/lark-payloads.js";
import { buildEntry, cleanEnv, NodeProcess } from "../helpers/node-process.js";

let args: string[];
beforeAll(() => {
  try {
    execFileSync("prlimit", ["--version"], { stdio: "pipe" });
  } catch {
    throw new Error("this test needs prlimit (util-linux, present on every Debian system) to limit the server's file size");
  }
  args = buildEntry("health");
}, 60_000);

interface Failing {
  source: string;
  error: { name: string; code?: string };
  ageMs: number;
  failures: number;
}
interface Health {
  status: number;
  body: { ok: boolean; database: boolean; writes: { ok: boolean; failing: Failing[]; lastError: null | (Failing & { recovered: boolean }) } };
}

describe("health and failing writes", () => {
  it("503 with the error while the database cannot be written (rows, then checkpoints), 200 again once it can", async () => {
    const fake = await new FakeLark().start();
    const dir = mkdtempSync(join(tmpdir(), "huibao-health-"));
    const dbFile = join(dir, "huibao.db");
    const p = await NodeProcess.start(args, {
      ...cleanEnv(),
      LARK_APP_ID: "cli_a1b2c3d4e5f60718",
      LARK_APP_SECRET: "test-secret",
      LARK_VERIFICATION_TOKEN: TOKEN,
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
      LARK_DOMAIN: fake.url,
      DATABASE_URL: `file:${dbFile}`,
      PORT: "0",
      DOWNLOAD_LINK_SECRET: "test-download-secret-0123456789",
    });
    const health = async (): Promise<Health> => {
      const r = await fetch(p.url("/healthz"));
      return { status: r.status, body: (await r.json()) as Health["body"] };
    };
    const limitFileSize = (soft: string) => execFileSync("prlimit", ["--pid", String(p.pid), `--fsize=${soft}:unlimited`]);
    const push = async (envelope: unknown) => {
      const { body, headers } = sealed(envelope);
      return (await fetch(p.url("/lark/webhook"), { method: "POST", body, headers })).status;
    };
    const chatId = uid("oc_health_");
    try {
      expect(await health()).toMatchObject({ status: 200, body: { ok: true, writes: { ok: true, failing: [], lastError: null } } });
      const rowsFailing = (h: Health) => h.body.writes.failing.find((f) => f.source !== "checkpoint");

      // 1. Nothing can be written.
      const help = messageEvent({ chatId, text: "帮助", botOpenId: fake.botOpenId });
      try {
        limitFileSize("1");
        const h = await health();
        expect(h.status).toBe(503);
        expect(h.body).toMatchObject({ ok: false, database: true, writes: { ok: false } });
        // The health check's own probe write failed: the error, and its age.
        expect(rowsFailing(h)).toMatchObject({ source: "database", error: { code: "SQLITE_IOERR_WRITE" }, failures: 1 });
        expect(rowsFailing(h)!.ageMs).toBeGreaterThanOrEqual(0);
        // A push that cannot be stored is not acknowledged: Lark will deliver it again.
        expect(await push(help)).toBe(500);
        for (let i = 0; i < 10; i++) expect((await health()).status).toBe(503);
        expect(rowsFailing(await health())!.failures).toBeGreaterThanOrEqual(12);
        // Twelve failed row writes and more (the probes, the push): the first logged at once, the rest held back
        // (a second line only if this took over 10 s on a loaded machine).
        const lines = p.lines().filter((l) => l.event === "storage.write_failed" && l.source !== "checkpoint");
        expect(lines.length).toBeGreaterThanOrEqual(1);
        expect(lines.length).toBeLessThanOrEqual(2);
        expect(lines[0]).toMatchObject({ level: "error", error: { code: "SQLITE_IOERR_WRITE" } });
      } finally {
        limitFileSize("unlimited");
      }
      // (A checkpoint that failed meanwhile recovers at its next run, within 250 ms.)
      const back = await p.waitFor(async () => {
        const h = await health();
        return h.status === 200 ? h : undefined;
      }, 20_000, "/healthz to answer 200 again");
      expect(back.body.writes).toMatchObject({ ok: true, failing: [], lastError: { recovered: true } });
      await p.waitForLine((l) => l.event === "storage.write_recovered" && l.source !== "checkpoint");
      // Lark's redelivery is stored and answered now.
      expect(await push(help)).toBe(200);
      await p.waitFor(() => fake.messages.some((m) => m.replyTo === help.event.message.message_id), 20_000, "the reply to the redelivered push");

      // 2. Rows reach the WAL, but the database file cannot grow to take them. (The WAL is emptied first, the
      // way an operator's sqlite3 would, so that the new rows fit under the limit in the WAL.)
      const own = new Database(dbFile, { timeout: 5_000 });
      try {
        // Busy while another connection is mid-transaction or checkpointing: try again.
        await p.waitFor(() => (own.pragma("wal_checkpoint(TRUNCATE)") as { busy: number }[])[0]!.busy === 0, 10_000, "the WAL to be emptied");
      } finally {
        own.close();
      }
      const size = statSync(dbFile).size;
      try {
        limitFileSize(String(size + 16 * 1024));
        // Ordinary chatter of 36 KB: stored (the WAL has room), but it needs more new pages in the database file than
        // the 16 KB the limit leaves.
        expect(await push(messageEvent({ chatId, text: "长".repeat(12_000), atBot: false }))).toBe(200);
        const failing = await p.waitFor(
          async () => {
            const h = await health();
            const f = h.body.writes.failing.find((x) => x.source === "checkpoint");
            return h.status === 503 && f && f.failures >= 8 ? f : undefined;
          },
          20_000,
          "checkpoints to fail",
        );
        expect(failing.error).toMatchObject({ code: "SQLITE_IOERR_WRITE" });
        // Row writes still work meanwhile: only the checkpoint is failing.
        expect((await health()).body.writes.failing.map((f) => f.source)).toEqual(["checkpoint"]);
        // Eight failed checkpoints and more (one every 250 ms) since the WAL was emptied: logged once (twice if
        // this took over 10 s).
        const since = p.lines().findIndex((l) => l.event === "storage.write_recovered" && l.source !== "checkpoint");
        const checkpointLines = p.lines().slice(since).filter((l) => l.event === "storage.write_failed" && l.source === "checkpoint");
        expect(checkpointLines.length).toBeGreaterThanOrEqual(1);
        expect(checkpointLines.length).toBeLessThanOrEqual(2);
      } finally {
        limitFileSize("unlimited");
      }
      await p.waitFor(async () => (await health()).status === 200, 20_000, "/healthz to answer 200 again");
      await p.waitForLine((l) => l.event === "storage.write_recovered" && l.source === "checkpoint");
    } finally {
      await p.stop();
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
