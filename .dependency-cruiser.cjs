// The direction of dependencies, checked by `npm run lint` (dependency-cruiser; the Node globals half is biome.json).
//
//   domain  ←  app  ←  adapters  ←  runtimes        (A ← B: B may import A, never the other way round)
//     ↑         │
//   cards  ←────┘    cards are views (props → Card JSON): the app imports them, they import only the domain
//
// Layers on today's layout (a later move gives each its own folder; these patterns say where each lives now):
//   domain    src/domain/**, src/calendar/** (pure: data and arithmetic, no clock, no I/O), and the document
//             content model src/document/model.ts + hash.ts (what the app hands the renderers)
//   cards     cards/**
//   app       src/app/** (use cases, ports, inbox/outbox)
//   adapters  src/http/**, src/lark/**, src/storage/**, src/console/**, src/document/** (the renderers)
//   runtimes  src/node.ts, src/node-http.ts, src/node-db.ts, src/worker.ts, and src/compose.ts (composition root)
//   config    src/config.ts: parses an environment record; read by adapters and runtimes, imports nothing of ours
//
// Nothing points back (outwards), nothing goes round in a cycle (type-only imports included). Node's core
// modules and Node-only packages appear only in the files listed in NODE_ONLY (biome.json's override lists the
// same files for the Node globals: Buffer, process, require…); everything else runs on Cloudflare Workers too.
// test/foundation/lint-rules.test.ts plants a wrong import for each rule and checks that it fails.

const DOMAIN = "^src/(domain|calendar)/|^src/document/(model|hash)\\.ts$";
const CARDS = "^cards/";
const APP = "^src/app/";
const ADAPTERS = "^src/(http|lark|storage|console)/|^src/document/";
const RUNTIMES = "^src/(node|node-http|node-db|worker|compose)\\.ts$";
const CONFIG = "^src/config\\.ts$";
const GENERATED = "^src/generated/";

/** Files that run only on Node and may use its core modules and Node-only packages. */
const NODE_ONLY = [
  "^src/node\\.ts$",
  "^src/node-http\\.ts$",
  "^src/node-db\\.ts$",
  "^src/storage/sqlite-[^/]+\\.ts$",
  "^src/storage/migrations-sqlite\\.ts$",
  "^src/lark/node-crypto\\.ts$",
  "^src/lark/sdk-client\\.ts$",
  "^(scripts|bench|test)/",
  "^vitest\\.config\\.ts$",
];

