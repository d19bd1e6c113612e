// Reminders, the app side: one pass loads every report that is collecting or in approval, plans what is due
// now (src/domain/reminders.ts: working days, deadlines, snoozes) and sends each planned reminder at most
// once. "At most once" is a durable claim: the ReminderClaim row (primary key = the planner's claimKey,
// i.e. report|recipient|kind|date) is inserted after the outbox rows it sends, whose uuids derive from the
// claimKey (Outbound): a second pass, a restart or two instances at once send nothing twice (the rows are
// unique by uuid, and Lark keeps one message per uuid), and a crash between "queued" and "claimed" only
// means the next pass claims what is already queued. No transaction is needed, so D1 behaves the same.
//
// Also here: `暂停提醒 N天` / `/snooze N`, which silences the sender's own reminders for N *working* days
// (reminders only go out on working days, so "3天" means "the next three reminder days"): the snooze lasts
// through the N-th working day after today (inclusive) and expires by date — nothing has to clear it.
import { escapeMd, noticeCard, reminderCard, type Card, type Owe, type OweItem, type Person } from "../../cards/index.js";
import { localDateTime } from "../calendar/zone.js";
import { addWorkingDays, isWorkingDay } from "../domain/calendar.js";
import type { Command } from "../domain/commands.js";
import { sectionText } from "../domain/answers.js";
import type { CompletenessSectionInput, SectionCompleteness } from "../domain/completeness.js";
import { evaluateCompletenessLean, type LeanSectionCompleteness } from "../domain/completeness-lean.js";
import type { Answer, OutlineSection } from "../domain/model.js";
import { resolveOutline } from "../domain/outline.js";
import {
  DEFAULT_REMINDER_POLICY,
  createPlanCache,
  planReminders,
  reminderHeadline,
  resolvePolicy,
  type PlannedReminder,
  type ReminderItem,
  type ReminderPolicy,
  type ReminderReportInput,
  type ReminderSectionInput,
  type Snooze,
} from "../domain/reminders.js";
import type { CommandHandler } from "./chat.js";
import { UserError, type AppDeps } from "./context.js";
import { Outbound } from "./outbound.js";
import type { NewOutboxRow, OutboxStore } from "./outbox.js";
import * as q from "./questionnaire.js";
import { buildView, type ReportView } from "./report-view.js";
import type { OwnerRecord, ReportRecord } from "./store.js";

// -------------------------------------------------------------------------------------------------
// Ports

export interface ReminderClaim {
  claimKey: string;
  reportId: string;
  /** Chat id or open id. */
  recipient: string;
  kind: string;
  /** The local date the reminder is for. */
  date: string;
}

export interface ReminderStore {
  /** Reports that may need reminders: collecting or in approval, not archived (last year's kept for reference). */
  activeReportIds(): Promise<string[]>;
  /**
   * Queues the outbox rows (duplicates by uuid are no-ops), then inserts the claim. Returns false when the
   * claim already existed (nothing new was queued: the rows' uuids derive from the claim key).
   */
  claim(claim: ReminderClaim, rows: NewOutboxRow[], now: Date): Promise<boolean>;
  /** Which of these claim keys are already claimed (a cheap read before building cards). */
  claimed(claimKeys: string[]): Promise<Set<string>>;
  snoozes(reportId: string): Promise<Snooze[]>;
  /** Sets (or moves) a person's snooze for a report; the last day is inclusive. */
  snooze(reportId: string, openId: string, untilDate: string, now: Date): Promise<void>;
}

/** Approver data, provided by the approvals capability when present. */
export interface ApproverInfo {
  /** First-level approvers (told on escalation). */
  firstLevel: string[];
  /** Approvers whose decision is pending now (reminded while the report is in approval). */
  pending: string[];
}

export interface ReminderDeps extends AppDeps {
  reminders: ReminderStore;
  approvers?: (reportId: string) => Promise<ApproverInfo>;
}

export interface ReminderOutcome {
  claimKey: string;
  reportId: string;
  kind: PlannedReminder["kind"];
  to: string;
  /** @-mentioned open ids (group reminders). */
  mentions: string[];
  sent: boolean;
}

