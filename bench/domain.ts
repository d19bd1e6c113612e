// Domain benchmark: completeness (evaluateCompleteness, one call per report) and reminder planning
// (planReminders, one call over all reports) for 1 000 … 10 000 reports of 20 sections each, built from
// the real template (fazhi-annual: 14 sections by default + 6 added sub-sections) and real report text.
// Inputs are built before the clock starts; time is the median of several runs; memory is the heap the
// results occupy (measured with --expose-gc) and the process's peak RSS.
//   npm run bench:domain
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chineseDaysHolidayData } from "../src/calendar/chinese-days-data.js";
import { createCalendar, addWorkingDays } from "../src/domain/calendar.js";
import { evaluateCompleteness, summarizeReasons, type CompletenessSectionInput, type ReportCompleteness } from "../src/domain/completeness.js";
import type { OutlineSection, ReportStatus } from "../src/domain/model.js";
import { addSubsection, defaultSettings, resolveOutline } from "../src/domain/outline.js";
import { planReminders, type ReminderReportInput } from "../src/domain/reminders.js";
import { fazhiAnnualTemplate } from "../src/domain/templates/fazhi-annual.js";
import { check, fmt, gc, hasGc, machine, mb, median, root, saveResult, table, type BenchResult } from "./lib.js";
import { writeBenchmarksMd } from "./report.js";

