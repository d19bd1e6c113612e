import type { NewOutboxRow, OutboxRow, OutboxStore } from "../../app/ports/outbox-store.js";
import { insertOnce, type Db } from "./db.js";

/** The columns of a new outbox row (also written by the reminder claims, ./reminders.ts). */
export function outboxData(row: NewOutboxRow, now: Date) {
  return {
    uuid: row.uuid,
    kind: row.kind,
    chatKey: row.chatKey,
    payload: row.payload,
    purpose: row.purpose ?? null,
    coalesceKey: row.coalesceKey ?? null,
    nextAttemptAt: row.notBefore,
    createdAt: now,
  };
}

const select = { id: true, uuid: true, chatKey: true, payload: true, purpose: true, attempts: true } as const;

export class PrismaOutboxStore implements OutboxStore {
  constructor(private readonly db: Db) {}

  async enqueue(row: NewOutboxRow, now: Date): Promise<"added" | "coalesced" | "duplicate"> {
    if (row.coalesceKey) {
      // Replace the payload of a row that has not been claimed yet; a row being sent is left alone.
      const { count } = await this.db.outboxMessage.updateMany({
        where: { coalesceKey: row.coalesceKey, status: "pending" },
        data: { payload: row.payload },
      });
      if (count > 0) return "coalesced";
    }
    return (await insertOnce(() => this.db.outboxMessage.create({ data: outboxData(row, now), select: { id: true } }))) ? "added" : "duplicate";
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<OutboxRow[]> {
    const due = await this.db.outboxMessage.findMany({
      where: {
        OR: [
          { status: "pending", nextAttemptAt: { lte: now } },
          { status: "sending", lockedUntil: { lt: now } },
        ],
      },
      orderBy: { id: "asc" },
      take: limit,
      select: { ...select, status: true, lockedUntil: true },
    });
    const claimed: OutboxRow[] = [];
    for (const r of due) {
      const { count } = await this.db.outboxMessage.updateMany({
        where: { id: r.id, status: r.status, lockedUntil: r.lockedUntil },
        data: { status: "sending", lockedUntil: new Date(now.getTime() + leaseMs) },
      });
      if (count === 1) claimed.push({ id: r.id, uuid: r.uuid, chatKey: r.chatKey, payload: r.payload, purpose: r.purpose, attempts: r.attempts });
    }
    return claimed;
  }

  async sent(id: number, resultId: string | null, now: Date): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: { status: "sent", resultId, sentAt: now, lockedUntil: null, attempts: { increment: 1 } },
    });
  }

  async retry(id: number, error: string, at: Date): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: { status: "pending", lastError: error, nextAttemptAt: at, lockedUntil: null, attempts: { increment: 1 } },
    });
  }

  async failed(id: number, error: string): Promise<void> {
    await this.db.outboxMessage.update({ where: { id }, data: { status: "failed", lastError: error, lockedUntil: null, attempts: { increment: 1 } } });
  }

  async release(id: number, at: Date): Promise<void> {
    await this.db.outboxMessage.update({ where: { id }, data: { status: "pending", nextAttemptAt: at, lockedUntil: null } });
  }

  async backlog(): Promise<{ pending: number; failed: number }> {
    const [pending, failed] = await Promise.all([
      this.db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } }),
      this.db.outboxMessage.count({ where: { status: "failed" } }),
    ]);
    return { pending, failed };
  }

  async releaseAbandoned(now: Date): Promise<number> {
    const { count } = await this.db.outboxMessage.updateMany({ where: { status: "sending" }, data: { status: "pending", lockedUntil: null, nextAttemptAt: now } });
    return count;
  }
}
