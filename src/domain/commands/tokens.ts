// The pieces a command's text is read in: width and spaces, quotes, dates, section addresses, @mentions.
import { daysInMonth, isoDate } from "../calendar.js";
import type { MentionInput, Person } from "./command.js";

export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export function normalizeSpaces(s: string): string {
  return s.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, " ").trim();
}

export function stripQuotes(s: string): string {
  const t = s.trim();
  const m = /^[“"「『《](.*)[”"」』》]$/.exec(t);
  return (m ? m[1]! : t).trim();
}

export const DATE_FORMAT_MESSAGE = "日期格式应为 2026-11-20 或 2026年11月20日";

/** Parses "2026-11-20" or "2026年11月20日" (full-width digits tolerated) into "YYYY-MM-DD". */
export function parseDate(input: string): { ok: true; date: string } | { ok: false; message: string } {
  const s = toHalfWidth(input).replace(/\s+/g, "");
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) m = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$/.exec(s);
  if (!m) return { ok: false, message: `「${input.trim()}」无法识别，${DATE_FORMAT_MESSAGE}` };
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 2000 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
    return { ok: false, message: `「${input.trim()}」不是有效的日期` };
  return { ok: true, date: isoDate(y, mo, d) };
}

export const NUM_CHARS = "一二三四五六七八九十";
/** A section address at the start of the arguments: "开头", "一", "第三部分", "一（二）", "1.2". */
const SECTION_PREFIX = new RegExp(
  `^(开头|第?[${NUM_CHARS}\\d]{1,3}(?:部分)?、?(?:\\s?[（(]\\s?[${NUM_CHARS}\\d]{1,3}\\s?[）)]|[.．]\\d{1,2})?)`,
);

/** Splits "一（二） 新标题" / "一（二）新标题" / "measures 新标题" into section and rest. */
export function splitSection(args: string): { section: string; rest: string } {
  const m = SECTION_PREFIX.exec(args);
  if (m) {
    const section = m[1]!;
    const rest = args.slice(section.length).trim();
    if (!/^[、.．]/.test(rest)) return { section: section.trim(), rest };
  }
  const sp = args.indexOf(" ");
  if (sp < 0) return { section: args, rest: "" };
  return { section: args.slice(0, sp), rest: args.slice(sp + 1).trim() };
}

export const MENTION_RE = /@_(?:user_\d+|all)/g;

export function resolveMention(token: string, mentions: MentionInput[]): Person | string {
  if (token === "@_all") return "不能指定“所有人”，请 @ 具体的人";
  const m = mentions.find((x) => x.key === token);
  if (!m) return `无法识别提及的人（${token}），请重新 @ 一次`;
  // Lark leaves the id empty for someone it does not identify to the app (e.g. outside its visibility).
  if (!m.openId) return `无法识别 ${m.name || token}（飞书没有提供其用户 ID），请确认对方在本群且可使用本应用后重新 @ 一次`;
  return { openId: m.openId, name: m.name };
}
