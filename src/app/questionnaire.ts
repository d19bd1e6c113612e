// The questionnaire: reports created from templates, walked section by section, answered in the chat or
// in card forms; settings; owners; history. Every change is a new stored revision or a versioned update.
import { answerReceiptCard, errorCard, helpCard, historyCard, noticeCard, sectionPromptCard, mention, escapeMd } from "../../cards/index.js";
import type { Command, Person } from "../domain/commands.js";
import { COMMAND_HELP } from "../domain/commands.js";
import { history as answerHistory, lastContributionBy, planUndo } from "../domain/answers.js";
import { cleanPastedText, countChars } from "../domain/text-clean.js";
import type { OutlineSection, Template } from "../domain/model.js";
import {
  addSubsection,
  defaultSettings,
  parseSectionAddress,
  removeSubsection,
  setPartOrder,
  setTitle,
} from "../domain/outline.js";
import { builtInTemplates, findTemplate } from "../domain/templates/fazhi-annual.js";
import { chineseDate, localDateTime } from "../calendar/zone.js";
import { UserError, type AppDeps, type Turn } from "./context.js";
import { shortHash } from "./outbound.js";
import { loadView, refreshOverview, sendOverview } from "./overview.js";
import { nextUnfinished, ownersOf, promptProps, type ReportView } from "./report-view.js";
import { carriedContributions, pickPrevious, titleYear } from "../domain/carry-over.js";
import type { ReportPatch, ReportRecord } from "./store.js";

/** Longest contribution accepted in one message (Lark's own text limit is 150 KB). */
export const MAX_ANSWER_CHARS = 20_000;
/** Card forms: one input of at most 1000 characters per submit. */
export const MAX_FORM_ANSWER_CHARS = 1000;

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

export async function replyCard(t: Turn, where: Where, card: object, purpose?: string) {
  if (where.messageId) await t.out.reply(where.chatId, where.messageId, card as never, { purpose });
  else await t.out.send({ chatId: where.chatId }, card as never, { purpose });
}

export async function replyError(t: Turn, where: Where, message: string, hint?: string) {
  await replyCard(t, where, errorCard({ message, hint, severity: "warning", title: { zh: "未执行", en: "Not done" } }));
}

export async function replyNotice(t: Turn, where: Where, title: string, lines: string[]) {
  await replyCard(t, where, noticeCard({ title, lines, tone: "collecting" }));
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
): Promise<void> {
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
  if (created === "exists") return;
  const report = (await deps.store.getReport(id))!;
  const view = await loadView(deps, report, t.today);
  // An earlier year's report in this chat: offer to start from it (参照去年, src/app/year-over-year.ts).
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
}

// -------------------------------------------------------------------------------------------------
// Prompts and the cursor

