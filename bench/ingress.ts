// Ingress benchmark: signed, encrypted im.message.receive_v1 pushes from a separate load-generator process
// against three servers, each in its own process: the do-nothing floor, the node-sdk's adaptDefault +
// EventDispatcher, and huibao (startNode: verify, decrypt, store durably in SQLite, acknowledge, process).
// Then checks that huibao stored every event exactly once and sent nothing.
//
//   npm run bench:ingress                 (defaults: N=6000, C=50, steady 1000/s for 10 s)
//   BENCH_N=50000 BENCH_C=100 npm run bench:ingress
//   BENCH_PROFILE=1 npm run bench:ingress (writes a V8 CPU profile of huibao's server to bench/profiles/)
//   BENCH_MEM=1 BENCH_SERVER_FLAGS=--trace-gc npm run bench:ingress (memory at peak RSS; extra node flags for huibao's server)
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { FakeLark } from "../test/helpers/fake-lark.js";
import type { Outcome } from "./loadgen.js";
import { benchDir, check, fmt, machine, saveResult, table, type BenchResult } from "./lib.js";
import { writeBenchmarksMd } from "./report.js";
import { breakdown, breakdownTable, type Stage } from "./ingress-breakdown.js";

const N = Number(process.env.BENCH_N ?? 6_000);
const C = Number(process.env.BENCH_C ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const REDELIVER = Number(process.env.BENCH_REDELIVER ?? 300);
const PROFILE = process.env.BENCH_PROFILE === "1";
const ONLY = process.env.BENCH_ONLY?.split(",");

type Label = "floor" | "sdk" | "huibao";

interface TargetRun {
  label: Label;
  closed: Outcome;
  /** The server process's CPU time (user + system) per event of the closed loop, processing after the acknowledgement included. */
  cpuUsPerEvent: number;
  steady: Outcome;
  redeliver?: Outcome;
  maxRssMb: number;
  idleRssMb: number;
  stopped: Record<string, unknown>;
  store?: StoreCheck;
  drainMs?: number;
}

interface StoreCheck {
  rows: number;
  distinctEvents: number;
  distinctMessages: number;
  done: number;
  retried: number;
  outbox: number;
  dbBytes: number;
}

function nextMessage<T>(child: ChildProcess, type: string, timeoutMs = 300_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type} from pid ${child.pid}`)), timeoutMs);
    const onMessage = (m: { type?: string }) => {
      if (m?.type !== type) return;
      cleanup();
      resolve(m as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`process ${child.pid} exited (${code}) before sending ${type}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

const tsx = ["--import", "tsx"];

/**
 * huibao's server is the process `npm start` runs: package.json's "start" is `node <flags> .build/node.mjs`,
 * built by scripts/build.mjs ("prestart"). The benchmark builds its own server entry (bench/ingress-server.ts,
 * which calls the same startNode) the same way and runs it with the same flags, without the tsx loader. The
 * baselines keep plain `--import tsx`.
 */
function startFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(benchDir, "..", "package.json"), "utf8")) as { scripts?: { start?: string } }).scripts?.start ?? "";
  const words = start.trim().split(/\s+/);
  if (words[0] !== "node" || !words.at(-1)?.endsWith(".mjs")) throw new Error(`package.json "start" should be "node <flags> .build/node.mjs", got: ${start}`);
  return words.slice(1, -1);
}

let builtServer: string | null = null;
/** Compiles bench/ingress-server.ts like scripts/build.mjs compiles src/runtimes/node/main.ts for `npm start`. */
function huibaoServerEntry(): string {
  if (builtServer) return builtServer;
  const out = join(benchDir, "..", ".build", "bench-ingress-server.mjs");
  execFileSync(process.execPath, [join(benchDir, "..", "scripts", "build.mjs"), join(benchDir, "ingress-server.ts"), out], { stdio: "inherit", env: { ...process.env, HUIBAO_BUILD_QUIET: "1" } });
  return (builtServer = out);
}

