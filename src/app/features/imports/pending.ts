// Text waiting for a decision is kept as pending input (PendingInput, kinds "import" and "move", keyed by the source
// message id) before the card goes out: card button values are too small to carry it, and it must never be lost.
// One tap decides (resolvePending); a decision that fails is reopened. Also the answers the import and move cards
// give a tap.
import { toast } from "../../../../cards/index.js";
import type { AppDeps, Turn } from "../../runtime/context.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import type { PendingRecord } from "../../ports/report-store.js";

export const warn = (zh: string): CallbackAnswer => ({ toast: toast("warning", zh) });
export const info = (zh: string): CallbackAnswer => ({ toast: toast("info", zh) });
export const raw = (data: unknown): CallbackAnswer["card"] => ({ type: "raw", data });

/** Runs `work` as the one decision on `pending` (recorded with `outcome`); reopened if it fails. */
export async function decide<T>(deps: AppDeps, t: Turn, pending: PendingRecord, outcome: string, work: () => Promise<T>): Promise<T | null> {
  if (!(await deps.store.resolvePending(pending.id, outcome, t.now))) return null;
  try {
    return await work();
  } catch (e) {
    await deps.store.reopenPending(pending.id);
    throw e;
  }
}
