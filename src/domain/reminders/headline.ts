// The one-line headline of a planned reminder, in Chinese.
import type { PlannedReminder } from "./reminder.js";

/** A one-line headline in Chinese, e.g. "距内部截止日期（2026-11-20）还有 3 个工作日". */
export function reminderHeadline(r: PlannedReminder): string {
  const name = r.deadline === "internal" ? "内部截止日期" : "报送截止日期";
  let text: string;
  switch (r.kind) {
    case "before_deadline":
      text = r.workingDaysLeft > 0 ? `距${name}（${r.deadlineDate}）还有 ${r.workingDaysLeft} 个工作日` : `${name}（${r.deadlineDate}）为非工作日，今天是截止前最后一个工作日`;
      break;
    case "due_today":
      text = `今天是${name}（${r.deadlineDate}）`;
      break;
    case "overdue":
      text = `已超过${name}（${r.deadlineDate}）${-r.workingDaysLeft} 个工作日`;
      break;
    case "escalation":
      text = `已超过${name}（${r.deadlineDate}）${-r.workingDaysLeft} 个工作日，以下事项仍未完成`;
      break;
    case "approval_pending":
      text = `报告待您审批，${name}为 ${r.deadlineDate}`;
      break;
    case "unowned":
      text = `以下章节尚未指定负责人，${name}为 ${r.deadlineDate}`;
      break;
  }
  return r.calendarCovered ? text : `${text}（该年度节假日安排尚未收录，工作日按周一至周五估算）`;
}
