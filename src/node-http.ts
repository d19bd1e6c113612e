// The Node entry's HTTP listener. `POST /lark/webhook` is served straight from node:http — the body read
// from the IncomingMessage, the reply written with one writeHead/end — by the same webhook function the Hono
// route uses (src/http/webhook.ts); no Web Request, Headers or Response objects are built for Lark's pushes,
// which are nearly all the traffic. Every other request goes to the Hono app through @hono/node-server.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import { MAX_BODY_BYTES } from "./http/lark-envelope.js";
import { EVENT_ACK, type Webhook } from "./http/webhook.js";
import type { Logger } from "./app/ports.js";
import { describeError } from "./app/log.js";

export const WEBHOOK_PATH = "/lark/webhook";

/**
 * Reads a request body into one buffer. Null when it is over `limit`: at once when Content-Length says so
 * (Node discards the unread body); otherwise the rest is read to the end and dropped, keeping nothing.
 */
export function readIncomingBody(incoming: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = Number(incoming.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise<Uint8Array | null>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (b: Buffer) => {
      size += b.length;
      if (size <= limit) chunks.push(b);
      else chunks.length = 0;
    };
    const done = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("aborted", onAborted);
    };
    const onEnd = () => {
      done();
      resolve(size > limit ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const onAborted = () => onError(new Error("request aborted"));
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("aborted", onAborted);
  });
}

const JSON_TYPE = "application/json; charset=UTF-8";
const ACK_BYTES = Buffer.from(JSON.stringify(EVENT_ACK));
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
export function webhookListener(webhook: Webhook, log: Logger): RequestListener {
  return (req, res) => {
    readIncomingBody(req, MAX_BODY_BYTES)
      .then((raw) => webhook(raw, headerSource(req)))
      .then((reply) => send(res, reply.status, reply.body === EVENT_ACK ? ACK_BYTES : Buffer.from(JSON.stringify(reply.body))))
      .catch((e: unknown) => {
        log.error("http.error", { path: WEBHOOK_PATH, error: describeError(e) });
        if (!res.headersSent) send(res, 500, INTERNAL_ERROR);
        else res.destroy();
      });
  };
}

/** One server: the webhook on its own fast path, everything else through Hono. */
export function createNodeServer(app: Hono, webhook: Webhook, log: Logger): Server {
  const viaHono = getRequestListener(app.fetch);
  const viaWebhook = webhookListener(webhook, log);
  return createServer((req, res) => {
    if (req.method === "POST" && (req.url === WEBHOOK_PATH || req.url?.startsWith(WEBHOOK_PATH + "?"))) viaWebhook(req, res);
    else void viaHono(req, res);
  });
}
