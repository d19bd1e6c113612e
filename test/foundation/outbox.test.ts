// Outbound delivery through the durable outbox, against a fake Open API that fails on demand.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { messageEvent, uid } from "../helpers/lark-payloads.js";

let h: Harness;
afterEach(async () => h?.close());

/** Runs sweeps, moving the clock past each back-off, until nothing is pending. */
async function drain(h: Harness, rounds = 30) {
  for (let i = 0; i < rounds; i++) {
    await h.settle();
    const pending = await h.server.huibao.reports.db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } });
    if (pending === 0) return;
    h.clock.advance(15 * 60_000);
  }
}

describe("outbox", () => {
  it("delivers every queued message exactly once after the Open API fails the first calls with 500 and 429", async () => {
    h = await startHarness();
    h.lark.failNext(3, "500");
    h.lark.failNext(3, "429");
    h.lark.failNext(1, "230020");
    const chats = Array.from({ length: 4 }, () => uid("oc_out_"));
    const asked: string[] = [];
    for (const chatId of chats)
      for (let i = 0; i < 3; i++) {
        const env = messageEvent({ chatId, text: "帮助", botOpenId: h.lark.botOpenId });
        asked.push(env.event.message.message_id);
        await h.post(env);
      }
    await drain(h);
    const rows = await h.server.huibao.reports.db.outboxMessage.findMany();
    expect(rows.length).toBe(12);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    // One delivered message per row, none twice (the fake keeps Lark's uuid idempotency, but the outbox never even retries a success).
    const delivered = h.lark.messages.filter((m) => asked.includes(m.replyTo ?? ""));
    expect(delivered).toHaveLength(12);
    expect(new Set(delivered.map((m) => m.uuid)).size).toBe(12);
    const failedCalls = h.lark.calls.filter((c) => c.path.includes("/im/v1/messages")).length - 12;
    expect(failedCalls).toBe(7);
  });

  it("retries after a timeout and parks a message as failed after the bounded number of attempts, keeping the error", async () => {
    h = await startHarness({ timeoutMs: 300 });
    h.lark.failNext(1, "timeout");
    await h.say({ chatId: uid("oc_to_"), text: "帮助" });
    await drain(h);
    const first = await h.server.huibao.reports.db.outboxMessage.findFirst({ orderBy: { id: "desc" } });
    expect(first?.status).toBe("sent");
    expect(first?.attempts).toBe(2);

    h.lark.failNext(100, "500");
    await h.say({ chatId: uid("oc_to_"), text: "帮助" });
    await drain(h);
    const row = await h.server.huibao.reports.db.outboxMessage.findFirst({ orderBy: { id: "desc" } });
    expect(row?.status).toBe("failed");
    expect(row?.attempts).toBe(8);
    expect(row?.lastError).toMatch(/status 500/);
  });

  it("paces sends to at most 5 per second per chat", async () => {
    h = await startHarness();
    const chatId = uid("oc_pace_");
    const asked: string[] = [];
    for (let i = 0; i < 10; i++) {
      const env = messageEvent({ chatId, text: "帮助", botOpenId: h.lark.botOpenId });
      asked.push(env.event.message.message_id);
      await h.post(env);
    }
    const ours = () => h.lark.messages.filter((m) => asked.includes(m.replyTo ?? ""));
    // Deliver in real time: the pacing gap is measured against the clock.
    for (let i = 0; i < 40; i++) {
      await h.settle();
      if (ours().length >= 10) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const times = ours().map((m) => m.at);
    expect(times).toHaveLength(10);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(950);
  });
});

describe("outbox store", () => {
  it("a handler re-run queues nothing twice: the same uuid is reported as a duplicate and stored once", async () => {
    h = await startHarness();
    const { PrismaOutboxStore } = await import("../../src/storage/prisma-outbox.js");
    const store = new PrismaOutboxStore(h.server.huibao.reports.db);
    const row = { uuid: uid("hb-test-"), kind: "send" as const, chatKey: "oc_x", payload: "{}", notBefore: new Date() };
    expect(await store.enqueue(row, new Date())).toBe("added");
    expect(await store.enqueue(row, new Date())).toBe("duplicate");
    expect(await h.server.huibao.reports.db.outboxMessage.count({ where: { uuid: row.uuid } })).toBe(1);
  });
});

describe("crash between acknowledgement and processing", () => {
  it("loses no event: a restarted app on the same database processes it once", async () => {
    h = await startHarness();
    h.lark.hangBotInfo = true; // processing stalls right after the acknowledgement
    const chatId = uid("oc_crash_");
    const r = await h.say({ chatId, text: "帮助" });
    expect(r.status).toBe(200);
    const row = await h.server.huibao.reports.db.inboxEvent.findFirst({ where: { chatId } });
    expect(row?.status === "pending" || row?.status === "processing").toBe(true);
    expect(h.lark.messages.filter((m) => m.replyTo === row!.messageId)).toHaveLength(0);
    // "Kill" it: close the server without letting the stalled work finish, then start again on the same file.
    h.lark.hangBotInfo = false;
    await h.restart();
    await h.settle();
    const after = await h.server.huibao.reports.db.inboxEvent.findFirst({ where: { chatId } });
    expect(after?.status).toBe("done");
    expect(h.lark.messages.filter((m) => m.replyTo === row!.messageId)).toHaveLength(1);
  });
});
