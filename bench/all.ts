// `npm run bench`: the four benchmarks, each in its own process (clean heap and RSS figures), then
// BENCHMARKS.md and a summary of the targets. Exits non-zero when any correctness check failed.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { benchDir, loadResult, root, table } from "./lib.js";
import { writeBenchmarksMd } from "./report.js";

const started = performance.now();
const names = ["cards", "domain", "assembly", "ingress"] as const;
const failed: string[] = [];
for (const name of names) {
  console.log(`\n=== ${name} ===`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", join(benchDir, `${name}.ts`)], { cwd: root, stdio: "inherit" });
  console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  if (r.status !== 0) failed.push(name);
}
writeBenchmarksMd();
const rows = names.flatMap((n) => (loadResult(n)?.targets ?? []).map((t) => [n, t.target, t.measured, t.met === null ? "–" : t.met ? "yes" : "NO"]));
console.log("\n" + table(["benchmark", "target", "measured", "met"], rows));
console.log(`\nBENCHMARKS.md written; total ${((performance.now() - started) / 1000).toFixed(0)} s.`);
if (failed.length) {
  console.error(`correctness checks failed in: ${failed.join(", ")}`);
  process.exit(1);
}
