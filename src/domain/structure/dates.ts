// Dates and years as reports write them: the signature's 成文日期 ("2024年1月10日", "二〇二四年一月十日", full-width
// digits) and the year a report is about ("关于2023年…", "现将…2022年度…报告如下", a part title's year).
import { daysInMonth, isoDate } from "../calendar.js";
import { parseChineseNumeral, toHalfWidthDigits } from "../numerals.js";
import type { RecognizedPart } from "./types.js";

const CN_DIGIT = "〇○零一二三四五六七八九";
/** A date line: (office on the same line, or "") (the date as written, the day optional). */
export const DATE_RE = new RegExp(
  `^(.*?)((?:[0-9０-９]{4}|[${CN_DIGIT}]{4})年(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日)?)$`,
);

function parseYearDigits(s: string): number | null {
  const t = toHalfWidthDigits(s);
  if (/^\d{4}$/.test(t)) return Number(t);
  if (t.length !== 4) return null;
  let n = 0;
  for (const c of t) {
    const d = "〇一二三四五六七八九".indexOf(c === "○" || c === "零" ? "〇" : c);
    if (d < 0) return null;
    n = n * 10 + d;
  }
  return n;
}

function parseSmall(s: string): number | null {
  const t = toHalfWidthDigits(s);
  if (/^\d{1,2}$/.test(t)) return Number(t);
  return parseChineseNumeral(t);
}

/** "2024年1月10日" / "二〇二四年一月十日" → "2024-01-10"; undefined without a day or when not a valid date. */
export function parseDateText(text: string): string | undefined {
  const m = /^(.{4})年(.{1,3})月(?:(.{1,3})日)?$/.exec(text);
  if (!m || m[3] === undefined) return undefined;
  const y = parseYearDigits(m[1]!);
  const mo = parseSmall(m[2]!);
  const d = parseSmall(m[3]);
  if (y === null || mo === null || d === null || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return isoDate(y, mo, d);
}

const YEAR_DIGITS = `(?:\\d{4}|[${CN_DIGIT}]{4})`;
const TITLE_YEAR_RE = new RegExp(`关于\\s*(${YEAR_DIGITS})\\s*年`);
const ANY_YEAR_RE = new RegExp(`(${YEAR_DIGITS})\\s*年`);
const PREAMBLE_YEAR_RE = /现将[^。；]*?(\d{4})\s*年/;

function validYear(y: number | null): number | undefined {
  return y !== null && y >= 1990 && y <= 2100 ? y : undefined;
}

function yearFrom(re: RegExp, text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = re.exec(text);
  return m ? validYear(parseYearDigits(m[1]!)) : undefined;
}

/**
 * The year a report is about: "关于2023年" in its title, else "现将…2022年度…报告如下" in its preamble, else the
 * title's first year, else the year in the title of a part matched to a mandated item (a plan part's year − 1).
 */
export function reportYear(title: string | undefined, preamble: string | undefined, parts: readonly RecognizedPart[]): number | undefined {
  let year = yearFrom(TITLE_YEAR_RE, title) ?? yearFrom(PREAMBLE_YEAR_RE, preamble) ?? yearFrom(ANY_YEAR_RE, title);
  if (year === undefined) {
    for (const p of parts) {
      const y = yearFrom(ANY_YEAR_RE, p.title);
      if (y === undefined || p.mandated === null || p.mandated === "other") continue;
      year = p.mandated === "plan" ? y - 1 : y;
      break;
    }
  }
  return year;
}
