/**
 * Measures a PDF rendered from a huibao .docx (pdftotext -bbox) against GB/T 9704:
 *   - body lines per page (22 on a full page), characters per line inside the 156 mm text area (≤ 28),
 *   - page numbers "— n —" below the text area: odd pages right (one character in), even pages left.
 * Usage: npx tsx scripts/check-pdf-layout.ts <file.pdf> [--full-page N]... [--label name]
 * Prints the numbers; exits 1 if a check fails.
 */
import { execFileSync } from "node:child_process";

const MM = 72 / 25.4;
const TEXT_LEFT = 28 * MM;
const TEXT_TOP = 37 * MM;
const TEXT_BOTTOM = (37 + 225) * MM;
const ONE_CHAR_4HAO = 14; // pt
const TOL = 3; // pt

interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}
interface Page {
  width: number;
  height: number;
  words: Word[];
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function readPages(pdf: string): Page[] {
  const html = execFileSync("pdftotext", ["-bbox", pdf, "-"], { encoding: "utf8", maxBuffer: 256 << 20 });
  const pages: Page[] = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  for (let m = pageRe.exec(html); m; m = pageRe.exec(html)) {
    const words: Word[] = [];
    const wordRe = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/word>/g;
    for (let w = wordRe.exec(m[3]!); w; w = wordRe.exec(m[3]!)) {
      words.push({ x0: +w[1]!, y0: +w[2]!, x1: +w[3]!, y1: +w[4]!, text: decode(w[5]!) });
    }
    pages.push({ width: +m[1]!, height: +m[2]!, words });
  }
  return pages;
}

/** Groups words into visual lines by their vertical position. */
function visualLines(words: Word[]): Word[][] {
  const sorted = [...words].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  const lines: Word[][] = [];
  for (const w of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last[0]!.y0 - w.y0) < 4) last.push(w);
    else lines.push([w]);
  }
  return lines.map((l) => l.sort((a, b) => a.x0 - b.x0));
}

const width = (s: string) => [...s].reduce((n, ch) => n + (ch.codePointAt(0)! < 0x80 ? 0.5 : 1), 0);

const args = process.argv.slice(2);
const pdf = args[0];
if (!pdf) {
  console.error("usage: check-pdf-layout.ts <file.pdf> [--full-page N]... [--label name]");
  process.exit(2);
}
const fullPages: number[] = [];
let label = pdf;
for (let i = 1; i < args.length; i++) {
  if (args[i] === "--full-page") fullPages.push(Number(args[++i]));
  else if (args[i] === "--label") label = args[++i]!;
}

const pages = readPages(pdf);
const failures: string[] = [];
const fail = (msg: string) => failures.push(msg);
const warnings: string[] = [];
let maxWidthInside = 0;
let hanging = 0;
const linesPerPage: number[] = [];
const pnRows: string[] = [];

pages.forEach((page, idx) => {
  const n = idx + 1;
  const textRight = page.width - 26 * MM;
  const lines = visualLines(page.words);
  const body = lines.filter((l) => l[0]!.y0 >= TEXT_TOP - 30 && l[0]!.y1 <= TEXT_BOTTOM + 2);
  const below = lines.filter((l) => l[0]!.y0 > TEXT_BOTTOM + 2);
  linesPerPage.push(body.length);

  for (const l of body) {
    const inside = l.filter((w) => w.x1 <= textRight + 1.5).map((w) => w.text).join("");
    const outside = l.filter((w) => w.x1 > textRight + 1.5);
    // A word crossing the right edge: count its characters inside by position (hanging punctuation).
    let w = width(inside);
    for (const o of outside) {
      const chars = [...o.text];
      const per = (o.x1 - o.x0) / Math.max(1, width(o.text));
      let x = o.x0;
      for (const ch of chars) {
        const cw = width(ch) * per;
        if (x + cw <= textRight + 1.5) w += width(ch);
        else hanging += 1;
        x += cw;
      }
    }
    maxWidthInside = Math.max(maxWidthInside, w);
    if (w > 28.01) fail(`page ${n}: a line holds ${w} character widths (> 28): ${l.map((x) => x.text).join("")}`);
    if (l[0]!.x0 < TEXT_LEFT - 1.5) fail(`page ${n}: text starts left of the text area at x=${l[0]!.x0}`);
  }
  if (body.length > 22) fail(`page ${n}: ${body.length} lines (> 22)`);
  // GB/T 9704 7.3.5.5: the 署名 and date must not stand alone on a page. Reported, not failed: LibreOffice ignores
  // keep-with-next when the last paragraph exactly fills the page before (Word moves its last lines instead).
  const bodyText = body.map((l) => l.map((w) => w.text).join(""));
  if (body.length <= 2 && bodyText.some((t) => /^\d{4} ?年 ?\d{1,2} ?月 ?\d{1,2} ?日$/.test(t))) {
    warnings.push(`page ${n}: the signature stands alone on the page (7.3.5.5)`);
  }

  const pn = below.find((l) => l.map((w) => w.text).join("").includes("—"));
  if (!pn) {
    fail(`page ${n}: no page number "— n —" below the text area`);
    return;
  }
  const text = pn.map((w) => w.text).join(" ");
  const x0 = pn[0]!.x0;
  const x1 = pn[pn.length - 1]!.x1;
  const gapMm = (pn[0]!.y0 - TEXT_BOTTOM) / MM;
  const digits = /(\d+)/.exec(text)?.[1];
  pnRows.push(`  page ${n}: "${text}" x=${x0.toFixed(1)}–${x1.toFixed(1)} pt, top ${gapMm.toFixed(1)} mm below text area`);
  if (digits !== String(n)) fail(`page ${n}: page number reads "${text}"`);
  if (!/^—\s*\d+\s*—$/.test(text.replace(/\s+/g, " ").trim())) fail(`page ${n}: page number not in "— n —" form: ${text}`);
  if (n % 2 === 1) {
    const want = textRight - ONE_CHAR_4HAO;
    if (Math.abs(x1 - want) > TOL) fail(`page ${n} (odd): page number ends at x=${x1.toFixed(1)}, want ≈${want.toFixed(1)} (right, one character in)`);
  } else {
    const want = TEXT_LEFT + ONE_CHAR_4HAO;
    if (Math.abs(x0 - want) > TOL) fail(`page ${n} (even): page number starts at x=${x0.toFixed(1)}, want ≈${want.toFixed(1)} (left, one character in)`);
  }
});

for (const p of fullPages) {
  const got = linesPerPage[p - 1];
  if (got !== 22) fail(`page ${p} should be a full body page of 22 lines, has ${got}`);
}

const full = linesPerPage.filter((c) => c === 22).length;
console.log(`${label}: ${pages.length} pages`);
console.log(`  lines per page: ${linesPerPage.join(" ")} (22 on ${full} pages)`);
console.log(`  widest line inside the text area: ${maxWidthInside} character widths (limit 28); hanging punctuation marks in the right margin: ${hanging}`);
console.log(`  page numbers:`);
for (const r of pnRows.slice(0, 4)) console.log(r);
if (pnRows.length > 4) console.log(`  … ${pnRows.length - 4} more`);
for (const w of warnings) console.log(`  WARN ${w}`);
if (failures.length) {
  console.log(`FAIL (${failures.length}):`);
  for (const f of failures.slice(0, 20)) console.log(`  ${f}`);
  process.exit(1);
}
console.log("  OK");
