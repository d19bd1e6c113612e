import { describe, expect, it } from "vitest";
import type { Command } from "../../src/domain/commands/command.js";
import { COMMAND_HELP } from "../../src/domain/commands/help.js";
import { parseCommand } from "../../src/domain/commands/parse.js";
import { parseDate } from "../../src/domain/commands/tokens.js";

const mentions = [
  { key: "@_user_1", openId: "ou_zhang", name: "张三" },
  { key: "@_user_2", openId: "ou_li", name: "李四" },
  { key: "@_user_3", openId: "ou_wang", name: "王五" },
  { key: "@_user_4", openId: "ou_zhao", name: "赵六" },
];
const p = (text: string): Command => parseCommand({ text, mentions });

function expectInvalid(text: string, command: string, messagePart: string | RegExp) {
  const r = p(text);
  expect(r.kind).toBe("invalid");
  if (r.kind === "invalid") {
    expect(r.command).toBe(command);
    if (typeof messagePart === "string") expect(r.message).toContain(messagePart);
    else expect(r.message).toMatch(messagePart);
    // Messages are in Chinese.
    expect(r.message).toMatch(/[\u4e00-\u9fff]/);
  }
}

describe("parseDate", () => {
  it("accepts YYYY-MM-DD and YYYY年M月D日 and normalises", () => {
    expect(parseDate("2026-11-20")).toEqual({ ok: true, date: "2026-11-20" });
    expect(parseDate("2026年1月5日")).toEqual({ ok: true, date: "2026-01-05" });
    expect(parseDate("２０２６－１１－２０")).toEqual({ ok: true, date: "2026-11-20" });
    expect(parseDate("2028-02-29")).toEqual({ ok: true, date: "2028-02-29" });
  });
  it.each(["2026-02-29", "2026-13-01", "2026-04-31", "2026-00-10", "2100-01-01"])("rejects impossible date %s", (s) => {
    const r = parseDate(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("不是有效的日期");
  });
  it.each(["2026/11/20", "2026-1-5", "11月20日", "明天", "20261120"])("rejects format %s", (s) => {
    const r = parseDate(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("日期格式应为 2026-11-20");
  });
});

describe("parseCommand: report setup", () => {
  it("新建报告 with and without template", () => {
    expect(p("新建报告 南岸区交通局关于2026年法治政府建设情况的报告")).toEqual({
      kind: "new_report",
      title: "南岸区交通局关于2026年法治政府建设情况的报告",
      template: null,
    });
    expect(p("新建报告 2026年度报告 模板 法治政府建设年度报告")).toEqual({
      kind: "new_report",
      title: "2026年度报告",
      template: "法治政府建设年度报告",
    });
    expect(p("/new 2026年度报告 template fazhi-annual")).toEqual({ kind: "new_report", title: "2026年度报告", template: "fazhi-annual" });
    expect(p("新建报告")).toEqual({ kind: "new_report", title: null, template: null });
    expect(p("新建报告　模板：法治政府建设年度报告")).toEqual({ kind: "new_report", title: null, template: "法治政府建设年度报告" });
  });

  it("模板 / 报告列表 / 报告", () => {
    expect(p("模板")).toEqual({ kind: "templates" });
    expect(p("/templates")).toEqual({ kind: "templates" });
    expect(p("报告列表")).toEqual({ kind: "reports" });
    expect(p("/reports")).toEqual({ kind: "reports" });
    expect(p("报告 2")).toEqual({ kind: "use", target: { by: "index", index: 2 } });
    expect(p("报告2")).toEqual({ kind: "use", target: { by: "index", index: 2 } });
    expect(p("报告 第３份")).toEqual({ kind: "use", target: { by: "index", index: 3 } });
    expect(p("/use 南岸区2026年报告")).toEqual({ kind: "use", target: { by: "title", title: "南岸区2026年报告" } });
    expectInvalid("报告", "报告", "序号");
  });

  it("截止 / 提交截止", () => {
    expect(p("截止 2026-11-20")).toEqual({ kind: "deadline", internal: "2026-11-20", submission: null });
    expect(p("截止：2026年11月20日")).toEqual({ kind: "deadline", internal: "2026-11-20", submission: null });
    expect(p("截止2026-11-20")).toEqual({ kind: "deadline", internal: "2026-11-20", submission: null });
    expect(p("截止 2026-11-20 提交 2026-12-01")).toEqual({ kind: "deadline", internal: "2026-11-20", submission: "2026-12-01" });
    expect(p("/deadline 2026-11-20 submit 2027-03-01")).toEqual({ kind: "deadline", internal: "2026-11-20", submission: "2027-03-01" });
    expect(p("截止 2026 年 11 月 20 日")).toEqual({ kind: "deadline", internal: "2026-11-20", submission: null });
    expect(p("提交截止 2027-03-01")).toEqual({ kind: "submission_deadline", date: "2027-03-01" });
    expect(p("/submission-deadline 2027年3月1日")).toEqual({ kind: "submission_deadline", date: "2027-03-01" });
    expectInvalid("截止 11月20日", "截止", "日期格式应为 2026-11-20");
    expectInvalid("截止 2026-02-30", "截止", "不是有效的日期");
    expectInvalid("截止", "截止", "例如：截止 2026-11-20");
    expectInvalid("截止 2026-12-01 提交 2026-11-20", "截止", "应不晚于");
    expectInvalid("/deadline tomorrow", "截止", "日期格式应为");
    expectInvalid("提交截止 下周", "提交截止", "日期格式应为");
  });

  it("发文机关 / 年度 / 报告标题", () => {
    expect(p("发文机关 重庆市南岸区交通局")).toEqual({ kind: "office", name: "重庆市南岸区交通局" });
    expect(p("/office “南岸区交通局”")).toEqual({ kind: "office", name: "南岸区交通局" });
    expectInvalid("发文机关", "发文机关", "请写明发文机关名称");
    expect(p("年度 2026")).toEqual({ kind: "year", year: 2026 });
    expect(p("年度2026年")).toEqual({ kind: "year", year: 2026 });
    expect(p("/year ２０２５")).toEqual({ kind: "year", year: 2025 });
    expectInvalid("年度 26", "年度", "四位数字");
    expectInvalid("/year 1999", "年度", "2000 到 2099");
    expect(p("报告标题 关于2026年法治政府建设情况的报告")).toEqual({ kind: "report_title", title: "关于2026年法治政府建设情况的报告" });
    expect(p("/report-title 关于2026年度法治政府建设工作情况的报告")).toEqual({
      kind: "report_title",
      title: "关于2026年度法治政府建设工作情况的报告",
    });
    expectInvalid("报告标题", "报告标题", "请写明报告标题");
  });
});

describe("parseCommand: outline", () => {
  it("标题 with section addresses in several forms", () => {
    expect(p("标题 一（二） 持续深化“放管服”改革")).toEqual({ kind: "title", section: "一（二）", title: "持续深化“放管服”改革" });
    expect(p("标题 一(二)持续深化改革")).toEqual({ kind: "title", section: "一(二)", title: "持续深化改革" });
    expect(p("标题 1.2 持续深化改革")).toEqual({ kind: "title", section: "1.2", title: "持续深化改革" });
    expect(p("/title 一 头雁领航，法治政府建设不断推进")).toEqual({ kind: "title", section: "一", title: "头雁领航，法治政府建设不断推进" });
    expect(p("标题 measures.study 学习贯彻习近平法治思想")).toEqual({ kind: "title", section: "measures.study", title: "学习贯彻习近平法治思想" });
    expect(p("标题　第三部分　强化第一责任人职责")).toEqual({ kind: "title", section: "第三部分", title: "强化第一责任人职责" });
    expectInvalid("标题 一", "标题", "请写明章节和新标题");
    expectInvalid(`标题 一 ${"长".repeat(61)}`, "标题", "60");
  });

  it("顺序 by labels or by name", () => {
    expect(p("顺序 三 一 二 四 五")).toEqual({ kind: "order", parts: ["三", "一", "二", "四", "五"] });
    expect(p("顺序 三、一、二、四、五")).toEqual({ kind: "order", parts: ["三", "一", "二", "四", "五"] });
    expect(p("顺序 三一二四五")).toEqual({ kind: "order", parts: ["三", "一", "二", "四", "五"] });
    expect(p("/order 3 1 2 4 5")).toEqual({ kind: "order", parts: ["3", "1", "2", "4", "5"] });
    expect(p("顺序 第一责任人第二")).toEqual({ kind: "order", parts: ["第一责任人第二"] });
    expectInvalid("顺序 三 三 二 四 五", "顺序", "重复");
    expectInvalid("顺序", "顺序", "顺序 一 三 二 四 五");
  });

  it("增加 / 删除 / 跳到 / 历史", () => {
    expect(p("增加 一 推进数字法治建设")).toEqual({ kind: "add", part: "一", title: "推进数字法治建设" });
    expect(p("添加 二 观念的不足")).toEqual({ kind: "add", part: "二", title: "观念的不足" });
    expect(p("/add 1 推进数字法治建设")).toEqual({ kind: "add", part: "1", title: "推进数字法治建设" });
    expectInvalid("增加 一", "增加", "请写明部分和小标题");
    expect(p("删除 一（三）")).toEqual({ kind: "remove", section: "一（三）" });
    expect(p("/remove 1.3")).toEqual({ kind: "remove", section: "1.3" });
    expectInvalid("删除", "删除", "请写明章节");
    expect(p("跳到 三")).toEqual({ kind: "goto", section: "三" });
    expect(p("/goto 开头")).toEqual({ kind: "goto", section: "开头" });
    expectInvalid("/goto", "跳到", "请写明章节");
    expect(p("历史 一（二）")).toEqual({ kind: "history", section: "一（二）" });
    expect(p("历史")).toEqual({ kind: "history", section: null });
    expect(p("/history 2")).toEqual({ kind: "history", section: "2" });
  });
});

describe("parseCommand: people", () => {
  it("分配 resolves mentions to openIds", () => {
    expect(p("分配 一（二） @_user_1")).toEqual({
      kind: "assign",
      section: "一（二）",
      assignees: [{ openId: "ou_zhang", name: "张三" }],
    });
    expect(p("/assign 三 @_user_1 @_user_2 @_user_1")).toEqual({
      kind: "assign",
      section: "三",
      assignees: [
        { openId: "ou_zhang", name: "张三" },
        { openId: "ou_li", name: "李四" },
      ],
    });
    expect(p("分配 一（二） 给 @_user_3")).toMatchObject({ kind: "assign", section: "一（二）" });
    expectInvalid("分配 一（二）", "分配", "请 @ 要负责该章节的人");
    expectInvalid("分配 @_user_1", "分配", "请写明章节");
    expectInvalid("分配 一 @_user_9", "分配", "无法识别提及的人");
    expectInvalid("分配 一 @_all", "分配", "所有人");
  });

  it("a mention Lark gives no open_id is refused by name (分配 and 审批人), never taken as a person", () => {
    const withUnknown = [...mentions, { key: "@_user_5", openId: "", name: "外部人员" }];
    for (const text of ["分配 一 @_user_1 @_user_5", "审批人 @_user_1 > @_user_5"]) {
      const r = parseCommand({ text, mentions: withUnknown });
      expect(r).toMatchObject({ kind: "invalid", message: expect.stringContaining("无法识别 外部人员") });
    }
  });

  it("placeholders are whole tokens: @_user_1 is not the start of @_user_10", () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ key: `@_user_${i + 1}`, openId: `ou_${i + 1}`, name: `人${i + 1}` }));
    const r = parseCommand({ text: "分配 一 @_user_10 @_user_11 @_user_1", mentions: many });
    expect(r).toMatchObject({ kind: "assign", assignees: [{ openId: "ou_10" }, { openId: "ou_11" }, { openId: "ou_1" }] });
  });

  it("审批人 splits levels on > and ＞", () => {
    expect(p("审批人 @_user_1 > @_user_2 @_user_3 ＞ @_user_4")).toEqual({
      kind: "approvers",
      levels: [
        [{ openId: "ou_zhang", name: "张三" }],
        [
          { openId: "ou_li", name: "李四" },
          { openId: "ou_wang", name: "王五" },
        ],
        [{ openId: "ou_zhao", name: "赵六" }],
      ],
    });
    expect(p("/approvers @_user_1")).toEqual({ kind: "approvers", levels: [[{ openId: "ou_zhang", name: "张三" }]] });
    expectInvalid("审批人 @_user_1 > > @_user_2", "审批人", "第 2 级没有审批人");
    expectInvalid("审批人 @_user_1 > 局长", "审批人", "「局长」无法识别");
    expectInvalid("审批人 @_user_1 > @_user_1", "审批人", "张三 出现了不止一次");
    expectInvalid("审批人", "审批人", "请 @ 审批人");
  });
});

