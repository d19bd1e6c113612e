// The composition root: wires config, storage, the Lark client and the clock into the app.
// Runtime-neutral: the Node entry (src/runtimes/node/main.ts) and the Workers entry pass in what differs.
import type { Hono } from "hono";
import { Bot } from "./app/runtime/bot.js";
import { Ingress } from "./app/runtime/ingress.js";
import { OutboxDeliverer } from "./app/runtime/outbox.js";
import type { Clock, LarkApi, Logger } from "./app/ports/platform.js";
import type { InboxStore } from "./app/ports/inbox-store.js";
import { createUseCases } from "./app/runtime/usecases.js";
import type { AppDeps, AppSettings } from "./app/runtime/context.js";
import type { Config } from "./config.js";
import type { Calendar } from "./domain/calendar.js";
import type { Template } from "./domain/model.js";
import { createHttpApp } from "./adapters/http/app.js";
import { mountDownloads } from "./adapters/http/download-route.js";
import { createWebhook, type Webhook } from "./adapters/http/webhook.js";
import { rejectionLog, type RejectionLog } from "./adapters/http/rejection-log.js";
import type { Db } from "./adapters/prisma/db.js";
import { PrismaInboxStore } from "./adapters/prisma/inbox.js";
import { PrismaOutboxStore } from "./adapters/prisma/outbox.js";
import { PrismaReportStore } from "./adapters/prisma/reports.js";
import { PrismaVersionStore } from "./adapters/prisma/versions.js";
import { PrismaReminderStore } from "./adapters/prisma/reminders.js";
import { reminderFeature, runReminderPass, type ApproverInfo, type ReminderPassResult } from "./app/features/reminders/reminders.js";
import { exportFeature } from "./app/features/exports/exports.js";
import type { Feature } from "./app/runtime/feature.js";
import { renderDocx } from "./adapters/document/docx.js";
import { readDocx } from "./adapters/document/read-docx.js";
import { approvalFeature } from "./app/features/approvals/feature.js";
import { approvalOverview, approverInfo } from "./app/features/approvals/overview-extras.js";
import { withAuditAppendix } from "./app/features/approvals/audit.js";
import type { ApprovalStore } from "./app/ports/approval-store.js";
import { PrismaApprovalStore } from "./adapters/prisma/approvals.js";
import { PrismaYearStore } from "./adapters/prisma/year.js";
import { yearOverYearFeature } from "./app/features/year-over-year/year-over-year.js";
import { workPlanFeature } from "./app/features/year-over-year/workplan.js";
import { WriteHealth } from "./app/runtime/write-health.js";
import { watchWrites } from "./adapters/prisma/write-watch.js";

export type { Feature } from "./app/runtime/feature.js";

export interface Runtime {
  config: Config;
  db: Db;
  lark: LarkApi;
  clock: Clock;
  log: Logger;
  defer(work: Promise<unknown>): void;
  calendar: Calendar;
  /** Templates loaded from files, besides the built-in ones. */
  templates?: Template[];
  /** Extra routes (console on Node). */
  extend?: (app: Hono) => void;
  /** Writes ChatMember's row for ReportStore.touchMember (Node: on the SQLite inbox's group commit); default: Prisma. */
  touchMember?: (chatId: string, openId: string, now: Date) => Promise<void>;
  /** The inbox. Node passes the SQLite one (prepared statements, group commit); default: Prisma (D1 on Workers). */
  inbox?: InboxStore;
  /** Write failures seen by the storage (Node passes the one its inbox and checkpointer report to); default: a new one. */
  writes?: WriteHealth;
  /** Wraps the approvals storage port; tests use it to fail or crash at a chosen point. Default: the store as is. */
  approvals?: (store: ApprovalStore) => ApprovalStore;
}

export interface Huibao {
  http: Hono;
  /** Lark's webhook as a function of raw bytes and headers: the Hono route serves it, and so does the Node listener directly. */
  webhook: Webhook;
  /** Refused webhook requests, counted and logged at most once per interval (the Node listener counts its cut-off bodies here too). */
  rejections: RejectionLog;
  ingress: Ingress;
  outbox: OutboxDeliverer;
  reports: PrismaReportStore;
  settings: AppSettings;
  deps: AppDeps;
  /**
   * One reminder pass as if at `at` (scheduler, console clock control, `npm run remind`): queues what is
   * due; the outbox delivers it. `approvers` overrides where approver data comes from.
   */
  runReminders(at: Date, opts?: { approvers?: (reportId: string) => Promise<ApproverInfo> }): Promise<ReminderPassResult>;
  /** Single-process start-up (Node + SQLite): take back rows a crashed run left mid-way. */
  recoverAfterRestart(): Promise<{ events: number; messages: number; followUps: number }>;
  /** Whether the database accepts writes (reported by /healthz). */
  writes: WriteHealth;
}

