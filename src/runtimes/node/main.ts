// The Node entry: reads configuration once, prepares the SQLite database, serves the webhook and the Hono app,
// receives events over a long connection when asked, and runs the periodic passes (inbox and outbox sweeps).
import { existsSync, readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { describeError, jsonLogger, RepeatGate } from "../../app/runtime/log.js";
import { WriteHealth } from "../../app/runtime/write-health.js";
import type { Clock, LarkApi } from "../../app/ports/platform.js";
import type { InboxStore } from "../../app/ports/inbox-store.js";
import { ConfigError, loadConfig, secretValues, type Config } from "../../config.js";
import { createHuibao, type Huibao, type Runtime } from "../../compose.js";
import { createNodeServer } from "./http-server.js";
import { migrateSqlite, openPrisma, sqlitePath } from "./db.js";
import { SqliteInboxStore } from "./sqlite-inbox.js";
import { startCheckpointer } from "./sqlite-checkpointer.js";
import { useSyncCrypto } from "../../adapters/lark/crypto.js";
import { nodeSyncCrypto } from "./node-crypto.js";
import { sdkLarkApi } from "./sdk-client.js";
import { localLarkApi } from "../../adapters/lark/local-gateway.js";
import { consoleRoutes, isLocalLark } from "./console/routes.js";
import { offsetClock } from "./console/clock.js";
import { createCalendar, type Calendar } from "../../domain/calendar.js";
import { chineseDaysHolidayData, parseOverride } from "../../domain/holiday-data.js";
import { parseTemplate } from "../../domain/template-schema.js";
import type { Template } from "../../domain/model.js";
import { join } from "node:path";
import { readdirSync } from "node:fs";
import { projectRoot } from "./db.js";

/** Holiday data (chinese-days) plus the optional override file of extra holidays / working days. */
export function loadCalendar(overrideFile: string | undefined): Calendar {
  if (!overrideFile) return createCalendar(chineseDaysHolidayData());
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(overrideFile, "utf8"));
  } catch (e) {
    throw new ConfigError("HOLIDAY_OVERRIDE_FILE", `cannot be read as JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return createCalendar(chineseDaysHolidayData(), parseOverride(json));
  } catch (e) {
    throw new ConfigError("HOLIDAY_OVERRIDE_FILE", e instanceof Error ? e.message : String(e));
  }
}

/** Templates added as JSON files in src/templates (besides the built-in ones). */
export function loadTemplateFiles(dir = join(projectRoot, "src", "templates")): Template[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      try {
        return parseTemplate(JSON.parse(readFileSync(join(dir, f), "utf8")));
      } catch (e) {
        throw new ConfigError(`template ${f}`, e instanceof Error ? e.message : String(e));
      }
    });
}

/** Reads KEY=VALUE lines from .env (if present) under what the environment already sets. */
export function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trim().startsWith("#")) continue;
    let v = m[2]!;
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out[m[1]!] = v;
  }
  return out;
}

export interface NodeServer {
  huibao: Huibao;
  config: Config;
  port: number;
  close(): Promise<void>;
}

export async function startNode(
  env: Record<string, string | undefined>,
  opts: {
    clock?: Clock;
    lark?: LarkApi;
    sweepMs?: number;
    reminderMs?: number;
    quiet?: boolean;
    approvals?: Runtime["approvals"];
    /** Wraps the inbox storage port the app uses; tests use it to fail a write. Default: the store as is. */
    inbox?: (store: InboxStore) => InboxStore;
  } = {},
): Promise<NodeServer> {
  const config = loadConfig(env);
  // Webhook signatures and decryption with node:crypto (synchronous) instead of Web Crypto's thread pool.
  useSyncCrypto(nodeSyncCrypto);
  // The console's clock control moves this clock forward (src/runtimes/node/console/clock.ts).
  const clock: Clock = config.console ? offsetClock(opts.clock ?? { now: () => new Date() }) : (opts.clock ?? { now: () => new Date() });
  // Every line passes the redaction (src/app/runtime/log.ts); the configured secrets are cut out of any line that still holds one.
  const log = opts.quiet
    ? jsonLogger(() => {}, () => clock.now())
    : jsonLogger((l) => process.stdout.write(l + "\n"), () => clock.now(), config.logLevel, { secrets: secretValues(config) });
  // What the writes find (inbox commits, Prisma writes, the health probe, checkpoints): /healthz reports it.
  const writes = new WriteHealth(clock, log);
  const path = sqlitePath(config.databaseUrl);
  const applied = migrateSqlite(path);
  if (applied.length) log.info("db.migrated", { applied });
  const db = openPrisma(path);
  // The inbox on its own connection (prepared statements, group commit): the webhook's acknowledgement path.
  // WAL checkpoints run in a worker thread, not inside a commit on the event loop (sqlite-checkpointer.ts).
  const inbox = new SqliteInboxStore(path, { walAutoCheckpoint: 0, writes });
  await db.$queryRawUnsafe("PRAGMA wal_autocheckpoint = 0");
  let checkpointFallback = false;
  const checkpointer = startCheckpointer(path, {
    // Every failed checkpoint (one per 250 ms while the disk refuses) reaches `writes`, which logs with back-off.
    onError: (error) => {
      writes.failed("checkpoint", error);
      if (!checkpointFallback) {
        checkpointFallback = true;
        inbox.setAutoCheckpoint(1000); // fall back to checkpoints inside commits: slower, but the WAL stays bounded
      }
    },
    onRecovered: () => writes.succeeded("checkpoint"),
  });
  const lark: LarkApi =
    opts.lark ??
    (config.hasLarkCredentials && !config.console
      ? sdkLarkApi({ appId: config.lark.appId!, appSecret: config.lark.appSecret!, domain: config.lark.domain, log })
      : localLarkApi({ now: () => clock.now().getTime() }));
  const pending = new Set<Promise<unknown>>();
  // The sweep runs every 5 s: while the database refuses writes it fails every time, logged with back-off.
  const deferredGate = new RepeatGate();
  const defer = (p: Promise<unknown>) => {
    const tracked = p.catch((e) => {
      const error = describeError(e);
      const admitted = deferredGate.admit(`${error.name}|${error.code ?? ""}|${error.message ?? ""}`);
      if (admitted) log.error("deferred.failed", { error, ...(admitted.total > 1 ? { repeats: admitted.held } : {}) });
    });
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
  };
  const calendar = loadCalendar(config.holidayOverrideFile);
  const templates = loadTemplateFiles();
  // Console mode: the console talks to the in-process gateway and feeds the same ingress as the webhook.
  let huibao: Huibao | undefined;
  const extend =
    config.console && isLocalLark(lark)
      ? (app: Parameters<typeof consoleRoutes>[0]) =>
          consoleRoutes(app, {
            lark,
            get ingress() {
              return huibao!.ingress;
            },
            clock,
            // The reminder pass, once the app exposes one (huibao.runReminders); "not available" until then.
            get runReminders() {
              const h = huibao as (Huibao & { runReminders?: (at: Date) => Promise<unknown> }) | undefined;
              return h?.runReminders?.bind(h);
            },
            reminderTime: config.reminderTime,
            timeZone: config.timeZone,
            defer,
            log,
          })
      : undefined;
  huibao = createHuibao({ config, db, lark, clock, log, defer, calendar, templates, extend, inbox: opts.inbox ? opts.inbox(inbox) : inbox, writes, touchMember: (chatId, openId, now) => inbox.touchMember(chatId, openId, now), approvals: opts.approvals });
  // Start-up: one process owns this SQLite file, so whatever was mid-way belongs to a run that died.
  const recovered = await huibao.recoverAfterRestart();
  if (recovered.events || recovered.messages || recovered.followUps) log.warn("startup.recovered", recovered);

  const server = createNodeServer(huibao.http, huibao.webhook, log, config.http, huibao.rejections);
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(config.port, config.console ? "127.0.0.1" : "0.0.0.0", () => {
      server.off("error", rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  // Local defaults, so a newcomer's `npm start` works without any setting: links point at the port actually
  // bound, and the console signs download links with a secret that lives as long as the process.
  if (!env.PUBLIC_BASE_URL) huibao.settings.publicBaseUrl = `http://localhost:${port}`;
  if (!huibao.settings.downloadLinkSecret && config.console) {
    huibao.settings.downloadLinkSecret = randomUUID() + randomUUID();
    log.warn("download_links.ephemeral_secret", { reason: "DOWNLOAD_LINK_SECRET not set; console links expire on restart" });
  }

  let ws: { close(): void } | null = null;
  if (config.lark.eventMode === "ws" && config.hasLarkCredentials && !config.console) {
    // Loaded only in this mode: it brings in the node-sdk (see src/runtimes/node/sdk-client.ts).
    const { startLongConnection } = await import("./long-connection.js");
    ws = startLongConnection({ config, ingress: huibao.ingress, log, defer });
  }

  defer(huibao.ingress.sweep());
  const timer = setInterval(() => defer(huibao.ingress.sweep()), opts.sweepMs ?? 5_000);
  timer.unref();
  // Reminders: a pass every minute (0 turns it off); outside the send time or on a day off it does nothing.
  const reminderMs = opts.reminderMs ?? 60_000;
  const reminderTimer = reminderMs > 0 ? setInterval(() => defer(huibao.runReminders(clock.now()).then((r) => (r.sent > 0 ? huibao.ingress.sweep() : null))), reminderMs) : null;
  reminderTimer?.unref();

  log.info("server.started", { port, eventMode: config.lark.eventMode, console: config.console, instance: randomUUID().slice(0, 8) });
  return {
    huibao,
    config,
    port,
    async close() {
      clearInterval(timer);
      if (reminderTimer) clearInterval(reminderTimer);
      ws?.close();
      await new Promise<void>((r) => server.close(() => r()));
      huibao.rejections.flush();
      await Promise.allSettled([...pending]);
      await huibao.ingress.processor.idle();
      huibao.outbox.stop();
      inbox.close();
      await db.$disconnect();
      await checkpointer.stop();
    },
  };
}

/**
 * The process's last word on an error nobody caught: one JSON line on stderr with the error described, never
 * Node's default dump of the object (an SDK error would print its request, credentials included).
 */
function fatal(event: string, e: unknown, secrets: string[]): never {
  jsonLogger((l) => process.stderr.write(l + "\n"), () => new Date(), "error", { secrets }).error(event, { error: describeError(e) });
  process.exit(1);
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const env = { ...readDotEnv(".env"), ...process.env };
  // Before the configuration is validated, the raw values are what may need cutting out of a line.
  const secrets = [env.LARK_APP_SECRET, env.LARK_ENCRYPT_KEY, env.LARK_VERIFICATION_TOKEN, env.DOWNLOAD_LINK_SECRET].filter((s): s is string => !!s && s.trim() !== "");
  process.on("uncaughtException", (e) => fatal("process.uncaught_exception", e, secrets));
  process.on("unhandledRejection", (e) => fatal("process.unhandled_rejection", e, secrets));
  try {
    const s = await startNode(env);
    if (s.config.console) console.log(`huibao console: http://localhost:${s.port}/console  (local only; trial data in ${s.config.databaseUrl.replace(/^file:/, "")}; set LARK_APP_ID/LARK_APP_SECRET to connect to Feishu)`);
    const stop = () => void s.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    fatal("startup.failed", e, secrets);
  }
}
