// Last year's report links, archives, work plans and their offices (ports in src/app/ports/year-store.ts).
import type { OutlineSettings, Template } from "../../domain/model.js";
import type { WorkPlan } from "../../domain/workplan/plan.js";
import type { OfficePerson, PlanStatus, StoredPlan, YearLink, YearStore } from "../../app/ports/year-store.js";
import type { ReportRecord } from "../../app/ports/report-store.js";
import { insertOnce, type Db } from "./db.js";
import { toRecord } from "./reports.js";

type PlanRow = NonNullable<Awaited<ReturnType<Db["workPlan"]["findUnique"]>>>;

function toPlan(r: PlanRow): StoredPlan {
  return {
    id: r.id,
    reportId: r.reportId,
    status: r.status as PlanStatus,
    plan: JSON.parse(r.planJson) as WorkPlan,
    applied: r.sectionsJson ? (JSON.parse(r.sectionsJson) as StoredPlan["applied"]) : null,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

export class PrismaYearStore implements YearStore {
  constructor(private readonly db: Db) {}

  async link(reportId: string): Promise<YearLink> {
    const r = await this.db.report.findUnique({ where: { id: reportId }, select: { previousReportId: true, archived: true } });
    return { previousReportId: r?.previousReportId ?? null, archived: r?.archived ?? false };
  }

  async setPrevious(reportId: string, previousReportId: string): Promise<void> {
    await this.db.report.update({ where: { id: reportId }, data: { previousReportId } });
  }

  async setArchived(reportId: string, archived: boolean): Promise<void> {
    await this.db.report.update({ where: { id: reportId }, data: { archived } });
  }

  async reportsOwnedBy(openId: string): Promise<ReportRecord[]> {
    return (await this.db.report.findMany({ where: { ownerOpenId: openId }, orderBy: { createdAt: "asc" } })).map(toRecord);
  }

  async restructure(reportId: string, expectedVersion: number, template: Template, settings: OutlineSettings, now: Date): Promise<boolean> {
    const { count } = await this.db.report.updateMany({
      where: { id: reportId, stateVersion: expectedVersion },
      data: { templateId: template.id, templateJson: JSON.stringify(template), settingsJson: JSON.stringify(settings), stateVersion: { increment: 1 }, updatedAt: now },
    });
    return count === 1;
  }

  async addPlan(p: { id: string; reportId: string; plan: WorkPlan; createdBy: string }, now: Date): Promise<"created" | "exists"> {
    const written = await insertOnce(() =>
      this.db.workPlan.create({ data: { id: p.id, reportId: p.reportId, planJson: JSON.stringify(p.plan), createdBy: p.createdBy, createdAt: now }, select: { id: true } }),
    );
    return written ? "created" : "exists";
  }

  async plan(id: string): Promise<StoredPlan | null> {
    const r = await this.db.workPlan.findUnique({ where: { id } });
    return r ? toPlan(r) : null;
  }

  async confirmedPlan(reportId: string): Promise<StoredPlan | null> {
    const report = await this.db.report.findUnique({ where: { id: reportId }, select: { workPlanId: true } });
    if (!report?.workPlanId) return null;
    const r = await this.db.workPlan.findUnique({ where: { id: report.workPlanId } });
    return r && r.status === "confirmed" ? toPlan(r) : null;
  }

  async decidePlan(id: string, to: "confirmed" | "cancelled", applied: StoredPlan["applied"], now: Date): Promise<boolean> {
    const row = await this.db.workPlan.findUnique({ where: { id }, select: { reportId: true } });
    if (!row) return false;
    // One conditional update decides (a second click, or a click racing another, finds it no longer pending).
    const { count } = await this.db.workPlan.updateMany({
      where: { id, status: "pending" },
      data: { status: to, decidedAt: now, ...(applied ? { sectionsJson: JSON.stringify(applied) } : {}) },
    });
    if (count !== 1) return false;
    if (to === "confirmed") {
      await this.db.workPlan.updateMany({ where: { reportId: row.reportId, status: "confirmed", id: { not: id } }, data: { status: "superseded" } });
      await this.db.report.update({ where: { id: row.reportId }, data: { workPlanId: id } });
    }
    return true;
  }

  async officePeople(reportId: string): Promise<OfficePerson[]> {
    const rows = await this.db.workPlanOffice.findMany({ where: { reportId }, orderBy: { assignedAt: "asc" } });
    return rows.map((r) => ({ office: r.office, openId: r.openId, name: r.name }));
  }

  async setOfficePeople(reportId: string, office: string, people: { openId: string; name: string | null }[], by: string, now: Date): Promise<void> {
    for (const p of people) {
      await this.db.workPlanOffice.upsert({
        where: { reportId_office_openId: { reportId, office, openId: p.openId } },
        create: { reportId, office, openId: p.openId, name: p.name, assignedBy: by, assignedAt: now },
        update: { name: p.name ?? undefined },
      });
    }
  }
}
