import type { InboxRow, InboxStore, NewInboxRow } from "../../app/ports/inbox-store.js";
import { insertOnce, type Db } from "./db.js";

const select = { id: true, eventId: true, eventType: true, chatId: true, payload: true, attempts: true } as const;

export class PrismaInboxStore implements InboxStore {
  constructor(private readonly db: Db) {}

  async add(row: NewInboxRow, now: Date): Promise<boolean> {
    return insertOnce(() =>
      this.db.inboxEvent.create({
        data: {
          eventId: row.eventId,
          messageId: row.messageId ?? null,
          eventType: row.eventType,
          chatId: row.chatId ?? null,
          payload: row.payload,
          nextAttemptAt: now,
          receivedAt: now,
        },
        select: { id: true },
      }),
    );
  }

  async claim(eventId: string, now: Date, leaseMs: number): Promise<InboxRow | null> {
    const { count } = await this.db.inboxEvent.updateMany({
      where: { eventId, status: "pending" },
      data: { status: "processing", lockedUntil: new Date(now.getTime() + leaseMs) },
    });
    if (count !== 1) return null;
    return this.db.inboxEvent.findUnique({ where: { eventId }, select });
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<InboxRow[]> {
    const due = await this.db.inboxEvent.findMany({
      where: {
        OR: [
          { status: "pending", nextAttemptAt: { lte: now } },
          { status: "processing", lockedUntil: { lt: now } },
        ],
      },
      orderBy: { id: "asc" },
      take: limit,
      select: { ...select, status: true, lockedUntil: true },
    });
    const claimed: InboxRow[] = [];
    for (const r of due) {
      const { count } = await this.db.inboxEvent.updateMany({
        where: { id: r.id, status: r.status, lockedUntil: r.lockedUntil },
        data: { status: "processing", lockedUntil: new Date(now.getTime() + leaseMs) },
      });
      if (count === 1) claimed.push({ id: r.id, eventId: r.eventId, eventType: r.eventType, chatId: r.chatId, payload: r.payload, attempts: r.attempts });
    }
    return claimed;
  }

  async complete(id: number, now: Date): Promise<void> {
    await this.db.inboxEvent.update({ where: { id }, data: { status: "done", processedAt: now, lockedUntil: null, lastError: null } });
  }

  async fail(id: number, error: string, retryAt: Date | null): Promise<void> {
    await this.db.inboxEvent.update({
      where: { id },
      data: {
        status: retryAt ? "pending" : "failed",
        attempts: { increment: 1 },
        lastError: error,
        lockedUntil: null,
        ...(retryAt ? { nextAttemptAt: retryAt } : {}),
      },
    });
  }

  async backlog(): Promise<{ pending: number; failed: number }> {
    const [pending, failed] = await Promise.all([
      this.db.inboxEvent.count({ where: { status: { in: ["pending", "processing"] } } }),
      this.db.inboxEvent.count({ where: { status: "failed" } }),
    ]);
    return { pending, failed };
  }

  async purgePayloads(receivedBefore: Date, now: Date, limit: number): Promise<number> {
    // The (purgedAt, receivedAt) index keeps this to the rows not purged yet, however long the history.
    const { count } = await this.db.inboxEvent.updateMany({
      where: { purgedAt: null, receivedAt: { lt: receivedBefore }, status: { in: ["done", "failed"] } },
      data: { payload: "", purgedAt: now },
      limit,
    });
    return count;
  }

  async releaseAbandoned(now: Date): Promise<number> {
    const { count } = await this.db.inboxEvent.updateMany({ where: { status: "processing" }, data: { status: "pending", lockedUntil: null, nextAttemptAt: now } });
    return count;
  }
}
