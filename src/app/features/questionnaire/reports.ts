// The chat's reports: which one is current, when it may be changed and by whom, creating one from a template, listing
// and switching reports; templates and help.
import { helpCard, noticeCard, mention, escapeMd } from "../../../../cards/index.js";
import { COMMAND_HELP } from "../../../domain/commands/help.js";
import type { OutlineSettings, Template } from "../../../domain/model.js";
import { charLength } from "../../../domain/text.js";
import { defaultSettings } from "../../../domain/outline/resolve.js";
import { builtInTemplates, findTemplate } from "../../../domain/templates/fazhi-annual.js";
import { ARCHIVED_WORD, REPORT_STATUS_WORD } from "../../../domain/vocabulary.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import { shortHash } from "../../runtime/outbound.js";
import { loadView, sendOverview } from "../overview/overview.js";
import { pickPrevious, titleYear } from "../../../domain/carry-over.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { replyCard, replyNotice, type Where } from "./replies.js";
import { postPrompt } from "./walk.js";

export function templates(deps: AppDeps): Template[] {
  return [...builtInTemplates, ...deps.settings.templates];
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

/** Refuses a change while the report is in approval or approved (what to do instead is in the hint). */
export function assertCollecting(report: ReportRecord) {
  if (report.status === "in_approval") throw new UserError("报告正在审批中，暂不能修改。", "如需修改，请负责人先发送「撤回审批」。");
  if (report.status === "approved") throw new UserError("报告已审定并锁定，不能再修改。", "如需修改，请负责人发送「重新打开」，修改后需重新审批。");
}

/** Refuses a settings change by anyone but the report's owner (负责人). */
export function assertOwner(report: ReportRecord, openId: string) {
  if (report.ownerOpenId !== openId) throw new UserError("只有报告负责人可以修改设置。", `负责人：${report.ownerOpenId}`);
}

export function defaultYear(today: string): number {
  const [y, m] = today.split("-").map(Number) as [number, number];
  // Reports are written about the current year from mid-year on, about the previous one early in the year.
  return m >= 7 ? y : y - 1;
}

/**
 * Stores a new report in collecting state (新建报告, and 参照 with last year's structure): checks the title, derives
 * the id from the event, so that a re-run of the event finds the report it already created ("exists").
 */
export async function storeNewReport(
  deps: AppDeps,
  t: Turn,
  r: { eventId: string; chatId: string; ownerOpenId: string; title: string; template: Template; settings: OutlineSettings; office: string; recipient: string; year: number },
): Promise<{ id: string; created: "created" | "exists" }> {
  const length = charLength(r.title);
  if (length === 0 || length > 80) throw new UserError("报告标题应为 1 到 80 个字。");
  const id = `r${shortHash(`report:${r.eventId}`).slice(0, 12)}`;
  const created = await deps.store.createReport({
    id,
    chatId: r.chatId,
    title: r.title,
    template: r.template,
    settings: r.settings,
    office: r.office,
    recipient: r.recipient,
    year: r.year,
    internalDeadline: null,
    submissionDeadline: null,
    status: "collecting",
    ownerOpenId: r.ownerOpenId,
    cursorKey: "preamble",
    returnComment: null,
    returnSections: [],
    createdAt: t.now,
  });
  return { id, created };
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
  const { id, created } = await storeNewReport(deps, t, { eventId: p.eventId, chatId: where.chatId, ownerOpenId: p.ownerOpenId, title, template, settings: defaultSettings(template), office: "", recipient: "", year });
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
  await postPrompt(deps, t, { chatId: where.chatId }, view, "preamble");
  return id;
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
