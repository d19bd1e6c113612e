// The logger cannot be made to print a secret or a message body: errors (the node-sdk's Axios errors carry the
// token request's body and the Authorization header) become short summaries, objects that are not plain data
// never go out as they are, and configured secret values are cut out of every finished line. Repeated identical
// errors are logged with back-off.
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeError, describeErrorText, jsonLogger, RepeatGate } from "../../src/app/runtime/log.js";
import { loadNodeSdk, sdkLogger } from "../../src/runtimes/node/sdk-client.js";
import { migrateSqlite, openPrisma } from "../../src/runtimes/node/db.js";
import { closedPort } from "../helpers/node-process.js";

const SECRET = "app-secret-7f3a9c1e5b";
const TEXT = "南岸区绝密会议纪要甲乙丙";

function capture(opts: { secrets?: string[] } = {}) {
  const lines: string[] = [];
  const log = jsonLogger((l) => lines.push(l), () => new Date("2026-12-01T00:00:00Z"), "info", opts);
  return { log, lines, text: () => lines.join("\n") };
}

/** A real Axios error from the node-sdk's own HTTP instance: a token request (app_secret in the body) refused. */
async function sdkTokenRequestError(): Promise<unknown> {
  const port = await closedPort();
  const sdk = loadNodeSdk();
  try {
    await sdk.defaultHttpInstance.post(`http://127.0.0.1:${port}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: "cli_x", app_secret: SECRET });
  } catch (e) {
    return e;
  }
  throw new Error("the request did not fail");
}

describe("log redaction", () => {
  it("an SDK error passed whole, nested or in a list comes out as name, code, method and path only", async () => {
    const e = await sdkTokenRequestError();
    // The error object really does hold the secret: this is what used to be printed.
    expect(JSON.stringify((e as { config: unknown }).config)).toContain(SECRET);
    const { log, text } = capture(); // no secrets configured: the structure alone must keep it out
    log.error("x", { error: e, nested: { cause: e, deeper: { list: [e] } }, plain: e as object });
    expect(text()).not.toContain(SECRET);
    expect(text()).not.toContain("app_secret");
    const line = JSON.parse(text());
    expect(line.error).toEqual({ name: "AxiosError", code: "ECONNREFUSED", method: "POST", path: "/open-apis/auth/v3/tenant_access_token/internal", message: expect.stringMatching(/ECONNREFUSED/) });
  });

  it("the node-sdk's own logger, through the adapter, prints neither the request body nor headers", async () => {
    const e = await sdkTokenRequestError();
    const { log, text } = capture();
    const sdkLog = sdkLogger(log);
    // How the SDK calls it: LoggerProxy passes its arguments as one array; formatErrors picks the error apart.
    const ax = e as { message: string; config: { data: unknown; url: string; method: string; headers: unknown }; request: unknown };
    sdkLog.error([e]);
    sdkLog.error([[{ message: ax.message, config: { data: ax.config.data, url: ax.config.url, method: ax.config.method }, request: {}, response: { data: { msg: TEXT }, status: 500 } }]]);
    sdkLog.warn(["[ws]", ax.message]);
    sdkLog.debug(["[ws]", `get connect config success, ws url: wss://x/ws?ticket=${SECRET}`]);
    expect(text()).not.toContain(SECRET);
    expect(text()).not.toContain(TEXT);
    expect(text()).toMatch(/"event":"lark_sdk.error"/);
    expect(text()).toMatch(/ECONNREFUSED/);
    expect(text()).not.toMatch(/ticket/);
  });

  it("fields named like secrets or bodies are dropped at any depth; class instances are named, not dumped", () => {
    const { log, text } = capture();
    class Client {
      appSecret = SECRET;
    }
    log.info("x", { chat: { text: TEXT, inner: { app_secret: SECRET, Authorization: `Bearer ${SECRET}` } }, client: new Client(), bytes: new Uint8Array([1, 2]) });
    expect(text()).not.toContain(SECRET);
    expect(text()).not.toContain(TEXT);
    expect(JSON.parse(text())).toMatchObject({ chat: { inner: {} }, client: "[Client]", bytes: "[Uint8Array]" });
  });

  it("configured secret values are cut out of any line that still holds one", () => {
    const { log, text } = capture({ secrets: [SECRET, "short"] });
    log.warn("x", { note: `a ${SECRET} b`, list: [`"${SECRET}"`], word: "short words stay" });
    expect(text()).not.toContain(SECRET);
    expect(text()).toContain("[redacted]");
    expect(text()).toContain("short words stay");
  });

  it("errors whose messages quote data lose the message: JSON.parse's, Prisma's", async () => {
    let syntax: unknown;
    try {
      JSON.parse(`${TEXT}`);
    } catch (e) {
      syntax = e;
    }
    expect(String((syntax as Error).message)).toContain(TEXT.slice(0, 3)); // Node quotes the input…
    expect(describeErrorText(syntax)).not.toContain(TEXT.slice(0, 3)); // …the summary does not
    expect(describeError(syntax)).toEqual({ name: "SyntaxError" });

    const dir = mkdtempSync(join(tmpdir(), "huibao-log-"));
    const db = openPrisma((migrateSqlite(join(dir, "x.db")), join(dir, "x.db")));
    try {
      let validation: unknown;
      try {
        await db.chatMember.create({ data: { chatId: TEXT, openId: 5 as unknown as string, lastSeen: new Date() } });
      } catch (e) {
        validation = e;
      }
      expect(String((validation as Error).message)).toContain(TEXT); // Prisma prints the arguments…
      const { log, text } = capture();
      log.error("x", { error: validation });
      expect(text()).not.toContain(TEXT); // …the log line does not
      expect(JSON.parse(text()).error).toEqual({ name: "PrismaClientValidationError" });
    } finally {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a real SDK client pointed at a refused port logs through the adapter, without the secret", async () => {
    const port = await closedPort();
    const { log, text } = capture();
    const sdk = loadNodeSdk();
    const client = new sdk.Client({ appId: "cli_x", appSecret: SECRET, domain: `http://127.0.0.1:${port}`, loggerLevel: sdk.LoggerLevel.error, logger: sdkLogger(log) });
    await expect(client.im.message.create({ params: { receive_id_type: "chat_id" }, data: { receive_id: "oc_x", msg_type: "text", content: JSON.stringify({ text: TEXT }) } })).rejects.toBeTruthy();
    expect(text()).toMatch(/lark_sdk\.error/);
    expect(text()).not.toContain(SECRET);
    expect(text()).not.toContain(TEXT);
  });

  it("an SDK client answered with HTTP 500 while the token is in use logs status and path, not the token or the body", async () => {
    const token = "t-tenant-9b8c7d6e5f";
    const server = createServer((req, res) => {
      res.writeHead(req.url!.includes("tenant_access_token") ? 200 : 500, { "content-type": "application/json" });
      res.end(JSON.stringify(req.url!.includes("tenant_access_token") ? { code: 0, tenant_access_token: token, expire: 7200 } : { code: 1, msg: "internal error" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const { log, text } = capture();
      const sdk = loadNodeSdk();
      const client = new sdk.Client({ appId: "cli_x", appSecret: SECRET, domain: `http://127.0.0.1:${(server.address() as { port: number }).port}`, loggerLevel: sdk.LoggerLevel.error, logger: sdkLogger(log) });
      await expect(client.im.message.create({ params: { receive_id_type: "chat_id" }, data: { receive_id: "oc_x", msg_type: "text", content: JSON.stringify({ text: TEXT }) } })).rejects.toBeTruthy();
      expect(JSON.parse(text().split("\n")[0]!)).toMatchObject({ event: "lark_sdk.error", error: { status: 500, method: "POST", path: "/open-apis/im/v1/messages" } });
      for (const s of [SECRET, token, TEXT]) expect(text()).not.toContain(s);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("repeated errors", () => {
  it("the first is logged at once, then at most once per doubling interval, with how many were held back", () => {
    let t = 0;
    const gate = new RepeatGate(() => t, 10_000, 80_000);
    const logged: { at: number; held: number }[] = [];
    // One identical failure every 250 ms for 3 minutes (a checkpoint on a full disk).
    for (t = 0; t <= 180_000; t += 250) {
      const a = gate.admit("checkpoint|SqliteError|SQLITE_IOERR_WRITE");
      if (a) logged.push({ at: t, held: a.held });
    }
    expect(logged[0]).toEqual({ at: 0, held: 0 });
    expect(logged.map((l) => l.at)).toEqual([0, 10_000, 30_000, 70_000, 150_000]);
    expect(logged[1]!.held).toBe(39);
    // Every failure is counted: logged ones plus held-back ones.
    expect(logged.length + logged.reduce((n, l) => n + l.held, 0)).toBeLessThanOrEqual(721);
    expect(logged.length + logged.reduce((n, l) => n + l.held, 0)).toBeGreaterThan(600);
    // A different error is its own key: logged at once.
    expect(gate.admit("checkpoint|SqliteError|SQLITE_FULL")).toEqual({ held: 0, total: 1 });
    // Cleared (the condition recovered): the next occurrence is logged at once again.
    gate.clear("checkpoint|");
    expect(gate.admit("checkpoint|SqliteError|SQLITE_IOERR_WRITE")).toEqual({ held: 0, total: 1 });
  });
});
