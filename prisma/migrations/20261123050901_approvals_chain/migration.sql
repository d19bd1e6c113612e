-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "actorName" TEXT;
ALTER TABLE "AuditEntry" ADD COLUMN "level" INTEGER;

-- CreateTable
CREATE TABLE "ApprovalChain" (
    "reportId" TEXT NOT NULL PRIMARY KEY,
    "levelsJson" TEXT NOT NULL,
    "setBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
