// Reminders, the app side: one pass goes over every report that is collecting or in approval, deadlines
// first: reminderDue (src/domain/reminders/due.ts: working day, send time, deadline windows, snoozes) says whether
// anything is due for the report now; a collecting report whose last claim of the day is already taken is done.
// Only for the others are the answers and owners loaded and completeness evaluated (evaluateCompleteness, the
// one evaluation), and planDue says which reminders are due. Each planned reminder is sent at most
// once. "At most once" is a durable claim: the ReminderClaim row (primary key = the planner's claimKey,
// i.e. report|recipient|kind|date) is inserted after the outbox rows it sends, whose uuids derive from the
// claimKey (Outbound): a second pass, a restart or two instances at once send nothing twice (the rows are
// unique by uuid, and Lark keeps one message per uuid), and a crash between "queued" and "claimed" only
// means the next pass claims what is already queued. No transaction is needed, so D1 behaves the same.
//
// Also here: `暂停提醒 N天` / `/snooze N`, which silences the sender's own reminders for N *working* days
// (reminders only go out on working days, so "3天" means "the next three reminder days"): the snooze lasts
// through the N-th working day after today (inclusive) and expires by date — nothing has to clear it.
import { monthDay } from "../../../domain/date-format.js";
import { escapeMd, noticeCard, reminderCard, type Card, type Owe, type OweItem, type Person } from "../../../../cards/index.js";
import { localDateTime } from "../../../domain/time-zone.js";
import { addWorkingDays, dayInfo, isWorkingDay } from "../../../domain/calendar.js";
import { evaluateCompleteness } from "../../../domain/completeness/report.js";
import { summarizeReasons } from "../../../domain/completeness/reasons.js";
import type { SectionCompleteness } from "../../../domain/completeness/types.js";
import type { Command } from "../../../domain/commands/command.js";
import type { OutlineSection } from "../../../domain/model.js";
import { createPlanCache, reminderDue } from "../../../domain/reminders/due.js";
import { reminderHeadline } from "../../../domain/reminders/headline.js";
import { planDue } from "../../../domain/reminders/plan.js";
import { DEFAULT_REMINDER_POLICY, resolvePolicy, type ReminderPolicy } from "../../../domain/reminders/policy.js";
import type { PlannedReminder, ReminderItem, ReminderReportMeta, ReminderSectionInput, Snooze } from "../../../domain/reminders/reminder.js";
import { describeError } from "../../runtime/log.js";
import type { CommandHandler } from "../../runtime/chat.js";
import { UserError, type AppDeps } from "../../runtime/context.js";
import { Outbound } from "../../runtime/outbound.js";
import type { NewOutboxRow, OutboxStore } from "../../ports/outbox-store.js";
import { replyNotice } from "../questionnaire/replies.js";
import { currentReport } from "../questionnaire/reports.js";
import { buildView, type ReportView } from "../overview/report-view.js";
import { loadReportContext } from "../year-over-year/report-context.js";
import type { ReportRecord } from "../../ports/report-store.js";

// -------------------------------------------------------------------------------------------------
// Ports

