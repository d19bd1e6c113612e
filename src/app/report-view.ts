// What a report looks like right now: its outline, each section's text, completeness, deadlines — and the
// plain props the cards are drawn from. Computed from stored state on demand (nothing here is stored).
import { evaluateCompleteness, summarizeReasons, type ReportCompleteness, type SectionCompleteness } from "../domain/completeness.js";
import { currentContributions, sectionText } from "../domain/answers.js";
import { isRangeCovered, workingDaysBetween, type Calendar } from "../domain/calendar.js";
import type { Answer, OutlineSection } from "../domain/model.js";
import { resolveOutline } from "../domain/outline.js";
import type { OverviewProps, OverviewSection, SectionPromptProps } from "../../cards/index.js";
import type { OwnerRecord, ReportRecord } from "./store.js";
import { carriedContributions } from "../domain/carry-over.js";
import { figureSegments } from "../domain/compare.js";
import { checklistsFor, contextReasons, type ReportContext } from "../domain/year-context.js";

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

export function buildView(report: ReportRecord, answers: Answer[], owners: OwnerRecord[], calendar: Calendar, today: string, context?: ReportContext): ReportView {
  const outline = resolveOutline(report.template, report.settings);
  const texts = new Map<string, string>();
  for (const s of outline) texts.set(s.key, sectionText(answers, s.key));
  const ownersOf = (key: string) => owners.filter((o) => o.sectionKey === key).map((o) => o.openId);
  const extra = context ? contextReasons(outline, texts, answers, context) : null;
  const completeness = evaluateCompleteness({
    sections: outline.map((s) => ({ section: s, text: texts.get(s.key) ?? "", ownerOpenIds: ownersOf(s.key), ...(extra?.has(s.key) ? { extra: extra.get(s.key)! } : {}) })),
  });
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

export function ownersOf(view: ReportView, key: string): { openId: string; name?: string }[] {
  return view.owners.filter((o) => o.sectionKey === key).map((o) => ({ openId: o.openId, name: o.name ?? undefined }));
}

/** Next section after `fromKey` (or from the start) that is not complete; wraps around once. */
export function nextUnfinished(view: ReportView, fromKey: string | null, opts: { includeSelf?: boolean; keys?: ReadonlySet<string> } = {}): OutlineSection | null {
  const list = view.outline.filter((s) => !opts.keys || opts.keys.has(s.key));
  if (list.length === 0) return null;
  const start = fromKey ? list.findIndex((s) => s.key === fromKey) : -1;
  for (let i = 0; i < list.length; i++) {
    const idx = (start + (opts.includeSelf ? i : i + 1) + list.length) % list.length;
    const s = list[idx]!;
    if (start >= 0 && !opts.includeSelf && idx === start) continue;
    const c = view.byKey.get(s.key);
    const isParentOnly = s.level === 1 && view.outline.some((x) => x.parentKey === s.key);
    // A part with sub-sections is written through them; its optional lead text is reached with 跳到.
    if (isParentOnly) continue;
    if (c && c.status !== "complete") return s;
  }
  return null;
}

function shortDate(date: string): string {
  const [, m, d] = date.split("-");
  return `${Number(m)}月${Number(d)}日`;
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
  const parts = view.outline
    .filter((s) => s.level === 1)
    .map((p) => ({ ...section(p), children: view.outline.filter((c) => c.parentKey === p.key).map(section) }));
  return {
    reportId: r.id,
    stateVersion: r.stateVersion,
    title: r.title,
    status: r.status,
    preamble: preamble ? section(preamble) : undefined,
    parts,
    deadlines: {
      internal: r.internalDeadline && view.deadlines.internal !== null ? { date: shortDate(r.internalDeadline), workingDays: view.deadlines.internal } : null,
      submission: r.submissionDeadline && view.deadlines.submission !== null ? { date: shortDate(r.submissionDeadline), workingDays: view.deadlines.submission } : null,
    },
    calendarNotCovered: !view.deadlines.covered,
    ...extra,
  };
}

export function promptProps(view: ReportView, key: string): SectionPromptProps {
  const s = view.outline.find((x) => x.key === key)!;
  const c = view.byKey.get(key)!;
  const text = view.texts.get(key) ?? "";
  const idx = view.outline.findIndex((x) => x.key === key);
  const topicsMissing = new Set(c.reasons.flatMap((r) => (r.code === "topics_missing" ? r.topics : [])));
  const returned = view.report.returnComment && view.report.returnSections.includes(key) ? view.report.returnComment : null;
  return {
    reportId: view.report.id,
    stateVersion: view.report.stateVersion,
    sectionKey: key,
    label: s.label,
    title: s.level === 0 ? "导语" : s.title,
    prompt: s.spec.prompt,
    topics: s.spec.guidance.topics.map((t) => ({ label: t.label, mentioned: text !== "" ? !topicsMissing.has(t.label) : undefined })),
    example: s.spec.guidance.example,
    currentText: text || undefined,
    currentChars: c.length,
    status: c.status,
    minLength: s.spec.minLength,
    owners: ownersOf(view, key),
    returnComment: returned ? { by: { name: "审批人" }, comment: returned } : undefined,
    position: { index: idx + 1, total: view.outline.length },
    hasPrevious: idx > 0,
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
    if (carried.length === 1 && revision && Array.from(revision.text).length <= 1000) out.draftText = revision.text;
  }
  return out;
}


