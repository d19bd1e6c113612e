// Reminder planning, first half: whether anything is due. Pure: the caller passes today's local date and
// time (REPORT_TIMEZONE), the calendar and the reports; the result is the list of reminders due now. The app
// sends each one at most once, guarded by a durable claim on `claimKey`; planning again later the same day
// returns the same reminders with the same keys.
//
// Planning goes deadlines first: reminderDue says from a report's deadlines, status, policy and snoozes
// alone whether anything is due now (working day, send time, the deadline windows below); only then are
// the report's sections needed (planDue, in plan.ts). A pass over many reports therefore evaluates
// completeness only for the reports with a reminder due. planReminders does both for reports that come with
// their sections.
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
// - The last claim: when a collecting report's reminders are sent, the group reminder (on an
//   escalation-only day: the escalation to the report owner) is claimed last (ReminderDue.lastClaimKey).
//   Once it is claimed, that report's reminders for the day are done and a later pass can skip it
//   without looking at its sections.

import { dayInfo, isRangeCovered, isValidDate, workingDaysBetween, type Calendar } from "../calendar.js";
import type { Deadlines } from "../model.js";
import { policyOf, TIME_RE, type ReminderPolicy } from "./policy.js";
import { claimKeyOf, type ReminderReportMeta, type Snooze } from "./reminder.js";

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

/** The clock's cache, checked and (re)started for its calendar and day. Throws on an invalid date or time. */
export function passCache(clock: ReminderClock): PlanCache {
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

/** reminderDue once the pass's cache is checked and today is a working day (planReminders calls it per report). */
export function dueOf(report: ReminderReportMeta, today: string, time: string, cal: Calendar, cache: PlanCache): ReminderDue | null {
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