export async function postPrompt(deps: AppDeps, t: Turn, where: Where, view: ReportView, key: string) {
  const card = sectionPromptCard(promptProps(view, key));
  await replyCard(t, where, card, `prompt:${view.report.id}:${key}`);
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
    await replyNotice(t, where, "所有部分都已完成", ["每一节都已填写完整。发送 `进度` 查看总览，`导出` 生成文档，`提交审批` 送审。"]);
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

export async function saveAnswer(
  deps: AppDeps,
  t: Turn,
  where: Where,
  p: {
    report: ReportRecord;
    sectionKey: string;
    authorOpenId: string;
    text: string;
    mode: "append" | "replace";
    sourceMessageId?: string;
    /** Card forms get their receipt as the callback answer instead of a message. */
    quiet?: boolean;
    maxChars?: number;
  },
): Promise<{ view: ReportView; added: number } | null> {
  assertCollecting(p.report);
  const before = await loadView(deps, p.report, t.today);
  const section = before.outline.find((s) => s.key === p.sectionKey);
  if (!section) throw new UserError("这一节已被删除，回答没有保存。", "发送「继续」查看当前的下一节。");
  const text = cleanPastedText(p.text);
  const max = p.maxChars ?? MAX_ANSWER_CHARS;
  if (countChars(text) === 0) throw new UserError("内容为空，没有保存。");
  if ([...text].length > max) throw new UserError(`内容过长（${[...text].length} 字），一次最多 ${max} 字。`, "请分几条消息发送，它们会按顺序接在一起。");
  let replacesId: string | null = null;
  if (p.mode === "replace") {
    const mine = lastContributionBy(before.answers, p.sectionKey, p.authorOpenId);
    // Text carried over from last year belongs to no one in particular: whoever replaces updates it.
    replacesId = mine ? mine.revisionId : (carriedContributions(before.answers, p.sectionKey)[0] ?? null);
  }
  const saved = await deps.store.addAnswer(
    { reportId: p.report.id, sectionKey: p.sectionKey, authorOpenId: p.authorOpenId, text, replacesId, sourceMessageId: p.sourceMessageId ?? null },
    t.now,
  );
  if (!saved) {
    // The same message again. The inbox drops redeliveries, so this is a re-run of an event whose first run
    // saved the answer and then stopped (a crash) before its receipt was queued: queue it now. Queued under
    // the same uuid as in the first run (Outbound derives them from the event), it is sent at most once.
    if (!p.quiet && p.sourceMessageId) {
      const report = (await deps.store.getReport(p.report.id)) ?? p.report;
      const view = await loadView(deps, report, t.today);
      await replyCard(t, where, receipt(view, p.sectionKey, p.authorOpenId, countChars(text), p.mode));
      await refreshOverview(deps, t, report.id);
    }
    return null;
  }
  await deps.store.touchReport(p.report.id, t.now);
  const report = (await deps.store.getReport(p.report.id))!;
  const view = await loadView(deps, report, t.today);
  const added = countChars(text);
  if (!p.quiet) await replyCard(t, where, receipt(view, p.sectionKey, p.authorOpenId, added, p.mode));
  await refreshOverview(deps, t, report.id);
  return { view, added };
}

export function receipt(view: ReportView, key: string, author: string, added: number, mode: "append" | "replace") {
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
  });
}

export async function undo(deps: AppDeps, t: Turn, where: Where, report: ReportRecord, openId: string) {
  assertCollecting(report);
  const answers = await deps.store.answers(report.id);
  const mine = [...answers].reverse().find((a) => a.authorOpenId === openId);
  if (!mine) throw new UserError("你还没有可以撤销的内容。");
  const plan = planUndo(answers, mine.sectionKey, openId);
  if (!plan) throw new UserError("你最近的内容已被他人修改，无法撤销。", "可发送「历史 <节>」查看修订记录。");
  await deps.store.addAnswer(
    plan.kind === "remove"
      ? { reportId: report.id, sectionKey: mine.sectionKey, authorOpenId: openId, text: "", replacesId: plan.replacesId, removed: true }
      : { reportId: report.id, sectionKey: mine.sectionKey, authorOpenId: openId, text: plan.text, replacesId: plan.replacesId },
    t.now,
  );
  await deps.store.touchReport(report.id, t.now);
  const view = await loadView(deps, (await deps.store.getReport(report.id))!, t.today);
  const s = view.outline.find((x) => x.key === mine.sectionKey);
  await replyNotice(t, where, "已撤销", [`已撤销你在「${escapeMd(s ? (s.level === 0 ? "开头" : s.heading) : mine.sectionKey)}」的最近一次${plan.kind === "remove" ? "填写" : "替换"}。`, "修订记录仍保留，可发送 `历史` 查看。"]);
  await refreshOverview(deps, t, report.id);
}

export async function showHistory(deps: AppDeps, t: Turn, where: Where, report: ReportRecord, address: string | null) {
  const view = await loadView(deps, report, t.today);
  const key = address ? sectionOrError(view, address).key : report.cursorKey;
  if (!key) throw new UserError("请指明要查看的部分，例如「历史 二」。");
  const s = view.outline.find((x) => x.key === key);
  const revisions = answerHistory(view.answers, key).map((e) => {
    const { date, time } = localDateTime(e.revision.createdAt, deps.settings.timeZone);
    const [, m, d] = date.split("-");
    return { at: `${Number(m)}月${Number(d)}日 ${time}`, author: { openId: e.revision.authorOpenId }, action: e.action, text: e.text, ...(e.revision.carriedFrom ? { note: "沿用去年文字" } : {}) };
  });
  await replyCard(t, where, historyCard({ heading: s ? (s.level === 0 ? "开头" : s.heading) : key, revisions }));
}

