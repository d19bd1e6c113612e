// Must-show 1, the cases test/domain/reminders.test.ts leaves open: a weekend that would otherwise be a
// reminder day, a year outside the holiday data with an override *file* (loaded like the Node entry loads
// HOLIDAY_OVERRIDE_FILE), and time-zone edges around midnight (the planner is fed Shanghai local time).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localDateTime } from "../../src/domain/time-zone.js";
import { dayInfo, type Calendar } from "../../src/domain/calendar.js";
import { reminderHeadline } from "../../src/domain/reminders/headline.js";
import { planReminders } from "../../src/domain/reminders/plan.js";
import type { ReminderReportInput } from "../../src/domain/reminders/reminder.js";
import { loadCalendar } from "../../src/runtimes/node/main.js";

const dir = mkdtempSync(join(tmpdir(), "huibao-cal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plain = loadCalendar(undefined);
// A (made-up) 2027 arrangement published after the chinese-days release: 元旦 Fri 1 – Sun 3 Jan, Saturday 9 Jan worked.
const file = join(dir, "holidays-2027.json");
writeFileSync(file, JSON.stringify({ years: [2027], holidays: ["2027-01-01", "2027-01-02", "2027-01-03"], workdays: ["2027-01-09"], names: { "2027-01-01": "元旦" } }));
const withFile = loadCalendar(file);

const report = (deadline: string, policy: ReminderReportInput["policy"] = {}): ReminderReportInput => ({
  reportId: "r1",
  title: "报告",
  status: "collecting",
  chatId: "oc_g",
  ownerOpenId: "ou_boss",
  deadlines: { internal: deadline },
  policy,
  sections: [{ label: "一（二）", title: "严格执法", status: "empty", ownerOpenIds: ["ou_a"] }],
});
const at = (iso: string, r: ReminderReportInput, calendar: Calendar = plain) => {
  const { date, time } = localDateTime(iso, "Asia/Shanghai");
  return planReminders({ today: date, time, calendar, reports: [r] });
};

describe("reminder planning across real calendar cases", () => {
  it("a weekend is skipped even when it is exactly 3 working days before the deadline", () => {
    const r = report("2026-11-18"); // Wed
    // Sat 11-14 and Sun 11-15: 11-16, 17, 18 → 3 left, but days off.
    expect(at("2026-11-14T09:30:00+08:00", r)).toEqual([]);
    expect(at("2026-11-15T12:00:00+08:00", r)).toEqual([]);
    // Mon 11-16 is 2 before (not a reminder day), Tue 11-17 is 1 before.
    expect(at("2026-11-16T09:30:00+08:00", r)).toEqual([]);
    expect(at("2026-11-17T09:30:00+08:00", r)[0]).toMatchObject({ kind: "before_deadline", workingDaysLeft: 1, calendarCovered: true });
  });

  it("a year outside the data: Monday–Friday without the override file, the file's arrangement with it", () => {
    expect(dayInfo(plain, "2027-01-01")).toMatchObject({ working: true, covered: false });
    expect(dayInfo(withFile, "2027-01-01")).toMatchObject({ working: false, covered: true, name: "元旦" });
    const r = report("2027-01-11", { daysBefore: [3] }); // Mon
    // Wed 01-06. Without the file: 07, 08, 11 → 3, reminded, flagged as a guess.
    const guess = at("2027-01-06T09:30:00+08:00", r);
    expect(guess[0]).toMatchObject({ workingDaysLeft: 3, calendarCovered: false });
    expect(reminderHeadline(guess[0]!)).toContain("工作日按周一至周五估算");
    // With the file: the Saturday 01-09 is worked, so 07, 08, 09, 11 → 4: not a reminder day; Thu 01-07 is.
    expect(at("2027-01-06T09:30:00+08:00", r, withFile)).toEqual([]);
    const known = at("2027-01-07T09:30:00+08:00", r, withFile);
    expect(known[0]).toMatchObject({ workingDaysLeft: 3, calendarCovered: true });
    expect(reminderHeadline(known[0]!)).not.toContain("估算");
    // 元旦 itself: reminded as an ordinary Friday without the file, silent with it.
    const ny = report("2027-01-06");
    expect(at("2027-01-01T09:30:00+08:00", ny)[0]).toMatchObject({ workingDaysLeft: 3, calendarCovered: false });
    expect(at("2027-01-01T09:30:00+08:00", ny, withFile)).toEqual([]);
    // The worked Saturday 01-09 reminds (1 day before Mon 01-11) with the file, and is a weekend without it.
    expect(at("2027-01-09T09:30:00+08:00", report("2027-01-11"), withFile)[0]).toMatchObject({ date: "2027-01-09", workingDaysLeft: 1 });
    expect(at("2027-01-09T09:30:00+08:00", report("2027-01-11"))).toEqual([]);
  });

  it("time-zone edges around midnight: the Shanghai date and time decide, not UTC", () => {
    const r = report("2026-11-20"); // Fri
    // Fri 16:30 UTC is already Saturday 00:30 in Shanghai: no "due today" on a day off.
    expect(localDateTime("2026-11-20T16:30:00Z", "Asia/Shanghai")).toMatchObject({ date: "2026-11-21", time: "00:30" });
    expect(at("2026-11-20T16:30:00Z", r)).toEqual([]);
    // Fri 01:29 UTC is 09:29 in Shanghai (too early); 01:30 UTC is 09:30 (due today).
    expect(at("2026-11-20T01:29:59Z", r)).toEqual([]);
    expect(at("2026-11-20T01:30:00Z", r)[0]).toMatchObject({ kind: "due_today", date: "2026-11-20" });
    // Thu 23:59 Shanghai is Thu; a minute later it is Friday, but before the send time.
    expect(at("2026-11-19T15:59:00Z", r)[0]).toMatchObject({ kind: "before_deadline", date: "2026-11-19", workingDaysLeft: 1 });
    expect(at("2026-11-19T16:00:00Z", r)).toEqual([]);
    // New Year's Eve 16:00 UTC is 元旦 00:00 in Shanghai: with the file, a holiday of a covered year.
    expect(localDateTime("2026-12-31T16:00:00Z", "Asia/Shanghai")).toMatchObject({ date: "2027-01-01", time: "00:00" });
    expect(at("2026-12-31T17:30:00Z", report("2027-01-06"), withFile)).toEqual([]);
  });
});
