// The Node entry's HTTP listener. `POST /lark/webhook` is served straight from node:http — the body read
// from the IncomingMessage, the reply written with one writeHead/end — by the same webhook function the Hono
// route uses (src/adapters/http/webhook.ts); no Web Request, Headers or Response objects are built for Lark's pushes,
// which are nearly all the traffic. Every other request goes to the Hono app through @hono/node-server.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import { MAX_BODY_BYTES } from "../../adapters/http/lark-envelope.js";
import { EVENT_ACK, REFUSAL, type Webhook } from "../../adapters/http/webhook.js";
import type { RejectionLog } from "../../adapters/http/rejection-log.js";
import type { Logger } from "../../app/ports/platform.js";
import { describeError } from "../../app/runtime/log.js";

export const WEBHOOK_PATH = "/lark/webhook";

/** The request ended before its body did: cut off by the server's timeout, or the client went away. */
export class BodyIncomplete extends Error {
  constructor() {
    super("request body incomplete");
  }
}

/**
 * Reads a request body into one buffer. Null when it is over `limit`: at once when Content-Length says so
 * (Node discards the unread body); otherwise the rest is read to the end and dropped, keeping nothing.
 * When the request ends before its body (the server's request timeout, a client that went away) the promise
 * fails with BodyIncomplete, and nothing received is referenced any more.
 */
export function readIncomingBody(incoming: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = Number(incoming.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  if (incoming.destroyed && !incoming.complete) return Promise.reject(new BodyIncomplete());
  return new Promise<Uint8Array | null>((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const onData = (b: Buffer) => {
      size += b.length;
      if (size <= limit) chunks.push(b);
      else chunks = [];
    };
    const detach = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onFail);
      incoming.off("close", onClose);
    };
    const onEnd = () => {
      detach();
      const body = size > limit ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      chunks = [];
      resolve(body);
    };
    const onFail = () => {
      detach();
      chunks = [];
      reject(new BodyIncomplete());
    };
    const onClose = () => {
      if (!incoming.complete) onFail();
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onFail);
    incoming.on("close", onClose);
  });
}

/** Bodies up to this size are read at once; Lark's pushes are a few KB. */
export const SMALL_BODY_BYTES = 64 * 1024;
/** Larger bodies being received at once, in bytes (their Content-Length, or the limit when they have none). */
export const LARGE_BODIES_BUDGET_BYTES = 8 * MAX_BODY_BYTES;

/**
 * Bytes that large request bodies may hold at once. A large body waits for its share before it is read at all;
 * meanwhile Node reads nothing more from its connection (TCP holds the sender back) and the request timeout
 * still runs. So slow or stalled uploads cannot make the process hold more than the budget, however many
 * connections they come on (Node keeps at most about one socket read, ≤ 64 KB, of a body nobody reads).
 */
export class BodyBudget {
  private used = 0;
  private readonly waiting: Array<{ bytes: number; grant: () => void }> = [];
  constructor(readonly capacity: number) {}

  /** Resolves with the release function once `bytes` are available; fails with BodyIncomplete if `req` closes first. */
  acquire(bytes: number, req: IncomingMessage): Promise<() => void> {
    const need = Math.min(bytes, this.capacity);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.used -= need;
      this.wake();
    };
    if (this.waiting.length === 0 && this.used + need <= this.capacity) {
      this.used += need;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const entry = {
        bytes: need,
        grant: () => {
          req.off("close", onClose);
          this.used += need;
          resolve(release);
        },
      };
      const onClose = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new BodyIncomplete());
        this.wake();
      };
      req.once("close", onClose);
      this.waiting.push(entry);
    });
  }

  private wake(): void {
    // First come, first served: a large waiter is not overtaken by smaller ones behind it.
    while (this.waiting.length && this.used + this.waiting[0]!.bytes <= this.capacity) this.waiting.shift()!.grant();
  }

  get inUse(): number {
    return this.used;
  }
}

