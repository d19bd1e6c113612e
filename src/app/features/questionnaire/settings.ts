// Report settings (owner only): deadlines, office, year, titles, part order, sub-sections added or removed; and
// section owners (分配). A settings change is a versioned update of the report.
import { sectionHeading } from "../../../domain/outline/address.js";
import { fullDate } from "../../../domain/date-format.js";
import { noticeCard, mention, escapeMd } from "../../../../cards/index.js";
import type { Command, Person } from "../../../domain/commands/command.js";
import { addSubsection, removeSubsection, setPartOrder, setTitle } from "../../../domain/outline/settings.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import { shortHash } from "../../runtime/outbound.js";
import { loadView, refreshOverview } from "../overview/overview.js";
import type { ReportPatch, ReportRecord } from "../../ports/report-store.js";
import { replyNotice, type Where } from "./replies.js";
import { assertCollecting, assertOwner } from "./reports.js";
import { promptCard, sectionOrError } from "./walk.js";

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
    `「${escapeMd(sectionHeading(s))}」由 ${people.map((p) => mention(p.openId)).join(" ")} 负责${withSubs ? "（含其下没有单独分配负责人的小标题）" : ""}。`,
    "负责人会在私聊中收到填写提示。",
  ]);
  // A card, not a text message: the title and heading are user text, escaped as in every card (a text message
  // would turn "<at user_id=…>" or "[…](…)" in a title into an @ or a link, with no documented escape).
  const notice = noticeCard({
    title: "新的填写任务",
    tone: "collecting",
    lines: [`你被分配负责《${escapeMd(updated.title.replace(/\s+/g, " "))}》的「${escapeMd(sectionHeading(s))}」。`, "直接在这里发送内容，或回复下面的卡片，即可填写；发送「继续」查看你负责的下一节。"],
  });
  for (const p of people) {
    await t.out.send({ openId: p.openId }, notice);
    await t.out.send({ openId: p.openId }, await promptCard(deps, after, s.key), { purpose: `prompt:${report.id}:${s.key}` });
  }
  await refreshOverview(deps, t, report.id);
}
