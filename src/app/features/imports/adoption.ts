// Adopting a whole report: the import card's taps (the move card's go to ./pasted-headings.ts).
//
// Who may decide: an import changes the outline, so only the target report's owner (负责人) imports; in a private
// chat the bot offers only the sender's own reports. The sender or the owner may cancel. Imported text is attributed to the sender as one change (every section's
// revision carries changeId "import:<message id>"): earlier text is replaced by revisions, never deleted, so 历史
// shows it, and the sender's 撤销 takes the whole import's text back out.
import { importDoneCard, importModeCard, NEW_REPORT, toast, escapeMd, mention, type ActionValue } from "../../../../cards/index.js";
import { currentContributions, planReplaceSection, type PlannedRevision } from "../../../domain/answers.js";
import { planImport, type ImportMode, type ImportPlan } from "../../../domain/import-plan.js";
import { recognizeStructure } from "../../../domain/structure/recognize.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import type { CardAction } from "../../runtime/feature.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import { shortHash } from "../../runtime/outbound.js";
import { loadView, refreshOverview, sendOverview } from "../overview/overview.js";
import { assertCollecting, createReport } from "../questionnaire/reports.js";
import { update } from "../questionnaire/settings.js";
import type { PendingRecord, ReportPatch, ReportRecord } from "../../ports/report-store.js";
import { charLength } from "../../../domain/text.js";
import { decidePlace } from "./pasted-headings.js";
import { decide, info, raw, warn } from "./pending.js";

/** A tap on an import or move card (cards/action.ts IMPORT_ACTIONS): the one decision on the pending text it names. */
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
    assertCollecting(target!);
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
  const id = await createReport(deps, t, { chatId: pending.chatId }, { eventId, ownerOpenId: operator, title, template: null }, { quiet: true });
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
  const updated = await update(deps, t, report, patch);

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
