// `npm run lint` keeps the layers honest: dependency-cruiser (.dependency-cruiser.cjs) checks the direction of
// every import and that nothing goes round in a cycle; Biome (biome.json) keeps Node's globals out of the code
// that also runs on Workers. Each rule is shown to fire: a copy of src/ and cards/ gets wrong imports planted,
// the same commands `npm run lint` runs are run on the copy, and they must name exactly the planted files with
// the expected rules — so the real tree, copied alongside, must be clean as well.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sourceFiles } from "../helpers/source-files.js";

const root = join(import.meta.dirname, "..", "..");

/** Files planted in the copy, each with the rules it must break (none: a Node-only file may do this). */
const PLANTS: Record<string, { source: string; rules: string[] }> = {
  // Direction
  "src/domain/zz-probe-up.ts": {
    source: `import type { AppDeps } from "../app/runtime/context.js";\nexport type Probe = AppDeps;\n`,
    rules: ["domain-is-innermost"],
  },
  "src/app/zz-probe-adapter.ts": {
    source: `import { createWebhook } from "../adapters/http/webhook.js";\nexport const probe = createWebhook;\n`,
    rules: ["app-does-not-know-adapters"],
  },
  "src/app/zz-probe-root.ts": {
    source: `import type { Huibao } from "../compose.js";\nexport type Probe = Huibao;\n`,
    rules: ["app-does-not-know-adapters"],
  },
  "src/adapters/http/zz-probe-root.ts": {
    source: `import type { Runtime } from "../../compose.js";\nexport type Probe = Runtime;\n`,
    rules: ["adapters-do-not-know-runtimes"],
  },
  "cards/zz-probe.card.ts": {
    source: `import type { Clock } from "../src/app/ports/platform.js";\nexport type Probe = Clock;\n`,
    rules: ["cards-are-views"],
  },
  "src/adapters/lark/zz-probe-http.ts": {
    source: `import { MAX_BODY_BYTES } from "../http/lark-envelope.js";\nexport const probe = MAX_BODY_BYTES;\n`,
    rules: ["lark-below-http"],
  },
  "src/adapters/prisma/zz-probe-usecase.ts": {
    source: `import type { ReminderPassResult } from "../../app/features/reminders/reminders.js";\nexport type Probe = ReminderPassResult;\n`,
    rules: ["storage-implements-ports"],
  },
  "src/app/ports/zz-probe-feature.ts": {
    source: `import type { ReportView } from "../features/overview/report-view.js";\nexport type Probe = ReportView;\n`,
    rules: ["features-meet-through-the-runtime"],
  },
  "src/runtimes/worker/zz-probe-console.ts": {
    source: `import { renderPage } from "../node/console/page.js";\nexport const probe = renderPage;\n`,
    rules: ["console-only-from-node"],
  },
  "src/runtimes/worker/zz-probe-fs.ts": {
    source: `import { readFileSync } from "node:fs";\nexport const probe = readFileSync;\n`,
    rules: ["worker-core-modules"],
  },
  // Cycles, type-only ones included
  "src/domain/zz-probe-cycle-a.ts": {
    source: `import type { B } from "./zz-probe-cycle-b.js";\nexport interface A { b?: B }\n`,
    rules: ["no-circular"],
  },
  "src/domain/zz-probe-cycle-b.ts": {
    source: `import type { A } from "./zz-probe-cycle-a.js";\nexport interface B { a?: A }\n`,
    rules: [], // the cycle is reported once, at its first module (checked below)
  },
  // Node and frameworks
  "src/domain/zz-probe-node.ts": {
    source: `import { createHash } from "node:crypto";\nexport const probe = createHash;\n`,
    rules: ["node-core-only-in-node-files"],
  },
  "src/app/zz-probe-fs.ts": {
    source: `import { readFileSync } from "node:fs";\nexport const probe = readFileSync;\n`,
    rules: ["node-core-only-in-node-files"],
  },
  "src/domain/zz-probe-hono.ts": {
    source: `import type { Hono } from "hono";\nexport type Probe = Hono;\n`,
    rules: ["domain-uses-no-libraries", "pure-layers-use-no-frameworks"],
  },
  "cards/zz-probe-prisma.ts": {
    source: `import type { PrismaClient } from "@prisma/client";\nexport type Probe = PrismaClient;\n`,
    rules: ["pure-layers-use-no-frameworks"],
  },
  "src/adapters/http/zz-probe-sqlite.ts": {
    source: `import Database from "better-sqlite3";\nexport const probe = Database;\n`,
    rules: ["node-packages-only-in-node-files"],
  },
  // A Node-only file may use Node (imports here, Buffer in the globals check below).
  "src/runtimes/node/zz-probe-sqlite.ts": {
    source: `import { Worker } from "node:worker_threads";\nimport Database from "better-sqlite3";\nexport const probe = [Worker, Database, Buffer.from("ok")];\n`,
    rules: [],
  },
  // Globals (Biome): refused outside the Node-only files, by name (a local `process` is not Node's).
  "src/domain/zz-probe-globals.ts": {
    source: [
      `export const a = Buffer.from("x");`,
      `export const b = process.env.HOME;`,
      `export const c = __dirname;`,
      `export const d = typeof require;`,
      `export const e = (p: { process: number }) => { const process = p.process; return process; };`,
      "",
    ].join("\n"),
    rules: [],
  },
};

let copy: string;
type Violation = { from: string; to: string; rule: { name: string }; cycle?: { name: string }[] };
let violations: Violation[];
let dependencyViolations: Map<string, string[]>;
let globalsFound: Map<string, string[]>;

