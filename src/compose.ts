// The composition root: wires config, storage, the Lark client and the clock into the app.
// Runtime-neutral: the Node entry (src/node.ts) and the Workers entry pass in what differs.
import type { Hono } from "hono";
import { Bot } from "./app/bot.js";
import { Ingress } from "./app/ingress.js";
import { OutboxDeliverer } from "./app/outbox.js";
import type { Clock, LarkApi, Logger } from "./app/ports.js";
import type { InboxStore } from "./app/inbox.js";
import { createUseCases } from "./app/usecases.js";
import type { AppDeps, AppSettings } from "./app/context.js";
import type { Config } from "./config.js";
import type { Calendar } from "./domain/calendar.js";
import type { Template } from "./domain/model.js";
import { createHttpApp } from "./http/app.js";
import { createWebhook, type Webhook } from "./http/webhook.js";
import { rejectionLog, type RejectionLog } from "./http/rejection-log.js";
import type { Db } from "./storage/db.js";
import { PrismaInboxStore } from "./storage/prisma-inbox.js";
import { PrismaOutboxStore } from "./storage/prisma-outbox.js";
import { PrismaReportStore } from "./storage/prisma-reports.js";
import { PrismaVersionStore } from "./storage/prisma-versions.js";
import { PrismaReminderStore } from "./storage/prisma-reminders.js";
import { reminderFeature, runReminderPass, type ApproverInfo, type ReminderPassResult } from "./app/reminders.js";
import type { CommandHandler } from "./app/chat.js";
import type { ActionHandler } from "./app/card-actions.js";
import { exportFeature } from "./app/exports.js";
import { approvalFeature, approvalOverview, approverInfo, withAuditAppendix } from "./app/approvals.js";
import { PrismaApprovalStore } from "./storage/prisma-approvals.js";
import { PrismaYearStore } from "./storage/prisma-year.js";
import { yearOverYearFeature } from "./app/year-over-year.js";
import { workPlanFeature } from "./app/workplan.js";

/** A capability's entry points. */
export interface Feature {
  commands?: CommandHandler[];
  actions?: ActionHandler[];
  routes?: (app: Hono) => void;
  /** Told when an outbox row with a purpose was delivered (e.g. to remember a card's message id). */
  delivered?: (purpose: string, messageId: string, now: Date, chatKey: string) => Promise<void>;
}

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
  recoverAfterRestart(): Promise<{ events: number; messages: number }>;
}

export function createHuibao(rt: Runtime): Huibao {
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
  const deps: AppDeps = { store: reports, versions, calendar: rt.calendar, settings, log: rt.log };
  // Capabilities beyond the questionnaire plug in here: commands, card actions, HTTP routes.
  const features: Feature[] = [];
  const approvals = new PrismaApprovalStore(rt.db);
  features.push(approvalFeature(deps, approvals));
  deps.overviewExtra = (view) => approvalOverview(deps, approvals, view.report, view);
  deps.deliveredDocument = (v) => withAuditAppendix(approvals, { reportId: v.reportId, number: v.number, document: v.document, timeZone: settings.timeZone });
  features.push(reminderFeature(new PrismaReminderStore(rt.db)));
  features.push(exportFeature(deps, rt.clock));
  deps.year = new PrismaYearStore(rt.db);
  features.push(yearOverYearFeature(), workPlanFeature());
  const useCases = createUseCases(deps, {
    commands: features.flatMap((f) => f.commands ?? []),
    actions: features.flatMap((f) => f.actions ?? []),
  });
  const outbox = new OutboxDeliverer(outboxStore, rt.lark, rt.clock, rt.log, async (purpose, messageId, now, chatKey) => { await useCases.delivered(purpose, messageId, now, chatKey); for (const f of features) await f.delivered?.(purpose, messageId, now, chatKey); });
  // Handlers enqueue through the deliverer's counting view, so that events that queue nothing skip the delivery pass.
  const bot = new Bot({ outbox: outbox.queueing(), clock: rt.clock, log: rt.log, lark: rt.lark, useCases });
  const ingress = new Ingress(inboxStore, bot, outbox, rt.clock, rt.log);
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
      for (const f of features) f.routes?.(app);
      rt.extend?.(app);
    },
    async health() {
      let database = true;
      try {
        await rt.db.$queryRawUnsafe("SELECT 1");
      } catch {
        database = false;
      }
      const [inbox, outboxBacklog] = database
        ? await Promise.all([inboxStore.backlog(), outboxStore.backlog()])
        : [{ pending: -1, failed: -1 }, { pending: -1, failed: -1 }];
      return { ok: database, database, inbox, outbox: outboxBacklog };
    },
  });
  const recoverAfterRestart = async () => {
    const now = rt.clock.now();
    return { events: await inboxStore.releaseAbandoned(now), messages: await outboxStore.releaseAbandoned(now) };
  };
  const runReminders = (at: Date, opts: { approvers?: (reportId: string) => Promise<ApproverInfo> } = {}) =>
    runReminderPass({ ...deps, reminders: new PrismaReminderStore(rt.db), approvers: opts.approvers ?? ((reportId) => approverInfo(approvals, reportId)) }, { now: at });
  return { http, webhook, rejections, ingress, outbox, reports, settings, deps, recoverAfterRestart, runReminders };
}
