/**
 * The deadlines of a work plan.
 *
 * "11月20日前", "10 月 31 日之前", "11月底前" in a task (or anywhere in the text), with the sentence they stand in.
 * A deadline whose sentence speaks of the report (报告 / 报送 with 年度 / 情况 / 法治) is offered as the report's
 * internal deadline (`forReport`): "11月20日前，将年度法治建设情况报告市交通局".
 */
import { daysInMonth, isoDate } from "../calendar.js";
import type { PlanDeadline, WorkPlan } from "./plan.js";

const DATE_BEFORE_RE = /(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底))\s*(?:之)?前/g;
const REPORT_SENTENCE_RE = /(?:报告|报送)/;
const REPORT_TOPIC_RE = /年度|情况|法治/;

function lastDay(month: number): number {
  return month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function deadlinesIn(text: string, task: number | null): PlanDeadline[] {
  const out: PlanDeadline[] = [];
  for (const sentence of text.split(/(?<=[。；;！？\n])/)) {
    DATE_BEFORE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DATE_BEFORE_RE.exec(sentence))) {
      const month = Number(m[1]);
      const day = m[3] ? lastDay(month) : Number(m[2]);
      if (month < 1 || month > 12 || day < 1 || day > lastDay(month) + (month === 2 ? 1 : 0)) continue;
      const s = sentence.trim();
      out.push({ month, day, sentence: s, task, forReport: REPORT_SENTENCE_RE.test(s) && REPORT_TOPIC_RE.test(s) });
    }
  }
  return out;
}

/** The deadline offered as the report's internal deadline: the first one about the report. */
export function reportDeadline(plan: WorkPlan): PlanDeadline | null {
  return plan.deadlines.find((d) => d.forReport) ?? null;
}

/** "2023-11-20" for a deadline in `year`; 2月29日 in a year without it is the last day of February. */
export function deadlineDate(d: Pick<PlanDeadline, "month" | "day">, year: number): string {
  return isoDate(year, d.month, Math.min(d.day, daysInMonth(year, d.month)));
}
