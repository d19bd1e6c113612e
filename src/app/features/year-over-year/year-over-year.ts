// Last year's report as the start of this year's: 新建报告 … 参照 <报告> (or the 参照去年 button on the creation card)
// takes last year's structure and owners, never its text; prompts show last year's text of each section with
// 沿用去年文字; 对比 <节> shows what changed. The rules are in src/domain/carry-over.ts and compare.ts.
import { compareCard, escapeMd, mention, noticeCard, sectionPromptCard, toast } from "../../../../cards/index.js";
import type { Command, ReportTarget } from "../../../domain/commands/command.js";
import { fullText, pickPrevious, titleForYear, titleYear } from "../../../domain/carry-over.js";
import { compareTexts, figureChangeText } from "../../../domain/compare.js";
import { cloneSettings } from "../../../domain/outline/settings.js";
import { parseSectionAddress, sectionHeading } from "../../../domain/outline/address.js";
import { resolveOutline } from "../../../domain/outline/resolve.js";
import type { ActionHandler, CommandHandler } from "../../runtime/feature.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import { loadView, refreshOverview, sendOverview } from "../overview/overview.js";
import { replyCard, replyNotice, type Where } from "../questionnaire/replies.js";
import { assertCollecting, assertOwner, currentReport, defaultYear, storeNewReport } from "../questionnaire/reports.js";
import { postPrompt } from "../questionnaire/walk.js";
import { promptProps } from "../overview/report-view.js";
import type { ReportRecord } from "../../ports/report-store.js";
import type { YearStore } from "../../ports/year-store.js";

function yearStore(deps: AppDeps): YearStore {
  if (!deps.year) throw new UserError("参照去年的报告在此部署中不可用。");
  return deps.year;
}

type Candidate = ReportRecord & { archived: boolean };

/** Reports a person may take as last year's: the chat's (numbered as in 报告列表) and the ones they own anywhere. */
async function visibleReports(deps: AppDeps, chatId: string, openId: string): Promise<{ chat: Candidate[]; all: Candidate[] }> {
  const year = yearStore(deps);
  const withFlag = (r: ReportRecord): Candidate => ({ ...r, archived: r.archived ?? false });
  const chat = (await deps.store.reportsInChat(chatId)).map(withFlag);
  const all = [...chat];
  for (const r of await year.reportsOwnedBy(openId)) if (!all.some((x) => x.id === r.id)) all.push(withFlag(r));
  return { chat, all };
}

/** The report `target` names among those visible, or a UserError saying what exists. */
async function resolveSource(deps: AppDeps, chatId: string, openId: string, target: ReportTarget, year: number, except?: string): Promise<Candidate> {
  const { chat, all } = await visibleReports(deps, chatId, openId);
  if (target.by === "index") {
    const r = chat[target.index - 1];
    if (!r) throw new UserError(`没有第 ${target.index} 份报告（本群共 ${chat.length} 份）。`, "发送「报告列表」查看序号，或用标题中的词：新建报告 参照 2023年。");
    return r;
  }
  if (target.by === "latest") {
    const r = pickPrevious(all, year, except);
    if (!r) throw new UserError(`没有找到 ${year} 年以前的报告可参照。`, "可参照本群的报告或你负责的报告；也可先导入去年的报告。");
    return r;
  }
  const hits = all.filter((r) => r.id !== except && r.title.includes(target.title));
  const exact = hits.filter((r) => r.title === target.title);
  if (exact.length === 1) return exact[0]!;
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) throw new UserError(`找不到标题含「${target.title}」的报告。`, "可参照本群的报告或你负责的报告；发送「报告列表」查看本群的报告。");
  throw new UserError(`标题含「${target.title}」的报告有 ${hits.length} 份：${hits.slice(0, 5).map((r) => `《${r.title}》`).join("、")}。`, "请写得更具体，或用报告列表中的序号。");
}

/** Last year's owners, for the sections this year's outline has. Returns how many people were given sections. */
async function copyOwners(deps: AppDeps, t: Turn, source: ReportRecord, target: ReportRecord, by: string): Promise<string[]> {
  const keys = new Set(resolveOutline(target.template, target.settings).map((s) => s.key));
  const owners = (await deps.store.owners(source.id)).filter((o) => keys.has(o.sectionKey));
  const byKey = new Map<string, { openId: string; name: string | null }[]>();
  for (const o of owners) byKey.set(o.sectionKey, [...(byKey.get(o.sectionKey) ?? []), { openId: o.openId, name: o.name }]);
  for (const [key, people] of byKey) await deps.store.assignOwners(target.id, key, people, by, t.now);
  return [...new Set(owners.map((o) => o.openId))];
}

