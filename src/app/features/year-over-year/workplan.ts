// The year's work plan (工作要点): 导入工作要点 + the plan's text → a confirmation card (counts, offices; the pending
// plan is stored); 确认 makes its groups the sub-sections of 主要举措和成效 and its tasks checklist items; 科室 <科室名>
// @某人 (or the office card's person pickers) gives the sub-sections an office leads to those people, who are told
// privately and walked through them. The rules are in src/domain/workplan/.
import { fullDate } from "../../../domain/date-format.js";
import { escapeMd, mention, officeCard, officeField, sectionPromptCard, toast, workPlanCard, type OfficeCardProps, type WorkPlanCardProps } from "../../../../cards/index.js";
import type { Command, Person } from "../../../domain/commands/command.js";
import { applyPlanGroups } from "../../../domain/workplan/apply-groups.js";
import { deadlineDate, reportDeadline } from "../../../domain/workplan/deadlines.js";
import { groupsLedBy, resolveOffice } from "../../../domain/workplan/offices.js";
import { parseWorkPlan } from "../../../domain/workplan/parse.js";
import type { WorkPlan } from "../../../domain/workplan/plan.js";
import { measuresPartKey } from "../../../domain/year-context.js";
import type { ActionHandler, CommandHandler } from "../../runtime/feature.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import { shortHash } from "../../runtime/outbound.js";
import { loadView, refreshOverview } from "../overview/overview.js";
import { replyCard, replyNotice, type Where } from "../questionnaire/replies.js";
import { assertCollecting, assertOwner, currentReport } from "../questionnaire/reports.js";
import { nextUnfinished, promptProps, type ReportView } from "../overview/report-view.js";
import type { ReportRecord } from "../../ports/report-store.js";
import type { StoredPlan, YearStore } from "../../ports/year-store.js";

function store(deps: AppDeps): YearStore {
  if (!deps.year) throw new UserError("工作要点在此部署中不可用。");
  return deps.year;
}

function partOf(view: ReportView): { key: string; heading: string } {
  const key = measuresPartKey(view.outline);
  if (!key) throw new UserError("这份报告没有“主要举措和成效”部分，无法套用工作要点。");
  return { key, heading: view.outline.find((s) => s.key === key)!.heading };
}


function cardProps(report: ReportRecord, view: ReportView, stored: StoredPlan): WorkPlanCardProps {
  const plan = stored.plan;
  const d = reportDeadline(plan);
  const date = d ? deadlineDate(d, plan.year ?? report.year) : null;
  const state = stored.status === "pending" ? "pending" : stored.status === "cancelled" ? "cancelled" : "confirmed";
  return {
    reportId: report.id,
    planId: stored.id,
    title: plan.title,
    state,
    tasks: plan.tasks.length,
    groups: plan.groups.map((g, i) => ({ title: g.title, tasks: plan.tasks.filter((t) => t.group === i).length })),
    offices: plan.offices.map((o) => ({ name: o, tasks: plan.tasks.filter((t) => t.leads.includes(o)).length })),
    unassigned: plan.unassigned.map((n) => ({ number: n, title: plan.tasks[n - 1]!.title })),
    partHeading: partOf(view).heading,
    ...(d && date ? { deadline: { date, label: fullDate(date), sentence: d.sentence, set: report.internalDeadline === date } } : {}),
  };
}

/** The sub-sections an office leads (a plan without groups: the part itself). */
function sectionsLedBy(plan: WorkPlan, applied: NonNullable<StoredPlan["applied"]>, view: ReportView, office: string): string[] {
  const keys = new Set(view.outline.map((s) => s.key));
  if (plan.groups.length === 0) return plan.tasks.some((t) => t.leads.includes(office)) && keys.has(applied.partKey) ? [applied.partKey] : [];
  return groupsLedBy(plan, office)
    .map((g) => applied.sections[g])
    .filter((k): k is string => !!k && keys.has(k));
}

function headingOf(view: ReportView, key: string): string {
  const s = view.outline.find((x) => x.key === key)!;
  return s.level === 0 ? "开头" : `${s.label} ${s.title}`;
}