// The storage port lives in ./reminder-store.ts (storage imports it from there); re-exported for the use cases.
export type { ReminderClaim, ReminderStore } from "../../ports/reminder-store.js";
import type { ReminderStore } from "../../ports/reminder-store.js";

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
  /** Who the reminder is about and their sections (labels): the owners, and null for the unowned sections. */
  owes: { openId: string | null; sections: string[] }[];
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
  /** Collecting reports skipped because their reminders of the day were already sent (their last claim is taken). */
  done: number;
  reminders: ReminderOutcome[];
  /** When nothing was sent: why (周末、节假日、未到提醒时间、无未完成部分…), for people watching the clock. */
  reason?: string;
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
  const result: ReminderPassResult = { date: today, time, planned: 0, sent: 0, skipped: 0, failed: 0, done: 0, reminders: [] };
  // One policy for every report: the defaults, with REMINDER_TIME as the time of day (checked: a bad value keeps 09:00).
  const policy = resolvePolicy({ sendAt: deps.settings.reminderTime ?? DEFAULT_REMINDER_POLICY.sendAt });
  // The scheduler calls this every minute: stay cheap. Nothing on days off; per report nothing before its
  // send time, without a deadline or outside the deadline windows; a report whose last claim of the day is taken
  // is skipped before its answers are read; already-claimed reminders are recognised before any card is built.
  if (!isWorkingDay(deps.calendar, today)) {
    const day = dayInfo(deps.calendar, today);
    result.reason = day.reason === "holiday" ? `今天是节假日${day.name ? `（${day.name}）` : ""}，不发送提醒` : `今天是周末，不发送提醒`;
    return result;
  }
  const ids = await deps.reminders.activeReportIds();
  const why = new Set<string>();
  if (ids.length === 0) why.add("没有进行中的报告");
  // Working days to each deadline, shared by the reports of this pass.
  const cache = createPlanCache();
  const clock = { today, time, calendar: deps.calendar, cache };
  for (const id of ids) {
    try {
      const report = await deps.store.getReport(id);
      if (!report || report.status === "approved") continue;
      if (time < policy.sendAt) {
        why.add(`未到提醒时间（${policy.sendAt}）`);
        continue;
      }
      if (!report.internalDeadline && !report.submissionDeadline) {
        why.add("未设置截止日期");
        continue;
      }
      const [snoozes, approvers] = await Promise.all([
        deps.reminders.snoozes(id),
        deps.approvers ? deps.approvers(id) : Promise.resolve({ firstLevel: [], pending: [] }),
      ]);
      // Deadlines first: nothing due now, or today's reminders already sent (the last claim is taken) → done.
      const due = reminderDue(clock, plannerReport(report, policy, snoozes, approvers));
      if (due === null) {
        why.add("今天不是提醒日（按截止日期前的提醒安排）");
        continue;
      }
      if (due.lastClaimKey !== null && (await deps.reminders.claimed([due.lastClaimKey])).has(due.lastClaimKey)) {
        result.done++;
        why.add("今天的提醒已发送过");
        continue;
      }
      // Only now the answers and owners, and completeness: the same evaluation as the overview's.
      let view: ReportView | null = null;
      let sections: ReminderSectionInput[] = [];
      if (due.needsSections) {
        const [answers, owners, context] = await Promise.all([deps.store.answers(id), deps.store.owners(id), loadReportContext(deps, report)]);
        view = buildView(report, answers, owners, deps.calendar, today, context);
        sections = reminderSections(view.completeness.sections);
      }
      const planned = planDue(due, sections);
      if (planned.length === 0) {
        why.add(report.status === "collecting" && sections.length > 0 && sections.every((x) => x.status === "complete") ? "无未完成部分" : "今天没有要发送的提醒（按截止日期前的提醒安排）");
        continue;
      }
      const done = await deps.reminders.claimed(planned.map((r) => r.claimKey));
      // The last claim goes last: once it is taken, every other reminder of the report is (see reminderDue).
      const order = planned.map((_, k) => k);
      const last = order.findIndex((k) => planned[k]!.claimKey === due.lastClaimKey);
      if (last >= 0) order.push(order.splice(last, 1)[0]!);
      const outcomes = new Array<ReminderOutcome>(planned.length);
      let cards: { view: ReportView; sections: Map<string, SectionInfo> } | null = null;
      for (const k of order) {
        const r = planned[k]!;
        result.planned++;
        const mentions = r.recipient.type === "chat" ? mentionedIn(r) : [];
        const owes = r.items.map((i) => ({ openId: i.openId, sections: i.sections.map((x) => x.label) }));
        if (done.has(r.claimKey)) {
          result.skipped++;
          outcomes[k] = { claimKey: r.claimKey, reportId: r.reportId, kind: r.kind, to: recipientId(r), mentions, owes, sent: false };
          continue;
        }
        if (cards === null) {
          if (view === null) view = buildView(report, await deps.store.answers(id), await deps.store.owners(id), deps.calendar, today, await loadReportContext(deps, report));
          cards = { view, sections: sectionInfos(view) };
        }
        const card = reminderCardFor(r, cards.view, cards.sections, approvers);
        const captured = new CapturedRows();
        const out = new Outbound(captured as unknown as OutboxStore, r.claimKey, now);
        const to = r.recipient.type === "chat" ? { chatId: r.recipient.chatId } : { openId: r.recipient.openId };
        await out.send(to, card, { purpose: `reminder:${r.reportId}:${r.kind}` });
        const recipient = recipientId(r);
        const sent = await deps.reminders.claim({ claimKey: r.claimKey, reportId: r.reportId, recipient, kind: r.kind, date: r.date }, captured.rows, now);
        if (sent) result.sent++;
        else result.skipped++;
        outcomes[k] = { claimKey: r.claimKey, reportId: r.reportId, kind: r.kind, to: recipient, mentions, owes, sent };
      }
      result.reminders.push(...outcomes);
    } catch (e) {
      result.failed++;
      deps.log.error("reminders.report_failed", { reportId: id, error: describeError(e) });
    }
  }
  if (result.sent === 0) {
    if (result.planned > 0 && result.skipped === result.planned) why.add("今天的提醒已发送过");
    if (result.failed > 0) why.add(`${result.failed} 份报告出错`);
    if (why.size > 0) result.reason = [...why].join("；");
  }
  if (result.planned > 0 || result.failed > 0) deps.log.info("reminders.pass", { date: today, time, planned: result.planned, sent: result.sent, skipped: result.skipped, failed: result.failed, done: result.done });
  return result;
}

