// The words huibao shows for states, in one place: every card, message and reply takes them from here, so a
// section is never 草稿 on one card and 未完成 on the next. Pure data.
import type { ReportStatus, SectionStatus } from "./model.js";

/** A section's status: 未填写 / 未完成 / 需核实 / 已完成 (English for the cards' second locale). */
export const SECTION_STATUS_WORD: Record<SectionStatus, { zh: string; en: string }> = {
  empty: { zh: "未填写", en: "Empty" },
  draft: { zh: "未完成", en: "Incomplete" },
  attention: { zh: "需核实", en: "To check" },
  complete: { zh: "已完成", en: "Complete" },
};

/** The mark shown before a section's status. */
export const SECTION_STATUS_MARK: Record<SectionStatus, string> = {
  complete: "✅",
  draft: "📝",
  attention: "⚠️",
  empty: "⬜",
};

/** A report's status: 收集中 / 审批中 / 已审定. */
export const REPORT_STATUS_WORD: Record<ReportStatus, { zh: string; en: string }> = {
  collecting: { zh: "收集中", en: "Collecting" },
  in_approval: { zh: "审批中", en: "In approval" },
  approved: { zh: "已审定", en: "Approved" },
};

/**
 * What the gates (export, 提交审批, the approval card) list. A part still to be written is 待补充 (the document
 * prints 【待补充】 there); a placeholder left in the text (`***件`, `XX`) is 占位. Neither is a 提醒 (reminder).
 */
export const GAP_WORD = {
  unfinished: "待补充",
  placeholder: "占位",
} as const;

export function sectionStatusWord(status: SectionStatus): string {
  return SECTION_STATUS_WORD[status].zh;
}

/**
 * Said of a section whose text is still last year's, carried over (沿用去年文字) and not yet edited: it does not
 * count as complete (a reason next to the section's status, src/domain/carry-over.ts).
 */
export const CARRIED_OVER_WORD = "需更新";

/** Said of last year's report kept for reference once a later year's report is made from it (no reminders). */
export const ARCHIVED_WORD = "存档";
