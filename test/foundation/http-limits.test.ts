// Resource limits of the Node server, against the real entry (built like `npm start` builds it, run as a child
// process): bodies that arrive too slowly are cut off by HTTP_BODY_TIMEOUT_MS and what they had sent is
// released; connections over HTTP_MAX_CONNECTIONS are closed on arrival; refusals cannot flood the log.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ENCRYPT_KEY, messageEvent, sealed, TOKEN } from "../helpers/lark-payloads.js";

const root = join(import.meta.dirname, "..", "..");
// The same flags as `npm start`, on an entry built for this file (the start-up test builds .build/node.mjs).
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
const startFlags = pkg.scripts.start!.split(/\s+/).slice(1, -1);
const entry = join(root, ".build", "node-http-limits-test.mjs");
beforeAll(() => {
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs"), join(root, "src", "runtimes", "node", "main.ts"), entry], {
    cwd: root,
    stdio: "pipe",
    env: { ...process.env, HUIBAO_BUILD_QUIET: "1" },
  });
}, 60_000);

interface Child {
  proc: ChildProcess;
  port: number;
  /** Everything the server wrote on stdout so far. */
  out(): string;
  rssMb(): number;
  /** SIGTERM and wait for the exit (the server flushes its counted refusals on the way out). */
  stop(): Promise<void>;
}

