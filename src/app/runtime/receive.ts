// The one acknowledgement sequence for every way a push enters the app: the webhook (src/adapters/http/webhook.ts),
// the long connection (src/runtimes/node/long-connection.ts) and the local console (src/runtimes/node/console/).
// A transport only verifies or decodes; it hands the LarkPush here and sends back what the receipt says, in its
// own format. Here, once:
//   event:       store in the inbox (deduplicated) → acknowledge → process after the acknowledgement (deferred);
//   card action: store and process now → answer (Lark wants it within 3 s: a toast and/or a new card) → sweep
//                after the answer (deferred; it delivers what the action queued).
// A store that fails throws: the transport answers with an error, never an acknowledgement, so Lark redelivers.
// Runtime-neutral (Workers too): no Node APIs.
import { CARD_ACTION, type CallbackAnswer, type Ingress } from "./ingress.js";
import type { LarkPush } from "../ports/platform.js";

/** What receive() uses of the ingress (src/app/runtime/ingress.ts). */
export type ReceivingIngress = Pick<Ingress, "store" | "afterAck" | "cardAction" | "sweep">;

/** What the transport must answer. */
export type Receipt =
  /** Stored; its processing is deferred until after the acknowledgement. */
  | { readonly kind: "ack" }
  /** Stored already (a redelivery: same event_id, or same message_id): acknowledged, not processed again. */
  | { readonly kind: "duplicate" }
  /** A card callback's answer (a repeated callback gets a toast only). */
  | { readonly kind: "answer"; readonly answer: CallbackAnswer };

export interface ReceiveOptions {
  /** Keeps work alive after the answer (Workers: waitUntil; Node: the entry's tracker). */
  defer(work: Promise<unknown>): void;
}

const ACK: Receipt = Object.freeze({ kind: "ack" });
const DUPLICATE: Receipt = Object.freeze({ kind: "duplicate" });

export async function receive(ingress: ReceivingIngress, push: LarkPush, opts: ReceiveOptions): Promise<Receipt> {
  if (push.eventType === CARD_ACTION) {
    const answer = await ingress.cardAction(push);
    opts.defer(ingress.sweep());
    return { kind: "answer", answer };
  }
  if (!(await ingress.store(push))) return DUPLICATE;
  opts.defer(ingress.afterAck(push));
  return ACK;
}
