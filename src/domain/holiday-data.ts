// Holiday data for src/domain/calendar.ts, taken from the chinese-days package (data bundled, no network),
// and parsing of a local override file. No Node APIs: runs on Cloudflare Workers.
//
// chinese-days exposes its raw data as dist/chinese-days.json:
//   { holidays: { "2026-10-01": "National Day,国庆节,3", … },   // days off that are holidays (incl. weekend ones)
//     workdays: { "2026-09-20": "National Day,国庆节,3", … },   // 调休 working weekend days
//     inLieuDays: { … } }                                        // 调休 days off (also in holidays)
// Its functions (isWorkday…) silently fall back to weekday logic for years it has no data for, so we
// use the raw data and derive the covered years from it: a year is covered when it has holiday entries
// (every year since 2004 has at least 元旦).
import { z } from "zod";
import raw from "chinese-days/dist/chinese-days.json";
import { isValidDate, type CalendarOverride, type HolidayData } from "./calendar.js";

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays?: Record<string, string>;
}

/** "National Day,国庆节,3" → "国庆节". */
function chineseName(entry: string): string {
  const parts = entry.split(",");
  return (parts[1] ?? parts[0] ?? "").trim();
}

/** Builds HolidayData from chinese-days' JSON shape (exported for tests with other data). */
export function holidayDataFromChineseDaysJson(json: ChineseDaysJson): HolidayData {
  const names: Record<string, string> = {};
  const holidays: string[] = [];
  const workdays: string[] = [];
  const years = new Set<number>();
  for (const [date, entry] of Object.entries(json.holidays)) {
    if (!isValidDate(date)) continue;
    holidays.push(date);
    names[date] = chineseName(entry);
    years.add(Number(date.slice(0, 4)));
  }
  for (const [date, entry] of Object.entries(json.workdays)) {
    if (!isValidDate(date)) continue;
    workdays.push(date);
    names[date] = `${chineseName(entry)}调休上班`;
  }
  holidays.sort();
  workdays.sort();
  return { coveredYears: [...years].sort((a, b) => a - b), holidays, workdays, names };
}

let cached: HolidayData | undefined;

/** Holiday data bundled with the installed chinese-days package (built once, then cached). */
export function chineseDaysHolidayData(): HolidayData {
  cached ??= holidayDataFromChineseDaysJson(raw as ChineseDaysJson);
  return cached;
}

/** The last year the bundled data covers, e.g. 2026 for chinese-days 1.5.7. */
export function maxCoveredYear(data: HolidayData = chineseDaysHolidayData()): number {
  return Math.max(...data.coveredYears);
}

const dateString = z.string().refine(isValidDate, { message: "不是有效日期（应为 YYYY-MM-DD，例如 2027-01-01）" });

const overrideSchema = z
  .strictObject({
    holidays: z.array(dateString).default([]),
    workdays: z.array(dateString).default([]),
    years: z.array(z.number().int().min(2000).max(2100)).optional(),
    names: z.record(dateString, z.string().min(1)).optional(),
  })
  .superRefine((v, ctx) => {
    const holidays = new Set(v.holidays);
    v.workdays.forEach((d, i) => {
      if (holidays.has(d)) {
        ctx.addIssue({ code: "custom", path: ["workdays", i], message: `${d} 同时出现在 holidays 和 workdays 中` });
      }
    });
  });

function fieldName(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || "（根）";
}

function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `类型错误，应为${typeName(issue.expected)}`;
    case "unrecognized_keys":
      return `包含未知字段：${issue.keys.join("、")}（允许的字段：holidays、workdays、years、names）`;
    case "too_small":
    case "too_big":
      return issue.origin === "number" ? "年份应为 2000–2100 之间的整数" : "不能为空";
    case "custom":
      return issue.message;
    default:
      return issue.message;
  }
}

function typeName(t: string): string {
  const names: Record<string, string> = { string: "字符串", number: "数字", array: "数组", object: "对象", int: "整数" };
  return names[t] ?? t;
}

/** Thrown by parseOverride; `message` names every bad field, in Chinese. */
export class OverrideError extends Error {
  /** The bad fields, e.g. ["holidays[1]"]. */
  readonly fields: string[];
  constructor(message: string, fields: string[]) {
    super(message);
    this.name = "OverrideError";
    this.fields = fields;
  }
}

/**
 * Validates a holiday override (already JSON-parsed), e.g.
 * `{ "holidays": ["2027-01-01"], "workdays": [], "years": [2027] }`.
 * Throws OverrideError with a Chinese message naming each bad field, e.g.
 * "节假日覆盖配置无效：holidays[1]：不是有效日期（应为 YYYY-MM-DD，例如 2027-01-01）".
 */
export function parseOverride(json: unknown): CalendarOverride {
  const r = overrideSchema.safeParse(json);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `${fieldName(i.path)}：${issueMessage(i)}`);
    throw new OverrideError(`节假日覆盖配置无效：${lines.join("；")}`, r.error.issues.map((i) => fieldName(i.path)));
  }
  const v = r.data;
  return {
    holidays: [...v.holidays].sort(),
    workdays: [...v.workdays].sort(),
    ...(v.years ? { years: [...v.years].sort((a, b) => a - b) } : {}),
    ...(v.names ? { names: v.names } : {}),
  };
}
