// Assembly benchmark: a 60-page report (≈ 40 000 characters: preamble, 5 parts 一、, 6 sub-sections （一） each,
// numbered items 1. and （1） inside, text from the real reports in test/fixtures) rendered to .docx
// (renderDocx) and Markdown (renderMarkdown), warm, in-process: median of 20 after warm-up, with heap
// allocated per render and peak RSS. Reference: pandoc converting the same content (our Markdown) to .docx
// as a whole process, median of 5. Checks: the .docx unzips, and its paragraphs are exactly the laid-out
// paragraphs (layoutReport + blockLines), which contain every source paragraph.
//   npm run bench:assembly
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { blockLines, layoutReport } from "../src/adapters/document/assemble.js";
import { renderDocx } from "../src/adapters/document/docx.js";
import { renderMarkdown } from "../src/adapters/document/markdown.js";
import type { DocumentSection, ReportDocument } from "../src/domain/report-document.js";
import { check, fmt, gc, machine, mb, median, root, saveResult, table, type BenchResult } from "./lib.js";
import { writeBenchmarksMd } from "./report.js";

/** Date and load when this benchmark starts, before its own work raises the load average. */
const atStart = machine();

const RUNS = Number(process.env.BENCH_ASSEMBLY_RUNS ?? 20);
const PANDOC_RUNS = Number(process.env.BENCH_PANDOC_RUNS ?? 5);
const TARGET_CHARS = 40_000;

// Body paragraphs from the real reports: no headings, no short lines.
const HEADING = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,3}[.．、]|[（(]\d{1,3}[）)])/;
const pool = ["nanan-2023-report.txt", "district-2022-draft.txt", "2023-workplan.txt"]
  .flatMap((f) => readFileSync(join(root, "test", "fixtures", f), "utf8").split(/\n+/))
  .map((p) => p.trim())
  .filter((p) => p.length >= 60 && !HEADING.test(p));

const PARTS = ["2024年推进法治政府建设的主要举措和成效", "2024年推进法治政府建设存在的不足和原因", "党政主要负责人履行推进法治建设第一责任人职责情况", "2025年推进法治政府建设的主要安排", "其他需要报告的情况"];
const SUBS = ["强化组织领导", "深化放管服改革", "健全依法决策机制", "严格规范公正文明执法", "强化行政权力制约和监督", "加强法治宣传教育"];
const CN = "一二三四五六七八九十";

function buildReport(): { doc: ReportDocument; sourceParagraphs: string[]; chars: number } {
  const blocks: DocumentSection[] = [];
  const source: string[] = [];
  let k = 0;
  let chars = 0;
  const para = () => {
    const p = pool[k++ % pool.length]!;
    // Vary repeated paragraphs a little so that the document is not the same paragraph over and over.
    const v = k >= pool.length ? `${p.replace(/。$/, "")}，第${Math.floor(k / pool.length) + 1}轮持续推进。` : p;
    source.push(v);
    chars += v.length;
    return v;
  };
  const preamble = `南岸区交通局以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神和习近平法治思想，扎实推进法治政府建设。现将我局2024年法治政府建设工作情况报告如下：`;
  blocks.push({ level: 0, heading: "", text: preamble, required: true });
  source.push(preamble);
  chars += preamble.length;
  const subs = PARTS.length * SUBS.length;
  for (let p = 0; p < PARTS.length; p++) {
    blocks.push({ level: 1, heading: `${CN[p]}、${PARTS[p]}`, text: "", required: true });
    source.push(`${CN[p]}、${PARTS[p]}`);
    for (let s = 0; s < SUBS.length; s++) {
      // Spread the remaining characters evenly over the remaining sub-sections.
      const budget = (TARGET_CHARS - chars) / (subs - (p * SUBS.length + s));
      const start = chars;
      const lines: string[] = [];
      for (let item = 1; item === 1 || chars - start < budget; item++) {
        const h = `${item}.${SUBS[(s + item) % SUBS.length]}工作扎实推进`;
        lines.push(h);
        source.push(h);
        chars += h.length;
        lines.push(para());
        if (item === 2 && chars - start < budget) {
          for (let sub = 1; sub <= 2; sub++) {
            const h4 = `（${sub}）${SUBS[(s + sub + 2) % SUBS.length]}方面`;
            lines.push(h4);
            source.push(h4);
            chars += h4.length;
            lines.push(para());
          }
        }
      }
      blocks.push({ level: 2, heading: `（${CN[s]}）${SUBS[s]}`, text: lines.join("\n"), required: true });
      source.push(`（${CN[s]}）${SUBS[s]}`);
    }
  }
  return {
    doc: { title: "重庆市南岸区交通局关于2024年法治政府建设情况的报告", recipient: "区委、区政府", office: "重庆市南岸区交通局", date: "2025-02-20", blocks },
    sourceParagraphs: source,
    chars: blocks.reduce((a, b) => a + b.heading.length + b.text.replace(/\s/g, "").length, 0),
  };
}

