// Where one ingress event's CPU time goes, measured in-process, one stage at a time (µs per event):
// opening the push (signature, decryption, JSON), storing it through Prisma vs. better-sqlite3 directly
// (one commit per event vs. one per batch), and the work after the acknowledgement (claim, bot, complete,
// outbox pass). Used by bench/ingress.ts; also runnable alone: npx tsx bench/ingress-breakdown.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startNode } from "../src/runtimes/node/main.js";
import { migrateSqlite, openPrisma } from "../src/runtimes/node/db.js";
import { openLarkPush, type LarkPush } from "../src/adapters/http/lark-envelope.js";
import { PrismaInboxStore } from "../src/adapters/prisma/inbox.js";
import { localDate } from "../src/domain/time-zone.js";
import { FakeLark } from "../test/helpers/fake-lark.js";
import { ENCRYPT_KEY, messageEvent, sealed, TOKEN } from "../test/helpers/lark-payloads.js";
import { fmt, table } from "./lib.js";

export interface Stage {
  stage: string;
  usPerEvent: number;
  note: string;
}

function bodies(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const s = sealed(
      messageEvent({ atBot: false, chatId: `oc_bd_${i % 100}`, sender: `ou_bd_${i % 37}`, eventId: `ev_${prefix}_${i}`, messageId: `om_${prefix}_${i}`, text: `收到，我这边下午把第二部分补充完整（${i}）` }),
    );
    return { raw: new TextEncoder().encode(s.body), headers: new Headers(s.headers) };
  });
}

async function timeIt(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return ((performance.now() - t0) * 1000) / n;
}

