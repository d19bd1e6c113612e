// The walk through the outline: sections as people name them, a section's prompt card, the cursor (继续 / 跳过 / 上一节 /
// 跳到), and the private walk of an owner through the sections assigned to them.
import { sectionPromptCard } from "../../../../cards/index.js";
import type { OutlineSection } from "../../../domain/model.js";
import { parseSectionAddress, sectionHeading } from "../../../domain/outline/address.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import { loadView } from "../overview/overview.js";
import { nextUnfinished, promptProps, sectionsOwnedBy, type PromptExtra, type ReportView } from "../overview/report-view.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { replyCard, replyNotice, type Where } from "./replies.js";

/** A section as people name it in messages: "开头", "一、…", "（二）…" as printed. */
export function headingOf(view: ReportView, key: string): string {
  const s = view.outline.find((x) => x.key === key);
  return s ? sectionHeading(s) : key;
}

/** A person's name as the report knows it (section owners), else null. */
export function nameOf(view: ReportView, openId: string): string | null {
  return view.owners.find((o) => o.openId === openId && o.name)?.name ?? null;
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

/** The section an address ("二", "一（二）", "1.2") names, or a UserError saying why none. */
export function sectionOrError(view: ReportView, address: string): OutlineSection {
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
