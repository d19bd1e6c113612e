// huibao's own server for the ingress benchmark: `startNode(env, { quiet: true })` as `npm start` runs it
// (compiled by scripts/build.mjs and run with start's node flags, no tsx loader), on a temporary SQLite file
// and a free port. The fake Lark Open API (bot info, tokens; see
// test/helpers/fake-lark.ts) runs in the parent process (BENCH_LARK_URL), not here, so that a saturated
// server cannot starve it. Started by bench/ingress.ts with fork(); talks over IPC: sends
// { type: "ready", port }, answers "stop" with { type: "stopped", maxRssKb } after a clean shutdown.
// Alone (`npx tsx bench/ingress-server.ts`), it starts its own fake Lark and prints the port.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { startNode } from "../src/runtimes/node/main.js";
import { FakeLark } from "../test/helpers/fake-lark.js";
import { ENCRYPT_KEY, TOKEN } from "../test/helpers/lark-payloads.js";

const ipc = typeof process.send === "function";
const ownLark = process.env.BENCH_LARK_URL ? null : await new FakeLark().start();
const larkUrl = process.env.BENCH_LARK_URL ?? ownLark!.url;
const dbPath = process.env.BENCH_DB ?? join(mkdtempSync(join(tmpdir(), "huibao-bench-")), "huibao.db");

const server = await startNode(
  {
    LARK_APP_ID: "cli_a1b2c3d4e5f60718",
    LARK_APP_SECRET: "bench-secret",
    LARK_VERIFICATION_TOKEN: TOKEN,
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_DOMAIN: larkUrl,
    DATABASE_URL: `file:${dbPath}`,
    PORT: process.env.PORT ?? "0",
  },
  { quiet: true },
);

// Memory at the moment of the highest RSS (sampled every 100 ms), to tell the V8 heap from native memory.
let peak = { rssMb: 0, heapTotalMb: 0, heapUsedMb: 0, externalMb: 0, arrayBuffersMb: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss / 2 ** 20 > peak.rssMb) peak = { rssMb: m.rss / 2 ** 20, heapTotalMb: m.heapTotal / 2 ** 20, heapUsedMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20, arrayBuffersMb: m.arrayBuffers / 2 ** 20 };
}, 100);
sampler.unref();

/**
 * The heap still in use after a full collection, once the load has ended and the server is closed. Peak RSS
 * depends on how far the run got towards V8's next full collection (V8 lets the old generation grow to up to
 * about four times the live heap first); this figure does not, so it is the one that shows memory kept per
 * event. gc is exposed only here, at the end, so the run itself has `npm start`'s flags.
 */
function liveHeapAfterFullGc(): number {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

if (ipc) {
  process.on("message", (m: { type?: string }) => {
    if (m?.type === "cpu") {
      process.send!({ type: "cpu", ...process.cpuUsage() });
      return;
    }
    if (m?.type !== "stop") return;
    void (async () => {
      await server.close();
      await ownLark?.stop();
      const liveHeapMb = liveHeapAfterFullGc();
      if (process.env.BENCH_MEM === "1") console.error("huibao memory at peak RSS (MB):", JSON.stringify({ ...peak, liveHeapMb }, (_k, v: unknown) => (typeof v === "number" ? Math.round(v) : v)));
      process.send!({ type: "stopped", maxRssKb: process.resourceUsage().maxRSS, memoryAtPeak: peak, liveHeapMb });
      process.disconnect();
      setTimeout(() => process.exit(0), 50).unref();
    })();
  });
  process.send!({ type: "ready", port: server.port, path: "/lark/webhook", rssMb: process.memoryUsage.rss() / 2 ** 20 });
} else {
  console.log(`huibao bench server: http://127.0.0.1:${server.port}/lark/webhook (database ${dbPath}, fake Lark ${larkUrl})`);
  const stop = () => void server.close().then(() => ownLark?.stop()).then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
