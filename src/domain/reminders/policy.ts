// A report's reminder policy: on which working days before and after the deadline, from what time, when to
// escalate. The defaults apply wherever a report sets nothing.

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

export const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The effective policy: defaults, then the report's values; daysBefore sorted descending, deduplicated, positive integers. */
export function resolvePolicy(p?: Partial<ReminderPolicy>): ReminderPolicy {
  const merged: ReminderPolicy = { ...DEFAULT_REMINDER_POLICY, daysBefore: [...DEFAULT_REMINDER_POLICY.daysBefore], ...(p ?? {}) };
  const daysBefore = [...new Set(merged.daysBefore.filter((n) => Number.isInteger(n) && n > 0))].sort((a, b) => b - a);
  const esc = Number.isInteger(merged.escalateAfterWorkingDays) && merged.escalateAfterWorkingDays > 0 ? merged.escalateAfterWorkingDays : DEFAULT_REMINDER_POLICY.escalateAfterWorkingDays;
  const sendAt = TIME_RE.test(merged.sendAt) ? merged.sendAt : DEFAULT_REMINDER_POLICY.sendAt;
  return { ...merged, daysBefore, escalateAfterWorkingDays: esc, sendAt };
}

/** resolvePolicy() for reports without a policy of their own (the usual case), computed once. */
let defaultPolicy: ReminderPolicy | null = null;
export function policyOf(p: Partial<ReminderPolicy> | undefined): ReminderPolicy {
  if (p !== undefined) return resolvePolicy(p);
  return (defaultPolicy ??= resolvePolicy());
}
