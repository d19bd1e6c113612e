// LarkApi implemented with the official node-sdk Client. The domain may be Feishu, Lark, or any base URL
// (tests point it at a fake Open API on 127.0.0.1).
// The SDK is loaded on first use, not at start-up, so a process that never calls Lark (the console, tests)
// does not pay for it; and it is loaded with require (loadNodeSdk), not import(): the package is one large
// CommonJS bundle, and importing it as ESM (named-export detection, and under tsx's loader thread a second
// copy) cost ≈ 120 MB of RSS where require costs ≈ 35 MB (measured with `node --import tsx`, Node 20).
import { createRequire } from "node:module";
import type * as Lark from "@larksuiteoapi/node-sdk";
import { describeError, describeErrorText, isErrorLike, RepeatGate } from "../../app/runtime/log.js";
import { LarkApiError, readCapped, type LarkApi, type Logger } from "../../app/ports/platform.js";

interface SdkResponse<T> {
  code?: number;
  msg?: string;
  data?: T;
}

/**
 * The node-sdk's own logger, routed into ours. The SDK logs whole Axios errors (their config holds the request
 * body: `{"app_id":…,"app_secret":…}` for the token request, and the Authorization header), so nothing it passes
 * goes out as it is: strings (short, and only at warn/error/info level) and describeError summaries of error-like
 * values. Identical lines are held back with RepeatGate's back-off (an unreachable Open API fails every retry).
 */
export function sdkLogger(log: Logger, gate: RepeatGate = new RepeatGate()) {
  const line = (level: "error" | "warn" | "info", args: unknown[]) => {
    // LoggerProxy passes its arguments as one array.
    const flat = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    const words: string[] = [];
    let error: ReturnType<typeof describeError> | undefined;
    for (const a of flat.flat()) {
      if (typeof a === "string") words.push(a.length > 160 ? `${a.slice(0, 160)}…` : a);
      else if (typeof a === "number" || typeof a === "boolean") words.push(String(a));
      else if (error === undefined && isErrorLike(a)) error = describeError(a);
    }
    const detail = words.join(" ").slice(0, 300);
    const admitted = gate.admit(`${level}|${detail}|${error ? `${error.name}|${error.code ?? ""}|${error.status ?? ""}|${error.path ?? ""}` : ""}`);
    if (!admitted) return;
    const fields: Record<string, unknown> = { detail, ...(error ? { error } : {}), ...(admitted.total > 1 ? { repeats: admitted.held } : {}) };
    if (level === "info") log.info("lark_sdk.info", fields);
    else log.warn(`lark_sdk.${level}`, fields);
  };
  return {
    error: (...a: unknown[]) => line("error", a),
    warn: (...a: unknown[]) => line("warn", a),
    info: (...a: unknown[]) => line("info", a),
    // Debug lines carry URLs with connection tickets: never passed on.
    debug: (..._: unknown[]) => {},
    trace: (..._: unknown[]) => {},
  };
}

function toError(e: unknown, what: string): LarkApiError {
  if (e instanceof LarkApiError) return e;
  const ax = e as { response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, unknown> }; code?: string; message?: string };
  if (ax && typeof ax === "object" && ax.response) {
    const status = ax.response.status ?? 0;
    const code = ax.response.data?.code;
    const reset = ax.response.headers?.["x-ogw-ratelimit-reset"];
    const resetSec = typeof reset === "string" || typeof reset === "number" ? Number(reset) : NaN;
    const msg = typeof ax.response.data?.msg === "string" ? ax.response.data.msg.slice(0, 200) : `HTTP ${status}`;
    return new LarkApiError(`${what} failed: ${msg}`, {
      status,
      code,
      retryAfterMs: Number.isFinite(resetSec) && resetSec >= 0 ? Math.min(resetSec, 600) * 1000 : undefined,
    });
  }
  // A network error, a timeout, or anything else the SDK throws: its short description only (the error object
  // itself holds the request, credentials included, and is not kept).
  return new LarkApiError(`${what} failed: ${describeErrorText(e)}`, { status: 0 });
}

function check<T>(r: SdkResponse<T> | null | undefined, what: string): T {
  if (!r) throw new LarkApiError(`${what} failed: empty response`, { status: 0 });
  if (r.code !== undefined && r.code !== 0) throw new LarkApiError(`${what} failed: ${r.msg ?? ""}`, { status: 200, code: r.code });
  return (r.data ?? {}) as T;
}

/** The node-sdk, loaded once with require (see the note at the top of this file). */
export function loadNodeSdk(): typeof Lark {
  return createRequire(import.meta.url)("@larksuiteoapi/node-sdk") as typeof Lark;
}

/**
 * The SDK's token cache, one per client. The SDK's default is one Map for the whole process that nothing ever
 * clears before expiry (2 h): a token Lark revoked would fail every call until then. This one is dropped when Lark
 * rejects the token, so the outbox's retry fetches a new one (as the fetch client does).
 */
class TokenCache {
  private readonly values = new Map<string, { value: unknown; expiresAt?: number }>();
  private key(key: string | { toString(): string }, o?: { namespace?: string }): string {
    return `${o?.namespace ?? ""}/${key.toString()}`;
  }
  async get(key: string | { toString(): string }, o?: { namespace?: string }): Promise<unknown> {
    const v = this.values.get(this.key(key, o));
    return v && (v.expiresAt === undefined || v.expiresAt > Date.now()) ? v.value : undefined;
  }
  async set(key: string | { toString(): string }, value: unknown, expiresAt?: number, o?: { namespace?: string }): Promise<boolean> {
    this.values.set(this.key(key, o), { value, expiresAt });
    return true;
  }
  clear(): void {
    this.values.clear();
  }
}

