// Card benchmark: the overview card for the largest realistic report (preamble + 5 parts × 12 sub-sections,
// owners and warnings on every section: test/cards/fixtures.ts largestOverview) — build time (overviewCard
// plus JSON.stringify, as sent), JSON size and component count, checked against Lark's Card JSON 2.0 limits
// with the structural validator the card tests use (test/cards/card-rules.ts).
//   npm run bench:cards
import { overviewCard } from "../cards/overview.card.js";
import { inspectCard, MAX_BYTES, MAX_COMPONENTS } from "../test/cards/card-rules.js";
import { largestOverview, smallOverview } from "../test/cards/fixtures.js";
import { check, fmt, gc, machine, mb, median, saveResult, table, type BenchResult } from "./lib.js";
import { writeBenchmarksMd } from "./report.js";

/** Date and load when this benchmark starts, before its own work raises the load average. */
const atStart = machine();

/** Time per measuring round; the number of builds per round is calibrated from it. */
const ROUND_MS = Number(process.env.BENCH_CARDS_ROUND_MS ?? 300);
const failures: string[] = [];

function measure(label: string, props: ReturnType<typeof largestOverview>) {
  const w0 = performance.now();
  let warm = 0;
  while (warm < 50 || performance.now() - w0 < ROUND_MS) {
    JSON.stringify(overviewCard(props)); // warm-up and calibration
    warm++;
  }
  const N = Math.max(20, Math.round((warm * ROUND_MS) / (performance.now() - w0)));
  const build: number[] = [];
  const withJson: number[] = [];
  for (let round = 0; round < 5; round++) {
    let t0 = performance.now();
    for (let i = 0; i < N; i++) overviewCard(props);
    build.push(((performance.now() - t0) * 1000) / N);
    t0 = performance.now();
    for (let i = 0; i < N; i++) JSON.stringify(overviewCard(props));
    withJson.push(((performance.now() - t0) * 1000) / N);
  }
  gc();
  const h0 = process.memoryUsage().heapUsed;
  const keep = Array.from({ length: 100 }, () => overviewCard(props));
  gc();
  const retainedKb = (mb(process.memoryUsage().heapUsed - h0) * 1024) / keep.length;
  const card = overviewCard(props);
  const report = inspectCard(card);
  check(failures, report.violations.length === 0, `cards (${label}): ${report.violations.length} Card 2.0 violations, e.g. ${report.violations[0]}`);
  const sections = (props.preamble ? 1 : 0) + props.parts.reduce((a, p) => a + 1 + (p.children?.length ?? 0), 0);
  return { label, n: N, sections, buildUs: median(build), jsonUs: median(withJson), bytes: report.bytes, components: report.components, depth: report.depth, retainedKb };
}

const rows = [measure("largest: preamble + 5 parts × 12 sub-sections", largestOverview()), measure("small (for scale)", smallOverview())];
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const t = table(
  ["overview card", "sections", "build µs", "build + JSON.stringify µs", "JSON bytes", `limit ${MAX_BYTES / 1024} KB`, "components", `limit ${MAX_COMPONENTS}`, "depth", "heap per card KB"],
  rows.map((r) => [r.label, r.sections, fmt(r.buildUs, 1), fmt(r.jsonUs, 1), r.bytes.toLocaleString("en-US"), `${fmt((r.bytes / MAX_BYTES) * 100, 0)} %`, r.components, `${fmt((r.components / MAX_COMPONENTS) * 100, 0)} %`, r.depth, fmt(r.retainedKb, 1)]),
);
console.log("\n" + t + `\n\npeak RSS ${fmt(maxRssMb, 0)} MB`);
const big = rows[0]!;
const targets: BenchResult["targets"] = [
  { target: "largest overview card fits Lark's limits (30 KB, 200 components)", measured: `${big.bytes.toLocaleString("en-US")} bytes, ${big.components} components`, met: big.bytes <= MAX_BYTES && big.components <= MAX_COMPONENTS },
  { target: "(no target) build time of the largest overview card", measured: `${fmt(big.jsonUs, 1)} µs including JSON.stringify`, met: null },
];
const markdown = [
  `Median of 5 rounds of ${rows.map((r) => r.n.toLocaleString("en-US")).join(" / ")} builds (about ${ROUND_MS} ms each) after ${ROUND_MS} ms of warm-up builds. “Build + JSON.stringify” is what sending or patching the card costs in CPU. Sizes and component counts come from the Card JSON 2.0 validator the card tests use (test/cards/card-rules.ts), which also checks the card has no structural violations; the limits are the ones that validator enforces.`,
  "",
  t,
].join("\n");
const result: BenchResult = { name: "cards", machine: atStart, ok: failures.length === 0, markdown, targets, failures, data: { rows, maxRssMb } };
saveResult(result);
writeBenchmarksMd();
for (const x of targets) console.log(`${x.met === null ? " " : x.met ? "✔" : "✘"} ${x.target}: ${x.measured}`);
if (failures.length) process.exit(1);
