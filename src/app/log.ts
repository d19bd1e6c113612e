import type { Logger } from "./ports.js";

const SECRET_KEYS = /secret|token|encrypt|password|authorization|content|text|payload|body/i;

/** Drops fields that could carry secrets or message bodies. */
export function redact(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_KEYS.test(k)) continue;
    out[k] = typeof v === "string" && v.length > 200 ? `${v.slice(0, 200)}…` : v;
  }
  return out;
}

/** JSON lines on a sink (console on Node, console.log on Workers). */
export function jsonLogger(sink: (line: string) => void, now: () => Date, minLevel: "debug" | "info" | "warn" | "error" = "info"): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 };
  const emit = (level: "info" | "warn" | "error", event: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[minLevel]) return;
    sink(JSON.stringify({ t: now().toISOString(), level, event, ...redact(fields) }));
  };
  return {
    info: (e, f) => emit("info", e, f),
    warn: (e, f) => emit("warn", e, f),
    error: (e, f) => emit("error", e, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
