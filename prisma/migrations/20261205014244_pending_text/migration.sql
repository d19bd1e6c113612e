-- AlterTable
ALTER TABLE "Report" ADD COLUMN "documentDate" TEXT;

-- CreateTable
CREATE TABLE "PendingText" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "chatType" TEXT NOT NULL,
    "senderOpenId" TEXT NOT NULL,
    "reportId" TEXT,
    "sectionKey" TEXT,
    "targetKey" TEXT,
    "text" TEXT NOT NULL,
    "fileName" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PendingText_senderOpenId_status_idx" ON "PendingText"("senderOpenId", "status");
