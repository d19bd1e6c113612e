// Dependencies point one way, and code outside the Node entry uses no Node-only API, so the same
// modules run on Cloudflare Workers.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
const importsOf = (src: string) => [...src.matchAll(/(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]!);

const NODE_ONLY = /^(node:|fs$|fs\/|path$|os$|crypto$|child_process$|http$|https$|net$|stream$|buffer$|url$|util$|better-sqlite3$|@hono\/node-server)/;

describe("layering", () => {
  const layers = ["src/domain", "src/app", "src/http", "cards"];
  for (const layer of layers) {
    it(`${layer} imports no Node-only module and uses no Buffer or process`, () => {
      const offenders: string[] = [];
      for (const f of files(join(root, layer))) {
        const src = stripComments(readFileSync(f, "utf8"));
        for (const spec of importsOf(src)) if (NODE_ONLY.test(spec)) offenders.push(`${relative(root, f)} imports ${spec}`);
        if (/\bBuffer\b/.test(src)) offenders.push(`${relative(root, f)} uses Buffer`);
        if (/\bprocess\s*\./.test(src)) offenders.push(`${relative(root, f)} uses process`);
        if (/\brequire\s*\(/.test(src)) offenders.push(`${relative(root, f)} uses require`);
      }
      expect(offenders).toEqual([]);
    });
  }

  it("the domain knows nothing of Hono, Prisma, the Lark SDK, the documents, the clock or the environment", () => {
    const offenders: string[] = [];
    for (const f of files(join(root, "src/domain"))) {
      const src = stripComments(readFileSync(f, "utf8"));
      for (const spec of importsOf(src)) {
        if (/^(hono|@hono|@prisma|@larksuiteoapi|dayjs|chinese-days|docx)/.test(spec) || /\.\.\/(app|http|storage|lark|generated|document)\//.test(spec)) {
          offenders.push(`${relative(root, f)} imports ${spec}`);
        }
      }
      if (/new Date\(\s*\)|Date\.now\(\)/.test(src)) offenders.push(`${relative(root, f)} reads the clock`);
      if (/\benv\b\s*\[|import\.meta\.env/.test(src)) offenders.push(`${relative(root, f)} reads the environment`);
    }
    expect(offenders).toEqual([]);
  });

  it("the app layer reaches storage and Lark only through its ports (no Prisma or SDK imports)", () => {
    const offenders: string[] = [];
    for (const f of files(join(root, "src/app"))) {
      const src = stripComments(readFileSync(f, "utf8"));
      for (const spec of importsOf(src)) {
        if (/^(@prisma|@larksuiteoapi|hono)/.test(spec) || /generated\/prisma/.test(spec)) offenders.push(`${relative(root, f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("cards are pure views: they import nothing from the app, storage or Lark", () => {
    const offenders: string[] = [];
    for (const f of files(join(root, "cards"))) {
      const src = stripComments(readFileSync(f, "utf8"));
      for (const spec of importsOf(src)) if (/src\/(app|storage|lark|http)|^@prisma|^@larksuiteoapi|^hono/.test(spec)) offenders.push(`${relative(root, f)} imports ${spec}`);
    }
    expect(offenders).toEqual([]);
  });
});
