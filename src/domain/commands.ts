// Chat commands: Chinese keywords ("截止 2026-11-20") and slash forms ("/deadline 2026-11-20").
// The bot's own @mention has already been removed from the text; other mentions appear as "@_user_N"
// placeholders resolved through `mentions`. Section arguments stay raw (resolve them with parseSectionAddress).
import { parseChineseNumeral } from "./numerals.js";
import { charLength } from "./text.js";

export interface MentionInput {
  key: string;
  openId: string;
  name: string;
}

export interface CommandInput {
  text: string;
  mentions: MentionInput[];
}

export interface Person {
  openId: string;
  name: string;
}

/** A report named in a command: its number in 报告列表, a fragment of its title, or "last year's" (参照去年). */
export type ReportTarget = { by: "index"; index: number } | { by: "title"; title: string } | { by: "latest" };

export type Command =
  /**
   * 新建报告 [标题] [模板 名称] [参照 <报告>]; title null → the app builds it (from the template's titlePattern, or
   * from last year's title). `from`: take last year's structure and owners (参照).
   */
  | { kind: "new_report"; title: string | null; template: string | null; from?: ReportTarget }
  | { kind: "templates" }
  /** 截止 2026-11-20 [提交 2026-12-01]: internal deadline, optionally the submission deadline too. */
  | { kind: "deadline"; internal: string; submission: string | null }
  | { kind: "submission_deadline"; date: string }
  | { kind: "office"; name: string }
  | { kind: "year"; year: number }
  | { kind: "title"; section: string; title: string }
  | { kind: "report_title"; title: string }
  /** parts: current part labels/keys (["三","一","二","四","五"]) or a single template order name; see setPartOrder. */
  | { kind: "order"; parts: string[] }
  | { kind: "add"; part: string; title: string }
  | { kind: "remove"; section: string }
  | { kind: "assign"; section: string; assignees: Person[] }
  | { kind: "next" }
  | { kind: "back" }
  | { kind: "skip" }
  | { kind: "goto"; section: string }
  | { kind: "undo" }
  /** 恢复 <节> <版本>: make version `version` of the section current again (as a new revision). */
  | { kind: "restore"; section: string; version: number }
  /** section null → the current section. */
  | { kind: "history"; section: string | null }
  | { kind: "help" }
  | { kind: "status" }
  /** asFile: 导出 文件 (a .docx) rather than a preview in the chat. */
  | { kind: "export"; asFile: boolean }
  | { kind: "submit" }
  /** Approval levels in order; people within one level approve in parallel. */
  | { kind: "approvers"; levels: Person[][] }
  | { kind: "withdraw" }
  | { kind: "reopen" }
  | { kind: "audit" }
  | { kind: "snooze"; days: number }
  | { kind: "use"; target: { by: "index"; index: number } | { by: "title"; title: string } }
  | { kind: "reports" }
  /** 对比 [节]: the section against last year's; null → the current section. */
  | { kind: "compare"; section: string | null }
  /** 导入工作要点 + the plan's text (same message, several lines). */
  | { kind: "import_plan"; text: string }
  /** 科室 <科室名> @某人: people for an office of the work plan; office null (no arguments) → the office card. */
  | { kind: "office_people"; office: string | null; people: Person[] }
  | { kind: "not_command" }
  /** A command with bad arguments; `command` is the canonical Chinese name, `message` says what was expected. */
  | { kind: "invalid"; command: string; message: string };

export type CommandKind = Command["kind"];

export interface CommandHelp {
  command: string;
  alias: string;
  example: string;
  description: string;
  /** The task the command belongs to (help groups them): 填写 · 分工 · 进度与导出 · 审批 · 设置. */
  group: HelpGroup;
}

export const HELP_GROUPS = ["填写", "分工", "进度与导出", "审批", "设置"] as const;
export type HelpGroup = (typeof HELP_GROUPS)[number];

