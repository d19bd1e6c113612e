// Report overview: status, progress, every part and sub-section, deadlines, returned comment, approvers.
import type { ReportStatus, SectionStatus } from "../src/domain/model.js";
import type { Card, CardElement, ButtonElement, TagColor } from "./kit/types.js";
import { type Person, escapeMd, formatCount, personMd, quoteMd, truncate } from "./kit/text.js";
import { type Tone, REPORT_STATUS_TAG_COLOR, percent, progressBar } from "./kit/tone.js";
import { REPORT_STATUS_WORD, SECTION_STATUS_MARK } from "../src/domain/vocabulary.js";
import { button, buttonRow, card, confirmDialog, hr, md, note, panel } from "./kit/elements.js";
import { cardBytes, countComponents } from "./kit/limits.js";
import { type DeadlineCountdown, CALENDAR_NOTE, deadlineMd } from "./kit/deadline.js";

export interface OverviewSection {
  key: string;
  /** Heading as printed: "一、主要举措和成效", "（二）深化放管服改革"; "" for the preamble. */
  heading: string;
  status: SectionStatus;
  /** Size in characters. */
  chars: number;
  owners?: Person[];
  /** Problems found, e.g. "含占位符「XX」", "内容偏少（120/400 字）". */
  warnings?: string[];
}

export interface OverviewPart extends OverviewSection {
  children?: OverviewSection[];
}

export interface OverviewProps {
  reportId: string;
  /** Report state version; stamped into buttons so stale cards are detected. */
  stateVersion: number;
  title: string;
  status: ReportStatus;
  preamble?: OverviewSection;
  parts: OverviewPart[];
  /** The completeness evaluator's count of the preamble and parts that count, and how many are complete. */
  progress: { complete: number; total: number };
  deadlines?: { internal?: DeadlineCountdown | null; submission?: DeadlineCountdown | null };
  /** Report-level warnings. */
  warnings?: string[];
  /** Present when an approver sent the report back. */
  returned?: { by: Person; at: string; comment: string; sections?: string[] };
  /** Decisions so far (shown as "已审定" when approved, as progress while in approval). */
  approvals?: { approver: Person; at: string }[];
  /** Approvers still to decide (in approval). */
  pendingApprovers?: Person[];
  /** The holiday calendar does not cover the deadline year: working days are Mon–Fri. */
  calendarNotCovered?: boolean;
  /** When set, 提交审批 is shown disabled with this reason (e.g. no approvers configured). */
  submitDisabledReason?: string;
  /** Already formatted, e.g. "1月8日 10:20". */
  updatedAt?: string;
}

/** Budget used before a card is considered too big; the platform limit is 30 KB. */
const BYTE_BUDGET = 28 * 1024;
const COMPONENT_BUDGET = 180;

interface Detail {
  /** Warnings listed per section. */
  warningsPerSection: number;
  /** Max characters of one warning. */
  warningChars: number;
  /** Report-level warnings listed. */
  reportWarnings: number;
}

const DETAILS: Detail[] = [
  { warningsPerSection: 3, warningChars: 60, reportWarnings: 10 },
  { warningsPerSection: 1, warningChars: 30, reportWarnings: 5 },
  { warningsPerSection: 0, warningChars: 0, reportWarnings: 3 },
];

function owners(list: Person[] | undefined): string {
  if (!list || list.length === 0) return "<font color='grey'>未分配</font>";
  const shown = list.slice(0, 3).map(personMd).join(" ");
  return list.length > 3 ? `${shown} 等 ${list.length} 人` : shown;
}

function headingOf(s: OverviewSection): string {
  return s.heading.trim() === "" ? "开头（导语）" : escapeMd(s.heading);
}

function warningLines(ws: string[] | undefined, d: Detail, indent: string): string[] {
  const list = ws ?? [];
  if (list.length === 0) return [];
  if (d.warningsPerSection === 0) return [`${indent}<font color='orange'>⚠️ ${list.length} 条提醒</font>`];
  const lines = list
    .slice(0, d.warningsPerSection)
    .map((w) => `${indent}<font color='orange'>⚠️ ${escapeMd(truncate(w, d.warningChars))}</font>`);
  if (list.length > d.warningsPerSection) lines.push(`${indent}<font color='orange'>… 另有 ${list.length - d.warningsPerSection} 条</font>`);
  return lines;
}

