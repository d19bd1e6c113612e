// Structured log lines that cannot carry secrets or message bodies, whatever a caller passes:
// - fields whose names suggest secrets or bodies (token, secret, content, text, payload …) are dropped, at any depth;
// - an error (or anything shaped like one: Axios's errors carry the request body, headers and the whole config)
//   becomes describeError(e): name, code, HTTP status, method and path, and a message only for error kinds whose
//   messages are known to carry no data (Prisma's print the query's arguments; JSON.parse's quote the input);
// - other objects that are not plain data (class instances, buffers, clients) are replaced by their class name;
// - last line of defence: every known secret value passed at construction is cut out of the finished line.
import type { Logger } from "../ports/platform.js";

const SECRET_KEYS = /secret|token|encrypt|password|authorization|cookie|content|text|payload|body/i;

/** Whether a field name is dropped, remembered per name (log lines reuse a handful of names). */
const secretKey = new Map<string, boolean>();
function isSecretKey(k: string): boolean {
  let v = secretKey.get(k);
  if (v === undefined) {
    v = SECRET_KEYS.test(k);
    if (secretKey.size < 1000) secretKey.set(k, v);
  }
  return v;
}

/** What a log line (or a stored error column) says about an error: never the error object itself. */
export interface ErrorSummary {
  name: string;
  /** ECONNREFUSED, SQLITE_IOERR_WRITE, P2002, a Lark business code … */
  code?: string | number;
  /** HTTP status of a failed request (0: no response). */
  status?: number;
  /** Method and path (no host, no query) of a failed HTTP request. */
  method?: string;
  path?: string;
  /** Only for error kinds whose messages hold no data; first line, at most 200 characters. */
  message?: string;
}

/**
 * Error kinds whose messages are written by code, not built from data: kept. Everything else (SyntaxError from
 * JSON.parse quotes its input; Prisma's errors print the call's arguments; unknown classes) loses its message.
 */
const MESSAGE_KEPT = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "ReferenceError",
  "AbortError",
  "TimeoutError",
  "LarkApiError",
  "SqliteError",
  "AxiosError",
  "HttpError",
  "DecryptError",
  "ConfigError",
]);

type Loose = Record<string, unknown> & { [k: string]: unknown };

function obj(v: unknown): Loose | null {
  return typeof v === "object" && v !== null ? (v as Loose) : null;
}

function shortCode(v: unknown): string | number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v !== "" && v.length <= 60 && /^[\w.:-]+$/.test(v)) return v;
  return undefined;
}

function firstLine(s: string, max = 200): string {
  const line = s.split("\n", 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function pathOf(url: unknown): string | undefined {
  if (typeof url !== "string" || url === "") return undefined;
  try {
    return new URL(url, "http://x").pathname.slice(0, 120);
  } catch {
    return undefined;
  }
}

/** Whether a value is an error, or shaped like one (a foreign realm's Error, an Axios error turned into a plain object). */
export function isErrorLike(v: unknown): boolean {
  if (v instanceof Error) return true;
  const o = obj(v);
  if (!o) return false;
  return typeof o.message === "string" && (typeof o.stack === "string" || "config" in o || "response" in o || "request" in o);
}

/** The safe summary of anything thrown: name, code, status, method, path, and a message only where it carries no data. */
export function describeError(e: unknown): ErrorSummary {
  const o = obj(e);
  if (!o) return { name: e === undefined || e === null ? String(e) : typeof e };
  const ctor = (o.constructor as { name?: unknown } | undefined)?.name;
  // A plain object shaped like an HTTP client's error (the node-sdk logs Axios errors picked apart into one).
  const http = "config" in o || "response" in o;
  const name =
    o.isAxiosError === true ? "AxiosError" : typeof o.name === "string" && o.name !== "" ? o.name.slice(0, 60) : typeof ctor === "string" && ctor !== "Object" ? ctor.slice(0, 60) : http ? "HttpError" : "Object";
  const out: ErrorSummary = { name };
  const info = obj(o.info); // LarkApiError
  const meta = obj(o.meta);
  const driver = obj(obj(meta?.driverAdapterError)?.cause); // Prisma over a driver adapter: SQLite's own code and message
  const cause = obj(o.cause);
  const code = shortCode(driver?.originalCode) ?? shortCode(info?.code) ?? shortCode(o.code) ?? shortCode(cause?.code);
  if (code !== undefined) out.code = code;
  const response = obj(o.response);
  const status = info?.status ?? response?.status ?? o.status ?? o.statusCode;
  if (typeof status === "number" && Number.isInteger(status)) out.status = status;
  const config = obj(o.config);
  if (config) {
    if (typeof config.method === "string") out.method = config.method.toUpperCase().slice(0, 10);
    const p = pathOf(config.url);
    if (p) out.path = p;
  }
  if (typeof driver?.originalMessage === "string") out.message = firstLine(driver.originalMessage);
  else if (typeof o.message === "string" && o.message !== "" && (MESSAGE_KEPT.has(name) || typeof o.syscall === "string")) out.message = firstLine(o.message);
  return out;
}

/** describeError as one short line, for error columns in the database: "SqliteError SQLITE_FULL: database or disk is full". */
export function describeErrorText(e: unknown): string {
  const s = describeError(e);
  let t = s.name;
  if (s.code !== undefined) t += ` ${s.code}`;
  if (s.status !== undefined) t += ` status ${s.status}`;
  if (s.method || s.path) t += ` ${s.method ?? ""} ${s.path ?? ""}`.trimEnd();
  if (s.message) t += `: ${s.message}`;
  return t;
}

const MAX_DEPTH = 3;

/** A field value as it may be logged. */
function clean(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case "string":
      return v.length > 200 ? `${v.slice(0, 200)}…` : v;
    case "number":
    case "boolean":
    case "undefined":
      return v;
    case "bigint":
      return String(v);
    case "function":
    case "symbol":
      return undefined;
  }
  if (v === null) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (isErrorLike(v)) return describeError(v);
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(v)) return v.slice(0, 20).map((x) => clean(x, depth + 1));
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto !== Object.prototype && proto !== null) {
    const ctor = (v as { constructor?: { name?: unknown } }).constructor?.name;
    return `[${typeof ctor === "string" && ctor ? ctor.slice(0, 40) : "object"}]`;
  }
  return copyRedacted(v as Record<string, unknown>, {}, depth + 1);
}

