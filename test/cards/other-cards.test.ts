import { describe, expect, it } from "vitest";
import { answerReceiptCard } from "../../cards/answer-receipt.card.js";
import { approvalCard, type ApprovalBase } from "../../cards/approval.card.js";
import { errorCard } from "../../cards/error.card.js";
import { helpCard } from "../../cards/help.card.js";
import { reminderCard, type Owe } from "../../cards/reminder.card.js";
import { reportReadyCard } from "../../cards/report-ready.card.js";
import { buttonsOf, findAll, inspectCard, textOf } from "./card-rules.js";
import { openId } from "./fixtures.js";

function valid(c: unknown) {
  const r = inspectCard(c);
  expect(r.violations).toEqual([]);
  return r;
}

const R = "rep_2023_nanan";

describe("answerReceiptCard", () => {
  const base = {
    reportId: R,
    stateVersion: 18,
    sectionKey: "measures.reform",
    heading: "一（二）深化“放管服”改革",
    mode: "append" as const,
    added: 230,
    total: 1230,
    minLength: 400,
    status: "complete" as const,
    author: { openId: "ou_li" },
    next: { key: "measures.law", heading: "一（三）严格规范公正文明执法" },
  };
  it("reports chars added/total, status and offers 下一节", () => {
    const c = answerReceiptCard(base);
    valid(c);
    expect(c.header.title.content).toBe("已保存：一（二）深化“放管服”改革");
    expect(textOf(c)).toContain("<at id=ou_li></at> 已追加 230 字，本节共 1,230/400 字 · ✅ 已完成");
    expect(textOf(c)).toContain("下一节：**一（三）严格规范公正文明执法**");
    const b = buttonsOf(c);
    expect(b[0]).toMatchObject({ text: "下一节", action: { v: 1, a: "next", r: R, s: "measures.reform", rv: 18 } });
    expect(c).toMatchSnapshot();
  });
  it("replace with warnings and no next section", () => {
    const c = answerReceiptCard({ ...base, mode: "replace", status: "attention", warnings: ["含占位符「XX」"], next: null });
    valid(c);
    expect(c.header.template).toBe("orange");
    expect(textOf(c)).toContain("已替换为 230 字");
    expect(textOf(c)).toContain("⚠️ 含占位符「XX」");
    expect(buttonsOf(c).map((x) => x.text)).toEqual(["查看进度"]);
  });
});

describe("helpCard", () => {
  const commands = [
    { command: "写 <节>", alias: ["填写"], example: "写 一（二）", description: "填写某一节", group: "填写" },
    { command: "下一节", description: "跳到下一节", group: "填写" },
    { command: "进度", alias: ["状态"], example: "进度", description: "查看完成情况", group: "查看" },
    { command: "导出", example: "导出 文件", description: "生成 Word 文件", group: "查看" },
    { command: "提交", description: "提交审批", group: "审批" },
    { command: "设置", description: "修改标题、截止日期", group: "设置" },
    { command: "帮助", description: "显示本帮助" },
  ];
  it("groups commands, shows aliases and examples, folds groups beyond three", () => {
    const c = helpCard({ commands, prefix: "@汇报 " });
    valid(c);
    const text = textOf(c);
    expect(text).toContain("**【填写】**\n**@汇报 写 &#60;节&#62;** — 填写某一节\n<font color='grey'>　别名：填写 · 例：@汇报 写 一（二）</font>");
    expect(text).toContain("**【查看】**");
    const panels = findAll(c, (o) => o["tag"] === "collapsible_panel");
    expect(panels).toHaveLength(2); // 设置, 其他
    expect(JSON.stringify(panels)).toContain("【其他】");
    expect(c.header.template).toBe("grey");
    expect(c).toMatchSnapshot();
  });
  it("accepts a single-string alias", () => {
    const c = helpCard({ commands: [{ command: "模板", alias: "/templates", example: "模板", description: "查看可用的报告模板" }] });
    valid(c);
    expect(textOf(c)).toContain("别名：/templates · 例：模板");
  });
  it("handles an empty list", () => {
    const c = helpCard({ commands: [] });
    valid(c);
    expect(textOf(c)).toContain("暂无可用命令。");
  });
});

