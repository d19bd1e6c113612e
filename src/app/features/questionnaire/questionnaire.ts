// The questionnaire: reports created from templates, walked section by section, answered in the chat or
// in card forms; settings; owners; history. Every change is a new stored revision or a versioned update.
import { fullDate, monthDayTime } from "../../../domain/date-format.js";
import { answerReceiptCard, errorCard, helpCard, historyCard, noticeCard, sectionPromptCard, mention, escapeMd, FORM_MAX_CHARS, formatCount, truncate, type Card, type Tone } from "../../../../cards/index.js";
import type { Command, Person } from "../../../domain/commands.js";
import { COMMAND_HELP } from "../../../domain/commands.js";
import { planReplaceSection, planRestore, planUndo, restoreChangeId, sectionText, sectionVersions, undoChangeId, type PlannedRevision } from "../../../domain/answers.js";
import { cleanPastedText } from "../../../domain/text-clean.js";
import type { OutlineSection, Template } from "../../../domain/model.js";
import { addSubsection, removeSubsection, setPartOrder, setTitle } from "../../../domain/outline/settings.js";
import { defaultSettings } from "../../../domain/outline/resolve.js";
import { parseSectionAddress } from "../../../domain/outline/address.js";
import { builtInTemplates, findTemplate } from "../../../domain/templates/fazhi-annual.js";
import { ARCHIVED_WORD, REPORT_STATUS_WORD } from "../../../domain/vocabulary.js";
import { localDateTime } from "../../../domain/time-zone.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import { shortHash } from "../../runtime/outbound.js";
import { loadView, refreshOverview, sendOverview } from "../overview/overview.js";
import { nextUnfinished, ownersOf, promptProps, sectionsOwnedBy, type PromptExtra, type ReportView } from "../overview/report-view.js";
import { pickPrevious, titleYear } from "../../../domain/carry-over.js";
import type { ReportPatch, ReportRecord } from "../../ports/report-store.js";
import { countChars, charLength } from "../../../domain/text.js";

/** Longest contribution accepted in one message (Lark's own text limit is 150 KB). */
export const MAX_ANSWER_CHARS = 20_000;
/** Card forms: one input of at most 1000 characters per submit (Lark's input limit). */
export const MAX_FORM_ANSWER_CHARS = FORM_MAX_CHARS;

/** Where a reply goes: the chat, and the message being answered when there is one. */
export interface Where {
  chatId: string;
  messageId?: string;
}

export function templates(deps: AppDeps): Template[] {
  return [...builtInTemplates, ...deps.settings.templates];
}

// -------------------------------------------------------------------------------------------------
// Replies

export async function replyCard(t: Turn, where: Where, card: Card, purpose?: string) {
  if (where.messageId) await t.out.reply(where.chatId, where.messageId, card, { purpose });
  else await t.out.send({ chatId: where.chatId }, card, { purpose });
}

export async function replyError(t: Turn, where: Where, message: string, hint?: string) {
  await replyCard(t, where, errorCard({ message, hint, severity: "warning", title: { zh: "未执行", en: "Not done" } }));
}

export async function replyNotice(t: Turn, where: Where, title: string, lines: string[], tone: Tone = "collecting") {
  await replyCard(t, where, noticeCard({ title, lines, tone }));
}

/** A section as people name it in messages: "开头", "一、…", "（二）…" as printed. */
export function headingOf(view: ReportView, key: string): string {
  const s = view.outline.find((x) => x.key === key);
  return !s ? key : s.level === 0 ? "开头" : s.heading;
}

/** A person's name as the report knows it (section owners), else null. */
export function nameOf(view: ReportView, openId: string): string | null {
  return view.owners.find((o) => o.openId === openId && o.name)?.name ?? null;
}

// -------------------------------------------------------------------------------------------------
// Reports

/** The chat's current report, or a UserError saying how to create one. */
export async function currentReport(deps: AppDeps, chatId: string): Promise<ReportRecord> {
  const id = await deps.store.currentReportId(chatId);
  const report = id ? await deps.store.getReport(id) : null;
  if (!report) throw new UserError("本群还没有报告。", "发送「@汇报 新建报告 <标题>」开始一份报告。");
  return report;
}

