// Lark's webhook (events and card callbacks) as one runtime-neutral function from raw bytes and headers to a
// JSON reply. The Hono route (src/adapters/http/app.ts) and the Node entry's own listener (src/runtimes/node/http-server.ts) both call
// it, so the checks live in one place; the order "store durably, then acknowledge, then process" is the app's
// (src/app/runtime/receive.ts), shared with the long connection and the local console.
import { receive, type ReceivingIngress } from "../../app/runtime/receive.js";
import type { Logger } from "../../app/ports/platform.js";
import { openLarkPush, type HeaderSource, type LarkSecrets } from "./lark-envelope.js";
import { rejectionLog, type RejectionLog } from "./rejection-log.js";

export interface WebhookDeps {
  secrets: LarkSecrets;
  ingress: ReceivingIngress;
  log: Logger;
  /** Keeps work alive after the response (Workers: waitUntil; Node: track the promise). */
  defer(work: Promise<unknown>): void;
  /** Where refusals are counted (default: one of its own on `log`). */
  rejections?: RejectionLog;
}

export interface WebhookReply {
  status: 200 | 400 | 401 | 413;
  body: unknown;
}

/** Handles one push. `raw` is null when the body was over the size limit (the reader stopped keeping it). */
export type Webhook = (raw: Uint8Array | null, headers: HeaderSource) => Promise<WebhookReply>;

/** The acknowledgement of a stored event: the same object every time (the Node listener sends its bytes as they are). */
export const EVENT_ACK = Object.freeze({ code: 0 });

/**
 * The one answer to every request that is not authenticated (no or a wrong signature, an unsigned body that is
 * not exactly a valid challenge): same status, same bytes, whatever was wrong with it.
 */
export const REFUSAL = Object.freeze({ status: 401 as const, body: Object.freeze({ error: "unauthorized", message: "request refused" }) });

export function createWebhook(deps: WebhookDeps): Webhook {
  const rejections = deps.rejections ?? rejectionLog(deps.log);
  return async (raw, headers) => {
    const started = performance.now();
    if (!raw) {
      rejections.note("body_too_large");
      return { status: 413, body: { error: "body_too_large", message: "request body exceeds 1 MiB" } };
    }
    const opened = await openLarkPush(raw, headers, deps.secrets);
    if (opened.kind === "refuse") {
      rejections.note(opened.reason);
      return REFUSAL;
    }
    if (opened.kind === "reject") {
      rejections.note(opened.error);
      return { status: opened.status, body: { error: opened.error, message: opened.message } };
    }
    if (opened.kind === "challenge") return { status: 200, body: { challenge: opened.challenge } };
    const receipt = await receive(deps.ingress, opened.push, deps);
    if (receipt.kind !== "answer") return { status: 200, body: EVENT_ACK };
    deps.log.info("callback.answered", { eventId: opened.push.eventId, ms: Math.round(performance.now() - started) });
    return { status: 200, body: receipt.answer };
  };
}
