// What a report looks like right now: its outline, each section's text, completeness, deadlines — and the
// plain props the cards are drawn from. Computed from stored state on demand (nothing here is stored).
import { monthDay } from "../../../domain/date-format.js";
import { evaluateCompleteness } from "../../../domain/completeness/report.js";
import { isWalkStop } from "../../../domain/completeness/owed.js";
import { missingTopics } from "../../../domain/completeness/topics.js";
import { summarizeReasons } from "../../../domain/completeness/reasons.js";
import type { CompletenessSectionInput, ReportCompleteness, SectionCompleteness } from "../../../domain/completeness/types.js";
import { sectionText, sectionVersion } from "../../../domain/answers.js";
import { gapsFromCompleteness, type Gaps } from "../../../domain/gaps.js";
import { isRangeCovered, workingDaysBetween, type Calendar } from "../../../domain/calendar.js";
import type { Answer, OutlineSection } from "../../../domain/model.js";
import { resolveOutline } from "../../../domain/outline/resolve.js";
import type { OverviewProps, OverviewSection, SectionPromptProps } from "../../../../cards/index.js";
import type { OwnerRecord, ReportRecord } from "../../ports/report-store.js";
import { carriedContributions } from "../../../domain/carry-over.js";
import { figureSegments } from "../../../domain/compare.js";
import { checklistsFor, contextReasons, type ReportContext } from "../../../domain/year-context.js";
import { charLength } from "../../../domain/text.js";

export interface ReportView {
  report: ReportRecord;
  outline: OutlineSection[];
  answers: Answer[];
  owners: OwnerRecord[];
  texts: Map<string, string>;
  completeness: ReportCompleteness;
  byKey: Map<string, SectionCompleteness>;
  /** Working days left to each deadline (negative when overdue), from `today`. */
  deadlines: { internal: number | null; submission: number | null; covered: boolean };
  /** Last year's report and the work plan, when the report has them. */
  context?: ReportContext;
}

/**
 * What completeness is evaluated on: the report's outline (the template's, as the report's settings change it),
 * each section's current text and the owners assigned to it, and the reasons its context adds (last year's
 * report, the work plan: src/domain/year-context.ts). The one builder: the view and the reminder pass.
 */
export function completenessInputs(
  report: Pick<ReportRecord, "template" | "settings">,
  answers: readonly Answer[],
  owners: readonly OwnerRecord[],
  context?: ReportContext,
): CompletenessSectionInput[] {
  const outline = resolveOutline(report.template, report.settings);
  const texts = new Map<string, string>();
  for (const s of outline) texts.set(s.key, sectionText(answers, s.key));
  const extra = context ? contextReasons(outline, texts, answers as Answer[], context) : null;
  return outline.map((section) => {
    const more = extra?.get(section.key);
    return {
      section,
      text: texts.get(section.key) ?? "",
      ownerOpenIds: owners.filter((o) => o.sectionKey === section.key).map((o) => o.openId),
      ...(more ? { extra: more } : {}),
    };
  });
}

export function buildView(report: ReportRecord, answers: Answer[], owners: OwnerRecord[], calendar: Calendar, today: string, context?: ReportContext): ReportView {
  const inputs = completenessInputs(report, answers, owners, context);
  const outline = inputs.map((i) => i.section);
  const texts = new Map<string, string>();
  for (const i of inputs) texts.set(i.section.key, i.text);
  const completeness = evaluateCompleteness({ sections: inputs });
  const byKey = new Map(completeness.sections.map((s) => [s.key, s]));
  let covered = true;
  const left = (d: string | null) => {
    if (!d) return null;
    if (!isRangeCovered(calendar, today < d ? today : d, today < d ? d : today)) covered = false;
    return workingDaysBetween(calendar, today, d);
  };
  const deadlines = { internal: left(report.internalDeadline), submission: left(report.submissionDeadline), covered };
  return { report, outline, answers, owners, texts, completeness, byKey, deadlines, ...(context ? { context } : {}) };
}

