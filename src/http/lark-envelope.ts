// Opens a Lark push (event or card callback) from its raw bytes: size, JSON, decryption, challenge,
// signature and verification token, envelope shape. Pure over { headers, rawBody }; Web APIs only.
import { constantTimeEqual, decryptPayload, DecryptError, larkSignature } from "../lark/crypto.js";

export const MAX_BODY_BYTES = 1024 * 1024;

export interface LarkSecrets {
  verificationToken?: string;
  encryptKey?: string;
}

/** A verified inbound push, reduced to what the inbox needs. */
export interface LarkPush {
  eventId: string;
  eventType: string;
  /** For im.message.receive_v1: Lark says to deduplicate on this, not on event_id. */
  messageId?: string;
  chatId?: string;
  /** The decrypted envelope, as JSON text. */
  json: string;
  envelope: Record<string, unknown>;
}

/** Where request headers are read from: a Web `Headers`, or any lookup by lower-case name (Node's IncomingMessage headers). */
export interface HeaderSource {
  get(name: string): string | null | undefined;
}

export type Opened =
  | { kind: "challenge"; challenge: string }
  | { kind: "push"; push: LarkPush }
  | { kind: "reject"; status: 400 | 401 | 413; error: string; message: string };

const dec = new TextDecoder("utf-8", { fatal: true });

function reject(status: 400 | 401 | 413, error: string, message: string): Opened {
  return { kind: "reject", status, error, message };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export async function openLarkPush(rawBody: Uint8Array, headers: HeaderSource, secrets: LarkSecrets): Promise<Opened> {
  if (rawBody.byteLength > MAX_BODY_BYTES) return reject(413, "body_too_large", "request body exceeds 1 MiB");
  let outer: unknown;
  try {
    outer = JSON.parse(dec.decode(rawBody));
  } catch {
    return reject(400, "malformed_json", "request body is not valid UTF-8 JSON");
  }
  if (!isObject(outer)) return reject(400, "malformed_json", "request body is not a JSON object");

  let body: Record<string, unknown> = outer;
  let json: string | undefined;
  const encrypted = typeof outer.encrypt === "string";
  if ("encrypt" in outer) {
    if (!encrypted) return reject(400, "bad_envelope", "encrypt must be a string");
    if (!secrets.encryptKey) return reject(400, "encryption_not_configured", "encrypted push received but no Encrypt Key is configured");
    try {
      json = await decryptPayload(secrets.encryptKey, outer.encrypt as string);
      const inner: unknown = JSON.parse(json);
      if (!isObject(inner)) return reject(400, "bad_envelope", "decrypted body is not a JSON object");
      body = inner;
    } catch (e) {
      if (e instanceof DecryptError) return reject(400, "decrypt_failed", e.message);
      return reject(400, "malformed_json", "decrypted body is not valid JSON");
    }
  }

  // The URL challenge comes without signature headers: answer it before the signature check, when its token matches.
  if (body.type === "url_verification") {
    if (typeof body.challenge !== "string") return reject(400, "bad_envelope", "challenge missing");
    if (!secrets.verificationToken || typeof body.token !== "string" || !constantTimeEqual(body.token, secrets.verificationToken)) {
      return reject(401, "bad_token", "verification token does not match");
    }
    return { kind: "challenge", challenge: body.challenge };
  }

  if (secrets.encryptKey) {
    const ts = headers.get("x-lark-request-timestamp");
    const nonce = headers.get("x-lark-request-nonce");
    const sig = headers.get("x-lark-signature");
    if (!ts || !nonce || !sig) return reject(401, "missing_signature", "X-Lark-Signature headers are missing");
    const expected = await larkSignature(ts, nonce, secrets.encryptKey, rawBody);
    if (!constantTimeEqual(expected, sig.toLowerCase())) return reject(401, "bad_signature", "X-Lark-Signature does not match the body");
  }

  const described = describeEnvelope(body, json ?? JSON.stringify(body));
  if ("error" in described) return reject(400, "unknown_envelope", described.error);
  if (!secrets.verificationToken || typeof described.token !== "string" || !constantTimeEqual(described.token, secrets.verificationToken)) {
    return reject(401, "bad_token", "verification token does not match");
  }
  return { kind: "push", push: described.push };
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
