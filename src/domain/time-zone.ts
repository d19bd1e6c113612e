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

/** Epoch milliseconds of `instant`; strings are parsed by dayjs, as before, so every input means what it did. */
function toEpochMs(instant: Date | string | number): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === "number" ? instant : toInstant(instant).valueOf();
  if (!Number.isFinite(ms)) throw new RangeError(`无效的时间：${JSON.stringify(instant)}`);
  return ms;
}

// One formatter per zone, built once: dayjs-timezone builds Intl.DateTimeFormat objects on every call, which
// cost 250–650 µs each on the ingress path (BENCHMARKS.md); a cached formatter answers in a few µs.
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: Date | string | number, tz: string): { date: string; time: string; y: number; m: number; d: number } {
  assertZone(tz);
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(tz, f);
  }
  let y = 0, m = 0, d = 0, hh = 0, mm = 0;
  let bc = false;
  for (const p of f.formatToParts(toEpochMs(instant))) {
    switch (p.type) {
      case "year": y = Number(p.value); break;
      case "month": m = Number(p.value); break;
      case "day": d = Number(p.value); break;
      case "hour": hh = Number(p.value) % 24; break;
      case "minute": mm = Number(p.value); break;
      case "era": bc = p.value.startsWith("B"); break;
    }
  }
  if (bc) y = 1 - y;
  const pad = (n: number) => String(n).padStart(2, "0");
  const year = y < 0 ? `-${String(-y).padStart(6, "0")}` : String(y).padStart(4, "0");
  return { date: `${year}-${pad(m)}-${pad(d)}`, time: `${pad(hh)}:${pad(mm)}`, y, m, d };
}

/** The calendar date of `instant` in `tz`, 'YYYY-MM-DD'. */
export function localDate(instant: Date | string | number, tz: string): string {
  return wallClock(instant, tz).date;
}

/** The wall-clock time of `instant` in `tz`, 'HH:mm' (24 h). */
export function localTime(instant: Date | string | number, tz: string): string {
  return wallClock(instant, tz).time;
}

/** Date and time of `instant` in `tz`. */
export function localDateTime(instant: Date | string | number, tz: string): { date: string; time: string; weekday: number } {
  const w = wallClock(instant, tz);
  const day = new Date(0);
  day.setUTCFullYear(w.y, w.m - 1, w.d);
  return { date: w.date, time: w.time, weekday: day.getUTCDay() };
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