/** Copies the fields that may be logged into `out`: no secrets or message bodies, long strings cut, errors summarised. */
function copyRedacted(fields: Record<string, unknown>, out: Record<string, unknown>, depth: number): Record<string, unknown> {
  for (const k in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, k) || isSecretKey(k)) continue;
    const v = fields[k];
    // The common case (a string, number or boolean) without a call.
    out[k] = typeof v === "string" ? (v.length > 200 ? `${v.slice(0, 200)}…` : v) : typeof v === "number" || typeof v === "boolean" ? v : clean(v, depth);
  }
  return out;
}

/** The forms a secret value can take inside a JSON line: as it is, and JSON-escaped. */
function secretForms(secrets: readonly (string | undefined | null)[]): string[] {
  const forms = new Set<string>();
  for (const s of secrets) {
    // Very short values would cut ordinary words out of lines; no real secret is that short.
    if (!s || s.length < 6) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

export interface JsonLoggerOptions {
  /** Secret values (app secret, encrypt key, verification token …): cut out of every line, whatever carried them. */
  secrets?: readonly (string | undefined | null)[];
}

export type LogLevel = "debug" | "info" | "warn" | "error";

/** JSON lines on a sink (stdout on Node, console.log on Workers). */
export function jsonLogger(sink: (line: string) => void, now: () => Date, minLevel: LogLevel = "info", opts: JsonLoggerOptions = {}): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 };
  const forms = secretForms(opts.secrets ?? []);
  // Lines written in the same millisecond (a burst's worth) share one ISO string: toISOString costs more
  // than the rest of a short line's fields.
  let lastMs = NaN;
  let lastIso = "";
  const iso = (d: Date): string => {
    const ms = d.getTime();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = d.toISOString();
    }
    return lastIso;
  };
  const emit = (level: "info" | "warn" | "error", event: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[minLevel]) return;
    // One object, built in place (no intermediate copy and spread); same keys in the same order as before.
    const line: Record<string, unknown> = { t: iso(now()), level, event: typeof event === "string" ? event.slice(0, 80) : "log" };
    let text = JSON.stringify(fields ? copyRedacted(fields, line, 0) : line);
    for (const f of forms) if (text.includes(f)) text = text.split(f).join("[redacted]");
    sink(text);
  };
  return {
    info: (e, f) => emit("info", e, f),
    warn: (e, f) => emit("warn", e, f),
    error: (e, f) => emit("error", e, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * Back-off for repeated identical log lines (a failing disk, an unreachable API): the first occurrence is logged at
 * once, later ones at most once per interval, the interval doubling up to `maxMs`; each line that follows held-back
 * ones says how many were held back. A key unseen for 2 × maxMs starts over.
 */
export class RepeatGate {
  private readonly seen = new Map<string, { next: number; interval: number; held: number; total: number; last: number }>();

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly firstMs = 10_000,
    private readonly maxMs = 10 * 60_000,
  ) {}

  /** Null: stay quiet. Otherwise log now; `held` occurrences were held back since the last line, `total` seen in this run. */
  admit(key: string): { held: number; total: number } | null {
    const t = this.now();
    const s = this.seen.get(key);
    if (!s || t - s.last > 2 * this.maxMs) {
      if (this.seen.size >= 200) this.seen.delete(this.seen.keys().next().value as string);
      this.seen.set(key, { next: t + this.firstMs, interval: this.firstMs, held: 0, total: 1, last: t });
      return { held: 0, total: 1 };
    }
    s.last = t;
    s.total++;
    if (t < s.next) {
      s.held++;
      return null;
    }
    const held = s.held;
    s.held = 0;
    s.interval = Math.min(s.interval * 2, this.maxMs);
    s.next = t + s.interval;
    return { held, total: s.total };
  }

  /** Forgets keys starting with `prefix` (the condition cleared: the next occurrence is logged at once). */
  clear(prefix = ""): void {
    for (const k of [...this.seen.keys()]) if (k.startsWith(prefix)) this.seen.delete(k);
  }
}
