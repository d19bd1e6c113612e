// Working-day arithmetic over Chinese holiday data. Pure: no Date.now(), no I/O.
//
// Dates are 'YYYY-MM-DD' strings already in the report's time zone (see src/domain/time-zone.ts).
// Arithmetic is done on integer day numbers (days since 1970-01-01, proleptic Gregorian), so no
// Date object or time zone is involved here.
//
// Coverage: holiday data is only known for the years it covers (the State Council publishes each
// year's arrangement in November of the year before). For a year that neither the data nor the
// override declares covered, a day is treated as Monday–Friday = working and every answer says
// `covered: false`, so callers can tell the user the date is a guess. We never guess silently.

/** Holiday data as loaded from a source (chinese-days, a vendored JSON…). */
export interface HolidayData {
  /** Years for which `holidays` and `workdays` are complete. */
  coveredYears: readonly number[];
  /** Days off that are not ordinary weekends, or are holidays falling on weekends: YYYY-MM-DD. */
  holidays: ReadonlySet<string> | readonly string[];
  /** 调休 working days (weekend days that are working days): YYYY-MM-DD. */
  workdays: ReadonlySet<string> | readonly string[];
  /** Optional holiday names by date, e.g. "国庆节". */
  names?: Readonly<Record<string, string>>;
}

/** Local corrections, e.g. an office's extra day off, or next year's arrangement before the package has it. */
export interface CalendarOverride {
  /** Days that are off (wins over the data). */
  holidays: readonly string[];
  /** Days that are working days (wins over the data). */
  workdays: readonly string[];
  /** Years this override declares fully covered (with the data, if any, for other days of that year). */
  years?: readonly number[];
  /** Optional names for override holidays. */
  names?: Readonly<Record<string, string>>;
}

/** A normalised calendar: build once with `createCalendar`, then query many times. */
export interface Calendar {
  readonly coveredYears: ReadonlySet<number>;
  readonly holidays: ReadonlySet<string>;
  readonly workdays: ReadonlySet<string>;
  readonly names: Readonly<Record<string, string>>;
}

export type DayReason = "weekday" | "weekend" | "holiday" | "adjusted_workday";

export interface DayInfo {
  date: string;
  working: boolean;
  reason: DayReason;
  /** False when the date's year has no holiday data: the answer is the Monday–Friday fallback. */
  covered: boolean;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Holiday name (e.g. "国庆节") when known. */
  name?: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Days in month `m` (1–12) of year `y`, leap years included. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** (2026, 3, 1) → "2026-03-01": how dates are written everywhere in huibao. */
export function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isValidDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Day number of a 'YYYY-MM-DD' date; throws on an invalid date. */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return daysFromCivil(y, mo, d);
  }
  throw new RangeError(`无效的日期：${JSON.stringify(date)}（应为 YYYY-MM-DD）`);
}

