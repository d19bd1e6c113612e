// Reminder planning. Pure: the caller passes today's local date and time (REPORT_TIMEZONE), the
// calendar and the reports; the result is the list of reminders due now. The app sends each one at
// most once, guarded by a durable claim on `claimKey`; planning again later the same day returns the
// same reminders with the same keys.
//
// Rules
// - Nothing on a non-working day (holiday data + 调休; uncovered years fall back to Monday–Friday and
//   every reminder says calendarCovered=false), nothing before policy.sendAt, nothing for approved reports.
// - Collecting reports use the internal deadline, or the submission deadline when there is no internal
//   one. Reports in approval use the submission deadline, or the internal one.
// - The schedule (stage) on a working day, with L = workingDaysBetween(today, deadline):
//     before_deadline  today < deadline and L ∈ policy.daysBefore; also L = 0 before the deadline
//                      (the deadline falls on a day off and today is the last working day before it)
//                      when policy.onDay is set;
//     due_today        today = deadline and policy.onDay;
//     overdue          today > deadline, every working day if policy.overdueDaily, else only on the
//                      first working day after the deadline (L = -1);
//     escalation       today > deadline and -L ≥ policy.escalateAfterWorkingDays (every working day from
//                      then on if overdueDaily, else only on the day it is reached).
// - Collecting, on a stage day, for the sections not complete (required ones, and optional ones that
//   have been started):
//     one group reminder (chat) listing every owner's unfinished sections and the unowned ones; it
//       @-mentions exactly the owners of unfinished sections who have not snoozed;
//     one private nudge per owner (not snoozed) with only their own sections;
//     one 'unowned' reminder to the report owner listing sections without an owner;
//     on escalation days, one 'escalation' to the report owner and each first-level approver, saying
//       who is late (snoozed owners included: a snooze silences one's own nudges, not the escalation).
// - In approval, on a stage day: 'approval_pending' to each approver with a pending decision; on
//   escalation days, 'escalation' to the report owner and the first-level approvers who are not
//   themselves pending, listing the pending approvers.
// - Snoozes: a snooze { openId, untilDate } is active while today ≤ untilDate. A snoozed person gets no
//   private reminder for that report (nudge, unowned, approval_pending); in the group reminder their
//   sections are still listed (the group sees the real state) but they are not @-mentioned.

import { dayInfo, isRangeCovered, isValidDate, workingDaysBetween, type Calendar } from "./calendar.js";
import type { Deadlines, ReportStatus, SectionStatus } from "./model.js";

export type ReminderKind = "before_deadline" | "due_today" | "overdue" | "escalation" | "approval_pending" | "unowned";

export interface ReminderPolicy {
  /** Working days before the deadline on which to remind, e.g. [5, 3, 1]. */
  daysBefore: number[];
  /** Remind on the deadline day itself. */
  onDay: boolean;
  /** Remind every working day once overdue (else only the first working day after the deadline). */
  overdueDaily: boolean;
  /** Escalate when overdue by at least this many working days. */
  escalateAfterWorkingDays: number;
  /** Local time 'HH:mm' from which reminders may be sent. */
  sendAt: string;
}

export const DEFAULT_REMINDER_POLICY: Readonly<ReminderPolicy> = Object.freeze({
  daysBefore: [5, 3, 1],
  onDay: true,
  overdueDaily: true,
  escalateAfterWorkingDays: 2,
  sendAt: "09:30",
});

export interface ReminderSectionInput {
  /** Address, e.g. "一（二）". */
  label: string;
  title: string;
  status: SectionStatus;
  /** Why it is not complete, in Chinese (e.g. completeness summarizeReasons); defaults to the status. */
  why?: string;
  ownerOpenIds: readonly string[];
  /** Optional sections that are still empty are not reminded about. Default true. */
  required?: boolean;
}

export interface Snooze {
  openId: string;
  /** Last day (inclusive, YYYY-MM-DD) of the snooze. */
  untilDate: string;
}

