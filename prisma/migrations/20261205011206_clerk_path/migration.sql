-- AlterTable
ALTER TABLE "Answer" ADD COLUMN "changeId" TEXT;

-- CreateTable
CREATE TABLE "PendingInput" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "chatType" TEXT NOT NULL,
    "authorOpenId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "mentionsJson" TEXT,
    "command" TEXT,
    "reportId" TEXT,
    "sectionKey" TEXT,
    "createdAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "outcome" TEXT
);