describe("parseCommand: flow and approval", () => {
  it.each<[string, Command["kind"]]>([
    ["继续", "next"],
    ["下一节", "next"],
    ["继续。", "next"],
    ["/next", "next"],
    ["上一节", "back"],
    ["/back", "back"],
    ["跳过", "skip"],
    ["/skip", "skip"],
    ["撤销", "undo"],
    ["/undo", "undo"],
    ["帮助", "help"],
    ["/help", "help"],
    ["／HELP", "help"],
    ["进度", "status"],
    ["/status", "status"],
    ["提交审批", "submit"],
    ["/submit", "submit"],
    ["撤回审批", "withdraw"],
    ["/withdraw", "withdraw"],
    ["重新打开", "reopen"],
    ["/reopen", "reopen"],
    ["审批记录", "audit"],
    ["/audit", "audit"],
    ["  继续  ", "next"],
  ])("%s → %s", (text, kind) => {
    expect(p(text)).toEqual({ kind });
  });

  it("导出 / 暂停提醒", () => {
    expect(p("导出")).toEqual({ kind: "export", asFile: false });
    expect(p("导出 文件")).toEqual({ kind: "export", asFile: true });
    expect(p("/export docx")).toEqual({ kind: "export", asFile: true });
    expectInvalid("导出 PDF", "导出", "导出 文件");
    expect(p("暂停提醒 3天")).toEqual({ kind: "snooze", days: 3 });
    expect(p("暂停提醒3天")).toEqual({ kind: "snooze", days: 3 });
    expect(p("暂停提醒 三天")).toEqual({ kind: "snooze", days: 3 });
    expect(p("/snooze 7")).toEqual({ kind: "snooze", days: 7 });
    expectInvalid("暂停提醒", "暂停提醒", "1 到 30 天");
    expectInvalid("暂停提醒 60天", "暂停提醒", "1 到 30 天");
    expectInvalid("/snooze 0", "暂停提醒", "1 到 30 天");
  });

  it("no-arg slash commands reject arguments; unknown slash commands are invalid", () => {
    expectInvalid("/next 三", "继续", "不需要参数");
    expectInvalid("/frobnicate", "/frobnicate", "未知命令「/frobnicate」");
  });
});