export interface ReminderPassResult {
  /** Local date and time the pass ran as. */
  date: string;
  time: string;
  planned: number;
  sent: number;
  /** Already claimed (by an earlier pass, another instance). */
  skipped: number;
  /** Reports that could not be planned (logged; the pass goes on with the others). */
  failed: number;
  reminders: ReminderOutcome[];
}

// -------------------------------------------------------------------------------------------------
// The pass

/** An OutboxStore that only records what Outbound would enqueue: the rows are written with the claim. */
class CapturedRows implements Pick<OutboxStore, "enqueue"> {
  readonly rows: NewOutboxRow[] = [];
  async enqueue(row: NewOutboxRow): Promise<"added"> {
    this.rows.push(row);
    return "added";
  }
}

export async function runReminderPass(deps: ReminderDeps, opts: { now: Date }): Promise<ReminderPassResult> {
  const { now } = opts;
  const { date: today, time } = localDateTime(now, deps.settings.timeZone);
  const result: ReminderPassResult = { date: today, time, planned: 0, sent: 0, skipped: 0, failed: 0, reminders: [] };
  const sendAt = deps.settings.reminderTime ?? DEFAULT_REMINDER_POLICY.sendAt;
  // The scheduler calls this every minute: stay cheap. Nothing on days off; per report nothing before its
  // send time or without a deadline; already-claimed reminders are recognised before any card is built.
  if (!isWorkingDay(deps.calendar, today)) return result;
  const ids = await deps.reminders.activeReportIds();
  // Working days to each deadline, shared by the reports of this pass.
  const cache = createPlanCache();
  for (const id of ids) {
    try {
      const report = await deps.store.getReport(id);
      if (!report || report.status === "approved") continue;
      const policy = policyOf(report, sendAt);
      if (time < policy.sendAt || (!report.internalDeadline && !report.submissionDeadline)) continue;
      const [answers, owners, snoozes, approvers] = await Promise.all([
        deps.store.answers(id),
        deps.store.owners(id),
        deps.reminders.snoozes(id),
        deps.approvers ? deps.approvers(id) : Promise.resolve({ firstLevel: [], pending: [] }),
      ]);
      // Planning needs only each section's status and summary: the lean evaluation. The full view (reasons,
      // placeholders, names) is built only for a report with a reminder still to send, for its cards.
      const items = completenessInputs(report, answers, owners);
      const input = plannerReport(report, policy, snoozes, approvers, reminderSections(items, evaluateCompletenessLean({ sections: items })));
      const planned = planReminders({ today, time, calendar: deps.calendar, reports: [input], cache });
      const done = planned.length > 0 ? await deps.reminders.claimed(planned.map((r) => r.claimKey)) : new Set<string>();
      let cards: { view: ReportView; sections: Map<string, SectionInfo> } | null = null;
      for (const r of planned) {
        result.planned++;
        if (done.has(r.claimKey)) {
          result.skipped++;
          result.reminders.push({ claimKey: r.claimKey, reportId: r.reportId, kind: r.kind, to: recipientId(r), mentions: r.recipient.type === "chat" ? mentionedIn(r) : [], sent: false });
          continue;
        }
        if (cards === null) {
          const view = buildView(report, answers, owners, deps.calendar, today);
          cards = { view, sections: sectionInfos(view) };
        }
        const card = reminderCardFor(r, cards.view, cards.sections, approvers);
        const captured = new CapturedRows();
        const out = new Outbound(captured as unknown as OutboxStore, r.claimKey, now);
        const to = r.recipient.type === "chat" ? { chatId: r.recipient.chatId } : { openId: r.recipient.openId };
        await out.send(to, card as never, { purpose: `reminder:${r.reportId}:${r.kind}` });
        const recipient = recipientId(r);
        const sent = await deps.reminders.claim({ claimKey: r.claimKey, reportId: r.reportId, recipient, kind: r.kind, date: r.date }, captured.rows, now);
        if (sent) result.sent++;
        else result.skipped++;
        result.reminders.push({ claimKey: r.claimKey, reportId: r.reportId, kind: r.kind, to: recipient, mentions: r.recipient.type === "chat" ? mentionedIn(r) : [], sent });
      }
    } catch (e) {
      result.failed++;
      deps.log.error("reminders.report_failed", { reportId: id, error: e instanceof Error ? e.message.slice(0, 300) : String(e) });
    }
  }
  if (result.planned > 0 || result.failed > 0) deps.log.info("reminders.pass", { date: today, time, planned: result.planned, sent: result.sent, skipped: result.skipped, failed: result.failed });
  return result;
}