export interface ReminderReportInput {
  reportId: string;
  title: string;
  status: ReportStatus;
  chatId: string;
  /** The report owner. */
  ownerOpenId: string;
  deadlines: Deadlines;
  policy?: Partial<ReminderPolicy>;
  sections: readonly ReminderSectionInput[];
  snoozes?: readonly Snooze[];
  firstLevelApprovers?: readonly string[];
  /** Approvers whose decision is pending (meaningful while in approval). */
  pendingApprovers?: readonly string[];
}

export interface PlanRemindersInput {
  /** Today in the report time zone, YYYY-MM-DD. */
  today: string;
  /** Now in the report time zone, HH:mm. */
  time: string;
  calendar: Calendar;
  reports: readonly ReminderReportInput[];
}

export type ReminderRecipient = { type: "chat"; chatId: string } | { type: "user"; openId: string };

export interface ReminderSection {
  label: string;
  title: string;
  why: string;
}

export interface ReminderItem {
  /** The person concerned (section owner or pending approver); null for unowned sections. */
  openId: string | null;
  /** Whether to @-mention this person (group reminders): false when snoozed or unowned. */
  mention: boolean;
  /** Set when the person has snoozed reminders. */
  snoozedUntil?: string;
  /** Their unfinished sections (empty for a pending approval). */
  sections: ReminderSection[];
}

export interface PlannedReminder {
  reportId: string;
  reportTitle: string;
  recipient: ReminderRecipient;
  kind: ReminderKind;
  deadline: "internal" | "submission";
  deadlineDate: string;
  /** Today. */
  date: string;
  /** workingDaysBetween(today, deadline): > 0 before, 0 on the day, < 0 overdue. */
  workingDaysLeft: number;
  items: ReminderItem[];
  /** False when today or the deadline lies in a year without holiday data (Monday–Friday assumed). */
  calendarCovered: boolean;
  /** `${reportId}|${recipientId}|${kind}|${date}`: claim it durably before sending. */
  claimKey: string;
}

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The effective policy: defaults, then the report's values; daysBefore sorted descending, deduplicated, positive integers. */
export function resolvePolicy(p?: Partial<ReminderPolicy>): ReminderPolicy {
  const merged: ReminderPolicy = { ...DEFAULT_REMINDER_POLICY, daysBefore: [...DEFAULT_REMINDER_POLICY.daysBefore], ...(p ?? {}) };
  const daysBefore = [...new Set(merged.daysBefore.filter((n) => Number.isInteger(n) && n > 0))].sort((a, b) => b - a);
  const esc = Number.isInteger(merged.escalateAfterWorkingDays) && merged.escalateAfterWorkingDays > 0 ? merged.escalateAfterWorkingDays : DEFAULT_REMINDER_POLICY.escalateAfterWorkingDays;
  const sendAt = TIME_RE.test(merged.sendAt) ? merged.sendAt : DEFAULT_REMINDER_POLICY.sendAt;
  return { ...merged, daysBefore, escalateAfterWorkingDays: esc, sendAt };
}

type Stage = "before_deadline" | "due_today" | "overdue" | null;

interface Schedule {
  stage: Stage;
  escalate: boolean;
  which: "internal" | "submission";
  deadlineDate: string;
  left: number;
  covered: boolean;
}

/**
 * Per planning pass: working days and calendar coverage from today to each deadline date. Thousands of
 * reports share a handful of deadlines, and each count walks the calendar day by day.
 */
interface DeadlineCache {
  left: Map<string, number>;
  covered: Map<string, boolean>;
}

