// A fake of Lark's Open API on 127.0.0.1: records every call, answers like Lark (including uuid
// idempotency and tenant access tokens), and injects failures on demand: 5xx, the gateway rate limit (HTTP 429,
// or HTTP 400 on older APIs, code 99991400, with x-ogw-ratelimit-reset), the business rate limit 230020, a
// refusal that must not be retried (230002), a reset connection, a request that never gets an answer, and a
// revoked token (99991663).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeMessage {
  messageId: string;
  kind: "send" | "reply";
  receiveIdType?: string;
  receiveId?: string;
  replyTo?: string;
  msgType: string;
  content: string;
  uuid?: string;
  /** Latest content after patches. */
  current: string;
  patches: string[];
  at: number;
}

export interface FakeCall {
  method: string;
  path: string;
  body: string;
}

/**
 * - "500", "503": HTTP 5xx.
 * - "429": HTTP 429, code 99991400, x-ogw-ratelimit-reset (`reset` seconds, default 0). "99991400": the same
 *   on HTTP 400, as older APIs answer.
 * - "230020": HTTP 400, code 230020 (per-chat/per-user frequency limit).
 * - "230002": HTTP 400, code 230002 (bot not in the chat): not worth retrying.
 * - "network": the connection is reset without an answer. "timeout": the request is never answered.
 */
export type Failure = "500" | "503" | "429" | "99991400" | "230020" | "230002" | "network" | "timeout";

export class FakeLark {
  readonly calls: FakeCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly files = new Map<string, { name: string; bytes: Buffer }>();
  readonly names = new Map<string, string>();
  /** Files users sent in messages, by "messageId/fileKey": served by the message resource API. */
  readonly resources = new Map<string, Uint8Array>();
  botOpenId = "ou_bot_huibao";
  /** The time recorded on messages (`at`): the test's clock when the harness owns this fake, else the real one. */
  now: () => number = () => Date.now();
  private failures: { kind: Failure; match: RegExp; reset: number }[] = [];
  /** Tenant access tokens Lark would accept now; the token endpoint hands out the newest. */
  private tokens = ["t-fake-token"];
  private revoked = new Set<string>();
  private server: Server | null = null;
  private seq = 0;
  /** When set, bot info requests hang (to freeze processing mid-way). */
  hangBotInfo = false;
  /** When set, every request (the token request too) is answered with HTTP 500: the Open API is down. */
  outage = false;
  /** When set, the long connection's endpoint request (/callback/ws/endpoint) is refused with this business code. */
  wsRefusal: { code: number; msg: string } | null = null;
  /** The tenant access token handed out (and required on calls). */
  /** The tenant access token the token endpoint hands out now. */
  get tenantToken(): string {
    return this.tokens[this.tokens.length - 1]!;
  }
  /** Sets the token handed out from now on (tests that look for its value in logs pick their own). */
  set tenantToken(value: string) {
    this.tokens.push(value);
  }
  url = "";

