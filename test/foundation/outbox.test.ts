// Outbound delivery through the durable outbox, against a fake Open API that fails on demand. The retry cases run
// over both Lark clients: the node-sdk one (src/runtimes/node/sdk-client.ts, `npm start`) and the fetch one
// (src/adapters/lark/fetch-client.ts, the Worker's only client): each must classify Lark's answers the same way.
import { afterEach, describe, expect, it } from "vitest";
import { docxParagraphs } from "../export/docx-text.js";
import { lastPrompt, overviews, textOf } from "../helpers/bot.js";
import type { Failure } from "../helpers/fake-lark.js";
import { LARK_CLIENTS, startHarness, type Harness } from "../helpers/harness.js";
import { messageEvent, uid } from "../helpers/lark-payloads.js";

const PREAMBLE = "2026年，我局坚持以习近平新时代中国特色社会主义思想为指导，深入推进法治政府建设。现将有关情况报告如下：";

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

/** Asks for 帮助 in a new chat: the bot answers with one reply. Returns what to look for. */
async function askHelp(h: Harness) {
  const env = messageEvent({ chatId: uid("oc_out_"), text: "帮助", botOpenId: h.lark.botOpenId });
  expect((await h.post(env)).status).toBe(200);
  const messageId = env.event.message.message_id;
  return {
    /** Replies the fake Open API accepted. */
    replies: () => h.lark.messages.filter((m) => m.replyTo === messageId),
    /** Calls to the reply endpoint, failed ones included. */
    attempts: () => h.lark.calls.filter((c) => c.path === `/open-apis/im/v1/messages/${messageId}/reply`).length,
    row: () => h.server.huibao.reports.db.outboxMessage.findFirstOrThrow({ where: { payload: { contains: messageId } } }),
  };
}

describe.each(LARK_CLIENTS)("the outbox through the %s client", (client) => {
  it("sends, replies, patches a card and uploads a file: each kind of call reaches the Open API", async () => {
    h = await startHarness({ client });
    const chatId = uid("oc_calls_");
    const title = "测试局关于2026年法治政府建设情况的报告";
    await h.say({ chatId, sender: "ou_clerk", text: `新建报告 ${title}` });
    await h.settle();
    const overview = overviews(h.lark, chatId)[0]!;
    expect(overview.kind).toBe("send");
    expect(h.lark.messages.some((m) => m.kind === "reply" && /已创建报告/.test(textOf(m)))).toBe(true);
    const prompt = lastPrompt(h.lark, chatId);
    await h.say({ chatId, sender: "ou_clerk", text: PREAMBLE, parentId: prompt.message.messageId, atBot: false });
    await h.settle();
    expect(overview.patches.length).toBeGreaterThan(0);
    await h.say({ chatId, sender: "ou_clerk", text: "导出 文件" });
    await h.settle();
    const fileMessage = h.lark.messages.find((m) => m.msgType === "file" && m.receiveId === chatId)!;
    const file = h.lark.files.get(JSON.parse(fileMessage.content).file_key)!;
    expect(file.name).toBe(`${title}.docx`);
    expect(docxParagraphs(new Uint8Array(file.bytes))).toContain(PREAMBLE);
  });

  it("delivers every queued message exactly once after the Open API fails the first calls with 500, 429 and 230020", async () => {
    h = await startHarness({ client });
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

  // Lark's gateway limit says how long to wait: x-ogw-ratelimit-reset seconds. The outbox waits that long (plus
  // at most 250 ms of jitter) instead of its own back-off, which would try again after 0.5–1.5 s.
  it.each([
    ["HTTP 429", "429"],
    ["HTTP 400 (older APIs)", "99991400"],
  ] as [string, Failure][])("99991400 on %s: waits the x-ogw-ratelimit-reset seconds, then delivers once", async (_label, kind) => {
    h = await startHarness({ client });
    // The clock stands still unless advanced: loading a client must not count as waiting.
    h.clock.set(new Date().toISOString());
    h.lark.failNext(1, kind, undefined, { reset: 30 });
    const help = await askHelp(h);
    await h.settle();
    expect(help.attempts()).toBe(1);
    expect(help.replies()).toHaveLength(0);
    h.clock.advance(29_000);
    await h.settle();
    expect(help.attempts(), "retried before the reset time").toBe(1);
    h.clock.advance(2_000);
    await h.settle();
    expect(help.attempts()).toBe(2);
    expect(help.replies()).toHaveLength(1);
    expect(await help.row()).toMatchObject({ status: "sent", attempts: 2 });
  });

  it.each([
    ["HTTP 500", "500"],
    ["HTTP 503", "503"],
    ["230020 (frequency limit of a chat)", "230020"],
    ["a reset connection", "network"],
  ] as [string, Failure][])("after %s twice: retried with back-off, delivered once with the same uuid", async (_label, kind) => {
    h = await startHarness({ client });
    h.lark.failNext(2, kind);
    const help = await askHelp(h);
    await drain(h);
    expect(help.attempts()).toBe(3);
    expect(help.replies()).toHaveLength(1);
    expect(await help.row()).toMatchObject({ status: "sent", attempts: 3, uuid: help.replies()[0]!.uuid });
  });

  it("a revoked tenant access token (99991663): the retry fetches a new token and delivers", async () => {
    h = await startHarness({ client });
    const before = await askHelp(h);
    await h.settle();
    expect(before.replies()).toHaveLength(1);
    const tokens = h.lark.tokenRequests();
    h.lark.revokeToken();
    const help = await askHelp(h);
    await drain(h);
    expect(help.replies()).toHaveLength(1);
    expect(help.attempts()).toBe(2);
    expect(h.lark.tokenRequests()).toBe(tokens + 1);
    expect(await help.row()).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("a refusal that retrying cannot fix (230002, bot not in the chat) fails at once, keeping the error", async () => {
    h = await startHarness({ client });
    h.lark.failNext(1, "230002");
    const help = await askHelp(h);
    await drain(h);
    expect(help.attempts()).toBe(1);
    expect(help.replies()).toHaveLength(0);
    const row = await help.row();
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.lastError).toMatch(/230002/);
  });

  it("retries after a timeout and parks a message as failed after the bounded number of attempts, keeping the error", async () => {
    h = await startHarness({ timeoutMs: 300, client });
    h.lark.failNext(1, "timeout");
    const slow = await askHelp(h);
    await drain(h);
    expect(await slow.row()).toMatchObject({ status: "sent", attempts: 2 });
    expect(slow.replies()).toHaveLength(1);

    h.lark.failNext(100, "500");
    const failing = await askHelp(h);
    await drain(h);
    const row = await failing.row();
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(8);
    expect(row.lastError).toMatch(/status 500/);
    expect(failing.attempts()).toBe(8);
    expect(failing.replies()).toHaveLength(0);
  });
});

describe("outbox pacing", () => {
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
    // The pacing gap is measured against the app's clock, which settle() moves forward to each paced send.
    for (let i = 0; i < 40 && ours().length < 10; i++) await h.settle();
    const times = ours().map((m) => m.at);
    expect(times).toHaveLength(10);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(950);
  });
});

describe("outbox store", () => {
  it("a handler re-run queues nothing twice: the same uuid is reported as a duplicate and stored once", async () => {
    h = await startHarness();
    const { PrismaOutboxStore } = await import("../../src/adapters/prisma/outbox.js");
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
