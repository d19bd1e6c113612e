// Saving answers: a contribution appended to a section, or the section replaced, as one change of stored revisions
// (a re-run adds nothing twice), and the receipt card that says what was saved.
import { sectionHeading } from "../../../domain/outline/address.js";
import { answerReceiptCard, FORM_MAX_CHARS, formatCount } from "../../../../cards/index.js";
import { planReplaceSection, type PlannedRevision } from "../../../domain/answers.js";
import { cleanPastedText } from "../../../domain/text-clean.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import { loadView, refreshOverview } from "../overview/overview.js";
import { nextUnfinished, type ReportView } from "../overview/report-view.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { countChars, charLength } from "../../../domain/text.js";
import { replyCard, type Where } from "./replies.js";
import { assertCollecting } from "./reports.js";
import { headingOf } from "./walk.js";

/** Longest contribution accepted in one message (Lark's own text limit is 150 KB). */
export const MAX_ANSWER_CHARS = 20_000;
/** Card forms: one input of at most 1000 characters per submit (Lark's input limit). */
export const MAX_FORM_ANSWER_CHARS = FORM_MAX_CHARS;

/**
 * Appends one change's revisions. The first carries the change's source id (a message, a card event), the others
 * `<source>#<n>`: (report, source) is unique, so a re-run of the same event adds nothing twice. Returns how many
 * were new.
 */
export async function addChange(deps: AppDeps, t: Turn, p: { reportId: string; authorOpenId: string; source: string; changeId: string; revisions: PlannedRevision[] }): Promise<number> {
  let added = 0;
  for (const [i, r] of p.revisions.entries()) {
    const saved = await deps.store.addAnswer(
      {
        reportId: p.reportId,
        sectionKey: r.sectionKey,
        authorOpenId: p.authorOpenId,
        text: r.text,
        replacesId: r.replacesId,
        removed: r.removed,
        sourceMessageId: i === 0 ? p.source : `${p.source}#${i + 1}`,
        changeId: p.changeId,
      },
      t.now,
    );
    if (saved) added++;
    else if (i === 0) return 0; // this change was made before (a re-run)
  }
  return added;
}

export async function saveAnswer(
  deps: AppDeps,
  t: Turn,
  where: Where,
  p: {
    report: ReportRecord;
    sectionKey: string;
    authorOpenId: string;
    text: string;
    /** append: a new contribution after the others; replace: the whole section reads `text` afterwards. */
    mode: "append" | "replace";
    /** The message (or card event) the text came from: one save per source. */
    sourceMessageId: string;
    /** Card forms get their receipt as the callback answer instead of a message. */
    quiet?: boolean;
    maxChars?: number;
    /** Name the report in the receipt (private chats). */
    private?: boolean;
  },
): Promise<{ view: ReportView; added: number } | null> {
  assertCollecting(p.report);
  const before = await loadView(deps, p.report, t.today);
  const section = before.outline.find((s) => s.key === p.sectionKey);
  if (!section) throw new UserError("这一节已被删除，回答没有保存。", "发送「继续」查看当前的下一节。");
  const text = cleanPastedText(p.text);
  const max = p.maxChars ?? MAX_ANSWER_CHARS;
  if (countChars(text) === 0) throw new UserError("内容为空，没有保存。");
  const length = charLength(text);
  if (length > max) {
    throw new UserError(
      `内容过长：${formatCount(length)} 字，超过${max === MAX_FORM_ANSWER_CHARS ? "表单" : "单条消息"}上限 ${formatCount(max)} 字，没有保存，也没有截断。`,
      max === MAX_FORM_ANSWER_CHARS ? "请直接回复本卡片发送（一条消息最多 20,000 字）。" : "请分几条消息发送，它们会按顺序接在一起。",
    );
  }
  const revisions: PlannedRevision[] =
    p.mode === "replace" ? planReplaceSection(before.answers, p.sectionKey, text) : [{ sectionKey: p.sectionKey, replacesId: null, text, removed: false }];
  if (revisions.length === 0) throw new UserError(`「${headingOf(before, p.sectionKey)}」的内容没有变化，没有保存。`);
  const added = await addChange(deps, t, { reportId: p.report.id, authorOpenId: p.authorOpenId, source: p.sourceMessageId, changeId: p.sourceMessageId, revisions });
  if (added === 0) {
    // The same message again. The inbox drops redeliveries, so this is a re-run of an event whose first run
    // saved the answer and then stopped (a crash) before its receipt was queued: queue it now. Queued under
    // the same uuid as in the first run (Outbound derives them from the event), it is sent at most once.
    if (!p.quiet) {
      const report = (await deps.store.getReport(p.report.id)) ?? p.report;
      const view = await loadView(deps, report, t.today);
      await replyCard(t, where, receipt(view, p.sectionKey, p.authorOpenId, countChars(text), p.mode, p.private));
      await refreshOverview(deps, t, report.id);
    }
    return null;
  }
  await deps.store.touchReport(p.report.id, t.now);
  const report = (await deps.store.getReport(p.report.id))!;
  const view = await loadView(deps, report, t.today);
  const chars = countChars(text);
  if (!p.quiet) await replyCard(t, where, receipt(view, p.sectionKey, p.authorOpenId, chars, p.mode, p.private));
  await refreshOverview(deps, t, report.id);
  return { view, added: chars };
}

export function receipt(view: ReportView, key: string, author: string, added: number, mode: "append" | "replace", inPrivate = false) {
  const s = view.outline.find((x) => x.key === key)!;
  const c = view.byKey.get(key)!;
  const next = nextUnfinished(view, key);
  return answerReceiptCard({
    reportId: view.report.id,
    stateVersion: view.report.stateVersion,
    sectionKey: key,
    heading: sectionHeading(s),
    mode,
    added,
    total: c.length,
    minLength: s.spec.minLength,
    status: c.status,
    author: { openId: author },
    warnings: c.reasons.filter((r) => r.severity === "warning").map((r) => r.message),
    next: next ? { key: next.key, heading: sectionHeading(next) } : null,
    ...(inPrivate ? { reportTitle: view.report.title } : {}),
  });
}
