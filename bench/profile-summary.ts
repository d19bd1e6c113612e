// Summarises a V8 .cpuprofile (from BENCH_PROFILE=1 npm run bench:ingress): self time by function and by
// package/file, and total (inclusive) time of the functions that matter for ingress.
//   npx tsx bench/profile-summary.ts bench/profiles/huibao-*.cpuprofile [topN]
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const file = process.argv[2];
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [topN]");
const top = Number(process.argv[3] ?? 30);
const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<number, number>();
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
const totalUs = [...self.values()].reduce((a, b) => a + b, 0);

const where = (url: string) => {
  if (!url) return "(native/vm)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return url;
  return url.replace(/^file:\/\/.*?\/(src|test|bench|cards)\//, "$1/");
};
const label = (n: Node) => `${n.callFrame.functionName || "(anonymous)"} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const agg = (key: (n: Node) => string) => {
  const m = new Map<string, number>();
  for (const [id, us] of self) {
    const k = key(byId.get(id)!);
    m.set(k, (m.get(k) ?? 0) + us);
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1]);
};
const pct = (us: number) => `${((us / totalUs) * 100).toFixed(1).padStart(5)} %`;

console.log(`profile: ${(totalUs / 1e6).toFixed(2)} s sampled`);
console.log("\nself time by package / file:");
for (const [k, us] of agg((n) => where(n.callFrame.url)).slice(0, top)) console.log(`${pct(us)}  ${k}`);
console.log("\nself time by function:");
for (const [k, us] of agg(label).slice(0, top)) console.log(`${pct(us)}  ${k}`);

// Inclusive time: a sample counts once for every distinct function on its stack.
const inclusive = new Map<string, number>();
for (const [id, us] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    const k = label(n);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}
console.log("\ninclusive time (our code and the adapters):");
for (const [k, us] of [...inclusive.entries()].filter(([k]) => /src\/|adapter-better|client-runtime|better-sqlite3|hono|node-server/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
