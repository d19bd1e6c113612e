import { readFileSync } from "node:fs";
import { fullDate } from "../../src/domain/date-format.js";
import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  createCalendar,
  dayInfo,
  isRangeCovered,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  weekdayOf,
  workingDaysBetween,
  addDays,
  type HolidayData,
} from "../../src/domain/calendar.js";
import {
  chineseDaysHolidayData,
  holidayDataFromChineseDaysJson,
  maxCoveredYear,
  OverrideError,
  parseOverride,
} from "../../src/domain/holiday-data.js";
import { instantAt, localDate, localDateTime, localTime } from "../../src/domain/time-zone.js";

const data = chineseDaysHolidayData();
const cal = createCalendar(data);

describe("chinese-days data", () => {
  it("covers 2004 through 2026 and nothing later", () => {
    expect(data.coveredYears[0]).toBe(2004);
    expect(maxCoveredYear(data)).toBe(2026);
    expect(data.coveredYears).not.toContain(2027);
    expect(data.coveredYears).toHaveLength(2026 - 2004 + 1);
  });

  it("contains the 2026 National Day holiday and its 调休 working days with Chinese names", () => {
    const holidays = new Set(data.holidays);
    for (let d = 1; d <= 7; d++) expect(holidays.has(`2026-10-0${d}`)).toBe(true);
    expect(holidays.has("2026-10-08")).toBe(false);
    expect(new Set(data.workdays).has("2026-09-20")).toBe(true);
    expect(data.names?.["2026-10-01"]).toBe("国庆节");
    expect(data.names?.["2026-09-20"]).toBe("国庆节调休上班");
  });

  it("derives covered years from the entries of an arbitrary JSON", () => {
    const d = holidayDataFromChineseDaysJson({
      holidays: { "2030-01-01": "New Year's Day,元旦,1", "bad-date": "x,y,1" },
      workdays: {},
    });
    expect(d.coveredYears).toEqual([2030]);
    expect(d.holidays).toEqual(["2030-01-01"]);
  });
});

describe("dayInfo / isWorkingDay with real data", () => {
  it("an ordinary weekend is off, an ordinary weekday is working", () => {
    expect(weekdayOf("2026-11-14")).toBe(6);
    expect(dayInfo(cal, "2026-11-14")).toMatchObject({ working: false, reason: "weekend", covered: true });
    expect(dayInfo(cal, "2026-11-15")).toMatchObject({ working: false, reason: "weekend", covered: true });
    expect(dayInfo(cal, "2026-11-16")).toMatchObject({ working: true, reason: "weekday", covered: true, weekday: 1 });
  });

  it("the 2026 National Day holiday (Thu 1 Oct – Wed 7 Oct) is off, including its weekdays", () => {
    for (const d of ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"]) {
      expect(dayInfo(cal, d)).toMatchObject({ working: false, reason: "holiday", covered: true, name: "国庆节" });
    }
    expect(isWorkingDay(cal, "2026-10-08")).toBe(true);
  });

  it("调休: Sunday 2026-09-20 and Saturday 2026-10-10 are working days", () => {
    expect(weekdayOf("2026-09-20")).toBe(0);
    expect(dayInfo(cal, "2026-09-20")).toMatchObject({ working: true, reason: "adjusted_workday", covered: true });
    expect(weekdayOf("2026-10-10")).toBe(6);
    expect(isWorkingDay(cal, "2026-10-10")).toBe(true);
    // Sunday 2026-01-04 (元旦调休) as well
    expect(dayInfo(cal, "2026-01-04").reason).toBe("adjusted_workday");
  });

  it("a year outside the data falls back to Monday–Friday and says covered=false", () => {
    // 2030-01-01 is a Tuesday: certainly a holiday in reality, but we have no data.
    expect(weekdayOf("2030-01-01")).toBe(2);
    expect(dayInfo(cal, "2030-01-01")).toEqual({ date: "2030-01-01", working: true, reason: "weekday", covered: false, weekday: 2 });
    expect(dayInfo(cal, "2030-01-05")).toMatchObject({ working: false, reason: "weekend", covered: false });
    expect(isRangeCovered(cal, "2026-12-01", "2027-01-10")).toBe(false);
    expect(isRangeCovered(cal, "2026-01-01", "2026-12-31")).toBe(true);
  });

  it("rejects invalid dates", () => {
    expect(() => dayInfo(cal, "2026-02-30")).toThrow(/无效的日期/);
    expect(() => isWorkingDay(cal, "2026/10/01")).toThrow(/无效的日期/);
  });
});

