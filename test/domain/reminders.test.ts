import { describe, expect, it } from "vitest";
import { createCalendar } from "../../src/domain/calendar.js";
import { reminderDue } from "../../src/domain/reminders/due.js";
import { reminderHeadline } from "../../src/domain/reminders/headline.js";
import { planDue, planReminders } from "../../src/domain/reminders/plan.js";
import { DEFAULT_REMINDER_POLICY, resolvePolicy } from "../../src/domain/reminders/policy.js";
import type { PlannedReminder, ReminderReportInput } from "../../src/domain/reminders/reminder.js";
import { chineseDaysHolidayData, parseOverride } from "../../src/domain/holiday-data.js";
import { localDateTime } from "../../src/domain/time-zone.js";
import { evaluateCompleteness } from "../../src/domain/completeness/report.js";
import { summarizeReasons } from "../../src/domain/completeness/reasons.js";
import type { OutlineSection, SectionTemplate } from "../../src/domain/model.js";

const cal = createCalendar(chineseDaysHolidayData());

function report(over: Partial<ReminderReportInput> = {}): ReminderReportInput {
  return {
    reportId: "r1",
    title: "2026年法治政府建设情况报告",
    status: "collecting",
    chatId: "oc_group",
    ownerOpenId: "ou_boss",
    deadlines: { internal: "2026-11-20", submission: "2026-11-30" },
    sections: [
      { label: "开头", title: "开头", status: "complete", ownerOpenIds: ["ou_boss"] },
      { label: "一（一）", title: "深化放管服改革", status: "attention", why: "需核实：有 2 处待填写的占位符：***件", ownerOpenIds: ["ou_a"] },
      { label: "一（二）", title: "严格规范公正文明执法", status: "empty", ownerOpenIds: ["ou_a", "ou_b"] },
      { label: "二", title: "第一责任人职责", status: "draft", ownerOpenIds: ["ou_b"] },
      { label: "三", title: "存在的不足", status: "empty", ownerOpenIds: [] },
      { label: "一（三）", title: "可选小节", status: "empty", ownerOpenIds: ["ou_c"], required: false },
      { label: "五", title: "其他需要报告的情况", status: "complete", ownerOpenIds: [] },
    ],
    firstLevelApprovers: ["ou_chief", "ou_boss"],
    pendingApprovers: [],
    snoozes: [],
    ...over,
  };
}

const plan = (today: string, reports: ReminderReportInput[] = [report()], time = "10:00", calendar = cal) =>
  planReminders({ today, time, calendar, reports });

const summary = (rs: PlannedReminder[]) =>
  rs.map((r) => `${r.kind} ${r.recipient.type === "chat" ? r.recipient.chatId : r.recipient.openId} ${r.workingDaysLeft}`);

