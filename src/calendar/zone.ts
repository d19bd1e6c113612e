// Time-zone conversions with dayjs (utc + timezone plugins, which use Intl). No Node APIs: runs on
// Cloudflare Workers, whose default zone is UTC, so always convert explicitly.
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc.js";
import timezone from "dayjs/plugin/timezone.js";

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TIMEZONE = "Asia/Shanghai";

const checkedZones = new Set<string>();

function assertZone(tz: string): void {
  if (checkedZones.has(tz)) return;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    throw new RangeError(`无效的时区：${JSON.stringify(tz)}（例如 Asia/Shanghai）`);
  }
  checkedZones.add(tz);
}

function toInstant(instant: Date | string | number): dayjs.Dayjs {
  const d = dayjs(instant);
  if (!d.isValid()) throw new RangeError(`无效的时间：${JSON.stringify(instant)}`);
  return d;
}

/** The calendar date of `instant` in `tz`, 'YYYY-MM-DD'. */
export function localDate(instant: Date | string | number, tz: string): string {
  assertZone(tz);
  return toInstant(instant).tz(tz).format("YYYY-MM-DD");
}

/** The wall-clock time of `instant` in `tz`, 'HH:mm' (24 h). */
export function localTime(instant: Date | string | number, tz: string): string {
  assertZone(tz);
  return toInstant(instant).tz(tz).format("HH:mm");
}

/** Date and time of `instant` in `tz`. */
export function localDateTime(instant: Date | string | number, tz: string): { date: string; time: string; weekday: number } {
  assertZone(tz);
  const d = toInstant(instant).tz(tz);
  return { date: d.format("YYYY-MM-DD"), time: d.format("HH:mm"), weekday: d.day() };
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The instant at which the wall clock in `tz` shows `date` `time` ('YYYY-MM-DD', 'HH:mm'). */
export function instantAt(date: string, time: string, tz: string): Date {
  assertZone(tz);
  if (!DATE_RE.test(date)) throw new RangeError(`无效的日期：${JSON.stringify(date)}（应为 YYYY-MM-DD）`);
  if (!TIME_RE.test(time)) throw new RangeError(`无效的时间：${JSON.stringify(time)}（应为 HH:mm）`);
  const d = dayjs.tz(`${date} ${time}`, tz);
  if (!d.isValid() || d.tz(tz).format("YYYY-MM-DD") !== date) {
    throw new RangeError(`无效的日期：${JSON.stringify(date)}`);
  }
  return d.toDate();
}

/** The instant at which `date` begins in `tz`. */
export function startOfLocalDay(date: string, tz: string): Date {
  return instantAt(date, "00:00", tz);
}

/** 成文日期 style: "2027年1月5日" (no leading zeros, per GB/T 9704 7.3.5.4). */
export function chineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`无效的日期：${JSON.stringify(date)}（应为 YYYY-MM-DD）`);
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}
