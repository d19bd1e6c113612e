// History and undo: 撤销 takes a person's latest change back out, 历史 lists a section's versions, 恢复 makes one of them
// current again (saved as a new version, so nothing is lost).
import { sectionHeading } from "../../../domain/outline/address.js";
import { monthDayTime } from "../../../domain/date-format.js";
import { historyCard, mention, escapeMd, truncate } from "../../../../cards/index.js";
import { planRestore, planUndo, restoreChangeId, sectionText, sectionVersions, undoChangeId } from "../../../domain/answers.js";
import { localDateTime } from "../../../domain/time-zone.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import { loadView, refreshOverview } from "../overview/overview.js";
import type { ReportView } from "../overview/report-view.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { replyCard, replyNotice, type Where } from "./replies.js";
import { assertCollecting } from "./reports.js";
import { addChange } from "./save-answer.js";
import { headingOf, sectionOrError } from "./walk.js";

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
  return historyCard({ heading: s ? sectionHeading(s) : key, reportId: view.report.id, sectionKey: key, label: s?.label, revisions });
}
