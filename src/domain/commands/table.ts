// The command table: each command's Chinese keywords, slash names, argument parser and how loosely its
// arguments may be attached.
import { invalid, type Command, type CommandInput, type CommandKind } from "./command.js";
import {
  parseAdd,
  parseApprovers,
  parseAssign,
  parseCompare,
  parseDeadline,
  parseExport,
  parseHistory,
  parseImportPlan,
  parseNew,
  parseOffice,
  parseOfficePeople,
  parseOrder,
  parseReportTitle,
  parseRestore,
  parseSnooze,
  parseSubmissionDeadline,
  parseTitle,
  parseUse,
  parseYear,
  sectionArg,
} from "./arguments.js";
import { NUM_CHARS } from "./tokens.js";

export interface Spec {
  name: string;
  zh: string[];
  slash: string[];
  /** Parser for the arguments; absent → the command takes no arguments. */
  parse?: (args: string, input: CommandInput) => Command;
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

/** A whole argument that is a section address and nothing else: "二", "一（三）", "1.2", "开头", "第三部分". */
const SECTION_BODY = `(?:开头|第?[${NUM_CHARS}\\d]{1,3}(?:部分)?(?:\\s?[（(]\\s?[${NUM_CHARS}\\d]{1,3}\\s?[）)]|[.．]\\d{1,2})?)`;
const SECTION_ONLY = new RegExp(`^${SECTION_BODY}$`);
export const GLUED_ASSIGN = new RegExp(`^${SECTION_BODY}\\s*(?:(?:给|由)\\s*)?(?:@_user_\\d+[\\s,，、和]*)+$`);
const GLUED_RESTORE = new RegExp(`^${SECTION_BODY}\\s*第?\\d{1,4}[版个]?$`);

export const SPECS: Spec[] = [
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

export const ZH_KEYWORDS: { kw: string; spec: Spec }[] = SPECS.flatMap((spec) => spec.zh.map((kw) => ({ kw, spec }))).sort(
  (a, b) => b.kw.length - a.kw.length,
);

export function run(spec: Spec, args: string, input: CommandInput, slash: boolean): Command | null {
  if (spec.noArgs) {
    if (!args) return { kind: spec.noArgs } as Command;
    // "继续加强…" is an answer, not a command; "/next foo" is a mistake.
    return slash ? invalid(spec.name, `「${spec.name}」不需要参数，直接发送“${spec.name}”即可`) : null;
  }
  return spec.parse!(args, input);
}
