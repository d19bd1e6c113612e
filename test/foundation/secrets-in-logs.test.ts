// No line the process writes — stdout or stderr, our logger, the node-sdk's own logger, Node itself — holds the
// app secret, the encrypt key, the verification token, the download-link secret, the tenant access token or a
// message's text, while the Open API is unreachable (connection refused, then HTTP 500 for everything, then
// failing sends while the tenant token is in use). The real Node entry runs as a child process with known
// secrets; the fake Open API records that those secrets really were in flight.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { FakeLark } from "../helpers/fake-lark.js";
import { messageEvent, sealed, uid } from "../helpers/lark-payloads.js";
import { buildEntry, cleanEnv, closedPort, NodeProcess } from "../helpers/node-process.js";

const hex = () => randomBytes(6).toString("hex");
const S = {
  appSecret: `appsecret${hex()}`,
  encryptKey: `encryptkey${hex()}`,
  verificationToken: `vtoken${hex()}`,
  linkSecret: `linksecret${hex()}${hex()}`,
  tenantToken: `t-tenant${hex()}`,
  text: `南岸区机密测试报告${hex()}`,
};

/** Every form a value could take in a dump: as it is, JSON \\u-escaped, URL-encoded, base64, hex. */
function forms(v: string): string[] {
  const unicodeEscaped = JSON.stringify(v).slice(1, -1).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return [v, unicodeEscaped, encodeURIComponent(v), Buffer.from(v).toString("base64"), Buffer.from(v).toString("hex")];
}

function expectClean(output: string): void {
  expect(output.length).toBeGreaterThan(0);
  expectNoSecrets(output);
  // Nothing even tried: the last-line redaction never had to step in.
  expect(output).not.toContain("[redacted]");
}

function expectNoSecrets(output: string): void {
  for (const [name, value] of Object.entries(S)) {
    for (const f of forms(value)) expect(output.includes(f), `${name} (${f}) appears in the output`).toBe(false);
  }
}

let args: string[];
beforeAll(() => {
  args = buildEntry("secrets");
}, 60_000);

function env(domainPort: number, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...cleanEnv(),
    LARK_APP_ID: "cli_9f8e7d6c5b4a3210",
    LARK_APP_SECRET: S.appSecret,
    LARK_VERIFICATION_TOKEN: S.verificationToken,
    LARK_ENCRYPT_KEY: S.encryptKey,
    LARK_DOMAIN: `http://127.0.0.1:${domainPort}`,
    DATABASE_URL: `file:${join(dir, "huibao.db")}`,
    PORT: "0",
    DOWNLOAD_LINK_SECRET: S.linkSecret,
    PUBLIC_BASE_URL: "http://huibao.test",
    LOG_LEVEL: "info",
    ...extra,
  };
}

describe("no secret and no message text in the logs", () => {
  it("webhook mode: refused connections, then HTTP 500 for everything, then failing sends with a tenant token", async () => {
    const port = await closedPort();
    const dir = mkdtempSync(join(tmpdir(), "huibao-secrets-"));
    const fake = new FakeLark();
    fake.tenantToken = S.tenantToken;
    const p = await NodeProcess.start(args, env(port, dir));
    const chatId = uid("oc_secrets_");
    const push = async (text: string) => {
      const { body, headers } = sealed(messageEvent({ chatId, text, token: S.verificationToken }), { key: S.encryptKey });
      return (await fetch(p.url("/lark/webhook"), { method: "POST", body, headers })).status;
    };
    try {
      // 1. Connection refused: the bot creates the report (its title is the message text) and its replies
      // cannot be sent; the token request (app_secret in its body) fails with ECONNREFUSED.
      expect(await push(`新建报告 ${S.text}`)).toBe(200);
      await p.waitForLine((l) => l.event === "outbox.retry" && /ECONNREFUSED/.test(l.error?.message));
      await p.waitForLine((l) => l.event === "lark_sdk.error" && l.error?.code === "ECONNREFUSED");

      // 2. The Open API answers, with HTTP 500 to everything (the token request included).
      fake.outage = true;
      await fake.start(port);
      expect(await push("进度")).toBe(200);
      await p.waitForLine((l) => l.event === "outbox.retry" && l.error?.status === 500);
      await p.waitForLine((l) => l.event === "lark_sdk.error" && l.error?.status === 500);
      expect(fake.calls.some((c) => c.path.endsWith("/tenant_access_token/internal") && c.body.includes(S.appSecret))).toBe(true);

      // 3. Back, but sends fail with HTTP 500 while the tenant token is in use (the overview card, whose
      // content holds the report title, is in the failing request's body).
      fake.outage = false;
      const before = fake.calls.length;
      fake.failNext(3, "500");
      expect(await push("进度")).toBe(200);
      await p.waitFor(() => fake.messages.some((m) => m.content.includes(S.text)), 25_000, "a card with the report title to be delivered");
      // The first three message calls failed (in the order they arrived), with the tenant token in their headers.
      const failed = fake.calls.slice(before).filter((c) => c.path.startsWith("/open-apis/im/v1/messages")).slice(0, 3);
      expect(failed.some((c) => c.body.includes(S.text))).toBe(true);
      await p.waitForLine((l) => l.event === "outbox.sent");
    } finally {
      await p.stop();
      await fake.stop();
    }
    try {
      expectClean(p.output);
      // The errors kept in the database are the same short descriptions.
      const db = new Database(join(dir, "huibao.db"), { readonly: true });
      const errors = (db.prepare('SELECT lastError FROM "OutboxMessage" WHERE lastError IS NOT NULL UNION ALL SELECT lastError FROM "InboxEvent" WHERE lastError IS NOT NULL').all() as { lastError: string }[]).map((r) => r.lastError);
      db.close();
      // (Each retry overwrites a row's error: the refused connections' were replaced by the 500s'.)
      expect(errors.some((e) => /status 500/.test(e))).toBe(true);
      expectNoSecrets(errors.join("\n"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it("long connection: the endpoint request is refused, answered with HTTP 500, or refused by the Open API", async () => {
    const variants: { name: string; fake?: (f: FakeLark) => void; expectLine: (l: Record<string, any>) => boolean }[] = [
      { name: "connection refused", expectLine: (l) => l.event === "lark_sdk.error" && /ECONNREFUSED/.test(l.detail) },
      { name: "HTTP 500", fake: (f) => (f.outage = true), expectLine: (l) => l.event === "lark_sdk.error" && /status code 500/.test(l.detail) },
      { name: "app refused", fake: (f) => (f.wsRefusal = { code: 1000040345, msg: "app not exist" }), expectLine: (l) => l.event === "ws.failed" },
    ];
    for (const v of variants) {
      const dir = mkdtempSync(join(tmpdir(), "huibao-secrets-ws-"));
      const fake = new FakeLark();
      let port: number;
      if (v.fake) {
        v.fake(fake);
        await fake.start();
        port = Number(new URL(fake.url).port);
      } else port = await closedPort();
      const p = await NodeProcess.start(args, env(port, dir, { LARK_EVENT_MODE: "ws", LARK_VERIFICATION_TOKEN: "" }));
      try {
        await p.waitForLine(v.expectLine, 20_000);
        // The endpoint request carries the app secret: it was in flight when the failure was logged.
        if (v.fake) expect(fake.calls.some((c) => c.path === "/callback/ws/endpoint" && c.body.includes(S.appSecret)), v.name).toBe(true);
      } finally {
        await p.stop();
        await fake.stop();
        rmSync(dir, { recursive: true, force: true });
      }
      expectClean(p.output);
    }
  }, 90_000);
});