function recipientId(r: PlannedReminder): string {
  return r.recipient.type === "chat" ? r.recipient.chatId : r.recipient.openId;
}

function mentionedIn(r: PlannedReminder): string[] {
  return r.items.filter((i) => i.mention && i.openId).map((i) => i.openId!);
}

/** Defaults, then REMINDER_TIME, then the report's own policy (Report.reminderPolicyJson), checked field by field. */
export function policyOf(report: Pick<ReportRecord, "reminderPolicy">, sendAt: string): ReminderPolicy {
  const p = report.reminderPolicy ?? {};
  const own: Partial<ReminderPolicy> = {};
  if (Array.isArray(p.daysBefore) && p.daysBefore.every((n) => typeof n === "number")) own.daysBefore = p.daysBefore as number[];
  if (typeof p.onDay === "boolean") own.onDay = p.onDay;
  if (typeof p.overdueDaily === "boolean") own.overdueDaily = p.overdueDaily;
  if (typeof p.escalateAfterWorkingDays === "number") own.escalateAfterWorkingDays = p.escalateAfterWorkingDays;
  if (typeof p.sendAt === "string") own.sendAt = p.sendAt;
  return resolvePolicy({ sendAt: resolvePolicy({ sendAt }).sendAt, ...own });
}

interface SectionInfo {
  section: OutlineSection;
  c: SectionCompleteness;
}

/** What completeness is evaluated on: the report's outline, each section's current text and owners (as buildView). */
export function completenessInputs(report: Pick<ReportRecord, "template" | "settings">, answers: readonly Answer[], owners: readonly OwnerRecord[]): CompletenessSectionInput[] {
  const outline = resolveOutline(report.template, report.settings);
  return outline.map((section) => ({ section, text: sectionText(answers, section.key), ownerOpenIds: owners.filter((o) => o.sectionKey === section.key).map((o) => o.openId) }));
}

/**
 * The planner's sections: those that can be owed, with why and owners. `results` are the lean completeness
 * results of `items` (evaluateCompletenessLean; leanOf gives the same from a full evaluation).
 */
export function reminderSections(items: readonly CompletenessSectionInput[], results: readonly LeanSectionCompleteness[]): ReminderSectionInput[] {
  const list: ReminderSectionInput[] = [];
  for (let i = 0; i < items.length; i++) {
    const s = items[i]!.section;
    const c = results[i]!;
    // A part with sub-sections is written through them (each child is reminded about on its own); only
    // its own lead text is owed, and only when that text needs attention (placeholders).
    if (c.hasChildren) {
      if (c.placeholders === null) continue;
      list.push({ label: s.label, title: s.title, status: "attention", why: `需核实：${c.placeholders}`, ownerOpenIds: c.ownerOpenIds, required: c.required });
      continue;
    }
    list.push({ label: s.label, title: s.level === 0 ? "开头（导语）" : s.title, status: c.status, why: c.status === "empty" ? "未填写" : c.why, ownerOpenIds: c.ownerOpenIds, required: c.required });
  }
  return list;
}

/** The planner's view of a report: its sections (reminderSections), deadlines, policy, snoozes, approvers. */
export function plannerReport(r: ReportRecord, policy: ReminderPolicy, snoozes: Snooze[], approvers: ApproverInfo, sections: ReminderSectionInput[]): ReminderReportInput {
  return {
    reportId: r.id,
    title: r.title,
    status: r.status,
    chatId: r.chatId,
    ownerOpenId: r.ownerOpenId,
    deadlines: { internal: r.internalDeadline, submission: r.submissionDeadline },
    policy,
    sections,
    snoozes,
    firstLevelApprovers: approvers.firstLevel,
    pendingApprovers: approvers.pending,
  };
}