function sectionLine(s: OverviewSection, bold: boolean): string {
  const h = headingOf(s);
  return `${SECTION_STATUS_MARK[s.status]} ${bold ? `**${h}**` : h} · ${owners(s.owners)} · ${formatCount(s.chars)} 字`;
}

function sectionBlock(s: OverviewSection, d: Detail, bold: boolean): string {
  return [sectionLine(s, bold), ...warningLines(s.warnings, d, "　　")].join("\n");
}

function partElements(p: OverviewPart, d: Detail, expanded: boolean): CardElement[] {
  const children = p.children ?? [];
  if (children.length === 0) return [md(sectionBlock(p, d, true))];
  const done = children.filter((c) => c.status === "complete").length;
  const title = `${SECTION_STATUS_MARK[p.status]} **${headingOf(p)}** · ${done}/${children.length} 小节完成 · ${formatCount(p.chars)} 字`;
  const body = [
    `负责人：${owners(p.owners)}`,
    ...warningLines(p.warnings, d, ""),
    ...children.map((c) => sectionBlock(c, d, false)),
  ].join("\n");
  return [panel(title, [md(body)], expanded)];
}

function toneOf(p: OverviewProps): Tone {
  if (p.status === "approved") return "approved";
  if (p.status === "in_approval") return "in_approval";
  const ds = [p.deadlines?.internal, p.deadlines?.submission].filter((x): x is DeadlineCountdown => !!x);
  if (ds.some((d) => d.workingDays < 0)) return "overdue";
  if (p.returned || ds.some((d) => d.workingDays <= 3)) return "attention";
  return "collecting";
}