function defaultYear(today: string): number {
  const [y, m] = today.split("-").map(Number) as [number, number];
  // Reports are written about the current year from mid-year on, about the previous one early in the year.
  return m >= 7 ? y : y - 1;
}

export async function createReport(
  deps: AppDeps,
  t: Turn,
  where: Where,
  p: { eventId: string; ownerOpenId: string; title: string | null; template: string | null },
  opts: { quiet?: boolean } = {},
): Promise<string> {
  const all = templates(deps);
  const template = p.template ? findTemplate(p.template, all) : all[0];
  if (!template) throw new UserError(`没有名为「${p.template}」的模板。`, `可用模板：${all.map((x) => x.name).join("、")}`);
  // The year the title names ("关于2023年…"), else the year being reported on now.
  const year = (p.title ? titleYear(p.title) : null) ?? defaultYear(t.today);
  const title = (p.title ?? template.titlePattern.replace("{office}", "").replace("{year}", String(year))).trim();
  if (title.length === 0 || title.length > 80) throw new UserError("报告标题应为 1 到 80 个字。");
  // The id derives from the event, so a re-run of this event finds the report it already created.
  const id = `r${shortHash(`report:${p.eventId}`).slice(0, 12)}`;
  const settings = defaultSettings(template);
  const first = "preamble";
  const created = await deps.store.createReport({
    id,
    chatId: where.chatId,
    title,
    template,
    settings,
    office: "",
    recipient: "",
    year,
    internalDeadline: null,
    submissionDeadline: null,
    status: "collecting",
    ownerOpenId: p.ownerOpenId,
    cursorKey: first,
    returnComment: null,
    returnSections: [],
    reminderPolicy: null,
    createdAt: t.now,
  });
  await deps.store.setCurrentReport(where.chatId, id, t.now);
  await deps.store.touchMember(where.chatId, p.ownerOpenId, t.now);
  // quiet: the caller (an import) says what happened and posts the overview itself.
  if (created === "exists" || opts.quiet) return id;
  const report = (await deps.store.getReport(id))!;
  const view = await loadView(deps, report, t.today);
  // An earlier year's report in this chat: offer to start from it (参照去年, src/app/features/year-over-year/year-over-year.ts).
  const earlier = deps.year ? pickPrevious((await deps.store.reportsInChat(where.chatId)).map((r) => ({ ...r, archived: r.archived ?? false })), year, id) : null;
  await replyCard(
    t,
    where,
    noticeCard({
      title: `已创建报告：${title}`,
      lines: [
        `负责人：${mention(p.ownerOpenId)}　模板：${escapeMd(template.name)}　年度：${year}`,
        `共 ${view.outline.length} 节。大家可直接**回复下面的填写卡片**作答，或 @汇报 发送内容。`,
        `设置截止日期：\`截止 2026-11-20\`；分配负责人：\`分配 一（二） @某人\`；更多命令：\`帮助\``,
        ...(earlier ? [`本群有《${escapeMd(earlier.title)}》：点“参照去年”沿用它的结构和负责人（不复制文字）。`] : []),
      ],
      tone: "collecting",
      ...(earlier ? { buttons: [{ text: `参照去年（${earlier.year}）`, role: "normal" as const, action: { a: "carry_from" as const, r: id, ref: earlier.id } }] } : {}),
    }),
  );
  await sendOverview(deps, t, view);
  await postPrompt(deps, t, { chatId: where.chatId }, view, first);
  return id;
}

// -------------------------------------------------------------------------------------------------
// Prompts and the cursor

/** The prompt card for a section, naming the approver who sent it back when it was. */
export async function promptCard(deps: AppDeps, view: ReportView, key: string, extra: PromptExtra = {}) {
  let returnedBy = extra.returnedBy;
  if (!returnedBy && view.report.returnComment && view.report.returnSections.includes(key)) {
    returnedBy = (await deps.overviewExtra?.(view))?.returned?.by;
  }
  return sectionPromptCard(promptProps(view, key, { ...extra, ...(returnedBy ? { returnedBy } : {}) }));
}

