/**
 * The year's work plan (工作要点): groups of numbered tasks, each naming the offices that lead it (牵头科室) and
 * the units responsible (责任单位), sometimes a deadline. Pure and synchronous. Read by parse.ts; its offices
 * (offices.ts), deadlines (deadlines.ts), whether a text mentions a task (mentioned.ts), its groups as a part's
 * sub-sections (apply-groups.ts).
 */

export interface PlanDeadline {
  month: number;
  day: number;
  /** The sentence the date stands in. */
  sentence: string;
  /** The task (1-based number) it stands in, or null. */
  task: number | null;
  /** The sentence speaks of the year's report: offered as the report's internal deadline. */
  forReport: boolean;
}

export interface PlanTask {
  /** 1-based position in the plan: "任务8". */
  number: number;
  /** Index into WorkPlan.groups, or null when the plan has no groups. */
  group: number | null;
  /** The task's heading without marker ("严格行政规范性文件制定和备案管理"). */
  title: string;
  /** The task's text (clauses included). */
  text: string;
  /** Lead offices (牵头), own or the group's; falls back to the responsible units (see the module comment). */
  leads: string[];
  /** Responsible units (责任单位), collectives dropped. */
  responsible: string[];
}

export interface PlanGroup {
  /** Title without marker or office clause ("持续深化“放管服”改革优化营商环境"). */
  title: string;
  /** Lead offices named for the whole group. */
  leads: string[];
}

export interface WorkPlan {
  title: string | null;
  year: number | null;
  shape: "headings" | "table";
  groups: PlanGroup[];
  tasks: PlanTask[];
  /** Every lead office, in order of first appearance. */
  offices: string[];
  /** Numbers of the tasks without any office. */
  unassigned: number[];
  deadlines: PlanDeadline[];
}

/** Tasks of a group (null: the tasks of a plan without groups). */
export function tasksOf(plan: WorkPlan, group: number | null): PlanTask[] {
  return plan.tasks.filter((t) => t.group === group);
}