/** The confirmed plan, or a UserError saying to import one. */
async function confirmed(deps: AppDeps, report: ReportRecord): Promise<StoredPlan & { applied: NonNullable<StoredPlan["applied"]> }> {
  const stored = await store(deps).confirmedPlan(report.id);
  if (!stored || !stored.applied) throw new UserError("这份报告还没有确认的工作要点。", "先发送「导入工作要点」并换行粘贴要点全文，再在卡片上确认。");
  return stored as StoredPlan & { applied: NonNullable<StoredPlan["applied"]> };
}

async function officeCardProps(deps: AppDeps, report: ReportRecord, view: ReportView, stored: StoredPlan & { applied: NonNullable<StoredPlan["applied"]> }): Promise<OfficeCardProps> {
  const people = await store(deps).officePeople(report.id);
  return {
    reportId: report.id,
    planId: stored.id,
    offices: stored.plan.offices.map((o) => ({
      name: o,
      sections: sectionsLedBy(stored.plan, stored.applied, view, o).map((k) => view.outline.find((s) => s.key === k)!.label),
      people: people.filter((p) => p.office === o).map((p) => ({ openId: p.openId, ...(p.name ? { name: p.name } : {}) })),
    })),
  };
}

/**
 * Gives an office's sub-sections to people: stored as the office's people, each led sub-section gets them as
 * owners, and each person is told privately with the first of those sub-sections' prompts.
 */
async function assignOffice(deps: AppDeps, t: Turn, report: ReportRecord, stored: StoredPlan & { applied: NonNullable<StoredPlan["applied"]> }, office: string, people: { openId: string; name: string | null }[], actor: string): Promise<string[]> {
  await store(deps).setOfficePeople(report.id, office, people, actor, t.now);
  const view = await loadView(deps, report, t.today);
  const keys = sectionsLedBy(stored.plan, stored.applied, view, office);
  for (const key of keys) await deps.store.assignOwners(report.id, key, people, actor, t.now);
  if (keys.length === 0) return keys;
  await deps.store.touchReport(report.id, t.now);
  const updated = (await deps.store.getReport(report.id))!;
  const after = await loadView(deps, updated, t.today);
  const first = nextUnfinished(after, null, { keys: new Set(keys), includeSelf: true }) ?? after.outline.find((s) => s.key === keys[0])!;
  for (const p of people) {
    await t.out.sendText(
      { openId: p.openId },
      [
        `你被指定为《${updated.title}》中「${office}」的负责人，负责该科室牵头的 ${keys.length} 个小节：`,
        ...keys.map((k) => `· ${headingOf(after, k)}`),
        "直接回复下面的卡片即可填写；发送「继续」查看你负责的下一节。",
      ].join("\n"),
    );
    await t.out.send({ openId: p.openId }, sectionPromptCard(promptProps(after, first.key)), { purpose: `prompt:${report.id}:${first.key}` });
  }
  return keys;
}

// -------------------------------------------------------------------------------------------------
// Commands

async function importPlan(deps: AppDeps, t: Turn, where: Where, report: ReportRecord, actor: string, text: string, eventId: string) {
  const year = store(deps);
  assertOwner(report, actor);
  assertCollecting(report);
  const parsed = parseWorkPlan(text);
  if (!parsed.ok) throw new UserError(parsed.message);
  const view = await loadView(deps, report, t.today);
  partOf(view);
  const id = `wp${shortHash(`plan:${eventId}`).slice(0, 12)}`;
  await year.addPlan({ id, reportId: report.id, plan: parsed.plan, createdBy: actor }, t.now);
  const stored = (await year.plan(id))!;
  await replyCard(t, where, workPlanCard(cardProps(report, view, stored)));
}