describe("reminderCard", () => {
  const owes: Owe[] = [
    {
      person: { openId: "ou_zhang" },
      items: [
        { sectionKey: "measures.reform", heading: "一（二）深化“放管服”改革", issue: "thin", chars: 120, minLength: 400 },
        { sectionKey: "plans", heading: "四、2024年主要安排", issue: "empty" },
      ],
    },
    { person: { openId: "ou_li" }, items: [{ sectionKey: "duty", heading: "三、第一责任人职责", issue: "placeholders", placeholders: ["XX", "××"] }] },
  ];
  const base = { reportId: R, stateVersion: 18, title: "南岸区2023年度法治政府建设情况报告" };

  it("group reminder mentions each owner with what they owe and offers 继续填写", () => {
    const c = reminderCard({ ...base, variant: "group", owes, deadlines: { internal: { date: "1月15日", workingDays: 2 } } });
    valid(c);
    expect(c.header.template).toBe("orange");
    const text = textOf(c);
    expect(text).toContain("<at id=ou_zhang></at>：📝 一（二）深化“放管服”改革 内容偏少（120/400 字）；⬜ 四、2024年主要安排 未填写");
    expect(text).toContain("<at id=ou_li></at>：⚠️ 三、第一责任人职责 含占位符「XX」「××」");
    expect(text).toContain("距内部截止 2 个工作日（1月15日）");
    expect(buttonsOf(c)[0]).toMatchObject({ text: "继续填写", action: { v: 1, a: "continue", r: R, rv: 18 } });
    expect(c).toMatchSnapshot();
  });

  it("group reminder with many owners folds the rest and notes the Mon–Fri calendar", () => {
    const many: Owe[] = Array.from({ length: 30 }, (_, i) => ({
      person: { openId: openId(i) },
      items: Array.from({ length: 6 }, (_, j) => ({ sectionKey: `s${j}`, heading: `（${j}）小节`, issue: "empty" as const })),
    }));
    const c = reminderCard({ ...base, variant: "group", owes: many, calendarNotCovered: true });
    valid(c);
    const text = textOf(c);
    expect(text).toContain("等 6 项");
    expect(text).toContain("… 另有 15 位负责人");
    expect(text).toContain("工作日按周一至周五计算");
    expect(findAll(c, (o) => o["tag"] === "collapsible_panel")).toHaveLength(1);
  });

  it("the summary counts people: sections without an owner are listed but are not a person", () => {
    const withUnowned: Owe[] = [...owes, { person: { name: "未指定负责人" }, items: [{ sectionKey: "problems", heading: "二、存在的不足", issue: "empty" }], unowned: true }];
    const group = reminderCard({ ...base, variant: "group", owes: withUnowned });
    valid(group);
    expect(JSON.stringify(group)).toContain("填写提醒：2 位负责人待完善");
    expect(textOf(group)).toContain("未指定负责人：⬜ 二、存在的不足 未填写");
    const onlyUnowned = reminderCard({ ...base, variant: "escalation", owes: withUnowned.slice(2), escalateTo: [{ openId: "ou_lead" }] });
    valid(onlyUnowned);
    expect(JSON.stringify(onlyUnowned)).toContain("逾期提醒：有部分尚未指定负责人");
    expect(JSON.stringify(onlyUnowned)).not.toContain("1 位负责人");
  });

  it("private nudge lists the recipient's sections and continues at the first one", () => {
    const c = reminderCard({ ...base, variant: "private", items: owes[0]!.items, deadlines: { internal: { date: "1月15日", workingDays: 8 } } });
    valid(c);
    expect(c.header.title.content).toBe("待你完善：南岸区2023年度法治政府建设情况报告");
    expect(textOf(c)).toContain("📝 一（二）深化“放管服”改革 内容偏少（120/400 字）\n⬜ 四、2024年主要安排 未填写");
    expect(buttonsOf(c)[0]!.action).toEqual({ v: 1, a: "continue", r: R, s: "measures.reform", rv: 18 });
  });

  it("private nudge lists every section of a part's owner (a part has up to 20), where the group lists four and counts the rest", () => {
    const items = Array.from({ length: 20 }, (_, j) => ({ sectionKey: `measures.s${j}`, heading: `一（${j + 1}）小节${j + 1}`, issue: "empty" as const }));
    const c = reminderCard({ ...base, variant: "private", items });
    const r = valid(c);
    expect(r.bytes).toBeLessThanOrEqual(30 * 1024);
    const text = textOf(c);
    for (const it of items) expect(text).toContain(`⬜ ${it.heading} 未填写`);
    expect(text).not.toContain("等 20 项");
    const group = reminderCard({ ...base, variant: "group", owes: [{ person: { openId: "ou_zhang" }, items }] });
    expect(textOf(group)).toContain("等 20 项");
  });

  it("escalation names leaders and who is late, red header", () => {
    const c = reminderCard({
      ...base,
      variant: "escalation",
      owes,
      escalateTo: [{ openId: "ou_boss" }],
      deadlines: { internal: { date: "1月15日", workingDays: -3 } },
    });
    valid(c);
    expect(c.header.template).toBe("red");
    const text = textOf(c);
    expect(text).toContain("<at id=ou_boss></at> 以下负责人尚未完成，请关注：");
    expect(text).toContain("内部截止已逾期 3 个工作日");
    expect(buttonsOf(c).map((b) => b.text)).toEqual(["查看进度"]);
    expect(c).toMatchSnapshot();
  });
});

