// The webhook: challenge, verification, rejection, durable deduplicated inbox. Real HTTP, real SQLite,
// payloads built from Lark's documented format.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { ENCRYPT_KEY, TOKEN, encrypt, messageEvent, sealed, sign, uid } from "../helpers/lark-payloads.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const inboxCount = () => h.server.huibao.reports.db.inboxEvent.count();
const raw = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${h.base}/lark/webhook`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("url_verification", () => {
  it("answers a plain challenge when the token matches, before any signature check", async () => {
    const t0 = performance.now();
    const r = await raw(JSON.stringify({ challenge: "ajls384kdjx98XX", token: TOKEN, type: "url_verification" }));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ challenge: "ajls384kdjx98XX" });
  });

  it("answers an encrypted challenge with the plaintext challenge", async () => {
    const body = JSON.stringify({ encrypt: encrypt(JSON.stringify({ challenge: "c-123", token: TOKEN, type: "url_verification" })) });
    const r = await raw(body);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ challenge: "c-123" });
  });

  it("refuses a challenge with the wrong token", async () => {
    const r = await raw(JSON.stringify({ challenge: "x", token: "wrong", type: "url_verification" }));
    expect(r.status).toBe(401);
  });
});

describe("rejections store nothing", () => {
  it("rejects a bad signature, a missing signature, a wrong token, oversize and malformed bodies", async () => {
    const before = await inboxCount();
    const env = messageEvent({ text: "帮助" });
    const { body, headers } = sealed(env);

    const badSig = await raw(body, { ...headers, "x-lark-signature": "0".repeat(64) });
    expect(badSig.status).toBe(401);
    expect((await badSig.json()).error).toBe("bad_signature");

    const { ["x-lark-signature"]: _omit, ...noSig } = headers;
    expect((await raw(body, noSig)).status).toBe(401);

    // Signed over different bytes (re-serialised body): the signature is over the raw bytes.
    const tampered = body.replace('{"encrypt":', '{ "encrypt":');
    expect((await raw(tampered, headers)).status).toBe(401);

    const wrongToken = sealed(messageEvent({ text: "帮助", token: "not-the-token" }));
    const wt = await raw(wrongToken.body, wrongToken.headers);
    expect(wt.status).toBe(401);
    expect((await wt.json()).error).toBe("bad_token");

    const wrongKey = sealed(env, { key: "another-key" });
    const wk = await raw(wrongKey.body, wrongKey.headers);
    expect([400, 401]).toContain(wk.status);

    const big = JSON.stringify({ encrypt: "A".repeat(1024 * 1024 + 10) });
    const tooBig = await raw(big, sign(big));
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error).toBe("body_too_large");

    const malformed = "{not json";
    const m = await raw(malformed, sign(malformed));
    expect(m.status).toBe(400);
    expect((await m.json()).error).toBe("malformed_json");

    const unknown = JSON.stringify({ hello: "world" });
    const u = await raw(unknown, sign(unknown));
    expect(u.status).toBe(400);
    expect((await u.json()).error).toBe("unknown_envelope");

    expect(await inboxCount()).toBe(before);
  });

  it("a bad request does not affect a good one sent at the same time", async () => {
    const good = messageEvent({ text: "hello" });
    const [bad, ok] = await Promise.all([raw("{", sign("{")), h.post(good)]);
    expect(bad.status).toBe(400);
    expect(ok.status).toBe(200);
    const row = await h.server.huibao.reports.db.inboxEvent.findUnique({ where: { eventId: good.header.event_id } });
    expect(row).not.toBeNull();
  });
});

describe("durable inbox", () => {
  it("stores the event before answering 200", async () => {
    const env = messageEvent({ text: "just chatting", atBot: false });
    const r = await h.post(env);
    expect(r.status).toBe(200);
    const row = await h.server.huibao.reports.db.inboxEvent.findUnique({ where: { eventId: env.header.event_id } });
    expect(row?.messageId).toBe(env.event.message.message_id);
    expect(row?.eventType).toBe("im.message.receive_v1");
  });

  it("processes the same message delivered 5 times (sequentially and concurrently) exactly once", async () => {
    const chatId = uid("oc_dup_");
    const env = messageEvent({ chatId, text: "帮助" });
    for (let i = 0; i < 2; i++) expect((await h.post(env)).status).toBe(200);
    // Redelivery with a new event_id but the same message_id (Lark documents such duplicates).
    const again = { ...env, header: { ...env.header, event_id: uid("ev_") } };
    const rs = await Promise.all([h.post(env), h.post(again), h.post(again)]);
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.settle();
    const rows = await h.server.huibao.reports.db.inboxEvent.findMany({ where: { messageId: env.event.message.message_id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("done");
    const replies = h.lark.messages.filter((m) => m.replyTo === env.event.message.message_id);
    expect(replies).toHaveLength(1);
  });
});

describe("the Node listener and the Hono route", () => {
  // src/node-http.ts serves POST /lark/webhook straight from node:http; the Hono app (Workers, app.request)
  // serves the same webhook function. Both must answer every kind of push alike.
  it("answer challenges, rejections, events and redeliveries with the same status and JSON", async () => {
    const challenge = JSON.stringify({ challenge: "same-c", token: TOKEN, type: "url_verification" });
    const env = messageEvent({ text: "同一条消息" });
    const event = sealed(env);
    const badSig = { body: event.body, headers: { ...event.headers, "x-lark-signature": "f".repeat(64) } };
    const malformed = "{not json";
    const unknown = JSON.stringify({ hello: "world" });
    const cases: Array<{ name: string; body: string; headers: Record<string, string> }> = [
      { name: "challenge", body: challenge, headers: {} },
      { name: "event", body: event.body, headers: event.headers },
      { name: "redelivery", body: event.body, headers: event.headers },
      { name: "bad signature", body: badSig.body, headers: badSig.headers },
      { name: "malformed", body: malformed, headers: sign(malformed) },
      { name: "unknown envelope", body: unknown, headers: sign(unknown) },
    ];
    const answers: Array<[string, number, unknown, number, unknown]> = [];
    for (const c of cases) {
      const init = { method: "POST", body: c.body, headers: { "content-type": "application/json", ...c.headers } };
      const node = await fetch(`${h.base}/lark/webhook`, init);
      const hono = await h.server.huibao.http.request("/lark/webhook", init);
      answers.push([c.name, node.status, await node.json(), hono.status, await hono.json()]);
      expect(node.headers.get("content-type")).toMatch(/^application\/json/);
    }
    for (const [name, ns, nb, hs, hb] of answers) expect({ name, status: ns, body: nb }).toEqual({ name, status: hs, body: hb });
    expect(answers.map((a) => a[1])).toEqual([200, 200, 200, 401, 400, 400]);
    await h.settle();
    // The event went twice through each path: stored once, processed once.
    const rows = await h.server.huibao.reports.db.inboxEvent.findMany({ where: { messageId: env.event.message.message_id } });
    expect(rows.map((r) => r.status)).toEqual(["done"]);
  });

  it("refuses a chunked body over 1 MiB without Content-Length (read to the end, nothing kept or stored)", async () => {
    const before = await inboxCount();
    const chunk = new TextEncoder().encode("A".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        if (sent++ < 20) ctrl.enqueue(chunk);
        else ctrl.close();
      },
    });
    const r = await fetch(`${h.base}/lark/webhook`, { method: "POST", body: stream, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit);
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ error: "body_too_large", message: "request body exceeds 1 MiB" });
    // The connection is still usable: a challenge on the same server right after is answered.
    const ok = await raw(JSON.stringify({ challenge: "after", token: TOKEN, type: "url_verification" }));
    expect(await ok.json()).toEqual({ challenge: "after" });
    expect(await inboxCount()).toBe(before);
  });
});

describe("node-sdk cross-check", () => {
  it("the SDK's own AESCipher decrypts what our helper encrypts, and our decryptor reads the SDK's format", async () => {
    const lark = await import("@larksuiteoapi/node-sdk");
    const plain = JSON.stringify({ hello: "世界", n: 1 });
    const cipher = new lark.AESCipher(ENCRYPT_KEY);
    expect(cipher.decrypt(encrypt(plain))).toBe(plain);
    const { decryptPayload } = await import("../../src/lark/crypto.js");
    // Lark's documented test vector.
    expect(await decryptPayload("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=")).toBe("hello world");
  });
});
