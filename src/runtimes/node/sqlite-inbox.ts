// The inbox on Node: its own better-sqlite3 connection to the app's SQLite file, prepared statements, and
// group commit. Inserts that arrive in the same event-loop turn share one transaction; each caller's promise
// resolves only after that commit, so the webhook still answers 200 only for an event that is stored.
// Workers keep PrismaInboxStore (D1).
//
// Durability: WAL with synchronous=NORMAL. A commit is in the WAL before the 200 is sent, so it survives a
// crash of the process; on power loss or an OS crash the last commits before the most recent checkpoint's
// sync may be lost (SQLite's documented trade-off for NORMAL in WAL mode). Pass { synchronous: "FULL" } where
// that matters: group commit pays the extra fsync once per batch, not once per event.
//
// Locking: the Prisma connection lives in the same thread. SQLite's busy handler sleeps synchronously, which
// would stop the very event loop that has to finish Prisma's transaction, so this connection does not wait
// inside SQLite (busy_timeout = 0) and retries SQLITE_BUSY asynchronously with back-off instead.
//
// Dates are written the way @prisma/adapter-better-sqlite3 writes DateTime (its default "iso8601" format,
// `toISOString()` with "Z" → "+00:00"), so Prisma reads these rows, and comparisons on the text columns
// (`nextAttemptAt <= ?`) order the same way whichever side wrote the row.
import Database from "better-sqlite3";
import type { InboxRow, InboxStore, NewInboxRow } from "../../app/ports/inbox-store.js";
import type { WriteObserver } from "../../app/ports/write-observer.js";

/** A Date as Prisma's SQLite adapter stores it: '2025-03-10T02:03:04.567+00:00'. */
export function sqliteDateTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

const RETURNING = "RETURNING id, eventId, eventType, chatId, payload, attempts";
/** How long a statement keeps retrying while the database is locked by another connection. */
const BUSY_GIVE_UP_MS = 10_000;

/** A write waiting for the next group commit: `run` executes inside the shared transaction. */
interface Waiting {
  run(): unknown;
  resolve(value: unknown): void;
  reject(e: unknown): void;
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

export interface SqliteInboxOptions {
  /** WAL synchronous level; NORMAL by default (see the header). */
  synchronous?: "NORMAL" | "FULL";
  /** wal_autocheckpoint for this connection; 0 when a checkpointer runs elsewhere (src/runtimes/node/sqlite-checkpointer.ts). */
  walAutoCheckpoint?: number;
  /** Told when a commit changed rows and when one failed for a storage reason (src/app/runtime/write-health.ts). */
  writes?: WriteObserver;
}

/** Constraint errors are about the rows; anything else from SQLite (full, I/O, read-only, locked too long) is the storage's. */
function isStorageError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return !(typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT"));
}

export class SqliteInboxStore implements InboxStore {
  private readonly db: Database.Database;
  private queue: Waiting[] = [];
  private scheduled = false;
  /** When the batch at the head of the queue first found the database locked. */
  private busySince: number | null = null;
  private closed = false;

  private readonly insertStmt: Database.Statement;
  private readonly insertClaimedStmt: Database.Statement;
  private readonly commitBatch: Database.Transaction<(batch: Waiting[]) => unknown[]>;
  private readonly claimStmt: Database.Statement;
  private readonly claimDueStmt: Database.Statement;
  private readonly completeStmt: Database.Statement;
  private readonly failStmt: Database.Statement;
  private readonly backlogStmt: Database.Statement;
  private readonly releaseStmt: Database.Statement;
  private readonly touchMemberStmt: Database.Statement;
  private readonly purgeStmt: Database.Statement;
  private readonly totalChangesStmt: Database.Statement;
  private totalChanges = 0;
  private readonly writes: WriteObserver | undefined;

