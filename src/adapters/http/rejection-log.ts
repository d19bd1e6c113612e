// Refused requests are logged as a count, not one line each: anyone can send them, as fast as they like, and a
// line per request would let them flood the log (and hide what matters in it). The first refusal after a quiet
// spell is logged at once; the rest of its interval are counted and logged as one line when the interval
// ends (or at the next refusal after it, or at shutdown). Runtime-neutral: setTimeout only.
import type { Logger } from "../../app/ports/platform.js";

export const REJECTION_LOG_INTERVAL_MS = 10_000;

export interface RejectionLog {
  /** Counts one refused request; `reason` is a short fixed word (never request data). */
  note(reason: string): void;
  /** Writes what is counted and not yet logged (at shutdown). */
  flush(): void;
}

export function rejectionLog(log: Logger, opts: { intervalMs?: number; now?: () => number } = {}): RejectionLog {
  const intervalMs = opts.intervalMs ?? REJECTION_LOG_INTERVAL_MS;
  const now = opts.now ?? (() => Date.now());
  let count = 0;
  let last = "";
  let reasons: Record<string, number> = {};
  let lastLogged = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const write = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (count === 0) return;
    log.warn("webhook.rejected", { count, reason: last, reasons });
    lastLogged = now();
    count = 0;
    reasons = {};
    // A flood keeps going: the next interval's count comes out when it ends.
  };
  const schedule = () => {
    if (timer !== undefined) return;
    timer = setTimeout(write, Math.max(0, lastLogged + intervalMs - now()));
    // Node: the pending line must not keep the process alive (Workers' timers have no unref).
    (timer as { unref?: () => void }).unref?.();
  };
  return {
    note(reason) {
      count++;
      last = reason;
      // A fixed, small set of reasons: the map cannot grow with the traffic.
      reasons[reason] = (reasons[reason] ?? 0) + 1;
      if (now() - lastLogged >= intervalMs) write();
      else schedule();
    },
    flush: write,
  };
}
