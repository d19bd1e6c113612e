// One reminder pass as if at a given time, for operators and tests:
//   npm run remind -- --at 2026-11-16T09:30:00+08:00
// Opens the configured database (DATABASE_URL, migrating it like `npm start`), plans and claims what is due
// at that instant (REPORT_TIMEZONE, REMINDER_TIME, holiday data + HOLIDAY_OVERRIDE_FILE), then delivers the
// outbox with the configured Lark app. Without Lark credentials nothing is delivered from here: the rows stay
// queued for the running server (e.g. the local console) to send. Claims make a second run send nothing new.
import { describeError, jsonLogger } from "../src/app/runtime/log.js";
import { shortHash } from "../src/app/runtime/outbound.js";
import type { Clock, LarkApi } from "../src/app/ports/platform.js";
import { createHuibao } from "../src/compose.js";
import { ConfigError, loadConfig, secretValues } from "../src/config.js";
import { sdkLarkApi } from "../src/runtimes/node/sdk-client.js";
import { localLarkApi } from "../src/adapters/lark/local-gateway.js";
import { migrateSqlite, openPrisma, sqlitePath } from "../src/runtimes/node/db.js";
import { loadCalendar, loadTemplateFiles, readDotEnv } from "../src/runtimes/node/main.js";

const USAGE = "usage: npm run remind -- [--at 2026-11-16T09:30:00+08:00]   (default: now)";

function parseArgs(argv: string[]): { at: Date } {
  let at = new Date();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (a === "--at" || a.startsWith("--at=")) {
      const v = a === "--at" ? argv[++i] : a.slice(5);
      // An explicit offset or Z is required: "09:30" without a zone would silently mean the machine's zone.
      if (!v || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) || Number.isNaN(new Date(v).getTime())) {
        throw new ConfigError("--at", `must be an ISO time with an offset, e.g. 2026-11-16T09:30:00+08:00 (got ${JSON.stringify(v ?? "")})`);
      }
      at = new Date(v);
    } else {
      throw new ConfigError(a, `unknown argument; ${USAGE}`);
    }
  }
  return { at };
}

async function main(): Promise<number> {
  const { at } = parseArgs(process.argv.slice(2));
  const env = { ...readDotEnv(".env"), ...process.env };
  const config = loadConfig(env);
  // Time runs on from `at`, so rows queued "at" that instant are due, and pacing waits still work.
  const started = Date.now();
  const clock: Clock = { now: () => new Date(at.getTime() + (Date.now() - started)) };
  const log = jsonLogger((l) => process.stderr.write(l + "\n"), () => clock.now(), "warn", { secrets: secretValues(config) });
  const path = sqlitePath(config.databaseUrl);
  migrateSqlite(path);
  const db = openPrisma(path);
  const deliver = config.hasLarkCredentials;
  const lark: LarkApi = deliver
    ? sdkLarkApi({ appId: config.lark.appId!, appSecret: config.lark.appSecret!, domain: config.lark.domain, log })
    : localLarkApi({ now: () => clock.now().getTime() });
  const pending = new Set<Promise<unknown>>();
  const defer = (p: Promise<unknown>) => {
    const tracked = p.catch(() => {});
    pending.add(tracked);
  };
  try {
    const huibao = createHuibao({ config, db, lark, clock, log, defer, calendar: loadCalendar(config.holidayOverrideFile), templates: loadTemplateFiles() });
    const pass = await huibao.runReminders(at);
    console.log(`reminder pass at ${pass.date} ${pass.time} (${config.timeZone}): planned ${pass.planned}, sent ${pass.sent}, already sent ${pass.skipped}${pass.done ? `, reports already reminded today ${pass.done}` : ""}${pass.failed ? `, failed reports ${pass.failed}` : ""}`);

    if (deliver && pass.sent > 0) {
      // Deliver until nothing due is left (pacing hands rows back for a fraction of a second), at most ~60 s.
      for (let i = 0; i < 240; i++) {
        await huibao.outbox.run();
        const due = await db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] }, nextAttemptAt: { lte: new Date(clock.now().getTime() + 1_000) } } });
        if (due === 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    for (const r of pass.reminders) {
      const row = await db.outboxMessage.findUnique({ where: { uuid: `hb-${shortHash(r.claimKey)}-1` }, select: { status: true, resultId: true, lastError: true } });
      const state = !r.sent ? "already sent" : !row ? "not queued" : row.status === "sent" ? `sent ${row.resultId ?? ""}`.trim() : deliver ? `${row.status}${row.lastError ? `: ${row.lastError}` : ""}` : "queued (no Lark credentials: the running server delivers it)";
      const mentions = r.mentions.length ? ` @${r.mentions.join(" @")}` : "";
      console.log(`  ${r.kind.padEnd(16)} → ${r.to}${mentions}  [${state}]`);
    }
    await Promise.allSettled([...pending]);
    return pass.failed > 0 ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
}

try {
  process.exitCode = await main();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exitCode = 2;
  } else {
    // Described, never dumped: an SDK error holds its request, credentials included.
    console.error(JSON.stringify({ level: "error", event: "remind.failed", error: describeError(e) }));
    process.exitCode = 1;
  }
}
