// The webhook: challenge, verification, rejection, durable deduplicated inbox. Real HTTP, real SQLite,
// payloads built from Lark's documented format.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { ENCRYPT_KEY, TOKEN, encrypt, messageEvent, sealed, sign, uid } from "../helpers/lark-payloads.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ transport: "http" });
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

describe("unsigned bodies: a challenge or the one refusal, nothing in between", () => {
  // The attack: take the `encrypt` of a captured push, change IV bytes, post it without a signature, and read
  // from the answer whether the padding (or the UTF-8, or the JSON) of the changed plaintext held. Enough such
  // questions recover the plaintext. Every such body must get the same status and the same bytes.
  const REFUSED = { status: 401, body: JSON.stringify({ error: "unauthorized", message: "request refused" }) };
  const init = (body: string): RequestInit => ({ method: "POST", body, headers: { "content-type": "application/json" } });
  const captured = () => {
    const { body } = sealed(messageEvent({ text: "机密：第二部分数据待补充", chatId: uid("oc_oracle_") }));
    return Buffer.from((JSON.parse(body) as { encrypt: string }).encrypt, "base64");
  };
  /** 256 ways each: the whole push with its first IV byte set to every value (one of which keeps `{` and so the
   * JSON valid), and its first block alone behind an IV whose last byte takes every value (some of which give
   * valid padding): the format oracle and the padding oracle. */
  const tamperedBodies = (ct: Buffer): string[] => {
    const out: string[] = [];
    for (let v = 0; v < 256; v++) {
      const whole = Buffer.from(ct);
      whole[0] = v;
      out.push(JSON.stringify({ encrypt: whole.toString("base64") }));
    }
    for (let v = 0; v < 256; v++) {
      const twoBlocks = Buffer.from(ct.subarray(0, 32));
      twoBlocks[15] = v;
      out.push(JSON.stringify({ encrypt: twoBlocks.toString("base64") }));
    }
    return out;
  };

  it("IV-tampered ciphertexts of a real push all get the identical refusal, from the Node listener and from the Hono app", async () => {
    const before = await inboxCount();
    const bodies = tamperedBodies(captured());
    expect(new Set(bodies).size).toBe(512);
    const seen = { node: new Map<string, number>(), hono: new Map<string, number>() };
    const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const body of bodies) {
      const node = await fetch(`${h.base}/lark/webhook`, init(body));
      count(seen.node, JSON.stringify([node.status, node.headers.get("content-type"), await node.text()]));
      const hono = await h.server.huibao.http.request("/lark/webhook", init(body));
      count(seen.hono, JSON.stringify([hono.status, hono.headers.get("content-type"), await hono.text()]));
    }
    // One distinct answer per path, for all 512, and it is the refusal.
    expect([...seen.node.values()]).toEqual([512]);
    expect([...seen.hono.values()]).toEqual([512]);
    const [nodeStatus, , nodeBody] = JSON.parse([...seen.node.keys()][0]!) as [number, string, string];
    const [honoStatus, , honoBody] = JSON.parse([...seen.hono.keys()][0]!) as [number, string, string];
    expect({ status: nodeStatus, body: nodeBody }).toEqual(REFUSED);
    expect({ status: honoStatus, body: honoBody }).toEqual(REFUSED);
    expect(await inboxCount()).toBe(before);
  });

  it("the same push posted whole but unsigned, or as any unsigned non-challenge, gets the same refusal", async () => {
    const { body } = sealed(messageEvent({ text: "原样重放" }));
    const challenge = (over: Record<string, unknown>) => JSON.stringify({ challenge: "c-1", token: TOKEN, type: "url_verification", ...over });
    const cases = [
      body,
      JSON.stringify({ encrypt: encrypt("not json at all") }),
      JSON.stringify({ encrypt: encrypt(JSON.stringify([1, 2, 3])) }),
      JSON.stringify({ encrypt: encrypt(challenge({}), "another-key") }),
      JSON.stringify({ encrypt: encrypt(challenge({ token: "wrong" })) }),
      JSON.stringify({ encrypt: encrypt(challenge({ type: "event_callback" })) }),
      // Strict shape: nothing but { challenge, token, type }, and a challenge that is a short token.
      JSON.stringify({ encrypt: encrypt(challenge({ extra: "x" })) }),
      JSON.stringify({ encrypt: encrypt(challenge({ challenge: "含有\u0000其他内容的长文本" })) }),
      JSON.stringify({ encrypt: encrypt(challenge({ challenge: 42 })) }),
      JSON.stringify({ encrypt: encrypt(challenge({})), other: 1 }),
      JSON.stringify({ encrypt: 42 }),
      JSON.stringify({ encrypt: "not base64 !!" }),
      JSON.stringify({ encrypt: "QUJD" }),
      challenge({ token: "wrong" }),
      challenge({ extra: 1 }),
      JSON.stringify({ challenge: "c", type: "url_verification" }),
      JSON.stringify({ hello: "world" }),
      "{not json",
      "",
      "[]",
      JSON.stringify({ encrypt: encrypt(challenge({})) + "A".repeat(5000) }),
    ];
    for (const c of cases) {
      const node = await fetch(`${h.base}/lark/webhook`, init(c));
      const hono = await h.server.huibao.http.request("/lark/webhook", init(c));
      expect({ c, status: node.status, body: await node.text() }).toEqual({ c, ...REFUSED });
      expect({ c, status: hono.status, body: await hono.text() }).toEqual({ c, ...REFUSED });
    }
  });

  it("a webhook without an Encrypt Key refuses everything alike, challenges included (nothing can be authenticated)", async () => {
    const { createWebhook } = await import("../../src/adapters/http/webhook.js");
    const webhook = createWebhook({
      secrets: { verificationToken: TOKEN },
      ingress: h.server.huibao.ingress,
      log: { info() {}, warn() {}, error() {} },
      defer() {},
    });
    const plain = new TextEncoder().encode(JSON.stringify({ challenge: "c", token: TOKEN, type: "url_verification" }));
    const event = sealed(messageEvent({ text: "无密钥" }));
    const answers = [
      await webhook(plain, new Headers()),
      await webhook(new TextEncoder().encode(event.body), new Headers(event.headers)),
      await webhook(new TextEncoder().encode(JSON.stringify(messageEvent({ text: "明文事件" }))), new Headers()),
    ];
    for (const a of answers) expect({ status: a.status, body: JSON.stringify(a.body) }).toEqual(REFUSED);
  });
});

