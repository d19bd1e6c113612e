// The cards of the clerk's path: asking what a message meant, the history with 恢复, the export card naming gaps,
// help grouped by task.
import { describe, expect, it } from "vitest";
import { helpCard } from "../../cards/help.card.js";
import { historyCard } from "../../cards/history.card.js";
import { intentCard } from "../../cards/intent.card.js";
import { reportReadyCard } from "../../cards/report-ready.card.js";
import { COMMAND_HELP, HELP_GROUPS } from "../../src/domain/commands/help.js";
import { buttonsOf, findAll, inspectCard, textOf } from "./card-rules.js";

function valid(c: unknown) {
  const r = inspectCard(c);
  expect(r.violations).toEqual([]);
  return r;
}

describe("intentCard", () => {
  const base = { reportId: "rep_1", pendingId: "om_abc123", text: "截至 2026-12-20", target: "一（二）深化“放管服”改革" };

  it("suggest: 你是想：… 吗？ [是] [不是，作为正文保存], the text quoted", () => {
    const c = intentCard({ ...base, variant: "suggest", command: "截止 2026-12-20" });
    valid(c);
    const text = textOf(c);
    expect(text).toContain("你是想：**截止 2026-12-20** 吗？");
    expect(text).toContain("> 截至 2026-12-20");
    expect(text).toContain("保存到「一（二）深化“放管服”改革」");
    expect(buttonsOf(c).map((b) => [b.text, b.action])).toEqual([
      ["是", { v: 1, a: "intent_run", r: "rep_1", p: "om_abc123" }],
      ["不是，作为正文保存", { v: 1, a: "intent_text", r: "rep_1", p: "om_abc123" }],
    ]);
    expect(c).toMatchSnapshot();
  });

  it("without a place to save, no 作为正文保存", () => {
    const c = intentCard({ ...base, target: undefined, variant: "suggest", command: "截止 2026-12-20" });
    expect(buttonsOf(c).map((b) => b.text)).toEqual(["是"]);
  });

  it("invalid and unclear offer to save as text; confirm asks with a danger button", () => {
    const inv = intentCard({ ...base, variant: "invalid", message: "日期格式应为 2026-11-20" });
    valid(inv);
    expect(textOf(inv)).toContain("日期格式应为 2026-11-20");
    expect(buttonsOf(inv).map((b) => b.text)).toEqual(["作为正文保存"]);
    const un = intentCard({ ...base, text: "你好", variant: "unclear" });
    valid(un);
    expect(textOf(un)).toContain("要把它作为正文保存到「一（二）深化“放管服”改革」吗？");
    const conf = intentCard({ reportId: "rep_1", pendingId: "om_abc123_c", text: "截止 2020-01-01", variant: "confirm", question: "内部截止日期 2020年1月1日 已经过去。仍要设置吗？", confirm: "仍然设置" });
    valid(conf);
    expect(buttonsOf(conf)).toMatchObject([{ text: "仍然设置", action: { a: "intent_run", p: "om_abc123_c" } }]);
  });

  it("choose: one button per section (at most eight), each carrying its report and section", () => {
    const sections = Array.from({ length: 10 }, (_, i) => ({ reportId: i < 5 ? "rep_1" : "rep_2", key: `measures.s${i}`, heading: `一（${i + 1}）第 ${i + 1} 小节` }));
    const c = intentCard({ ...base, target: undefined, variant: "choose", sections });
    valid(c);
    const b = buttonsOf(c);
    expect(b).toHaveLength(8);
    expect(b[6]!.action).toEqual({ v: 1, a: "intent_text", r: "rep_2", s: "measures.s6", p: "om_abc123" });
  });

  it("resolved: says what was done, no buttons", () => {
    const c = intentCard({ variant: "resolved", text: "截至 2026-12-20", outcome: "已执行「截止 2026-12-20」。" });
    valid(c);
    expect(buttonsOf(c)).toEqual([]);
    expect(textOf(c)).toContain("已执行「截止 2026-12-20」。");
  });
});

describe("historyCard", () => {
  it("numbers versions and puts a 恢复 button on the restorable recent ones", () => {
    const revisions = Array.from({ length: 14 }, (_, i) => ({
      n: i + 1,
      at: `11月${i + 1}日 09:30`,
      author: { openId: "ou_zhang" },
      action: (i === 3 ? "removed" : i === 0 ? "added" : "replaced") as "added" | "replaced" | "removed",
      text: i === 3 ? "" : `第 ${i + 1} 稿`,
      restoredFrom: i === 12 ? 2 : null,
      restorable: i !== 3 && i !== 13,
    }));
    const c = historyCard({ heading: "二、存在的不足", reportId: "rep_1", sectionKey: "shortcomings", label: "二", revisions });
    valid(c);
    const text = textOf(c);
    expect(text).toContain("**第 1 版** 11月1日 09&#58;30 <at id=ou_zhang></at> 新增：第 1 稿");
    expect(text).toContain("**第 13 版**");
    expect(text).toContain("恢复第 2 版");
    expect(text).toContain("也可发送“恢复 二 &#60;版本号&#62;”");
    // The 10 most recent get their own line; 14 (current) has no button.
    const b = buttonsOf(c);
    expect(b.map((x) => x.action!.n)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(b[0]!.action).toEqual({ v: 1, a: "restore", r: "rep_1", s: "shortcomings", n: 5 });
    expect(findAll(c, (o) => o["tag"] === "collapsible_panel")).toHaveLength(1); // 较早的 4 个版本
  });

  it("without report and section, no buttons", () => {
    const c = historyCard({ heading: "开头", revisions: [{ at: "1月1日 08:00", author: { openId: "ou_a" }, action: "added", text: "x", restorable: true }] });
    expect(buttonsOf(c)).toEqual([]);
  });
});

describe("reportReadyCard with gaps", () => {
  it("names unfinished parts and placeholders by section, with 查看进度", () => {
    const c = reportReadyCard({
      title: "t",
      version: 2,
      hash: "abc",
      docxUrl: "https://x.example/a.docx",
      gaps: { summary: "待补充 1 个部分、占位 1 处", lines: ["待补充 · 四、2024年工作思路：未填写", "占位 · 五、其他需要报告的情况：「***件」"] },
      report: { id: "rep_1", stateVersion: 9 },
    });
    valid(c);
    const text = textOf(c);
    expect(text).toContain("尚未完成：待补充 1 个部分、占位 1 处");
    expect(text).toContain("· 待补充 · 四、2024年工作思路：未填写");
    expect(text).toContain("「&#42;&#42;&#42;件」");
    expect(c.header.template).toBe("orange");
    expect(buttonsOf(c).map((b) => b.text)).toEqual(["下载 Word（.docx）", "查看进度"]);
  });
});

describe("help", () => {
  it("the real commands, grouped by task in the order 填写 · 分工 · 进度与导出 · 审批 · 设置", () => {
    const c = helpCard({ commands: COMMAND_HELP, prefix: "@汇报 " });
    valid(c);
    const json = JSON.stringify(c);
    const at = HELP_GROUPS.map((g) => json.indexOf(`【${g}】`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(textOf(c)).toContain("@汇报 恢复");
    expect(new Set(COMMAND_HELP.map((x) => x.group))).toEqual(new Set(HELP_GROUPS));
  });
});