export const COMMAND_HELP: CommandHelp[] = [
  // 填写
  { group: "填写", command: "继续", alias: "/next", example: "继续", description: "进入下一个未完成的部分" },
  { group: "填写", command: "跳到", alias: "/goto", example: "跳到 三", description: "跳到指定部分（开头、一、一（二）或 1.2）" },
  { group: "填写", command: "上一节", alias: "/back", example: "上一节", description: "回到上一部分" },
  { group: "填写", command: "跳过", alias: "/skip", example: "跳过", description: "暂时跳过本部分" },
  { group: "填写", command: "撤销", alias: "/undo", example: "撤销", description: "撤销自己最近一次填写（再发一次撤销更早的一次）" },
  { group: "填写", command: "历史", alias: "/history", example: "历史 一（二）", description: "查看某部分的各个版本" },
  { group: "填写", command: "恢复", alias: "/restore", example: "恢复 二 1", description: "把某部分恢复为历史中的第 N 版（作为新版本保存）" },
  // 分工
  { group: "分工", command: "分配", alias: "/assign", example: "分配 一（二） @张三", description: "指定某部分的负责人（可 @ 多人），负责人在私聊中逐节填写；分配某一部分时，其下没有单独分配负责人的小标题也归其负责" },
  { group: "分工", command: "暂停提醒", alias: "/snooze", example: "暂停提醒 3天", description: "暂停对自己的催办提醒若干个工作日" },
  { group: "分工", command: "科室", alias: "/dept", example: "科室 局法规科 @张三", description: "指定工作要点中某科室的负责人，该科室牵头的小节交给他；只发“科室”显示科室卡片" },
  // 进度与导出
  { group: "进度与导出", command: "进度", alias: "/status", example: "进度", description: "查看各部分填写进度" },
  { group: "进度与导出", command: "导出", alias: "/export", example: "导出 文件", description: "生成下载链接（Word 与 Markdown，7 天有效）；加“文件”把 Word 文档发到群里" },
  { group: "进度与导出", command: "对比", alias: "/compare", example: "对比 一（一）", description: "与去年（参照的报告）此节对比：数据变化、新增和删去的句子" },
  // 审批
  { group: "审批", command: "审批人", alias: "/approvers", example: "审批人 @科长 > @副局长 @局长", description: "设置审批人，用 > 分隔审批层级" },
  { group: "审批", command: "提交审批", alias: "/submit", example: "提交审批", description: "提交报告进入审批（先列出待补充和占位之处）" },
  { group: "审批", command: "撤回审批", alias: "/withdraw", example: "撤回审批", description: "撤回审批中的报告" },
  { group: "审批", command: "重新打开", alias: "/reopen", example: "重新打开", description: "重新打开已审定的报告进行修改" },
  { group: "审批", command: "审批记录", alias: "/audit", example: "审批记录", description: "查看审批记录" },
  // 设置
  { group: "设置", command: "新建报告", alias: "/new", example: "新建报告 南岸区交通局关于2026年法治政府建设情况的报告", description: "在本群新建一份报告（可加“模板 名称”；加“参照 1”或“参照去年”则沿用去年报告的结构和负责人）" },
  { group: "设置", command: "截止", alias: "/deadline", example: "截止 2026-11-20 提交 2026-12-01", description: "设置内部截止日期（可同时设置提交截止日期）" },
  { group: "设置", command: "提交截止", alias: "/submission-deadline", example: "提交截止 2026-12-01", description: "设置向上级提交的截止日期" },
  { group: "设置", command: "导入工作要点", alias: "/workplan", example: "导入工作要点 一、深化放管服改革 1.持续推进简政放权。（牵头科室：局法规科）", description: "在同一条消息里换行粘贴工作要点全文：按分组设置小标题、按任务核对，确认后生效" },
  { group: "设置", command: "发文机关", alias: "/office", example: "发文机关 南岸区交通局", description: "设置发文机关名称" },
  { group: "设置", command: "年度", alias: "/year", example: "年度 2026", description: "设置报告年度" },
  { group: "设置", command: "报告标题", alias: "/report-title", example: "报告标题 关于2026年法治政府建设情况的报告", description: "修改报告标题" },
  { group: "设置", command: "标题", alias: "/title", example: "标题 一（二） 持续深化“放管服”改革", description: "修改某一部分或小标题的标题" },
  { group: "设置", command: "顺序", alias: "/order", example: "顺序 一 三 二 四 五", description: "调整五个部分的顺序（按当前编号，或模板顺序名称）" },
  { group: "设置", command: "增加", alias: "/add", example: "增加 一 推进数字法治建设", description: "在某一部分下增加小标题" },
  { group: "设置", command: "删除", alias: "/remove", example: "删除 一（三）", description: "删除小标题（已填内容保留，可再增加恢复）" },
  { group: "设置", command: "模板", alias: "/templates", example: "模板", description: "查看可用的报告模板" },
  { group: "设置", command: "报告列表", alias: "/reports", example: "报告列表", description: "查看本群的全部报告" },
  { group: "设置", command: "报告", alias: "/use", example: "报告 2", description: "切换本群当前处理的报告（序号或标题）" },
  { group: "设置", command: "帮助", alias: "/help", example: "帮助", description: "查看全部命令" },
];

// ---------------------------------------------------------------------------------------------
// Helpers

type Invalid = Extract<Command, { kind: "invalid" }>;
type Result = Command;

