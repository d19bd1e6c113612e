// The ingress load generator, a separate process (fork) so it does not share an event loop with the server.
// Bodies are generated before each timed phase: every request is a distinct im.message.receive_v1 push
// (unique event_id and message_id, not @mentioning the bot), encrypted and signed the way Lark does.
// Phases (IPC { type: "run", phase }):
//   closed     — `concurrency` workers each send one request at a time until `n` are done (max throughput);
//   rate       — open loop: request i is due at t0 + i/rate, whatever the server's speed (steady load);
//   redeliver  — sends again, byte for byte, `n` bodies already sent with `prefix` (Lark's redelivery).
// Over a keep-alive http.Agent. Answers { type: "result", ... } with latencies summarised.
import { Agent, request } from "node:http";
import { messageEvent, sealed } from "../test/helpers/lark-payloads.js";
import { percentile } from "./lib.js";

type Phase =
  | { kind: "closed"; n: number; concurrency: number; prefix: string }
  | { kind: "rate"; rate: number; seconds: number; prefix: string }
  | { kind: "redeliver"; n: number; concurrency: number; prefix: string };

interface Sealed {
  body: Buffer;
  headers: Record<string, string | number>;
}

const [host, portText, path] = [process.argv[2]!, process.argv[3]!, process.argv[4]!];
const port = Number(portText);
const CHATS = 100;
const TEXTS = [
  "收到，我这边下午把第二部分补充完整",
  "请问今年的法治政府建设报告截止时间是几号？",
  "（三）部分的数据我核对一下再发",
  "好的，行政复议的案件数量是12件，已全部办结",
  "明天上午开会再讨论一下存在的不足",
  "领导说标题要改成关于2024年法治政府建设情况的报告",
];

const generated = new Map<string, Sealed[]>();

function generate(prefix: string, n: number): Sealed[] {
  const out: Sealed[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const env = messageEvent({
      atBot: false,
      chatType: "group",
      chatId: `oc_bench_chat_${i % CHATS}`,
      sender: `ou_bench_user_${i % 37}`,
      eventId: `ev_${prefix}_${i}`,
      messageId: `om_${prefix}_${i}`,
      text: `${TEXTS[i % TEXTS.length]}（${i}）`,
    });
    const s = sealed(env);
    const body = Buffer.from(s.body, "utf8");
    out[i] = { body, headers: { ...s.headers, "content-length": body.length } };
  }
  generated.set(prefix, out);
  return out;
}

function send(agent: Agent, s: Sealed): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method: "POST", agent, headers: s.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(s.body);
  });
}

/** One phase's result, sent to bench/ingress.ts over IPC. */
export interface Outcome {
  sent: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  firstError?: string;
  wallMs: number;
  throughput: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** Open loop only: latency counted from when the request was due (includes any lateness of the generator). */
  scheduledLatencyMs?: { p50: number; p95: number; p99: number; max: number };
  /** Open loop only: achieved request rate. */
  achievedRate?: number;
  /** Open loop only: the generator stopped because the server fell more than a second behind. */
  stoppedEarly?: boolean;
  generateMs: number;
}

function summarise(lat: Float64Array) {
  const s = Float64Array.from(lat).sort();
  let sum = 0;
  for (const x of s) sum += x;
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN, mean: sum / Math.max(1, s.length) };
}

async function closed(bodies: Sealed[], concurrency: number, generateMs: number): Promise<Outcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const lat = new Float64Array(bodies.length);
  const statuses: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      const start = performance.now();
      try {
        const r = await send(agent, bodies[i]!);
        lat[i] = performance.now() - start;
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status === 200) ok++;
        else firstError ??= `HTTP ${r.status}: ${r.body.slice(0, 200)}`;
      } catch (e) {
        lat[i] = performance.now() - start;
        errors++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - t0;
  agent.destroy();
  return { sent: bodies.length, ok, errors, statuses, firstError, wallMs, throughput: (bodies.length / wallMs) * 1000, latencyMs: summarise(lat), generateMs };
}

async function rate(bodies: Sealed[], perSecond: number, generateMs: number): Promise<Outcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const n = bodies.length;
  const lat = new Float64Array(n);
  const late = new Float64Array(n);
  const statuses: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let done = 0;
  let firstError: string | undefined;
  const interval = 1000 / perSecond;
  // Warm the pool so the first second does not pay for connection set-up.
  const t0 = performance.now() + 20;
  let next = 0;
  let lastEnd = t0;
  // A server that cannot keep up would otherwise queue the whole run: stop sending once a full second's
  // worth of requests is waiting (the p99 is already far over any target by then) and report it.
  const maxBacklog = Math.max(50, perSecond);
  let stoppedAt: number | null = null;
  await new Promise<void>((finish) => {
    const fire = (i: number) => {
      const due = t0 + i * interval;
      const start = performance.now();
      send(agent, bodies[i]!).then(
        (r) => {
          const end = performance.now();
          lat[i] = end - start;
          late[i] = end - due;
          lastEnd = Math.max(lastEnd, end);
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status === 200) ok++;
          else firstError ??= `HTTP ${r.status}: ${r.body.slice(0, 200)}`;
          if (++done === total()) finish();
        },
        (e: unknown) => {
          const end = performance.now();
          lat[i] = end - start;
          late[i] = end - due;
          errors++;
          firstError ??= e instanceof Error ? e.message : String(e);
          if (++done === total()) finish();
        },
      );
    };
    const total = () => stoppedAt ?? n;
    const tick = () => {
      const now = performance.now();
      while (next < n && t0 + next * interval <= now) {
        if (next - done > maxBacklog) {
          stoppedAt = next;
          if (done === next) finish();
          return;
        }
        fire(next++);
      }
      if (next < n) setTimeout(tick, 1);
    };
    setTimeout(tick, 20);
  });
  const wallMs = lastEnd - t0;
  agent.destroy();
  const sent = stoppedAt ?? n;
  const s = summarise(late.subarray(0, sent));
  const l = summarise(lat.subarray(0, sent));
  return {
    sent,
    stoppedEarly: stoppedAt !== null,
    ok,
    errors,
    statuses,
    firstError,
    wallMs,
    throughput: (sent / wallMs) * 1000,
    latencyMs: l,
    scheduledLatencyMs: { p50: s.p50, p95: s.p95, p99: s.p99, max: s.max },
    achievedRate: (sent / wallMs) * 1000,
    generateMs,
  };
}

process.on("message", (m: { type: string; phase: Phase }) => {
  if (m.type === "exit") {
    process.disconnect();
    return;
  }
  if (m.type !== "run") return;
  void (async () => {
    const p = m.phase;
    const g0 = performance.now();
    let outcome: Outcome;
    if (p.kind === "closed") {
      const bodies = generate(p.prefix, p.n);
      outcome = await closed(bodies, p.concurrency, performance.now() - g0);
    } else if (p.kind === "rate") {
      const bodies = generate(p.prefix, Math.round(p.rate * p.seconds));
      outcome = await rate(bodies, p.rate, performance.now() - g0);
    } else {
      const all = generated.get(p.prefix) ?? [];
      const step = Math.max(1, Math.floor(all.length / p.n));
      const picked = all.filter((_, i) => i % step === 0).slice(0, p.n);
      outcome = await closed(picked, p.concurrency, 0);
    }
    process.send!({ type: "result", outcome });
  })();
});

process.send!({ type: "ready" });
