// How a date is written for people — the one place. Dates travel as 'YYYY-MM-DD' strings (calendar.ts) and
// times as 'HH:mm' in the report's time zone (time-zone.ts); these turn them into Chinese text.
//   fullDate       "2027年1月5日"        成文日期, confirmations (GB/T 9704 7.3.5.4: Arabic numerals, no leading zeros)
//   monthDay       "1月5日"              deadlines and snoozes on cards
//   monthDayTime   "1月5日 09:30"        revisions and decisions
import { isValidDate } from "./calendar.js";

function parts(date: string): { y: number; m: number; d: number } {
  const s = date.trim();
  if (!isValidDate(s)) throw new RangeError(`无效的日期：${JSON.stringify(date)}（应为 YYYY-MM-DD）`);
  return { y: Number(s.slice(0, 4)), m: Number(s.slice(5, 7)), d: Number(s.slice(8, 10)) };
}

/** 'YYYY-MM-DD' → "2027年1月5日". Throws a RangeError on anything that is not a calendar date. */
export function fullDate(date: string): string {
  const { y, m, d } = parts(date);
  return `${y}年${m}月${d}日`;
}

/** 'YYYY-MM-DD' → "1月5日". */
export function monthDay(date: string): string {
  const { m, d } = parts(date);
  return `${m}月${d}日`;
}

/** 'YYYY-MM-DD' and 'HH:mm' → "1月5日 09:30". */
export function monthDayTime(date: string, time: string): string {
  return `${monthDay(date)} ${time}`;
}
