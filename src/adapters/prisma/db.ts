// The Prisma client type every storage module takes. Runtime-specific construction (better-sqlite3 on Node,
// D1 on Workers) happens in the entry files.
export type { PrismaClient as Db } from "../../generated/prisma/client.js";

/** True for Prisma's unique-constraint violation (P2002), whatever the driver adapter. */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const err = e as { code?: unknown; message?: unknown };
  if (err.code === "P2002") return true;
  return typeof err.message === "string" && /UNIQUE constraint failed/i.test(err.message);
}

/**
 * Runs an insert that a unique key makes idempotent: true when the row was written, false when a row with that key
 * already existed (a redelivery, a re-run, a second process). Any other failure is thrown.
 */
export async function insertOnce(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

/** Prisma error codes for a write refused by the data (a constraint, a missing row), not by the storage. */
const LOGICAL_CODES = new Set(["P2002", "P2003", "P2004", "P2011", "P2014", "P2025", "P2034"]);

/**
 * True when a failed write failed because the storage could not write (disk full, I/O error, read-only file,
 * locked too long), false for errors about the data itself (constraints, validation, a row not found).
 */
export function isStorageFailure(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const err = e as { name?: unknown; code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } };
  if (err.name === "PrismaClientValidationError") return false;
  if (typeof err.code === "string" && LOGICAL_CODES.has(err.code)) return false;
  const original = err.meta?.driverAdapterError?.cause?.originalCode ?? err.code;
  if (typeof original === "string" && original.startsWith("SQLITE_CONSTRAINT")) return false;
  if (isUniqueViolation(e)) return false;
  return true;
}