  /** Listens on 127.0.0.1, on `port` when given (a port a process was already told to use), else on a free one. */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((r, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, "127.0.0.1", () => r());
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  /** The next `n` calls whose path matches fail with `kind` (`reset`: seconds in x-ogw-ratelimit-reset). */
  failNext(n: number, kind: Failure, match: RegExp = /\/im\/v1\/messages/, o: { reset?: number } = {}): void {
    for (let i = 0; i < n; i++) this.failures.push({ kind, match, reset: o.reset ?? 0 });
  }

  /** Revokes the current tenant access token: calls with it get 99991663; the token endpoint issues a new one. */
  revokeToken(): void {
    this.revoked.add(this.tokens[this.tokens.length - 1]!);
    this.tokens.push(`t-fake-token-${this.tokens.length + 1}`);
  }

  /** Calls to the tenant access token endpoint so far. */
  tokenRequests(): number {
    return this.calls.filter((c) => c.path === "/open-apis/auth/v3/tenant_access_token/internal").length;
  }

  /** Messages sent into a chat or to a user (not counting replies), in order. */
  sentTo(id: string): FakeMessage[] {
    return this.messages.filter((m) => m.receiveId === id);
  }

  /** The bot's replies to a message. */
  repliesTo(messageId: string): FakeMessage[] {
    return this.messages.filter((m) => m.replyTo === messageId);
  }

  cards(filter: (m: FakeMessage) => boolean = () => true): { message: FakeMessage; card: any }[] {
    return this.messages.filter((m) => m.msgType === "interactive" && filter(m)).map((m) => ({ message: m, card: JSON.parse(m.current) }));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    this.calls.push({ method: req.method ?? "", path, body: raw.toString("utf8").slice(0, 100_000) });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (this.outage) return json(500, { code: 1, msg: "internal error" });
    if (path === "/callback/ws/endpoint" && this.wsRefusal) return json(200, { ...this.wsRefusal, data: {} });
    if (path === "/open-apis/auth/v3/tenant_access_token/internal") return json(200, { code: 0, msg: "ok", tenant_access_token: this.tokens[this.tokens.length - 1], expire: 7200 });
    if (path === "/open-apis/bot/v3/info") {
      if (this.hangBotInfo) return; // never answers
      return json(200, { code: 0, msg: "ok", bot: { open_id: this.botOpenId, app_name: "汇报" } });
    }
    const i = this.failures.findIndex((f) => f.match.test(path));
    if (i >= 0) {
      const [f] = this.failures.splice(i, 1);
      const limited = { "x-ogw-ratelimit-limit": "50", "x-ogw-ratelimit-reset": String(f!.reset) };
      switch (f!.kind) {
        case "timeout":
          return; // hang; the client times out
        case "network":
          req.socket.destroy();
          return;
        case "500":
        case "503":
          return json(Number(f!.kind), { code: 1, msg: "internal error" });
        case "429":
          return json(429, { code: 99991400, msg: "request trigger frequency limit" }, limited);
        case "99991400":
          return json(400, { code: 99991400, msg: "request trigger frequency limit" }, limited);
        case "230020":
          return json(400, { code: 230020, msg: "This operation triggers the frequency limit" });
        case "230002":
          return json(400, { code: 230002, msg: "Bot/User can NOT be out of the chat." });
      }
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (this.revoked.has(token)) return json(400, { code: 99991663, msg: "Invalid access token for authorization. Please make a request with token attached." });
    if (!this.tokens.includes(token)) return json(401, { code: 99991661, msg: "missing token" });
    const m = /^\/open-apis\/im\/v1\/messages(?:\/([^/]+)(\/reply)?)?$/.exec(path);
    if (m && req.method === "POST" && !m[1]) {
      const b = JSON.parse(raw.toString("utf8"));
      const dup = b.uuid ? this.messages.find((x) => x.uuid === b.uuid) : undefined;
      if (dup) return json(200, { code: 0, msg: "ok", data: { message_id: dup.messageId } });
      const msg: FakeMessage = {
        messageId: `om_fake_${++this.seq}`,
        kind: "send",
        receiveIdType: url.searchParams.get("receive_id_type") ?? "",
        receiveId: b.receive_id,
        msgType: b.msg_type,
        content: b.content,
        uuid: b.uuid,
        current: b.content,
        patches: [],
        at: this.now(),
      };
      this.messages.push(msg);
      return json(200, { code: 0, msg: "ok", data: { message_id: msg.messageId, chat_id: b.receive_id } });
    }
    if (m && req.method === "POST" && m[1] && m[2]) {
      const b = JSON.parse(raw.toString("utf8"));
      const dup = b.uuid ? this.messages.find((x) => x.uuid === b.uuid) : undefined;
      if (dup) return json(200, { code: 0, msg: "ok", data: { message_id: dup.messageId } });
      const parent = this.messages.find((x) => x.messageId === m[1]);
      const msg: FakeMessage = {
        messageId: `om_fake_${++this.seq}`,
        kind: "reply",
        replyTo: m[1],
        receiveId: parent?.receiveId,
        msgType: b.msg_type,
        content: b.content,
        uuid: b.uuid,
        current: b.content,
        patches: [],
        at: this.now(),
      };
      this.messages.push(msg);
      return json(200, { code: 0, msg: "ok", data: { message_id: msg.messageId } });
    }
    if (m && req.method === "PATCH" && m[1] && !m[2]) {
      const target = this.messages.find((x) => x.messageId === m[1]);
      if (!target) return json(400, { code: 230001, msg: "message not found" });
      const b = JSON.parse(raw.toString("utf8"));
      target.patches.push(b.content);
      target.current = b.content;
      return json(200, { code: 0, msg: "ok", data: {} });
    }
    if (path === "/open-apis/im/v1/files" && req.method === "POST") {
      const text = raw.toString("latin1");
      const name = /name="file_name"\r\n\r\n([^\r]*)/.exec(text)?.[1] ?? "file";
      const start = text.indexOf("\r\n\r\n", text.indexOf('name="file"')) + 4;
      const boundary = /boundary=(.*)$/.exec(req.headers["content-type"] ?? "")?.[1] ?? "";
      const end = text.indexOf(`\r\n--${boundary}`, start);
      const key = `file_fake_${++this.seq}`;
      this.files.set(key, { name: Buffer.from(name, "latin1").toString("utf8"), bytes: raw.subarray(start, end) });
      return json(200, { code: 0, msg: "ok", data: { file_key: key } });
    }
    const rm = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(path);
    if (rm && req.method === "GET") {
      if (url.searchParams.get("type") !== "file" && url.searchParams.get("type") !== "image") return json(400, { code: 234001, msg: "Invalid request param." });
      const bytes = this.resources.get(`${decodeURIComponent(rm[1]!)}/${decodeURIComponent(rm[2]!)}`);
      if (!bytes) return json(400, { code: 234003, msg: "File not in msg." });
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) });
      res.end(bytes);
      return;
    }
    const u = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(path);
    if (u) return json(200, { code: 0, msg: "ok", data: { user: { open_id: u[1], name: this.names.get(u[1]!) ?? u[1] } } });
    json(404, { code: 404, msg: `fake lark: no route ${req.method} ${path}` });
  }
}
