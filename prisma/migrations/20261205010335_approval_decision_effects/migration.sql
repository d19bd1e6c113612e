-- Written by hand (the generated version rebuilt ApprovalDecision, which would drop the triggers of migration
-- approval_decision_atomic): plain ADD COLUMNs give the same table.

-- What follows a decision is done from the stored decision, re-runnably (src/app/approvals.ts decisionEffects):
-- effectsAt marks it done; effectsDueAt is when the sweep may run it (again); effectsAttempts counts attempts.
ALTER TABLE "ApprovalDecision" ADD COLUMN "effectsAt" DATETIME;
ALTER TABLE "ApprovalDecision" ADD COLUMN "effectsDueAt" DATETIME;
ALTER TABLE "ApprovalDecision" ADD COLUMN "effectsAttempts" INTEGER NOT NULL DEFAULT 0;
-- One audit entry per decision.
ALTER TABLE "AuditEntry" ADD COLUMN "decisionId" TEXT;

-- Backfill. The former code wrote a decision's audit entry with the decision's own time, actor and 1-based level:
-- link each decision to its entry (the earliest, should there be two)...
UPDATE "AuditEntry" SET "decisionId" = (
    SELECT d."id" FROM "ApprovalDecision" d JOIN "ApprovalRound" r ON r."id" = d."roundId"
    WHERE r."reportId" = "AuditEntry"."reportId" AND d."outcome" = "AuditEntry"."kind" AND d."level" + 1 = "AuditEntry"."level"
      AND d."approver" = "AuditEntry"."actorOpenId" AND d."createdAt" = "AuditEntry"."createdAt"
    LIMIT 1
)
WHERE "kind" IN ('approved', 'returned') AND "id" = (
    SELECT MIN(a."id") FROM "AuditEntry" a
    WHERE a."reportId" = "AuditEntry"."reportId" AND a."kind" = "AuditEntry"."kind" AND a."level" = "AuditEntry"."level"
      AND a."actorOpenId" = "AuditEntry"."actorOpenId" AND a."createdAt" = "AuditEntry"."createdAt"
);
-- ...a decision with its entry had its follow-up run through: done...
UPDATE "ApprovalDecision" SET "effectsAt" = "createdAt"
WHERE EXISTS (SELECT 1 FROM "AuditEntry" a WHERE a."decisionId" = "ApprovalDecision"."id");
-- ...one without was left half-way by a failure after it was stored (no audit entry, no cards to the next
-- level): due now, so the first sweep finishes it.
UPDATE "ApprovalDecision" SET "effectsDueAt" = "createdAt" WHERE "effectsAt" IS NULL;

-- CreateIndex
CREATE INDEX "ApprovalDecision_effectsAt_effectsDueAt_idx" ON "ApprovalDecision"("effectsAt", "effectsDueAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_decisionId_key" ON "AuditEntry"("decisionId");