describe("schedule around an internal deadline (Fri 2026-11-20)", () => {
  it("reminds 5, 3 and 1 working days before, on the day, and every working day after", () => {
    const days: Record<string, string[]> = {};
    for (const d of ["2026-11-12", "2026-11-13", "2026-11-14", "2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-23", "2026-11-24", "2026-11-25"]) {
      days[d] = [...new Set(plan(d).map((r) => `${r.kind}:${r.workingDaysLeft}`))];
    }
    expect(days).toEqual({
      "2026-11-12": [],
      "2026-11-13": ["before_deadline:5", "unowned:5"],
      "2026-11-14": [], // Saturday
      "2026-11-15": [], // Sunday
      "2026-11-16": [],
      "2026-11-17": ["before_deadline:3", "unowned:3"],
      "2026-11-18": [],
      "2026-11-19": ["before_deadline:1", "unowned:1"],
      "2026-11-20": ["due_today:0", "unowned:0"],
      "2026-11-21": [],
      "2026-11-23": ["overdue:-1", "unowned:-1"],
      "2026-11-24": ["overdue:-2", "unowned:-2", "escalation:-2"],
      "2026-11-25": ["overdue:-3", "unowned:-3", "escalation:-3"],
    });
  });

  it("one group reminder mentioning exactly the owners of unfinished sections, one nudge per owner, unowned to the report owner", () => {
    const rs = plan("2026-11-17");
    expect(summary(rs)).toEqual(["before_deadline oc_group 3", "before_deadline ou_a 3", "before_deadline ou_b 3", "unowned ou_boss 3"]);
    const group = rs[0]!;
    expect(group.recipient).toEqual({ type: "chat", chatId: "oc_group" });
    expect(group.deadline).toBe("internal");
    expect(group.deadlineDate).toBe("2026-11-20");
    expect(group.calendarCovered).toBe(true);
    expect(group.claimKey).toBe("r1|oc_group|before_deadline|2026-11-17");
    expect(group.items).toEqual([
      {
        openId: "ou_a",
        mention: true,
        sections: [
          { label: "一（一）", title: "深化放管服改革", why: "需核实：有 2 处待填写的占位符：***件" },
          { label: "一（二）", title: "严格规范公正文明执法", why: "未填写" },
        ],
      },
      {
        openId: "ou_b",
        mention: true,
        sections: [
          { label: "一（二）", title: "严格规范公正文明执法", why: "未填写" },
          { label: "二", title: "第一责任人职责", why: "未完成" },
        ],
      },
      { openId: null, mention: false, sections: [{ label: "三", title: "存在的不足", why: "未填写" }] },
    ]);
    // ou_boss (only complete sections) and ou_c (optional empty section) are not mentioned
    expect(group.items.filter((i) => i.mention).map((i) => i.openId)).toEqual(["ou_a", "ou_b"]);
    // private nudges carry only the recipient's own sections
    expect(rs[1]!.items).toEqual([group.items[0]]);
    expect(rs[2]!.items.map((i) => i.sections.map((s) => s.label))).toEqual([["一（二）", "二"]]);
    expect(rs[3]!.items).toEqual([{ openId: null, mention: false, sections: [{ label: "三", title: "存在的不足", why: "未填写" }] }]);
    expect(new Set(rs.map((r) => r.claimKey)).size).toBe(rs.length);
  });

  it("escalates to the report owner and first-level approvers (deduplicated) listing who is late", () => {
    const esc = plan("2026-11-24").filter((r) => r.kind === "escalation");
    expect(esc.map((r) => r.recipient)).toEqual([
      { type: "user", openId: "ou_boss" },
      { type: "user", openId: "ou_chief" },
    ]);
    expect(esc[0]!.items.map((i) => i.openId)).toEqual(["ou_a", "ou_b", null]);
    expect(esc[0]!.claimKey).toBe("r1|ou_boss|escalation|2026-11-24");
    expect(reminderHeadline(esc[0]!)).toBe("已超过内部截止日期（2026-11-20）2 个工作日，以下事项仍未完成");
  });

  it("without overdueDaily: overdue only on the first working day after, escalation only on the day it is reached", () => {
    const r = report({ policy: { overdueDaily: false, escalateAfterWorkingDays: 3 } });
    expect(summary(plan("2026-11-23", [r])).filter((s) => s.startsWith("overdue"))).toHaveLength(3);
    expect(plan("2026-11-24", [r])).toEqual([]);
    expect(summary(plan("2026-11-25", [r]))).toEqual(["escalation ou_boss -3", "escalation ou_chief -3"]);
    expect(plan("2026-11-26", [r])).toEqual([]);
  });

  it("onDay=false skips the deadline day; custom daysBefore", () => {
    expect(plan("2026-11-20", [report({ policy: { onDay: false } })])).toEqual([]);
    expect(summary(plan("2026-11-18", [report({ policy: { daysBefore: [2] } })]))[0]).toBe("before_deadline oc_group 2");
  });

  it("falls back to the submission deadline when there is no internal one", () => {
    const rs = plan("2026-11-27", [report({ deadlines: { internal: null, submission: "2026-11-30" } })]);
    expect(rs[0]).toMatchObject({ deadline: "submission", deadlineDate: "2026-11-30", workingDaysLeft: 1, kind: "before_deadline" });
    expect(plan("2026-11-27", [report({ deadlines: {} })])).toEqual([]);
  });

  it("nothing once every section is complete", () => {
    const r = report({ sections: [{ label: "一", title: "x", status: "complete", ownerOpenIds: ["ou_a"] }] });
    expect(plan("2026-11-20", [r])).toEqual([]);
  });
});