function structureLines(source: ReportRecord, target: ReportRecord, owners: string[]): string[] {
  const outline = resolveOutline(target.template, target.settings);
  const parts = outline.filter((s) => s.level === 1).length;
  const subs = outline.filter((s) => s.level === 2).length;
  return [
    `参照：《${escapeMd(source.title)}》（${source.year}年）`,
    `沿用了它的 ${parts} 个部分、${subs} 个小标题和顺序${owners.length > 0 ? `，以及各节负责人：${owners.map(mention).join(" ")}` : ""}。`,
    "去年的文字**不会复制**：每节的填写卡片里可展开“去年此节”查看，需要时点“沿用去年文字”再逐句更新。",
    "发送 `对比 一` 查看某节与去年相比的变化。",
  ];
}

/** Links `target` to `source` (and archives an earlier year's source). */
async function link(deps: AppDeps, source: Candidate | ReportRecord, target: ReportRecord): Promise<void> {
  const year = yearStore(deps);
  await year.setPrevious(target.id, source.id);
  if (source.year < target.year) await year.setArchived(source.id, true);
}

/** 新建报告 [标题] 参照 <报告>: this year's report with last year's structure and owners (no text). */
export async function createFromPrevious(
  deps: AppDeps,
  t: Turn,
  where: Where,
  p: { eventId: string; ownerOpenId: string; title: string | null; from: ReportTarget },
): Promise<void> {
  yearStore(deps);
  const wanted = p.title ? titleYear(p.title) : null;
  const source = await resolveSource(deps, where.chatId, p.ownerOpenId, p.from, wanted ?? defaultYear(t.today));
  const year = wanted ?? source.year + 1;
  const title = (p.title ?? titleForYear(source.title, source.year, year)).trim();
  // The same id as 新建报告 without 参照 would give: a re-run of this event finds the report it created.
  const { id } = await storeNewReport(deps, t, {
    eventId: p.eventId,
    chatId: where.chatId,
    ownerOpenId: p.ownerOpenId,
    title,
    template: source.template,
    settings: cloneSettings(source.settings),
    office: source.office,
    recipient: source.recipient,
    year,
  });
  const report = (await deps.store.getReport(id))!;
  // Idempotent steps: a re-run of this event repeats them harmlessly and queues nothing twice.
  await link(deps, source, report);
  const owners = await copyOwners(deps, t, source, report, p.ownerOpenId);
  await deps.store.touchReport(id, t.now);
  await deps.store.setCurrentReport(where.chatId, id, t.now);
  await deps.store.touchMember(where.chatId, p.ownerOpenId, t.now);
  const view = await loadView(deps, (await deps.store.getReport(id))!, t.today);
  await replyNotice(t, where, `已创建报告：${title}`, [
    `负责人：${mention(p.ownerOpenId)}　年度：${year}　共 ${view.outline.length} 节`,
    ...structureLines(source, report, owners),
  ]);
  await sendOverview(deps, t, view);
  await postPrompt(deps, t, { chatId: where.chatId }, view, view.outline[0]!.key);
}

const warn = (zh: string): CallbackAnswer => ({ toast: toast("warning", zh) });

