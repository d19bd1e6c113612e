// Reminder planning. Pure: the caller passes today's local date and time (REPORT_TIMEZONE), the
// calendar and the reports; the result is the list of reminders due now. The app sends each one at
// most once, guarded by a durable claim on `claimKey`; planning again later the same day returns the
// same reminders with the same keys.
//
// Planning goes deadlines first: reminderDue says from a report's deadlines, status, policy and snoozes
// alone whether anything is due now (working day, send time, the deadline windows below); only then are
// the report's sections needed (planDue). A pass over many reports therefore evaluates completeness only
// for the reports with a reminder due. planReminders does both for reports that come with their sections.
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
// - The last claim: when a collecting report's reminders are sent, the group reminder (on an
//   escalation-only day: the escalation to the report owner) is claimed last (ReminderDue.lastClaimKey).
//   Once it is claimed, that report's reminders for the day are done and a later pass can skip it
//   without looking at its sections.

import { dayInfo, isRangeCovered, isValidDate, workingDaysBetween, type Calendar } from "./calendar.js";
import { statusText } from "./completeness/reasons.js";
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

/** Everything the planner needs of a report except its sections (enough to tell whether anything is due). */
export type ReminderReportMeta = Omit<ReminderReportInput, "sections">;

/** When planning happens. */
export interface ReminderClock {
  /** Today in the report time zone, YYYY-MM-DD. */
  today: string;
  /** Now in the report time zone, HH:mm. */
  time: string;
  calendar: Calendar;
  /**
   * Shared by the calls of one pass that plans report by report (createPlanCache): working days to each
   * deadline are counted once per pass instead of once per report. Optional; the result is the same.
   */
  cache?: PlanCache;
}