describe("rejections store nothing", () => {
  it("rejects a bad signature, a missing signature, a wrong token, oversize and malformed bodies", async () => {
    const before = await inboxCount();
    const env = messageEvent({ text: "帮助" });
    const { body, headers } = sealed(env);
    // Whatever is wrong with an unauthenticated request, the answer is the same 401 and the same bytes.
    const refused = async (r: Response) => ({ status: r.status, body: await r.text() });
    const REFUSED = { status: 401, body: JSON.stringify({ error: "unauthorized", message: "request refused" }) };

    expect(await refused(await raw(body, { ...headers, "x-lark-signature": "0".repeat(64) }))).toEqual(REFUSED);

    const { ["x-lark-signature"]: _omit, ...partial } = headers;
    expect(await refused(await raw(body, partial))).toEqual(REFUSED);
    expect(await refused(await raw(body))).toEqual(REFUSED);

    // Signed over different bytes (re-serialised body): the signature is over the raw bytes.
    const tampered = body.replace('{"encrypt":', '{ "encrypt":');
    expect(await refused(await raw(tampered, headers))).toEqual(REFUSED);

    // The signature is checked before decryption: an undecryptable body with a wrong signature is just refused.
    const garbage = JSON.stringify({ encrypt: "A".repeat(64) });
    expect(await refused(await raw(garbage, { ...sign(garbage), "x-lark-signature": "1".repeat(64) }))).toEqual(REFUSED);

    const wrongKey = sealed(env, { key: "another-key" });
    expect(await refused(await raw(wrongKey.body, wrongKey.headers))).toEqual(REFUSED);

    // Signed by Lark (the Encrypt Key's holder) but unusable: these may say what is wrong.
    const wrongToken = sealed(messageEvent({ text: "帮助", token: "not-the-token" }));
    const wt = await raw(wrongToken.body, wrongToken.headers);
    expect(wt.status).toBe(401);
    expect((await wt.json()).error).toBe("bad_token");

    const badCipher = JSON.stringify({ encrypt: "A".repeat(64) });
    const bc = await raw(badCipher, sign(badCipher));
    expect(bc.status).toBe(400);
    expect((await bc.json()).error).toBe("decrypt_failed");

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
  // src/runtimes/node/http-server.ts serves POST /lark/webhook straight from node:http; the Hono app (Workers, app.request)
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
    const { decryptPayload } = await import("../../src/adapters/lark/crypto.js");
    // Lark's documented test vector.
    expect(await decryptPayload("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=")).toBe("hello world");
  });
});