describe("parseCommand: ordinary answers are not commands", () => {
  it.each([
    "继续加强法治宣传教育，营造良好氛围。",
    "报告期内，我局共办理行政许可2810件。",
    "无",
    "无。",
    "标题党现象需要整治。",
    "截止目前，共处理信访案件100余件。",
    "截止 目前，共处理信访案件100余件。",
    "历史 文化街区执法检查开展 3 次。",
    "年度2023完成整改3681起。",
    "报告2023年度工作，",
    "一、2023年推进法治政府建设的主要举措和成效\n（一）深入学习贯彻党的二十大精神",
    "删除\n冗余的审批环节",
    "/ 2023年工作",
    "",
    "   ",
  ])("%j", (text) => {
    expect(p(text)).toEqual({ kind: "not_command" });
  });

  it("a long single line starting with a keyword is an answer", () => {
    expect(p(`报告 ${"我局持续推进简政放权".repeat(20)}`)).toEqual({ kind: "not_command" });
  });
});

describe("COMMAND_HELP", () => {
  it("lists every command once, and every example parses to a command", () => {
    const names = COMMAND_HELP.map((h) => h.command);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(29);
    for (const h of COMMAND_HELP) {
      expect(h.alias.startsWith("/")).toBe(true);
      const withMentions = h.example.replace(/@科长/, "@_user_1").replace(/@副局长/, "@_user_2").replace(/@局长/, "@_user_3").replace(/@张三/, "@_user_1");
      const r = p(withMentions);
      expect(r.kind, h.example).not.toBe("invalid");
      expect(r.kind, h.example).not.toBe("not_command");
      const viaAlias = p(h.alias);
      expect(viaAlias.kind === "not_command", h.alias).toBe(false);
    }
  });
});