export interface PlanRemindersInput extends ReminderClock {
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

/** Which deadline applies today and what it calls for (the stage of the schedule, an escalation). */
export interface Schedule {
  stage: Stage;
  escalate: boolean;
  which: "internal" | "submission";
  deadlineDate: string;
  left: number;
  covered: boolean;
}

/**
 * Per planning pass: working days and calendar coverage from today to each deadline date, and which dates
 * are valid. Thousands of reports share a handful of deadlines, and each count walks the calendar day by
 * day. Tied to one calendar and one day: planReminders starts it afresh when either changes.
 */
export interface PlanCache {
  calendar: Calendar | null;
  today: string;
  /** Whether today is a working day (for `calendar` and `today`). */
  working: boolean;
  left: Map<string, number>;
  covered: Map<string, boolean>;
  /** isValidDate of deadlines and snooze dates seen in this pass. */
  valid: Map<string, boolean>;
}

/** A cache for the planReminders calls of one pass (see PlanRemindersInput.cache). */
export function createPlanCache(): PlanCache {
  return { calendar: null, today: "", working: false, left: new Map(), covered: new Map(), valid: new Map() };
}

function validDate(cache: PlanCache, date: string): boolean {
  let ok = cache.valid.get(date);
  if (ok === undefined) cache.valid.set(date, (ok = isValidDate(date)));
  return ok;
}

function schedule(cal: Calendar, today: string, deadlines: Deadlines, prefer: "internal" | "submission", policy: ReminderPolicy, cache: PlanCache): Schedule | null {
  const other = prefer === "internal" ? "submission" : "internal";
  const first = deadlines[prefer];
  const second = deadlines[other];
  const which = first ? prefer : second ? other : null;
  const deadlineDate = which ? deadlines[which] : null;
  if (!which || !deadlineDate || !validDate(cache, deadlineDate)) return null;
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

/** `xs` without duplicates; `xs` itself when it has none (the result is only read). */
function uniq<T>(xs: readonly T[]): readonly T[] {
  // Owners and approvers are short lists: avoid a Set for the common cases.
  const n = xs.length;
  if (n < 2) return xs;
  if (n === 2) return xs[0] === xs[1] ? [xs[0]!] : xs;
  const set = new Set(xs);
  return set.size === n ? xs : [...set];
}

/** resolvePolicy() for reports without a policy of their own (the usual case), computed once. */
let defaultPolicy: ReminderPolicy | null = null;
function policyOf(p: Partial<ReminderPolicy> | undefined): ReminderPolicy {
  if (p !== undefined) return resolvePolicy(p);
  return (defaultPolicy ??= resolvePolicy());
}

/** The clock's cache, checked and (re)started for its calendar and day. Throws on an invalid date or time. */
function passCache(clock: ReminderClock): PlanCache {
  const { today, time, calendar } = clock;
  let cache = clock.cache;
  const fresh = cache === undefined || cache.calendar !== calendar || cache.today !== today;
  if (fresh && !isValidDate(today)) throw new RangeError(`无效的日期：${JSON.stringify(today)}（应为 YYYY-MM-DD）`);
  if (!TIME_RE.test(time)) throw new RangeError(`无效的时间：${JSON.stringify(time)}（应为 HH:mm）`);
  if (cache === undefined || fresh) {
    cache ??= createPlanCache();
    cache.calendar = calendar;
    cache.today = today;
    cache.working = dayInfo(calendar, today).working;
    cache.left.clear();
    cache.covered.clear();
    cache.valid.clear();
  }
  return cache;
}

/** A report with something due now (reminderDue): the schedule of the day and the snoozes in force. */
export interface ReminderDue {
  report: ReminderReportMeta;
  today: string;
  sched: Schedule;
  snoozedUntil: Map<string, string> | null;
  /** True for a collecting report: what is due depends on its sections (planDue needs them). */
  needsSections: boolean;
  /**
   * For a collecting report, the claim key of the reminder claimed last when its reminders are sent (the
   * group reminder; on an escalation-only day the escalation to the report owner): once it is claimed, the
   * report's reminders for today are done. null in approval (no sections to evaluate).
   */
  lastClaimKey: string | null;
}

/**
 * Whether anything may be due for the report at `time` on `today`, from its status, policy, deadlines and
 * snoozes alone: null on a day off, before the send time, for an approved report, without a deadline, or
 * outside the deadline windows.
 */
export function reminderDue(clock: ReminderClock, report: ReminderReportMeta): ReminderDue | null {
  const cache = passCache(clock);
  if (!cache.working) return null;
  return dueOf(report, clock.today, clock.time, clock.calendar, cache);
}

function dueOf(report: ReminderReportMeta, today: string, time: string, cal: Calendar, cache: PlanCache): ReminderDue | null {
  if (report.status === "approved") return null;
  const policy = policyOf(report.policy);
  if (time < policy.sendAt) return null;
  const collecting = report.status === "collecting";
  const sched = schedule(cal, today, report.deadlines, collecting ? "internal" : "submission", policy, cache);
  if (!sched || (!sched.stage && !sched.escalate)) return null;
  let lastClaimKey: string | null = null;
  if (collecting) {
    if (sched.stage) lastClaimKey = claimKeyOf(report.reportId, report.chatId, sched.stage, today);
    else if (report.ownerOpenId) lastClaimKey = claimKeyOf(report.reportId, report.ownerOpenId, "escalation", today);
  }
  return { report, today, sched, snoozedUntil: activeSnoozes(report.snoozes, today, cache), needsSections: collecting, lastClaimKey };
}

/** The reminders due for a report reminderDue found due, given its sections (ignored in approval). */
export function planDue(due: ReminderDue, sections: readonly ReminderSectionInput[]): PlannedReminder[] {
  const out: PlannedReminder[] = [];
  planInto(due, sections, out);
  return out;
}

/** Plans the reminders due at `time` on `today`. Deterministic; reports in input order. */
export function planReminders(input: PlanRemindersInput): PlannedReminder[] {
  const cache = passCache(input);
  if (!cache.working) return [];
  const out: PlannedReminder[] = [];
  for (const report of input.reports) {
    const due = dueOf(report, input.today, input.time, input.calendar, cache);
    if (due !== null) planInto(due, report.sections, out);
  }
  return out;
}

function claimKeyOf(reportId: string, recipientId: string, kind: ReminderKind, today: string): string {
  return `${reportId}|${recipientId}|${kind}|${today}`;
}

function reminder(report: ReminderReportMeta, sched: Schedule, today: string, recipient: ReminderRecipient, recipientId: string, kind: ReminderKind, items: ReminderItem[]): PlannedReminder {
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
    claimKey: claimKeyOf(report.reportId, recipientId, kind, today),
  };
}

function toUser(report: ReminderReportMeta, sched: Schedule, today: string, openId: string, kind: ReminderKind, items: ReminderItem[]): PlannedReminder {
  return reminder(report, sched, today, { type: "user", openId }, openId, kind, items);
}

function person(openId: string, sections: ReminderSection[], mentionable: boolean, snoozedUntil: Map<string, string> | null): ReminderItem {
  const until = snoozedUntil?.get(openId);
  return until ? { openId, mention: false, snoozedUntil: until, sections } : { openId, mention: mentionable, sections };
}

/** The report owner and the first-level approvers, once each, without `exclude`. */
function escalationRecipients(report: ReminderReportMeta, exclude: readonly string[]): string[] {
  const ids = uniq([report.ownerOpenId, ...(report.firstLevelApprovers ?? [])]);
  const out: string[] = [];
  for (const id of ids) if (id && !exclude.includes(id)) out.push(id);
  return out;
}

/** Active snoozes by person (the latest end date), or null when there are none. */
function activeSnoozes(snoozes: readonly Snooze[] | undefined, today: string, cache: PlanCache): Map<string, string> | null {
  let snoozedUntil: Map<string, string> | null = null;
  if (snoozes === undefined) return null;
  for (const s of snoozes) {
    if (s.untilDate >= today && validDate(cache, s.untilDate)) {
      snoozedUntil ??= new Map();
      const prev = snoozedUntil.get(s.openId);
      if (!prev || s.untilDate > prev) snoozedUntil.set(s.openId, s.untilDate);
    }
  }
  return snoozedUntil;
}

function planInto(due: ReminderDue, sections: readonly ReminderSectionInput[], out: PlannedReminder[]): void {
  const { report, today, sched, snoozedUntil } = due;
  if (report.status === "collecting") {
    // Owners in order of their first unfinished section (a report has a handful: arrays, not a Map).
    const ownerIds: string[] = [];
    const ownerLists: ReminderSection[][] = [];
    let unowned: ReminderSection[] | null = null;
    for (const s of sections) {
      if (s.status === "complete") continue;
      if (s.required === false && s.status === "empty") continue;
      const entry: ReminderSection = { label: s.label, title: s.title, why: s.why ?? statusText(s.status) };
      const owners = uniq(s.ownerOpenIds);
      if (owners.length === 0) {
        if (unowned === null) unowned = [entry];
        else unowned.push(entry);
      }
      for (let o = 0; o < owners.length; o++) {
        const k = ownerIds.indexOf(owners[o]!);
        if (k >= 0) ownerLists[k]!.push(entry);
        else {
          ownerIds.push(owners[o]!);
          ownerLists.push([entry]);
        }
      }
    }
    const nOwners = ownerIds.length;
    if (nOwners === 0 && unowned === null) return;
    // Then the unowned sections. The lists are kept with the planned reminders: exact-size copies (an array
    // grown by push keeps spare capacity).
    const items: ReminderItem[] = [];
    for (let o = 0; o < nOwners; o++) items.push(person(ownerIds[o]!, fit(ownerLists[o]!), true, snoozedUntil));
    const unownedItem: ReminderItem | null = unowned === null ? null : { openId: null, mention: false, sections: fit(unowned) };
    if (unownedItem) items.push(unownedItem);

    if (sched.stage) {
      const kind = sched.stage;
      out.push(reminder(report, sched, today, { type: "chat", chatId: report.chatId }, report.chatId, kind, items));
      for (let i = 0; i < nOwners; i++) {
        const item = items[i]!;
        if (item.openId && !item.snoozedUntil) out.push(toUser(report, sched, today, item.openId, kind, [item]));
      }
      if (unownedItem && report.ownerOpenId && !snoozedUntil?.has(report.ownerOpenId)) {
        out.push(toUser(report, sched, today, report.ownerOpenId, "unowned", [unownedItem]));
      }
    }
    if (sched.escalate) {
      for (const id of escalationRecipients(report, NO_IDS)) out.push(toUser(report, sched, today, id, "escalation", items.slice()));
    }
    return;
  }

  // in approval
  const pending = uniq(report.pendingApprovers ?? NO_IDS);
  if (pending.length === 0) return;
  if (sched.stage) {
    for (const id of pending) {
      if (!snoozedUntil?.has(id)) out.push(toUser(report, sched, today, id, "approval_pending", [person(id, [], true, snoozedUntil)]));
    }
  }
  if (sched.escalate) {
    const items = pending.map((id) => person(id, [], true, snoozedUntil));
    for (const id of escalationRecipients(report, pending)) out.push(toUser(report, sched, today, id, "escalation", items));
  }
}

const NO_IDS: readonly string[] = Object.freeze([]);

function fit<T>(xs: T[]): T[] {
  return xs.length > 1 ? xs.slice() : xs;
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