/** The section's owners as they apply (its own, or its part's when it has none), with their names when known. */
export function ownersOf(view: ReportView, key: string): { openId: string; name?: string }[] {
  const ids = view.byKey.get(key)?.ownerOpenIds ?? [];
  return ids.map((openId) => {
    const name = view.owners.find((o) => o.openId === openId && o.name)?.name;
    return name ? { openId, name } : { openId };
  });
}

/** Keys of the sections `openId` owns, own or through their part. */
export function sectionsOwnedBy(view: ReportView, openId: string): Set<string> {
  return new Set(view.completeness.sections.filter((c) => c.ownerOpenIds.includes(openId)).map((c) => c.key));
}

/**
 * Next section after `fromKey` (or from the start) where the walk stops (isWalkStop: owed, or a part that still
 * needs writing); wraps around once.
 */
export function nextUnfinished(view: ReportView, fromKey: string | null, opts: { includeSelf?: boolean; keys?: ReadonlySet<string> } = {}): OutlineSection | null {
  const list = view.outline.filter((s) => !opts.keys || opts.keys.has(s.key));
  if (list.length === 0) return null;
  const start = fromKey ? list.findIndex((s) => s.key === fromKey) : -1;
  for (let i = 0; i < list.length; i++) {
    // From the start of the outline when there is no `fromKey` (or it is not in the list).
    const idx = start < 0 ? i : (start + (opts.includeSelf ? i : i + 1)) % list.length;
    const s = list[idx]!;
    if (start >= 0 && !opts.includeSelf && idx === start) continue;
    const c = view.byKey.get(s.key);
    if (c && isWalkStop(c)) return s;
  }
  return null;
}


export function overviewProps(view: ReportView, extra: Partial<OverviewProps> = {}): OverviewProps {
  const r = view.report;
  const section = (s: OutlineSection): OverviewSection => {
    const c = view.byKey.get(s.key)!;
    return {
      key: s.key,
      heading: s.level === 0 ? "" : s.heading,
      status: c.status,
      chars: c.totalLength,
      owners: ownersOf(view, s.key),
      warnings: c.reasons
        .filter((x) => (x.severity !== "hint" || x.code === "task_unmentioned" || x.code === "plan_unmentioned") && x.code !== "children_incomplete" && x.code !== "children_attention")
        .map((x) => x.message),
    };
  };
  const preamble = view.outline.find((s) => s.level === 0);
  // A part's sub-sections as they stand: the written ones, and the suggestions still owed (an unwritten
  // suggestion of a part that is complete, or that brings its own sub-headings, is not shown).
  const shown = (c: OutlineSection) => {
    const r = view.byKey.get(c.key)!;
    return r.totalLength > 0 || r.owed;
  };
  const parts = view.outline
    .filter((s) => s.level === 1)
    .map((p) => ({ ...section(p), children: view.outline.filter((c) => c.parentKey === p.key && shown(c)).map(section) }));
  return {
    reportId: r.id,
    stateVersion: r.stateVersion,
    title: r.title,
    status: r.status,
    preamble: preamble ? section(preamble) : undefined,
    parts,
    progress: { complete: view.completeness.requiredComplete, total: view.completeness.requiredTotal },
    deadlines: {
      internal: r.internalDeadline && view.deadlines.internal !== null ? { date: monthDay(r.internalDeadline), workingDays: view.deadlines.internal } : null,
      submission: r.submissionDeadline && view.deadlines.submission !== null ? { date: monthDay(r.submissionDeadline), workingDays: view.deadlines.submission } : null,
    },
    calendarNotCovered: !view.deadlines.covered,
    ...extra,
  };
}

/** What is still missing, named by section (待补充 parts and 占位 placeholders). */
export function gapsOf(view: ReportView): Gaps {
  return gapsFromCompleteness(view.outline, view.completeness.sections);
}

