// Opens a Lark push (event or card callback) from its raw bytes. Pure over { headers, rawBody }; Web APIs only.
//
// Order, and why: a body is either signed (X-Lark-Request-Timestamp/-Nonce/-Signature, sent on every push once
// an Encrypt Key is set) or it is Lark's URL challenge, the one request Lark sends unsigned.
//   1. size (depends on the length only);
//   2. signed: the signature over the raw bytes, before anything reads them; only then JSON, decryption,
//      envelope and token, whose failures may be told apart (only a holder of the Encrypt Key reaches them);
//   3. unsigned: the body may only be a url_verification with the right token. Decryption, padding, UTF-8,
//      JSON, shape and token are all computed, every time, and every failure is the same `refuse`: the
//      sender learns nothing about the plaintext (no padding or format oracle on a captured `encrypt`).
// Without an Encrypt Key nothing is authenticated and everything is refused (config.ts refuses to start
// webhook mode that way).
import { constantTimeEqual, decryptPayload, decryptUnsigned, DecryptError, larkSignature } from "../lark/crypto.js";
import { describeEnvelope } from "../lark/envelope.js";
import type { LarkPush } from "../../app/ports/platform.js";

export type { LarkPush } from "../../app/ports/platform.js";
export { describeEnvelope } from "../lark/envelope.js";

export const MAX_BODY_BYTES = 1024 * 1024;
/** An unsigned body is at most a challenge: a few hundred bytes, encrypted. Anything longer is refused unread. */
export const MAX_UNSIGNED_BYTES = 4096;

export interface LarkSecrets {
  verificationToken?: string;
  encryptKey?: string;
}

/** Where request headers are read from: a Web `Headers`, or any lookup by lower-case name (Node's IncomingMessage headers). */
export interface HeaderSource {
  get(name: string): string | null | undefined;
}

/** Why an unauthenticated body was refused: for the server's log only, never for the reply. */
export type RefusalReason = "not_a_challenge" | "bad_signature" | "incomplete_signature" | "no_encrypt_key";

export type Opened =
  | { kind: "challenge"; challenge: string }
  | { kind: "push"; push: LarkPush }
  /** Not authenticated: answered with the one uniform refusal (src/adapters/http/webhook.ts), whatever the reason. */
  | { kind: "refuse"; reason: RefusalReason }
  /** Over the size limit, or signed by Lark but unusable: a specific error helps the operator. */
  | { kind: "reject"; status: 400 | 401 | 413; error: string; message: string };

const dec = new TextDecoder("utf-8", { fatal: true });
/** For unsigned plaintext: never throws, so bad UTF-8 takes the same steps as good UTF-8. */
const lenientDec = new TextDecoder("utf-8");

function reject(status: 400 | 401 | 413, error: string, message: string): Opened {
  return { kind: "reject", status, error, message };
}

const refuse = (reason: RefusalReason): Opened => ({ kind: "refuse", reason });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Lark's challenges are short tokens (UUIDs, `ajls384kdjx98XX`); nothing else is ever echoed back. */
const CHALLENGE = /^[A-Za-z0-9_.:-]{1,128}$/;
const CHALLENGE_KEYS = ["challenge", "token", "type"];

function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The challenge in an unsigned body, or null. Strict on purpose: exactly { challenge, token, type }, the
 * challenge a short token. An attacker can rewrite the first block of a captured ciphertext (CBC), or splice
 * blocks at the cost of a garbled one; a loose check (extra keys, any challenge string) could be made to echo
 * plaintext back as the "challenge". Every step runs whatever the previous one found.
 */
function challengeOf(body: unknown, verificationToken: string | undefined): string | null {
  const obj = isObject(body) ? body : {};
  const keys = Object.keys(obj).sort();
  let ok = keys.length === CHALLENGE_KEYS.length && keys.every((k, i) => k === CHALLENGE_KEYS[i]);
  ok = obj.type === "url_verification" && ok;
  const challenge = typeof obj.challenge === "string" ? obj.challenge : "";
  ok = CHALLENGE.test(challenge) && ok;
  const token = typeof obj.token === "string" ? obj.token : "";
  ok = constantTimeEqual(token, verificationToken ?? "") && verificationToken !== undefined && verificationToken !== "" && ok;
  return ok ? challenge : null;
}