/** The webhook's body: small ones at once, large ones within the budget. */
async function readWebhookBody(req: IncomingMessage, budget: BodyBudget): Promise<Uint8Array | null> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared <= SMALL_BODY_BYTES) return readIncomingBody(req, MAX_BODY_BYTES);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return null;
  const release = await budget.acquire(Number.isFinite(declared) ? declared : MAX_BODY_BYTES, req);
  try {
    return await readIncomingBody(req, MAX_BODY_BYTES);
  } finally {
    release();
  }
}

const JSON_TYPE = "application/json; charset=UTF-8";
const ACK_BYTES = Buffer.from(JSON.stringify(EVENT_ACK));
const REFUSAL_BYTES = Buffer.from(JSON.stringify(REFUSAL.body));
const INTERNAL_ERROR = Buffer.from(JSON.stringify({ error: "internal_error" }));

function send(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { "content-type": JSON_TYPE, "content-length": body.length });
  res.end(body);
}

/** Node's headers object behind the webhook's HeaderSource (names are lower-case there already). */
function headerSource(req: IncomingMessage) {
  return {
    get(name: string): string | undefined {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(", ") : v;
    },
  };
}

/** The webhook on node:http: same replies as the Hono route, byte for byte in status and JSON. */
export function webhookListener(webhook: Webhook, log: Logger, rejections?: RejectionLog, budget = new BodyBudget(LARGE_BODIES_BUDGET_BYTES)): RequestListener {
  return (req, res) => {
    readWebhookBody(req, budget)
      .then((raw) => webhook(raw, headerSource(req)))
      .then((reply) => send(res, reply.status, reply.body === EVENT_ACK ? ACK_BYTES : reply === REFUSAL ? REFUSAL_BYTES : Buffer.from(JSON.stringify(reply.body))))
      .catch((e: unknown) => {
        if (e instanceof BodyIncomplete) {
          // Node has answered 408 and closed the connection (timeout), or the client left: nothing to send.
          // Counted like a refusal: anyone can cause it, as often as they like.
          rejections?.note("request_incomplete");
          res.destroy();
          return;
        }
        log.error("http.error", { path: WEBHOOK_PATH, error: describeError(e) });
        if (!res.headersSent) send(res, 500, INTERNAL_ERROR);
        else res.destroy();
      });
  };
}

export interface NodeServerLimits {
  /** Time to receive a whole request, headers and body (Node's requestTimeout and headersTimeout). */
  bodyTimeoutMs: number;
  /** Open connections at most; further ones are closed on arrival (Node's maxConnections). */
  maxConnections: number;
}

/** Idle keep-alive connections are closed after this long (Node's default, stated). */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** A connection with no traffic either way for this long is closed (long polls on the console answer within 25 s). */
export const SOCKET_IDLE_TIMEOUT_MS = 60_000;

/** One server: the webhook on its own fast path, everything else through Hono. */
export function createNodeServer(app: Hono, webhook: Webhook, log: Logger, limits: NodeServerLimits, rejections?: RejectionLog): Server {
  const viaHono = getRequestListener(app.fetch);
  const viaWebhook = webhookListener(webhook, log, rejections);
  const server = createServer(
    {
      requestTimeout: limits.bodyTimeoutMs,
      headersTimeout: limits.bodyTimeoutMs,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      // How often Node looks for requests over their time (default 30 s, which would let a 10 s limit run to 40 s).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.bodyTimeoutMs / 4))),
    },
    (req, res) => {
      if (req.method === "POST" && (req.url === WEBHOOK_PATH || req.url?.startsWith(WEBHOOK_PATH + "?"))) viaWebhook(req, res);
      else void viaHono(req, res);
    },
  );
  server.maxConnections = limits.maxConnections;
  server.setTimeout(SOCKET_IDLE_TIMEOUT_MS);
  return server;
}