export async function postPrompt(deps: AppDeps, t: Turn, where: Where, view: ReportView, key: string) {
  await replyCard(t, where, await promptCard(deps, view, key), `prompt:${view.report.id}:${key}`);
}

function sectionOrError(view: ReportView, address: string): OutlineSection {
  const r = parseSectionAddress(address, view.outline);
  if (!r.ok) throw new UserError(r.message);
  return view.outline.find((s) => s.key === r.key)!;
}

async function moveCursor(deps: AppDeps, t: Turn, report: ReportRecord, key: string | null): Promise<ReportRecord> {
  const updated = await deps.store.updateReport(report.id, report.stateVersion, { cursorKey: key }, t.now);
  return updated ?? (await deps.store.getReport(report.id))!;
}

export async function navigate(
  deps: AppDeps,
  t: Turn,
  where: Where,
  report: ReportRecord,
  move: { kind: "next" } | { kind: "skip" } | { kind: "back" } | { kind: "goto"; section: string },
): Promise<void> {
  const view = await loadView(deps, report, t.today);
  const cursor = report.cursorKey && view.outline.some((s) => s.key === report.cursorKey) ? report.cursorKey : null;
  let target: OutlineSection | null = null;
  if (move.kind === "goto") target = sectionOrError(view, move.section);
  else if (move.kind === "back") {
    const i = cursor ? view.outline.findIndex((s) => s.key === cursor) : 0;
    if (i <= 0) throw new UserError("已经是第一节了。");
    target = view.outline[i - 1]!;
  } else if (move.kind === "next" && cursor && view.byKey.get(cursor)?.status === "empty") {
    target = view.outline.find((s) => s.key === cursor)!;
  } else {
    target = nextUnfinished(view, cursor);
  }
  if (!target) {
    await replyNotice(t, where, "所有部分都已完成", ["每个部分都已完成（没人写的小标题只是建议，不会出现在文档里）。发送 `进度` 查看总览，`导出` 生成文档，`提交审批` 送审。"]);
    return;
  }
  const moved = await moveCursor(deps, t, report, target.key);
  await postPrompt(deps, t, { chatId: where.chatId }, await loadView(deps, moved, t.today), target.key);
}

// -------------------------------------------------------------------------------------------------
// Answers

export function assertCollecting(report: ReportRecord) {
  if (report.status === "in_approval") throw new UserError("报告正在审批中，暂不能修改。", "如需修改，请负责人先发送「撤回审批」。");
  if (report.status === "approved") throw new UserError("报告已审定并锁定，不能再修改。", "如需修改，请负责人发送「重新打开」，修改后需重新审批。");
}

/**
 * Appends one change's revisions. The first carries the change's source id (a message, a card event), the others
 * `<source>#<n>`: (report, source) is unique, so a re-run of the same event adds nothing twice. Returns how many
 * were new.
 */
async function addChange(deps: AppDeps, t: Turn, p: { reportId: string; authorOpenId: string; source: string; changeId: string; revisions: PlannedRevision[] }): Promise<number> {
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
    heading: s.level === 0 ? "开头" : s.heading,
    mode,
    added,
    total: c.length,
    minLength: s.spec.minLength,
    status: c.status,
    author: { openId: author },
    warnings: c.reasons.filter((r) => r.severity === "warning").map((r) => r.message),
    next: next ? { key: next.key, heading: next.level === 0 ? "开头" : next.heading } : null,
    ...(inPrivate ? { reportTitle: view.report.title } : {}),
  });
}

const excerpt = (text: string) => truncate(text.replace(/\s+/g, " ").trim(), 30);

/**
 * 撤销: undoes the person's latest change still in effect, and says exactly what; a second 撤销 goes one change
 * further back. Says why when there is nothing to undo or someone else has changed it since.
 */