function schedule(cal: Calendar, today: string, deadlines: Deadlines, prefer: "internal" | "submission", policy: ReminderPolicy, cache: DeadlineCache): Schedule | null {
  const other = prefer === "internal" ? "submission" : "internal";
  const first = deadlines[prefer];
  const second = deadlines[other];
  const which = first ? prefer : second ? other : null;
  const deadlineDate = which ? deadlines[which] : null;
  if (!which || !deadlineDate || !isValidDate(deadlineDate)) return null;
  let left = cache.left.get(deadlineDate);
  if (left === undefined) cache.left.set(deadlineDate, (left = workingDaysBetween(cal, today, deadlineDate)));
  let covered = cache.covered.get(deadlineDate);
  if (covered === undefined) cache.covered.set(deadlineDate, (covered = isRangeCovered(cal, today, deadlineDate)));
  let stage: Stage = null;
  let escalate = false;
  if (today < deadlineDate) {
    if (policy.daysBefore.includes(left) || (left === 0 && policy.onDay)) stage = "before_deadline";
  } else if (today === deadlineDate) {
    if (policy.onDay) stage = "due_today";
  } else {
    const late = -left;
    if (policy.overdueDaily || late === 1) stage = "overdue";
    const n = policy.escalateAfterWorkingDays;
    escalate = late >= n && (policy.overdueDaily || late === n);
  }
  return { stage, escalate, which, deadlineDate, left, covered };
}

const STATUS_WHY: Record<SectionStatus, string> = { empty: "未填写", draft: "未完成", attention: "需核实", complete: "已完成" };

function uniq<T>(xs: readonly T[]): T[] {
  // Owners and approvers are short lists: avoid a Set for the common cases.
  const n = xs.length;
  if (n === 0) return [];
  if (n === 1) return [xs[0]!];
  if (n === 2) return xs[0] === xs[1] ? [xs[0]!] : [xs[0]!, xs[1]!];
  return [...new Set(xs)];
}

/** resolvePolicy() for reports without a policy of their own (the usual case), computed once. */
let defaultPolicy: ReminderPolicy | null = null;
function policyOf(p: Partial<ReminderPolicy> | undefined): ReminderPolicy {
  if (p !== undefined) return resolvePolicy(p);
  return (defaultPolicy ??= resolvePolicy());
}

/** Plans the reminders due at `time` on `today`. Deterministic; reports in input order. */
export function planReminders(input: PlanRemindersInput): PlannedReminder[] {
  const { today, time, calendar } = input;
  if (!isValidDate(today)) throw new RangeError(`无效的日期：${JSON.stringify(today)}（应为 YYYY-MM-DD）`);
  if (!TIME_RE.test(time)) throw new RangeError(`无效的时间：${JSON.stringify(time)}（应为 HH:mm）`);
  const day = dayInfo(calendar, today);
  if (!day.working) return [];
  const out: PlannedReminder[] = [];
  const cache: DeadlineCache = { left: new Map(), covered: new Map() };
  for (const report of input.reports) {
    const planned = planReport(report, today, time, calendar, cache);
    for (let i = 0; i < planned.length; i++) out.push(planned[i]!);
  }
  return out;
}

