import type { ReportDocument } from "../../domain/report-document.js";
import type { VersionRecord, VersionStore } from "../../app/ports/version-store.js";
import { insertOnce, type Db } from "./db.js";

type Row = { id: string; reportId: string; number: number; contentHash: string; contentJson: string; requestedBy: string; createdAt: Date };

const toRecord = (r: Row): VersionRecord => ({
  id: r.id,
  reportId: r.reportId,
  number: r.number,
  contentHash: r.contentHash,
  document: JSON.parse(r.contentJson) as ReportDocument,
  requestedBy: r.requestedBy,
  createdAt: r.createdAt,
});

export class PrismaVersionStore implements VersionStore {
  constructor(private readonly db: Db) {}

  async latest(reportId: string): Promise<VersionRecord | null> {
    const r = await this.db.documentVersion.findFirst({ where: { reportId }, orderBy: { number: "desc" } });
    return r ? toRecord(r) : null;
  }

  async get(reportId: string, number: number): Promise<VersionRecord | null> {
    const r = await this.db.documentVersion.findUnique({ where: { reportId_number: { reportId, number } } });
    return r ? toRecord(r) : null;
  }

  async add(v: VersionRecord): Promise<VersionRecord | null> {
    const written = await insertOnce(() =>
      this.db.documentVersion.create({
        data: { id: v.id, reportId: v.reportId, number: v.number, contentHash: v.contentHash, contentJson: JSON.stringify(v.document), requestedBy: v.requestedBy, createdAt: v.createdAt },
      }),
    );
    return written ? v : null;
  }
}