export function createHuibao(runtime: Runtime): Huibao {
  const writes = runtime.writes ?? new WriteHealth(runtime.clock, runtime.log);
  // Every Prisma write reports to `writes`: a disk that stops taking writes shows on /healthz.
  const rt: Runtime = { ...runtime, db: watchWrites(runtime.db, writes) };
  const inboxStore = rt.inbox ?? new PrismaInboxStore(rt.db);
  const outboxStore = new PrismaOutboxStore(rt.db);
  const reports = new PrismaReportStore(rt.db, rt.touchMember);
  const settings: AppSettings = {
    publicBaseUrl: rt.config.publicBaseUrl,
    downloadLinkSecret: rt.config.downloadLinkSecret ?? null,
    timeZone: rt.config.timeZone,
    templates: rt.templates ?? [],
    reminderTime: rt.config.reminderTime,
  };
  const versions = new PrismaVersionStore(rt.db);
  const deps: AppDeps = { store: reports, versions, larkFiles: rt.lark, readDocx, calendar: rt.calendar, settings, log: rt.log };
  // Capabilities beyond the questionnaire plug in here: commands, card actions, HTTP routes.
  const features: Feature[] = [];
  const prismaApprovals = new PrismaApprovalStore(rt.db);
  const approvals = rt.approvals ? rt.approvals(prismaApprovals) : prismaApprovals;
  features.push(approvalFeature(deps, approvals));
  deps.overviewExtra = (view) => approvalOverview(deps, approvals, view.report, view);
  deps.deliveredDocument = (v) => withAuditAppendix(approvals, { reportId: v.reportId, number: v.number, document: v.document, timeZone: settings.timeZone });
  features.push(reminderFeature(new PrismaReminderStore(rt.db)));
  features.push(exportFeature(deps, rt.clock, renderDocx));
  deps.year = new PrismaYearStore(rt.db);
  features.push(yearOverYearFeature(), workPlanFeature());
  const useCases = createUseCases(deps, {
    commands: features.flatMap((f) => f.commands ?? []),
    actions: features.flatMap((f) => f.actions ?? []),
  });
  const outbox = new OutboxDeliverer(outboxStore, rt.lark, rt.clock, rt.log, async (purpose, messageId, now, chatKey) => { await useCases.delivered(purpose, messageId, now, chatKey); for (const f of features) await f.delivered?.(purpose, messageId, now, chatKey); });
  // Handlers enqueue through the deliverer's counting view, so that events that queue nothing skip the delivery pass.
  const queueing = outbox.queueing();
  const bot = new Bot({ outbox: queueing, clock: rt.clock, log: rt.log, lark: rt.lark, useCases });
  const sweepFeatures = async () => {
    let n = 0;
    for (const f of features) if (f.sweep) n += await f.sweep(queueing, rt.clock.now());
    return n;
  };
  const ingress = new Ingress(inboxStore, bot, outbox, rt.clock, rt.log, { retentionDays: rt.config.inboxRetentionDays, dueWork: sweepFeatures });
  const rejections = rejectionLog(rt.log);
  const webhook = createWebhook({
    secrets: { verificationToken: rt.config.lark.verificationToken, encryptKey: rt.config.lark.encryptKey },
    ingress,
    log: rt.log,
    defer: rt.defer,
    rejections,
  });
  const http = createHttpApp({
    webhook,
    log: rt.log,
    extend: (app) => {
      for (const f of features) if (f.downloads) mountDownloads(app, f.downloads);
      rt.extend?.(app);
    },
    async health() {
      let database = true;
      try {
        await rt.db.$queryRawUnsafe("SELECT 1");
      } catch {
        database = false;
      }
      if (database) {
        // A real write, now: a full disk or a read-only file fails it (reported to `writes` by watchWrites).
        const at = rt.clock.now();
        await rt.db.writeProbe.upsert({ where: { id: 1 }, create: { id: 1, at }, update: { at } }).catch(() => {});
      }
      const [inbox, outboxBacklog] = database
        ? await Promise.all([inboxStore.backlog(), outboxStore.backlog()])
        : [{ pending: -1, failed: -1 }, { pending: -1, failed: -1 }];
      const w = writes.report();
      return { ok: database && w.ok, database, writes: w, inbox, outbox: outboxBacklog };
    },
  });
  const recoverAfterRestart = async () => {
    const now = rt.clock.now();
    let followUps = 0;
    for (const f of features) if (f.recover) followUps += await f.recover(now);
    return { events: await inboxStore.releaseAbandoned(now), messages: await outboxStore.releaseAbandoned(now), followUps };
  };
  const runReminders = (at: Date, opts: { approvers?: (reportId: string) => Promise<ApproverInfo> } = {}) =>
    runReminderPass({ ...deps, reminders: new PrismaReminderStore(rt.db), approvers: opts.approvers ?? ((reportId) => approverInfo(approvals, reportId)) }, { now: at });
  return { http, webhook, rejections, ingress, outbox, reports, settings, deps, recoverAfterRestart, runReminders, writes };
}