const decodeXml = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** The text of every paragraph in word/document.xml, in order. */
function docxParagraphs(bytes: Uint8Array): string[] {
  const files = unzipSync(bytes);
  const xml = files["word/document.xml"];
  if (!xml) throw new Error("no word/document.xml in the .docx");
  const body = strFromU8(xml);
  const out: string[] = [];
  for (const m of body.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)) {
    let t = "";
    for (const r of m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)) t += r[1] !== undefined ? decodeXml(r[1]) : "\t";
    out.push(t);
  }
  return out;
}

async function timed<T>(runs: number, fn: () => Promise<T> | T): Promise<{ ms: number[]; allocMb: number[]; last: T }> {
  const ms: number[] = [];
  const allocMb: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    last = await fn();
    ms.push(performance.now() - t0);
    allocMb.push(mb(process.memoryUsage().heapUsed - h0));
  }
  return { ms, allocMb, last };
}

const failures: string[] = [];
const { doc, sourceParagraphs, chars } = buildReport();
console.log(`assembly: ${doc.blocks.length} sections, ${chars.toLocaleString("en-US")} characters (no whitespace), ${sourceParagraphs.length} source paragraphs`);

// Warm-up.
for (let i = 0; i < 5; i++) {
  await renderDocx(doc);
  renderMarkdown(doc);
}
const docx = await timed(RUNS, () => renderDocx(doc));
const md = await timed(RUNS, () => renderMarkdown(doc));
const layout = await timed(RUNS, () => layoutReport(doc));
const maxRssMb = process.resourceUsage().maxRSS / 1024;

// Correctness: the .docx holds exactly the laid-out paragraphs, which hold every source paragraph.
const expected = layoutReport(doc).flatMap(blockLines).filter((l) => l.trim() !== "");
let got: string[] = [];
try {
  got = docxParagraphs(docx.last).filter((l) => l.trim() !== "");
} catch (e) {
  check(failures, false, `assembly: the .docx does not unzip: ${e instanceof Error ? e.message : String(e)}`);
}
check(failures, got.length === expected.length, `assembly: the .docx has ${got.length} non-empty paragraphs, layout has ${expected.length}`);
const mismatch = expected.findIndex((l, i) => got[i] !== l);
check(failures, mismatch === -1, `assembly: .docx paragraph ${mismatch} differs: ${JSON.stringify(got[mismatch]?.slice(0, 40))} vs ${JSON.stringify(expected[mismatch]?.slice(0, 40))}`);
const printed = expected.join("\n");
const missing = sourceParagraphs.filter((p) => !printed.includes(p));
check(failures, missing.length === 0, `assembly: ${missing.length} source paragraphs missing from the layout, e.g. ${JSON.stringify(missing[0]?.slice(0, 40))}`);
const markdown = md.last;
const mdMissing = sourceParagraphs.filter((p) => !markdown.replace(/\\/g, "").includes(p.replace(/\\/g, "")));
check(failures, mdMissing.length === 0, `assembly: ${mdMissing.length} source paragraphs missing from the Markdown, e.g. ${JSON.stringify(mdMissing[0]?.slice(0, 40))}`);
const pages = chars / (22 * 28); // GB/T 9704: 22 lines × 28 characters per page

