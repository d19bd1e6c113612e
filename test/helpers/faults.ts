// Faults at a real port boundary: a wrapper around the approvals storage port (src/app/ports/approval-store.ts) that the
// test's composition installs (startHarness / startNode `approvals`). Every method is the real store's; the ones
// given in `over` replace it and usually call through to it first.
import type { ApprovalStore } from "../../src/app/ports/approval-store.js";

export function wrapApprovals(store: ApprovalStore, over: (real: ApprovalStore) => Partial<ApprovalStore>): ApprovalStore {
  // The real store as prototype: methods not replaced run on it unchanged.
  return Object.assign(Object.create(store) as ApprovalStore, over(store));
}
