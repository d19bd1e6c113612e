// The Node inbox (src/runtimes/node/sqlite-inbox.ts) on a real, migrated SQLite file, side by side with Prisma on the
// same file: deduplication by event id and by message id, concurrent deliveries, claims, completion, failure,
// the sweep's claim, and rows written by either side read by the other.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateSqlite, openPrisma } from "../../src/runtimes/node/db.js";
import { SqliteInboxStore, sqliteDateTime } from "../../src/runtimes/node/sqlite-inbox.js";
import { startCheckpointer } from "../../src/runtimes/node/sqlite-checkpointer.js";
import { PrismaInboxStore } from "../../src/adapters/prisma/inbox.js";
import type { Db } from "../../src/adapters/prisma/db.js";
import type { NewInboxRow } from "../../src/app/ports/inbox-store.js";

let dir: string;
let path: string;
let db: Db;
let inbox: SqliteInboxStore;
let n = 0;
const uid = (p: string) => `${p}${Date.now().toString(36)}_${++n}`;
const row = (o: Partial<NewInboxRow> = {}): NewInboxRow => ({
  eventId: uid("ev_"),
  messageId: uid("om_"),
  eventType: "im.message.receive_v1",
  chatId: "oc_chat",
  payload: JSON.stringify({ hello: n }),
  ...o,
});
const T0 = new Date("2025-03-10T02:03:04.567Z");

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "huibao-sqlite-inbox-"));
  path = join(dir, "huibao.db");
  migrateSqlite(path);
  db = openPrisma(path);
  inbox = new SqliteInboxStore(path);
});
afterAll(async () => {
  inbox?.close();
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe("SqliteInboxStore", () => {
  it("writes DateTime exactly as Prisma's adapter does", async () => {
    const viaPrisma = row();
    await new PrismaInboxStore(db).add(viaPrisma, T0);
    const ours = row();
    expect(await inbox.add(ours, T0)).toBe(true);
    const raw = new Database(path, { readonly: true });
    try {
      const rs = raw.prepare(`SELECT eventId, typeof(receivedAt) AS t, receivedAt, nextAttemptAt FROM InboxEvent WHERE eventId IN (?, ?)`).all(viaPrisma.eventId, ours.eventId) as {
        eventId: string;
        t: string;
        receivedAt: string;
        nextAttemptAt: string;
      }[];
      expect(rs).toHaveLength(2);
      const prismaRow = rs.find((r) => r.eventId === viaPrisma.eventId)!;
      const ourRow = rs.find((r) => r.eventId === ours.eventId)!;
      expect(ourRow.t).toBe(prismaRow.t);
      expect(ourRow.receivedAt).toBe(prismaRow.receivedAt);
      expect(ourRow.nextAttemptAt).toBe(prismaRow.nextAttemptAt);
      expect(ourRow.receivedAt).toBe(sqliteDateTime(T0));
    } finally {
      raw.close();
    }
    // And Prisma reads ours back as the same instant, and filters on it.
    const read = await db.inboxEvent.findUnique({ where: { eventId: ours.eventId } });
    expect(read).toMatchObject({ eventId: ours.eventId, messageId: ours.messageId, chatId: "oc_chat", status: "pending", attempts: 0, payload: ours.payload });
    expect(read!.receivedAt.toISOString()).toBe(T0.toISOString());
    expect(await db.inboxEvent.count({ where: { eventId: { in: [ours.eventId, viaPrisma.eventId] }, nextAttemptAt: { lte: T0 } } })).toBe(2);
    expect(await db.inboxEvent.count({ where: { eventId: { in: [ours.eventId, viaPrisma.eventId] }, nextAttemptAt: { lt: T0 } } })).toBe(0);
  });

  it("deduplicates by event id and by message id, without an exception", async () => {
    const r = row();
    expect(await inbox.add(r, T0)).toBe(true);
    expect(await inbox.add(r, T0)).toBe(false);
    // Lark redelivers the same message under a new event id.
    expect(await inbox.add({ ...r, eventId: uid("ev_") }, T0)).toBe(false);
    // A row without a message id (e.g. a card callback) is deduplicated by its event id alone.
    const noMsg = row({ messageId: undefined, eventType: "card.action.trigger" });
    expect(await inbox.add(noMsg, T0)).toBe(true);
    expect(await inbox.add(noMsg, T0)).toBe(false);
    expect(await inbox.add(row({ messageId: undefined }), T0)).toBe(true); // NULL message ids do not collide
    expect(await db.inboxEvent.count({ where: { messageId: r.messageId } })).toBe(1);
    expect(await db.inboxEvent.count({ where: { eventId: noMsg.eventId } })).toBe(1);
  });

  it("deduplicates against a row Prisma wrote", async () => {
    const r = row();
    expect(await new PrismaInboxStore(db).add(r, T0)).toBe(true);
    expect(await inbox.add(r, T0)).toBe(false);
    expect(await inbox.add({ ...r, eventId: uid("ev_") }, T0)).toBe(false);
  });

  it("concurrent deliveries of one event (same turn and later turns) store one row, and exactly one caller is told it was stored", async () => {
    const r = row();
    const again = { ...r, eventId: uid("ev_") };
    const first = await Promise.all([inbox.add(r, T0), inbox.add(r, T0), inbox.add(again, T0), inbox.add(r, T0)]);
    const later = await Promise.all([inbox.add(r, T0), new Promise<boolean>((res) => setImmediate(() => void inbox.add(again, T0).then(res)))]);
    expect([...first, ...later].filter(Boolean)).toHaveLength(1);
    expect(first[0]).toBe(true);
    expect(await db.inboxEvent.count({ where: { messageId: r.messageId } })).toBe(1);
  });

  it("group commit: a burst in one turn is stored completely, each caller answered after the commit", async () => {
    const rows = Array.from({ length: 300 }, () => row({ chatId: "oc_burst" }));
    const results = await Promise.all(rows.map((r) => inbox.add(r, T0)));
    expect(results.every((x) => x === true)).toBe(true);
    // Visible to another connection as soon as the promise resolved: committed, not just queued.
    const raw = new Database(path, { readonly: true });
    try {
      expect((raw.prepare(`SELECT COUNT(*) AS c FROM InboxEvent WHERE chatId = 'oc_burst'`).get() as { c: number }).c).toBe(300);
    } finally {
      raw.close();
    }
  });

  it("addClaimed stores the row already claimed (a repeat gets null); a restart releases it to pending", async () => {
    const r = row();
    const claimed = await inbox.addClaimed(r, T0, 60_000);
    expect(claimed).toMatchObject({ eventId: r.eventId, eventType: r.eventType, chatId: r.chatId, payload: r.payload, attempts: 0 });
    expect(typeof claimed!.id).toBe("number");
    expect(await inbox.addClaimed(r, T0, 60_000)).toBeNull();
    expect(await inbox.add(r, T0)).toBe(false);
    expect(await inbox.claim(r.eventId, T0, 60_000)).toBeNull();
    let p = await db.inboxEvent.findUnique({ where: { eventId: r.eventId } });
    expect(p).toMatchObject({ id: claimed!.id, status: "processing", attempts: 0 });
    expect(p!.lockedUntil!.getTime()).toBe(T0.getTime() + 60_000);
    expect(p!.receivedAt.getTime()).toBe(T0.getTime());
    // The process died before handling it: start-up hands it back, and the sweep's claim finds it.
    expect(await inbox.releaseAbandoned(T0)).toBeGreaterThanOrEqual(1);
    p = await db.inboxEvent.findUnique({ where: { eventId: r.eventId } });
    expect(p).toMatchObject({ status: "pending", lockedUntil: null });
    const again = await inbox.claim(r.eventId, T0, 60_000);
    expect(again).toMatchObject({ id: claimed!.id, eventId: r.eventId });
    await inbox.complete(again!.id, T0);
  });

  it("claim → complete; a second claim gets nothing; Prisma sees the result", async () => {
    const r = row();
    await inbox.add(r, T0);
    const claimed = await inbox.claim(r.eventId, T0, 60_000);
    expect(claimed).toMatchObject({ eventId: r.eventId, eventType: r.eventType, chatId: r.chatId, payload: r.payload, attempts: 0 });
    expect(typeof claimed!.id).toBe("number");
    expect(await inbox.claim(r.eventId, T0, 60_000)).toBeNull();
    let p = await db.inboxEvent.findUnique({ where: { eventId: r.eventId } });
    expect(p!.status).toBe("processing");
    expect(p!.lockedUntil!.getTime()).toBe(T0.getTime() + 60_000);
    const done = new Date(T0.getTime() + 1234);
    await inbox.complete(claimed!.id, done);
    p = await db.inboxEvent.findUnique({ where: { eventId: r.eventId } });
    expect(p).toMatchObject({ status: "done", lockedUntil: null, lastError: null });
    expect(p!.processedAt!.getTime()).toBe(done.getTime());
    expect(await inbox.claim(r.eventId, T0, 60_000)).toBeNull();
  });

  it("fail: a retry goes back to pending with its next attempt time; a final failure is parked", async () => {
    const r = row();
    await inbox.add(r, T0);
    const c = (await inbox.claim(r.eventId, T0, 60_000))!;
    const retryAt = new Date(T0.getTime() + 5_000);
    await inbox.fail(c.id, "Error: boom", retryAt);
    let p = await db.inboxEvent.findUnique({ where: { id: c.id } });
    expect(p).toMatchObject({ status: "pending", attempts: 1, lastError: "Error: boom", lockedUntil: null });
    expect(p!.nextAttemptAt.getTime()).toBe(retryAt.getTime());
    const c2 = (await inbox.claim(r.eventId, T0, 60_000))!;
    expect(c2.attempts).toBe(1);
    await inbox.fail(c2.id, "Error: again", null);
    p = await db.inboxEvent.findUnique({ where: { id: c.id } });
    expect(p).toMatchObject({ status: "failed", attempts: 2, lastError: "Error: again" });
    expect(p!.nextAttemptAt.getTime()).toBe(retryAt.getTime());
  });

  it("claimDue: due pending rows and expired leases, oldest first, whoever wrote them; not rows due later or leased", async () => {
    // Settle everything earlier tests left pending, far in the future, so only this test's rows are due below.
    const far = new Date("2100-01-01T00:00:00Z");
    for (let rows = await inbox.claimDue(far, 1, 1000); rows.length; rows = await inbox.claimDue(far, 1, 1000)) for (const x of rows) await inbox.complete(x.id, far);

    const t = new Date("2030-01-01T00:00:00.000Z");
    const a = row({ chatId: "oc_due" });
    const b = row({ chatId: "oc_due" });
    const later = row({ chatId: "oc_due" });
    const leased = row({ chatId: "oc_due" });
    await new PrismaInboxStore(db).add(a, t); // written by Prisma
    await inbox.add(b, new Date(t.getTime() + 1));
    await inbox.add(later, new Date(t.getTime() + 60_000));
    await inbox.add(leased, t);
    await inbox.claim(leased.eventId, t, 30_000); // lease until t + 30 s

    const now = new Date(t.getTime() + 10_000);
    const due = await inbox.claimDue(now, 60_000, 10);
    expect(due.map((d) => d.eventId)).toEqual([a.eventId, b.eventId]);
    expect(await inbox.claimDue(now, 60_000, 10)).toEqual([]);
    // After the lease expired, the abandoned row is claimed again (and the row due later, now due).
    const after = await inbox.claimDue(new Date(t.getTime() + 61_000), 60_000, 10);
    expect(after.map((d) => d.eventId).sort()).toEqual([later.eventId, leased.eventId].sort());
    // The limit is honoured.
    const many = Array.from({ length: 5 }, () => row({ chatId: "oc_due" }));
    for (const m of many) await inbox.add(m, t);
    const two = await inbox.claimDue(now, 60_000, 2);
    expect(two.map((d) => d.eventId)).toEqual([many[0]!.eventId, many[1]!.eventId]);
  });

  it("backlog and releaseAbandoned", async () => {
    const before = await inbox.backlog();
    const viaPrisma = await new PrismaInboxStore(db).backlog();
    expect(before).toEqual(viaPrisma);
    const r = row();
    await inbox.add(r, T0);
    await inbox.claim(r.eventId, T0, 60_000);
    expect((await inbox.backlog()).pending).toBe(before.pending + 1);
    const processing = await db.inboxEvent.count({ where: { status: "processing" } });
    const now = new Date("2031-01-01T00:00:00Z");
    expect(await inbox.releaseAbandoned(now)).toBe(processing);
    const p = await db.inboxEvent.findUnique({ where: { eventId: r.eventId } });
    expect(p).toMatchObject({ status: "pending", lockedUntil: null });
    expect(p!.nextAttemptAt.getTime()).toBe(now.getTime());
  });

  it("touchMember writes the ChatMember row Prisma's upsert would, and updates lastSeen", async () => {
    const t1 = new Date(T0.getTime() + 60_000);
    await inbox.touchMember("oc_m", "ou_a", T0);
    await db.chatMember.upsert({ where: { chatId_openId: { chatId: "oc_m", openId: "ou_b" } }, create: { chatId: "oc_m", openId: "ou_b", lastSeen: T0 }, update: { lastSeen: T0 } });
    const raw = new Database(path, { readonly: true });
    try {
      const rs = raw.prepare(`SELECT openId, lastSeen, typeof(lastSeen) AS t FROM ChatMember WHERE chatId = 'oc_m' ORDER BY openId`).all() as { openId: string; lastSeen: string; t: string }[];
      expect(rs.map((r) => [r.lastSeen, r.t])).toEqual([
        [sqliteDateTime(T0), "text"],
        [sqliteDateTime(T0), "text"],
      ]);
    } finally {
      raw.close();
    }
    await inbox.touchMember("oc_m", "ou_a", t1);
    const m = await db.chatMember.findUnique({ where: { chatId_openId: { chatId: "oc_m", openId: "ou_a" } } });
    expect(m!.lastSeen.getTime()).toBe(t1.getTime());
    expect(await db.chatMember.count({ where: { chatId: "oc_m" } })).toBe(2);
  });

  it("waits for another connection's write lock without blocking the event loop", async () => {
    const other = new Database(path);
    try {
      other.prepare("BEGIN IMMEDIATE").run();
      const r = row();
      const pending = inbox.add(r, T0);
      const claimWhileLocked = inbox.claim("ev_none", T0, 1000);
      // The event loop keeps turning while the lock is held (a synchronous busy wait would stall this timer).
      const t0 = performance.now();
      await new Promise((res) => setTimeout(res, 40));
      expect(performance.now() - t0).toBeLessThan(1000);
      other.prepare("COMMIT").run();
      expect(await pending).toBe(true);
      expect(await claimWhileLocked).toBeNull();
      expect(await db.inboxEvent.count({ where: { eventId: r.eventId } })).toBe(1);
    } finally {
      other.close();
    }
  });

  it("with automatic checkpoints off, the checkpoint worker moves the WAL into the database file", async () => {
    inbox.setAutoCheckpoint(0);
    for (let i = 0; i < 50; i++) await inbox.add(row({ chatId: "oc_ckpt", payload: "x".repeat(2000) }), T0);
    // The rows are in the WAL only: the database file grows when they are checkpointed into it.
    const before = statSync(path).size;
    const cp = startCheckpointer(path, { everyMs: 20 });
    try {
      const t0 = performance.now();
      while (statSync(path).size <= before && performance.now() - t0 < 5_000) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await cp.stop();
    }
    expect(statSync(path).size).toBeGreaterThan(before + 50 * 2000);
    expect(await db.inboxEvent.count({ where: { chatId: "oc_ckpt" } })).toBe(50);
  });
});
