// LARK_EVENT_MODE=ws: events and card callbacks arrive over the node-sdk's long connection (WSClient) and
// enter the same pipeline as webhook pushes. Frames are authenticated by the connection itself.
import { loadNodeSdk, sdkLogger } from "./sdk-client.js";
import { describeError, describeErrorText } from "../../app/runtime/log.js";
import { receive, type ReceivingIngress } from "../../app/runtime/receive.js";
import type { Logger } from "../../app/ports/platform.js";
import type { Config } from "../../config.js";
import { describeEnvelope } from "../../adapters/lark/envelope.js";

/**
 * What WSClient calls for each data frame: receive() like the webhook; its return value is sent back (the card
 * callback's answer, or {} for an event, new or redelivered).
 */
export function longConnectionDispatcher(p: { ingress: ReceivingIngress; log: Logger; defer(w: Promise<unknown>): void }) {
  return {
    async invoke(envelope: Record<string, unknown>): Promise<unknown> {
      try {
        return await handle(envelope);
      } catch (e) {
        // The SDK logs what invoke throws as a string: hand it a short description, never the error itself
        // (Prisma's messages print a call's arguments).
        p.log.error("ws.frame_failed", { error: describeError(e) });
        throw new Error(describeErrorText(e));
      }
    },
  };

  async function handle(envelope: Record<string, unknown>): Promise<unknown> {
    const d = describeEnvelope(envelope, JSON.stringify(envelope));
    if ("error" in d) {
      p.log.warn("ws.rejected", { error: d.error });
      return {};
    }
    const receipt = await receive(p.ingress, d.push, p);
    return receipt.kind === "answer" ? receipt.answer : {};
  }
}

export function startLongConnection(p: { config: Config; ingress: ReceivingIngress; log: Logger; defer(w: Promise<unknown>): void }): { close(): void } {
  const lark = loadNodeSdk();
  const client = new lark.WSClient({
    appId: p.config.lark.appId!,
    appSecret: p.config.lark.appSecret!,
    domain: p.config.lark.domain,
    // The SDK's lines (connection failures, reconnects) through the redacting adapter; never its debug lines,
    // which carry the connection URL and its ticket.
    loggerLevel: lark.LoggerLevel.info,
    logger: sdkLogger(p.log),
    // The client gave up (a refused app, or retries exhausted): one line, the error described, never the object.
    onError: (e) => p.log.error("ws.failed", { error: describeError(e) }),
  });
  // WSClient calls `invoke(envelope)` for every data frame and sends back what it returns.
  client.start({ eventDispatcher: longConnectionDispatcher(p) as unknown as InstanceType<typeof lark.EventDispatcher> });
  return { close: () => client.close({ force: true }) };
}