/** Waits for a child to exit by itself (a CPU profile is written at exit), killing it after `ms`. */
async function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill(), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function startServer(label: Label, dbPath: string, larkUrl: string): Promise<{ child: ChildProcess; port: number; path: string; rssMb: number }> {
  const profileDir = join(benchDir, "profiles");
  if (PROFILE) mkdirSync(profileDir, { recursive: true });
  const extra = label === "huibao" && process.env.BENCH_SERVER_FLAGS ? process.env.BENCH_SERVER_FLAGS.split(/\s+/) : [];
  const execArgv = [...(label === "huibao" ? [...startFlags(), ...extra] : tsx), ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${label}-${Date.now()}.cpuprofile`] : [])];
  const child =
    label === "huibao"
      ? fork(huibaoServerEntry(), [], { execArgv, env: { ...process.env, BENCH_DB: dbPath, BENCH_LARK_URL: larkUrl }, stdio: ["ignore", "inherit", "inherit", "ipc"] })
      : fork(join(benchDir, "baseline-server.ts"), [label], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await nextMessage<{ port: number; path: string; rssMb: number }>(child, "ready", 60_000);
  return { child, port: ready.port, path: ready.path, rssMb: ready.rssMb };
}

/** The server's own CPU time so far (µs, user + system): contention from other processes does not inflate it much. */
async function serverCpu(child: ChildProcess): Promise<number> {
  child.send({ type: "cpu" });
  const c = await nextMessage<{ user: number; system: number }>(child, "cpu");
  return c.user + c.system;
}

async function phase(gen: ChildProcess, p: Record<string, unknown>): Promise<Outcome> {
  gen.send({ type: "run", phase: p });
  return (await nextMessage<{ outcome: Outcome }>(gen, "result")).outcome;
}

function storeCheck(dbPath: string): StoreCheck {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const r = db
      .prepare(
        `SELECT COUNT(*) AS rows, COUNT(DISTINCT eventId) AS distinctEvents, COUNT(DISTINCT messageId) AS distinctMessages,
                SUM(status = 'done') AS done, SUM(attempts > 0) AS retried FROM InboxEvent`,
      )
      .get() as Omit<StoreCheck, "outbox" | "dbBytes">;
    const outbox = (db.prepare("SELECT COUNT(*) AS n FROM OutboxMessage").get() as { n: number }).n;
    const page = db.pragma("page_count", { simple: true }) as number;
    const size = db.pragma("page_size", { simple: true }) as number;
    return { ...r, done: r.done ?? 0, retried: r.retried ?? 0, outbox, dbBytes: page * size };
  } finally {
    db.close();
  }
}

/** Waits until huibao has stored and processed `expected` rows (processing happens after the acknowledgement). */
async function drain(dbPath: string, expected: number, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const s = storeCheck(dbPath);
    if (s.rows >= expected && s.done === s.rows) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runTarget(label: Label, failures: string[]): Promise<TargetRun> {
  const dir = mkdtempSync(join(tmpdir(), `huibao-bench-${label}-`));
  const dbPath = join(dir, "huibao.db");
  const lark = await new FakeLark().start();
  const server = await startServer(label, dbPath, lark.url);
  const gen = fork(join(benchDir, "loadgen.ts"), ["127.0.0.1", String(server.port), server.path], { execArgv: tsx, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  await nextMessage(gen, "ready", 60_000);
  const pre = label === "huibao" ? "hb" : label;
  try {
    process.stdout.write(`  ${label}: warm-up ${WARMUP}…`);
    const warm = await phase(gen, { kind: "closed", n: WARMUP, concurrency: C, prefix: `${pre}w` });
    check(failures, warm.ok === warm.sent, `${label} warm-up: ${warm.sent - warm.ok} of ${warm.sent} not answered 200 (${warm.firstError})`);
    if (label === "huibao") await drain(dbPath, WARMUP);
    process.stdout.write(` closed loop N=${N} C=${C}…`);
    const cpu0 = await serverCpu(server.child);
    const closed = await phase(gen, { kind: "closed", n: N, concurrency: C, prefix: `${pre}m` });
    check(failures, closed.ok === closed.sent, `${label} closed loop: ${closed.sent - closed.ok} of ${closed.sent} not answered 200 (${closed.firstError})`);
    let drainMs: number | undefined;
    if (label === "huibao") drainMs = await drain(dbPath, WARMUP + N);
    const cpuUsPerEvent = ((await serverCpu(server.child)) - cpu0) / N;
    process.stdout.write(` steady ${RATE}/s × ${SECONDS} s…`);
    const steady = await phase(gen, { kind: "rate", rate: RATE, seconds: SECONDS, prefix: `${pre}s` });
    check(failures, steady.ok === steady.sent, `${label} steady: ${steady.sent - steady.ok} of ${steady.sent} not answered 200 (${steady.firstError})`);
    let redeliver: Outcome | undefined;
    if (label === "huibao") {
      await drain(dbPath, WARMUP + N + steady.sent);
      process.stdout.write(` redeliver ${REDELIVER}…`);
      redeliver = await phase(gen, { kind: "redeliver", n: REDELIVER, concurrency: C, prefix: `${pre}m` });
      check(failures, redeliver.ok === redeliver.sent, `${label} redelivery: ${redeliver.sent - redeliver.ok} of ${redeliver.sent} not answered 200`);
    }
    gen.send({ type: "exit" });
    server.child.send({ type: "stop" });
    const stopped = await nextMessage<Record<string, unknown> & { maxRssKb: number }>(server.child, "stopped", 60_000);
    process.stdout.write(" done\n");
    const total = WARMUP + N + steady.sent;
    stopped.sent = lark.messages.length;
    stopped.calls = lark.calls.filter((c) => !c.path.startsWith("/open-apis/auth/") && c.path !== "/open-apis/bot/v3/info").length;
    stopped.botInfoCalls = lark.calls.filter((c) => c.path === "/open-apis/bot/v3/info").length;
    const run: TargetRun = { label, closed, cpuUsPerEvent, steady, redeliver, maxRssMb: stopped.maxRssKb / 1024, idleRssMb: server.rssMb, stopped, drainMs };
    if (label === "sdk") {
      check(failures, stopped.handled === total, `sdk: handler ran ${String(stopped.handled)} times for ${total} events (signature or decryption failed?)`);
    }
    if (label === "huibao") {
      const s = storeCheck(dbPath);
      run.store = s;
      check(failures, s.rows === total, `huibao: ${s.rows} InboxEvent rows for ${total} distinct events (+${REDELIVER} redeliveries)`);
      check(failures, s.distinctEvents === total && s.distinctMessages === total, `huibao: ${s.distinctEvents} distinct event ids, ${s.distinctMessages} distinct message ids, expected ${total}`);
      check(failures, s.done === total, `huibao: ${s.done} of ${total} events processed (status done)`);
      check(failures, s.retried === 0, `huibao: ${s.retried} events needed a retry`);
      check(failures, s.outbox === 0 && stopped.sent === 0 && stopped.calls === 0, `huibao: sent ${String(stopped.sent)} messages / ${s.outbox} outbox rows / ${String(stopped.calls)} API calls for messages that do not mention the bot (expected none)`);
    }
    return run;
  } finally {
    if (gen.connected) gen.kill();
    await exited(server.child, 10_000);
    await lark.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const m = machine();
console.log(`ingress: ${m.cpu}, ${m.cores} cores, Node ${m.node}`);
const failures: string[] = [];
const runs: TargetRun[] = [];
for (const label of ["floor", "sdk", "huibao"] as Label[]) {
  if (ONLY && !ONLY.includes(label)) continue;
  runs.push(await runTarget(label, failures));
}

let stages: Stage[] = [];
if (process.env.BENCH_BREAKDOWN !== "0") {
  console.log("  breakdown: one event's stages, in-process…");
  stages = (await breakdown(Number(process.env.BENCH_BREAKDOWN_N ?? 1000))).stages;
}

const by = (l: Label) => runs.find((r) => r.label === l);
const floor = by("floor");
const sdk = by("sdk");
const ours = by("huibao");
const ratio = (a?: TargetRun, b?: TargetRun) => (a && b ? a.closed.throughput / b.closed.throughput : NaN);

const names: Record<Label, string> = {
  floor: "floor: bare node:http, answers 200",
  sdk: "node-sdk adaptDefault + EventDispatcher",
  huibao: "huibao startNode (stores in SQLite)",
};
const closedTable = table(
  ["server", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "server CPU µs/event", "RSS at start MB", "peak RSS MB", "vs floor", "vs SDK"],
  runs.map((r) => [
    names[r.label],
    fmt(r.closed.throughput),
    fmt(r.closed.latencyMs.p50),
    fmt(r.closed.latencyMs.p95),
    fmt(r.closed.latencyMs.p99),
    fmt(r.closed.latencyMs.max),
    fmt(r.cpuUsPerEvent, 0),
    fmt(r.idleRssMb, 0),
    fmt(r.maxRssMb, 0),
    floor ? `${(ratio(r, floor) * 100).toFixed(0)} %` : "–",
    sdk ? `${(ratio(r, sdk) * 100).toFixed(0)} %` : "–",
  ]),
);
const steadyTable = table(
  ["server", "sent", "achieved req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "p99 from due time ms"],
  runs.map((r) => [
    names[r.label],
    `${r.steady.sent.toLocaleString("en-US")}${r.steady.stoppedEarly ? " (fell behind: stopped)" : ""}`,
    fmt(r.steady.achievedRate ?? NaN),
    fmt(r.steady.latencyMs.p50),
    fmt(r.steady.latencyMs.p95),
    fmt(r.steady.latencyMs.p99),
    fmt(r.steady.latencyMs.max),
    fmt(r.steady.scheduledLatencyMs?.p99 ?? NaN),
  ]),
);

const targets: BenchResult["targets"] = [];
if (ours && sdk) targets.push({ target: "huibao throughput ≥ SDK adaptDefault (same run)", measured: `${fmt(ours.closed.throughput)} vs ${fmt(sdk.closed.throughput)} req/s (${(ratio(ours, sdk) * 100).toFixed(0)} %)`, met: ours.closed.throughput >= sdk.closed.throughput });
if (ours) {
  targets.push({ target: `p99 acknowledgement < 20 ms at a steady ${RATE}/s`, measured: `${fmt(ours.steady.latencyMs.p99)} ms`, met: ours.steady.latencyMs.p99 < 20 });
  targets.push({ target: "peak RSS under load < 300 MB", measured: `${fmt(ours.maxRssMb, 0)} MB`, met: ours.maxRssMb < 300 });
  targets.push({ target: "nothing lost: every event stored exactly once", measured: ours.store ? `${ours.store.rows} rows, ${ours.store.distinctMessages} distinct message ids, ${ours.store.done} processed` : "–", met: failures.filter((f) => f.startsWith("huibao")).length === 0 });
}
if (ours && sdk) targets.push({ target: "(context) server CPU per event in the closed loop, huibao vs SDK (less disturbed by other load than req/s)", measured: `${fmt(ours.cpuUsPerEvent, 0)} vs ${fmt(sdk.cpuUsPerEvent, 0)} µs (${((ours.cpuUsPerEvent / sdk.cpuUsPerEvent) * 100).toFixed(0)} %)`, met: null });
if (floor && sdk) targets.push({ target: "(context) SDK vs floor, issue says ≈ 45 %", measured: `${(ratio(sdk, floor) * 100).toFixed(0)} %`, met: null });

const total = WARMUP + N + (ours?.steady.sent ?? 0);

/** What huibao's peak RSS was made of, and the heap it still used after a full collection at the end. */
function memoryLine(r: TargetRun): string | null {
  const peak = r.stopped.memoryAtPeak as { rssMb: number; heapTotalMb: number; heapUsedMb: number; externalMb: number } | undefined;
  const live = r.stopped.liveHeapMb as number | undefined;
  if (!peak || live === undefined) return null;
  return (
    `**Memory (huibao):** RSS ${fmt(r.idleRssMb, 0)} MB at start, ${fmt(r.maxRssMb, 0)} MB at peak. At the highest RSS sampled (every 100 ms) the V8 heap used ${fmt(peak.heapUsedMb, 0)} MB ` +
    `(${fmt(peak.heapTotalMb, 0)} MB reserved), external memory ${fmt(peak.externalMb, 0)} MB, everything else (code, SQLite, the Node runtime, the checkpoint worker) ${fmt(peak.rssMb - peak.heapTotalMb - peak.externalMb, 0)} MB. ` +
    `Heap in use after a full collection once the load had ended: ${fmt(live, 0)} MB — what the server keeps after ${total.toLocaleString("en-US")} events. ` +
    "Above that, the heap holds garbage: V8 lets the old generation grow to up to about four times the live heap before a full collection, " +
    "and returns pages to the system only afterwards, so peak RSS depends on where in that cycle the run ends and moves by tens of MB between identical runs; the live heap does not."
  );
}
const memory = ours ? memoryLine(ours) : null;
const markdown = [
  `Load: ${N.toLocaleString("en-US")} distinct pushes at concurrency ${C} (after ${WARMUP.toLocaleString("en-US")} warm-up pushes), then an open-loop ${RATE}/s for ${SECONDS} s. ` +
    "Each push is a schema 2.0 `im.message.receive_v1` group message that does not mention the bot, AES-256-CBC encrypted and signed " +
    "(`X-Lark-Signature`), with its own event_id and message_id; bodies are generated before the clock starts. " +
    "The load generator is a separate Node process (`bench/loadgen.ts`, node:http keep-alive agent); each server runs in its own process. " +
    "Latency is request start to last response byte, seen by the generator. Peak RSS is the server process's `maxRSS`. " +
    "“Server CPU µs/event” is the server process's user + system CPU time (all its threads) over the closed loop divided by its pushes — for huibao until every event is also processed — which other load on the machine disturbs much less than req/s.",
  "",
  "**Maximum throughput (closed loop)**",
  "",
  closedTable,
  "",
  `**Steady load (${RATE} pushes/s, open loop, ${SECONDS} s)** — “from due time” counts from when the request was scheduled, so lateness of the generator itself is included. A server that falls more than one second (${RATE} requests) behind is not sent the rest of the run (“fell behind: stopped”): its latencies are already far over target, and waiting would only make the benchmark longer.`,
  "",
  steadyTable,
  "",
  ...(ours?.store
    ? [
        `**Correctness (huibao):** ${total.toLocaleString("en-US")} distinct pushes + ${REDELIVER} byte-identical redeliveries → ` +
          `${ours.store.rows.toLocaleString("en-US")} InboxEvent rows, ${ours.store.distinctMessages.toLocaleString("en-US")} distinct message ids, ` +
          `${ours.store.done.toLocaleString("en-US")} processed (status done), ${ours.store.retried} retried, ${ours.store.outbox} outbox rows, ` +
          `${String(ours.stopped.sent)} messages sent to the (fake) Open API. Processing backlog after the closed loop drained in ${fmt(ours.drainMs ?? NaN, 0)} ms. ` +
          `SQLite file: ${fmt(ours.store.dbBytes / 2 ** 20, 1)} MB. Redeliveries: p50 ${fmt(ours.redeliver?.latencyMs.p50 ?? NaN)} ms, ${fmt(ours.redeliver?.throughput ?? NaN)} req/s.`,
      ]
    : []),
  ...(memory ? ["", memory] : []),
  ...(stages.length
    ? [
        "",
        "**Where one event's time goes** (in-process, one stage at a time, `bench/ingress-breakdown.ts`; µs of CPU+I/O per event, sequential unless noted):",
        "",
        breakdownTable(stages),
      ]
    : []),
  ...(sdk ? ["", `**Correctness (SDK):** the empty handler ran ${String(sdk.stopped.handled)} times for ${total.toLocaleString("en-US")} pushes (every signature and decryption succeeded).`] : []),
].join("\n");

console.log("\n" + closedTable + "\n\n" + steadyTable + "\n");
if (stages.length) console.log(breakdownTable(stages) + "\n");
if (memory) console.log(memory.replace(/\*\*/g, "") + "\n");
for (const t of targets) console.log(`${t.met === null ? "  " : t.met ? "✔ " : "✘ "}${t.target}: ${t.measured}`);

const result: BenchResult = { name: "ingress", machine: m, ok: failures.length === 0, markdown, targets, failures, data: { N, C, WARMUP, RATE, SECONDS, REDELIVER, runs, stages } };
if (!ONLY) {
  saveResult(result);
  writeBenchmarksMd();
}
if (failures.length) {
  console.error(`\ningress: ${failures.length} correctness check(s) failed`);
  process.exit(1);
}
