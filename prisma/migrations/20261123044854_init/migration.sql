-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chatId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "templateJson" TEXT NOT NULL,
    "settingsJson" TEXT NOT NULL,
    "office" TEXT NOT NULL DEFAULT '',
    "recipient" TEXT NOT NULL DEFAULT '',
    "year" INTEGER NOT NULL,
    "internalDeadline" TEXT,
    "submissionDeadline" TEXT,
    "status" TEXT NOT NULL DEFAULT 'collecting',
    "ownerOpenId" TEXT NOT NULL,
    "stateVersion" INTEGER NOT NULL DEFAULT 1,
    "cursorKey" TEXT,
    "returnComment" TEXT,
    "returnSectionsJson" TEXT,
    "reminderPolicyJson" TEXT,
    "overviewMessageId" TEXT,
    "overviewSentAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ChatState" (
    "chatId" TEXT NOT NULL PRIMARY KEY,
    "currentReportId" TEXT,
    "cursor" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Answer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reportId" TEXT NOT NULL,
    "sectionKey" TEXT NOT NULL,
    "authorOpenId" TEXT NOT NULL,
    "authorName" TEXT,
    "text" TEXT NOT NULL,
    "replacesId" INTEGER,
    "removed" BOOLEAN NOT NULL DEFAULT false,
    "sourceMessageId" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SectionOwner" (
    "reportId" TEXT NOT NULL,
    "sectionKey" TEXT NOT NULL,
    "openId" TEXT NOT NULL,
    "name" TEXT,
    "assignedBy" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL,

    PRIMARY KEY ("reportId", "sectionKey", "openId")
);

-- CreateTable
CREATE TABLE "PromptMessage" (
    "messageId" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "sectionKey" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ChatMember" (
    "chatId" TEXT NOT NULL,
    "openId" TEXT NOT NULL,
    "name" TEXT,
    "lastSeen" DATETIME NOT NULL,

    PRIMARY KEY ("chatId", "openId")
);

-- CreateTable
CREATE TABLE "DocumentVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "contentJson" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApprovalRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "versionNumber" INTEGER NOT NULL,
    "levelsJson" TEXT NOT NULL,
    "currentLevel" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'running',
    "incomplete" BOOLEAN NOT NULL DEFAULT false,
    "submittedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApprovalDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "approver" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "comment" TEXT,
    "sections" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ApprovalCard" (
    "messageId" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "recipient" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reportId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorOpenId" TEXT NOT NULL,
    "versionNumber" INTEGER,
    "contentHash" TEXT,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReminderClaim" (
    "claimKey" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Snooze" (
    "reportId" TEXT NOT NULL,
    "openId" TEXT NOT NULL,
    "untilDate" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("reportId", "openId")
);

-- CreateTable
CREATE TABLE "InboxEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" TEXT NOT NULL,
    "messageId" TEXT,
    "eventType" TEXT NOT NULL,
    "chatId" TEXT,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "receivedAt" DATETIME NOT NULL,
    "processedAt" DATETIME
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "uuid" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "chatKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "coalesceKey" TEXT,
    "purpose" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "resultId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Report_chatId_idx" ON "Report"("chatId");

-- CreateIndex
CREATE INDEX "Answer_reportId_sectionKey_idx" ON "Answer"("reportId", "sectionKey");

-- CreateIndex
CREATE INDEX "SectionOwner_reportId_openId_idx" ON "SectionOwner"("reportId", "openId");

-- CreateIndex
CREATE INDEX "PromptMessage_reportId_idx" ON "PromptMessage"("reportId");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentVersion_reportId_number_key" ON "DocumentVersion"("reportId", "number");

-- CreateIndex
CREATE INDEX "ApprovalRound_reportId_idx" ON "ApprovalRound"("reportId");

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalDecision_roundId_level_key" ON "ApprovalDecision"("roundId", "level");

-- CreateIndex
CREATE INDEX "ApprovalCard_roundId_level_idx" ON "ApprovalCard"("roundId", "level");

-- CreateIndex
CREATE INDEX "AuditEntry_reportId_idx" ON "AuditEntry"("reportId");

-- CreateIndex
CREATE UNIQUE INDEX "InboxEvent_eventId_key" ON "InboxEvent"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "InboxEvent_messageId_key" ON "InboxEvent"("messageId");

-- CreateIndex
CREATE INDEX "InboxEvent_status_nextAttemptAt_idx" ON "InboxEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_uuid_key" ON "OutboxMessage"("uuid");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_coalesceKey_status_idx" ON "OutboxMessage"("coalesceKey", "status");
