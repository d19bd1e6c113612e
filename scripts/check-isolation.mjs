#!/usr/bin/env node
// Proves that the tests do not depend on each other: runs every test file of the main suite alone
// (`vitest run <file>`), then every test of a chosen set of files alone by its exact full name
// (`vitest run <file> -t "^<describe> <test>$"`), and checks that each run passed exactly the tests it
// was meant to (a name pattern that selects nothing would otherwise "pass"). Prints a summary.
//
//   node scripts/check-isolation.mjs                  files alone, then each test alone in the default set
//   node scripts/check-isolation.mjs --all            each test alone in every file (slow)
//   node scripts/check-isolation.mjs --files-only     only the files alone
//   node scripts/check-isolation.mjs --tests-only test/export test/reminders/reminders.test.ts
//   node scripts/check-isolation.mjs --jobs 1         runs at once (default 2)
//   node scripts/check-isolation.mjs -t 导出          also runs one name pattern over the whole suite
//   node scripts/check-isolation.mjs --worker         also the Workers file (test/worker, wrangler dev) and its tests
//
// The default set for single tests: the files that keep state across tests (beforeAll, or a harness) — where
// one test can lean on what an earlier one left behind. Pure files are still run alone as files.
// Not part of CI (it starts vitest several hundred times); see the report in the commit for its duration.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const VITEST = join(ROOT, "node_modules", ".bin", "vitest");

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
};
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const all = flag("--all");
const filesOnly = flag("--files-only");
const worker = flag("--worker");
const WORKER_CONFIG = "test/worker/vitest.config.ts";
const testsOnly = flag("--tests-only");
const jobs = Math.max(1, Number(option("--jobs") ?? 2));
const patterns = [];
for (let p = option("-t"); p !== undefined; p = option("-t")) patterns.push(p);
const only = args.map((a) => a.replace(/\/+$/, ""));

function walk(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, suffix));
    else if (name.endsWith(suffix)) out.push(relative(ROOT, p));
  }
  return out.sort();
}