describe("approvalCard", () => {
  const base: ApprovalBase = { reportId: R, stateVersion: 21, approvalId: "apr_7", title: "南岸区2023年度法治政府建设情况报告", version: 3, level: { index: 1, total: 2 } };

  it("request: version, level, completeness, download and 同意 (confirm) / 退回", () => {
    const c = approvalCard({
      ...base,
      variant: "request",
      completeness: { complete: 5, total: 6, chars: 8420, warnings: 2 },
      submittedIncomplete: true,
      submittedBy: { openId: "ou_zhao" },
      submittedAt: "1月9日 09:30",
      downloadUrl: "https://files.example.gov.cn/r/abc.docx",
    });
    valid(c);
    expect(c.header.template).toBe("violet");
    expect(c.header.subtitle?.content).toBe("第 3 版 · 第 1/2 级");
    expect(c.header.text_tag_list?.map((t) => t.text.content)).toEqual(["第 1/2 级", "未完成提交"]);
    const text = textOf(c);
    expect(text).toContain("**完成度** 5/6 部分完成 · 83% · 共 8,420 字");
    expect(text).toContain("注意：报告在未全部完成时提交审批");
    const b = buttonsOf(c);
    expect(b.map((x) => x.text)).toEqual(["下载报告", "同意", "退回"]);
    expect(b[0]).toMatchObject({ url: "https://files.example.gov.cn/r/abc.docx" });
    expect(b[0]!.action).toBeUndefined();
    expect(b[1]).toMatchObject({ confirm: true, action: { v: 1, a: "approve", r: R, ap: "apr_7", rv: 21, ver: 3 } });
    expect(b[2]!.action).toEqual({ v: 1, a: "reject_open", r: R, ap: "apr_7", rv: 21, ver: 3 });
    expect(findAll(c, (o) => o["tag"] === "button" && o["text"] !== undefined && (o["text"] as { content: string }).content === "同意")[0]!["type"]).toBe("primary");
    // Warnings are not shown as a count of 提醒: what is missing is named by section (gaps).
    expect(text).not.toContain("提醒");
    expect(c).toMatchSnapshot();
  });

  it("request with gaps: unfinished parts and placeholders named by section before 同意, and a 查看进度 button", () => {
    const c = approvalCard({
      ...base,
      variant: "request",
      completeness: { complete: 4, total: 6 },
      submittedIncomplete: true,
      gaps: { summary: "待补充 1 个部分、占位 2 处", lines: ["待补充 · 四、2024年工作思路：未填写", "占位 · 五、其他需要报告的情况：「***件」「XX」"] },
    });
    valid(c);
    const text = textOf(c);
    expect(text).toContain("⚠️ **待补充 1 个部分、占位 2 处**");
    expect(text).toContain("· 五、其他需要报告的情况：「&#42;&#42;&#42;件」「XX」");
    expect(text.indexOf("待补充 · 四")).toBeGreaterThan(-1);
    expect(buttonsOf(c).map((b) => b.text)).toEqual(["查看进度", "同意", "退回"]);
    expect(buttonsOf(c)[0]!.action).toEqual({ v: 1, a: "status", r: R, rv: 21 });
    expect(JSON.stringify(c)).toContain("其中仍有待补充 1 个部分、占位 2 处");
  });

  it("decided: outcome, who, when, comment and no buttons", () => {
    const ok = approvalCard({ ...base, variant: "decided", outcome: "approved", by: { openId: "ou_boss" }, at: "1月10日 15:00", comment: "同意。", nextLevelPending: true });
    valid(ok);
    expect(ok.header.template).toBe("green");
    expect(textOf(ok)).toContain("✅ <at id=ou_boss></at> 已同意（1月10日 15&#58;00）");
    expect(textOf(ok)).toContain("已转下一级审批");
    expect(buttonsOf(ok)).toEqual([]);
    const no = approvalCard({ ...base, variant: "decided", outcome: "rejected", by: { openId: "ou_boss" }, at: "1月10日", comment: "数据需核实", sections: ["一、主要举措"] });
    valid(no);
    expect(no.header.template).toBe("orange");
    expect(textOf(no)).toContain("**意见**\n> 数据需核实");
    expect(textOf(no)).toContain("需修改：一、主要举措");
    expect(buttonsOf(no)).toEqual([]);
    expect(no).toMatchSnapshot();
  });

  it("reject form: required comment, section multi-select and a submit carrying reject", () => {
    const sections = Array.from({ length: 70 }, (_, i) => ({ key: `s${i}`, heading: `第 ${i} 节` }));
    const c = approvalCard({ ...base, variant: "reject_form", sections });
    valid(c);
    expect(findAll(c, (o) => o["tag"] === "input")[0]).toMatchObject({ name: "comment", required: true, max_length: 1000 });
    const ms = findAll(c, (o) => o["tag"] === "multi_select_static")[0]!;
    expect(ms["name"]).toBe("sections");
    expect((ms["options"] as unknown[]).length).toBe(60);
    expect(buttonsOf(c)[0]).toEqual({ text: "确认退回", submit: true, disabled: false, confirm: false, action: { v: 1, a: "reject", r: R, ap: "apr_7", rv: 21, ver: 3 } });
    // 取消 (outside the form) goes back to the 同意/退回 card.
    expect(c.body.elements.map((e) => e.tag)).toEqual(["form", "column_set"]);
    const cancel = buttonsOf(c).find((b) => b.text === "取消")!;
    expect(cancel).toMatchObject({ submit: false, action: { v: 1, a: "reject_cancel", r: R, ap: "apr_7", rv: 21, ver: 3 } });
    expect(approvalCard({ ...base, variant: "reject_form", sections: sections.slice(0, 3) })).toMatchSnapshot();
  });

  it("group notice variants", () => {
    const events = ["submitted", "approved", "final_approved", "rejected"] as const;
    const texts = events.map((event) => {
      const c = approvalCard({ ...base, variant: "notice", event, by: { openId: "ou_x" }, approvers: [{ openId: "ou_boss" }], comment: event === "rejected" ? "请修改" : undefined });
      valid(c);
      expect(buttonsOf(c)).toEqual([]);
      return [c.header.template, textOf(c)] as const;
    });
    expect(texts[0]![1]).toContain("📨 <at id=ou_x></at> 已提交第 3 版审批，请 <at id=ou_boss></at> 审阅（第 1/2 级）。");
    expect(texts[2]![0]).toBe("green");
    expect(texts[3]![0]).toBe("orange");
    expect(texts[3]![1]).toContain("> 请修改");
  });
});

