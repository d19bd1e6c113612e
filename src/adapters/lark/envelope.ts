// Reads a decrypted Lark envelope (event or card callback, schema 2.0 or 1.0) into the push the inbox stores.
// Pure; shared by the webhook (src/adapters/http/lark-envelope.ts, after its checks), the long connection and the console.
import type { LarkPush } from "../../app/ports/platform.js";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Reads ids and type from a decrypted envelope (schema 2.0 or 1.0). Used by the webhook after its checks and
 * by the long connection, whose frames are authenticated by the connection itself.
 */
export function describeEnvelope(body: Record<string, unknown>, json: string): { push: LarkPush; token: unknown } | { error: string } {
  // Schema 2.0: { schema, header: { event_id, event_type, token }, event }; schema 1.0: { uuid, token, type, event: { type } }.
  let eventId: unknown;
  let eventType: unknown;
  let token: unknown;
  const event = body.event;
  if (body.schema === "2.0" && isObject(body.header)) {
    eventId = body.header.event_id;
    eventType = body.header.event_type;
    token = body.header.token;
  } else if (typeof body.uuid === "string" && isObject(event)) {
    eventId = body.uuid;
    eventType = event.type;
    token = body.token;
  } else {
    return { error: "not a Lark event or callback envelope" };
  }
  if (typeof eventId !== "string" || eventId === "" || eventId.length > 128 || typeof eventType !== "string" || eventType === "" || !isObject(event)) {
    return { error: "event id, type or body missing" };
  }
  let messageId: string | undefined;
  let chatId: string | undefined;
  const message = event.message;
  if (isObject(message)) {
    if (typeof message.message_id === "string") messageId = message.message_id;
    if (typeof message.chat_id === "string") chatId = message.chat_id;
  } else if (isObject(event.context) && typeof event.context.open_chat_id === "string") {
    chatId = event.context.open_chat_id;
  } else if (typeof event.chat_id === "string") {
    chatId = event.chat_id;
  }
  return {
    token,
    push: { eventId, eventType, messageId: eventType === "im.message.receive_v1" ? messageId : undefined, chatId, json, envelope: body },
  };
}
