// The HTTP surface: Lark's webhook (events and card callbacks), health, downloads. Runtime-neutral Hono app;
// the Node and Workers entries adapt it.
import { Hono, type Context } from "hono";
import type { Ingress } from "../app/ingress.js";
import { CARD_ACTION } from "../app/ingress.js";
import type { Logger } from "../app/ports.js";
import { MAX_BODY_BYTES, openLarkPush, type LarkSecrets } from "./lark-envelope.js";

export interface HttpDeps {
  secrets: LarkSecrets;
  ingress: Ingress;
  log: Logger;
  /** Keeps work alive after the response (Workers: waitUntil; Node: track the promise). */
  defer(work: Promise<unknown>): void;
  health(): Promise<{ ok: boolean; database: boolean; inbox: { pending: number; failed: number }; outbox: { pending: number; failed: number } }>;
  /** Extra routes (downloads, console) mounted by the composition root. */
  extend?: (app: Hono) => void;
  /**
   * A runtime's faster way to read the request body, given the context and the size limit (Node: straight from
   * the IncomingMessage, with no Web stream or Request object built). Returns null when the body is over the
   * limit, undefined when it cannot read this request (the Web stream is used then).
   */
  readBody?: (c: Context, limit: number) => Promise<Uint8Array | null> | undefined;
}

async function readLimited(req: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

export function createHttpApp(deps: HttpDeps): Hono {
  const app = new Hono();

  app.post("/lark/webhook", async (c) => {
    const started = performance.now();
    const raw = await (deps.readBody?.(c, MAX_BODY_BYTES) ?? readLimited(c.req.raw, MAX_BODY_BYTES));
    if (!raw) return c.json({ error: "body_too_large", message: "request body exceeds 1 MiB" }, 413);
    const opened = await openLarkPush(raw, c.req.raw.headers, deps.secrets);
    if (opened.kind === "reject") {
      deps.log.warn("webhook.rejected", { status: opened.status, error: opened.error });
      return c.json({ error: opened.error, message: opened.message }, opened.status);
    }
    if (opened.kind === "challenge") return c.json({ challenge: opened.challenge });
    const push = opened.push;
    if (push.eventType === CARD_ACTION) {
      const answer = await deps.ingress.cardAction(push);
      deps.defer(deps.ingress.sweep());
      deps.log.info("callback.answered", { eventId: push.eventId, ms: Math.round(performance.now() - started) });
      return c.json(answer);
    }
    const stored = await deps.ingress.store(push);
    if (stored) deps.defer(deps.ingress.afterAck(push));
    return c.json({ code: 0 });
  });

  app.get("/healthz", async (c) => {
    const h = await deps.health();
    return c.json(h, h.ok ? 200 : 503);
  });

  deps.extend?.(app);

  app.notFound((c) => c.json({ error: "not_found" }, 404));
  app.onError((err, c) => {
    deps.log.error("http.error", { path: new URL(c.req.url).pathname, error: err.message.slice(0, 300) });
    return c.json({ error: "internal_error" }, 500);
  });
  return app;
}