function planReport(report: ReminderReportInput, today: string, time: string, cal: Calendar, cache: DeadlineCache): PlannedReminder[] {
  if (report.status === "approved") return [];
  const policy = policyOf(report.policy);
  if (time < policy.sendAt) return [];
  const sched = schedule(cal, today, report.deadlines, report.status === "collecting" ? "internal" : "submission", policy, cache);
  if (!sched || (!sched.stage && !sched.escalate)) return [];

  const snoozedUntil = new Map<string, string>();
  for (const s of report.snoozes ?? []) {
    if (isValidDate(s.untilDate) && s.untilDate >= today) {
      const prev = snoozedUntil.get(s.openId);
      if (!prev || s.untilDate > prev) snoozedUntil.set(s.openId, s.untilDate);
    }
  }

  const out: PlannedReminder[] = [];
  const make = (recipient: ReminderRecipient, kind: ReminderKind, items: ReminderItem[]): PlannedReminder => {
    const recipientId = recipient.type === "chat" ? recipient.chatId : recipient.openId;
    return {
      reportId: report.reportId,
      reportTitle: report.title,
      recipient,
      kind,
      deadline: sched.which,
      deadlineDate: sched.deadlineDate,
      date: today,
      workingDaysLeft: sched.left,
      items,
      calendarCovered: sched.covered,
      claimKey: `${report.reportId}|${recipientId}|${kind}|${today}`,
    };
  };
  const person = (openId: string, sections: ReminderSection[], mentionable: boolean): ReminderItem => {
    const until = snoozedUntil.get(openId);
    return until ? { openId, mention: false, snoozedUntil: until, sections } : { openId, mention: mentionable, sections };
  };
  const user = (openId: string): ReminderRecipient => ({ type: "user", openId });
  const escalationRecipients = (exclude: ReadonlySet<string>) =>
    uniq([report.ownerOpenId, ...(report.firstLevelApprovers ?? [])]).filter((id) => id && !exclude.has(id));

  if (report.status === "collecting") {
    const byOwner = new Map<string, ReminderSection[]>();
    const unowned: ReminderSection[] = [];
    for (const s of report.sections) {
      if (s.status === "complete") continue;
      if (s.required === false && s.status === "empty") continue;
      const entry: ReminderSection = { label: s.label, title: s.title, why: s.why ?? STATUS_WHY[s.status] };
      const owners = uniq(s.ownerOpenIds);
      if (owners.length === 0) unowned.push(entry);
      for (const o of owners) {
        let list = byOwner.get(o);
        if (!list) byOwner.set(o, (list = []));
        list.push(entry);
      }
    }
    if (byOwner.size === 0 && unowned.length === 0) return [];
    const ownerItems = [...byOwner].map(([openId, sections]) => person(openId, sections, true));
    const unownedItem: ReminderItem[] = unowned.length > 0 ? [{ openId: null, mention: false, sections: unowned }] : [];

    if (sched.stage) {
      const kind = sched.stage;
      out.push(make({ type: "chat", chatId: report.chatId }, kind, [...ownerItems, ...unownedItem]));
      for (const item of ownerItems) {
        if (item.openId && !item.snoozedUntil) out.push(make(user(item.openId), kind, [item]));
      }
      if (unowned.length > 0 && report.ownerOpenId && !snoozedUntil.has(report.ownerOpenId)) {
        out.push(make(user(report.ownerOpenId), "unowned", unownedItem));
      }
    }
    if (sched.escalate) {
      for (const id of escalationRecipients(new Set())) out.push(make(user(id), "escalation", [...ownerItems, ...unownedItem]));
    }
    return out;
  }

  // in approval
  const pending = uniq(report.pendingApprovers ?? []);
  if (pending.length === 0) return [];
  if (sched.stage) {
    for (const id of pending) {
      if (!snoozedUntil.has(id)) out.push(make(user(id), "approval_pending", [person(id, [], true)]));
    }
  }
  if (sched.escalate) {
    const items = pending.map((id) => person(id, [], true));
    for (const id of escalationRecipients(new Set(pending))) out.push(make(user(id), "escalation", items));
  }
  return out;
}

/** A one-line headline in Chinese, e.g. "距内部截止日期（2026-11-20）还有 3 个工作日". */
export function reminderHeadline(r: PlannedReminder): string {
  const name = r.deadline === "internal" ? "内部截止日期" : "报送截止日期";
  let text: string;
  switch (r.kind) {
    case "before_deadline":
      text = r.workingDaysLeft > 0 ? `距${name}（${r.deadlineDate}）还有 ${r.workingDaysLeft} 个工作日` : `${name}（${r.deadlineDate}）为非工作日，今天是截止前最后一个工作日`;
      break;
    case "due_today":
      text = `今天是${name}（${r.deadlineDate}）`;
      break;
    case "overdue":
      text = `已超过${name}（${r.deadlineDate}）${-r.workingDaysLeft} 个工作日`;
      break;
    case "escalation":
      text = `已超过${name}（${r.deadlineDate}）${-r.workingDaysLeft} 个工作日，以下事项仍未完成`;
      break;
    case "approval_pending":
      text = `报告待您审批，${name}为 ${r.deadlineDate}`;
      break;
    case "unowned":
      text = `以下章节尚未指定负责人，${name}为 ${r.deadlineDate}`;
      break;
  }
  return r.calendarCovered ? text : `${text}（该年度节假日安排尚未收录，工作日按周一至周五估算）`;
}
