import type { Logger } from "./ports.js";

const SECRET_KEYS = /secret|token|encrypt|password|authorization|content|text|payload|body/i;

/** Whether a field name is dropped by redact(), remembered per name (log lines reuse a handful of names). */
const secretKey = new Map<string, boolean>();
function isSecretKey(k: string): boolean {
  let v = secretKey.get(k);
  if (v === undefined) {
    v = SECRET_KEYS.test(k);
    if (secretKey.size < 1000) secretKey.set(k, v);
  }
  return v;
}

/** Copies the fields that may be logged into `out`: no secrets or message bodies, long strings cut. */
function copyRedacted(fields: Record<string, unknown>, out: Record<string, unknown>): Record<string, unknown> {
  for (const k in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, k) || isSecretKey(k)) continue;
    const v = fields[k];
    out[k] = typeof v === "string" && v.length > 200 ? `${v.slice(0, 200)}…` : v;
  }
  return out;
}

/** Drops fields that could carry secrets or message bodies. */
export function redact(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return copyRedacted(fields, {});
}

/** JSON lines on a sink (console on Node, console.log on Workers). */
export function jsonLogger(sink: (line: string) => void, now: () => Date, minLevel: "debug" | "info" | "warn" | "error" = "info"): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 };
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
    const line: Record<string, unknown> = { t: iso(now()), level, event };
    sink(JSON.stringify(fields ? copyRedacted(fields, line) : line));
  };
  return {
    info: (e, f) => emit("info", e, f),
    warn: (e, f) => emit("warn", e, f),
    error: (e, f) => emit("error", e, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
