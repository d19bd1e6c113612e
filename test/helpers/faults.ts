// Faults at a real port boundary: wrappers around a storage port (approvals: src/app/ports/approval-store.ts; the
// inbox: src/app/ports/inbox-store.ts) that the test's composition installs (startHarness / startNode `approvals`,
// `inbox`). Every method is the real store's; the ones given in `over` replace it and usually call through to it first.
import type { ApprovalStore } from "../../src/app/ports/approval-store.js";
import type { InboxStore, NewInboxRow } from "../../src/app/ports/inbox-store.js";

export function wrapApprovals(store: ApprovalStore, over: (real: ApprovalStore) => Partial<ApprovalStore>): ApprovalStore {
  // The real store as prototype: methods not replaced run on it unchanged.
  return Object.assign(Object.create(store) as ApprovalStore, over(store));
}

/**
 * The same for the inbox storage port (src/app/ports/inbox-store.ts; startHarness / startNode `inbox`): every
 * method is the real store's, called on it; the ones given in `over` replace it.
 */
export function wrapInbox(store: InboxStore, over: (real: InboxStore) => Partial<InboxStore>): InboxStore {
  const real: InboxStore = {
    add: (row, now) => store.add(row, now),
    ...(store.addClaimed ? { addClaimed: (row: NewInboxRow, now: Date, leaseMs: number) => store.addClaimed!(row, now, leaseMs) } : {}),
    claim: (eventId, now, leaseMs) => store.claim(eventId, now, leaseMs),
    claimDue: (now, leaseMs, limit) => store.claimDue(now, leaseMs, limit),
    complete: (id, now) => store.complete(id, now),
    fail: (id, error, retryAt) => store.fail(id, error, retryAt),
    backlog: () => store.backlog(),
    releaseAbandoned: (now) => store.releaseAbandoned(now),
    purgePayloads: (receivedBefore, now, limit) => store.purgePayloads(receivedBefore, now, limit),
  };
  return { ...real, ...over(store) };
}
