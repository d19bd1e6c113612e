// Starts huibao the way `npm start` does (src/runtimes/node/main.ts), on a temporary SQLite file and a free port,
// against a fake Lark Open API on 127.0.0.1. Pushes are real-format Lark envelopes. By default they are handed to the
// app in-process, the way the long connection does: the envelope is read by describeEnvelope and given to receive()
// (src/app/runtime/receive.ts), the one acknowledgement sequence every transport uses. `transport: "http"` sends
// them over real HTTP to /lark/webhook instead, signed and encrypted (the webhook's own suites do).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNode, type NodeServer } from "../../src/runtimes/node/main.js";
import type { Runtime } from "../../src/compose.js";
import type { InboxStore } from "../../src/app/ports/inbox-store.js";
import { fetchLarkApi } from "../../src/adapters/lark/fetch-client.js";
import { sdkLarkApi } from "../../src/runtimes/node/sdk-client.js";
import { describeEnvelope } from "../../src/adapters/lark/envelope.js";
import { EVENT_ACK } from "../../src/adapters/http/webhook.js";
import { receive } from "../../src/app/runtime/receive.js";
import { FakeLark } from "./fake-lark.js";
import { cardActionEvent, ENCRYPT_KEY, messageEvent, sealed, TOKEN, type MessageOpts } from "./lark-payloads.js";

export class TestClock {
  offsetMs = 0;
  fixed: number | null = null;
  now = (): Date => new Date(this.fixed ?? Date.now() + this.offsetMs);
  advance(ms: number) {
    if (this.fixed !== null) this.fixed += ms;
    else this.offsetMs += ms;
  }
  /** Stops the clock at `iso`. */
  set(iso: string) {
    this.fixed = new Date(iso).getTime();
  }
  /** Moves the clock to `iso` and lets it run on from there. */
  runFrom(iso: string) {
    this.fixed = null;
    this.offsetMs = new Date(iso).getTime() - Date.now();
  }
}