export async function undo(deps: AppDeps, t: Turn, where: Where, report: ReportRecord, openId: string, source: string) {
  assertCollecting(report);
  const view = await loadView(deps, report, t.today);
  const plan = planUndo(view.answers, openId);
  if (plan.kind === "nothing") {
    const wrote = view.answers.some((a) => a.authorOpenId === openId);
    await replyNotice(
      t,
      where,
      "没有可撤销的内容",
      wrote
        ? ["你在这份报告中的填写都已撤销，没有可撤销的内容了。", "如需找回：发送「历史 二」这样的命令查看某部分的各个版本，再用「恢复 二 1」恢复其中一版。"]
        : ["你还没有在这份报告中填写过内容，没有可撤销的内容。"],
      "neutral",
    );
    return;
  }
  if (plan.kind === "changed") {
    const section = view.outline.find((s) => s.key === plan.sectionKey);
    const who = plan.by === openId ? "你" : mention(plan.by);
    await replyNotice(
      t,
      where,
      "无法撤销",
      [
        `你最近一次在「${escapeMd(headingOf(view, plan.sectionKey))}」的填写，之后已被 ${who} 修改，撤销会丢掉对方的修改，所以没有撤销。`,
        section ? escapeMd(`发送「历史 ${section.label}」查看各版本，用「恢复 ${section.label} <版本号>」找回需要的一版。`) : "",
      ].filter(Boolean),
      "attention",
    );
    return;
  }
  const keys = [...new Set(plan.revisions.map((r) => r.sectionKey))];
  await addChange(deps, t, { reportId: report.id, authorOpenId: openId, source: `undo:${source}`, changeId: undoChangeId(plan.change.id), revisions: plan.revisions });
  await deps.store.touchReport(report.id, t.now);
  const after = await loadView(deps, (await deps.store.getReport(report.id))!, t.today);
  const what = plan.what === "added" ? "填写" : plan.what === "restored" ? "恢复" : "替换";
  const where_ = keys.map((k) => `「${escapeMd(headingOf(view, k))}」`).join("、");
  const now = keys.map((k) => `${escapeMd(headingOf(after, k))} 现在 ${after.byKey.get(k)?.length ?? 0} 字`).join("；");
  await replyNotice(t, where, "已撤销", [
    `已撤销你在${where_}的${what}${plan.text.trim() ? `：「${escapeMd(excerpt(plan.text))}」` : ""}。`,
    now,
    "再发送 `撤销` 可撤销你更早的一次填写；修订记录都保留，发送 `历史` 查看。",
  ]);
  await refreshOverview(deps, t, report.id);
}

/** 恢复 <节> <n>: the section reads as it did right after version n again, saved as a new version. */
export async function restore(deps: AppDeps, t: Turn, where: Where, report: ReportRecord, actor: string, p: { section: string; version: number; source: string; quiet?: boolean }): Promise<string> {
  assertCollecting(report);
  const view = await loadView(deps, report, t.today);
  const s = sectionOrError(view, p.section);
  const heading = headingOf(view, s.key);
  const plan = planRestore(view.answers, s.key, p.version);
  if (!plan.ok) {
    if (plan.reason === "no_such_version") throw new UserError(`「${heading}」没有第 ${p.version} 版（共 ${plan.versions} 个版本）。`, `发送「历史 ${s.label}」查看版本号。`);
    if (plan.reason === "empty_version") throw new UserError(`第 ${p.version} 版时「${heading}」没有内容，无法恢复为空。`, `发送「历史 ${s.label}」选择有内容的一版。`);
    throw new UserError(`「${heading}」现在的内容就是第 ${p.version} 版，无需恢复。`);
  }
  const added = await addChange(deps, t, { reportId: report.id, authorOpenId: actor, source: `restore:${p.source}`, changeId: restoreChangeId(p.version, p.source), revisions: plan.revisions });
  if (added > 0) await deps.store.touchReport(report.id, t.now);
  const after = await loadView(deps, (await deps.store.getReport(report.id))!, t.today);
  const total = sectionVersions(after.answers, s.key).length;
  const said = `已把「${heading}」恢复为第 ${p.version} 版（保存为第 ${total} 版，共 ${after.byKey.get(s.key)?.length ?? 0} 字）。`;
  if (!p.quiet) await replyNotice(t, where, "已恢复", [escapeMd(said), `想退回恢复前的内容：发送 \`撤销\`。`]);
  await refreshOverview(deps, t, report.id);
  return said;
}