async function officeCommand(deps: AppDeps, t: Turn, where: Where, report: ReportRecord, actor: string, office: string | null, people: Person[]) {
  const stored = await confirmed(deps, report);
  const view = await loadView(deps, report, t.today);
  if (office === null) {
    await replyCard(t, where, officeCard(await officeCardProps(deps, report, view, stored)));
    return;
  }
  assertOwner(report, actor);
  assertCollecting(report);
  const name = resolveOffice(stored.plan, office);
  if (!name) throw new UserError(`工作要点中没有牵头科室「${office}」。`, `牵头科室有：${stored.plan.offices.join("、") || "（要点未注明牵头科室）"}`);
  const keys = await assignOffice(deps, t, report, stored, name, people.map((p) => ({ openId: p.openId, name: p.name || null })), actor);
  const after = await loadView(deps, (await deps.store.getReport(report.id))!, t.today);
  await replyNotice(t, where, "已指定科室负责人", [
    `「${escapeMd(name)}」由 ${people.map((p) => mention(p.openId)).join(" ")} 负责。`,
    keys.length > 0 ? `牵头的 ${keys.length} 个小节已交给他们，并已私聊发送填写提示：` : "该科室没有牵头的小节。",
    ...keys.map((k) => `　${escapeMd(headingOf(after, k))}`),
  ]);
  await refreshOverview(deps, t, report.id);
}

const command: CommandHandler = async (deps, t, m, cmd: Command, where) => {
  if (m.chatType !== "group") return false;
  if (cmd.kind === "import_plan") {
    await importPlan(deps, t, where, await currentReport(deps, m.chatId), m.senderOpenId, cmd.text, m.eventId);
    return true;
  }
  if (cmd.kind === "office_people") {
    await officeCommand(deps, t, where, await currentReport(deps, m.chatId), m.senderOpenId, cmd.office, cmd.people);
    return true;
  }
  return false;
};

// -------------------------------------------------------------------------------------------------
// Card actions

const warn = (zh: string): CallbackAnswer => ({ toast: toast("warning", zh) });

async function planOf(deps: AppDeps, report: ReportRecord, id: string): Promise<StoredPlan | null> {
  const stored = await store(deps).plan(id);
  return stored && stored.reportId === report.id ? stored : null;
}