/** For the cards: the sections reminderSections can list, by label, with their full completeness. */
function sectionInfos(view: ReportView): Map<string, SectionInfo> {
  const sections = new Map<string, SectionInfo>();
  for (const s of view.outline) {
    const c = view.byKey.get(s.key);
    if (!c) continue;
    if (c.childKeys.length > 0 && !c.reasons.some((x) => x.code === "placeholders")) continue;
    sections.set(s.label, { section: s, c });
  }
  return sections;
}

// -------------------------------------------------------------------------------------------------
// Cards

function shortDate(date: string): string {
  const [, m, d] = date.split("-");
  return `${Number(m)}月${Number(d)}日`;
}

function heading(s: OutlineSection): string {
  if (s.level === 0) return "开头（导语）";
  return s.level === 1 ? `${s.label}、${s.title}` : `${s.label}${s.title}`;
}

function oweItem(info: SectionInfo | undefined, fallback: { label: string; title: string }): OweItem {
  if (!info) return { sectionKey: "", heading: `${fallback.label} ${fallback.title}`, issue: "attention" };
  const { section, c } = info;
  const base = { sectionKey: section.key, heading: heading(section) };
  const ph = c.reasons.find((x) => x.code === "placeholders");
  if (c.childKeys.length > 0 || (ph && c.status === "attention")) {
    return ph && ph.code === "placeholders" ? { ...base, issue: "placeholders", placeholders: ph.placeholders } : { ...base, issue: "attention" };
  }
  if (c.status === "empty") return { ...base, issue: "empty" };
  const short = c.reasons.find((x) => x.code === "too_short");
  if (short && short.code === "too_short") return { ...base, issue: "thin", chars: short.length, minLength: short.minLength };
  return { ...base, issue: c.status === "draft" ? "thin" : "attention" };
}

function nameOf(view: ReportView, openId: string): string | undefined {
  return view.owners.find((o) => o.openId === openId && o.name)?.name ?? undefined;
}

/** `named`: show people as <at> even when the planner says not to mention them (escalations to leaders, in private). */
function owesOf(r: PlannedReminder, view: ReportView, sections: Map<string, SectionInfo>, named = false): Owe[] {
  return r.items
    .filter((i) => i.sections.length > 0)
    .map((i) => ({ person: personOf(i, view, named), items: i.sections.map((s) => oweItem(sections.get(s.label), s)), unowned: !i.openId }));
}

function personOf(i: ReminderItem, view: ReportView, named: boolean): Person {
  if (!i.openId) return { name: "未指定负责人" };
  const name = nameOf(view, i.openId);
  // Snoozed: listed (the group sees the real state) but not @-mentioned.
  if (!i.mention && !named) return { name: `${name ?? "负责人"}${i.snoozedUntil ? `（暂停提醒至 ${shortDate(i.snoozedUntil)}）` : ""}` };
  return name ? { openId: i.openId, name } : { openId: i.openId };
}

function deadlinesOf(view: ReportView) {
  const r = view.report;
  return {
    internal: r.internalDeadline && view.deadlines.internal !== null ? { date: shortDate(r.internalDeadline), workingDays: view.deadlines.internal } : null,
    submission: r.submissionDeadline && view.deadlines.submission !== null ? { date: shortDate(r.submissionDeadline), workingDays: view.deadlines.submission } : null,
  };
}

