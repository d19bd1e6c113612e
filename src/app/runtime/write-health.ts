// Whether the database accepts writes, as the writes themselves found: the inbox's commits, Prisma's writes,
// the health check's probe write, and (Node) the WAL checkpoints. /healthz reports it (503 while writes fail,
// with the last error and its age); failures are logged with back-off, so a full disk does not write a line
// every 250 ms, and the recovery is logged once.
import { describeError, RepeatGate, type ErrorSummary } from "./log.js";
import type { Clock, Logger } from "../ports/platform.js";
import type { WriteObserver, WriteSource } from "../ports/write-observer.js";

/** A kind of write that is failing now: its latest error, that error's age, and how long and how often it has failed. */
export interface FailingWrites {
  source: WriteSource;
  error: ErrorSummary;
  at: string;
  ageMs: number;
  failures: number;
  failingSince: string;
}

export interface WriteHealthReport {
  /** False while any kind of write (rows, checkpoints) fails. */
  ok: boolean;
  /** What is failing now (empty when ok). */
  failing: FailingWrites[];
  /** The most recent write error, also after recovery (for information), with its age. */
  lastError: (FailingWrites & { recovered: boolean }) | null;
}

interface Failing {
  source: WriteSource;
  error: ErrorSummary;
  at: number;
  since: number;
  failures: number;
}

const channel = (s: WriteSource): "rows" | "checkpoint" => (s === "checkpoint" ? "checkpoint" : "rows");

export class WriteHealth implements WriteObserver {
  private readonly failing = new Map<"rows" | "checkpoint", Failing>();
  private last: (Failing & { recovered: boolean }) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly gate: RepeatGate = new RepeatGate(),
  ) {}

  failed(source: WriteSource, e: unknown): void {
    const now = this.clock.now().getTime();
    const error = describeError(e);
    const ch = channel(source);
    const f = this.failing.get(ch);
    const entry: Failing = { source, error, at: now, since: f?.since ?? now, failures: (f?.failures ?? 0) + 1 };
    this.failing.set(ch, entry);
    this.last = { ...entry, recovered: false };
    // One key per channel and error code: Prisma's and the inbox's SQLITE_FULL are the same condition.
    const admitted = this.gate.admit(`${ch}|${error.code ?? error.name}`);
    if (admitted) {
      this.log.error("storage.write_failed", { source, error, failures: entry.failures, ...(admitted.total > 1 ? { repeats: admitted.held } : {}) });
    }
  }

  succeeded(source: WriteSource): void {
    const ch = channel(source);
    const f = this.failing.get(ch);
    if (!f) return;
    this.failing.delete(ch);
    if (this.last && channel(this.last.source) === ch) this.last.recovered = true;
    this.gate.clear(`${ch}|`);
    this.log.warn("storage.write_recovered", { source, failures: f.failures, failingMs: this.clock.now().getTime() - f.since });
  }

  report(): WriteHealthReport {
    const now = this.clock.now().getTime();
    const view = (f: Failing): FailingWrites => ({
      source: f.source,
      error: f.error,
      at: new Date(f.at).toISOString(),
      ageMs: Math.max(0, now - f.at),
      failures: f.failures,
      failingSince: new Date(f.since).toISOString(),
    });
    return {
      ok: this.failing.size === 0,
      failing: [...this.failing.values()].map(view),
      lastError: this.last ? { ...view(this.last), recovered: this.last.recovered } : null,
    };
  }
}