function recipientId(r: PlannedReminder): string {
  return r.recipient.type === "chat" ? r.recipient.chatId : r.recipient.openId;
}

function mentionedIn(r: PlannedReminder): string[] {
  return r.items.filter((i) => i.mention && i.openId).map((i) => i.openId!);
}

interface SectionInfo {
  section: OutlineSection;
  c: SectionCompleteness;
}

/**
 * The planner's sections: those owed (completeness decides: owed sections, with owners as they apply — a
 * sub-section without owners of its own is its part's owners'), each with why in one line.
 */
export function reminderSections(results: readonly SectionCompleteness[]): ReminderSectionInput[] {
  const list: ReminderSectionInput[] = [];
  for (const c of results) {
    if (!c.owed) continue;
    list.push({ label: c.label, title: c.level === 0 ? "开头（导语）" : c.title, status: c.status, why: whyOwed(c), ownerOpenIds: c.ownerOpenIds });
  }
  return list;
}

/** Why a section is owed, in one line; a part's sub-sections are listed on their own, so not repeated here. */
function whyOwed(c: SectionCompleteness): string {
  if (c.status === "empty") return summarizeReasons({ status: "empty", reasons: [] });
  if (c.childKeys.length === 0) return summarizeReasons(c);
  return summarizeReasons({ status: c.status, reasons: c.reasons.filter((r) => r.code !== "children_attention" && r.code !== "children_incomplete") });
}

/** The planner's view of a report without its sections: deadlines, policy, snoozes, approvers. */
export function plannerReport(r: ReportRecord, policy: ReminderPolicy, snoozes: Snooze[], approvers: ApproverInfo): ReminderReportMeta {
  return {
    reportId: r.id,
    title: r.title,
    status: r.status,
    chatId: r.chatId,
    ownerOpenId: r.ownerOpenId,
    deadlines: { internal: r.internalDeadline, submission: r.submissionDeadline },
    policy,
    snoozes,
    firstLevelApprovers: approvers.firstLevel,
    pendingApprovers: approvers.pending,
  };
}

/** For the cards: the sections reminderSections lists (the owed ones), by label, with their completeness. */
function sectionInfos(view: ReportView): Map<string, SectionInfo> {
  const sections = new Map<string, SectionInfo>();
  for (const s of view.outline) {
    const c = view.byKey.get(s.key);
    if (c?.owed) sections.set(s.label, { section: s, c });
  }
  return sections;
}

// -------------------------------------------------------------------------------------------------
// Cards


function heading(s: OutlineSection): string {
  if (s.level === 0) return "开头（导语）";
  return s.level === 1 ? `${s.label}、${s.title}` : `${s.label}${s.title}`;
}

function oweItem(info: SectionInfo | undefined, fallback: { label: string; title: string }): OweItem {
  if (!info) return { sectionKey: "", heading: `${fallback.label} ${fallback.title}`, issue: "attention" };
  const { section, c } = info;
  const base = { sectionKey: section.key, heading: heading(section) };
  const ph = c.reasons.find((x) => x.code === "placeholders");
  if (ph && ph.code === "placeholders" && c.status === "attention") return { ...base, issue: "placeholders", placeholders: ph.placeholders };
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
  if (!i.mention && !named) return { name: `${name ?? "负责人"}${i.snoozedUntil ? `（暂停提醒至 ${monthDay(i.snoozedUntil)}）` : ""}` };
  return name ? { openId: i.openId, name } : { openId: i.openId };
}

function deadlinesOf(view: ReportView) {
  const r = view.report;
  return {
    internal: r.internalDeadline && view.deadlines.internal !== null ? { date: monthDay(r.internalDeadline), workingDays: view.deadlines.internal } : null,
    submission: r.submissionDeadline && view.deadlines.submission !== null ? { date: monthDay(r.submissionDeadline), workingDays: view.deadlines.submission } : null,
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
      reports = [await currentReport(deps, m.chatId)];
    }
    for (const r of reports) await reminders.snooze(r.id, m.senderOpenId, until, t.now);
    const titles = reports.map((r) => `「${escapeMd(r.title)}」`).join("、");
    await replyNotice(t, where, "已暂停提醒", [
      `<at id=${m.senderOpenId}></at> ${cmd.days} 个工作日内（至 ${monthDay(until)}）不再单独提醒你${titles}，群提醒中也不再 @你。`,
      `${monthDay(resume)}起自动恢复；逾期后仍会告知报告负责人和审批人。`,
    ]);
    return true;
  };
}

/** The reminder capability's chat entry points (registered in the composition root). */
export function reminderFeature(reminders: ReminderStore): { commands: CommandHandler[] } {
  return { commands: [snoozeCommand(reminders)] };
}