describe("reportReadyCard", () => {
  it("shows version, short hash, download buttons and expiry", () => {
    const c = reportReadyCard({
      title: "南岸区2023年度法治政府建设情况报告",
      version: 3,
      hash: "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
      docxUrl: "https://files.example.gov.cn/r/abc.docx",
      mdUrl: "https://files.example.gov.cn/r/abc.md",
      generatedAt: "1月9日 09:30",
    });
    valid(c);
    const text = textOf(c);
    expect(text).toContain("**版本** 第 3 版 · 校验码 9f86d081");
    expect(text).toContain("链接 7 天内有效。");
    expect(text).toContain("导出 文件");
    expect(buttonsOf(c).map((b) => [b.text, b.url])).toEqual([
      ["下载 Word（.docx）", "https://files.example.gov.cn/r/abc.docx"],
      ["下载文本（.md）", "https://files.example.gov.cn/r/abc.md"],
    ]);
    expect(c).toMatchSnapshot();
  });
  it("without links says so and hides expiry", () => {
    const c = reportReadyCard({ title: "t", version: 1, hash: "abc", showFileOption: false });
    valid(c);
    expect(textOf(c)).toContain("暂无下载链接。");
    expect(textOf(c)).not.toContain("天内有效");
    expect(textOf(c)).not.toContain("导出 文件");
  });
});

describe("errorCard", () => {
  it("error: red header, escaped message and hint", () => {
    const c = errorCard({ message: "找不到小节 <一（九）>", hint: "发送“进度”查看所有小节", reference: "evt_123" });
    valid(c);
    expect(c.header.template).toBe("red");
    expect(c.header.title.content).toBe("出错了");
    expect(textOf(c)).toContain("找不到小节 &#60;一（九）&#62;");
    expect(textOf(c)).toContain("💡 发送“进度”查看所有小节");
    expect(textOf(c)).toContain("编号：evt&#95;123");
    expect(c).toMatchSnapshot();
  });
  it("warning: orange header with custom bilingual title", () => {
    const c = errorCard({ severity: "warning", title: { zh: "卡片已过期", en: "Card expired" }, message: { zh: "请刷新后再试", en: "Refresh and retry" } });
    valid(c);
    expect(c.header.template).toBe("orange");
    expect(c.header.title.i18n_content).toEqual({ zh_cn: "卡片已过期", en_us: "Card expired" });
  });
});