/** Packages that only work on Node (native modules, Node's HTTP server). */
const NODE_PACKAGES = "(better-sqlite3|@hono/node-server|@prisma/adapter-better-sqlite3)/";
/** Frameworks and SDKs: kept out of the domain, the cards and the use cases. */
const FRAMEWORKS = "(hono|@hono|@prisma|@larksuiteoapi|better-sqlite3)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ---- direction -------------------------------------------------------------------------------------
    {
      name: "domain-is-innermost",
      comment: "The domain imports nothing but itself: no use case, adapter, card, runtime or configuration.",
      severity: "error",
      from: { path: DOMAIN },
      to: { path: `${APP}|${ADAPTERS}|${CARDS}|${RUNTIMES}|${CONFIG}|${GENERATED}`, pathNot: DOMAIN },
    },
    {
      name: "cards-are-views",
      comment: "Cards are pure views (props → Card JSON): they import only the domain and each other.",
      severity: "error",
      from: { path: CARDS },
      to: { path: "^src/", pathNot: DOMAIN },
    },
    {
      name: "app-does-not-know-adapters",
      comment: "Use cases reach storage, Lark, HTTP and documents through ports (src/app/ports.ts), and never a runtime.",
      severity: "error",
      from: { path: APP },
      to: { path: `${ADAPTERS}|${RUNTIMES}|${CONFIG}|${GENERATED}`, pathNot: DOMAIN },
    },
    {
      name: "adapters-do-not-know-runtimes",
      comment: "Adapters are wired by the composition root and the entries; they never import them.",
      severity: "error",
      from: { path: ADAPTERS },
      to: { path: RUNTIMES },
    },
    {
      name: "lark-below-http",
      comment: "The Lark protocol (crypto, envelopes, clients) knows nothing of the web ingress or the console that use it.",
      severity: "error",
      from: { path: "^src/lark/" },
      to: { path: "^src/(http|console)/" },
    },
    {
      name: "renderers-are-pure",
      comment: "Document renderers turn the content model into bytes; they import only the domain and each other.",
      severity: "error",
      from: { path: "^src/document/" },
      to: { path: "^src/(app|http|lark|storage|console)/" },
    },
    {
      name: "storage-implements-ports",
      comment:
        "Storage implements the app's ports: it imports the modules that declare them, never a use case, and no other adapter.",
      severity: "error",
      from: { path: "^src/storage/" },
      to: {
        path: "^src/(app|http|lark|console|document)/",
        pathNot: `^src/app/(ports|store|[a-z-]+-store|inbox|outbox|write-health)\\.ts$|${DOMAIN}`,
      },
    },
    {
      name: "storage-only-from-the-root",
      comment: "Storage is wired by the composition root and the runtimes; other adapters reach it through the app.",
      severity: "error",
      from: { path: "^src/(http|lark|console|document)/" },
      to: { path: "^src/storage/" },
    },
    {
      name: "console-only-from-node",
      comment: "The local console is a Node development tool: only the Node entry mounts it.",
      severity: "error",
      from: { pathNot: "^src/console/|^src/node\\.ts$|^(test|scripts|bench)/" },
      to: { path: "^src/console/" },
    },
    {
      name: "config-is-a-leaf",
      comment: "src/config.ts turns an environment record into settings; it depends on nothing of ours.",
      severity: "error",
      from: { path: CONFIG },
      to: { path: "^(src|cards)/" },
    },
    {
      name: "no-circular",
      comment: "No cycles, type-only imports included: a cycle means two modules are one, or a type lives in the wrong place.",
      severity: "error",
      from: {},
      to: { circular: true },
    },

    // ---- frameworks and runtimes -----------------------------------------------------------------------
    {
      name: "pure-layers-use-no-frameworks",
      comment: "The domain, the cards and the use cases import no Hono, Prisma, Lark SDK or SQLite driver.",
      severity: "error",
      from: { path: `${DOMAIN}|${CARDS}|${APP}` },
      to: { path: `node_modules/${FRAMEWORKS}` },
    },
    {
      name: "domain-uses-no-libraries",
      comment: "src/domain is plain TypeScript: zod for shapes, nothing else (dates and holidays come in through src/calendar).",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "node_modules/", pathNot: "node_modules/zod/" },
    },
    {
      name: "node-core-only-in-node-files",
      comment: "Node's core modules (node:*) only in the Node-only files; everything else runs on Workers too.",
      severity: "error",
      from: { pathNot: [...NODE_ONLY, "^src/worker\\.ts$"] },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "worker-core-modules",
      comment: "The Worker entry uses only the core modules Workers provide under nodejs_compat (AsyncLocalStorage).",
      severity: "error",
      from: { path: "^src/worker\\.ts$" },
      to: { dependencyTypes: ["core"], pathNot: "^(node:)?async_hooks$" },
    },
    {
      name: "node-packages-only-in-node-files",
      comment: "Native and Node-server packages only in the Node-only files.",
      severity: "error",
      from: { pathNot: NODE_ONLY },
      to: { path: `node_modules/${NODE_PACKAGES}` },
    },
    {
      name: "lark-sdk-only-in-its-adapter",
      comment: "The node-sdk is loaded by src/lark/sdk-client.ts alone (the Worker uses fetch-client.ts).",
      severity: "error",
      from: { pathNot: "^src/lark/sdk-client\\.ts$|^(test|scripts|bench)/" },
      to: { path: "node_modules/@larksuiteoapi/" },
    },
    {
      name: "prisma-client-only-in-storage",
      comment: "The generated Prisma client is used by storage and constructed by the runtimes, nowhere else.",
      severity: "error",
      from: { pathNot: `^src/storage/|${RUNTIMES}|${GENERATED}|^(test|scripts|bench)/` },
      to: { path: GENERATED },
    },
    {
      name: "no-dev-dependencies-in-product",
      comment: "Product code imports only production dependencies.",
      severity: "error",
      from: { path: "^(src|cards)/" },
      to: { dependencyTypes: ["npm-dev"] },
    },
    {
      name: "no-test-code-in-product",
      severity: "error",
      from: { path: "^(src|cards)/" },
      to: { path: "^(test|bench|scripts)/" },
    },
    {
      name: "resolvable",
      comment: "Every import resolves to a file or package.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules|^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    cache: false,
  },
};
