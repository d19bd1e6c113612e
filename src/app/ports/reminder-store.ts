// The reminders' storage port: durable claims (at most one reminder per report, recipient, kind and day) and
// snoozes. Implemented by src/adapters/prisma/reminders.ts; used by the reminder pass in ./reminders.ts.
import type { Snooze } from "../../domain/reminders/reminder.js";
import type { NewOutboxRow } from "./outbox-store.js";

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