  /** Opens its own connection to `path` (an SQLite file already migrated, e.g. by migrateSqlite). */
  constructor(path: string, opts: SqliteInboxOptions = {}) {
    this.db = new Database(path, { fileMustExist: true, timeout: 0 });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`synchronous = ${opts.synchronous ?? "NORMAL"}`);
    this.db.pragma("busy_timeout = 0");
    if (opts.walAutoCheckpoint !== undefined) this.setAutoCheckpoint(opts.walAutoCheckpoint);
    this.insertStmt = this.db.prepare(
      `INSERT INTO "InboxEvent" (eventId, messageId, eventType, chatId, payload, status, attempts, nextAttemptAt, receivedAt)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING`,
    );
    // Stored already claimed by this process (see addClaimed): the same row the claim UPDATE would leave.
    this.insertClaimedStmt = this.db.prepare(
      `INSERT INTO "InboxEvent" (eventId, messageId, eventType, chatId, payload, status, attempts, nextAttemptAt, receivedAt, lockedUntil)
       VALUES (?, ?, ?, ?, ?, 'processing', 0, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
    );
    this.commitBatch = this.db.transaction((batch: Waiting[]) => batch.map((w) => w.run()));
    this.claimStmt = this.db.prepare(`UPDATE "InboxEvent" SET status = 'processing', lockedUntil = ? WHERE eventId = ? AND status = 'pending' ${RETURNING}`);
    this.claimDueStmt = this.db.prepare(
      `UPDATE "InboxEvent" SET status = 'processing', lockedUntil = ?
       WHERE id IN (SELECT id FROM "InboxEvent"
                    WHERE (status = 'pending' AND nextAttemptAt <= ?) OR (status = 'processing' AND lockedUntil < ?)
                    ORDER BY id LIMIT ?)
       ${RETURNING}`,
    );
    this.completeStmt = this.db.prepare(`UPDATE "InboxEvent" SET status = 'done', processedAt = ?, lockedUntil = NULL, lastError = NULL WHERE id = ?`);
    this.failStmt = this.db.prepare(
      `UPDATE "InboxEvent" SET status = ?, attempts = attempts + 1, lastError = ?, lockedUntil = NULL, nextAttemptAt = COALESCE(?, nextAttemptAt) WHERE id = ?`,
    );
    this.backlogStmt = this.db.prepare(
      `SELECT (SELECT COUNT(*) FROM "InboxEvent" WHERE status IN ('pending', 'processing')) AS pending,
              (SELECT COUNT(*) FROM "InboxEvent" WHERE status = 'failed') AS failed`,
    );
    this.touchMemberStmt = this.db.prepare(
      `INSERT INTO "ChatMember" (chatId, openId, lastSeen) VALUES (?, ?, ?) ON CONFLICT (chatId, openId) DO UPDATE SET lastSeen = excluded.lastSeen`,
    );
    this.releaseStmt = this.db.prepare(`UPDATE "InboxEvent" SET status = 'pending', lockedUntil = NULL, nextAttemptAt = ? WHERE status = 'processing'`);
    // Through the (purgedAt, receivedAt) index: only rows not purged yet are visited, so the cost does not grow with history.
    this.purgeStmt = this.db.prepare(
      `UPDATE "InboxEvent" SET payload = '', purgedAt = ?
       WHERE id IN (SELECT id FROM "InboxEvent" WHERE purgedAt IS NULL AND receivedAt < ? AND status IN ('done', 'failed') LIMIT ?)`,
    );
    this.totalChangesStmt = this.db.prepare("SELECT total_changes()").pluck();
    this.writes = opts.writes;
  }

  /** Pages of WAL after which a commit on this connection checkpoints (0: never; SQLite's default is 1000). */
  setAutoCheckpoint(pages: number): void {
    this.db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(pages))}`);
  }

  add(row: NewInboxRow, now: Date): Promise<boolean> {
    const at = sqliteDateTime(now);
    // Deduplication by either unique key (eventId, messageId) needs no exception: changes is 0 for a repeat.
    return this.enqueue(() => this.insertStmt.run(row.eventId, row.messageId ?? null, row.eventType, row.chatId ?? null, row.payload, at, at).changes === 1);
  }

  /**
   * Stores the row already claimed (processing, leased until now + leaseMs) in the same statement: no claim
   * UPDATE for an event this process handles right after the acknowledgement. Null for a repeat. If the
   * process dies first, start-up's releaseAbandoned (or the lease's expiry) hands the row back to the sweep.
   */
  addClaimed(row: NewInboxRow, now: Date, leaseMs: number): Promise<InboxRow | null> {
    const at = sqliteDateTime(now);
    const lockedUntil = sqliteDateTime(new Date(now.getTime() + leaseMs));
    return this.enqueue(() => {
      const r = this.insertClaimedStmt.get(row.eventId, row.messageId ?? null, row.eventType, row.chatId ?? null, row.payload, at, at, lockedUntil) as { id: number } | undefined;
      return r ? { id: r.id, eventId: row.eventId, eventType: row.eventType, chatId: row.chatId ?? null, payload: row.payload, attempts: 0 } : null;
    });
  }

