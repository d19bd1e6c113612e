// Tells a WriteObserver (src/app/runtime/write-health.ts) how Prisma's writes go: a write that changed something
// succeeded, a write that failed for a storage reason (not a constraint or a missing row) failed. Reads pass
// straight through. Runtime-neutral: the same on SQLite (Node) and D1 (Workers).
import type { WriteObserver } from "../../app/ports/write-observer.js";
import { isStorageFailure, type Db } from "./db.js";

const WRITES = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "$executeRaw",
  "$executeRawUnsafe",
]);

/** Whether a write's result shows a row changed (an updateMany that matched nothing wrote nothing). */
function changed(result: unknown): boolean {
  if (typeof result === "number") return result > 0;
  if (Array.isArray(result)) return result.length > 0;
  if (result && typeof result === "object" && typeof (result as { count?: unknown }).count === "number") return (result as { count: number }).count > 0;
  return result !== null && result !== undefined;
}

export function watchWrites(db: Db, observer: WriteObserver): Db {
  return db.$extends({
    query: {
      async $allOperations({ operation, args, query }) {
        if (!WRITES.has(operation)) return query(args);
        let result: unknown;
        try {
          result = await query(args);
        } catch (e) {
          if (isStorageFailure(e)) observer.failed("database", e);
          throw e;
        }
        if (changed(result)) observer.succeeded("database");
        return result;
      },
    },
  }) as unknown as Db;
}
