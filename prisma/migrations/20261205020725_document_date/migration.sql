-- AlterTable
ALTER TABLE "Report" ADD COLUMN "documentDate" TEXT;