async function openUnsigned(rawBody: Uint8Array, secrets: LarkSecrets & { encryptKey: string }): Promise<Opened> {
  // What is read here up to decryption is the sender's own bytes: stopping early on them tells it nothing.
  if (rawBody.byteLength > MAX_UNSIGNED_BYTES) return refuse("not_a_challenge");
  let outer: unknown;
  try {
    outer = JSON.parse(dec.decode(rawBody));
  } catch {
    return refuse("not_a_challenge");
  }
  if (!isObject(outer)) return refuse("not_a_challenge");
  let body: unknown = outer;
  if ("encrypt" in outer) {
    if (typeof outer.encrypt !== "string" || Object.keys(outer).length !== 1) return refuse("not_a_challenge");
    const opened = await decryptUnsigned(secrets.encryptKey, outer.encrypt);
    if (!opened) return refuse("not_a_challenge");
    // From here on the bytes are the plaintext: no step depends on whether the padding, UTF-8 or JSON held.
    const parsed = parseLenient(lenientDec.decode(opened.plain));
    body = opened.paddingOk ? parsed : undefined;
  }
  const challenge = challengeOf(body, secrets.verificationToken);
  return challenge === null ? refuse("not_a_challenge") : { kind: "challenge", challenge };
}

export async function openLarkPush(rawBody: Uint8Array, headers: HeaderSource, secrets: LarkSecrets): Promise<Opened> {
  if (rawBody.byteLength > MAX_BODY_BYTES) return reject(413, "body_too_large", "request body exceeds 1 MiB");
  const encryptKey = secrets.encryptKey;
  if (!encryptKey) return refuse("no_encrypt_key");
  const ts = headers.get("x-lark-request-timestamp");
  const nonce = headers.get("x-lark-request-nonce");
  const sig = headers.get("x-lark-signature");
  if (!ts && !nonce && !sig) return openUnsigned(rawBody, { ...secrets, encryptKey });
  if (!ts || !nonce || !sig) return refuse("incomplete_signature");
  const expected = await larkSignature(ts, nonce, encryptKey, rawBody);
  if (!constantTimeEqual(expected, sig.toLowerCase())) return refuse("bad_signature");

  // Signed by the holder of the Encrypt Key: from here on, errors may say what is wrong.
  let outer: unknown;
  try {
    outer = JSON.parse(dec.decode(rawBody));
  } catch {
    return reject(400, "malformed_json", "request body is not valid UTF-8 JSON");
  }
  if (!isObject(outer)) return reject(400, "malformed_json", "request body is not a JSON object");

  let body: Record<string, unknown> = outer;
  let json: string | undefined;
  if ("encrypt" in outer) {
    if (typeof outer.encrypt !== "string") return reject(400, "bad_envelope", "encrypt must be a string");
    try {
      json = await decryptPayload(encryptKey, outer.encrypt);
      const inner: unknown = JSON.parse(json);
      if (!isObject(inner)) return reject(400, "bad_envelope", "decrypted body is not a JSON object");
      body = inner;
    } catch (e) {
      if (e instanceof DecryptError) return reject(400, "decrypt_failed", e.message);
      return reject(400, "malformed_json", "decrypted body is not valid JSON");
    }
  }

  // A signed challenge (Lark sends them unsigned, but a signed one is as good).
  if (body.type === "url_verification") {
    const challenge = challengeOf(body, secrets.verificationToken);
    if (challenge === null) return reject(401, "bad_token", "challenge malformed or verification token does not match");
    return { kind: "challenge", challenge };
  }

  const described = describeEnvelope(body, json ?? JSON.stringify(body));
  if ("error" in described) return reject(400, "unknown_envelope", described.error);
  if (!secrets.verificationToken || typeof described.token !== "string" || !constantTimeEqual(described.token, secrets.verificationToken)) {
    return reject(401, "bad_token", "verification token does not match");
  }
  return { kind: "push", push: described.push };
}