// -------------------------------------------------------------------------------------------------
// Settings (owner only)

export function assertOwner(report: ReportRecord, openId: string) {
  if (report.ownerOpenId !== openId) throw new UserError("只有报告负责人可以修改设置。", `负责人：${report.ownerOpenId}`);
}

async function update(deps: AppDeps, t: Turn, report: ReportRecord, patch: ReportPatch): Promise<ReportRecord> {
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
      said = `内部截止日期：${chineseDate(cmd.internal)}${cmd.submission ? `；报送截止日期：${chineseDate(cmd.submission)}` : ""}`;
      break;
    case "submission_deadline":
      patch = { submissionDeadline: cmd.date };
      said = `报送截止日期：${chineseDate(cmd.date)}`;
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
  await deps.store.assignOwners(report.id, s.key, people.map((p) => ({ openId: p.openId, name: p.name || null })), actor, t.now);
  await deps.store.touchReport(report.id, t.now);
  const updated = (await deps.store.getReport(report.id))!;
  const after = await loadView(deps, updated, t.today);
  await replyNotice(t, where, "已分配", [`「${escapeMd(s.label === "开头" ? "开头" : s.heading)}」由 ${people.map((p) => mention(p.openId)).join(" ")} 负责。`, "负责人会在私聊中收到填写提示。"]);
  for (const p of people) {
    await t.out.sendText({ openId: p.openId }, `你被分配负责《${updated.title}》的「${s.label === "开头" ? "开头" : s.heading}」。直接回复下面的卡片即可填写；发送「继续」查看你负责的下一节。`);
    await t.out.send({ openId: p.openId }, sectionPromptCard(promptProps(after, s.key)) as never, { purpose: `prompt:${report.id}:${s.key}` });
  }
  await refreshOverview(deps, t, report.id);
}

// -------------------------------------------------------------------------------------------------
// Lists and help

export async function showHelp(t: Turn, where: Where) {
  await replyCard(t, where, helpCard({ commands: COMMAND_HELP, prefix: "@汇报 ", footer: "回复填写卡片即可作答；私聊中可直接发送内容。" }));
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
    reports.map((r, i) => `${i + 1}. ${r.id === current ? "👉 " : ""}${escapeMd(r.title)}（${r.status === "collecting" ? "收集中" : r.status === "in_approval" ? "审批中" : "已审定"}${r.archived ? "，存档" : ""}）`).concat(["", "切换：`报告 2`"]),
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
// Private chats: an owner is walked through the sections assigned to them, across reports.

export async function privateNext(deps: AppDeps, t: Turn, where: Where, openId: string, fromCursor: { reportId: string; sectionKey: string } | null, skipCurrent: boolean) {
  const owned = await deps.store.ownedSections(openId);
  for (const o of owned) {
    const report = await deps.store.getReport(o.reportId);
    if (!report || report.status !== "collecting") continue;
    const view = await loadView(deps, report, t.today);
    const keys = new Set(o.sectionKeys.filter((k) => view.outline.some((s) => s.key === k)));
    const from = fromCursor && fromCursor.reportId === report.id ? fromCursor.sectionKey : null;
    const next = nextUnfinished(view, skipCurrent ? from : null, { keys, includeSelf: !skipCurrent });
    if (next && !(skipCurrent && next.key === from)) {
      await deps.store.setPrivateCursor(where.chatId, { reportId: report.id, sectionKey: next.key }, t.now);
      await t.out.send({ chatId: where.chatId }, sectionPromptCard(promptProps(view, next.key)) as never, { purpose: `prompt:${report.id}:${next.key}` });
      return;
    }
  }
  await replyNotice(t, where, owned.length ? "你负责的部分都已完成" : "你还没有被分配任何部分", [
    owned.length ? "谢谢！你负责的每一节都已填写完整。" : "报告负责人在群里发送「分配 一（二） @你」后，你就能在这里逐节填写。",
  ]);
}