export interface Harness {
  server: NodeServer;
  lark: FakeLark;
  clock: TestClock;
  dir: string;
  dbPath: string;
  base: string;
  /** Delivers a push (in-process, or over HTTP with `transport: "http"`; `raw`/`headers` always go over HTTP). */
  post(envelope: unknown, opts?: { raw?: string; headers?: Record<string, string> }): Promise<Response>;
  say(o: MessageOpts): Promise<Response>;
  click(o: Parameters<typeof cardActionEvent>[0]): Promise<any>;
  /** Waits until every stored event is processed and every due outbox row delivered. */
  settle(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The two Lark clients: the node-sdk one `npm start` uses, and the fetch one the Worker uses. */
export type LarkClientKind = "sdk" | "fetch";
/** How pushes reach the app: handed to receive() in-process (default), or POSTed to the webhook signed and encrypted. */
export type Transport = "in-process" | "http";
export const LARK_CLIENTS: readonly LarkClientKind[] = ["sdk", "fetch"];

/** The settings the harness starts huibao with (also for a child process running the same app). */
export function harnessEnv(larkUrl: string, dbPath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LARK_APP_ID: "cli_a1b2c3d4e5f60718",
    LARK_APP_SECRET: "test-secret",
    LARK_VERIFICATION_TOKEN: TOKEN,
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_DOMAIN: larkUrl,
    DATABASE_URL: `file:${dbPath}`,
    PORT: "0",
    DOWNLOAD_LINK_SECRET: "test-download-secret-0123456789",
    PUBLIC_BASE_URL: "http://huibao.test",
    ...extra,
  };
}

export async function startHarness(
  opts: {
    env?: Record<string, string>;
    lark?: FakeLark;
    dir?: string;
    clock?: TestClock;
    timeoutMs?: number;
    approvals?: Runtime["approvals"];
    /** Wraps the inbox storage port (test/helpers/faults.ts wrapInbox). */
    inbox?: (store: InboxStore) => InboxStore;
    client?: LarkClientKind;
    transport?: Transport;
  } = {},
): Promise<Harness> {
  const clock = opts.clock ?? new TestClock();
  const lark = opts.lark ?? (await new FakeLark().start());
  if (!opts.lark) lark.now = () => clock.now().getTime();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "huibao-test-"));
  const dbPath = join(dir, "huibao.db");
  const env = harnessEnv(lark.url, dbPath, opts.env);
  const boot = () =>
    startNode(env, {
      clock,
      quiet: true,
      sweepMs: 3_600_000,
      reminderMs: 0,
      lark: (opts.client === "fetch" ? fetchLarkApi : sdkLarkApi)({ appId: env.LARK_APP_ID!, appSecret: env.LARK_APP_SECRET!, domain: lark.url, timeoutMs: opts.timeoutMs ?? 2_000 }),
      approvals: opts.approvals,
      inbox: opts.inbox,
    });
  let server = await boot();
  /** Work receive() deferred (processing after the ack, the sweep after a card answer): settle() waits for it. */
  const deferred = new Set<Promise<unknown>>();
  const defer = (work: Promise<unknown>) => {
    const tracked = work.catch(() => undefined); // as the Node entry does: a failure is retried by the sweep
    deferred.add(tracked);
    void tracked.finally(() => deferred.delete(tracked));
  };
  const inProcess = async (envelope: unknown): Promise<Response> => {
    const json = JSON.stringify(envelope);
    const described = describeEnvelope(JSON.parse(json) as Record<string, unknown>, json);
    if ("error" in described) return Response.json({ error: "unknown_envelope", message: described.error }, { status: 400 });
    if (described.token !== TOKEN) return Response.json({ error: "bad_token" }, { status: 401 });
    try {
      const receipt = await receive(server.huibao.ingress, described.push, { defer });
      return Response.json(receipt.kind === "answer" ? receipt.answer : EVENT_ACK);
    } catch {
      return Response.json({ error: "internal_error" }, { status: 500 });
    }
  };
  const h: Harness = {
    get server() {
      return server;
    },
    lark,
    clock,
    dir,
    dbPath,
    get base() {
      return `http://127.0.0.1:${server.port}`;
    },
    async post(envelope, o = {}) {
      if (opts.transport !== "http" && o.raw === undefined && o.headers === undefined) return inProcess(envelope);
      const { body, headers } = o.raw !== undefined ? { body: o.raw, headers: {} } : sealed(envelope);
      return fetch(`${h.base}/lark/webhook`, { method: "POST", body, headers: { "content-type": "application/json", ...headers, ...o.headers } });
    },
    say(o) {
      return h.post(messageEvent({ botOpenId: lark.botOpenId, ...o }));
    },
    async click(o) {
      const r = await h.post(cardActionEvent(o));
      return r.json();
    },
    async settle() {
      for (let i = 0; i < 50; i++) {
        while (deferred.size > 0) await Promise.allSettled([...deferred]);
        await server.huibao.ingress.processor.idle();
        const { events, sent } = await server.huibao.ingress.sweep();
        await server.huibao.ingress.processor.idle();
        const due = await server.huibao.reports.db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] }, nextAttemptAt: { lte: clock.now() } } });
        if (events === 0 && sent === 0 && due === 0) {
          // Coalesced patches and paced sends wait a few hundred ms: move the test clock to the first of them rather
          // than sleep (a fixed clock would otherwise never bring them due).
          const later = await server.huibao.reports.db.outboxMessage.findFirst({
            // Only first deliveries (attempts 0): a retry's back-off is for the test to pass, never skipped here.
            where: { status: "pending", attempts: 0, nextAttemptAt: { lte: new Date(clock.now().getTime() + 1_000) } },
            orderBy: { nextAttemptAt: "asc" },
            select: { nextAttemptAt: true },
          });
          if (later === null) return;
          clock.advance(Math.max(1, later.nextAttemptAt.getTime() - clock.now().getTime()));
          continue;
        }
      }
    },
    async restart() {
      while (deferred.size > 0) await Promise.allSettled([...deferred]); // as the Node entry waits for its own
      await server.close();
      server = await boot();
    },
    async close() {
      while (deferred.size > 0) await Promise.allSettled([...deferred]);
      await server.close();
      if (!opts.lark) await lark.stop();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}