/** Why a report's sections cannot be edited now, or null while it is collecting. */
export function lockedNote(report: Pick<ReportRecord, "status">): string | null {
  if (report.status === "in_approval") return "报告正在审批中，内容只读。如需修改，请报告负责人发送「撤回审批」。";
  if (report.status === "approved") return "报告已审定并锁定，内容只读。如需修改，请报告负责人发送「重新打开」（修改后需重新审批）。";
  return null;
}

export interface PromptExtra {
  /** Who sent the report back (the approver's name), when the section was named in a 退回. */
  returnedBy?: { openId?: string; name?: string };
  /** Typed text that was not saved, put back into the form. */
  draft?: { text: string; note: string };
}

export function promptProps(view: ReportView, key: string, extra: PromptExtra = {}): SectionPromptProps {
  const s = view.outline.find((x) => x.key === key)!;
  const c = view.byKey.get(key)!;
  const text = view.texts.get(key) ?? "";
  const idx = view.outline.findIndex((x) => x.key === key);
  // A part's sub-sections are suggestions: listed as aspects to cover, ticked when written.
  const children = view.outline.filter((x) => x.parentKey === key);
  const aspects = children.map((x) => ({ label: x.label, title: x.title, written: (view.texts.get(x.key) ?? "") !== "" }));
  // Topics are looked for in what the section holds: for a part, its lead text and its written sub-sections.
  const whole = [text, ...children.map((x) => view.texts.get(x.key) ?? "")].filter((t) => t !== "").join("\n");
  const topicsMissing = new Set(whole !== "" ? missingTopics(s.spec, whole) : []);
  const returned = view.report.returnComment && view.report.returnSections.includes(key) ? view.report.returnComment : null;
  return {
    reportId: view.report.id,
    stateVersion: view.report.stateVersion,
    sectionKey: key,
    label: s.label,
    title: s.level === 0 ? "导语" : s.title,
    prompt: s.spec.prompt,
    topics: s.spec.guidance.topics.map((t) => ({ label: t.label, mentioned: whole !== "" ? !topicsMissing.has(t.label) : undefined })),
    example: s.spec.guidance.example,
    aspects: aspects.length > 0 ? aspects : undefined,
    currentText: text || undefined,
    currentChars: c.length,
    status: c.status,
    minLength: s.spec.minLength,
    owners: ownersOf(view, key),
    returnComment: returned ? { by: extra.returnedBy ?? { name: "审批人" }, comment: returned } : undefined,
    position: { index: idx + 1, total: view.outline.length },
    hasPrevious: idx > 0,
    sectionVersion: sectionVersion(view.answers, key),
    ...(lockedNote(view.report) ? { locked: lockedNote(view.report)! } : {}),
    ...(extra.draft ? { draft: extra.draft } : {}),
    ...contextProps(view, key),
  };
}

/** What last year's report and the work plan add to a prompt (nothing when the report has neither). */
function contextProps(view: ReportView, key: string): Partial<SectionPromptProps> {
  const ctx = view.context;
  if (!ctx) return {};
  const out: Partial<SectionPromptProps> = {};
  const lists = checklistsFor(view.outline, view.texts, ctx, key);
  if (lists.length > 0) out.checklists = lists;
  const prev = ctx.previous;
  if (!prev) return out;
  const last = prev.texts.get(key);
  const current = view.texts.get(key) ?? "";
  if (last) out.lastYear = { year: prev.year, segments: figureSegments(last), canCarry: current.trim() === "" && view.report.status === "collecting" };
  const carried = carriedContributions(view.answers, key);
  if (carried.length > 0) {
    out.carriedOver = { year: prev.year };
    const revision = view.answers.find((a) => a.id === carried[0]);
    if (carried.length === 1 && revision && charLength(revision.text) <= 1000) out.draftText = revision.text;
  }
  return out;
}


