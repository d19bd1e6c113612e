// Documents in their own shape: a whole report pasted into the chat or sent as a file (.docx, .txt, .md) is
// recognised (src/domain/structure/) and offered for import on a card; text pasted into one section that starts
// with a heading is understood (the heading becomes the section's title, or — when it names another mandated part —
// a card offers to move the text there).
//
// Text waiting for a decision is kept as pending input (PendingInput, kinds "import" and "move", keyed by the source
// message id) before the card goes out: card button values are too small to carry it, and it must never be lost.
// One tap decides (resolvePending); a decision that fails is reopened.
//
// Who may decide: an import changes the outline, so only the target report's owner (负责人) imports; in a private
// chat the bot offers only the sender's own reports. The sender or the owner may cancel. A move is decided by the
// person who pasted or the report owner. Imported text is attributed to the sender as one change (every section's
// revision carries changeId "import:<message id>"): earlier text is replaced by revisions, never deleted, so 历史
// shows it, and the sender's 撤销 takes the whole import's text back out.
import { importConfirmCard, importDoneCard, importModeCard, NEW_REPORT, pasteMoveCard, toast, escapeMd, mention, type ActionValue, type ImportSummary } from "../../../../cards/index.js";
import { currentContributions, planReplaceSection, type PlannedRevision } from "../../../domain/answers.js";
import { hasImportedSubsections, importedParts, importTitle, planImport, type ImportMode, type ImportPlan } from "../../../domain/import-plan.js";
import type { OutlineSection } from "../../../domain/model.js";
import { sameTitle } from "../../../domain/outline/address.js";
import { setTitle } from "../../../domain/outline/settings.js";
import { looksLikeWholeReport, recognizeStructure } from "../../../domain/structure/recognize.js";
import { MANDATED_ITEMS, type MandatedItem, type RecognizedDocument } from "../../../domain/structure/types.js";
import { splitLeadingHeading } from "../../../domain/structure/leading-heading.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import type { Inbound } from "../../runtime/inbound.js";
import { shortHash } from "../../runtime/outbound.js";
import { loadView, refreshOverview, sendOverview } from "../overview/overview.js";
import { LarkApiError, type MessageResource } from "../../ports/platform.js";
import * as q from "../questionnaire/questionnaire.js";
import type { PendingRecord, ReportPatch, ReportRecord } from "../../ports/report-store.js";
import { countChars, charLength } from "../../../domain/text.js";

type Message = Extract<Inbound, { kind: "message" }>;
type CardAction = Extract<Inbound, { kind: "card_action" }>;

/** Largest file read (the message resource API allows 100 MB; a report is a few hundred KB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Longest text imported at once. */
export const MAX_IMPORT_CHARS = 200_000;
/** Text shorter than this is never taken for a whole report (and not recognised at all). */
const MIN_REPORT_CHARS = 200;
/** Reports offered as import targets in a private chat. */
const MAX_TARGETS = 8;

/** Short names of the mandated items, as the move card says them ("这段内容像是「不足」部分"). */
const ITEM_LABEL: Record<MandatedItem, string> = {
  measures: "主要举措和成效",
  shortcomings: "不足",
  leader: "第一责任人",
  plan: "下一年度安排",
  other: "其他情况",
};

/** The mandated item an outline part reports (template parts with mandatedItem 1..5), or null. */
function itemOf(s: OutlineSection | undefined): MandatedItem | null {
  const n = s?.spec.mandatedItem;
  return n ? (MANDATED_ITEMS[n - 1] ?? null) : null;
}

const heading = (s: OutlineSection) => (s.level === 0 ? "开头" : s.level === 2 ? `${s.label} ${s.title}` : s.heading);

// -------------------------------------------------------------------------------------------------
// Recognising and offering

