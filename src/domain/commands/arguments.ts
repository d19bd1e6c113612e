// The argument parsers: one per command that takes arguments, each returning the command or `invalid` with
// what was expected. Section arguments stay raw (resolve them with parseSectionAddress).
import { parseChineseNumeral } from "../numerals.js";
import { charLength } from "../text.js";
import { invalid, type Command, type CommandInput, type Person, type ReportTarget } from "./command.js";
import { DATE_FORMAT_MESSAGE, MENTION_RE, parseDate, resolveMention, splitSection, stripQuotes, toHalfWidth } from "./tokens.js";

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

export function parseNew(args: string): Command {
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

export function parseDeadline(args: string): Command {
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

export function parseSubmissionDeadline(args: string): Command {
  if (!args) return invalid("提交截止", `请给出日期，例如：提交截止 2026-12-01。${DATE_FORMAT_MESSAGE}`);
  const d = parseDate(args);
  return d.ok ? { kind: "submission_deadline", date: d.date } : invalid("提交截止", d.message);
}

export function parseOffice(args: string): Command {
  const name = stripQuotes(args);
  if (!name) return invalid("发文机关", "请写明发文机关名称，例如：发文机关 南岸区交通局");
  if (charLength(name) > 60) return invalid("发文机关", "发文机关名称不能超过 60 个字");
  return { kind: "office", name };
}

export function parseYear(args: string): Command {
  const m = /^(\d{4})\s*(?:年度?)?$/.exec(toHalfWidth(args));
  if (!m) return invalid("年度", "年度应为四位数字，例如：年度 2026");
  const year = Number(m[1]);
  if (year < 2000 || year > 2099) return invalid("年度", "年度应在 2000 到 2099 之间");
  return { kind: "year", year };
}

export function parseTitle(args: string): Command {
  const { section, rest } = splitSection(args);
  if (!section || !rest) return invalid("标题", "请写明章节和新标题，例如：标题 一（二） 持续深化“放管服”改革");
  const title = stripQuotes(rest);
  if (charLength(title) > 60) return invalid("标题", "标题不能超过 60 个字");
  return { kind: "title", section, title };
}

export function parseReportTitle(args: string): Command {
  const title = stripQuotes(args);
  if (!title) return invalid("报告标题", "请写明报告标题，例如：报告标题 关于2026年法治政府建设情况的报告");
  if (charLength(title) > 100) return invalid("报告标题", "报告标题不能超过 100 个字");
  return { kind: "report_title", title };
}

export function parseOrder(args: string): Command {
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

export function parseAdd(args: string): Command {
  const { section, rest } = splitSection(args);
  if (!section || !rest) return invalid("增加", "请写明部分和小标题，例如：增加 一 推进数字法治建设");
  const title = stripQuotes(rest);
  if (charLength(title) > 60) return invalid("增加", "小标题不能超过 60 个字");
  return { kind: "add", part: section, title };
}

export function sectionArg(name: string, example: string, kind: "remove" | "goto") {
  return (args: string): Command => {
    if (!args) return invalid(name, `请写明章节，例如：${example}`);
    return { kind, section: args };
  };
}

export function parseAssign(args: string, input: CommandInput): Command {
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

export function parseApprovers(args: string, input: CommandInput): Command {
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

export function parseSnooze(args: string): Command {
  const msg = "请写明暂停天数（1 到 30 天），例如：暂停提醒 3天";
  const m = /^(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:天|日|d|days?)?$/i.exec(toHalfWidth(args));
  if (!m) return invalid("暂停提醒", msg);
  const days = /^\d+$/.test(m[1]!) ? Number(m[1]) : parseChineseNumeral(m[1]!);
  if (days === null || days < 1 || days > 30) return invalid("暂停提醒", msg);
  return { kind: "snooze", days };
}

export function parseUse(args: string): Command {
  if (!args) return invalid("报告", "请写明报告序号或标题，例如：报告 2（发送“报告列表”查看序号）");
  const m = /^第?\s*(\d{1,3})\s*(?:份|个|号)?$/.exec(toHalfWidth(args));
  if (m) {
    const index = Number(m[1]);
    if (index < 1) return invalid("报告", "报告序号从 1 开始");
    return { kind: "use", target: { by: "index", index } };
  }
  return { kind: "use", target: { by: "title", title: stripQuotes(args) } };
}

export function parseExport(args: string): Command {
  if (!args) return { kind: "export", asFile: false };
  if (/^(?:文件|word|docx|file|文档|word文档)$/i.test(args.replace(/\s+/g, ""))) return { kind: "export", asFile: true };
  return invalid("导出", "用法：导出（生成下载链接）或 导出 文件（把 Word 文档发到群里）");
}

export function parseRestore(args: string): Command {
  const example = "例如：恢复 二 1（先发送“历史 二”查看版本号）";
  if (!args) return invalid("恢复", `请写明部分和版本号，${example}`);
  const m = /^(.+?)\s*第?\s*(\d{1,4})\s*[版个]?$/.exec(toHalfWidth(args));
  if (!m || !m[1]!.trim()) return invalid("恢复", `请写明部分和版本号，${example}`);
  const version = Number(m[2]);
  if (version < 1) return invalid("恢复", `版本号从 1 开始，${example}`);
  return { kind: "restore", section: m[1]!.trim(), version };
}

export function parseHistory(args: string): Command {
  return { kind: "history", section: args || null };
}

export function parseCompare(args: string): Command {
  return { kind: "compare", section: args || null };
}

export function parseImportPlan(args: string): Command {
  const text = args.trim();
  if (!text) return invalid("导入工作要点", "请在同一条消息里、“导入工作要点”之后换行粘贴工作要点全文（分组“一、……”，任务“1.……”）。");
  return { kind: "import_plan", text };
}

export function parseOfficePeople(args: string, input: CommandInput): Command {
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
