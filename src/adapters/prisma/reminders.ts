// Reminder storage: which reports to consider, durable claims (one row per report, recipient, kind and
// date — the table's primary key), and snoozes. The outbox rows a claim sends are written before the claim,
// with uuids derived from the claim key, so a crash can leave neither "claimed but never queued" nor
// "queued twice" — on SQLite and on D1 alike (no transaction needed).
import type { NewOutboxRow } from "../../app/ports/outbox-store.js";
import type { ReminderClaim, ReminderStore } from "../../app/ports/reminder-store.js";
import type { Snooze } from "../../domain/reminders/reminder.js";
import { insertOnce, type Db } from "./db.js";
import { outboxData } from "./outbox.js";

export class PrismaReminderStore implements ReminderStore {
  constructor(private readonly db: Db) {}

  async activeReportIds(): Promise<string[]> {
    const rows = await this.db.report.findMany({ where: { status: { in: ["collecting", "in_approval"] }, archived: false }, select: { id: true }, orderBy: { createdAt: "asc" } });
    return rows.map((r) => r.id);
  }

  async claim(c: ReminderClaim, rows: NewOutboxRow[], now: Date): Promise<boolean> {
    // Outbox rows first, then the claim: D1 cannot roll a batch back, so the order must make every partial
    // failure harmless. The rows' uuids derive from the claim key, so queuing them again is a no-op; a crash
    // after queuing and before claiming only means the next pass claims what is already queued.
    for (const r of rows) await insertOnce(() => this.db.outboxMessage.create({ data: outboxData(r, now), select: { id: true } }));
    return insertOnce(() =>
      this.db.reminderClaim.create({ data: { claimKey: c.claimKey, reportId: c.reportId, recipient: c.recipient, kind: c.kind, date: c.date, createdAt: now } }),
    );
  }

  async claimed(claimKeys: string[]): Promise<Set<string>> {
    const rows = await this.db.reminderClaim.findMany({ where: { claimKey: { in: claimKeys } }, select: { claimKey: true } });
    return new Set(rows.map((r) => r.claimKey));
  }

  async snoozes(reportId: string): Promise<Snooze[]> {
    const rows = await this.db.snooze.findMany({ where: { reportId } });
    return rows.map((r) => ({ openId: r.openId, untilDate: r.untilDate }));
  }

  async snooze(reportId: string, openId: string, untilDate: string, now: Date): Promise<void> {
    await this.db.snooze.upsert({
      where: { reportId_openId: { reportId, openId } },
      create: { reportId, openId, untilDate, createdAt: now },
      update: { untilDate, createdAt: now },
    });
  }
}
