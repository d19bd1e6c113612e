// Storage port for last year's report (参照, archives) and the year's work plan (工作要点). Implemented with Prisma in
// src/adapters/prisma/year.ts (SQLite on Node, D1 on Workers).
import type { OutlineSettings, Template } from "../../domain/model.js";
import type { WorkPlan } from "../../domain/workplan/plan.js";
import type { ReportRecord } from "./report-store.js";

export interface YearLink {
  /** The report this one continues (参照), or null. */
  previousReportId: string | null;
  archived: boolean;
}

export type PlanStatus = "pending" | "confirmed" | "cancelled" | "superseded";

export interface StoredPlan {
  id: string;
  reportId: string;
  status: PlanStatus;
  plan: WorkPlan;
  /** After confirmation: the part the plan fills and each group's sub-section key. */
  applied: { partKey: string; sections: (string | null)[] } | null;
  createdBy: string;
  createdAt: Date;
}

export interface OfficePerson {
  office: string;
  openId: string;
  name: string | null;
}

export interface YearStore {
  link(reportId: string): Promise<YearLink>;
  /** Records that `reportId` continues `previousReportId`. */
  setPrevious(reportId: string, previousReportId: string): Promise<void>;
  /** Flags a report as an archive (no reminders; preferred as last year's). The import flow calls this too. */
  setArchived(reportId: string, archived: boolean): Promise<void>;
  /** Reports a person may take as last year's besides their chat's: the ones they own anywhere. */
  reportsOwnedBy(openId: string): Promise<ReportRecord[]>;
  /** Replaces a report's template snapshot and outline if it is still at `expectedVersion`; bumps the version. */
  restructure(reportId: string, expectedVersion: number, template: Template, settings: OutlineSettings, now: Date): Promise<boolean>;

  /** Stores a pending plan; "exists" when this id is stored already (the same event again). */
  addPlan(p: { id: string; reportId: string; plan: WorkPlan; createdBy: string }, now: Date): Promise<"created" | "exists">;
  plan(id: string): Promise<StoredPlan | null>;
  /** The plan the report follows (Report.workPlanId), or null. */
  confirmedPlan(reportId: string): Promise<StoredPlan | null>;
  /**
   * Moves a pending plan to confirmed (with where it was applied) or cancelled; false when it is no longer
   * pending. Confirming supersedes the report's earlier confirmed plan and makes this one the report's.
   */
  decidePlan(id: string, to: "confirmed" | "cancelled", applied: StoredPlan["applied"], now: Date): Promise<boolean>;

  officePeople(reportId: string): Promise<OfficePerson[]>;
  setOfficePeople(reportId: string, office: string, people: { openId: string; name: string | null }[], by: string, now: Date): Promise<void>;
}
