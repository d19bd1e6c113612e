-- CreateIndex
CREATE UNIQUE INDEX "Answer_reportId_sourceMessageId_key" ON "Answer"("reportId", "sourceMessageId");