export async function breakdown(n = 2000): Promise<{ stages: Stage[]; synchronous: number }> {
  const dir = mkdtempSync(join(tmpdir(), "huibao-breakdown-"));
  const lark = await new FakeLark().start();
  const server = await startNode(
    {
      LARK_APP_ID: "cli_a1b2c3d4e5f60718",
      LARK_APP_SECRET: "bench-secret",
      LARK_VERIFICATION_TOKEN: TOKEN,
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
      LARK_DOMAIN: lark.url,
      DATABASE_URL: `file:${join(dir, "app.db")}`,
      PORT: "0",
    },
    { quiet: true, sweepMs: 3_600_000 },
  );
  const stages: Stage[] = [];
  const secrets = { verificationToken: TOKEN, encryptKey: ENCRYPT_KEY };
  try {
    // 1. Opening the push.
    const warm = bodies("bdw", 300);
    for (const b of warm) await openLarkPush(b.raw, b.headers, secrets);
    const open = bodies("bdo", n);
    const pushes: LarkPush[] = [];
    stages.push({
      stage: "open push: signature + AES decrypt + JSON + checks (openLarkPush)",
      usPerEvent: await timeIt(n, async (i) => {
        const o = await openLarkPush(open[i]!.raw, open[i]!.headers, secrets);
        if (o.kind !== "push") throw new Error(`breakdown: push rejected: ${JSON.stringify(o)}`);
        pushes.push(o.push);
      }),
      note: "node:crypto (startNode installs it; Workers: Web Crypto)",
    });

    // 2. Storing through Prisma (a second client on its own file, so the app's sweep cannot interfere).
    const pPath = join(dir, "prisma.db");
    migrateSqlite(pPath);
    const db = openPrisma(pPath);
    const inbox = new PrismaInboxStore(db);
    const now = new Date();
    const row = (p: LarkPush, suffix = "") => ({ eventId: p.eventId + suffix, messageId: p.messageId ? p.messageId + suffix : undefined, eventType: p.eventType, chatId: p.chatId, payload: p.json });
    for (let i = 0; i < 200; i++) await inbox.add(row(pushes[i]!, "w"), now);
    stages.push({
      stage: "store: Prisma inboxEvent.create, awaited one at a time",
      usPerEvent: await timeIt(n, (i) => inbox.add(row(pushes[i]!), now)),
      note: "what PrismaInboxStore.add does per request",
    });
    {
      const t0 = performance.now();
      for (let i = 0; i < n; i += 50) await Promise.all(pushes.slice(i, i + 50).map((p) => inbox.add(row(p, "c"), now)));
      stages.push({ stage: "store: Prisma inboxEvent.create, 50 in flight", usPerEvent: ((performance.now() - t0) * 1000) / n, note: "as under concurrent requests" });
    }
    stages.push({
      stage: "store: redelivery through Prisma (unique violation caught)",
      usPerEvent: await timeIt(Math.min(n, 500), (i) => inbox.add(row(pushes[i]!), now)),
      note: "P2002 thrown and caught",
    });
    stages.push({
      stage: "Prisma $executeRawUnsafe('SELECT 1')",
      usPerEvent: await timeIt(n, () => db.$queryRawUnsafe("SELECT 1")),
      note: "fixed cost of one Prisma round-trip",
    });
    await db.$disconnect();

    // 3. Storing with better-sqlite3 directly: one commit per event, then one commit per 50 events.
    const rPath = join(dir, "raw.db");
    migrateSqlite(rPath);
    const raw = new Database(rPath);
    raw.pragma("journal_mode = WAL");
    const synchronous = raw.pragma("synchronous", { simple: true }) as number;
    const insert = raw.prepare(
      `INSERT INTO InboxEvent (eventId, messageId, eventType, chatId, payload, status, attempts, nextAttemptAt, receivedAt)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const ms = now.getTime();
    const put = (p: LarkPush, s: string) => insert.run(p.eventId + s, p.messageId ? p.messageId + s : null, p.eventType, p.chatId ?? null, p.json, ms, ms).changes === 1;
    stages.push({ stage: "store: better-sqlite3 prepared INSERT … ON CONFLICT DO NOTHING, 1 commit each", usPerEvent: await timeIt(n, (i) => put(pushes[i]!, "a")), note: `same WAL file settings (synchronous=${synchronous})` });
    const batch = raw.transaction((ps: LarkPush[], s: string) => ps.map((p) => put(p, s)));
    {
      const t0 = performance.now();
      for (let i = 0; i < n; i += 50) batch(pushes.slice(i, i + 50), "b");
      stages.push({ stage: "store: better-sqlite3, 50 events per commit (group commit)", usPerEvent: ((performance.now() - t0) * 1000) / n, note: "what a batched inbox writer would pay" });
    }
    raw.close();

    // 4. Work after the acknowledgement, in the real app (the row was stored already claimed): Bot.handle (ordinary chatter), complete, outbox pass.
    const ing = server.huibao.ingress;
    const work = bodies("bdp", n);
    const stored: LarkPush[] = [];
    for (const b of work) {
      const o = await openLarkPush(b.raw, b.headers, secrets);
      if (o.kind === "push") stored.push(o.push);
    }
    for (let i = 0; i < 200; i++) await ing.store(stored[i]!);
    for (let i = 0; i < 200; i++) await ing.afterAck(stored[i]!);
    stages.push({ stage: "app: ingress.store (SQLite inbox, stored claimed, one event per commit here)", usPerEvent: await timeIt(n - 200, (i) => ing.store(stored[i + 200]!)), note: "the acknowledgement path's storage; batched under load" });
    stages.push({ stage: "app: ingress.afterAck (bot, touchMember, complete; claimed at insert)", usPerEvent: await timeIt(n - 200, (i) => ing.afterAck(stored[i + 200]!)), note: "ordinary group message: no reply, no outbox pass" });
    stages.push({ stage: "  localDate(now, tz) (cached Intl.DateTimeFormat), when needed", usPerEvent: await timeIt(n, () => localDate(new Date(), "Asia/Shanghai")), note: "src/domain/time-zone.ts" });
    return { stages, synchronous };
  } finally {
    await server.close();
    await lark.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function breakdownTable(stages: Stage[]): string {
  return table(
    ["stage", "µs / event", "events/s on one core", "note"],
    stages.map((s) => [s.stage, fmt(s.usPerEvent, 1), fmt(1e6 / s.usPerEvent, 0), s.note]),
  );
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const r = await breakdown(Number(process.env.BENCH_BREAKDOWN_N ?? 2000));
  console.log(breakdownTable(r.stages));
}
