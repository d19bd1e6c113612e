// The Prisma client type every storage module takes. Runtime-specific construction (better-sqlite3 on Node,
// D1 on Workers) happens in the entry files.
export type { PrismaClient as Db } from "../generated/prisma/client.js";

/** True for Prisma's unique-constraint violation (P2002), whatever the driver adapter. */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const err = e as { code?: unknown; message?: unknown };
  if (err.code === "P2002") return true;
  return typeof err.message === "string" && /UNIQUE constraint failed/i.test(err.message);
}