describe("time, holidays and the calendar", () => {
  it("nothing before sendAt, everything from sendAt on", () => {
    expect(plan("2026-11-17", [report()], "09:29")).toEqual([]);
    expect(plan("2026-11-17", [report()], "09:30")).toHaveLength(4);
    expect(plan("2026-11-17", [report({ policy: { sendAt: "14:00" } })], "13:59")).toEqual([]);
    expect(() => plan("2026-11-17", [report()], "9:30")).toThrow(/无效的时间/);
  });

  it("nothing during the National Day holiday; 3 working days before a deadline right after it", () => {
    const r = report({ deadlines: { internal: "2026-10-09" } });
    // Tue 09-29 → 09-30, 10-08, 10-09
    expect(plan("2026-09-29", [r])[0]).toMatchObject({ kind: "before_deadline", workingDaysLeft: 3 });
    expect(plan("2026-09-30", [r])).toEqual([]);
    for (let d = 1; d <= 7; d++) expect(plan(`2026-10-0${d}`, [r])).toEqual([]);
    expect(plan("2026-10-08", [r])[0]).toMatchObject({ kind: "before_deadline", workingDaysLeft: 1 });
  });

  it("sends on a 调休 working Sunday (2026-09-20)", () => {
    // 09-21..24, 09-28..30, 10-08, 10-09 = 9 (Fri 09-25 is 中秋, 10-01..07 国庆)
    const r = report({ deadlines: { internal: "2026-10-09" }, policy: { daysBefore: [9] } });
    const rs = plan("2026-09-20", [r]);
    expect(rs[0]).toMatchObject({ kind: "before_deadline", workingDaysLeft: 9, date: "2026-09-20" });
    // while Saturday 2026-09-19 (an ordinary weekend day, 10 working days before) is off
    expect(plan("2026-09-19", [report({ deadlines: { internal: "2026-10-09" }, policy: { daysBefore: [9, 10] } })])).toEqual([]);
  });

  it("a deadline on a day off: the last working day before it is reminded with 0 days left", () => {
    const r = report({ deadlines: { internal: "2026-10-03" } });
    const rs = plan("2026-09-30", [r]);
    expect(rs[0]).toMatchObject({ kind: "before_deadline", workingDaysLeft: 0 });
    expect(reminderHeadline(rs[0]!)).toBe("内部截止日期（2026-10-03）为非工作日，今天是截止前最后一个工作日");
    // first working day after it is overdue by 1
    expect(plan("2026-10-08", [r])[0]).toMatchObject({ kind: "overdue", workingDaysLeft: -1 });
  });

  it("an office holiday from the override file silences reminders", () => {
    const withOverride = createCalendar(chineseDaysHolidayData(), parseOverride({ holidays: ["2026-11-17"] }));
    expect(plan("2026-11-17", [report()], "10:00", withOverride)).toEqual([]);
    // and shifts the count: from Fri 11-13 only 4 working days remain
    expect(plan("2026-11-13", [report()], "10:00", withOverride)).toEqual([]);
    expect(plan("2026-11-16", [report()], "10:00", withOverride)[0]).toMatchObject({ workingDaysLeft: 3 });
  });

  it("outside the data: Monday–Friday, and every reminder says calendarCovered=false", () => {
    const r = report({ deadlines: { internal: "2027-01-05" } });
    // Thu 2026-12-31 → 2027-01-01 (Fri, assumed working), 01-04, 01-05
    const rs = plan("2026-12-31", [r]);
    expect(rs[0]).toMatchObject({ kind: "before_deadline", workingDaysLeft: 3, calendarCovered: false });
    expect(rs.every((x) => x.calendarCovered === false)).toBe(true);
    expect(reminderHeadline(rs[0]!)).toBe("距内部截止日期（2027-01-05）还有 3 个工作日（该年度节假日安排尚未收录，工作日按周一至周五估算）");
    const r2030 = plan("2030-01-07", [report({ deadlines: { internal: "2030-01-10" } })]);
    expect(r2030[0]).toMatchObject({ workingDaysLeft: 3, calendarCovered: false });
  });

  it("time-zone edge: 2026-11-15T16:30Z is Monday 00:30 in Shanghai (too early); 01:30Z is 09:30 (due)", () => {
    const r = report({ deadlines: { internal: "2026-11-19" } });
    const early = localDateTime("2026-11-15T16:30:00Z", "Asia/Shanghai");
    expect(early).toMatchObject({ date: "2026-11-16", time: "00:30" });
    expect(plan(early.date, [r], early.time)).toEqual([]);
    const due = localDateTime("2026-11-16T01:30:00Z", "Asia/Shanghai");
    expect(plan(due.date, [r], due.time)[0]).toMatchObject({ kind: "before_deadline", workingDaysLeft: 3, date: "2026-11-16" });
    // the same instant read in UTC would be Sunday: nothing
    expect(plan("2026-11-15", [r], "16:30")).toEqual([]);
  });
});

