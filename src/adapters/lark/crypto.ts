// Lark's event encryption and request signatures, with Web Crypto (runs on Node and Workers); Node may plug in
// synchronous node:crypto primitives (useSyncCrypto).
// Encryption: AES-256-CBC, key = SHA-256(Encrypt Key), body = base64(iv ‖ ciphertext), PKCS#7 padding.
// Signature: hex(SHA-256(timestamp + nonce + encryptKey + rawBody)), over the raw bytes.

const enc = new TextEncoder();
const dec = new TextDecoder();

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(bin);
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/**
 * Synchronous primitives a runtime may provide instead of Web Crypto. On Node, every SubtleCrypto call is a
 * round trip through the thread pool with per-call job objects, AbortSignals and transferables, several times
 * the cost of the hashing itself for a 1 KB push; src/runtimes/node/main.ts installs node:crypto here (src/runtimes/node/node-crypto.ts).
 * Workers keep Web Crypto.
 */
export interface SyncCrypto {
  sha256(data: Uint8Array): Uint8Array;
  /** Lower-case hex SHA-256 of the UTF-8 of `head` followed by `body`, without joining them first. */
  sha256Hex(head: string, body: Uint8Array): string;
  /** Decodes standard base64 (throws on characters outside the alphabet). */
  fromBase64(b64: string): Uint8Array;
  /** AES-256-CBC with PKCS#7 padding; throws on a wrong key or damaged input. */
  aes256CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
}

let syncCrypto: SyncCrypto | null = null;

/** Installs (or, with null, removes) synchronous crypto primitives for this process. */
export function useSyncCrypto(c: SyncCrypto | null): void {
  syncCrypto = c;
}

export async function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  const bytes = typeof data === "string" ? enc.encode(data) : data;
  if (syncCrypto) return syncCrypto.sha256(bytes);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
}

const rawKeyCache = new Map<string, Uint8Array>();
function rawAesKey(c: SyncCrypto, encryptKey: string): Uint8Array {
  let k = rawKeyCache.get(encryptKey);
  if (!k) rawKeyCache.set(encryptKey, (k = c.sha256(enc.encode(encryptKey))));
  return k;
}

const keyCache = new Map<string, Promise<CryptoKey>>();
function aesKey(encryptKey: string): Promise<CryptoKey> {
  let k = keyCache.get(encryptKey);
  if (!k) {
    k = sha256(encryptKey).then((raw) => crypto.subtle.importKey("raw", raw as BufferSource, { name: "AES-CBC" }, false, ["encrypt", "decrypt"]));
    keyCache.set(encryptKey, k);
  }
  return k;
}

export class DecryptError extends Error {
  readonly code = "decrypt_failed";
}

/** Decrypts the `encrypt` field of a Lark push. Throws DecryptError on a wrong key or damaged input. */
export async function decryptPayload(encryptKey: string, encrypted: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = syncCrypto ? syncCrypto.fromBase64(encrypted) : base64ToBytes(encrypted);
  } catch {
    throw new DecryptError("encrypt is not base64");
  }
  if (bytes.length < 32 || bytes.length % 16 !== 0) throw new DecryptError("encrypt has the wrong length");
  try {
    if (syncCrypto) return dec.decode(syncCrypto.aes256CbcDecrypt(rawAesKey(syncCrypto, encryptKey), bytes.subarray(0, 16), bytes.subarray(16)));
    const plain = await crypto.subtle.decrypt(
      { name: "AES-CBC", iv: bytes.subarray(0, 16) as BufferSource },
      await aesKey(encryptKey),
      bytes.subarray(16) as BufferSource,
    );
    return dec.decode(plain);
  } catch {
    throw new DecryptError("cannot decrypt with the configured Encrypt Key");
  }
}

/**
 * Decrypts an `encrypt` field that came WITHOUT a signature (only Lark's URL challenge may), so that nothing
 * about the plaintext changes the steps taken: the padding is never checked by the cipher (which would throw
 * on some inputs and not others) but afterwards, without branches, and the caller always gets bytes back.
 * Null only for what the sender can see in its own request (not base64, wrong length), never for a property
 * of the plaintext. `paddingOk` is 1 or 0; `plain` has the padding removed when it is valid.
 *
 * Web Crypto cannot turn PKCS#7 checking off, so one block is appended that decrypts to a full padding block
 * whatever precedes it: E(C_last XOR 0x10…10), which is what AES-CBC encryption of nothing with IV = C_last
 * yields. The decryption then always succeeds and returns every original block, its padding included.
 */
export async function decryptUnsigned(encryptKey: string, encrypted: string): Promise<{ plain: Uint8Array; paddingOk: 0 | 1 } | null> {
  let bytes: Uint8Array;
  try {
    bytes = syncCrypto ? syncCrypto.fromBase64(encrypted) : base64ToBytes(encrypted);
  } catch {
    return null;
  }
  if (bytes.length < 32 || bytes.length % 16 !== 0) return null;
  const key = await aesKey(encryptKey);
  const last = bytes.subarray(bytes.length - 16);
  const filler = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv: last as BufferSource }, key, new Uint8Array(0)));
  const body = new Uint8Array(bytes.length); // the ciphertext after the IV, then the filler block
  body.set(bytes.subarray(16), 0);
  body.set(filler.subarray(0, 16), bytes.length - 16);
  const raw = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-CBC", iv: bytes.subarray(0, 16) as BufferSource }, key, body as BufferSource));
  // raw = the original plaintext blocks, padding included. Check PKCS#7 over the last 16 bytes in full, always.
  const n = raw.length;
  const p = raw[n - 1]!;
  let bad = ((p - 1) | (16 - p)) >>> 31; // 1 unless 1 <= p <= 16
  for (let i = 0; i < 16; i++) {
    const inPad = (i - p) >>> 31; // 1 when i < p
    bad |= (inPad * (raw[n - 1 - i]! ^ p)) | 0;
  }
  const ok = ((((bad | -bad) >>> 31) ^ 1) & 1) as 0 | 1;
  return { plain: raw.subarray(0, n - p * ok), paddingOk: ok };
}

/** Encrypts like Lark does (used by tests, the console and the benchmarks). */
export async function encryptPayload(encryptKey: string, plain: string, iv?: Uint8Array): Promise<string> {
  const v = iv ?? crypto.getRandomValues(new Uint8Array(16));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-CBC", iv: v as BufferSource }, await aesKey(encryptKey), enc.encode(plain) as BufferSource),
  );
  const out = new Uint8Array(16 + ct.length);
  out.set(v, 0);
  out.set(ct, 16);
  return bytesToBase64(out);
}

/** hex(SHA-256(timestamp + nonce + encryptKey + rawBody)). */
export async function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Uint8Array): Promise<string> {
  if (syncCrypto) return syncCrypto.sha256Hex(timestamp + nonce + encryptKey, rawBody);
  const head = enc.encode(timestamp + nonce + encryptKey);
  const all = new Uint8Array(head.length + rawBody.length);
  all.set(head, 0);
  all.set(rawBody, head.length);
  return bytesToHex(await sha256(all));
}

/** Compares two strings (their UTF-16 code units) in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (i < a.length ? a.charCodeAt(i) : 0) ^ (i < b.length ? b.charCodeAt(i) : 0);
  return diff === 0;
}