/** 参照去年 on the creation card: the new report (still empty) takes `ref`'s structure and owners. */
const carryFrom: ActionHandler = async (deps, t, a, v, report) => {
  if (v.a !== "carry_from" || !v.ref) return null;
  const year = yearStore(deps);
  assertOwner(report, a.operatorOpenId);
  assertCollecting(report);
  const source = await deps.store.getReport(v.ref);
  const visible = source && (source.chatId === report.chatId || source.ownerOpenId === a.operatorOpenId);
  if (!source || !visible || source.id === report.id) return warn("找不到要参照的报告。");
  if ((await year.link(report.id)).previousReportId === source.id) return { toast: toast("info", "已参照这份报告。") };
  if ((await deps.store.answers(report.id)).length > 0) return warn("这份报告已经开始填写，不能再套用去年的结构。");
  let current = report;
  for (let i = 0; ; i++) {
    if (await year.restructure(current.id, current.stateVersion, source.template, cloneSettings(source.settings), t.now)) break;
    if (i === 1) return warn("报告刚被他人修改，请重试。");
    current = (await deps.store.getReport(report.id))!;
  }
  let updated = (await deps.store.getReport(report.id))!;
  await link(deps, source, updated);
  const owners = await copyOwners(deps, t, source, updated, a.operatorOpenId);
  updated = (await deps.store.updateReport(updated.id, updated.stateVersion, { cursorKey: "preamble" }, t.now)) ?? (await deps.store.getReport(report.id))!;
  const view = await loadView(deps, updated, t.today);
  const where = { chatId: report.chatId };
  await replyNotice(t, where, "已参照去年的报告", structureLines(source, updated, owners));
  await refreshOverview(deps, t, report.id);
  await postPrompt(deps, t, where, view, view.outline[0]!.key);
  return {
    toast: toast("success", `已参照《${source.title}》`),
    card: { type: "raw", data: noticeCard({ title: `已创建报告：${updated.title}`, lines: structureLines(source, updated, owners), tone: "collecting" }) },
  };
};

/** 沿用去年文字: last year's text of the section becomes a revision by the clicker, marked as carried over. */
const carryText: ActionHandler = async (deps, t, a, v, report) => {
  if (v.a !== "carry_text" || !v.s) return null;
  assertCollecting(report);
  const view = await loadView(deps, report, t.today);
  const prev = view.context?.previous;
  const section = view.outline.find((s) => s.key === v.s);
  if (!section) return warn("这一节已被删除。");
  const last = prev?.texts.get(v.s);
  if (!prev || !last) return warn("去年此节没有内容。");
  if ((view.texts.get(v.s) ?? "").trim() !== "") {
    return { ...warn("本节已有内容，没有沿用去年的文字。"), card: { type: "raw", data: sectionPromptCard(promptProps(view, v.s)) } };
  }
  await deps.store.addAnswer(
    { reportId: report.id, sectionKey: v.s, authorOpenId: a.operatorOpenId, text: last, carriedFrom: prev.reportId, sourceMessageId: `card:${a.eventId}` },
    t.now,
  );
  await deps.store.touchReport(report.id, t.now);
  const after = await loadView(deps, (await deps.store.getReport(report.id))!, t.today);
  await refreshOverview(deps, t, report.id);
  return {
    toast: toast("success", `已沿用${prev.year}年文字，请更新后以“替换”保存`),
    card: { type: "raw", data: sectionPromptCard(promptProps(after, v.s)) },
  };
};

/** 对比 <节>: the section (with its sub-sections) against last year's. */
export async function compareSection(deps: AppDeps, t: Turn, where: Where, report: ReportRecord, address: string | null): Promise<void> {
  const view = await loadView(deps, report, t.today);
  const prev = view.context?.previous;
  if (!prev) throw new UserError("这份报告没有参照去年的报告，无从对比。", "用「新建报告 <标题> 参照 <报告>」创建的报告才能对比。");
  let key = report.cursorKey;
  if (address) {
    const r = parseSectionAddress(address, view.outline);
    if (!r.ok) throw new UserError(r.message);
    key = r.key;
  }
  if (!key) throw new UserError("请指明要对比的部分，例如「对比 一」。");
  const s = view.outline.find((x) => x.key === key)!;
  const heading = sectionHeading(s);
  const before = prev.fullTexts.get(key) ?? "";
  if (before.trim() === "") throw new UserError(`去年的报告里没有「${heading}」的内容，无从对比。`);
  const after = fullText(view.outline, view.texts, key);
  if (after.trim() === "") throw new UserError(`今年「${heading}」还没有内容。`, "填写卡片里可展开“去年此节”查看去年的文字。");
  const c = compareTexts(before, after);
  await replyCard(
    t,
    where,
    compareCard({ heading, lastYear: prev.year, thisYear: report.year, figures: c.figures.map(figureChangeText), added: c.added, removed: c.removed, rewritten: c.rewritten, unchanged: c.unchanged }),
  );
}

const compareCommand: CommandHandler = async (deps, t, m, cmd: Command, where) => {
  if (cmd.kind !== "compare" || m.chatType !== "group") return false;
  await compareSection(deps, t, where, await currentReport(deps, m.chatId), cmd.section);
  return true;
};

export function yearOverYearFeature(): { commands: CommandHandler[]; actions: ActionHandler[] } {
  return { commands: [compareCommand], actions: [carryFrom, carryText] };
}
