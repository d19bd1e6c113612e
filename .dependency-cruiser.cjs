// The direction of dependencies, checked by `npm run lint` (dependency-cruiser; the Node globals half is biome.json).
//
//   domain  ←  app  ←  adapters  ←  runtimes        (A ← B: B may import A, never the other way round)
//     ↑         │
//   cards  ←────┘    cards are views (props → Card JSON): the app imports them, they import only the domain
//
// Each layer has its own folder:
//   domain    src/domain/** (pure: rules, data and arithmetic; no clock, no I/O)
//   cards     cards/**
//   app       src/app/** — ports/ (the interfaces the adapters implement), runtime/ (receive, inbox, outbox, outbound,
//             dispatch), features/<name>/ (use cases)
//   adapters  src/adapters/** — http/, lark/, prisma/, document/
//   runtimes  src/runtimes/** — node/ (the Node entry and everything Node-only, the local console), worker/ — and the
//             composition root src/compose.ts
//   config    src/config.ts: parses an environment record; read by the runtimes, imports nothing of ours
//
// Nothing points back (outwards), nothing goes round in a cycle (type-only imports included). Node's core
// modules and Node-only packages appear only under src/runtimes/node/ (biome.json's override names the same folder
// for the Node globals: Buffer, process, require…); everything else runs on Cloudflare Workers too.
// test/foundation/lint-rules.test.ts plants a wrong import for each rule and checks that it fails.

const DOMAIN = "^src/domain/";
const CARDS = "^cards/";
const APP = "^src/app/";
const ADAPTERS = "^src/adapters/";
const RUNTIMES = "^src/runtimes/|^src/compose\\.ts$";
const CONFIG = "^src/config\\.ts$";
const GENERATED = "^src/generated/";

/** Files that run only on Node and may use its core modules and Node-only packages. */
const NODE_ONLY = ["^src/runtimes/node/", "^(scripts|bench|test)/", "^vitest\\.config\\.ts$"];

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
      comment: "Use cases reach storage, Lark, HTTP and documents through ports (src/app/ports/platform.ts), and never a runtime.",
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
      comment: "The Lark protocol (crypto, envelopes, fetch client, local gateway) knows nothing of the web ingress.",
      severity: "error",
      from: { path: "^src/adapters/lark/" },
      to: { path: "^src/adapters/(http|prisma|document)/" },
    },
    {
      name: "renderers-are-pure",
      comment: "Document renderers turn the content model into bytes; they import only the domain and each other.",
      severity: "error",
      from: { path: "^src/adapters/document/" },
      to: { path: "^src/(app|adapters/(http|lark|prisma))/" },
    },
    {
      name: "storage-implements-ports",
      comment:
        "Storage implements the app's ports: it imports the ports, never a use case or the app's runtime, and no other adapter.",
      severity: "error",
      from: { path: "^src/adapters/prisma/" },
      to: {
        path: "^src/(app|adapters)/",
        pathNot: `^src/app/ports/|^src/adapters/prisma/|${DOMAIN}`,
      },
    },
    {
      name: "storage-only-from-the-root",
      comment: "Storage is wired by the composition root and the runtimes; other adapters reach it through the app.",
      severity: "error",
      from: { path: "^src/adapters/(http|lark|document)/" },
      to: { path: "^src/adapters/prisma/" },
    },
    {
      name: "features-meet-through-the-runtime",
      comment:
        "The app's runtime (receive, inbox, outbox, dispatch) and ports never import a feature's internals except to dispatch: ports are below everything in the app.",
      severity: "error",
      from: { path: "^src/app/ports/" },
      to: { path: "^src/app/(runtime|features)/" },
    },
    {
      name: "console-only-from-node",
      comment: "The local console is a Node development tool: only the Node entry mounts it.",
      severity: "error",
      from: { pathNot: "^src/runtimes/node/|^(test|scripts|bench)/" },
      to: { path: "^src/runtimes/node/console/" },
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
      comment:
        "src/domain is plain TypeScript: zod for shapes; dayjs (time zones, in time-zone.ts) and chinese-days (the holiday data, in holiday-data.ts) for the calendar; nothing else.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "node_modules/", pathNot: "node_modules/(zod|dayjs|chinese-days)/" },
    },
    {
      name: "node-core-only-in-node-files",
      comment: "Node's core modules (node:*) only in the Node-only files; everything else runs on Workers too.",
      severity: "error",
      from: { pathNot: [...NODE_ONLY, "^src/runtimes/worker/"] },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "worker-core-modules",
      comment: "The Worker runtime uses only the core modules Workers provide under nodejs_compat (AsyncLocalStorage).",
      severity: "error",
      from: { path: "^src/runtimes/worker/" },
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
      comment: "The node-sdk is loaded by src/runtimes/node/sdk-client.ts alone (the Worker uses src/adapters/lark/fetch-client.ts).",
      severity: "error",
      from: { pathNot: "^src/runtimes/node/sdk-client\\.ts$|^(test|scripts|bench)/" },
      to: { path: "node_modules/@larksuiteoapi/" },
    },
    {
      name: "prisma-client-only-in-storage",
      comment: "The generated Prisma client is used by storage and constructed by the runtimes, nowhere else.",
      severity: "error",
      from: { pathNot: `^src/adapters/prisma/|${RUNTIMES}|${GENERATED}|^(test|scripts|bench)/` },
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