const invalid = (command: string, message: string): Invalid => ({ kind: "invalid", command, message });

function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function normalizeSpaces(s: string): string {
  return s.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, " ").trim();
}

function stripQuotes(s: string): string {
  const t = s.trim();
  const m = /^[“"「『《](.*)[”"」』》]$/.exec(t);
  return (m ? m[1]! : t).trim();
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
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
  return { ok: true, date: `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

const NUM_CHARS = "一二三四五六七八九十";
/** A section address at the start of the arguments: "开头", "一", "第三部分", "一（二）", "1.2". */
const SECTION_PREFIX = new RegExp(
  `^(开头|第?[${NUM_CHARS}\\d]{1,3}(?:部分)?、?(?:\\s?[（(]\\s?[${NUM_CHARS}\\d]{1,3}\\s?[）)]|[.．]\\d{1,2})?)`,
);

/** Splits "一（二） 新标题" / "一（二）新标题" / "measures 新标题" into section and rest. */
function splitSection(args: string): { section: string; rest: string } {
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

const MENTION_RE = /@_(?:user_\d+|all)/g;

function resolveMention(token: string, mentions: MentionInput[]): Person | string {
  if (token === "@_all") return "不能指定“所有人”，请 @ 具体的人";
  const m = mentions.find((x) => x.key === token);
  if (!m) return `无法识别提及的人（${token}），请重新 @ 一次`;
  // Lark leaves the id empty for someone it does not identify to the app (e.g. outside its visibility).
  if (!m.openId) return `无法识别 ${m.name || token}（飞书没有提供其用户 ID），请确认对方在本群且可使用本应用后重新 @ 一次`;
  return { openId: m.openId, name: m.name };
}

// ---------------------------------------------------------------------------------------------
// Command table

interface Spec {
  name: string;
  zh: string[];
  slash: string[];
  /** Parser for the arguments; absent → the command takes no arguments. */
  parse?: (args: string, input: CommandInput) => Result;
  /** Arguments may follow the keyword without a space ("年度2026") when they match this pattern in full. */
  adjacent?: RegExp;
  /**
   * Near misses only (resembleCommand): arguments glued to the keyword ("跳到二", "分配一（三）@某人") are taken
   * when they match this in full. Stricter than `adjacent`: prose such as "报告期内" must never match.
   */
  glue?: RegExp;
  noArgs?: Exclude<CommandKind, "invalid" | "not_command">;
  /** The arguments may span several lines (a pasted text): they are passed on as written. */
  multiline?: true;
}

/** "参照 1", "参照去年", "--from 报告标题" at the end of 新建报告's arguments. */
const FROM_RE = /(?:^|\s)(?:参照|--from)(?=\s|$|[:：]|去年|上一?年)\s*[:：]?\s*(.*)$/;

function parseTarget(text: string): ReportTarget | null {
  const t = stripQuotes(text);
  if (t === "") return null;
  if (/^(?:去年|上一?年(?:度)?)(?:的)?(?:报告)?$/.test(t)) return { by: "latest" };
  const m = /^第?\s*(\d{1,3})\s*(?:份|个|号)?$/.exec(toHalfWidth(t));
  if (m) return Number(m[1]) >= 1 ? { by: "index", index: Number(m[1]) } : null;
  return { by: "title", title: t };
}

function parseNew(args: string): Result {
  if (!args) return { kind: "new_report", title: null, template: null };
  const from = FROM_RE.exec(args);
  if (from) {
    const target = parseTarget(from[1]!);
    if (!target) return invalid("新建报告", "请写明参照哪份报告：报告列表中的序号或标题中的词，例如：新建报告 参照 1，或 新建报告 参照去年");
    const rest = parseNew(args.slice(0, from.index).trim());
    if (rest.kind !== "new_report") return rest;
    if (rest.template) return invalid("新建报告", "参照去年的报告时沿用它的模板，不能另选模板");
    return { ...rest, from: target };
  }
  const m = /^(.*?)(?:^|\s)(?:模板|template)\s*[:：]?\s*(.+)$/i.exec(args);
  const title = stripQuotes(m ? m[1]! : args);
  const template = m ? stripQuotes(m[2]!) : null;
  if (m && !template) return invalid("新建报告", "请写明模板名称，例如：新建报告 标题 模板 法治政府建设年度报告");
  if (charLength(title) > 100) return invalid("新建报告", "报告标题不能超过 100 个字");
  return { kind: "new_report", title: title || null, template };
}

function parseDeadline(args: string): Result {
  if (!args) return invalid("截止", `请给出日期，例如：截止 2026-11-20。${DATE_FORMAT_MESSAGE}`);
  const s = args.replace(/\s*([年月日\-])\s*/g, "$1");
  const m = /^(.+?)(?:\s*(?:提交截止|提交|submission|submit)\s*[:：]?\s*(.+))?$/i.exec(s);
  const first = parseDate(m?.[1] ?? s);
  if (!first.ok) return invalid("截止", first.message);
  if (m?.[2] === undefined) return { kind: "deadline", internal: first.date, submission: null };
  const second = parseDate(m[2]);
  if (!second.ok) return invalid("截止", `提交截止日期${second.message}`);
  if (second.date < first.date)
    return invalid("截止", `内部截止日期（${first.date}）应不晚于提交截止日期（${second.date}）`);
  return { kind: "deadline", internal: first.date, submission: second.date };
}

function parseSubmissionDeadline(args: string): Result {
  if (!args) return invalid("提交截止", `请给出日期，例如：提交截止 2026-12-01。${DATE_FORMAT_MESSAGE}`);
  const d = parseDate(args);
  return d.ok ? { kind: "submission_deadline", date: d.date } : invalid("提交截止", d.message);
}

function parseOffice(args: string): Result {
  const name = stripQuotes(args);
  if (!name) return invalid("发文机关", "请写明发文机关名称，例如：发文机关 南岸区交通局");
  if (charLength(name) > 60) return invalid("发文机关", "发文机关名称不能超过 60 个字");
  return { kind: "office", name };
}

function parseYear(args: string): Result {
  const m = /^(\d{4})\s*(?:年度?)?$/.exec(toHalfWidth(args));
  if (!m) return invalid("年度", "年度应为四位数字，例如：年度 2026");
  const year = Number(m[1]);
  if (year < 2000 || year > 2099) return invalid("年度", "年度应在 2000 到 2099 之间");
  return { kind: "year", year };
}

function parseTitle(args: string): Result {
  const { section, rest } = splitSection(args);
  if (!section || !rest) return invalid("标题", "请写明章节和新标题，例如：标题 一（二） 持续深化“放管服”改革");
  const title = stripQuotes(rest);
  if (charLength(title) > 60) return invalid("标题", "标题不能超过 60 个字");
  return { kind: "title", section, title };
}

function parseReportTitle(args: string): Result {
  const title = stripQuotes(args);
  if (!title) return invalid("报告标题", "请写明报告标题，例如：报告标题 关于2026年法治政府建设情况的报告");
  if (charLength(title) > 100) return invalid("报告标题", "报告标题不能超过 100 个字");
  return { kind: "report_title", title };
}

function parseOrder(args: string): Result {
  const example = "例如：顺序 一 三 二 四 五，或使用模板顺序名称：顺序 法定顺序";
  if (!args) return invalid("顺序", `请给出新的部分顺序，${example}`);
  let parts = args.split(/[\s、,，;；>＞]+/).filter(Boolean);
  if (parts.length === 1) {
    const only = parts[0]!;
    // "三一二四五" or "31245": one label per character.
    if (only.length > 1 && (/^[一二三四五六七八九]+$/.test(only) || /^[1-9]+$/.test(toHalfWidth(only)))) {
      parts = Array.from(only);
    }
  }
  const seen = new Set<string>();
  for (const p of parts) {
    if (seen.has(p)) return invalid("顺序", `部分「${p}」重复出现，${example}`);
    seen.add(p);
  }
  return { kind: "order", parts };
}

function parseAdd(args: string): Result {
  const { section, rest } = splitSection(args);
  if (!section || !rest) return invalid("增加", "请写明部分和小标题，例如：增加 一 推进数字法治建设");
  const title = stripQuotes(rest);
  if (charLength(title) > 60) return invalid("增加", "小标题不能超过 60 个字");
  return { kind: "add", part: section, title };
}

function sectionArg(name: string, example: string, kind: "remove" | "goto") {
  return (args: string): Result => {
    if (!args) return invalid(name, `请写明章节，例如：${example}`);
    return { kind, section: args };
  };
}

function parseAssign(args: string, input: CommandInput): Result {
  const tokens = args.match(MENTION_RE) ?? [];
  const section = args
    .replace(MENTION_RE, " ")
    .replace(/(?:^|\s)(?:给|由|为|to)(?=\s|$)/gi, " ")
    .replace(/[\s,，、和]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!section) return invalid("分配", "请写明章节，例如：分配 一（二） @张三");
  if (tokens.length === 0) return invalid("分配", "请 @ 要负责该章节的人，例如：分配 一（二） @张三");
  const assignees: Person[] = [];
  for (const t of tokens) {
    const p = resolveMention(t, input.mentions);
    if (typeof p === "string") return invalid("分配", p);
    if (!assignees.some((a) => a.openId === p.openId)) assignees.push(p);
  }
  return { kind: "assign", section, assignees };
}

function parseApprovers(args: string, input: CommandInput): Result {
  const example = "例如：审批人 @科长 > @副局长 @局长（用 > 分隔审批层级，同一层级可 @ 多人）";
  if (!args) return invalid("审批人", `请 @ 审批人，${example}`);
  const groups = args.split(/[>＞》→]/);
  const levels: Person[][] = [];
  const seen = new Set<string>();
  for (const [i, group] of groups.entries()) {
    const tokens = group.match(MENTION_RE) ?? [];
    const leftover = group.replace(MENTION_RE, "").replace(/[\s,，、和;；]+/g, "");
    if (leftover) return invalid("审批人", `第 ${i + 1} 级中「${leftover}」无法识别，请只 @ 审批人，${example}`);
    if (tokens.length === 0) return invalid("审批人", `第 ${i + 1} 级没有审批人，${example}`);
    const level: Person[] = [];
    for (const t of tokens) {
      const p = resolveMention(t, input.mentions);
      if (typeof p === "string") return invalid("审批人", p);
      if (seen.has(p.openId)) return invalid("审批人", `${p.name} 出现了不止一次，每人只能在一个层级审批`);
      seen.add(p.openId);
      level.push(p);
    }
    levels.push(level);
  }
  if (levels.length > 5) return invalid("审批人", "审批层级不能超过 5 级");
  return { kind: "approvers", levels };
}

function parseSnooze(args: string): Result {
  const msg = "请写明暂停天数（1 到 30 天），例如：暂停提醒 3天";
  const m = /^(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:天|日|d|days?)?$/i.exec(toHalfWidth(args));
  if (!m) return invalid("暂停提醒", msg);
  const days = /^\d+$/.test(m[1]!) ? Number(m[1]) : parseChineseNumeral(m[1]!);
  if (days === null || days < 1 || days > 30) return invalid("暂停提醒", msg);
  return { kind: "snooze", days };
}

function parseUse(args: string): Result {
  if (!args) return invalid("报告", "请写明报告序号或标题，例如：报告 2（发送“报告列表”查看序号）");
  const m = /^第?\s*(\d{1,3})\s*(?:份|个|号)?$/.exec(toHalfWidth(args));
  if (m) {
    const index = Number(m[1]);
    if (index < 1) return invalid("报告", "报告序号从 1 开始");
    return { kind: "use", target: { by: "index", index } };
  }
  return { kind: "use", target: { by: "title", title: stripQuotes(args) } };
}

function parseExport(args: string): Result {
  if (!args) return { kind: "export", asFile: false };
  if (/^(?:文件|word|docx|file|文档|word文档)$/i.test(args.replace(/\s+/g, ""))) return { kind: "export", asFile: true };
  return invalid("导出", "用法：导出（生成下载链接）或 导出 文件（把 Word 文档发到群里）");
}

function parseRestore(args: string): Result {
  const example = "例如：恢复 二 1（先发送“历史 二”查看版本号）";
  if (!args) return invalid("恢复", `请写明部分和版本号，${example}`);
  const m = /^(.+?)\s*第?\s*(\d{1,4})\s*[版个]?$/.exec(toHalfWidth(args));
  if (!m || !m[1]!.trim()) return invalid("恢复", `请写明部分和版本号，${example}`);
  const version = Number(m[2]);
  if (version < 1) return invalid("恢复", `版本号从 1 开始，${example}`);
  return { kind: "restore", section: m[1]!.trim(), version };
}

function parseHistory(args: string): Result {
  return { kind: "history", section: args || null };
}

function parseCompare(args: string): Result {
  return { kind: "compare", section: args || null };
}

function parseImportPlan(args: string): Result {
  const text = args.trim();
  if (!text) return invalid("导入工作要点", "请在同一条消息里、“导入工作要点”之后换行粘贴工作要点全文（分组“一、……”，任务“1.……”）。");
  return { kind: "import_plan", text };
}

function parseOfficePeople(args: string, input: CommandInput): Result {
  const example = "例如：科室 局法规科 @张三";
  const tokens = args.match(MENTION_RE) ?? [];
  const office = stripQuotes(args.replace(MENTION_RE, " ").replace(/(?:^|\s)(?:给|由|为)(?=\s|$)/g, " ").replace(/[\s,，、和]+/g, " ").trim());
  if (!office && tokens.length === 0) return { kind: "office_people", office: null, people: [] };
  if (!office) return invalid("科室", `请写明科室名称，${example}`);
  if (tokens.length === 0) return invalid("科室", `请 @ 该科室的负责人，${example}`);
  if (charLength(office) > 30) return invalid("科室", `科室名称不超过 30 个字，${example}`);
  const people: Person[] = [];
  for (const t of tokens) {
    const p = resolveMention(t, input.mentions);
    if (typeof p === "string") return invalid("科室", p);
    if (!people.some((x) => x.openId === p.openId)) people.push(p);
  }
  return { kind: "office_people", office, people };
}
/** A whole argument that is a section address and nothing else: "二", "一（三）", "1.2", "开头", "第三部分". */
const SECTION_BODY = `(?:开头|第?[${NUM_CHARS}\\d]{1,3}(?:部分)?(?:\\s?[（(]\\s?[${NUM_CHARS}\\d]{1,3}\\s?[）)]|[.．]\\d{1,2})?)`;
const SECTION_ONLY = new RegExp(`^${SECTION_BODY}$`);
const GLUED_ASSIGN = new RegExp(`^${SECTION_BODY}\\s*(?:(?:给|由)\\s*)?(?:@_user_\\d+[\\s,，、和]*)+$`);
const GLUED_RESTORE = new RegExp(`^${SECTION_BODY}\\s*第?\\d{1,4}[版个]?$`);

const SPECS: Spec[] = [
  { name: "新建报告", zh: ["新建报告"], slash: ["new"], parse: parseNew },
  { name: "模板", zh: ["模板", "模板列表"], slash: ["templates", "template"], noArgs: "templates" },
  { name: "截止", zh: ["截止", "截止日期"], slash: ["deadline"], parse: parseDeadline, adjacent: /^\d{4}[-年]\S*$/ },
  { name: "提交截止", zh: ["提交截止", "提交截止日期"], slash: ["submission-deadline", "submission_deadline"], parse: parseSubmissionDeadline, adjacent: /^\d{4}[-年]\S*$/ },
  { name: "发文机关", zh: ["发文机关"], slash: ["office"], parse: parseOffice },
  { name: "年度", zh: ["年度"], slash: ["year"], parse: parseYear, adjacent: /^\d{4}年?度?$/ },
  { name: "标题", zh: ["标题", "改标题"], slash: ["title"], parse: parseTitle },
  { name: "报告标题", zh: ["报告标题"], slash: ["report-title", "report_title"], parse: parseReportTitle },
  { name: "顺序", zh: ["顺序", "调整顺序"], slash: ["order"], parse: parseOrder },
  { name: "增加", zh: ["增加", "添加", "新增"], slash: ["add"], parse: parseAdd },
  { name: "删除", zh: ["删除"], slash: ["remove", "delete"], parse: sectionArg("删除", "删除 一（三）", "remove"), glue: SECTION_ONLY },
  { name: "分配", zh: ["分配"], slash: ["assign"], parse: parseAssign, glue: GLUED_ASSIGN },
  { name: "继续", zh: ["继续", "下一节"], slash: ["next"], noArgs: "next" },
  { name: "上一节", zh: ["上一节"], slash: ["back", "prev"], noArgs: "back" },
  { name: "跳过", zh: ["跳过"], slash: ["skip"], noArgs: "skip" },
  { name: "跳到", zh: ["跳到", "跳转"], slash: ["goto"], parse: sectionArg("跳到", "跳到 三", "goto"), glue: SECTION_ONLY },
  { name: "撤销", zh: ["撤销"], slash: ["undo"], noArgs: "undo" },
  { name: "恢复", zh: ["恢复"], slash: ["restore"], parse: parseRestore, glue: GLUED_RESTORE },
  { name: "历史", zh: ["历史", "修改记录"], slash: ["history"], parse: parseHistory, glue: SECTION_ONLY },
  { name: "帮助", zh: ["帮助"], slash: ["help"], noArgs: "help" },
  { name: "进度", zh: ["进度"], slash: ["status"], noArgs: "status" },
  { name: "导出", zh: ["导出"], slash: ["export"], parse: parseExport, glue: /^(?:文件|word|docx|file|文档|word文档)$/i },
  { name: "提交审批", zh: ["提交审批"], slash: ["submit"], noArgs: "submit" },
  { name: "审批人", zh: ["审批人"], slash: ["approvers"], parse: parseApprovers, glue: /^(?:@_user_\d+[\s>＞》→,，、和]*)+$/ },
  { name: "撤回审批", zh: ["撤回审批", "撤回"], slash: ["withdraw"], noArgs: "withdraw" },
  { name: "重新打开", zh: ["重新打开"], slash: ["reopen"], noArgs: "reopen" },
  { name: "审批记录", zh: ["审批记录"], slash: ["audit"], noArgs: "audit" },
  { name: "暂停提醒", zh: ["暂停提醒"], slash: ["snooze"], parse: parseSnooze, adjacent: /^\d{1,2}\s*[天日]?$/ },
  { name: "报告", zh: ["报告", "切换报告"], slash: ["use"], parse: parseUse, adjacent: /^\d{1,3}$/ },
  { name: "报告列表", zh: ["报告列表"], slash: ["reports"], noArgs: "reports" },
  { name: "对比", zh: ["对比", "对比去年"], slash: ["compare", "diff"], parse: parseCompare, adjacent: SECTION_ONLY },
  { name: "导入工作要点", zh: ["导入工作要点", "导入要点"], slash: ["workplan", "work-plan"], parse: parseImportPlan, multiline: true },
  { name: "科室", zh: ["科室"], slash: ["dept", "office-owner"], parse: parseOfficePeople },
];

const ZH_KEYWORDS: { kw: string; spec: Spec }[] = SPECS.flatMap((spec) => spec.zh.map((kw) => ({ kw, spec }))).sort(
  (a, b) => b.kw.length - a.kw.length,
);

/** Longest Chinese command text accepted; longer single lines are treated as answers. */
const MAX_ZH_COMMAND_LENGTH = 150;

function run(spec: Spec, args: string, input: CommandInput, slash: boolean): Result | null {
  if (spec.noArgs) {
    if (!args) return { kind: spec.noArgs } as Result;
    // "继续加强…" is an answer, not a command; "/next foo" is a mistake.
    return slash ? invalid(spec.name, `「${spec.name}」不需要参数，直接发送“${spec.name}”即可`) : null;
  }
  return spec.parse!(args, input);
}

/** Parses a chat message into a command, `not_command` (an answer) or `invalid` (a command with bad arguments). */
export function parseCommand(input: CommandInput): Command {
  const text = normalizeSpaces(input.text);
  if (!text) return { kind: "not_command" };
  const multiline = /\n\s*\S/.test(input.text.trim());

  // Slash forms: "/deadline 2026-11-20", full-width "／" tolerated.
  const slash = /^[/／]([A-Za-z][A-Za-z_-]*)(?:\s+([\s\S]*))?$/.exec(text);
  if (slash) {
    const name = slash[1]!.toLowerCase();
    const spec = SPECS.find((s) => s.slash.includes(name));
    if (!spec) return invalid(`/${name}`, `未知命令「/${name}」，发送“帮助”查看可用命令`);
    const raw = /^\s*[/／][A-Za-z_-]+([\s\S]*)$/.exec(input.text)?.[1] ?? "";
    const args = spec.multiline ? raw.trim() : normalizeSpaces(slash[2] ?? "");
    return run(spec, args, input, true) ?? { kind: "not_command" };
  }

  // A pasted text after its command keyword ("导入工作要点\n一、……"): the lines as written.
  const raw = input.text.replace(/^[\s\u3000]+/, "");
  for (const { kw, spec } of ZH_KEYWORDS) {
    if (!spec.multiline || !raw.startsWith(kw)) continue;
    const after = raw.slice(kw.length);
    if (after !== "" && !/^[\s:：]/.test(after)) continue;
    return spec.parse!(after.replace(/^[\s:：]+/, ""), input);
  }

  if (multiline || charLength(text) > MAX_ZH_COMMAND_LENGTH) return { kind: "not_command" };
  for (const { kw, spec } of ZH_KEYWORDS) {
    if (!text.startsWith(kw)) continue;
    const after = text.slice(kw.length);
    let args: string;
    let adjacent = false;
    if (after === "") args = "";
    else if (/^[\s:：]/.test(after)) args = after.replace(/^[\s:：]+/, "").trim();
    else if (/^[!！。.?？]+$/.test(after) && spec.noArgs) args = "";
    else if (spec.adjacent && spec.adjacent.test(toHalfWidth(after.trim()))) {
      args = after.trim();
      adjacent = true;
    } else continue;
    // An answer that happens to start with a keyword ("报告 如下。") ends like a sentence.
    if (args && /[。！？]$/.test(args) && !spec.multiline) return { kind: "not_command" };
    const result = run(spec, args, input, false);
    if (result === null) return { kind: "not_command" };
    if (adjacent && result.kind === "invalid") return { kind: "not_command" };
    return result;
  }
  return { kind: "not_command" };
}

// ---------------------------------------------------------------------------------------------
// Near misses: what a message that is not quite a command most likely meant.

/** Commands a near miss may run without asking: they only show things or move through the outline. */
const SAFE_KINDS: ReadonlySet<CommandKind> = new Set<CommandKind>(["status", "help", "history", "export", "goto", "next", "back", "skip", "reports", "templates", "audit"]);

/** Words people type for a command (at the start of the message), and the command's own keyword. */
const SYNONYMS: [string, string][] = [
  ["截止到", "截止"],
  ["截至", "截止"],
  ["撤消", "撤销"],
  ["跳转到", "跳到"],
  ["跳至", "跳到"],
  ["转到", "跳到"],
  ["查看进度", "进度"],
  ["查进度", "进度"],
  ["提交审核", "提交审批"],
  ["送审", "提交审批"],
  ["历史记录", "历史"],
  ["恢复到", "恢复"],
  ["回退到", "恢复"],
];

export interface Resemblance {
  /** What `canonical` parses to. */
  command: Command;
  /** The command as it should have been typed, e.g. "截止 2026-12-20", "分配 一（三） @_user_2". */
  canonical: string;
  /** spacing: spaces inside the keyword ("进 度"); glued: no space before the argument ("跳到二");
   *  synonym: another word for the keyword ("截至"); slash_typo: a misspelt slash command ("/stauts"). */
  how: "spacing" | "glued" | "synonym" | "slash_typo";
  /** Safe to run without asking: it only shows or navigates, and the message differs by spacing alone. */
  runDirectly: boolean;
}

/** Longest text (without @ placeholders) a near miss is looked for in: commands are short. */
const MAX_NEAR_MISS = 40;

function spaced(word: string): RegExp {
  return new RegExp(`^${Array.from(word).map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s*")}`);
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

const usable = (c: Command | null): c is Command => c !== null && c.kind !== "invalid" && c.kind !== "not_command";

/**
 * The command a message most likely meant when parseCommand does not take it as one: spaces inside the keyword
 * ("进 度", "撤 销"), a missing space before a section or person ("跳到二", "分配一（三）@某人"), another word for
 * the keyword ("截至 2026-12-20"), a misspelt slash command ("/stauts"). Null for anything longer than a command
 * or that only happens to start like one ("报告期内…", "继续加强…", "进度方面…").
 */
export function resembleCommand(input: CommandInput): Resemblance | null {
  const text = normalizeSpaces(input.text);
  if (!text || /\n\s*\S/.test(input.text.trim())) return null;
  if (Array.from(text.replace(MENTION_RE, "")).length > MAX_NEAR_MISS) return null;

  const slash = /^[/／]([A-Za-z][A-Za-z_-]*)(?:\s+([\s\S]*))?$/.exec(text);
  if (slash) {
    const name = slash[1]!.toLowerCase();
    if (SPECS.some((s) => s.slash.includes(name)) || name.length < 3) return null;
    let best: { name: string; d: number } | null = null;
    for (const s of SPECS)
      for (const n of s.slash) {
        const d = editDistance(name, n);
        if (d <= 2 && (!best || d < best.d)) best = { name: n, d };
      }
    if (!best) return null;
    const canonical = `/${best.name}${slash[2] ? ` ${normalizeSpaces(slash[2])}` : ""}`;
    const command = parseCommand({ text: canonical, mentions: input.mentions });
    return usable(command) ? { command, canonical, how: "slash_typo", runDirectly: false } : null;
  }

  // A section and a person, nothing else ("一（三）@某人"): an assignment without its keyword.
  if (GLUED_ASSIGN.test(toHalfWidth(text)) && text.includes("@_user_")) {
    const canonical = `分配 ${text}`;
    const command = parseCommand({ text: canonical, mentions: input.mentions });
    if (usable(command)) return { command, canonical, how: "synonym", runDirectly: false };
  }
  let t = text;
  let synonym = false;
  for (const [word, kw] of SYNONYMS) {
    const m = spaced(word).exec(t);
    if (!m) continue;
    t = kw + t.slice(m[0].length);
    synonym = true;
    break;
  }
  for (const { kw, spec } of ZH_KEYWORDS) {
    const m = spaced(kw).exec(t);
    if (!m) continue;
    const inner = m[0] !== kw;
    const rest = t.slice(m[0].length);
    const separated = rest === "" || /^[\s:：]/.test(rest);
    const args = rest.replace(/^[\s:：]+/, "").trim();
    // The keyword exactly, then a space: parseCommand has already judged it.
    if (separated && !inner && !synonym) return null;
    if (!separated && !(spec.glue && spec.glue.test(toHalfWidth(args)))) continue;
    const command = run(spec, args, input, false);
    if (!usable(command)) continue;
    const canonical = args ? `${kw} ${args}` : kw;
    const how = synonym ? "synonym" : inner ? "spacing" : "glued";
    return { command, canonical, how, runDirectly: how !== "synonym" && SAFE_KINDS.has(command.kind) };
  }
  return null;
}
