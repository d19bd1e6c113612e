// Whole reports in their own shape: a report pasted into the chat (or read from a file, ./files.ts) is recognised
// (src/domain/structure.ts) and offered for import on a card (the taps: ./adoption.ts). The text is kept as pending
// input before the card goes out (./pending.ts).
import { importConfirmCard, type ImportSummary } from "../../../../cards/index.js";
import { hasImportedSubsections, importedParts } from "../../../domain/import-plan.js";
import { looksLikeWholeReport, recognizeStructure } from "../../../domain/structure/recognize.js";
import { type RecognizedDocument } from "../../../domain/structure/types.js";
import type { AppDeps, Turn } from "../../runtime/context.js";
import type { Message } from "../../runtime/feature.js";
import { loadView } from "../overview/overview.js";
import { replyCard, type Where } from "../questionnaire/replies.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { countChars, charLength } from "../../../domain/text.js";
import { heading } from "./pasted-headings.js";

/** Longest text imported at once. */
export const MAX_IMPORT_CHARS = 200_000;
/** Text shorter than this is never taken for a whole report (and not recognised at all). */
const MIN_REPORT_CHARS = 200;
/** Reports offered as import targets in a private chat. */
const MAX_TARGETS = 8;

/** What the import card says was found: parts, sub-sections, placeholders, title, signature, year, issuer. */
function importSummary(doc: RecognizedDocument, fileName: string | null): ImportSummary {
  const parts = importedParts(doc).map((p) => ({
    heading: p.heading.replace(/[。：:]$/, ""),
    subsections: hasImportedSubsections(p) ? p.subsections.length : 0,
    placeholders: p.placeholders,
    added: p.mandated === null,
  }));
  const s: ImportSummary = {
    preamble: doc.preamble !== undefined,
    parts,
    subsections: parts.reduce((n, p) => n + p.subsections, 0),
    placeholders: doc.placeholders,
  };
  if (doc.title) s.title = doc.title;
  if (fileName) s.fileName = fileName;
  const sig = [doc.signature?.office, doc.signature?.dateText].filter((x): x is string => !!x);
  if (sig.length > 0) s.signature = sig.join(" ");
  if (doc.year !== undefined) s.year = doc.year;
  if (doc.issuer) s.issuer = doc.issuer;
  return s;
}

/** The section a message would have answered: the import card then also offers to save it there as it is. */
export interface Answering {
  report: ReportRecord;
  sectionKey: string;
}

/**
 * A text message that holds a whole report: stores it and answers with the import card. False (nothing done) for
 * anything else. Called before a message is taken as an answer (`answering`: the section it would have answered).
 */
export async function offerImport(deps: AppDeps, t: Turn, m: Message, where: Where, answering?: Answering): Promise<boolean> {
  if (!m.text.includes("\n") || countChars(m.text) < MIN_REPORT_CHARS) return false;
  if (charLength(m.text) > MAX_IMPORT_CHARS) return false; // the answer path refuses it with its own limit
  const doc = recognizeStructure(m.text);
  if (!looksLikeWholeReport(doc)) return false;
  await offer(deps, t, m, where, m.text, doc, null, answering);
  return true;
}

/** Keeps the text as pending input and answers with the import card: the report(s) it may go to, and what was found. */
export async function offer(deps: AppDeps, t: Turn, m: Message, where: Where, text: string, doc: RecognizedDocument, fileName: string | null, answering?: Answering) {
  const summary = importSummary(doc, fileName);
  const groupReport = m.chatType === "group" ? await currentReport(deps, m.chatId) : null;
  // Text that was answering a section may also be saved there as it is (a long answer that merely looks like a report).
  const here = answering && answering.report.status === "collecting" && (m.chatType === "p2p" || answering.report.id === groupReport?.id) ? answering : undefined;
  let keep: { reportId: string; heading: string } | undefined;
  if (here) {
    const s = (await loadView(deps, here.report, t.today)).outline.find((x) => x.key === here.sectionKey);
    if (s) keep = { reportId: here.report.id, heading: heading(s) };
  }
  let card;
  if (m.chatType === "group") {
    card = groupReport
      ? importConfirmCard({ pendingId: m.messageId, summary, targets: [{ reportId: groupReport.id, title: groupReport.title }], keep })
      : importConfirmCard({ pendingId: m.messageId, summary, targets: [], createReport: true });
  } else {
    const owned = (await deps.store.reportsOwnedBy(m.senderOpenId)).filter((r) => r.status === "collecting").slice(-MAX_TARGETS);
    card = importConfirmCard({
      pendingId: m.messageId,
      summary,
      targets: owned.map((r) => ({ reportId: r.id, title: r.title })),
      keep,
      noTarget: owned.length
        ? undefined
        : "你还没有可以导入的报告（只能导入到你负责的、正在填写的报告）。请先在报告所在的群里 @汇报 发送「新建报告」，再在这里重新发送；也可以把全文粘贴到那个群里并 @汇报。",
    });
  }
  await deps.store.savePending({
    id: m.messageId,
    kind: "import",
    chatId: m.chatId,
    chatType: m.chatType,
    authorOpenId: m.senderOpenId,
    mentions: [],
    command: null,
    // A group's import goes to its report; a private one's is chosen on the card (reportId: the answered one, if any).
    reportId: groupReport?.id ?? (keep ? keep.reportId : null),
    sectionKey: keep ? here!.sectionKey : null,
    text,
    createdAt: t.now,
  });
  deps.log.info("import.offered", { messageId: m.messageId, parts: summary.parts.length, file: fileName !== null });
  await replyCard(t, where, card);
}

async function currentReport(deps: AppDeps, chatId: string): Promise<ReportRecord | null> {
  const id = await deps.store.currentReportId(chatId);
  return id ? await deps.store.getReport(id) : null;
}