  /**
   * Group commit: every write asked for in this event-loop turn (inserts from the webhook, claims and
   * completions from the processor) runs in one transaction; each promise resolves after the commit.
   */
  private enqueue<T>(run: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error("inbox closed"));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Commits everything queued in one transaction and answers each caller. */
  private readonly flush = (): void => {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) {
      this.scheduled = false;
      return;
    }
    let results: unknown[];
    try {
      results = this.commitBatch.immediate(batch);
    } catch (e) {
      if (isBusy(e)) {
        const since = (this.busySince ??= Date.now());
        if (Date.now() - since < BUSY_GIVE_UP_MS) {
          // Keep the order; whatever arrives meanwhile joins the retried batch.
          this.queue = batch.concat(this.queue);
          setTimeout(this.flush, Math.min(50, 1 + (Date.now() - since) / 4));
          return;
        }
      }
      this.busySince = null;
      this.scheduled = false;
      if (this.queue.length) this.schedule();
      if (this.writes && isStorageError(e)) this.writes.failed("inbox", e);
      this.settleOneByOne(batch, e);
      // total_changes() counts the statements of a rolled-back commit too: move the baseline, report nothing.
      if (this.writes) this.totalChanges = this.totalChangesStmt.get() as number;
      return;
    }
    this.busySince = null;
    this.scheduled = false;
    if (this.queue.length) this.schedule();
    this.noteChanges();
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]);
  };

  /** A committed batch that changed rows is a write that worked (a claim that found nothing due wrote nothing). */
  private noteChanges(): void {
    if (!this.writes) return;
    const n = this.totalChangesStmt.get() as number;
    if (n !== this.totalChanges) {
      this.totalChanges = n;
      this.writes.succeeded("inbox");
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flush);
  }

  /** A batch failed as a whole: one bad write must not fail the others, so each gets its own transaction. */
  private settleOneByOne(batch: Waiting[], batchError: unknown): void {
    if (batch.length === 1 || isBusy(batchError)) {
      for (const w of batch) w.reject(batchError);
      return;
    }
    for (const w of batch) {
      try {
        w.resolve(this.commitBatch.immediate([w])[0]);
      } catch (e) {
        w.reject(e);
      }
    }
  }

  async claim(eventId: string, now: Date, leaseMs: number): Promise<InboxRow | null> {
    const lockedUntil = sqliteDateTime(new Date(now.getTime() + leaseMs));
    return ((await this.enqueue(() => this.claimStmt.get(lockedUntil, eventId))) as InboxRow | undefined) ?? null;
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<InboxRow[]> {
    const at = sqliteDateTime(now);
    const lockedUntil = sqliteDateTime(new Date(now.getTime() + leaseMs));
    const rows = (await this.enqueue(() => this.claimDueStmt.all(lockedUntil, at, at, limit))) as InboxRow[];
    // RETURNING does not promise an order; rows run in arrival order.
    return rows.sort((a, b) => a.id - b.id);
  }

  async complete(id: number, now: Date): Promise<void> {
    await this.enqueue(() => this.completeStmt.run(sqliteDateTime(now), id));
  }

  async fail(id: number, error: string, retryAt: Date | null): Promise<void> {
    await this.enqueue(() => this.failStmt.run(retryAt ? "pending" : "failed", error, retryAt ? sqliteDateTime(retryAt) : null, id));
  }

  async backlog(): Promise<{ pending: number; failed: number }> {
    const r = this.backlogStmt.get() as { pending: number; failed: number };
    return { pending: r.pending, failed: r.failed };
  }

  async releaseAbandoned(now: Date): Promise<number> {
    return (await this.enqueue(() => this.releaseStmt.run(sqliteDateTime(now)))).changes;
  }

  /**
   * Empties the payload of up to `limit` finished rows received before `receivedBefore` (see InboxStore). With
   * secure_delete on for the statement, SQLite zeroes the freed bytes instead of leaving them in free space.
   */
  async purgePayloads(receivedBefore: Date, now: Date, limit: number): Promise<number> {
    return this.enqueue(() => {
      this.db.pragma("secure_delete = ON");
      try {
        return this.purgeStmt.run(sqliteDateTime(now), sqliteDateTime(receivedBefore), limit).changes;
      } finally {
        this.db.pragma("secure_delete = OFF");
      }
    });
  }

  /**
   * ReportStore.touchMember's write (the one write ordinary group chatter makes besides the inbox), here so
   * that it joins the group commit instead of costing a Prisma round trip. Same row as Prisma's upsert.
   */
  async touchMember(chatId: string, openId: string, now: Date): Promise<void> {
    const at = sqliteDateTime(now);
    await this.enqueue(() => this.touchMemberStmt.run(chatId, openId, at));
  }

  /** Commits what is queued, then closes the connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const batch = this.queue;
    this.queue = [];
    if (batch.length) {
      try {
        const results = this.commitBatch.immediate(batch);
        batch.forEach((w, i) => w.resolve(results[i]));
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.db.close();
  }
}
