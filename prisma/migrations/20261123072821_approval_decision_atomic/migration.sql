-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApprovalDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "approver" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "comment" TEXT,
    "sections" TEXT,
    "nextLevel" INTEGER NOT NULL,
    "nextStatus" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);
-- Backfill (edited by hand): the state each existing decision moved its round to, by the rules of
-- src/domain/approvals.ts decide(): 退回 → returned at that level; 同意 below the last level → the next level,
-- running; 同意 at the last level → approved.
INSERT INTO "new_ApprovalDecision" ("approver", "comment", "createdAt", "id", "level", "outcome", "roundId", "sections", "nextLevel", "nextStatus") SELECT d."approver", d."comment", d."createdAt", d."id", d."level", d."outcome", d."roundId", d."sections",
    CASE WHEN d."outcome" = 'approved' AND d."level" + 1 < COALESCE(json_array_length(r."levelsJson"), 0) THEN d."level" + 1 ELSE d."level" END AS "nextLevel",
    CASE WHEN d."outcome" = 'returned' THEN 'returned' WHEN d."level" + 1 < COALESCE(json_array_length(r."levelsJson"), 0) THEN 'running' ELSE 'approved' END AS "nextStatus"
    FROM "ApprovalDecision" d LEFT JOIN "ApprovalRound" r ON r."id" = d."roundId";
DROP TABLE "ApprovalDecision";
ALTER TABLE "new_ApprovalDecision" RENAME TO "ApprovalDecision";
CREATE UNIQUE INDEX "ApprovalDecision_roundId_level_key" ON "ApprovalDecision"("roundId", "level");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Hand-written from here on: the rest of the atomic decision (src/storage/prisma-approvals.ts decide).

-- Release levels left stuck by the former two-statement write, which D1 ran without a transaction: a decision
-- stored while its round still sits at that level, running (the round's move never happened, so the tap was
-- answered with an error and nothing else followed). Deleting it lets the level be decided again.
DELETE FROM "ApprovalDecision" WHERE EXISTS (
    SELECT 1 FROM "ApprovalRound" r
    WHERE r."id" = "ApprovalDecision"."roundId" AND r."status" = 'running' AND r."currentLevel" = "ApprovalDecision"."level"
);

-- A decision can only be stored for the level its round is running at...
CREATE TRIGGER "ApprovalDecision_round_running"
BEFORE INSERT ON "ApprovalDecision"
FOR EACH ROW
WHEN NOT EXISTS (SELECT 1 FROM "ApprovalRound" WHERE "id" = NEW."roundId" AND "status" = 'running' AND "currentLevel" = NEW."level")
BEGIN
    SELECT RAISE(ABORT, 'ApprovalDecision: the round is not running at this level');
END;

-- ...and storing it moves the round to the decision's next state, in the INSERT's own statement (atomic in
-- SQLite and in D1, which runs no multi-statement transactions).
CREATE TRIGGER "ApprovalDecision_moves_round"
AFTER INSERT ON "ApprovalDecision"
FOR EACH ROW
BEGIN
    UPDATE "ApprovalRound" SET "currentLevel" = NEW."nextLevel", "status" = NEW."nextStatus", "updatedAt" = NEW."createdAt"
    WHERE "id" = NEW."roundId" AND "status" = 'running' AND "currentLevel" = NEW."level";
END;