const action: ActionHandler = async (deps, t, a, v, report): Promise<CallbackAnswer | null> => {
  if (!["plan_confirm", "plan_cancel", "plan_deadline", "plan_offices"].includes(v.a) || !v.ref) return null;
  const year = store(deps);
  assertOwner(report, a.operatorOpenId);
  assertCollecting(report);
  const stored = await planOf(deps, report, v.ref);
  if (!stored) return warn("找不到这份工作要点。");
  const card = async (r: ReportRecord) => ({ type: "raw" as const, data: workPlanCard(cardProps(r, await loadView(deps, r, t.today), (await year.plan(stored.id))!)) });

  if (v.a === "plan_cancel") {
    if (!(await year.decidePlan(stored.id, "cancelled", null, t.now))) return { ...warn("这份工作要点已经处理过了。"), card: await card(report) };
    return { toast: toast("info", "已取消，报告未改动"), card: await card(report) };
  }

  if (v.a === "plan_deadline") {
    const d = reportDeadline(stored.plan);
    if (!d) return warn("要点中没有关于报告的时限。");
    const date = deadlineDate(d, stored.plan.year ?? report.year);
    if (report.submissionDeadline && date > report.submissionDeadline) return warn(`内部截止日期（${date}）不能晚于报送截止日期（${report.submissionDeadline}）。`);
    let updated = await deps.store.updateReport(report.id, report.stateVersion, { internalDeadline: date }, t.now);
    if (!updated) {
      const latest = (await deps.store.getReport(report.id))!;
      updated = await deps.store.updateReport(report.id, latest.stateVersion, { internalDeadline: date }, t.now);
      if (!updated) return warn("报告刚被他人修改，请重试。");
    }
    await replyNotice(t, { chatId: report.chatId }, "已设置内部截止日期", [`内部截止日期：${fullDate(date)}（来自工作要点：${escapeMd(d.sentence)}）`]);
    await refreshOverview(deps, t, report.id);
    return { toast: toast("success", `内部截止日期：${fullDate(date)}`), card: await card(updated) };
  }

  if (v.a === "plan_confirm") {
    if (stored.status !== "pending") return { ...warn("这份工作要点已经处理过了。"), card: await card(report) };
    const view = await loadView(deps, report, t.today);
    const part = partOf(view);
    const written = new Set([...view.texts].filter(([, text]) => text.trim() !== "").map(([k]) => k));
    const keyFor = (title: string) => `${part.key}.p${shortHash(`${report.id}:${title}`).slice(0, 6)}`;
    let current = report;
    let sections: string[] = [];
    for (let i = 0; ; i++) {
      const r = applyPlanGroups(current.template, current.settings, part.key, stored.plan, written, keyFor);
      if (!r.ok) return warn(r.message);
      sections = r.sections;
      const updated = await deps.store.updateReport(current.id, current.stateVersion, { settings: r.settings }, t.now);
      if (updated) {
        current = updated;
        break;
      }
      if (i === 1) return warn("报告刚被他人修改，请重试。");
      current = (await deps.store.getReport(report.id))!;
    }
    if (!(await year.decidePlan(stored.id, "confirmed", { partKey: part.key, sections }, t.now))) return { ...warn("这份工作要点已经处理过了。"), card: await card(current) };
    // Offices mapped for an earlier plan keep their people: they get the sub-sections their office leads now.
    const confirmedPlan = await confirmed(deps, current);
    const mapped = await year.officePeople(report.id);
    for (const office of confirmedPlan.plan.offices) {
      const people = mapped.filter((p) => p.office === office);
      if (people.length > 0) await assignOffice(deps, t, current, confirmedPlan, office, people, a.operatorOpenId);
    }
    const after = await loadView(deps, (await deps.store.getReport(report.id))!, t.today);
    const where = { chatId: report.chatId };
    await replyNotice(t, where, "已应用工作要点", [
      sections.length > 0
        ? `「${escapeMd(part.heading)}」的小标题按要点的 ${sections.length} 组设置；每个小标题的填写卡片列出该组任务，进度中会标出未提及的任务。`
        : `要点没有分组：${confirmedPlan.plan.tasks.length} 项任务列在「${escapeMd(part.heading)}」的填写卡片中核对。`,
      ...sections.map((k) => `　${escapeMd(headingOf(after, k))}`),
      "",
      "下一步：在下面的卡片中为各科室选择负责人，或发送 `科室 局法规科 @某人`。",
    ]);
    await t.out.send({ chatId: report.chatId }, officeCard(await officeCardProps(deps, current, after, confirmedPlan)));
    await refreshOverview(deps, t, report.id);
    return { toast: toast("success", `已应用：${stored.plan.tasks.length} 项任务`), card: await card((await deps.store.getReport(report.id))!) };
  }

  // plan_offices: the office card's form.
  const plan = await confirmed(deps, report);
  if (plan.id !== stored.id) return warn("这张卡片属于已被替换的工作要点，请发送“科室”获取新卡片。");
  const form = a.formValue ?? {};
  const existing = await year.officePeople(report.id);
  let changed = 0;
  for (const [i, office] of plan.plan.offices.entries()) {
    const raw = form[officeField(i)];
    const ids = (Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : []).filter((x): x is string => typeof x === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(x));
    const fresh = ids.filter((id) => !existing.some((p) => p.office === office && p.openId === id));
    if (fresh.length === 0) continue;
    await assignOffice(deps, t, report, plan, office, fresh.map((openId) => ({ openId, name: null })), a.operatorOpenId);
    changed++;
  }
  await refreshOverview(deps, t, report.id);
  const latest = (await deps.store.getReport(report.id))!;
  const view = await loadView(deps, latest, t.today);
  return {
    toast: toast(changed > 0 ? "success" : "info", changed > 0 ? `已保存 ${changed} 个科室的负责人` : "没有新的负责人"),
    card: { type: "raw", data: officeCard(await officeCardProps(deps, latest, view, plan)) },
  };
};

export function workPlanFeature(): { commands: CommandHandler[]; actions: ActionHandler[] } {
  return { commands: [command], actions: [action] };
}
