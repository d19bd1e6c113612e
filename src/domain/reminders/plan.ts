// Reminder planning, second half: who gets which reminder for a report reminderDue (due.ts) found due, given
// its sections. planReminders does both halves for reports that come with their sections.
//
// Rules
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

import { sectionStatusWord } from "../vocabulary.js";
import { dueOf, passCache, type ReminderClock, type ReminderDue, type Schedule } from "./due.js";
import { claimKeyOf, type PlannedReminder, type ReminderItem, type ReminderKind, type ReminderRecipient, type ReminderReportInput, type ReminderReportMeta, type ReminderSection, type ReminderSectionInput } from "./reminder.js";

export interface PlanRemindersInput extends ReminderClock {
  reports: readonly ReminderReportInput[];
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
      const entry: ReminderSection = { label: s.label, title: s.title, why: s.why ?? sectionStatusWord(s.status) };
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

