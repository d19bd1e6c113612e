// What the inbox keeps: the verification token (and a card callback's update token) never reaches the database;
// the payload of a processed row — the message text — is emptied by the sweep once the row is older than the
// retention period (INBOX_RETENTION_DAYS, 7 days by default), at most once an hour; the row itself stays, so a
// redelivery of the same event is still recognised.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { messageEvent, TOKEN, uid } from "../helpers/lark-payloads.js";

const DAY = 24 * 60 * 60_000;
const MIN = 60_000;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every file of the SQLite database (main, -wal, -shm), read raw. */
function databaseBytes(harness: Harness): { name: string; bytes: Buffer }[] {
  return readdirSync(harness.dir)
    .filter((f) => f.startsWith("huibao.db"))
    .map((f) => ({ name: f, bytes: readFileSync(join(harness.dir, f)) }));
}

async function inboxRows(harness: Harness, chatId: string) {
  return harness.server.huibao.reports.db.inboxEvent.findMany({ where: { chatId }, orderBy: { id: "asc" } });
}

describe("inbox: no tokens stored", () => {
  it("after a message and a card callback through the webhook, no database file holds the verification token", async () => {
    h = await startHarness({ transport: "http" });
    const chatId = uid("oc_tok_");
    const text = `新建报告 ${uid("令牌测试报告")}`;
    expect((await h.say({ chatId, text })).status).toBe(200);
    await h.settle();
    const answer = await h.click({ chatId, value: { v: 1, a: "status", r: "r_missing" } });
    expect(answer.toast).toBeTruthy();
    await h.settle();
    const rows = await inboxRows(h, chatId);
    // Stored and processed, with what processing needs (the message text is there until the retention purge).
    expect(rows.map((r) => r.status)).toEqual(["done", "done"]);
    expect(rows[0]!.payload).toContain("令牌测试报告");
    expect(JSON.parse(rows[0]!.payload).header).toMatchObject({ event_type: "im.message.receive_v1" });
    for (const r of rows) expect(r.payload).not.toContain(TOKEN);
    const files = databaseBytes(h);
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(["huibao.db", "huibao.db-wal"]));
    for (const f of files) {
      expect(f.bytes.includes(Buffer.from(TOKEN)), `${f.name} holds the verification token`).toBe(false);
      expect(f.bytes.includes(Buffer.from("c-card-update-token")), `${f.name} holds the card update token`).toBe(false);
    }
    // Positive control: the same raw read does find what the rows hold.
    expect(files.some((f) => f.bytes.includes(Buffer.from(rows[0]!.eventId)))).toBe(true);
  });
});

describe("inbox: retention", () => {
  it("processed rows lose their payload on the first sweep after 7 days (at most once an hour), and still deduplicate", async () => {
    h = await startHarness({ transport: "http" });
    const chatId = uid("oc_ret_");
    const secretWords = uid("会议纪要绝密内容");
    // Ordinary group chatter (not addressed to the bot): stored, processed (ignored), text in the payload.
    const first = messageEvent({ chatId, text: `${secretWords}${"。".repeat(1500)}`, atBot: false, botOpenId: h.lark.botOpenId });
    expect((await h.post(first)).status).toBe(200);
    expect((await h.say({ chatId, text: "第二条", atBot: false })).status).toBe(200);
    await h.settle(); // the sweep's first purge runs here: nothing is old enough
    let rows = await inboxRows(h, chatId);
    expect(rows.map((r) => [r.status, r.purgedAt])).toEqual([
      ["done", null],
      ["done", null],
    ]);
    expect(rows[0]!.payload).toContain(secretWords);
    expect(databaseBytes(h).some((f) => f.bytes.includes(Buffer.from(secretWords)))).toBe(true); // the raw read sees it

    const sweep = () => h!.server.huibao.ingress.sweep();
    h.clock.advance(7 * DAY - MIN);
    await sweep(); // a purge pass: the rows are a minute short of 7 days
    expect((await inboxRows(h, chatId)).every((r) => r.purgedAt === null && r.payload !== "")).toBe(true);
    h.clock.advance(2 * MIN);
    await sweep(); // old enough now, but the last purge was 2 minutes ago
    expect((await inboxRows(h, chatId)).every((r) => r.purgedAt === null)).toBe(true);
    h.clock.advance(60 * MIN);
    await sweep();
    rows = await inboxRows(h, chatId);
    expect(rows).toHaveLength(2); // the rows stay…
    for (const r of rows) {
      expect(r.payload).toBe(""); // …without their payload
      expect(r.purgedAt!.getTime() - r.receivedAt.getTime()).toBeGreaterThan(7 * DAY);
      expect(r.status).toBe("done");
    }

    // Lark redelivers the first event (back at the time it was sent): recognised by its ids, not processed again.
    h.clock.offsetMs = 0;
    expect((await h.post(first)).status).toBe(200);
    await h.settle();
    expect(await inboxRows(h, chatId)).toHaveLength(2);

    // The text is gone from the database file itself once the WAL is checkpointed (secure_delete zeroes it).
    const raw = new Database(h.dbPath);
    try {
      raw.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      raw.close();
    }
    for (const f of databaseBytes(h)) expect(f.bytes.includes(Buffer.from(secretWords)), `${f.name} still holds the text`).toBe(false);
  });

  it("INBOX_RETENTION_DAYS sets the period", async () => {
    h = await startHarness({ transport: "http", env: { INBOX_RETENTION_DAYS: "2" } });
    const chatId = uid("oc_ret2_");
    expect((await h.say({ chatId, text: "闲聊", atBot: false })).status).toBe(200);
    await h.settle();
    h.clock.advance(2 * DAY - MIN);
    await h.server.huibao.ingress.sweep();
    expect((await inboxRows(h, chatId))[0]!.purgedAt).toBeNull();
    h.clock.advance(61 * MIN);
    await h.server.huibao.ingress.sweep();
    expect((await inboxRows(h, chatId))[0]!.payload).toBe("");
  });
});