export async function showHistory(deps: AppDeps, t: Turn, where: Where, report: ReportRecord, address: string | null) {
  const view = await loadView(deps, report, t.today);
  const key = address ? sectionOrError(view, address).key : report.cursorKey;
  if (!key) throw new UserError("请指明要查看的部分，例如「历史 二」。");
  await replyCard(t, where, historyCardFor(deps, view, key));
}

export function historyCardFor(deps: AppDeps, view: ReportView, key: string) {
  const s = view.outline.find((x) => x.key === key);
  const current = sectionText(view.answers, key);
  const editable = view.report.status === "collecting";
  const revisions = sectionVersions(view.answers, key).map((v) => {
    const { date, time } = localDateTime(v.revision.createdAt, deps.settings.timeZone);
    return {
      n: v.n,
      at: monthDayTime(date, time),
      author: { openId: v.revision.authorOpenId },
      action: v.action,
      text: v.text,
      restoredFrom: v.restoredFrom,
      ...(v.revision.carriedFrom ? { note: "沿用去年文字" } : {}),
      restorable: editable && v.sectionText.trim() !== "" && v.sectionText !== current,
    };
  });
  return historyCard({ heading: s ? (s.level === 0 ? "开头" : s.heading) : key, reportId: view.report.id, sectionKey: key, label: s?.label, revisions });
}

// -------------------------------------------------------------------------------------------------
// Settings (owner only)

export function assertOwner(report: ReportRecord, openId: string) {
  if (report.ownerOpenId !== openId) throw new UserError("只有报告负责人可以修改设置。", `负责人：${report.ownerOpenId}`);
}

/** Applies a settings patch; if someone changed the report meanwhile, once more on the latest version. */
export async function update(deps: AppDeps, t: Turn, report: ReportRecord, patch: ReportPatch): Promise<ReportRecord> {
  const updated = await deps.store.updateReport(report.id, report.stateVersion, patch, t.now);
  if (updated) return updated;
  // Someone changed the report meanwhile: apply to the latest version once.
  const latest = (await deps.store.getReport(report.id))!;
  const again = await deps.store.updateReport(report.id, latest.stateVersion, patch, t.now);
  if (!again) throw new UserError("报告刚被他人修改，请重试。");
  return again;
}

