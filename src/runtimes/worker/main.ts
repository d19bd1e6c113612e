// The Cloudflare Workers entry: the same app as src/runtimes/node/main.ts (createHuibao), on D1 instead of an SQLite file.
//   fetch     — the Hono app (webhook, card callbacks, downloads, health). Work after the acknowledgement runs
//               in ctx.waitUntil; the cron sweep is the safety net when an isolate dies before it finishes.
//   scheduled — the periodic passes: the inbox/outbox sweep on every cron, the reminder pass on REMINDER_CRON.
// Configuration comes from the Worker's bindings (wrangler.toml [vars] plus `wrangler secret put`), validated
// by the same loadConfig as on Node. One app per isolate; the D1 Prisma client is created with it.
// Only the default export may be exported: workerd treats every named export as an entrypoint.
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaD1 } from "@prisma/adapter-d1";
import { PrismaClient } from "../../generated/prisma-d1/client.js";
import { describeError, jsonLogger } from "../../app/runtime/log.js";
import type { Clock } from "../../app/ports/platform.js";
import { ConfigError, loadConfig, secretValues } from "../../config.js";
import { createHuibao, type Huibao } from "../../compose.js";
import { createCalendar, type Calendar } from "../../domain/calendar.js";
import { chineseDaysHolidayData, parseOverride } from "../../domain/holiday-data.js";
import { fetchLarkApi } from "../../adapters/lark/fetch-client.js";
import type { Db } from "../../adapters/prisma/db.js";

/** The cron expression (wrangler.toml [triggers]) that also runs the reminder pass. */
const REMINDER_CRON = "*/5 * * * *";

type D1Binding = ConstructorParameters<typeof PrismaD1>[0];

interface Env {
  DB: D1Binding;
  /** Extra holidays / working days, the same JSON as HOLIDAY_OVERRIDE_FILE on Node. */
  HOLIDAY_OVERRIDE_JSON?: string;
  [key: string]: unknown;
}

interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

interface ScheduledEvent {
  cron: string;
  scheduledTime: number;
}

/** The request (or cron run) whose waitUntil a deferred job belongs to. */
const current = new AsyncLocalStorage<WaitUntil>();

/** Holiday data (chinese-days) plus the optional override from HOLIDAY_OVERRIDE_JSON. */
function workerCalendar(overrideJson: string | undefined): Calendar {
  if (!overrideJson?.trim()) return createCalendar(chineseDaysHolidayData());
  let json: unknown;
  try {
    json = JSON.parse(overrideJson);
  } catch (e) {
    throw new ConfigError("HOLIDAY_OVERRIDE_JSON", `is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return createCalendar(chineseDaysHolidayData(), parseOverride(json));
  } catch (e) {
    throw new ConfigError("HOLIDAY_OVERRIDE_JSON", e instanceof Error ? e.message : String(e));
  }
}

function stringVars(env: Env): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === "string") out[k] = v;
  return out;
}

let app: { env: Env; huibao: Huibao } | null = null;

/** The app for this isolate (built on first use, rebuilt if the bindings object changes). */
function huibaoFor(env: Env): Huibao {
  if (app && app.env === env) return app.huibao;
  const config = loadConfig(stringVars(env));
  if (!config.hasLarkCredentials) throw new ConfigError("LARK_APP_ID", "and LARK_APP_SECRET must be set on Workers (wrangler secret put)");
  const clock: Clock = { now: () => new Date() };
  const log = jsonLogger((l) => console.log(l), () => clock.now(), config.logLevel, { secrets: secretValues(config) });
  const db = new PrismaClient({ adapter: new PrismaD1(env.DB) }) as unknown as Db;
  const lark = fetchLarkApi({ appId: config.lark.appId!, appSecret: config.lark.appSecret!, domain: config.lark.domain });
  const defer = (work: Promise<unknown>) => {
    const tracked = work.catch((e) => log.error("deferred.failed", { error: describeError(e) }));
    const ctx = current.getStore();
    // Outside a request or cron run nothing keeps the isolate alive for it; the cron sweep picks the row up.
    if (ctx) ctx.waitUntil(tracked);
    else log.warn("deferred.detached", {});
  };
  const huibao = createHuibao({ config, db, lark, clock, log, defer, calendar: workerCalendar(env.HOLIDAY_OVERRIDE_JSON) });
  app = { env, huibao };
  return huibao;
}

function configFailure(e: unknown): Response {
  const message = e instanceof ConfigError ? e.message : "configuration error";
  // A ConfigError names a variable and never quotes a secret's value; anything else is described, not dumped.
  console.error(JSON.stringify({ level: "error", event: "worker.config", error: e instanceof ConfigError ? e.message : describeError(e) }));
  return new Response(JSON.stringify({ error: "misconfigured", message }), { status: 500, headers: { "content-type": "application/json" } });
}

/** One cron run: the reminder pass (on REMINDER_CRON), then the inbox/outbox sweep that delivers what it queued. */
async function runScheduled(huibao: Huibao, event: ScheduledEvent): Promise<void> {
  if (event.cron === REMINDER_CRON || event.cron === "") {
    const h = huibao as Huibao & { runReminders?: Huibao["runReminders"] };
    if (h.runReminders) await h.runReminders(new Date(event.scheduledTime));
  }
  await huibao.ingress.sweep();
}

export default {
  async fetch(request: Request, env: Env, ctx: WaitUntil): Promise<Response> {
    let huibao: Huibao;
    try {
      huibao = huibaoFor(env);
    } catch (e) {
      return configFailure(e);
    }
    return current.run(ctx, () => huibao.http.fetch(request, env, ctx as never));
  },

  async scheduled(event: ScheduledEvent, env: Env, ctx: WaitUntil): Promise<void> {
    const huibao = huibaoFor(env);
    await current.run(ctx, () => runScheduled(huibao, event));
  },
};
