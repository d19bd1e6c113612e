-- AlterTable
ALTER TABLE "Answer" ADD COLUMN "carriedFrom" TEXT;

-- CreateTable
CREATE TABLE "WorkPlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "planJson" TEXT NOT NULL,
    "sectionsJson" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "decidedAt" DATETIME
);

-- CreateTable
CREATE TABLE "WorkPlanOffice" (
    "reportId" TEXT NOT NULL,
    "office" TEXT NOT NULL,
    "openId" TEXT NOT NULL,
    "name" TEXT,
    "assignedBy" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL,

    PRIMARY KEY ("reportId", "office", "openId")
);

-- AlterTable (written as ADD COLUMN rather than the schema engine's table rebuild, so that it keeps every column
-- of Report whatever other migrations added)
ALTER TABLE "Report" ADD COLUMN "previousReportId" TEXT;
ALTER TABLE "Report" ADD COLUMN "archived" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Report" ADD COLUMN "workPlanId" TEXT;

-- CreateIndex
CREATE INDEX "Report_ownerOpenId_idx" ON "Report"("ownerOpenId");

-- CreateIndex
CREATE INDEX "WorkPlan_reportId_status_idx" ON "WorkPlan"("reportId", "status");