describe("snoozes", () => {
  it("a snoozed owner gets no nudge and is listed but not mentioned in the group", () => {
    const rs = plan("2026-11-17", [report({ snoozes: [{ openId: "ou_a", untilDate: "2026-11-17" }] })]);
    expect(summary(rs)).toEqual(["before_deadline oc_group 3", "before_deadline ou_b 3", "unowned ou_boss 3"]);
    expect(rs[0]!.items[0]).toMatchObject({ openId: "ou_a", mention: false, snoozedUntil: "2026-11-17" });
    expect(rs[0]!.items[0]!.sections).toHaveLength(2);
  });

  it("an expired snooze has no effect; a snoozed report owner gets no unowned list but still escalations", () => {
    expect(summary(plan("2026-11-17", [report({ snoozes: [{ openId: "ou_a", untilDate: "2026-11-16" }] })]))).toContain("before_deadline ou_a 3");
    const rs = plan("2026-11-24", [report({ snoozes: [{ openId: "ou_boss", untilDate: "2026-12-31" }, { openId: "ou_b", untilDate: "2026-12-31" }] })]);
    expect(summary(rs)).toEqual(["overdue oc_group -2", "overdue ou_a -2", "escalation ou_boss -2", "escalation ou_chief -2"]);
    // escalation still names the snoozed late owner
    expect(rs[2]!.items.find((i) => i.openId === "ou_b")).toMatchObject({ snoozedUntil: "2026-12-31" });
  });
});

describe("approval", () => {
  const inApproval = (over: Partial<ReminderReportInput> = {}) =>
    report({ status: "in_approval", pendingApprovers: ["ou_chief", "ou_deputy"], deadlines: { internal: "2026-11-20", submission: "2026-11-30" }, ...over });

  it("pending approvers are reminded against the submission deadline; section owners are not", () => {
    const rs = plan("2026-11-27", [inApproval()]);
    expect(summary(rs)).toEqual(["approval_pending ou_chief 1", "approval_pending ou_deputy 1"]);
    expect(rs[0]).toMatchObject({ deadline: "submission", deadlineDate: "2026-11-30", items: [{ openId: "ou_chief", mention: true, sections: [] }] });
    expect(rs[0]!.claimKey).toBe("r1|ou_chief|approval_pending|2026-11-27");
    expect(plan("2026-11-26", [inApproval()])).toEqual([]);
  });

  it("overdue approval escalates to the owner and first-level approvers who are not themselves pending", () => {
    const rs = plan("2026-12-02", [inApproval({ pendingApprovers: ["ou_deputy"] })]);
    expect(summary(rs)).toEqual(["approval_pending ou_deputy -2", "escalation ou_boss -2", "escalation ou_chief -2"]);
    expect(rs[1]!.items).toEqual([{ openId: "ou_deputy", mention: true, sections: [] }]);
    const both = plan("2026-12-02", [inApproval()]);
    expect(summary(both)).toEqual(["approval_pending ou_chief -2", "approval_pending ou_deputy -2", "escalation ou_boss -2"]);
  });

  it("nothing without pending approvers, nothing for approved reports", () => {
    expect(plan("2026-11-27", [inApproval({ pendingApprovers: [] })])).toEqual([]);
    expect(plan("2026-11-24", [report({ status: "approved" })])).toEqual([]);
    expect(plan("2026-11-30", [inApproval({ status: "approved" })])).toEqual([]);
  });
});

describe("several reports and determinism", () => {
  it("keeps report order, unique claim keys, same output for same input", () => {
    const reports = [report(), report({ reportId: "r2", chatId: "oc_other", deadlines: { internal: "2026-11-17" } })];
    const a = plan("2026-11-17", reports);
    const b = plan("2026-11-17", structuredClone(reports));
    expect(b).toEqual(a);
    expect(a.map((r) => r.reportId)).toEqual(["r1", "r1", "r1", "r1", "r2", "r2", "r2", "r2"]);
    expect(a[4]).toMatchObject({ kind: "due_today", claimKey: "r2|oc_other|due_today|2026-11-17" });
    expect(new Set(a.map((r) => r.claimKey)).size).toBe(a.length);
  });

  it("policy defaults and normalisation", () => {
    expect(resolvePolicy()).toEqual(DEFAULT_REMINDER_POLICY);
    expect(resolvePolicy({ daysBefore: [1, 3, 3, -2, 1.5], escalateAfterWorkingDays: 0, sendAt: "25:00" })).toEqual({
      ...DEFAULT_REMINDER_POLICY,
      daysBefore: [3, 1],
    });
  });
});