function render(p: OverviewProps, d: Detail): Card {
  const units: OverviewSection[] = [...(p.preamble ? [p.preamble] : []), ...p.parts];
  const { complete: done, total } = p.progress;
  const pct = percent(done, total);
  const totalChars = units.reduce((n, u) => n + u.chars, 0);
  const tone = toneOf(p);
  const st = REPORT_STATUS_WORD[p.status];
  const rv = p.stateVersion;
  const r = p.reportId;

  const els: CardElement[] = [];
  els.push(
    md({
      zh: `**进度** ${done}/${total} 部分完成 · ${pct}% · 共 ${formatCount(totalChars)} 字\n${progressBar(done, total)}`,
      en: `**Progress** ${done}/${total} parts complete · ${pct}% · ${formatCount(totalChars)} chars\n${progressBar(done, total)}`,
    }),
  );

  // Deadlines
  const dl: { zh: string; en: string }[] = [];
  if (p.deadlines?.internal) dl.push(deadlineMd("internal", p.deadlines.internal));
  if (p.deadlines?.submission) dl.push(deadlineMd("submission", p.deadlines.submission));
  if (dl.length > 0 && p.status === "collecting") {
    els.push(md({ zh: `⏰ ${dl.map((x) => x.zh).join(" · ")}`, en: `⏰ ${dl.map((x) => x.en).join(" · ")}` }));
  }
  if (p.calendarNotCovered) els.push(note(CALENDAR_NOTE));

  // Returned by an approver
  if (p.returned && p.status === "collecting") {
    const secs = (p.returned.sections ?? []).map((s) => escapeMd(s)).join("、");
    els.push(
      md(
        [
          `↩️ **${personMd(p.returned.by)} 退回修改**（${escapeMd(p.returned.at)}）`,
          quoteMd(truncate(p.returned.comment, 500)),
          ...(secs ? [`需修改：${secs}`] : []),
        ].join("\n"),
      ),
    );
  }

  // Approval state
  const approvals = p.approvals ?? [];
  if (p.status === "approved" && approvals.length > 0) {
    els.push(md(`✅ **已审定**：${approvals.map((a) => `${personMd(a.approver)}（${escapeMd(a.at)}）`).join("、")}`));
  } else if (p.status === "in_approval") {
    const lines: string[] = [];
    if (approvals.length > 0) lines.push(`已同意：${approvals.map((a) => `${personMd(a.approver)}（${escapeMd(a.at)}）`).join("、")}`);
    if (p.pendingApprovers && p.pendingApprovers.length > 0) lines.push(`等待审批：${p.pendingApprovers.map(personMd).join("、")}`);
    if (lines.length > 0) els.push(md(`🕒 ${lines.join("\n")}`));
  }

  els.push(hr());

  // Sections
  const childCount = p.parts.reduce((n, x) => n + (x.children?.length ?? 0), 0);
  const smallReport = childCount <= 12;
  if (p.preamble) els.push(md(sectionBlock(p.preamble, d, true)));
  for (const part of p.parts) {
    const expanded = smallReport && part.status !== "complete";
    els.push(...partElements(part, d, expanded));
  }

  // Report-level warnings
  const ws = p.warnings ?? [];
  if (ws.length > 0) {
    const lines = ws.slice(0, d.reportWarnings).map((w) => `⚠️ ${escapeMd(truncate(w, 120))}`);
    if (ws.length > d.reportWarnings) lines.push(`… 另有 ${ws.length - d.reportWarnings} 条`);
    if (ws.length <= 3) els.push(md(lines.join("\n")));
    else els.push(panel({ zh: `⚠️ 提醒（${ws.length} 条）`, en: `⚠️ Warnings (${ws.length})` }, [md(lines.join("\n"))]));
  }

  // Buttons
  const buttons: ButtonElement[] = [];
  if (p.status === "collecting") {
    buttons.push(button({ text: { zh: "继续填写", en: "Continue" }, role: "main", action: { a: "next", r, rv } }));
  }
  buttons.push(button({ text: { zh: "查看报告", en: "View report" }, role: "normal", action: { a: "export", r, rv } }));
  if (p.status === "collecting") {
    const incomplete = total - done;
    buttons.push(
      button({
        text: { zh: "提交审批", en: "Submit for approval" },
        role: "normal",
        action: { a: "submit", r, rv },
        ...(p.submitDisabledReason
          ? { disabled: true, disabledTips: p.submitDisabledReason }
          : incomplete > 0
            ? {
                confirm: confirmDialog(
                  { zh: "报告尚未完成", en: "Report incomplete" },
                  { zh: `还有 ${incomplete} 个部分未完成，仍要提交审批吗？`, en: `${incomplete} part(s) are not complete. Submit anyway?` },
                ),
              }
            : {}),
      }),
    );
  }
  buttons.push(button({ text: { zh: "刷新", en: "Refresh" }, role: "quiet", action: { a: "refresh", r, rv } }));
  els.push(buttonRow(buttons));
  if (p.updatedAt) els.push(note({ zh: `更新于 ${escapeMd(p.updatedAt)}`, en: `Updated ${escapeMd(p.updatedAt)}` }));

  const tags: { text: { zh: string; en: string }; color: TagColor }[] = [
    { text: st, color: REPORT_STATUS_TAG_COLOR[p.status] },
    { text: { zh: `${pct}%`, en: `${pct}%` }, color: REPORT_STATUS_TAG_COLOR[p.status] },
  ];
  if (tone === "overdue") tags.push({ text: { zh: "已逾期", en: "Overdue" }, color: "red" });
  else if (p.returned && p.status === "collecting") tags.push({ text: { zh: "已退回", en: "Returned" }, color: "orange" });

  return card({
    header: { title: truncate(p.title, 60), subtitle: { zh: "报告总览", en: "Report overview" }, tone, tags },
    elements: els,
    summary: `${p.title} · ${st.zh} · ${done}/${total}`,
  });
}

/** The overview card. Degrades detail (warnings per section) until it fits the size limits. */
export function overviewCard(props: OverviewProps): Card {
  let out: Card | undefined;
  for (const d of DETAILS) {
    out = render(props, d);
    if (cardBytes(out) <= BYTE_BUDGET && countComponents(out.body.elements) <= COMPONENT_BUDGET) return out;
  }
  return out as Card;
}