export function importSummary(doc: RecognizedDocument, fileName: string | null): ImportSummary {
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
export async function offerImport(deps: AppDeps, t: Turn, m: Message, where: q.Where, answering?: Answering): Promise<boolean> {
  if (!m.text.includes("\n") || countChars(m.text) < MIN_REPORT_CHARS) return false;
  if (charLength(m.text) > MAX_IMPORT_CHARS) return false; // the answer path refuses it with its own limit
  const doc = recognizeStructure(m.text);
  if (!looksLikeWholeReport(doc)) return false;
  await offer(deps, t, m, where, m.text, doc, null, answering);
  return true;
}

async function offer(deps: AppDeps, t: Turn, m: Message, where: q.Where, text: string, doc: RecognizedDocument, fileName: string | null, answering?: Answering) {
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
  await q.replyCard(t, where, card);
}

async function currentReport(deps: AppDeps, chatId: string): Promise<ReportRecord | null> {
  const id = await deps.store.currentReportId(chatId);
  return id ? await deps.store.getReport(id) : null;
}

// -------------------------------------------------------------------------------------------------
// Files

const ACCEPTED = ["docx", "txt", "md"];

/**
 * Decodes a text file: UTF-16 with BOM, UTF-8 (with or without BOM), else GB18030; null when none fits. A runtime
 * without an encoding (Workers may lack GB18030) makes that attempt fail like a wrong guess.
 */
export function decodeText(bytes: Uint8Array): string | null {
  const attempt = (label: string, data: Uint8Array) => {
    try {
      return new TextDecoder(label, { fatal: true }).decode(data);
    } catch {
      return null;
    }
  };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return attempt("utf-16le", bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return attempt("utf-16be", bytes.subarray(2));
  return attempt("utf-8", bytes) ?? attempt("gb18030", bytes);
}

/** Markdown (as huibao exports it, or typed): heading marks, emphasis, escapes and hard breaks removed. */
export function markdownText(md: string): string {
  return md
    .split(/\r?\n/)
    .map((l) =>
      l
        .replace(/^\s{0,3}#{1,6}\s+/, "")
        .replace(/^\s{0,3}>\s?/, "")
        .replace(/\*\*|__/g, "")
        .replace(/\\([\\`*_[\]<>&|~#+\-=.()!{}])/g, "$1")
        .replace(/\s+$/, ""),
    )
    .join("\n");
}

/**
 * A file sent to the bot. In a private chat every outcome gets an answer; in a group (where files reach the bot
 * only with the im:message.group_msg scope) only a file holding a whole report does, and anything else is
 * ignored like other group chatter.
 */
export async function onFile(deps: AppDeps, t: Turn, m: Message, where: q.Where): Promise<void> {
  const file = m.file!;
  const inGroup = m.chatType === "group";
  const refuse = async (message: string, hint?: string) => {
    deps.log.info("import.file_refused", { messageId: m.messageId, reason: message.slice(0, 40) });
    if (!inGroup) await q.replyError(t, where, message, hint);
  };
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.fileName)?.[1]?.toLowerCase() ?? "";
  if (!ACCEPTED.includes(ext)) {
    if (ext === "doc" || ext === "wps") return refuse("暂不能读取 .doc / .wps 格式的文件。", "请在 Word 或 WPS 中另存为 .docx 后再发送。");
    return refuse("只能导入 .docx、.txt 或 .md 文件。", "也可以把报告全文直接粘贴发送。");
  }
  let res: MessageResource;
  try {
    res = await deps.larkFiles.getMessageResource({ messageId: m.messageId, fileKey: file.fileKey, maxBytes: MAX_FILE_BYTES });
  } catch (e) {
    // Retryable failures (network, 5xx, rate limits) go back to the inbox to be retried.
    if (e instanceof LarkApiError && !e.retryable) return refuse("无法下载这个文件。", "请确认应用已开通 im:resource 权限，或把报告全文直接粘贴发送。");
    throw e;
  }
  if ("tooLarge" in res) {
    const size = res.size ? `（${(res.size / 1024 / 1024).toFixed(1)} MB）` : "";
    return refuse(`文件过大${size}，最多 ${MAX_FILE_BYTES / 1024 / 1024} MB。`, "请删去图片等附件后再发送，或把报告全文直接粘贴发送。");
  }
  let text: string | null;
  if (ext === "docx") {
    const read = deps.readDocx(res.bytes);
    if (!read.ok) return refuse(read.message, "请确认文件能用 Word 或 WPS 打开，另存为 .docx 后再发送。");
    text = read.text;
  } else {
    text = decodeText(res.bytes);
    if (text === null) return refuse("无法识别文件的文字编码。", "请将文件另存为 UTF-8 编码后再发送。");
    if (ext === "md") text = markdownText(text);
  }
  if (charLength(text) > MAX_IMPORT_CHARS) return refuse(`文件内容过长（超过 ${MAX_IMPORT_CHARS} 字）。`);
  const doc = recognizeStructure(text);
  if (!looksLikeWholeReport(doc)) {
    return refuse("没有在文件中识别出报告的结构。", "导入需要文件中至少有两个“一、二、……”部分，例如“一、主要举措和成效”“二、存在的不足”。单独一部分的内容请直接粘贴到对应的填写卡片。");
  }
  await offer(deps, t, m, where, text, doc, file.fileName);
}

// -------------------------------------------------------------------------------------------------
// Headings in text pasted into one section

export interface SaveRequest {
  chatType: "group" | "p2p";
  report: ReportRecord;
  sectionKey: string;
  authorOpenId: string;
  text: string;
  sourceMessageId: string;
}

/**
 * Saves text pasted into a section, understanding a leading heading: a heading for this section ("三、存在的不足…"
 * pasted into 三, "（一）强化组织领导。…" into a sub-section) is taken as the section's title (the numbering is the
 * bot's), not kept as text; a part heading that names a *different* mandated part gets the move card (the text is
 * stored until decided). Without a heading this is q.saveAnswer.
 */
export async function saveWithHeading(deps: AppDeps, t: Turn, where: q.Where, p: SaveRequest, opts: { offerMove?: boolean } = {}): Promise<void> {
  const save = (text: string) =>
    q.saveAnswer(deps, t, where, { report: p.report, sectionKey: p.sectionKey, authorOpenId: p.authorOpenId, text, sourceMessageId: p.sourceMessageId, mode: "append", private: p.chatType === "p2p" });
  const plain = () => save(p.text);
  const split = splitLeadingHeading(p.text);
  const h = split.heading;
  if (!h) return void (await plain());
  const view = await loadView(deps, p.report, t.today);
  const section = view.outline.find((s) => s.key === p.sectionKey);
  if (!section) return void (await plain()); // saveAnswer says the section is gone
  const part = section.level === 1 ? section : section.level === 2 ? view.outline.find((s) => s.key === section.parentKey) : undefined;
  const item = itemOf(part);
  const partHeading = h.level === 1 || h.level === null;

  if ((opts.offerMove ?? true) && partHeading && h.mandated !== null && h.mandated !== item) {
    const target = moveTarget(view.outline, p.text);
    if (target) {
      q.assertCollecting(p.report);
      if (charLength(p.text) > q.MAX_ANSWER_CHARS) throw new UserError(`内容过长（${charLength(p.text)} 字），一次最多 ${q.MAX_ANSWER_CHARS} 字。`);
      await deps.store.savePending({ id: p.sourceMessageId, kind: "move", chatId: where.chatId, chatType: p.chatType, authorOpenId: p.authorOpenId, mentions: [], command: null, reportId: p.report.id, sectionKey: section.key, text: p.text, createdAt: t.now });
      await q.replyCard(t, where, pasteMoveCard({ pendingId: p.sourceMessageId, reportId: p.report.id, itemLabel: ITEM_LABEL[h.mandated], pastedHeading: h.heading, target: { heading: target.heading }, here: { heading: heading(section) } }));
      return;
    }
  }
  const titleHere =
    (section.level === 1 && (h.level === 1 || (h.level === null && h.mandated !== null && h.mandated === item))) || (section.level === 2 && h.level === 2);
  if (!titleHere) return void (await plain());
  const saved = await save(split.rest);
  const title = importTitle(h);
  if (!saved || sameTitle(title, section.title) || title === section.title) return;
  const latest = (await deps.store.getReport(p.report.id)) ?? p.report;
  const r = setTitle(latest.template, latest.settings, section.key, title);
  if (!r.ok) return;
  await q.update(deps, t, latest, { settings: r.settings });
  await q.replyNotice(t, where, "已更新标题", [`「${escapeMd(section.label)}」的标题改为：${escapeMd(title)}`, "（编号由报告统一生成，粘贴内容中的编号不作为正文保存。）"]);
  await refreshOverview(deps, t, p.report.id);
}

/** The part a pasted text's leading part heading names (the move card's target), if the outline has it. */
function moveTarget(outline: readonly OutlineSection[], text: string): OutlineSection | undefined {
  const h = splitLeadingHeading(text).heading;
  if (!h || h.mandated === null || (h.level !== 1 && h.level !== null)) return undefined;
  return outline.find((s) => s.level === 1 && itemOf(s) === h.mandated);
}

// -------------------------------------------------------------------------------------------------
// Decisions (card buttons)

const warn = (zh: string): CallbackAnswer => ({ toast: toast("warning", zh) });
const info = (zh: string): CallbackAnswer => ({ toast: toast("info", zh) });
const raw = (data: unknown): CallbackAnswer["card"] => ({ type: "raw", data });

export async function onImportAction(deps: AppDeps, t: Turn, a: CardAction, v: ActionValue): Promise<CallbackAnswer> {
  const pending = v.p ? await deps.store.getPending(v.p) : null;
  if (!pending || (pending.kind !== "import" && pending.kind !== "move")) return warn("找不到这段内容，请重新发送。");
  if (pending.resolvedAt) return info(pending.outcome ? `已处理：${pending.outcome}` : "已处理过了。");
  try {
    const placing = v.a === "move_text" || v.a === "keep_text";
    if (pending.kind === "move" && !placing) return warn("这张卡片已失效，请重新发送。");
    return placing ? await decidePlace(deps, t, a, v, pending) : await decideImport(deps, t, a, v, pending);
  } catch (e) {
    if (e instanceof UserError) return { toast: toast("warning", e.message) };
    throw e;
  }
}

/** Runs `work` as the one decision on `pending` (recorded with `outcome`); reopened if it fails. */
async function decide<T>(deps: AppDeps, t: Turn, pending: PendingRecord, outcome: string, work: () => Promise<T>): Promise<T | null> {
  if (!(await deps.store.resolvePending(pending.id, outcome, t.now))) return null;
  try {
    return await work();
  } catch (e) {
    await deps.store.reopenPending(pending.id);
    throw e;
  }
}

async function decideImport(deps: AppDeps, t: Turn, a: CardAction, v: ActionValue, pending: PendingRecord): Promise<CallbackAnswer> {
  const operator = a.operatorOpenId;
  const report = v.r === NEW_REPORT ? null : await deps.store.getReport(v.r);
  if (v.r !== NEW_REPORT && !report) return warn("找不到这份报告。");

  if (v.a === "import_cancel") {
    // The owner of the report the text was sent for (a group's), not of whatever report the button names.
    const own = pending.reportId ? await deps.store.getReport(pending.reportId) : null;
    if (operator !== pending.authorOpenId && operator !== own?.ownerOpenId) return warn("只有发送人或报告负责人可以取消。");
    const done = await decide(deps, t, pending, "已取消导入", async () => true);
    if (!done) return info("正在处理或已处理。");
    return { toast: toast("info", "已取消导入"), card: raw(importDoneCard({ title: "已取消导入", lines: ["没有导入任何内容。需要时可重新发送。"], tone: "neutral" })) };
  }

  // Where it goes, and whether this operator may put it there.
  let target = report;
  if (v.r === NEW_REPORT) {
    if (pending.chatType !== "group" || pending.reportId !== null || a.chatId !== pending.chatId) return warn("这张卡片已失效，请重新发送。");
    if (await deps.store.currentReportId(pending.chatId)) return warn("本群已有报告，请重新发送全文以导入到当前报告。");
  } else {
    if (pending.chatType === "group" && pending.reportId !== v.r) return warn("这张卡片已失效，请重新发送。");
    if (pending.chatType === "p2p" && operator !== pending.authorOpenId) return warn("只有发送人可以选择导入到哪份报告。");
    if (target!.ownerOpenId !== operator) return warn("只有报告负责人可以导入（导入会改变报告的提纲）。");
    q.assertCollecting(target!);
    if (v.a === "import") {
      const view = await loadView(deps, target!, t.today);
      const written = view.outline.filter((s) => (view.texts.get(s.key) ?? "").trim() !== "").length;
      if (written > 0) {
        return { toast: toast("info", "报告中已有内容，请选择替换还是只填空白"), card: raw(importModeCard({ pendingId: pending.id, reportId: target!.id, reportTitle: target!.title, written })) };
      }
    }
  }

  const mode: ImportMode = v.a === "import_fill" ? "fill" : "replace";
  const result = await decide(deps, t, pending, mode === "fill" ? "已导入（只填空白）" : "已导入", async () => {
    if (!target) target = await createTarget(deps, t, pending, operator, a.eventId);
    return runImport(deps, t, target, pending, mode, operator);
  });
  if (!result) return info("正在导入或已处理。");
  const lines = [
    `已导入到《${escapeMd(result.report.title)}》：${result.written} 节写入${result.kept > 0 ? `，${result.kept} 节保留原有内容` : ""}。`,
    `部分：${result.plan.parts.map((p, i) => `${i + 1}. ${escapeMd(p.title)}`).join("　")}`,
    ...(result.settingsSaid.length ? [`设置：${result.settingsSaid.map(escapeMd).join("；")}`] : []),
    `内容记为 ${mention(pending.authorOpenId)} 的填写；原有内容保留在修订记录中。`,
  ];
  return { toast: toast("success", `已导入（${result.written} 节）`), card: raw(importDoneCard({ title: "已导入报告", lines, reportId: result.report.id })) };
}

/** A group without a report: creates one (the operator owns it) titled as the document says. */
async function createTarget(deps: AppDeps, t: Turn, pending: PendingRecord, operator: string, eventId: string): Promise<ReportRecord> {
  const doc = recognizeStructure(pending.text);
  const title = doc.title && charLength(doc.title) <= 80 ? doc.title : null;
  const id = await q.createReport(deps, t, { chatId: pending.chatId }, { eventId, ownerOpenId: operator, title, template: null }, { quiet: true });
  return (await deps.store.getReport(id))!;
}

interface ImportResult {
  report: ReportRecord;
  plan: ImportPlan;
  written: number;
  kept: number;
  settingsSaid: string[];
}

async function runImport(deps: AppDeps, t: Turn, report: ReportRecord, pending: PendingRecord, mode: ImportMode, operator: string): Promise<ImportResult> {
  const doc = recognizeStructure(pending.text);
  const view = await loadView(deps, report, t.today);
  const plan = planImport(
    doc,
    { template: report.template, settings: report.settings, texts: view.texts, title: report.title, office: report.office, year: report.year, recipient: report.recipient, documentDate: report.documentDate },
    mode,
    (seed) => shortHash(`${pending.id}:${seed}`).slice(0, 6),
  );
  const patch: ReportPatch = { settings: plan.settings };
  const said: string[] = [];
  if (plan.meta.title !== undefined) {
    patch.title = plan.meta.title;
    said.push(`标题「${plan.meta.title}」`);
  }
  if (plan.meta.office !== undefined) {
    patch.office = plan.meta.office;
    said.push(`发文机关「${plan.meta.office}」`);
  }
  if (plan.meta.year !== undefined) {
    patch.year = plan.meta.year;
    said.push(`年度 ${plan.meta.year}`);
  }
  if (plan.meta.recipient !== undefined) {
    patch.recipient = plan.meta.recipient;
    said.push(`主送机关「${plan.meta.recipient}」`);
  }
  if (plan.meta.documentDate !== undefined) {
    patch.documentDate = plan.meta.documentDate;
    said.push(`成文日期 ${plan.meta.documentDate}`);
  }
  const updated = await q.update(deps, t, report, patch);

  // The texts, as one change by the sender: a section with text gets the document's as a replacement (the earlier
  // contributions replaced or removed by revisions, kept in the history), an empty one a new contribution.
  const revisions: PlannedRevision[] = [];
  for (const w of plan.writes) {
    if (!w.replaces) revisions.push({ sectionKey: w.key, replacesId: null, text: w.text, removed: false });
    else if (w.text !== "") revisions.push(...planReplaceSection(view.answers, w.key, w.text));
    else for (const c of currentContributions(view.answers, w.key)) revisions.push({ sectionKey: w.key, replacesId: c.revisionId, text: "", removed: true });
  }
  const changeId = `import:${pending.id}`;
  for (const [i, r] of revisions.entries()) {
    const saved = await deps.store.addAnswer(
      { reportId: report.id, sectionKey: r.sectionKey, authorOpenId: pending.authorOpenId, text: r.text, replacesId: r.replacesId, removed: r.removed, sourceMessageId: i === 0 ? changeId : `${changeId}#${i + 1}`, changeId },
      t.now,
    );
    if (!saved && i === 0) break; // made before (a re-run)
  }
  const written = plan.writes.filter((w) => w.text !== "").length;
  await deps.store.touchReport(report.id, t.now);
  deps.log.info("import.done", { reportId: report.id, messageId: pending.id, mode, operator, writes: plan.writes.length, kept: plan.kept.length, parts: plan.parts.length });

  const latest = (await deps.store.getReport(report.id)) ?? updated;
  if (latest.overviewMessageId) await refreshOverview(deps, t, latest.id);
  else await sendOverview(deps, t, await loadView(deps, latest, t.today));
  if (pending.chatId !== latest.chatId) {
    // Imported from a private chat: the group sees what happened.
    await t.out.sendText({ chatId: latest.chatId }, `${(await deps.store.getReport(latest.id))?.title ?? latest.title}：已由负责人导入一份完整报告（${written} 节）。原有内容保留在修订记录中，发送「进度」查看。`);
  }
  return { report: latest, plan, written, kept: plan.kept.length, settingsSaid: said };
}

/** move_text / keep_text: the stored text goes into the part it names, or stays in the section it was pasted into. */
async function decidePlace(deps: AppDeps, t: Turn, a: CardAction, v: ActionValue, pending: PendingRecord): Promise<CallbackAnswer> {
  const report = pending.reportId ? await deps.store.getReport(pending.reportId) : null;
  if (!report || report.id !== v.r) return warn("找不到这份报告。");
  const operator = a.operatorOpenId;
  if (operator !== pending.authorOpenId && operator !== report.ownerOpenId) return warn("只有粘贴这段内容的人或报告负责人可以决定放在哪里。");
  const move = v.a === "move_text";
  if (move && pending.kind !== "move") return warn("这张卡片已失效，请重新发送。");
  q.assertCollecting(report);
  const where: q.Where = { chatId: pending.chatId, messageId: pending.id };
  const view = await loadView(deps, report, t.today);
  const section = move ? moveTarget(view.outline, pending.text) : view.outline.find((s) => s.key === pending.sectionKey);
  if (!section) return warn(move ? "报告中已没有这一部分，内容没有保存。" : "那一节已被删除，内容没有保存。");
  const key = section.key;
  const title = move ? `已放到 ${section.heading}` : `已保留在 ${heading(section)}`;
  const done = await decide(deps, t, pending, title, async () => {
    const req: SaveRequest = { chatType: pending.chatType, report, sectionKey: key, authorOpenId: pending.authorOpenId, text: pending.text, sourceMessageId: pending.id };
    if (move) await saveWithHeading(deps, t, where, req, { offerMove: false });
    else await q.saveAnswer(deps, t, where, { report, sectionKey: key, authorOpenId: pending.authorOpenId, text: pending.text, sourceMessageId: pending.id, mode: "append", private: pending.chatType === "p2p" });
    return true;
  });
  if (!done) return info("正在处理或已处理。");
  return { toast: toast("success", title), card: raw(importDoneCard({ title, lines: [move ? `内容已保存到「${escapeMd(section.heading)}」。` : `内容已保存到「${escapeMd(heading(section))}」。`], reportId: report.id })) };
}
