// Compiles the Node entry to one JavaScript file, .build/node.mjs, which `npm start` runs with plain node
// (it runs first as "prestart"; ≈ 0.3 s). Running TypeScript through the tsx loader at run time costs a loader
// thread with its own V8 isolate and keeps transformed sources and source maps in the main heap: ≈ 25 MB more
// RSS at start and a larger live heap, which V8 lets grow about four times before a full collection (peak RSS
// under `npm run bench:ingress`: ≈ 310 MB with tsx, ≈ 210 MB built). Packages stay in node_modules (not
// bundled), except chinese-days' JSON data, which Node would only import with an import attribute.
//
//   node scripts/build.mjs                       → .build/node.mjs
//   node scripts/build.mjs <entry.ts> <out.mjs>  (the ingress benchmark builds its server this way)
import { build } from "esbuild";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [entry = join(root, "src", "runtimes", "node", "main.ts"), outfile = join(root, ".build", "node.mjs")] = process.argv.slice(2);
const require = createRequire(import.meta.url);

/** Bundles JSON imported from packages (chinese-days/dist/chinese-days.json) instead of leaving it external. */
const bundlePackageJson = {
  name: "bundle-package-json",
  setup(b) {
    b.onResolve({ filter: /^[^./].*\.json$/ }, (args) => ({ path: require.resolve(args.path, { paths: [args.resolveDir] }) }));
  },
};

const t0 = performance.now();
await build({
  entryPoints: [resolve(entry)],
  outfile: resolve(outfile),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  plugins: [bundlePackageJson],
  // Function and class names stay as written: they appear in logs, errors and CPU profiles.
  keepNames: true,
  logLevel: "warning",
});
if (process.env.HUIBAO_BUILD_QUIET !== "1") console.error(`built ${outfile} in ${Math.round(performance.now() - t0)} ms`);