const children: Child[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.proc.exitCode === null && c.proc.signalCode === null) await c.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startServer(env: Record<string, string>): Promise<Child> {
  const dir = mkdtempSync(join(tmpdir(), "huibao-limits-"));
  dirs.push(dir);
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("LARK_") && !k.startsWith("HUIBAO_") && !k.startsWith("HTTP_")) clean[k] = v;
  const proc = spawn(process.execPath, [...startFlags, entry], {
    cwd: root,
    env: {
      ...clean,
      LARK_APP_ID: "cli_a1b2c3d4e5f60718",
      LARK_APP_SECRET: "test-secret",
      LARK_VERIFICATION_TOKEN: TOKEN,
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
      // Nothing here reaches the Open API; a closed port makes sure of it.
      LARK_DOMAIN: "http://127.0.0.1:9",
      DATABASE_URL: `file:${join(dir, "huibao.db")}`,
      PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((r) => proc.on("exit", () => r()));
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no start-up line: ${out}${err}`)), 30_000);
    const look = () => {
      const m = /"event":"server.started"[^\n]*"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    };
    proc.stdout!.on("data", look);
    proc.on("exit", (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
  });
  const child: Child = {
    proc,
    port,
    out: () => out,
    rssMb() {
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"));
      return Number(m![1]) / 1024;
    },
    async stop() {
      proc.kill("SIGTERM");
      const killer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
  children.push(child);
  return child;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BODY_BYTES = 1024 * 1024;

/** Headers declaring a ~1 MiB body, then `sent` bytes of it, then nothing: resolves once those bytes are written. */
function stalledUpload(port: number, sent: number): Promise<{ socket: Socket; closed: Promise<{ afterMs: number; reply: string }> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    let started = 0;
    const closed = new Promise<{ afterMs: number; reply: string }>((r) => socket.on("close", () => r({ afterMs: performance.now() - started, reply })));
    socket.on("data", (d) => (reply += d.toString("latin1")));
    socket.on("error", () => {});
    socket.on("connect", () => {
      started = performance.now();
      socket.write(`POST /lark/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${BODY_BYTES}\r\n\r\n`);
      socket.write(Buffer.alloc(sent, 0x41), (e) => (e ? reject(e) : resolve({ socket, closed })));
    });
  });
}

/** Opens `n` stalled uploads; `ends` resolves once the server has closed every one of them (or fails after `deadlineMs`). */
async function stallAll(port: number, n: number, deadlineMs: number) {
  const uploads = await Promise.all(Array.from({ length: n }, () => stalledUpload(port, 900 * 1024)));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`connections still open after ${deadlineMs} ms`)), deadlineMs);
  });
  const ends = Promise.race([Promise.all(uploads.map((u) => u.closed)), deadline]).finally(() => clearTimeout(timer));
  return { uploads, ends };
}

describe("HTTP limits of the Node server", () => {
  it("200 bodies stalled part-way are cut off by HTTP_BODY_TIMEOUT_MS and their memory is given back", async () => {
    const timeoutMs = 1_500;
    // Generous: Node checks for expired requests every timeout/4 here, and the machine may be busy.
    const margin = 10_000;
    const s = await startServer({ HTTP_BODY_TIMEOUT_MS: String(timeoutMs) });
    // A server that has served before: whole large bodies (refused: unsigned, not a challenge), a few cut off.
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`http://127.0.0.1:${s.port}/lark/webhook`, { method: "POST", body: "A".repeat(900 * 1024), headers: { "content-type": "application/json" } });
      expect(r.status).toBe(401);
    }
    await (await stallAll(s.port, 20, timeoutMs + margin)).ends;
    await sleep(1_000);
    const before = s.rssMb();

    const attack = await stallAll(s.port, 200, timeoutMs + margin);
    await sleep(300);
    const peak = s.rssMb();
    const ends = await attack.ends;
    await sleep(1_000);
    const after = s.rssMb();
    const slowestMs = Math.max(...ends.map((e) => e.afterMs));
    console.log(`RSS MB: before ${before.toFixed(1)}, peak ${peak.toFixed(1)}, after ${after.toFixed(1)}; slowest cut-off ${Math.round(slowestMs)} ms`);

    // Every connection was answered 408 by the server (not dropped by the client) and closed within the
    // configured time plus the margin (Node's default would have been 300 s).
    for (const e of ends) expect(e.reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowestMs).toBeLessThan(timeoutMs + margin);
    // 200 × 900 KB were sent; large bodies are read within a fixed budget and the rest wait unread, so even
    // the peak stays far below that; afterwards nothing of them is held.
    expect(peak - before).toBeLessThan(64);
    expect(after - before).toBeLessThan(20);

    // Still serving; the cut-off bodies were counted, in at most a line or two, not one line each.
    expect((await fetch(`http://127.0.0.1:${s.port}/healthz`)).status).toBe(200);
    await s.stop();
    const lines = s.out().split("\n").filter((l) => l.includes('"webhook.rejected"'));
    expect(lines.length).toBeLessThanOrEqual(4);
    const reasons = lines.map((l) => (JSON.parse(l) as { reasons: Record<string, number> }).reasons);
    expect(reasons.reduce((n, r) => n + (r.request_incomplete ?? 0), 0)).toBe(220);
  }, 120_000);

  it("the webhook listener keeps nothing of a body cut off part-way (every chunk is collectable)", () => {
    // In a child with --expose-gc: 30 uploads (small and large bodies) stall at 60 % and are cut off.
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", join(root, "test", "helpers", "body-release-probe.ts"), "30"], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    const r = JSON.parse(out.trim().split("\n").at(-1)!) as { uploads: number; seen: number; collected: number; answered: number };
    expect(r.answered).toBe(0);
    expect(r.seen).toBeGreaterThan(r.uploads);
    expect(r.collected).toBe(r.seen);
  }, 90_000);

  it("connections over HTTP_MAX_CONNECTIONS are closed on arrival; the server serves again once they are gone", async () => {
    const s = await startServer({ HTTP_MAX_CONNECTIONS: "20", HTTP_BODY_TIMEOUT_MS: "1500" });
    // 30 connections that each start a request and never finish it.
    const replies = await Promise.all(
      Array.from(
        { length: 30 },
        () =>
          new Promise<string>((resolve) => {
            const socket = connect(s.port, "127.0.0.1", () => socket.write("POST /lark/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
            let reply = "";
            socket.on("data", (d) => (reply += d.toString("latin1")));
            socket.on("error", () => {});
            socket.on("close", () => resolve(reply));
          }),
      ),
    );
    // 20 were taken and cut off by the timeout (408); the other 10 were closed without a word.
    expect(replies.filter((r) => /^HTTP\/1\.1 408 /.test(r))).toHaveLength(20);
    expect(replies.filter((r) => r === "")).toHaveLength(10);
    expect((await fetch(`http://127.0.0.1:${s.port}/healthz`)).status).toBe(200);
  }, 60_000);

  it("1000 requests with a bad signature make at most a few log lines, which count them all", async () => {
    const s = await startServer({});
    const linesBefore = s.out().split("\n").filter(Boolean).length;
    const { body, headers } = sealed(messageEvent({ text: "伪造" }));
    const forged = { ...headers, "x-lark-signature": "0".repeat(64) };
    for (let wave = 0; wave < 20; wave++) {
      const rs = await Promise.all(Array.from({ length: 50 }, () => fetch(`http://127.0.0.1:${s.port}/lark/webhook`, { method: "POST", body, headers: forged })));
      for (const r of rs) {
        expect(r.status).toBe(401);
        await r.arrayBuffer();
      }
    }
    await s.stop(); // the count not yet written goes out at shutdown
    const lines = s.out().split("\n").filter(Boolean);
    const rejected = lines.filter((l) => l.includes('"webhook.rejected"')).map((l) => JSON.parse(l) as { count: number; reason: string; reasons: Record<string, number> });
    console.log(`${rejected.length} webhook.rejected lines for 1000 requests: ${JSON.stringify(rejected.map((r) => r.count))}`);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected.length).toBeLessThanOrEqual(4);
    expect(rejected.reduce((n, r) => n + r.count, 0)).toBe(1000);
    expect(rejected.reduce((n, r) => n + (r.reasons.bad_signature ?? 0), 0)).toBe(1000);
    expect(rejected.at(-1)!.reason).toBe("bad_signature");
    // Nothing else was logged per request either.
    expect(lines.length - linesBefore).toBeLessThanOrEqual(8);
  }, 120_000);
});
