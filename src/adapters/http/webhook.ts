// Lark's webhook (events and card callbacks) as one runtime-neutral function from raw bytes and headers to a
// JSON reply. The Hono route (src/adapters/http/app.ts) and the Node entry's own listener (src/runtimes/node/http-server.ts) both call
// it, so the checks and the order "store durably, then acknowledge, then process" live in one place.
import type { Ingress } from "../../app/runtime/ingress.js";
import { CARD_ACTION } from "../../app/runtime/ingress.js";
import type { Logger } from "../../app/ports/platform.js";
import { openLarkPush, type HeaderSource, type LarkSecrets } from "./lark-envelope.js";
import { rejectionLog, type RejectionLog } from "./rejection-log.js";

export interface WebhookDeps {
  secrets: LarkSecrets;
  ingress: Ingress;
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
    const push = opened.push;
    if (push.eventType === CARD_ACTION) {
      const answer = await deps.ingress.cardAction(push);
      deps.defer(deps.ingress.sweep());
      deps.log.info("callback.answered", { eventId: push.eventId, ms: Math.round(performance.now() - started) });
      return { status: 200, body: answer };
    }
    const stored = await deps.ingress.store(push);
    if (stored) deps.defer(deps.ingress.afterAck(push));
    return { status: 200, body: EVENT_ACK };
  };
}
