// Document versions: the report's current answers assembled into a ReportDocument, frozen with a number,
// a content hash, who asked and when. Exports and approvals refer to a version.
import type { ReportDocument } from "../../../domain/report-document.js";
import { contentHash } from "../../../domain/report-document-hash.js";
import { printedOutline } from "../../../domain/outline/printed.js";
import type { ReportView } from "../overview/report-view.js";

// The storage port lives in ./version-store.ts (storage imports it from there); re-exported for the use cases.
export type { VersionRecord, VersionStore } from "../../ports/version-store.js";
import type { VersionRecord, VersionStore } from "../../ports/version-store.js";

/**
 * The report as a document: outline order, the owner-set office; dated `date` unless an imported document gave its
 * own 成文日期. Printed are the preamble, every part and the sub-sections someone wrote (printedOutline: numbered as
 * printed); a sub-section nobody wrote is a suggestion and is left out.
 */
export function reportDocument(view: ReportView, date: string): ReportDocument {
  return {
    title: view.report.title,
    recipient: view.report.recipient || null,
    office: view.report.office,
    date: view.report.documentDate ?? date,
    blocks: printedOutline(view.outline, (key) => view.texts.get(key) ?? "").map((p) => ({
      level: p.section.level,
      heading: p.heading,
      text: p.text,
      required: p.section.level < 2 && p.section.spec.required,
    })),
  };
}

/**
 * The version for the report as it stands: the latest one if its content is unchanged, else a new one.
 * `force` always creates a new version (approval submissions freeze their own).
 */
export async function freezeVersion(
  store: VersionStore,
  view: ReportView,
  p: { requestedBy: string; now: Date; date: string; force?: boolean; newId: (n: number) => string },
): Promise<{ version: VersionRecord; created: boolean }> {
  const document = reportDocument(view, p.date);
  const hash = await contentHash(document);
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await store.latest(view.report.id);
    if (latest && latest.contentHash === hash && !p.force) return { version: latest, created: false };
    const number = (latest?.number ?? 0) + 1;
    const v: VersionRecord = { id: p.newId(number), reportId: view.report.id, number, contentHash: hash, document, requestedBy: p.requestedBy, createdAt: p.now };
    const added = await store.add(v);
    if (added) return { version: added, created: true };
  }
  throw new Error("could not allocate a version number");
}
