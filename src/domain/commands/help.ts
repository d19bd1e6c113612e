// The commands as 帮助 lists them, grouped by task: name, slash alias, an example and what it does.

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
