import { describe, expect, it } from "vitest";
import { overviewCard } from "../../cards/overview.card.js";
import { buttonsOf, findAll, inspectCard, textOf } from "./card-rules.js";
import { largestOverview, openId, smallOverview } from "./fixtures.js";

function valid(c: unknown) {
  const r = inspectCard(c);
  expect(r.violations).toEqual([]);
  return r;
}

describe("overviewCard", () => {
  it("collecting: progress, deadlines, owners and the three actions", () => {
    const c = overviewCard(smallOverview());
    valid(c);
    expect(c.header.template).toBe("blue");
    expect(c.header.title.content).toBe("南岸区人民政府关于2023年度法治政府建设情况的报告");
    expect(c.header.text_tag_list?.map((t) => t.text.content)).toEqual(["收集中", "67%"]);
    const text = textOf(c);
    expect(text).toContain("4/6 部分完成 · 67%");
    expect(text).toContain("▓▓▓▓▓▓▓░░░ 67%");
    expect(text).toContain("距内部截止 5 个工作日（2024-01-15）");
    expect(text).toContain("距报送截止 16 个工作日（2024-01-31）");
    expect(text).toContain(`✅ **开头（导语）** · <at id=${openId(0)}></at> · 230 字`);
    expect(text).toContain("⚠️ 含占位符「XX」");
    expect(text).toContain("⬜ **四、2024年推进法治政府建设的主要安排** · <font color='grey'>未分配</font> · 0 字");
    expect(text).not.toContain("未获取到本年度节假日安排");
    const b = buttonsOf(c);
    expect(b.map((x) => x.text)).toEqual(["继续填写", "查看报告", "提交审批", "刷新"]);
    expect(b[0]!.action).toEqual({ v: 1, a: "next", r: "rep_2023_nanan", rv: 17 });
    expect(b[2]!.action).toEqual({ v: 1, a: "submit", r: "rep_2023_nanan", rv: 17 });
    expect(b[2]!.confirm).toBe(true); // incomplete → confirm before submitting
    expect(c).toMatchSnapshot();
  });

  it("complete report submits without a confirm dialog", () => {
    const p = smallOverview();
    const c = overviewCard({ ...p, parts: p.parts.map((x) => ({ ...x, status: "complete" as const, children: [] })), progress: { complete: 6, total: 6 } });
    valid(c);
    expect(textOf(c)).toContain("6/6 部分完成 · 100%");
    expect(buttonsOf(c).find((x) => x.text === "提交审批")!.confirm).toBe(false);
  });

  it("urgent deadline turns orange; overdue turns red with an 已逾期 tag", () => {
    const urgent = overviewCard(smallOverview({ deadlines: { internal: { date: "2024-01-15", workingDays: 2 } } }));
    valid(urgent);
    expect(urgent.header.template).toBe("orange");
    const late = overviewCard(smallOverview({ deadlines: { internal: { date: "2024-01-15", workingDays: -2 } } }));
    valid(late);
    expect(late.header.template).toBe("red");
    expect(late.header.text_tag_list?.map((t) => t.text.content)).toContain("已逾期");
    expect(textOf(late)).toContain("<font color='red'>内部截止已逾期 2 个工作日（2024-01-15）</font>");
  });

  it("returned report shows the approver's comment, escaped", () => {
    const c = overviewCard(
      smallOverview({
        returned: { by: { openId: "ou_leader", name: "区长" }, at: "1月10日", comment: "第一部分数字要核实 *务必*\n补充<述法>情况", sections: ["一、主要举措"] },
      }),
    );
    valid(c);
    expect(c.header.template).toBe("orange");
    const text = textOf(c);
    expect(text).toContain("↩️ **<at id=ou_leader></at> 退回修改**（1月10日）");
    expect(text).toContain("> 第一部分数字要核实 &#42;务必&#42;\n> 补充&#60;述法&#62;情况");
    expect(text).toContain("需修改：一、主要举措");
    expect(c.header.text_tag_list?.map((t) => t.text.content)).toContain("已退回");
  });

  it("in approval: violet, shows who still has to decide, no fill/submit buttons", () => {
    const c = overviewCard(
      smallOverview({
        status: "in_approval",
        approvals: [{ approver: { openId: "ou_a1" }, at: "1月11日" }],
        pendingApprovers: [{ openId: "ou_a2" }],
      }),
    );
    valid(c);
    expect(c.header.template).toBe("violet");
    expect(textOf(c)).toContain("等待审批：<at id=ou_a2></at>");
    expect(textOf(c)).not.toContain("距内部截止");
    expect(buttonsOf(c).map((x) => x.text)).toEqual(["查看报告", "刷新"]);
    expect(c).toMatchSnapshot();
  });

  it("approved: green, 已审定 by approvers", () => {
    const c = overviewCard(
      smallOverview({
        status: "approved",
        approvals: [
          { approver: { openId: "ou_a1" }, at: "1月11日" },
          { approver: { openId: "ou_a2" }, at: "1月12日" },
        ],
      }),
    );
    valid(c);
    expect(c.header.template).toBe("green");
    expect(textOf(c)).toContain("✅ **已审定**：<at id=ou_a1></at>（1月11日）、<at id=ou_a2></at>（1月12日）");
    expect(buttonsOf(c).map((x) => x.text)).toEqual(["查看报告", "刷新"]);
    expect(c).toMatchSnapshot();
  });

  it("disables 提交审批 with the reason when submitting is not possible", () => {
    const c = overviewCard(smallOverview({ submitDisabledReason: "尚未设置审批人" }));
    valid(c);
    const s = findAll(c, (o) => o["tag"] === "button" && (o["text"] as { content: string }).content === "提交审批")[0]!;
    expect(s["disabled"]).toBe(true);
    expect((s["disabled_tips"] as { content: string }).content).toBe("尚未设置审批人");
  });

  it("notes when the holiday calendar does not cover the year", () => {
    const c = overviewCard(smallOverview({ calendarNotCovered: true }));
    valid(c);
    expect(textOf(c)).toContain("未获取到本年度节假日安排，工作日按周一至周五计算。");
  });

  it("escapes user-defined headings", () => {
    const p = smallOverview();
    const c = overviewCard({ ...p, parts: [{ ...p.parts[0]!, heading: "一、[链接](http://x) _a_", children: [] }] });
    valid(c);
    expect(textOf(c)).toContain("一、&#91;链接&#93;&#40;http&#58;//x&#41; &#95;a&#95;");
  });

  it("largest report (5 × 12 sub-sections, warnings everywhere) stays within limits and lists every section", () => {
    const p = largestOverview();
    const c = overviewCard(p);
    const r = valid(c);
    expect(r.bytes).toBeLessThanOrEqual(30 * 1024);
    expect(r.components).toBeLessThanOrEqual(200);
    const text = textOf(c);
    for (const part of p.parts) {
      expect(text).toContain(part.heading);
      for (const child of part.children ?? []) {
        expect(text).toContain(child.heading);
        for (const o of child.owners ?? []) expect(text).toContain(`<at id=${o.openId}></at>`);
      }
    }
    // long lists are folded: every part with sub-sections is a collapsed panel
    const panels = findAll(c, (o) => o["tag"] === "collapsible_panel");
    expect(panels.length).toBeGreaterThanOrEqual(5);
    expect(panels.every((x) => x["expanded"] === false)).toBe(true);
    expect(text).toContain("⚠️ 提醒（25 条）");
    // too big for per-section warning text: degraded to counts rather than dropped
    expect(text).toContain("⚠️ 4 条提醒");
    expect(c.header.template).toBe("red");
  });
});
