/**
 * Signed, expiring download links for rendered reports: the use cases sign them (the report-ready and approval
 * cards), the download route (src/adapters/http/download-route.ts) verifies them. Also the name a download is saved as.
 *
 * Link: /download/<reportId>/<version>.<format>?exp=<unix seconds>&sig=<base64url HMAC-SHA-256>
 * The MAC covers a length-unambiguous encoding (a JSON array) of reportId, version, format and expiry, under a tag
 * naming this purpose, so a signature can be neither moved to another report, version or format nor extended.
 * Web Crypto only (runs on Node ≥ 20 and Cloudflare Workers). Time is an input (`now`), never read from a clock.
 */

export type DownloadFormat = "docx" | "md";

export interface DownloadTarget {
  reportId: string;
  version: string | number;
  format: DownloadFormat;
}

export interface SignDownloadOptions extends DownloadTarget {
  /** HMAC key: a string (UTF-8) or raw bytes, at least 16 bytes. */
  secret: string | Uint8Array;
  /** Expiry as unix seconds. */
  expiresAt: number;
}

export interface VerifyDownloadOptions extends DownloadTarget {
  secret: string | Uint8Array;
  /** The `exp` query parameter, as received. */
  expires: number | string;
  /** The `sig` query parameter, as received. */
  sig: string;
  /** Current time as unix seconds. */
  now: number;
}

export type VerifyResult = { ok: true } | { ok: false; reason: "tampered" | "expired" };

const PURPOSE = "huibao/download/v1";
const FORMATS: readonly string[] = ["docx", "md"];
const encoder = new TextEncoder();

function keyBytes(secret: string | Uint8Array): Uint8Array {
  const bytes = typeof secret === "string" ? encoder.encode(secret) : secret;
  if (bytes.length < 16) throw new Error("download link secret must be at least 16 bytes");
  return bytes;
}

async function hmac(secret: string | Uint8Array, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    keyBytes(secret) as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
}

function message(t: DownloadTarget, expires: number): string {
  return JSON.stringify([PURPOSE, t.reportId, String(t.version), t.format, expires]);
}

function assertTarget(t: DownloadTarget): void {
  if (!t.reportId) throw new Error("reportId is required");
  if (String(t.version) === "") throw new Error("version is required");
  if (!FORMATS.includes(t.format)) throw new Error(`unsupported format ${String(t.format)}`);
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes unpadded base64url; null if the string is not canonical base64url. */
export function base64UrlDecode(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    return null;
  }
  const out = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return base64UrlEncode(out) === s ? out : null;
}

/** Compares two byte strings in time that depends only on their lengths. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** The signature (base64url) for a link to `reportId`/`version`.`format` that expires at `expiresAt`. */
export async function signDownload(opts: SignDownloadOptions): Promise<string> {
  assertTarget(opts);
  if (!Number.isSafeInteger(opts.expiresAt) || opts.expiresAt < 0) throw new Error("expiresAt must be unix seconds");
  return base64UrlEncode(await hmac(opts.secret, message(opts, opts.expiresAt)));
}

export async function verifyDownload(opts: VerifyDownloadOptions): Promise<VerifyResult> {
  const tampered: VerifyResult = { ok: false, reason: "tampered" };
  if (!opts.reportId || String(opts.version) === "" || !FORMATS.includes(opts.format)) return tampered;
  const expStr = String(opts.expires);
  if (!/^\d{1,15}$/.test(expStr)) return tampered;
  const expires = Number(expStr);
  const given = base64UrlDecode(opts.sig);
  if (!given) return tampered;
  const expected = await hmac(opts.secret, message(opts, expires));
  // The signature is checked first: an altered expiry is "tampered", never "expired".
  if (!timingSafeEqual(expected, given)) return tampered;
  if (opts.now >= expires) return { ok: false, reason: "expired" };
  return { ok: true };
}

/** "/download/<reportId>/<version>.<format>?exp=…&sig=…", with path segments percent-encoded. */
export async function downloadPath(opts: SignDownloadOptions): Promise<string> {
  const sig = await signDownload(opts);
  const id = encodeURIComponent(opts.reportId);
  const version = encodeURIComponent(String(opts.version));
  return `/download/${id}/${version}.${opts.format}?exp=${opts.expiresAt}&sig=${sig}`;
}

/**
 * Unicode's bidirectional controls: the marks (U+200E LRM, U+200F RLM, U+061C ALM), embeddings and overrides
 * (U+202A–U+202E) and isolates (U+2066–U+2069). In a file name they reorder what is shown — "报告\u202Excod.exe"
 * displays as "报告exe.docx" — so they are removed from every name a download or file message carries.
 */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * The file name a download (or a file message) is saved as: the report title plus the extension, without
 * characters file systems refuse and without bidirectional controls (which could make the name display with
 * another extension than it has).
 */
export function downloadFileName(title: string, format: DownloadFormat): string {
  const base = title.replace(BIDI_CONTROLS, "").replace(/[\u0000-\u001F\u007F/\\:*?"<>|]/g, "").trim() || "报告";
  return `${base}.${format}`;
}