export function dateFromDayNumber(n: number): string {
  const { y, m, d } = civilFromDays(n);
  return isoDate(y, m, d);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

/** Calendar-day arithmetic: date + n days. */
export function addDays(date: string, n: number): string {
  return dateFromDayNumber(dayNumber(date) + n);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Builds a calendar from data plus an optional override. Override days win over the data; a date may
 * not be both an override holiday and an override workday (`parseOverride` rejects that; here the
 * workday wins, deterministically).
 */
export function createCalendar(data: HolidayData, override?: CalendarOverride | null): Calendar {
  const holidays = new Set<string>(data.holidays);
  const workdays = new Set<string>(data.workdays);
  const coveredYears = new Set<number>(data.coveredYears);
  const names: Record<string, string> = { ...(data.names ?? {}) };
  for (const d of [...holidays, ...workdays]) dayNumber(d); // validate
  if (override) {
    for (const d of override.holidays) {
      dayNumber(d);
      holidays.add(d);
      workdays.delete(d);
    }
    for (const d of override.workdays) {
      dayNumber(d);
      workdays.add(d);
      holidays.delete(d);
    }
    for (const y of override.years ?? []) coveredYears.add(y);
    Object.assign(names, override.names ?? {});
  }
  return { coveredYears, holidays, workdays, names };
}

/** Whether the year of `date` has holiday data (from the data or declared by the override). */
export function isCovered(cal: Calendar, date: string): boolean {
  dayNumber(date);
  return cal.coveredYears.has(Number(date.slice(0, 4)));
}

/**
 * What kind of day `date` is. Explicit entries (data or override) are honoured in any year; a date in
 * an uncovered year without an entry falls back to Monday–Friday and reports `covered: false`.
 */
export function dayInfo(cal: Calendar, date: string): DayInfo {
  const n = dayNumber(date);
  const weekday = (((n + 4) % 7) + 7) % 7;
  const covered = cal.coveredYears.has(Number(date.slice(0, 4)));
  const name = cal.names[date];
  const withName = (info: DayInfo): DayInfo => (name ? { ...info, name } : info);
  if (cal.workdays.has(date)) {
    return withName({ date, working: true, reason: weekday === 0 || weekday === 6 ? "adjusted_workday" : "weekday", covered, weekday });
  }
  if (cal.holidays.has(date)) return withName({ date, working: false, reason: "holiday", covered, weekday });
  if (weekday === 0 || weekday === 6) return { date, working: false, reason: "weekend", covered, weekday };
  return { date, working: true, reason: "weekday", covered, weekday };
}

function isWorkingN(cal: Calendar, date: string, n: number): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const weekday = (((n + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}

export function isWorkingDay(cal: Calendar, date: string): boolean {
  return isWorkingN(cal, date, dayNumber(date));
}

/**
 * Working days from `from` to `to`:
 * - `to` ≥ `from`: the number of working days d with from < d ≤ to (today does not count; the
 *   deadline day does). The day before a working deadline gives 1; the deadline day itself gives 0.
 * - `to` < `from` (overdue): minus the number of working days d with to < d ≤ from, i.e. how many
 *   working days have passed since the deadline, today included. The working day after the deadline
 *   gives -1.
 */
export function workingDaysBetween(cal: Calendar, from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  let count = 0;
  for (let n = lo + 1; n <= hi; n++) {
    if (isWorkingN(cal, dateFromDayNumber(n), n)) count++;
  }
  return b >= a ? count : -count;
}

/**
 * The n-th working day after `date` (n > 0) or before it (n < 0); `date` itself never counts.
 * n = 0 returns `date` when it is a working day, else the next working day.
 */
export function addWorkingDays(cal: Calendar, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`工作日数必须是整数：${n}`);
  let d = dayNumber(date);
  if (n === 0) return nextWorkingDay(cal, date, { includeSelf: true });
  const step = n > 0 ? 1 : -1;
  let left = Math.abs(n);
  // A safety bound: no real calendar has more than 60 consecutive days off.
  let guard = left * 60 + 366;
  while (left > 0) {
    d += step;
    if (isWorkingN(cal, dateFromDayNumber(d), d)) left--;
    if (--guard < 0) throw new RangeError("日历数据异常：找不到工作日");
  }
  return dateFromDayNumber(d);
}

/** The first working day after `date` (or `date` itself with includeSelf). */
export function nextWorkingDay(cal: Calendar, date: string, opts: { includeSelf?: boolean } = {}): string {
  let d = dayNumber(date);
  if (opts.includeSelf && isWorkingN(cal, date, d)) return date;
  for (let i = 0; i < 366; i++) {
    d += 1;
    const s = dateFromDayNumber(d);
    if (isWorkingN(cal, s, d)) return s;
  }
  throw new RangeError("日历数据异常：一年内没有工作日");
}

/** The last working day before `date` (or `date` itself with includeSelf). */
export function previousWorkingDay(cal: Calendar, date: string, opts: { includeSelf?: boolean } = {}): string {
  let d = dayNumber(date);
  if (opts.includeSelf && isWorkingN(cal, date, d)) return date;
  for (let i = 0; i < 366; i++) {
    d -= 1;
    const s = dateFromDayNumber(d);
    if (isWorkingN(cal, s, d)) return s;
  }
  throw new RangeError("日历数据异常：一年内没有工作日");
}

/** True when every year from `from` to `to` (either order) has holiday data. */
export function isRangeCovered(cal: Calendar, from: string, to: string): boolean {
  dayNumber(from);
  dayNumber(to);
  const y1 = Number(from.slice(0, 4));
  const y2 = Number(to.slice(0, 4));
  for (let y = Math.min(y1, y2); y <= Math.max(y1, y2); y++) if (!cal.coveredYears.has(y)) return false;
  return true;
}