describe("override", () => {
  it("makes a day a holiday, a weekend day a workday, and declares a year covered", () => {
    const o = parseOverride({
      holidays: ["2026-11-16", "2027-01-01"],
      workdays: ["2026-11-14"],
      years: [2027],
      names: { "2026-11-16": "单位调休" },
    });
    const c = createCalendar(data, o);
    expect(dayInfo(c, "2026-11-16")).toMatchObject({ working: false, reason: "holiday", covered: true, name: "单位调休" });
    expect(dayInfo(c, "2026-11-14")).toMatchObject({ working: true, reason: "adjusted_workday" });
    expect(dayInfo(c, "2027-01-01")).toMatchObject({ working: false, reason: "holiday", covered: true });
    // a day of 2027 the override says nothing about: Monday–Friday, but now covered
    expect(dayInfo(c, "2027-01-04")).toMatchObject({ working: true, reason: "weekday", covered: true });
    // the base calendar is untouched
    expect(isWorkingDay(cal, "2026-11-16")).toBe(true);
  });

  it("an override entry in an undeclared year is honoured but the year stays uncovered", () => {
    const c = createCalendar(data, parseOverride({ holidays: ["2028-01-03"] }));
    expect(dayInfo(c, "2028-01-03")).toMatchObject({ working: false, reason: "holiday", covered: false });
  });

  it("can turn a data holiday into a workday", () => {
    const c = createCalendar(data, { holidays: [], workdays: ["2026-10-07"] });
    expect(dayInfo(c, "2026-10-07")).toMatchObject({ working: true, reason: "weekday" });
  });

  it("rejects bad files with a Chinese message naming the field", () => {
    expect(() => parseOverride({ holidays: ["2026-10-01", "2026-13-01"] })).toThrow(/holidays\[1\]：不是有效日期/);
    expect(() => parseOverride({ holiday: [] })).toThrow(/未知字段：holiday/);
    expect(() => parseOverride({ workdays: "2026-10-01" })).toThrow(/workdays：类型错误，应为数组/);
    expect(() => parseOverride({ years: [2027.5] })).toThrow(/years\[0\]/);
    expect(() => parseOverride(null)).toThrow(OverrideError);
    expect(() => parseOverride({ holidays: ["2026-10-09"], workdays: ["2026-10-09"] })).toThrow(
      /workdays\[0\]：2026-10-09 同时出现在 holidays 和 workdays 中/,
    );
    try {
      parseOverride({ holidays: [1] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(OverrideError);
      expect((e as OverrideError).fields).toEqual(["holidays[0]"]);
      expect((e as Error).message).toMatch(/^节假日覆盖配置无效：/);
    }
  });

  it("accepts an empty object", () => {
    expect(parseOverride({})).toEqual({ holidays: [], workdays: [] });
  });
});

describe("working-day arithmetic", () => {
  it("workingDaysBetween counts days after `from` up to and including `to`", () => {
    // Mon 2026-11-16 → Fri 2026-11-20: Tue..Fri = 4
    expect(workingDaysBetween(cal, "2026-11-16", "2026-11-20")).toBe(4);
    expect(workingDaysBetween(cal, "2026-11-20", "2026-11-20")).toBe(0);
    // Fri → Mon: the weekend does not count
    expect(workingDaysBetween(cal, "2026-11-20", "2026-11-23")).toBe(1);
    // overdue: deadline Fri 11-20, today Tue 11-24 → Mon, Tue passed
    expect(workingDaysBetween(cal, "2026-11-24", "2026-11-20")).toBe(-2);
  });

  it("skips the National Day holiday and counts the 调休 Saturday", () => {
    // Wed 2026-09-30 → Mon 2026-10-12: 10-08, 10-09, 10-10 (Sat, 调休), 10-12
    expect(workingDaysBetween(cal, "2026-09-30", "2026-10-12")).toBe(4);
    // Fri 2026-09-18 → Mon 2026-09-21: Sun 09-20 is a working day
    expect(workingDaysBetween(cal, "2026-09-18", "2026-09-21")).toBe(2);
  });

  it("addWorkingDays / nextWorkingDay / previousWorkingDay", () => {
    expect(addWorkingDays(cal, "2026-09-30", 1)).toBe("2026-10-08");
    expect(addWorkingDays(cal, "2026-09-30", 3)).toBe("2026-10-10");
    expect(addWorkingDays(cal, "2026-10-08", -1)).toBe("2026-09-30");
    expect(addWorkingDays(cal, "2026-10-03", 0)).toBe("2026-10-08");
    expect(addWorkingDays(cal, "2026-11-16", 0)).toBe("2026-11-16");
    expect(nextWorkingDay(cal, "2026-09-18")).toBe("2026-09-20");
    expect(nextWorkingDay(cal, "2026-11-16", { includeSelf: true })).toBe("2026-11-16");
    expect(previousWorkingDay(cal, "2026-10-07")).toBe("2026-09-30");
    // addWorkingDays and workingDaysBetween agree
    for (const n of [1, 2, 5, 10, 30]) {
      expect(workingDaysBetween(cal, "2026-09-25", addWorkingDays(cal, "2026-09-25", n))).toBe(n);
    }
  });

  it("across years, including into an uncovered one", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    // Thu 2026-12-31 → Mon 2027-01-04: Fri 01-01 counts as working (no 2027 data)
    expect(workingDaysBetween(cal, "2026-12-31", "2027-01-04")).toBe(2);
  });

  it("works on a tiny hand-made calendar too", () => {
    const tiny: HolidayData = { coveredYears: [2031], holidays: new Set(["2031-01-01"]), workdays: ["2031-01-04"] };
    const c = createCalendar(tiny);
    expect(dayInfo(c, "2031-01-01")).toMatchObject({ working: false, reason: "holiday", covered: true });
    expect(dayInfo(c, "2031-01-04")).toMatchObject({ working: true, reason: "adjusted_workday" });
  });
});

describe("zone", () => {
  it("2026-11-15T16:30:00Z is Monday 2026-11-16 00:30 in Asia/Shanghai", () => {
    expect(localDate("2026-11-15T16:30:00Z", "Asia/Shanghai")).toBe("2026-11-16");
    expect(localTime(new Date("2026-11-15T16:30:00Z"), "Asia/Shanghai")).toBe("00:30");
    expect(localDateTime("2026-11-15T16:30:00Z", "Asia/Shanghai")).toEqual({ date: "2026-11-16", time: "00:30", weekday: 1 });
    // one minute before Shanghai midnight is still Sunday
    expect(localDateTime("2026-11-15T15:59:00Z", "Asia/Shanghai")).toEqual({ date: "2026-11-15", time: "23:59", weekday: 0 });
    expect(localDate("2026-11-15T16:30:00Z", "UTC")).toBe("2026-11-15");
    expect(isWorkingDay(cal, localDate("2026-11-15T16:30:00Z", "Asia/Shanghai"))).toBe(true);
  });

  it("year boundary", () => {
    expect(localDate("2026-12-31T20:30:00Z", "Asia/Shanghai")).toBe("2027-01-01");
  });

  it("instantAt is the inverse of localDateTime", () => {
    expect(instantAt("2026-11-16", "00:30", "Asia/Shanghai").toISOString()).toBe("2026-11-15T16:30:00.000Z");
    expect(instantAt("2026-11-16", "09:30", "Asia/Shanghai").toISOString()).toBe("2026-11-16T01:30:00.000Z");
    expect(() => instantAt("2026-02-30", "09:30", "Asia/Shanghai")).toThrow(/无效的日期/);
    expect(() => instantAt("2026-11-16", "25:00", "Asia/Shanghai")).toThrow(/无效的时间/);
    expect(() => localDate("2026-11-15T16:30:00Z", "Mars/Olympus")).toThrow(/无效的时区/);
  });

  it("fullDate", () => {
    expect(fullDate("2027-01-05")).toBe("2027年1月5日");
  });
});

describe("purity of the domain and calendar code", () => {
  const files = ["src/domain/calendar.ts", "src/domain/placeholders.ts", "src/domain/completeness/figures.ts", "src/domain/completeness/lists.ts", "src/domain/completeness/owed.ts", "src/domain/completeness/reasons.ts", "src/domain/completeness/report.ts", "src/domain/completeness/section.ts", "src/domain/completeness/topics.ts", "src/domain/completeness/types.ts", "src/domain/reminders/policy.ts", "src/domain/reminders/reminder.ts", "src/domain/reminders/due.ts", "src/domain/reminders/plan.ts", "src/domain/reminders/headline.ts", "src/domain/holiday-data.ts", "src/domain/time-zone.ts"];
  for (const f of files) {
    it(`${f} uses no Node APIs and no clock`, () => {
      // code only: comments may mention what is forbidden
      const src = readFileSync(new URL(`../../${f}`, import.meta.url), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      expect(src).not.toMatch(/from\s+["'](node:|fs|path|os|crypto|buffer|process)["'/]/);
      expect(src).not.toMatch(/\b(process\.|Buffer\b|Date\.now\(|new Date\(\))/);
      expect(src).not.toMatch(/from\s+["'](hono|@prisma|@larksuiteoapi)/);
      // Time zones (dayjs) and the holiday data (chinese-days) enter the domain through these two files only.
      if (!/(time-zone|holiday-data)\.ts$/.test(f)) expect(src).not.toMatch(/from\s+["'](dayjs|chinese-days)/);
    });
  }
});
