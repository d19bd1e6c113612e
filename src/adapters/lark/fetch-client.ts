// LarkApi over plain `fetch` (Cloudflare Workers; also runs on Node 20). The same REST calls the node-sdk
// makes for us on Node (src/runtimes/node/sdk-client.ts), without its 6 MB module: a tenant access token cached per
// isolate, then messages create/reply/patch, file upload (multipart FormData), files sent to the bot (message
// resources, read up to a size cap), bot info and user names.
// The domain may be Feishu, Lark, or any base URL (tests point it at a fake Open API on 127.0.0.1).
import { describeErrorText } from "../../app/runtime/log.js";
import { LarkApiError, readCapped, type LarkApi } from "../../app/ports/platform.js";

interface Body<T> {
  code?: number;
  msg?: string;
  data?: T;
}

export interface FetchLarkOptions {
  appId: string;
  appSecret: string;
  domain: string;
  timeoutMs?: number;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch, for the token cache. */
  now?: () => number;
}

export function fetchLarkApi(opts: FetchLarkOptions): LarkApi {
  const base = opts.domain.replace(/\/+$/, "");
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let token: { value: string; until: number } | null = null;
  let pendingToken: Promise<string> | null = null;

  async function raw<T>(what: string, path: string, init: RequestInit): Promise<{ status: number; body: Body<T> & Record<string, unknown>; headers: Headers }> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      const name = e instanceof Error ? e.name : "";
      throw new LarkApiError(`${what} failed: ${name === "TimeoutError" ? "timeout" : describeErrorText(e)}`, { status: 0 });
    }
    const text = await res.text();
    let body: Body<T> & Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as typeof body) : {};
    } catch {
      body = {};
    }
    if (!res.ok) {
      const reset = Number(res.headers.get("x-ogw-ratelimit-reset") ?? NaN);
      throw new LarkApiError(`${what} failed: ${typeof body.msg === "string" ? body.msg.slice(0, 200) : `HTTP ${res.status}`}`, {
        status: res.status,
        code: typeof body.code === "number" ? body.code : undefined,
        retryAfterMs: Number.isFinite(reset) && reset >= 0 ? Math.min(reset, 600) * 1000 : undefined,
      });
    }
    if (typeof body.code === "number" && body.code !== 0) throw new LarkApiError(`${what} failed: ${body.msg ?? ""}`, { status: res.status, code: body.code });
    return { status: res.status, body, headers: res.headers };
  }

  async function fetchToken(): Promise<string> {
    const { body } = await raw<never>("auth.tenant_access_token", "/open-apis/auth/v3/tenant_access_token/internal", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ app_id: opts.appId, app_secret: opts.appSecret }),
    });
    const value = typeof body.tenant_access_token === "string" ? body.tenant_access_token : "";
    if (!value) throw new LarkApiError("auth.tenant_access_token failed: no token", { status: 0 });
    const expire = typeof body.expire === "number" ? body.expire : 7200;
    // Lark hands out a fresh token once fewer than 30 minutes remain; renew a little before expiry.
    token = { value, until: now() + Math.max(60, expire - 300) * 1000 };
    return value;
  }

  async function accessToken(): Promise<string> {
    if (token && token.until > now()) return token.value;
    pendingToken ??= fetchToken().finally(() => (pendingToken = null));
    return pendingToken;
  }

  async function api<T>(what: string, method: string, path: string, body?: unknown): Promise<Body<T> & Record<string, unknown>> {
    const t = await accessToken();
    const headers: Record<string, string> = { authorization: `Bearer ${t}` };
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["content-type"] = "application/json; charset=utf-8";
      payload = JSON.stringify(body);
    }
    try {
      return (await raw<T>(what, path, { method, headers, body: payload })).body;
    } catch (e) {
      // A revoked or expired token: drop it so the retry (outbox back-off) fetches a new one.
      if (e instanceof LarkApiError && e.tokenRejected) token = null;
      throw e;
    }
  }

  const enc = encodeURIComponent;
  return {
    async sendMessage(p) {
      const r = await api<{ message_id?: string }>("im.message.create", "POST", `/open-apis/im/v1/messages?receive_id_type=${enc(p.receiveIdType)}`, {
        receive_id: p.receiveId,
        msg_type: p.msgType,
        content: p.content,
        uuid: p.uuid,
      });
      return { messageId: r.data?.message_id ?? "" };
    },
    async replyMessage(p) {
      const r = await api<{ message_id?: string }>("im.message.reply", "POST", `/open-apis/im/v1/messages/${enc(p.messageId)}/reply`, {
        msg_type: p.msgType,
        content: p.content,
        uuid: p.uuid,
      });
      return { messageId: r.data?.message_id ?? "" };
    },
    async patchCard(p) {
      await api("im.message.patch", "PATCH", `/open-apis/im/v1/messages/${enc(p.messageId)}`, { content: p.content });
    },
    async uploadFile(p) {
      const form = new FormData();
      form.append("file_type", "stream");
      form.append("file_name", p.fileName);
      form.append("file", new Blob([p.bytes as Uint8Array<ArrayBuffer>]), p.fileName);
      const r = await api<{ file_key?: string }>("im.file.create", "POST", "/open-apis/im/v1/files", form);
      if (!r.data?.file_key) throw new LarkApiError("im.file.create failed: no file_key", { status: 0 });
      return { fileKey: r.data.file_key };
    },
    async getMessageResource(p) {
      const what = "im.messageResource.get";
      const t = await accessToken();
      let res: Response;
      try {
        res = await doFetch(`${base}/open-apis/im/v1/messages/${enc(p.messageId)}/resources/${enc(p.fileKey)}?type=file`, {
          headers: { authorization: `Bearer ${t}` },
          signal: AbortSignal.timeout(Math.max(timeoutMs, 30_000)),
        });
      } catch (e) {
        const name = e instanceof Error ? e.name : "";
        throw new LarkApiError(`${what} failed: ${name === "TimeoutError" ? "timeout" : describeErrorText(e)}`, { status: 0 });
      }
      // Errors come as JSON; the file as bytes.
      if (!res.ok || /json/.test(res.headers.get("content-type") ?? "")) {
        let body: { code?: number; msg?: string } = {};
        try {
          body = JSON.parse(await res.text()) as typeof body;
        } catch {
          body = {};
        }
        const reset = Number(res.headers.get("x-ogw-ratelimit-reset") ?? NaN);
        const err = new LarkApiError(`${what} failed: ${typeof body.msg === "string" ? body.msg.slice(0, 200) : `HTTP ${res.status}`}`, {
          status: res.status,
          code: typeof body.code === "number" ? body.code : undefined,
          retryAfterMs: Number.isFinite(reset) && reset >= 0 ? Math.min(reset, 600) * 1000 : undefined,
        });
        // A revoked or expired token: drop it so the retry fetches a new one.
        if (err.tokenRejected) token = null;
        throw err;
      }
      const size = Number(res.headers.get("content-length") ?? NaN);
      if (Number.isFinite(size) && size > p.maxBytes) {
        await res.body?.cancel();
        return { tooLarge: true, size };
      }
      if (!res.body) return { bytes: new Uint8Array(await res.arrayBuffer()) };
      const reader = res.body.getReader();
      const chunks = {
        async *[Symbol.asyncIterator]() {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            yield value;
          }
        },
      };
      return readCapped(chunks, p.maxBytes, () => void reader.cancel());
    },
    async getBotInfo() {
      const r = await api<never>("bot.info", "GET", "/open-apis/bot/v3/info");
      const bot = (r.bot ?? {}) as { open_id?: string; app_name?: string };
      return { openId: bot.open_id ?? "", name: bot.app_name ?? "" };
    },
    async getUserName(openId) {
      try {
        const r = await api<{ user?: { name?: string } }>("contact.user.get", "GET", `/open-apis/contact/v3/users/${enc(openId)}?user_id_type=open_id`);
        return r.data?.user?.name ?? null;
      } catch {
        return null;
      }
    },
  };
}