const SIZES = (process.env.BENCH_DOMAIN_SIZES ?? "1000,2000,5000,10000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_DOMAIN_RUNS ?? 5);
/** Stop repeating a measurement once it has used this much time (keeps `npm run bench` under 5 minutes). */
const BUDGET_MS = Number(process.env.BENCH_DOMAIN_BUDGET_MS ?? 4_000);
const TODAY = "2025-03-10"; // a Monday (working day) in a year the bundled holiday data covers
const TIME = "10:00";

// The outline: the template's default outline plus six sub-sections → 20 sections.
let settings = defaultSettings(fazhiAnnualTemplate);
const extra: [string, string][] = [
  ["shortcomings", "法治队伍建设仍需加强"],
  ["shortcomings", "基层执法规范化水平有待提升"],
  ["plan", "持续深化法治政府示范创建"],
  ["plan", "全面提升行政执法质效"],
  ["leader", "党政主要负责人履行第一责任人职责"],
  ["other", "其他需要报告的情况"],
];
extra.forEach(([parent, title], i) => {
  const r = addSubsection(fazhiAnnualTemplate, settings, parent, title, `${parent}.bench${i + 1}`);
  if (!r.ok) throw new Error(`bench: cannot add sub-section: ${r.message}`);
  settings = r.settings;
});
const outline: OutlineSection[] = resolveOutline(fazhiAnnualTemplate, settings);
if (outline.length !== 20) throw new Error(`bench: outline has ${outline.length} sections, expected 20`);

// Real report text, cut into paragraphs, to fill sections.
const paragraphs = ["nanan-2023-report.txt", "district-2022-draft.txt", "2023-workplan.txt"]
  .flatMap((f) => readFileSync(join(root, "test", "fixtures", f), "utf8").split(/\n+/))
  .map((p) => p.trim())
  .filter((p) => p.length >= 40);

/** Text for section j of report i: a mix of empty, short, placeholder-bearing and full sections. */
function textFor(i: number, j: number): string {
  const v = (i * 7 + j * 3) % 10;
  if (v < 2) return ""; // empty
  if (v === 2) return "已开展相关工作。"; // too short
  if (v === 3) return `${paragraphs[((i % 20) + j) % paragraphs.length]}全年共办理行政复议案件***件，XX项制度已修订。`; // placeholders
  if (v === 4) return "无";
  const k = ((i % 20) * 13 + j * 5) % paragraphs.length;
  return [paragraphs[k], paragraphs[(k + 1) % paragraphs.length], paragraphs[(k + 2) % paragraphs.length]].join("\n");
}

function completenessInputs(n: number): CompletenessSectionInput[][] {
  return Array.from({ length: n }, (_, i) =>
    outline.map((section, j) => ({ section, text: textFor(i, j), ownerOpenIds: (i + j) % 5 === 0 ? [] : [`ou_owner_${(i + j) % 8}`, ...((i + j) % 4 === 0 ? [`ou_owner_${(i + j + 1) % 8}`] : [])] })),
  );
}

const calendar = createCalendar(chineseDaysHolidayData());

function reminderInputs(results: ReportCompleteness[]): ReminderReportInput[] {
  return results.map((r, i) => {
    const v = i % 10;
    // Deadlines relative to today: before (5/3/1 working days), on the day, overdue (1–3 working days), and not due.
    const offsets = [5, 3, 1, 0, -1, -2, -3, 2, 4, 7];
    const internal = addWorkingDays(calendar, TODAY, offsets[v]!);
    const status: ReportStatus = v === 9 ? "in_approval" : "collecting";
    return {
      reportId: `rep_${i}`,
      title: `重庆市南岸区第${i}局关于2024年法治政府建设情况的报告`,
      status,
      chatId: `oc_chat_${i}`,
      ownerOpenId: `ou_owner_${i % 8}`,
      deadlines: { internal, submission: addWorkingDays(calendar, internal, 5) },
      sections: r.sections.map((s) => ({ label: s.label, title: s.title, status: s.status, why: summarizeReasons(s), ownerOpenIds: s.ownerOpenIds, required: s.required })),
      snoozes: i % 4 === 0 ? [{ openId: `ou_owner_${i % 8}`, untilDate: TODAY }] : [],
      firstLevelApprovers: ["ou_approver_1"],
      pendingApprovers: status === "in_approval" ? ["ou_approver_1"] : [],
    };
  });
}

const heap = () => process.memoryUsage().heapUsed;

interface Row {
  reports: number;
  sections: number;
  completenessMs: number;
  remindersMs: number;
  reminders: number;
  completenessPer1000: number;
  remindersPer1000: number;
  runs: number;
  inputMb: number;
  resultMb: number;
}

const failures: string[] = [];
if (!hasGc()) console.warn("domain: run with --expose-gc for memory figures (npm run bench:domain does)");

// Warm-up (JIT) on 1 000 reports.
{
  const w = completenessInputs(1000).map((s) => evaluateCompleteness({ sections: s }));
  for (let k = 0; k < 3; k++) planReminders({ today: TODAY, time: TIME, calendar, reports: reminderInputs(w) });
}

const rows: Row[] = [];
let remindersAt1000 = 0;
for (const n of SIZES) {
  gc();
  const h0 = heap();
  const inputs = completenessInputs(n);
  gc();
  const h1 = heap();
  let results: ReportCompleteness[] = [];
  const cTimes: number[] = [];
  for (let r = 0; r < RUNS && (r < 1 || cTimes.reduce((a, b) => a + b, 0) < BUDGET_MS); r++) {
    results = [];
    gc();
    const t0 = performance.now();
    for (const s of inputs) results.push(evaluateCompleteness({ sections: s }));
    cTimes.push(performance.now() - t0);
  }
  gc();
  const h2 = heap();
  const rInputs = reminderInputs(results);
  const rTimes: number[] = [];
  let planned: ReturnType<typeof planReminders> = [];
  for (let r = 0; r < RUNS && (r < 1 || rTimes.reduce((a, b) => a + b, 0) < BUDGET_MS); r++) {
    gc();
    const t0 = performance.now();
    planned = planReminders({ today: TODAY, time: TIME, calendar, reports: rInputs });
    rTimes.push(performance.now() - t0);
  }
  // Correctness: every section evaluated, a plausible status mix, reminders exactly proportional to n
  // (every input pattern repeats with a period dividing 1 000: i mod 8, 10, 20, 40…).
  check(failures, results.length === n && results.every((r) => r.sections.length === 20), `domain n=${n}: completeness returned the wrong number of sections`);
  const complete = results.reduce((a, r) => a + r.requiredComplete, 0);
  check(failures, complete > 0 && complete < results.reduce((a, r) => a + r.requiredTotal, 0), `domain n=${n}: implausible completeness (${complete} complete)`);
  if (n === 1000) remindersAt1000 = planned.length;
  check(failures, planned.length > 0, `domain n=${n}: no reminders planned`);
  if (remindersAt1000 && n % 1000 === 0) check(failures, planned.length === (remindersAt1000 * n) / 1000, `domain n=${n}: ${planned.length} reminders, expected ${(remindersAt1000 * n) / 1000}`);
  const cMs = median(cTimes);
  const rMs = median(rTimes);
  rows.push({
    reports: n,
    sections: n * 20,
    completenessMs: cMs,
    remindersMs: rMs,
    reminders: planned.length,
    completenessPer1000: (cMs / n) * 1000,
    remindersPer1000: (rMs / n) * 1000,
    runs: cTimes.length,
    inputMb: mb(h1 - h0),
    resultMb: mb(h2 - h1),
  });
  console.log(`  ${n} reports: completeness ${fmt(cMs)} ms, reminders ${fmt(rMs)} ms (${planned.length} planned)`);
  results = [];
}
const maxRssMb = process.resourceUsage().maxRSS / 1024;

const t = table(
  ["reports (×20 sections)", "completeness ms", "ms / 1 000 reports", "reminders ms", "ms / 1 000 reports", "reminders planned", "completeness + reminders ms", "input heap MB", "result heap MB"],
  rows.map((r) => [
    r.reports.toLocaleString("en-US"),
    fmt(r.completenessMs),
    fmt(r.completenessPer1000),
    fmt(r.remindersMs),
    fmt(r.remindersPer1000),
    r.reminders.toLocaleString("en-US"),
    fmt(r.completenessMs + r.remindersMs),
    fmt(r.inputMb, 1),
    fmt(r.resultMb, 1),
  ]),
);
const first = rows[0]!;
const last = rows[rows.length - 1]!;
const growthC = last.completenessPer1000 / first.completenessPer1000;
const growthR = last.remindersPer1000 / first.remindersPer1000;
console.log("\n" + t + `\n\npeak RSS ${fmt(maxRssMb, 0)} MB; per-1 000 cost at ${last.reports} vs ${first.reports}: completeness ×${fmt(growthC)}, reminders ×${fmt(growthR)}`);

const totalAtMax = last.completenessMs + last.remindersMs;
const targets: BenchResult["targets"] = [
  { target: `completeness + reminder pass over ${last.reports.toLocaleString("en-US")} reports < 1 s`, measured: `${fmt(totalAtMax)} ms (completeness ${fmt(last.completenessMs)} + reminders ${fmt(last.remindersMs)})`, met: totalAtMax < 1000 },
  { target: "linear growth (ms per 1 000 reports flat within ±50 %)", measured: `×${fmt(growthC)} completeness, ×${fmt(growthR)} reminders from ${first.reports.toLocaleString("en-US")} to ${last.reports.toLocaleString("en-US")}`, met: growthC < 1.5 && growthR < 1.5 },
];
const markdown = [
  `Each report has the 20-section outline of the 法治政府建设 annual template (14 default sections + 6 added sub-sections), text cut from the real reports in test/fixtures (a mix of empty, too short, with placeholders such as ***件/XX, “无”, and full sections), 1–2 owners on most sections. ` +
    `Reminders: one \`planReminders\` call over all reports on ${TODAY} at ${TIME}, deadlines spread from 7 working days ahead to 3 overdue, some snoozes, some reports in approval; sections' status and reasons come from the completeness results. ` +
    `Median of up to ${RUNS} runs (fewer when one run is slow: ${rows.map((r) => r.runs).join("/")}) after a warm-up; inputs built before timing. Heap figures: retained size of the inputs and of the completeness results (after GC).`,
  "",
  t,
  "",
  `Peak RSS of the benchmark process: ${fmt(maxRssMb, 0)} MB. Cost per 1 000 reports at ${last.reports.toLocaleString("en-US")} vs ${first.reports.toLocaleString("en-US")}: completeness ×${fmt(growthC)}, reminders ×${fmt(growthR)} (1.00 = perfectly linear).`,
].join("\n");

const result: BenchResult = { name: "domain", machine: machine(), ok: failures.length === 0, markdown, targets, failures, data: { rows, maxRssMb, RUNS } };
saveResult(result);
writeBenchmarksMd();
for (const x of targets) console.log(`${x.met ? "✔" : "✘"} ${x.target}: ${x.measured}`);
if (failures.length) process.exit(1);