export async function applySetting(deps: AppDeps, t: Turn, where: Where, report: ReportRecord, actor: string, cmd: Command): Promise<void> {
  assertOwner(report, actor);
  assertCollecting(report);
  const tpl = report.template;
  let patch: ReportPatch = {};
  let said: string;
  switch (cmd.kind) {
    case "deadline":
      patch = { internalDeadline: cmd.internal, ...(cmd.submission ? { submissionDeadline: cmd.submission } : {}) };
      said = `内部截止日期：${fullDate(cmd.internal)}${cmd.submission ? `；报送截止日期：${fullDate(cmd.submission)}` : ""}`;
      break;
    case "submission_deadline":
      patch = { submissionDeadline: cmd.date };
      said = `报送截止日期：${fullDate(cmd.date)}`;
      break;
    case "office":
      patch = { office: cmd.name };
      said = `发文机关：${cmd.name}`;
      break;
    case "year":
      patch = { year: cmd.year };
      said = `报告年度：${cmd.year}`;
      break;
    case "report_title":
      patch = { title: cmd.title };
      said = `报告标题：${cmd.title}`;
      break;
    case "title": {
      const view = await loadView(deps, report, t.today);
      const s = sectionOrError(view, cmd.section);
      const r = setTitle(tpl, report.settings, s.key, cmd.title);
      if (!r.ok) throw new UserError(r.message);
      patch = { settings: r.settings };
      said = `「${s.label}」的标题改为：${cmd.title}`;
      break;
    }
    case "order": {
      const r = setPartOrder(tpl, report.settings, cmd.parts);
      if (!r.ok) throw new UserError(r.message);
      patch = { settings: r.settings };
      said = `部分顺序已调整`;
      break;
    }
    case "add": {
      const view = await loadView(deps, report, t.today);
      const part = sectionOrError(view, cmd.part);
      if (part.level !== 1) throw new UserError("小标题只能加在一级部分（一、二……）下面。");
      const newKey = `${part.key}.c${shortHash(`${report.id}:${cmd.title}`).slice(0, 6)}`;
      const r = addSubsection(tpl, report.settings, part.key, cmd.title, newKey);
      if (!r.ok) throw new UserError(r.message);
      patch = { settings: r.settings };
      said = `已在「${part.label}」下增加：${cmd.title}`;
      break;
    }
    case "remove": {
      const view = await loadView(deps, report, t.today);
      const s = sectionOrError(view, cmd.section);
      const r = removeSubsection(tpl, report.settings, s.key);
      if (!r.ok) throw new UserError(r.message);
      patch = { settings: r.settings, ...(report.cursorKey === s.key ? { cursorKey: s.parentKey } : {}) };
      said = `已删除「${s.label} ${s.title}」（已填写的内容仍保留在修订记录中，重新增加同名小标题即可找回）`;
      break;
    }
    default:
      throw new Error(`not a setting: ${cmd.kind}`);
  }
  const updated = await update(deps, t, report, patch);
  const view = await loadView(deps, updated, t.today);
  const outline = view.outline.filter((s) => s.level > 0).map((s) => `${s.level === 2 ? "　" : ""}${escapeMd(s.heading)}`);
  await replyNotice(t, where, "已更新设置", [escapeMd(said), ...(cmd.kind === "order" || cmd.kind === "add" || cmd.kind === "remove" || cmd.kind === "title" ? ["", "当前提纲：", ...outline] : [])]);
  await refreshOverview(deps, t, report.id);
}

export async function assign(deps: AppDeps, t: Turn, where: Where, report: ReportRecord, actor: string, section: string, people: Person[]) {
  assertOwner(report, actor);
  const view = await loadView(deps, report, t.today);
  const s = sectionOrError(view, section);
  if (people.length === 0) throw new UserError("请 @ 要分配的人，例如「分配 一（二） @张三」。");
  // Only people Lark identified: an owner without an open id could never be reached or recognised.
  const unknown = people.find((p) => !p.openId);
  if (unknown) throw new UserError(`无法识别 ${unknown.name || "提及的人"}，请重新 @ 一次。`);
  await deps.store.assignOwners(report.id, s.key, people.map((p) => ({ openId: p.openId, name: p.name || null })), actor, t.now);
  await deps.store.touchReport(report.id, t.now);
  const updated = (await deps.store.getReport(report.id))!;
  const after = await loadView(deps, updated, t.today);
  const withSubs = s.level === 1 && after.outline.some((x) => x.parentKey === s.key);
  await replyNotice(t, where, "已分配", [
    `「${escapeMd(s.label === "开头" ? "开头" : s.heading)}」由 ${people.map((p) => mention(p.openId)).join(" ")} 负责${withSubs ? "（含其下没有单独分配负责人的小标题）" : ""}。`,
    "负责人会在私聊中收到填写提示。",
  ]);
  // A card, not a text message: the title and heading are user text, escaped as in every card (a text message
  // would turn "<at user_id=…>" or "[…](…)" in a title into an @ or a link, with no documented escape).
  const notice = noticeCard({
    title: "新的填写任务",
    tone: "collecting",
    lines: [`你被分配负责《${escapeMd(updated.title.replace(/\s+/g, " "))}》的「${escapeMd(s.label === "开头" ? "开头" : s.heading)}」。`, "直接在这里发送内容，或回复下面的卡片，即可填写；发送「继续」查看你负责的下一节。"],
  });
  for (const p of people) {
    await t.out.send({ openId: p.openId }, notice);
    await t.out.send({ openId: p.openId }, await promptCard(deps, after, s.key), { purpose: `prompt:${report.id}:${s.key}` });
  }
  await refreshOverview(deps, t, report.id);
}