export function sdkLarkApi(opts: { appId: string; appSecret: string; domain: string; timeoutMs?: number; log?: Logger }): LarkApi {
  let clientP: Promise<Lark.Client> | null = null;
  const tokens = new TokenCache();
  /** Every failure passes here: a rejected token is dropped. */
  const failed = (e: LarkApiError): LarkApiError => {
    if (e.tokenRejected) tokens.clear();
    return e;
  };
  const getClient = (): Promise<Lark.Client> =>
    (clientP ??= Promise.resolve().then(() => {
      const lark = loadNodeSdk();
      const client = new lark.Client({
        appId: opts.appId,
        appSecret: opts.appSecret,
        domain: opts.domain,
        // Its errors are ours to report (the outbox logs each failed call); its own lines go through the adapter.
        loggerLevel: lark.LoggerLevel.error,
        logger: sdkLogger(opts.log ?? { info() {}, warn() {}, error() {} }),
        cache: tokens,
      });
      const http = (client as unknown as { httpInstance?: { defaults?: { timeout?: number } } }).httpInstance;
      if (http?.defaults) http.defaults.timeout = opts.timeoutMs ?? 10_000;
      return client;
    }));

  const call = async <T>(what: string, f: (client: Lark.Client) => Promise<SdkResponse<T> | null>): Promise<T> => {
    let r: SdkResponse<T> | null;
    try {
      r = await f(await getClient());
    } catch (e) {
      throw failed(toError(e, what));
    }
    try {
      return check(r, what);
    } catch (e) {
      throw failed(e as LarkApiError);
    }
  };

  return {
    async sendMessage(p) {
      const d = await call<{ message_id?: string }>("im.message.create", (client) =>
        client.im.message.create({
          params: { receive_id_type: p.receiveIdType },
          data: { receive_id: p.receiveId, msg_type: p.msgType, content: p.content, uuid: p.uuid },
        }) as Promise<SdkResponse<{ message_id?: string }>>,
      );
      return { messageId: d.message_id ?? "" };
    },
    async replyMessage(p) {
      const d = await call<{ message_id?: string }>("im.message.reply", (client) =>
        client.im.message.reply({ path: { message_id: p.messageId }, data: { msg_type: p.msgType, content: p.content, uuid: p.uuid } }) as Promise<
          SdkResponse<{ message_id?: string }>
        >,
      );
      return { messageId: d.message_id ?? "" };
    },
    async patchCard(p) {
      await call("im.message.patch", (client) => client.im.message.patch({ path: { message_id: p.messageId }, data: { content: p.content } }) as Promise<SdkResponse<unknown>>);
    },
    async uploadFile(p) {
      // The SDK returns the data object ({ file_key }) for this call, or null.
      let r: { file_key?: string } | null;
      try {
        const client = await getClient();
        r = (await client.im.file.create({
          data: { file_type: "stream", file_name: p.fileName, file: Buffer.from(p.bytes) as unknown as Buffer },
        })) as { file_key?: string } | null;
      } catch (e) {
        throw failed(toError(e, "im.file.create"));
      }
      if (!r?.file_key) throw new LarkApiError("im.file.create failed: no file_key", { status: 0 });
      return { fileKey: r.file_key };
    },
    async getMessageResource(p) {
      let stream: NodeJS.ReadableStream & { destroy(): void };
      let headers: Record<string, unknown>;
      try {
        const client = await getClient();
        const r = await client.im.messageResource.get({ path: { message_id: p.messageId, file_key: p.fileKey }, params: { type: "file" } });
        stream = r.getReadableStream() as unknown as typeof stream;
        headers = (r.headers ?? {}) as Record<string, unknown>;
      } catch (e) {
        throw toError(e, "im.messageResource.get");
      }
      const size = Number(headers["content-length"] ?? NaN);
      if (Number.isFinite(size) && size > p.maxBytes) {
        stream.destroy();
        return { tooLarge: true, size };
      }
      try {
        return await readCapped(stream as AsyncIterable<Uint8Array>, p.maxBytes, () => stream.destroy());
      } catch (e) {
        throw toError(e, "im.messageResource.get");
      }
    },
    async getBotInfo() {
      let r: { code?: number; msg?: string; bot?: { open_id?: string; app_name?: string } };
      try {
        const client = await getClient();
        r = (await client.request({ method: "GET", url: "/open-apis/bot/v3/info" })) as typeof r;
      } catch (e) {
        throw failed(toError(e, "bot.info"));
      }
      if (r.code !== undefined && r.code !== 0) throw failed(new LarkApiError(`bot.info failed: ${r.msg ?? ""}`, { status: 200, code: r.code }));
      return { openId: r.bot?.open_id ?? "", name: r.bot?.app_name ?? "" };
    },
    async getUserName(openId) {
      try {
        const d = await call<{ user?: { name?: string } }>("contact.user.get", (client) =>
          client.contact.user.get({ path: { user_id: openId }, params: { user_id_type: "open_id" } }) as Promise<SdkResponse<{ user?: { name?: string } }>>,
        );
        return d.user?.name ?? null;
      } catch {
        return null;
      }
    },
  };
}