/** Runs a Node script; its stdout. A run that printed nothing failed to start: its stderr says why. */
function run(cmd: string[], cwd: string): string {
  const r = spawnSync(process.execPath, cmd, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0 && !r.stdout.trim()) throw new Error(`${cmd[0]} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return r.stdout;
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), "huibao-lint-"));
  for (const p of ["src", "cards"]) cpSync(join(root, p), join(copy, p), { recursive: true });
  for (const f of ["package.json", "tsconfig.json", ".dependency-cruiser.cjs", "biome.json"]) cpSync(join(root, f), join(copy, f));
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
  for (const [file, plant] of Object.entries(PLANTS)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    writeFileSync(join(copy, file), plant.source);
  }

  // The commands of `npm run lint:deps` and `npm run lint:globals`, on the copy.
  run([join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"), "src", "cards", "-T", "json", "-f", "cruise.json"], copy);
  const cruise = JSON.parse(readFileSync(join(copy, "cruise.json"), "utf8")) as { summary: { violations: Violation[] } };
  violations = cruise.summary.violations;
  dependencyViolations = new Map();
  for (const v of violations) {
    const rules = dependencyViolations.get(v.from) ?? [];
    if (!rules.includes(v.rule.name)) rules.push(v.rule.name);
    dependencyViolations.set(v.from, rules.sort());
  }

  const biome = JSON.parse(run([join(root, "node_modules/@biomejs/biome/bin/biome"), "lint", "--reporter=json", "--max-diagnostics=none"], copy)) as {
    diagnostics: { category: string; message: string; location: { path: string } }[];
  };
  globalsFound = new Map();
  for (const d of biome.diagnostics) {
    const name = /global variable (\S+?)\.?$/.exec(d.message)?.[1] ?? d.message;
    globalsFound.set(d.location.path, [...(globalsFound.get(d.location.path) ?? []), `${d.category}: ${name}`]);
  }
}, 120_000);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe("lint: the direction of dependencies (dependency-cruiser)", () => {
  for (const [file, plant] of Object.entries(PLANTS)) {
    if (plant.rules.length === 0) continue;
    it(`${file} is refused by ${plant.rules.join(" and ")}`, () => {
      expect(dependencyViolations.get(file) ?? []).toEqual(plant.rules);
    });
  }

  it("a cycle is refused, type-only imports included", () => {
    const cycles = violations.filter((v) => v.rule.name === "no-circular");
    expect(cycles.map((v) => v.cycle?.map((m) => m.name))).toEqual([["src/domain/zz-probe-cycle-b.ts", "src/domain/zz-probe-cycle-a.ts"]]);
  });

  it("a Node-only file may import Node's modules and the SQLite driver", () => {
    expect(dependencyViolations.get("src/runtimes/node/zz-probe-sqlite.ts")).toBeUndefined();
  });

  it("the real tree breaks no rule: only the planted files are named", () => {
    const others = [...dependencyViolations.keys()].filter((f) => !(f in PLANTS));
    expect(others).toEqual([]);
  });
});

describe("lint: Node's globals stay in the Node-only files (Biome)", () => {
  it("Buffer, process, __dirname and require are refused in the domain; a local named `process` is not", () => {
    expect(globalsFound.get("src/domain/zz-probe-globals.ts")).toEqual([
      "lint/style/noRestrictedGlobals: Buffer",
      "lint/style/noRestrictedGlobals: process",
      "lint/style/noRestrictedGlobals: __dirname",
      "lint/style/noRestrictedGlobals: require",
    ]);
  });

  it("the real tree and the Node-only files are clean: only the planted file is named", () => {
    expect([...globalsFound.keys()]).toEqual(["src/domain/zz-probe-globals.ts"]);
  });

  it("biome.json and .dependency-cruiser.cjs name the same Node-only files", () => {
    const config = createRequire(import.meta.url)(join(root, ".dependency-cruiser.cjs")) as { forbidden: { name: string; from: { pathNot?: string[] } }[] };
    const nodeOnly = config.forbidden.find((r) => r.name === "node-core-only-in-node-files")!.from.pathNot!.filter((p) => p.startsWith("^src/") && !p.includes("worker"));
    const biome = JSON.parse(readFileSync(join(root, "biome.json"), "utf8")) as { overrides: { includes: string[] }[] };
    const globs = biome.overrides.flatMap((o) => o.includes).map((g) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\u0000").replace(/\*/g, "[^/]*").replace(/\u0000/g, ".*")}$`));
    const files = sourceFiles(join(root, "src")).map((f) => relative(root, f).split("\\").join("/"));
    const byCruiser = files.filter((f) => nodeOnly.some((p) => new RegExp(p).test(f)));
    const byBiome = files.filter((f) => globs.some((g) => g.test(f)));
    expect(byBiome).toEqual(byCruiser);
    expect(byCruiser).toContain("src/runtimes/node/main.ts");
  });
});

// What the lint does not see: reading the clock or the environment is a call, not an import.

const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

describe("the pure layers read no clock and no environment", () => {
  for (const layer of ["src/domain", "cards"]) {
    it(`${layer}: time and settings come in as arguments`, () => {
      const offenders: string[] = [];
      for (const f of sourceFiles(join(root, layer))) {
        const src = stripComments(readFileSync(f, "utf8"));
        if (/new Date\(\s*\)|Date\.now\(\)|performance\.now\(\)/.test(src)) offenders.push(`${relative(root, f)} reads the clock`);
        if (/\benv\b\s*\[|import\.meta\.env|\benv\.[A-Z_]+/.test(src)) offenders.push(`${relative(root, f)} reads the environment`);
      }
      expect(offenders).toEqual([]);
    });
  }
});
