import { describe, expect, it } from "vitest";
import { sectionPromptCard } from "../../cards/section-prompt.card.js";
import { buttonsOf, findAll, inspectCard, textOf } from "./card-rules.js";
import { promptProps } from "./fixtures.js";

function valid(c: unknown) {
  const r = inspectCard(c);
  expect(r.violations).toEqual([]);
  return r;
}

describe("sectionPromptCard", () => {
  it("shows what to write, guidance with ✓ marks, folded example, current text and owner", () => {
    const c = sectionPromptCard(promptProps());
    valid(c);
    expect(c.header.title.content).toBe("一（二） 深化“放管服”改革");
    expect(c.header.subtitle?.content).toBe("第 3/14 节 · 请填写本节");
    expect(c.header.template).toBe("blue");
    const text = textOf(c);
    expect(text).toContain("**写什么**\n写明本年度在简政放权、放管结合、优化服务方面的主要举措、数量和成效。");
    expect(text).toContain("**建议涵盖的要点**（已涉及 2/3）");
    expect(text).toContain("<font color='green'>✓</font> 行政审批制度改革");
    expect(text).toContain("○ “一网通办”与政务服务");
    expect(text).toContain("**当前内容**（24/400 字）\n全年取消行政许可事项 12 项，下放区级权限 23 项。");
    expect(text).toContain("负责人：<at id=");
    expect(text).toContain("较长内容请直接回复本卡片发送消息");
    const example = findAll(c, (o) => o["tag"] === "collapsible_panel");
    expect(example).toHaveLength(1);
    expect(example[0]!["expanded"]).toBe(false);
    expect(c).toMatchSnapshot();
  });

  it("puts the answer form at the body root with answer (≤1000), mode and a 保存 submit", () => {
    const c = sectionPromptCard(promptProps());
    valid(c);
    const forms = c.body.elements.filter((e) => e.tag === "form");
    expect(forms).toHaveLength(1);
    const f = forms[0]!;
    if (f.tag !== "form") throw new Error("unreachable");
    const answer = f.elements.find((e) => e.tag === "input");
    // Prefilled with the current text (it fits the input), so a correction is an edit; 替换 preselected.
    expect(answer).toMatchObject({ name: "answer", input_type: "multiline_text", max_length: 1000, required: true, default_value: "全年取消行政许可事项 12 项，下放区级权限 23 项。" });
    const mode = f.elements.find((e) => e.tag === "select_static");
    expect(mode).toMatchObject({ name: "mode", initial_index: 2 });
    if (mode?.tag === "select_static") expect(mode.options.map((o) => o.value)).toEqual(["append", "replace"]);
    const b = buttonsOf(c);
    expect(b.map((x) => x.text)).toEqual(["保存", "跳过", "上一节", "查看进度"]);
    expect(b[0]).toMatchObject({ submit: true, action: { v: 1, a: "save_answer", r: "rep_2023_nanan", s: "measures.reform", rv: 17 } });
    expect(b[1]!.action).toEqual({ v: 1, a: "skip", r: "rep_2023_nanan", s: "measures.reform", rv: 17 });
    expect(b[2]!.action).toEqual({ v: 1, a: "back", r: "rep_2023_nanan", s: "measures.reform", rv: 17 });
    expect(b[3]!.action).toEqual({ v: 1, a: "status", r: "rep_2023_nanan", rv: 17 });
  });

  it("first empty section: no 上一节, 尚未填写, replace preselected when asked", () => {
    const c = sectionPromptCard(promptProps({ currentText: undefined, hasPrevious: false, status: "empty", defaultMode: "replace", topics: [{ label: "无标记" }] }));
    valid(c);
    expect(buttonsOf(c).map((x) => x.text)).toEqual(["保存", "跳过", "查看进度"]);
    expect(textOf(c)).toContain("**当前内容**：尚未填写");
    expect(textOf(c)).toContain("**建议涵盖的要点**\n• 无标记");
    expect(findAll(c, (o) => o["tag"] === "select_static")[0]!["initial_index"]).toBe(2);
    expect(c).toMatchSnapshot();
  });

  it("a part's prompt lists its sub-sections as aspects to cover, the written ones ticked, and says it may be pasted whole", () => {
    const c = sectionPromptCard(
      promptProps({
        sectionKey: "measures",
        label: "一",
        title: "主要举措和成效",
        currentText: undefined,
        status: "empty",
        aspects: [
          { label: "一（一）", title: "学习贯彻习近平法治思想", written: true },
          { label: "一（二）", title: "深化“放管服”改革，优化营商环境" },
          { label: "一（三）", title: "加强制度建设<script>" },
        ],
      }),
    );
    valid(c);
    const text = textOf(c);
    expect(text).toContain("**建议涵盖的方面**\n<font color='green'>✓</font> 一（一）学习贯彻习近平法治思想\n• 一（二）深化“放管服”改革，优化营商环境\n• 一（三）加强制度建设&#60;script&#62;");
    expect(text).toContain("可整段粘贴本部分");
    expect(c).toMatchSnapshot();
  });

  it("shows an approver's return comment and turns orange", () => {
    const c = sectionPromptCard(promptProps({ returnComment: { by: { openId: "ou_leader" }, at: "1月10日", comment: "请补充[具体数字]" } }));
    valid(c);
    expect(c.header.template).toBe("orange");
    expect(textOf(c)).toContain("↩️ **<at id=ou_leader></at> 的退回意见**（1月10日）\n> 请补充&#91;具体数字&#93;");
  });

  it("truncates a 10 000-character current text into a folded panel with a note", () => {
    const long = "全面推进严格规范公正文明执法，".repeat(667).slice(0, 10000);
    const c = sectionPromptCard(promptProps({ currentText: long, status: "complete" }));
    const r = valid(c);
    expect(r.bytes).toBeLessThanOrEqual(30 * 1024);
    const panels = findAll(c, (o) => o["tag"] === "collapsible_panel");
    const current = panels.find((p) => JSON.stringify(p).includes("当前内容"))!;
    expect(current["expanded"]).toBe(false);
    const text = textOf(c);
    expect(text).toContain("📝 当前内容（10,000/400 字）");
    expect(text).toContain("仅显示前 1,500 字（共 10,000 字）");
    expect(text).not.toContain(long.slice(0, 1600));
  });

  it("carries the section's version on 保存 (freshness per section)", () => {
    const c = sectionPromptCard(promptProps({ sectionVersion: 4 }));
    expect(buttonsOf(c)[0]!.action).toEqual({ v: 1, a: "save_answer", r: "rep_2023_nanan", s: "measures.reform", rv: 17, sv: 4 });
  });

  it("text over the input limit is not prefilled (it would be cut): a note says to reply instead, 追加 preselected", () => {
    const long = "全面推进严格规范公正文明执法。".repeat(80);
    const c = sectionPromptCard(promptProps({ currentText: long }));
    valid(c);
    const input = findAll(c, (o) => o["tag"] === "input")[0]!;
    expect(input["default_value"]).toBeUndefined();
    expect(findAll(c, (o) => o["tag"] === "select_static")[0]!["initial_index"]).toBe(1);
    expect(textOf(c)).toContain("超过表单上限（1,000 字），未预填");
  });

  it("a draft that could not be saved goes back into the input, with the note why", () => {
    const c = sectionPromptCard(promptProps({ draft: { text: "我刚才输入的内容", note: "保存前，本节已被李四更新，没有替换。" } }));
    valid(c);
    expect(findAll(c, (o) => o["tag"] === "input")[0]!["default_value"]).toBe("我刚才输入的内容");
    expect(textOf(c)).toContain("⚠️ 保存前，本节已被李四更新，没有替换。");
  });

  it("locked (in approval): the text read-only with a note, no form, no skip", () => {
    const c = sectionPromptCard(promptProps({ locked: "报告正在审批中，内容只读。" }));
    valid(c);
    expect(findAll(c, (o) => o["tag"] === "form")).toEqual([]);
    expect(buttonsOf(c).map((b) => b.text)).toEqual(["查看进度"]);
    expect(textOf(c)).toContain("🔒 报告正在审批中，内容只读。");
    expect(textOf(c)).toContain("全年取消行政许可事项 12 项");
    expect(c.header.subtitle?.content).toContain("只读");
    expect(c).toMatchSnapshot();
  });

  it("escapes user text so it cannot inject markup", () => {
    const c = sectionPromptCard(promptProps({ currentText: "<at id=all></at> **粗体** [链接](https://x.example)" }));
    valid(c);
    const text = textOf(c);
    expect(text).not.toContain("<at id=all>");
    expect(text).toContain("&#60;at id=all&#62;&#60;/at&#62; &#42;&#42;粗体&#42;&#42;");
  });
});