// -------------------------------------------------------------------------------------------------
// Lists and help

export async function showHelp(t: Turn, where: Where) {
  await replyCard(t, where, helpCard({ commands: COMMAND_HELP, prefix: "@汇报 ", footer: "回复填写卡片即可作答；私聊中直接发送内容即保存到你负责的部分。打错的命令会先问你是不是想用命令，不会被当作正文。" }));
}

export async function listTemplates(deps: AppDeps, t: Turn, where: Where) {
  await replyNotice(
    t,
    where,
    "可用模板",
    templates(deps).map((x, i) => `${i + 1}. **${escapeMd(x.name)}**（${x.parts.length} 个部分；顺序：${x.partOrders.map((o) => escapeMd(o.name)).join("、") || "默认"}）`),
  );
}

export async function listReports(deps: AppDeps, t: Turn, where: Where) {
  const reports = await deps.store.reportsInChat(where.chatId);
  const current = await deps.store.currentReportId(where.chatId);
  if (reports.length === 0) throw new UserError("本群还没有报告。", "发送「@汇报 新建报告 <标题>」开始。");
  await replyNotice(
    t,
    where,
    "本群的报告",
    reports.map((r, i) => `${i + 1}. ${r.id === current ? "👉 " : ""}${escapeMd(r.title)}（${REPORT_STATUS_WORD[r.status].zh}${r.archived ? `，${ARCHIVED_WORD}` : ""}）`).concat(["", "切换：`报告 2`"]),
  );
}

export async function useReport(deps: AppDeps, t: Turn, where: Where, target: { by: "index"; index: number } | { by: "title"; title: string }) {
  const reports = await deps.store.reportsInChat(where.chatId);
  const r = target.by === "index" ? reports[target.index - 1] : reports.find((x) => x.title === target.title || x.title.includes(target.title));
  if (!r) throw new UserError(target.by === "index" ? `没有第 ${target.index} 份报告（本群共 ${reports.length} 份）。` : `没有标题含「${target.title}」的报告。`);
  await deps.store.setCurrentReport(where.chatId, r.id, t.now);
  await replyNotice(t, where, "已切换报告", [`当前报告：${escapeMd(r.title)}`]);
}

// -------------------------------------------------------------------------------------------------
// Private chats: an owner is walked through the sections assigned to them, across reports — a part's
// owner through its sub-sections too (those without an owner of their own).

export async function privateNext(deps: AppDeps, t: Turn, where: Where, openId: string, fromCursor: { reportId: string; sectionKey: string } | null, skipCurrent: boolean) {
  const owned = await deps.store.ownedSections(openId);
  for (const o of owned) {
    const report = await deps.store.getReport(o.reportId);
    if (!report || report.status !== "collecting") continue;
    const view = await loadView(deps, report, t.today);
    const keys = sectionsOwnedBy(view, openId);
    const from = fromCursor && fromCursor.reportId === report.id ? fromCursor.sectionKey : null;
    const next = nextUnfinished(view, skipCurrent ? from : null, { keys, includeSelf: !skipCurrent });
    if (next && !(skipCurrent && next.key === from)) {
      await deps.store.setPrivateCursor(where.chatId, { reportId: report.id, sectionKey: next.key }, t.now);
      await t.out.send({ chatId: where.chatId }, await promptCard(deps, view, next.key), { purpose: `prompt:${report.id}:${next.key}` });
      return;
    }
  }
  await replyNotice(t, where, owned.length ? "你负责的部分都已完成" : "你还没有被分配任何部分", [
    owned.length ? "谢谢！你负责的每一节都已填写完整。" : "报告负责人在群里发送「分配 一（二） @你」后，你就能在这里逐节填写。",
  ]);
}

