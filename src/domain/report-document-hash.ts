/**
 * Content hash of a report: SHA-256 (Web Crypto) of a canonical serialisation, used to identify a version.
 *
 * Canonical form: a JSON array with fields in a fixed order (never object key order), strings NFC-normalised with
 * line breaks unified to "\n", absent optional fields written as null, prefixed by a format tag so that a future
 * change of the serialisation cannot collide with this one. Two documents that print the same but differ in
 * insignificant ways (key order, CRLF vs LF, NFC vs NFD, recipient undefined vs null) hash the same; any change of
 * text, order, level, required flag, date, office, recipient or appendix gives a different hash.
 */
import type { ReportDocument } from "./report-document.js";

const FORMAT = "huibao/report-content/v1";

function canon(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  return s.replace(/\r\n?/g, "\n").normalize("NFC");
}

export function canonicalSerialisation(doc: ReportDocument): string {
  const recipient = canon(doc.recipient);
  return JSON.stringify([
    FORMAT,
    canon(doc.title),
    recipient === "" ? null : recipient,
    canon(doc.office),
    canon(doc.date),
    doc.blocks.map((b) => [b.level, canon(b.heading), canon(b.text), b.required === true]),
    doc.appendix ? [canon(doc.appendix.title), doc.appendix.rows.map((r) => r.map((c) => canon(c)))] : null,
  ]);
}

export async function contentHash(doc: ReportDocument): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalSerialisation(doc));
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
