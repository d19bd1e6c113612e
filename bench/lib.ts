// Shared helpers for the benchmarks: machine description, statistics, tables, result files.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const root = join(benchDir, "..");
export const resultsDir = join(benchDir, "results");

export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  os: string;
  date: string;
  /** 1-minute load average when the benchmark started (other work on the machine skews the numbers). */
  load1: number;
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model?.trim() ?? "unknown";
  try {
    const lscpu = execFileSync("lscpu", { encoding: "utf8" });
    const m = /^Model name:\s*(.+)$/m.exec(lscpu);
    if (m && m[1]!.length > cpu.length) cpu = m[1]!.trim();
  } catch {
    /* not Linux */
  }
  let os = `${process.platform} ${process.arch}`;
  try {
    const rel = readFileSync("/etc/os-release", "utf8");
    const m = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(rel);
    if (m) os = `${m[1]} (${process.arch})`;
  } catch {
    /* not Linux */
  }
  return {
    cpu,
    cores: cpus().length,
    ramGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    load1: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/** Percentile (nearest rank) of an already sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return "–";
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString("en-US");
  if (Math.abs(n) >= 100) return n.toFixed(Math.max(0, digits - 2));
  if (Math.abs(n) >= 10) return n.toFixed(Math.max(0, digits - 1));
  return n.toFixed(digits);
}

export const mb = (bytes: number) => bytes / 2 ** 20;

/** A Markdown table (also readable on a terminal). */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...cells.map((r) => width(r[i] ?? ""))));
  const pad = (s: string, i: number) => s + " ".repeat(Math.max(0, widths[i]! - width(s)));
  const line = (r: string[]) => `| ${r.map(pad).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}

/** A benchmark's outcome, saved as bench/results/<name>.json and rendered into BENCHMARKS.md. */
export interface BenchResult {
  name: "ingress" | "assembly" | "domain" | "cards";
  machine: Machine;
  ok: boolean;
  /** Markdown for BENCHMARKS.md: tables and notes. */
  markdown: string;
  /** Target lines: what was aimed for, what was measured, met or not. */
  targets: { target: string; measured: string; met: boolean | null }[];
  failures: string[];
  data: unknown;
}

export function saveResult(r: BenchResult): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${r.name}.json`), JSON.stringify(r, null, 2) + "\n");
}

export function loadResult(name: BenchResult["name"]): BenchResult | null {
  const p = join(resultsDir, `${name}.json`);
  if (!existsSync(p)) return null;
  return JSON.parse(readFileSync(p, "utf8")) as BenchResult;
}

/** Runs `fn` with a correctness check; collects failures instead of throwing so the report is still written. */
export function check(failures: string[], ok: boolean, message: string): void {
  if (!ok) {
    failures.push(message);
    console.error(`CHECK FAILED: ${message}`);
  }
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

export function hasGc(): boolean {
  return typeof (globalThis as { gc?: () => void }).gc === "function";
}