// pandoc, as a process, on our Markdown.
let pandoc: { version: string; ms: number[]; bytes: number; paragraphs: number } | null = null;
const dir = mkdtempSync(join(tmpdir(), "huibao-bench-pandoc-"));
try {
  const v = spawnSync("pandoc", ["--version"], { encoding: "utf8" });
  if (v.status === 0) {
    const inPath = join(dir, "report.md");
    const outPath = join(dir, "report.docx");
    writeFileSync(inPath, markdown);
    const ms: number[] = [];
    for (let i = 0; i < PANDOC_RUNS + 1; i++) {
      const t0 = performance.now();
      const r = spawnSync("pandoc", ["-f", "markdown", "-t", "docx", "-o", outPath, inPath], { encoding: "utf8" });
      const t = performance.now() - t0;
      if (r.status !== 0) throw new Error(`pandoc failed: ${r.stderr}`);
      if (i > 0) ms.push(t); // the first run warms the page cache
    }
    const out = readFileSync(outPath);
    pandoc = { version: v.stdout.split("\n")[0]!, ms, bytes: out.length, paragraphs: docxParagraphs(out).filter((l) => l.trim() !== "").length };
  }
} catch (e) {
  console.warn(`pandoc: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const rows: (string | number)[][] = [
  ["huibao renderDocx → .docx (in-process, warm)", fmt(median(docx.ms)), fmt(Math.min(...docx.ms)), fmt(Math.max(...docx.ms)), fmt(median(docx.allocMb), 1), `${fmt(docx.last.length / 1024, 0)} KB`],
  ["huibao renderMarkdown → .md (in-process, warm)", fmt(median(md.ms)), fmt(Math.min(...md.ms)), fmt(Math.max(...md.ms)), fmt(median(md.allocMb), 1), `${fmt(Buffer.byteLength(markdown) / 1024, 0)} KB`],
  ["  of which layoutReport (shared by both)", fmt(median(layout.ms)), fmt(Math.min(...layout.ms)), fmt(Math.max(...layout.ms)), fmt(median(layout.allocMb), 1), "–"],
  pandoc
    ? [`${pandoc.version}: .md → .docx (whole process)`, fmt(median(pandoc.ms)), fmt(Math.min(...pandoc.ms)), fmt(Math.max(...pandoc.ms)), "–", `${fmt(pandoc.bytes / 1024, 0)} KB`]
    : ["pandoc: not installed (Debian: apt-get install pandoc)", "–", "–", "–", "–", "–"],
];
const t = table(["renderer", "median ms", "min ms", "max ms", "heap growth per render MB", "output"], rows);
console.log("\n" + t + `\n\npeak RSS ${fmt(maxRssMb, 0)} MB; ${got.length} paragraphs in the .docx (layout: ${expected.length}); ≈ ${fmt(pages, 0)} pages`);

const dMs = median(docx.ms);
const targets: BenchResult["targets"] = [
  { target: "60-page .docx < 50 ms warm", measured: `${fmt(dMs)} ms (median of ${RUNS})`, met: dMs < 50 },
  { target: "(reference) pandoc .md → .docx ≈ 150 ms as a process", measured: pandoc ? `${fmt(median(pandoc.ms))} ms (median of ${PANDOC_RUNS}); huibao is ${fmt(median(pandoc.ms) / dMs, 1)}× faster` : "pandoc not installed", met: null },
];
const mdOut = [
  `The report: title, 主送机关, a preamble, 5 parts (一、) × 6 sub-sections (（一）), each with numbered items (1. 2. 3.) and sub-items ((1) (2)) and body paragraphs cut from the real reports in test/fixtures — ${chars.toLocaleString("en-US")} characters without whitespace, ≈ ${fmt(pages, 0)} pages at GB/T 9704's 22 lines × 28 characters. ` +
    `In-process figures are the median of ${RUNS} renders after 5 warm-up renders; “heap growth” is heapUsed after minus before one render (after a forced GC; garbage included). pandoc converts huibao's own Markdown of the same report, whole process (start-up included), median of ${PANDOC_RUNS} after one unmeasured run.`,
  "",
  t,
  "",
  `Peak RSS of the benchmark process: ${fmt(maxRssMb, 0)} MB. Checks: the .docx unzips; its ${got.length} non-empty paragraphs equal the laid-out paragraphs one for one (layoutReport + blockLines); all ${sourceParagraphs.length} source paragraphs and headings appear in both the .docx and the Markdown.` +
    (pandoc ? ` pandoc's .docx has ${pandoc.paragraphs} non-empty paragraphs (it prints Markdown headings as headings and keeps our escaped numbering).` : ""),
].join("\n");

const result: BenchResult = { name: "assembly", machine: atStart, ok: failures.length === 0, markdown: mdOut, targets, failures, data: { chars, pages, docx: docx.ms, md: md.ms, layout: layout.ms, pandoc, maxRssMb, paragraphs: got.length } };
saveResult(result);
writeBenchmarksMd();
for (const x of targets) console.log(`${x.met === null ? " " : x.met ? "✔" : "✘"} ${x.target}: ${x.measured}`);
if (failures.length) process.exit(1);
