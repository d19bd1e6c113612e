/**
 * Writes sample reports for the rendering check (scripts/render-check.sh):
 *   <outDir>/sample.docx  the 南岸区 2023 report (test/fixtures/nanan-2023-report.txt) with 主送机关 and a 附件 page
 *   <outDir>/sample.md    the same as Markdown
 *   <outDir>/long.docx    a long report (the 2022 district draft repeated), to time rendering
 * Usage: npx tsx scripts/write-sample-docx.ts [outDir=test-artifacts]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderDocx } from "../src/adapters/document/docx.js";
import { renderMarkdown } from "../src/adapters/document/markdown.js";
import type { DocumentSection } from "../src/domain/report-document.js";
import { splitSeed } from "../test/document/seed-split.js";

const outDir = process.argv[2] ?? "test-artifacts";
mkdirSync(outDir, { recursive: true });

const nanan = splitSeed(readFileSync("test/fixtures/nanan-2023-report.txt", "utf8"), {
  titleLines: 2,
  office: "重庆市南岸区交通局",
  date: "2024-01-15",
  recipient: "区委、区政府",
});
const sample = {
  ...nanan.doc,
  appendix: {
    title: "填报记录",
    rows: [
      ["部分", "填报人", "审核人", "定稿时间"],
      ["一、主要举措和成效", "法规科 张某", "分管副局长 李某", "2024-01-10"],
      ["二、第一责任人职责", "办公室 王某", "局长 赵某", "2024-01-11"],
      ["三、存在的不足", "法规科 张某", "分管副局长 李某", "2024-01-12"],
    ],
  },
};
writeFileSync(join(outDir, "sample.docx"), await renderDocx(sample));
writeFileSync(join(outDir, "sample.md"), renderMarkdown(sample));

const district = splitSeed(readFileSync("test/fixtures/district-2022-draft.txt", "utf8"), {
  titleLines: 0,
  title: "**区交通运输局关于2022年度法治政府建设情况的报告",
  office: "**区交通运输局",
  date: "2023-02-20",
});
const repeat = Number(process.env.LONG_REPEAT ?? 6);
const blocks: DocumentSection[] = [];
for (let i = 0; i < repeat; i++) blocks.push(...district.doc.blocks.filter((b) => i === 0 || b.level > 0));
const long = { ...district.doc, blocks };
const t0 = performance.now();
const bytes = await renderDocx(long);
const ms = performance.now() - t0;
writeFileSync(join(outDir, "long.docx"), bytes);
const chars = blocks.reduce((n, b) => n + b.heading.length + b.text.length, 0);
console.log(`long.docx: ${chars} characters of text, ${bytes.length} bytes, renderDocx ${ms.toFixed(0)} ms`);
console.log(`sample.docx, sample.md written to ${outDir}`);
