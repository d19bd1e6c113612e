// What reminder planning takes and gives: a report with its sections, owners, approvers and snoozes; the
// reminders due, each with its recipient, kind and the key it is claimed by before it is sent.
import type { Deadlines, ReportStatus, SectionStatus } from "../model.js";
import type { ReminderPolicy } from "./policy.js";

export type ReminderKind = "before_deadline" | "due_today" | "overdue" | "escalation" | "approval_pending" | "unowned";

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

export function claimKeyOf(reportId: string, recipientId: string, kind: ReminderKind, today: string): string {
  return `${reportId}|${recipientId}|${kind}|${today}`;
}
