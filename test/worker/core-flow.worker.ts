// The shared core flow (test/shared/core-flow.ts) on Cloudflare Workers + D1: src/runtimes/worker/main.ts under workerd
// (wrangler dev --local), its own cron handler for sweeps and reminders, the fetch-based Lark client talking to
// the fake Open API on 127.0.0.1. Its twin on Node + SQLite is test/shared/core-flow.node.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeLark } from "../helpers/fake-lark.js";
import { ENCRYPT_KEY, TOKEN } from "../helpers/lark-payloads.js";
import { approveReport, coreFlow, coreFlowEnv, coreFlowHolidayOverride, type FlowTarget } from "../shared/core-flow.js";
import { startWorkerDev, type WorkerDev } from "./wrangler-dev.js";

const SWEEP_CRON = "* * * * *";
const REMINDER_CRON = "*/5 * * * *";

let lark: FakeLark;
let w: WorkerDev;
let firstRequestMs = 0;

beforeAll(async () => {
  lark = await new FakeLark().start();
  w = await startWorkerDev({
    LARK_APP_ID: "cli_a1b2c3d4e5f60718",
    LARK_APP_SECRET: "test-secret",
    LARK_VERIFICATION_TOKEN: TOKEN,
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_DOMAIN: lark.url,
    LOG_LEVEL: "warn",
    HOLIDAY_OVERRIDE_JSON: coreFlowHolidayOverride(),
    ...coreFlowEnv(),
  });
  const t = performance.now();
  const r = await fetch(`${w.base}/healthz`);
  firstRequestMs = performance.now() - t;
  expect(r.status).toBe(200);
}, 150_000);

afterAll(async () => {
  if (w) console.log(`[worker] d1 migrations apply ${Math.round(w.timings.migrateMs)} ms, wrangler dev ready ${Math.round(w.timings.readyMs)} ms, first request ${Math.round(firstRequestMs)} ms`);
  await w?.close();
  await lark?.stop();
});

/**
 * fetch with one retry when wrangler dev closed an idle keep-alive connection just as it was reused (undici's
 * "other side closed"). Safe here: webhook deliveries are deduplicated, the other requests are reads.
 */
async function call(path: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(`${w.base}${path}`, init);
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    if (cause?.code !== "UND_ERR_SOCKET" && cause?.code !== "ECONNRESET") throw e;
    return fetch(`${w.base}${path}`, init);
  }
}

async function backlog(): Promise<number> {
  const r = await call("/healthz");
  const h = (await r.json()) as { inbox: { pending: number }; outbox: { pending: number } };
  return h.inbox.pending + h.outbox.pending;
}

const target = (): FlowTarget => ({
  lark,
  post: (body, headers) => call("/lark/webhook", { method: "POST", body, headers }),
  get: (path) => call(path),
  async settle() {
    // Work after the acknowledgement runs in waitUntil; the cron sweep is the safety net. Both end when the
    // inbox and the outbox are empty (including coalesced patches that come due a few hundred ms later).
    for (let i = 0; i < 100; i++) {
      if ((await backlog()) === 0) return;
      await w.scheduled(SWEEP_CRON);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`backlog did not drain:\n${w.output().slice(-3000)}`);
  },
  async remind(at) {
    await w.scheduled(REMINDER_CRON, at);
  },
  async inboxRow(eventId) {
    const rows = w.query<{ eventType: string; status: string }>(`SELECT eventType, status FROM InboxEvent WHERE eventId = '${eventId.replace(/'/g, "''")}'`);
    return rows[0] ?? null;
  },
});

describe("core flow on Cloudflare Workers + D1 (workerd)", () => {
  it("answers /healthz from D1", async () => {
    const r = await fetch(`${w.base}/healthz`);
    expect(await r.json()).toMatchObject({ ok: true, database: true });
  });
  coreFlow(target);

  it("D1 has the approval triggers, each decision's next state is where its round went, and its follow-up is done with one audit entry", async () => {
    // Its own report, taken to 审定 through the webhook; then one `wrangler d1 execute` (each costs a few seconds).
    const { reportId, level2 } = await approveReport(target);
    expect(level2).toMatchObject({ type: "success", content: "已同意，报告已审定" });
    const rows = w.query<{ level: number; nextLevel: number; nextStatus: string; currentLevel: number; status: string; updatedAt: string; createdAt: string; triggers: string; effectsAt: string | null; effectsDueAt: string | null; audits: number }>(
      `SELECT d.level, d.nextLevel, d.nextStatus, d.createdAt, r.currentLevel, r.status, r.updatedAt, d.effectsAt, d.effectsDueAt,
        (SELECT count(*) FROM AuditEntry a WHERE a.decisionId = d.id) AS audits,
        (SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name)) AS triggers
       FROM ApprovalDecision d JOIN ApprovalRound r ON r.id = d.roundId WHERE r.reportId = '${reportId.replace(/'/g, "''")}' ORDER BY d.level`,
    );
    expect(rows[0]?.triggers).toBe("ApprovalDecision_moves_round,ApprovalDecision_round_running");
    expect(rows.map((r) => [r.level, r.nextLevel, r.nextStatus])).toEqual([
      [0, 1, "running"],
      [1, 1, "approved"],
    ]);
    expect(rows[1]).toMatchObject({ currentLevel: 1, status: "approved", updatedAt: rows[1]!.createdAt });
    expect(rows[1]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    for (const r of rows) expect(r).toMatchObject({ effectsDueAt: null, audits: 1, effectsAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it("the cron sweep runs a decision's follow-up left due (as after a crash), and running it again queues and records nothing new", async () => {
    const count = () => w.query<{ outbox: number; audits: number; open: number }>(
      `SELECT (SELECT count(*) FROM OutboxMessage) AS outbox, (SELECT count(*) FROM AuditEntry WHERE decisionId IS NOT NULL) AS audits, (SELECT count(*) FROM ApprovalDecision WHERE effectsAt IS NULL) AS open`,
    )[0]!;
    const before = count();
    const messages = lark.messages.length;
    w.query(`UPDATE ApprovalDecision SET effectsAt = NULL, effectsDueAt = '2000-01-01T00:00:00.000+00:00'`);
    await w.scheduled(SWEEP_CRON);
    expect(count()).toEqual({ ...before, open: 0 });
    expect(lark.messages.length).toBe(messages);
  });
});