const selected = (f) => only.length === 0 || only.some((o) => f === o || f.startsWith(`${o}/`));
const files = walk(join(ROOT, "test"), ".test.ts").filter(selected);
// Workers files run under their own config (npm run test:worker); one at a time, each starts wrangler dev.
if (worker) files.push(...walk(join(ROOT, "test", "worker"), ".worker.ts").filter(selected));
const configOf = (f) => (f.endsWith(".worker.ts") ? ["-c", WORKER_CONFIG] : []);
const keepsState = (f) => /\bbeforeAll\(|startHarness\(|coreFlow\(/.test(readFileSync(join(ROOT, f), "utf8"));
const testFiles = all || only.length > 0 ? files : files.filter(keepsState);

const tmp = mkdtempSync(join(tmpdir(), "huibao-isolation-"));
let seq = 0;

/** One vitest run; resolves with its JSON report (or null) and the tail of its output. */
function vitest(extra) {
  const out = join(tmp, `r${++seq}.json`);
  return new Promise((resolve) => {
    const child = spawn(VITEST, ["run", ...extra, "--reporter=json", `--outputFile=${out}`, "--reporter=dot"], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    const keep = (c) => {
      log = (log + c.toString()).slice(-6000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("close", (code) => {
      let report = null;
      try {
        report = JSON.parse(readFileSync(out, "utf8"));
      } catch {
        report = null;
      }
      resolve({ code, report, log });
    });
  });
}

async function pool(items, f) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await f(items[i], i);
      }
    }),
  );
  return results;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const secs = (ms) => `${(ms / 1000).toFixed(0)} s`;
const failures = [];

function failure(what, r, why) {
  failures.push({ what, why, log: r.log.trim().split("\n").slice(-25).join("\n") });
  process.stdout.write(`  ✗ ${what}: ${why}\n`);
}

/** The tests of a file, by full name (describe blocks and test, joined by " > " as vitest lists them). */
async function listTests(file) {
  const out = join(tmp, `l${++seq}.json`);
  await new Promise((resolve) => {
    const child = spawn(VITEST, ["list", ...configOf(file), file, `--json=${out}`], { cwd: ROOT, stdio: "ignore", env: { ...process.env, NO_COLOR: "1" } });
    child.on("close", resolve);
  });
  try {
    return JSON.parse(readFileSync(out, "utf8")).map((t) => t.name);
  } catch {
    return [];
  }
}

const started = performance.now();
const summary = [];

if (!testsOnly) {
  const t0 = performance.now();
  process.stdout.write(`Each test file alone (${files.length} files, ${jobs} at a time)\n`);
  let ok = 0;
  let tests = 0;
  await pool(files, async (file) => {
    const r = await vitest([...configOf(file), file]);
    const rep = r.report;
    if (r.code !== 0 || !rep || rep.numFailedTests > 0 || rep.numFailedTestSuites > 0) return failure(file, r, `exit ${r.code}, ${rep ? `${rep.numFailedTests} failed` : "no report"}`);
    ok++;
    tests += rep.numPassedTests;
    process.stdout.write(`  ✓ ${file} (${rep.numPassedTests} passed${rep.numPendingTests ? `, ${rep.numPendingTests} skipped` : ""})\n`);
  });
  summary.push(`files alone: ${ok}/${files.length} passed (${tests} tests) in ${secs(performance.now() - t0)}`);
}

if (!filesOnly) {
  const t0 = performance.now();
  const lists = await pool(testFiles, async (file) => ({ file, names: await listTests(file) }));
  const runs = lists.flatMap(({ file, names }) => names.map((name) => ({ file, name })));
  process.stdout.write(`\nEach test alone by its full name (${runs.length} tests in ${testFiles.length} files, ${jobs} at a time)\n`);
  let ok = 0;
  await pool(runs, async ({ file, name }) => {
    // vitest matches -t against "<describe> … <test>" (space-separated); anchored, it selects this test only.
    const pattern = `^${escapeRe(name.split(" > ").join(" "))}$`;
    const r = await vitest([...configOf(file), file, "-t", pattern]);
    const rep = r.report;
    const what = `${file} › ${name}`;
    if (r.code !== 0 || !rep) return failure(what, r, `exit ${r.code}`);
    if (rep.numFailedTests > 0) return failure(what, r, "failed alone");
    if (rep.numPassedTests !== 1) return failure(what, r, `ran ${rep.numPassedTests} tests, expected exactly 1`);
    ok++;
    process.stdout.write(`  ✓ ${what}\n`);
  });
  summary.push(`tests alone: ${ok}/${runs.length} passed (${testFiles.length} files) in ${secs(performance.now() - t0)}`);
}

for (const p of patterns) {
  const t0 = performance.now();
  process.stdout.write(`\nThe whole suite with -t ${JSON.stringify(p)}\n`);
  const r = await vitest(["-t", p]);
  const rep = r.report;
  if (r.code !== 0 || !rep || rep.numFailedTests > 0) failure(`-t ${p}`, r, `exit ${r.code}`);
  else process.stdout.write(`  ✓ ${rep.numPassedTests} passed\n`);
  summary.push(`-t ${JSON.stringify(p)}: ${rep && r.code === 0 && rep.numFailedTests === 0 ? `${rep.numPassedTests} passed` : "FAILED"} in ${secs(performance.now() - t0)}`);
}

rmSync(tmp, { recursive: true, force: true });
process.stdout.write(`\n${failures.length === 0 ? "All isolated runs passed." : `${failures.length} isolated run(s) failed:`}\n`);
for (const f of failures) process.stdout.write(`\n--- ${f.what} (${f.why})\n${f.log}\n`);
process.stdout.write(`\nSummary\n${summary.map((s) => `  ${s}`).join("\n")}\n  total ${secs(performance.now() - started)}\n`);
process.exit(failures.length === 0 ? 0 : 1);