describe("with completeness", () => {
  it("feeds section statuses and reasons into the reminders", () => {
    const spec = (key: string, over: Partial<SectionTemplate> = {}): SectionTemplate => ({
      key, title: key, prompt: "", guidance: { topics: [] }, required: true, minLength: 10, completeAnswers: ["无"], figures: [], children: [], ...over,
    });
    const sec = (key: string, label: string, title: string): OutlineSection => ({
      key, parentKey: null, level: 1, index: 1, label, numericLabel: "1", heading: `${label}、${title}`, title, spec: spec(key),
    });
    const comp = evaluateCompleteness({
      sections: [
        { section: sec("measures", "一", "主要举措和成效"), text: "全年办理行政处罚***件，行政许可****件。", ownerOpenIds: ["ou_a"] },
        { section: sec("problems", "三", "存在的不足"), text: "", ownerOpenIds: ["ou_b"] },
        { section: sec("other", "五", "其他需要报告的情况"), text: "无。", ownerOpenIds: ["ou_c"] },
      ],
    });
    const rs = plan("2026-11-20", [
      report({ sections: comp.sections.map((s) => ({ label: s.label, title: s.title, status: s.status, why: summarizeReasons(s), ownerOpenIds: s.ownerOpenIds, required: s.required })) }),
    ]);
    expect(summary(rs)).toEqual(["due_today oc_group 0", "due_today ou_a 0", "due_today ou_b 0"]);
    expect(rs[1]!.items[0]!.sections).toEqual([{ label: "一", title: "主要举措和成效", why: "需核实：有 2 处待填写的占位符：***件、****件" }]);
    expect(rs[2]!.items[0]!.sections[0]!.why).toBe("未填写：尚未填写");
  });
});

describe("deadlines first: reminderDue, then planDue with the sections", () => {
  const meta = (over: Partial<ReminderReportInput> = {}) => {
    const { sections: _sections, ...rest } = report(over);
    return rest;
  };
  const clock = (today: string, time = "10:00") => ({ today, time, calendar: cal });

  it("says from deadlines, status, policy and calendar alone whether anything is due; nothing then needs the sections", () => {
    expect(reminderDue(clock("2026-11-16"), meta())).toBeNull(); // 4 working days before: not a reminder day
    expect(reminderDue(clock("2026-11-14"), meta())).toBeNull(); // Saturday
    expect(reminderDue(clock("2026-11-17", "09:29"), meta())).toBeNull(); // before the send time
    expect(reminderDue(clock("2026-11-17"), meta({ status: "approved" }))).toBeNull();
    expect(reminderDue(clock("2026-11-17"), meta({ deadlines: { internal: null, submission: null } }))).toBeNull();
    const due = reminderDue(clock("2026-11-17"), meta())!;
    expect(due).toMatchObject({ needsSections: true, lastClaimKey: "r1|oc_group|before_deadline|2026-11-17" });
    expect(due.sched).toMatchObject({ stage: "before_deadline", left: 3, escalate: false });
  });

  it("planDue plans exactly what planReminders plans, day by day", () => {
    for (const d of ["2026-11-12", "2026-11-13", "2026-11-17", "2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"]) {
      for (const r of [report(), report({ status: "in_approval", pendingApprovers: ["ou_chief"] }), report({ snoozes: [{ openId: "ou_a", untilDate: "2026-12-31" }] })]) {
        const due = reminderDue(clock(d), meta(r));
        expect(due === null ? [] : planDue(due, r.sections), d).toEqual(plan(d, [r]));
      }
    }
  });

  it("the last claim: the group reminder, or on an escalation-only day the escalation to the report owner; none in approval", () => {
    // Escalation only on the day it is reached when overdue reminders are not daily: Tue 11-24, 2 working days late.
    const policy = { overdueDaily: false };
    const esc = reminderDue(clock("2026-11-24"), meta({ policy }))!;
    expect(esc.sched).toMatchObject({ stage: null, escalate: true });
    expect(esc.lastClaimKey).toBe("r1|ou_boss|escalation|2026-11-24");
    expect(planDue(esc, report().sections).map((r) => r.claimKey)).toContain(esc.lastClaimKey);
    const both = reminderDue(clock("2026-11-24"), meta())!;
    expect(both.lastClaimKey).toBe("r1|oc_group|overdue|2026-11-24");
    expect(planDue(both, report().sections).map((r) => r.claimKey)).toContain(both.lastClaimKey);
    const inApproval = reminderDue(clock("2026-11-25"), meta({ status: "in_approval", pendingApprovers: ["ou_chief"] }))!; // 3 working days before the submission deadline
    expect(inApproval).toMatchObject({ needsSections: false, lastClaimKey: null });
  });
});
