-- AlterTable
ALTER TABLE "InboxEvent" ADD COLUMN "purgedAt" DATETIME;

-- CreateTable
CREATE TABLE "WriteProbe" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "InboxEvent_purgedAt_receivedAt_idx" ON "InboxEvent"("purgedAt", "receivedAt");