export function reminderCardFor(r: PlannedReminder, view: ReportView, sections: Map<string, SectionInfo>, approvers: ApproverInfo): Card {
  const base = { reportId: r.reportId, stateVersion: view.report.stateVersion, title: r.reportTitle, deadlines: deadlinesOf(view), calendarNotCovered: !r.calendarCovered };
  const status = { text: { zh: "查看进度", en: "Progress" }, role: "quiet" as const, action: { a: "status" as const, r: r.reportId, rv: view.report.stateVersion } };
  const footer = r.calendarCovered ? undefined : "未获取到该年度节假日安排，工作日按周一至周五计算。";
  if (r.recipient.type === "chat") return reminderCard({ ...base, variant: "group", owes: owesOf(r, view, sections) });
  switch (r.kind) {
    case "before_deadline":
    case "due_today":
    case "overdue":
      return reminderCard({ ...base, variant: "private", items: r.items.flatMap((i) => i.sections.map((s) => oweItem(sections.get(s.label), s))) });
    case "escalation": {
      const leaders = [view.report.ownerOpenId, ...approvers.firstLevel].filter((x, k, a) => x && a.indexOf(x) === k).map((openId) => ({ openId, name: nameOf(view, openId) }));
      const owes = owesOf(r, view, sections, true);
      if (owes.length > 0) return reminderCard({ ...base, variant: "escalation", owes, escalateTo: leaders });
      // In approval: the people late are approvers, without sections.
      const pending = r.items.map((i) => (i.openId ? `<at id=${i.openId}></at>` : "")).filter(Boolean);
      return noticeCard({ title: { zh: `逾期提醒：${r.reportTitle}`, en: `Overdue: ${r.reportTitle}` }, tone: "overdue", lines: [escapeMd(reminderHeadline(r)), `尚未审批：${pending.join(" ")}`], footer, buttons: [{ ...status, role: "main" }] });
    }
    case "approval_pending":
      return noticeCard({ title: { zh: `待您审批：${r.reportTitle}`, en: `Awaiting your approval: ${r.reportTitle}` }, tone: "in_approval", lines: [escapeMd(reminderHeadline(r)), "请在审批卡片上通过或退回。"], footer, buttons: [{ ...status, role: "main" }] });
    case "unowned": {
      const lines = r.items.flatMap((i) => i.sections.map((s) => `⬜ ${escapeMd(heading(sections.get(s.label)?.section ?? ({ level: 2, label: s.label, title: s.title } as OutlineSection)))}：${escapeMd(s.why)}`));
      return noticeCard({
        title: { zh: `待分配负责人：${r.reportTitle}`, en: `Unassigned sections: ${r.reportTitle}` },
        tone: "attention",
        lines: [escapeMd(reminderHeadline(r)), ...lines, "在群里发送「分配 一（二） @某人」指定负责人。"],
        footer,
        buttons: [{ ...status, role: "main" }],
      });
    }
  }
}

// -------------------------------------------------------------------------------------------------
// 暂停提醒 N天

export function snoozeCommand(reminders: ReminderStore): CommandHandler {
  return async (deps, t, m, cmd: Command, where) => {
    if (cmd.kind !== "snooze") return false;
    const until = addWorkingDays(deps.calendar, t.today, cmd.days);
    const resume = addWorkingDays(deps.calendar, until, 1);
    let reports: ReportRecord[];
    if (m.chatType === "p2p") {
      // In a private chat: every active report in which the sender owns sections or is the report owner.
      const owned = await deps.store.ownedSections(m.senderOpenId);
      const found = await Promise.all(owned.map((o) => deps.store.getReport(o.reportId)));
      reports = found.filter((r): r is ReportRecord => r !== null && r.status !== "approved");
      if (reports.length === 0) throw new UserError("你目前没有负责的章节，没有需要暂停的提醒。");
    } else {
      reports = [await q.currentReport(deps, m.chatId)];
    }
    for (const r of reports) await reminders.snooze(r.id, m.senderOpenId, until, t.now);
    const titles = reports.map((r) => `「${escapeMd(r.title)}」`).join("、");
    await q.replyNotice(t, where, "已暂停提醒", [
      `<at id=${m.senderOpenId}></at> ${cmd.days} 个工作日内（至 ${shortDate(until)}）不再单独提醒你${titles}，群提醒中也不再 @你。`,
      `${shortDate(resume)}起自动恢复；逾期后仍会告知报告负责人和审批人。`,
    ]);
    return true;
  };
}

/** The reminder capability's chat entry points (registered in the composition root). */
export function reminderFeature(reminders: ReminderStore): { commands: CommandHandler[] } {
  return { commands: [snoozeCommand(reminders)] };
}
