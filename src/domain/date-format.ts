// How a date is written for people — the one place. Dates travel as 'YYYY-MM-DD' strings (calendar.ts) and
// times as 'HH:mm' in the report's time zone (time-zone.ts); these turn them into Chinese text.
//   fullDate       "2027年1月5日"        成文日期, confirmations (GB/T 9704 7.3.5.4: Arabic numerals, no leading zeros)
//   monthDay       "1月5日"              deadlines and snoozes on cards
//   monthDayTime   "1月5日 09:30"        revisions and decisions
import { isValidDate } from "./calendar.js";

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The numbers of a 'YYYY-MM-DD' string, or null when it is not written that way. */
function parts(date: string): { y: number; m: number; d: number } | null {
  const m = SHAPE.exec(date.trim());
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

/** 'YYYY-MM-DD' → "2027年1月5日". Throws a RangeError on anything that is not a calendar date (a document's date). */
export function fullDate(date: string): string {
  const p = parts(date);
  if (!p || !isValidDate(date.trim())) throw new RangeError(`无效的日期：${JSON.stringify(date)}（应为 YYYY-MM-DD）`);
  return `${p.y}年${p.m}月${p.d}日`;
}

/** 'YYYY-MM-DD' → "1月5日". For display only: a value not written that way is shown as it is, never thrown on. */
export function monthDay(date: string): string {
  const p = parts(date);
  return p ? `${p.m}月${p.d}日` : date;
}

/** 'YYYY-MM-DD' and 'HH:mm' → "1月5日 09:30". */
export function monthDayTime(date: string, time: string): string {
  return `${monthDay(date)} ${time}`;
}
