// The HTTP surface: Lark's webhook (events and card callbacks), health, downloads. Runtime-neutral Hono app;
// the Node and Workers entries adapt it.
import { Hono } from "hono";
import { MAX_BODY_BYTES } from "./lark-envelope.js";
import type { Logger } from "../../app/ports/platform.js";
import type { Webhook } from "./webhook.js";
import type { WriteHealthReport } from "../../app/runtime/write-health.js";
import { describeError } from "../../app/runtime/log.js";

export interface HttpDeps {
  /** Lark's webhook (src/adapters/http/webhook.ts); the Node entry serves the same function on its own listener too. */
  webhook: Webhook;
  log: Logger;
  health(): Promise<{
    ok: boolean;
    database: boolean;
    /** Whether writes work: 503 while they fail, with the last write error and its age. */
    writes: WriteHealthReport;
    inbox: { pending: number; failed: number };
    outbox: { pending: number; failed: number };
  }>;
  /** Extra routes (downloads, console) mounted by the composition root. */
  extend?: (app: Hono) => void;
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
    const reply = await deps.webhook(await readLimited(c.req.raw, MAX_BODY_BYTES), c.req.raw.headers);
    return c.json(reply.body as object, reply.status);
  });

  app.get("/healthz", async (c) => {
    const h = await deps.health();
    return c.json(h, h.ok ? 200 : 503);
  });

  deps.extend?.(app);

  app.notFound((c) => c.json({ error: "not_found" }, 404));
  app.onError((err, c) => {
    deps.log.error("http.error", { path: new URL(c.req.url).pathname, error: describeError(err) });
    return c.json({ error: "internal_error" }, 500);
  });
  return app;
}
