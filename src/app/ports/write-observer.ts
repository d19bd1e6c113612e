// How storage adapters report their writes to the app's write health (src/app/runtime/write-health.ts): the Prisma
// stores (src/adapters/prisma/write-watch.ts) and the Node SQLite inbox (src/runtimes/node/sqlite-inbox.ts).
/** Told about writes that changed something, and about writes that failed for a storage reason. */
export interface WriteObserver {
  succeeded(source: WriteSource): void;
  failed(source: WriteSource, error: unknown): void;
}

/**
 * Where a write happened. "checkpoint" (copying the WAL into the database file) is tracked on its own: a
 * successful row write says nothing about it, and a checkpoint that had nothing to copy says nothing about rows.
 */
export type WriteSource = "inbox" | "database" | "probe" | "checkpoint";
