// The document versions' storage port: frozen versions of a report, numbered, with their content hash.
// Implemented by src/adapters/prisma/versions.ts; used by ./versions.ts (freezeVersion) and the exports.
import type { ReportDocument } from "../../domain/report-document.js";

export interface VersionRecord {
  id: string;
  reportId: string;
  number: number;
  contentHash: string;
  document: ReportDocument;
  requestedBy: string;
  createdAt: Date;
}

export interface VersionStore {
  latest(reportId: string): Promise<VersionRecord | null>;
  get(reportId: string, number: number): Promise<VersionRecord | null>;
  /** Adds version `number`; returns null when that number was taken meanwhile (retry with the next). */
  add(v: VersionRecord): Promise<VersionRecord | null>;
}
