// Deadlines (computed by the caller; cards only phrase them).
import { escapeMd } from "./text.js";

export interface DeadlineCountdown {
  /** Already formatted date, e.g. "2025-01-15" or "1月15日". */
  date: string;
  /** Working days left: > 0 before the deadline, 0 on the day, < 0 overdue by that many working days. */
  workingDays: number;
}

export type DeadlineKind = "internal" | "submission";

const DEADLINE_NAME: Record<DeadlineKind, { zh: string; en: string }> = {
  internal: { zh: "内部截止", en: "internal deadline" },
  submission: { zh: "报送截止", en: "submission deadline" },
};

/** Days at or below which a deadline counts as urgent. */
export const URGENT_WORKING_DAYS = 3;

export function deadlineText(kind: DeadlineKind, d: DeadlineCountdown): { zh: string; en: string; overdue: boolean; urgent: boolean } {
  const n = DEADLINE_NAME[kind];
  const date = escapeMd(d.date);
  if (d.workingDays < 0) {
    const k = -d.workingDays;
    return {
      zh: `${n.zh}已逾期 ${k} 个工作日（${date}）`,
      en: `${n.en} overdue by ${k} working day${k === 1 ? "" : "s"} (${date})`,
      overdue: true,
      urgent: true,
    };
  }
  if (d.workingDays === 0) {
    return { zh: `今天${n.zh}（${date}）`, en: `${n.en} is today (${date})`, overdue: false, urgent: true };
  }
  return {
    zh: `距${n.zh} ${d.workingDays} 个工作日（${date}）`,
    en: `${d.workingDays} working day${d.workingDays === 1 ? "" : "s"} to the ${n.en} (${date})`,
    overdue: false,
    urgent: d.workingDays <= URGENT_WORKING_DAYS,
  };
}

/** Coloured markdown for a deadline line (red overdue, orange urgent). */
export function deadlineMd(kind: DeadlineKind, d: DeadlineCountdown): { zh: string; en: string; overdue: boolean; urgent: boolean } {
  const t = deadlineText(kind, d);
  const color = t.overdue ? "red" : t.urgent ? "orange" : null;
  if (!color) return t;
  return { ...t, zh: `<font color='${color}'>${t.zh}</font>`, en: `<font color='${color}'>${t.en}</font>` };
}

export const CALENDAR_NOTE = {
  zh: "未获取到本年度节假日安排，工作日按周一至周五计算。",
  en: "Holiday calendar for this year is not available; working days are counted Monday to Friday.",
};
