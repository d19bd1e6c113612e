/**
 * Signed, expiring download links for rendered reports, and the Content-Disposition header for the download.
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

/** RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" */
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;

function encodeRfc5987(s: string): string {
  let out = "";
  for (const ch of s) {
    if (ATTR_CHAR.test(ch)) {
      out += ch;
      continue;
    }
    for (const b of encoder.encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * Unicode's bidirectional controls: the marks (U+200E LRM, U+200F RLM, U+061C ALM), embeddings and overrides
 * (U+202A–U+202E) and isolates (U+2066–U+2069). In a file name they reorder what is shown — "报告\u202Excod.exe"
 * displays as "报告exe.docx" — so they are removed from every name a download or file message carries.
 */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** The ASCII-only stand-in for the `filename` parameter: non-ASCII runs become "_", quotes/backslashes are dropped. */
export function asciiFallbackName(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const ext = dot > 0 && /^\.[A-Za-z0-9]{1,8}$/.test(fileName.slice(dot)) ? fileName.slice(dot) : "";
  const base = ext ? fileName.slice(0, dot) : fileName;
  const ascii = base
    .replace(/[^\x20-\x7E]+/g, "_")
    .replace(/["\\%;]/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[_ .]+|[_ .]+$/g, "");
  return `${/[A-Za-z0-9]/.test(ascii) ? ascii : "download"}${ext}`;
}

/**
 * Content-Disposition (RFC 6266) for a download named `fileName`, e.g. "南岸区交通局2023年法治政府建设情况报告.docx":
 * `attachment; filename="2023.docx"; filename*=UTF-8''%E5%8D%97…docx`. Path separators, control characters and
 * bidirectional controls are removed from the name first, so the header cannot be split, point elsewhere or
 * disguise the extension.
 */
export function contentDisposition(fileName: string, disposition: "attachment" | "inline" = "attachment"): string {
  // eslint-disable-next-line no-control-regex
  const safe = fileName.replace(/[\u0000-\u001F\u007F]/g, "").replace(BIDI_CONTROLS, "").replace(/[/\\]/g, "_").trim() || "download";
  return `${disposition}; filename="${asciiFallbackName(safe)}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}
