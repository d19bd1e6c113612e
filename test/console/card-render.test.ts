// The console's renderer: real cards from cards/*.ts become HTML with every component type, escaped text,
// names for <at>, and data-* attributes carrying callback values.
import { describe, expect, it } from "vitest";
import { approvalCard } from "../../cards/approval.card.js";
import { helpCard } from "../../cards/help.card.js";
import { overviewCard } from "../../cards/overview.card.js";
import { sectionPromptCard } from "../../cards/section-prompt.card.js";
import { button, card, columns, column, div, hr, md, panel } from "../../cards/kit/elements.js";
import { datePicker, form, input, selectPerson, selectStatic } from "../../cards/kit/form.js";
import { renderCard } from "../../src/runtimes/node/console/render/card.js";
import { cssColor, escapeHtml, type RenderContext } from "../../src/runtimes/node/console/render/html.js";
import { renderMarkdown } from "../../src/runtimes/node/console/render/markdown.js";
import { messageSnippet, renderMessageBody } from "../../src/runtimes/node/console/render/message.js";
import { openId, promptProps, smallOverview } from "../cards/fixtures.js";

const names = new Map<string, string>([
  ["ou_console_clerk", "王科员"],
  ["ou_console_owner_li", "李科长"],
  [openId(1), "张伟"],
  [openId(2), "李娜"],
]);
const ctx: RenderContext = {
  nameOf: (id) => names.get(id),
  people: [
    { openId: "ou_console_clerk", name: "王科员" },
    { openId: "ou_console_owner_li", name: "李科长" },
  ],
};

/** Parses the HTML the way the browser would be asked to, just enough to check it is well nested. */
function balanced(html: string): boolean {
  const voids = new Set(["br", "hr", "input", "meta", "img"]);
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g)) {
    const [, close, tag] = m;
    if (voids.has(tag!)) continue;
    if (!close) stack.push(tag!);
    else if (stack.pop() !== tag) return false;
  }
  return stack.length === 0;
}

describe("renderMarkdown", () => {
  it("bold, italic, strike, code, links, colours, text tags and line structure", () => {
    const html = renderMarkdown(
      "**粗体** *斜体* ~~删除~~ `code`\n[链接](https://example.gov.cn/a?b=1&c=2)\n<font color='red'>红色</font> <font color='grey'>灰</font>\n<text_tag color='blue'>标签</text_tag>\n# 标题\n> 引用\n- 列表\n1. 编号\n---",
      ctx,
    );
    expect(html).toContain("<b>粗体</b>");
    expect(html).toContain("<i>斜体</i>");
    expect(html).toContain("<s>删除</s>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain(`<a href="https://example.gov.cn/a?b=1&amp;c=2" target="_blank" rel="noopener">链接</a>`);
    expect(html).toContain(`<span style="color:#f54a45">红色</span>`);
    expect(html).toContain(`<span style="color:#8f959e">灰</span>`);
    expect(html).toContain(`<span class="hb-tag hb-tag-blue">标签</span>`);
    expect(html).toContain(`<div class="md-h md-h1">标题</div>`);
    expect(html).toContain(`<div class="md-quote">引用</div>`);
    expect(html).toMatch(/class="md-li"[^>]*>• 列表/);
    expect(html).toMatch(/class="md-li"[^>]*>1\. 编号/);
    expect(html).toContain(`<hr class="hb-hr">`);
    expect(balanced(html)).toBe(true);
  });

  it("<at id=…> becomes the person's name; unknown ids stay visible; @all", () => {
    const html = renderMarkdown("<at id=ou_console_clerk></at> 和 <at id=ou_unknown></at> 以及 <at id=all></at>", ctx);
    expect(html).toContain(">@王科员</span>");
    expect(html).toContain(">@ou_unknown</span>");
    expect(html).toContain("@所有人");
  });

  it("escapes HTML and keeps Lark's entity escapes as entities", () => {
    const html = renderMarkdown(`<script>alert(1)</script> <img src=x onerror=alert(1)> "q" 'a' & 1&#42;2&#42; &#60;b&#62;`, ctx);
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;q&quot; &#39;a&#39; &amp; 1&#42;2&#42; &#60;b&#62;");
    expect(html).not.toContain("<b>");
  });

  it("links and colours cannot inject: only http(s) URLs, only known or numeric colours", () => {
    const html = renderMarkdown(`[x](javascript:alert(1)) <font color='red;background:url(x)'>y</font> <link url="javascript:alert(1)">z</link>`, ctx);
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("background");
    expect(cssColor("rgba(1,2,3,0.5)")).toBe("rgba(1,2,3,0.5)");
    expect(cssColor("expression(alert(1))")).toBeNull();
    expect(escapeHtml(`<a href="x">'`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;");
  });

  it("a colour spanning lines is closed and reopened on each line", () => {
    const html = renderMarkdown("<font color='grey'>一\n二</font>", ctx);
    expect(html).toBe(`<div class="md-p"><span style="color:#8f959e">一</span></div><div class="md-p"><span style="color:#8f959e">二</span></div>`);
  });
});

describe("renderCard with the cards huibao sends", () => {
  it("overview: header colour, tags, panels, buttons with callback values and confirm dialogs", () => {
    const html = renderCard(overviewCard(smallOverview()), ctx);
    expect(html).toContain("hb-tpl-blue");
    expect(html).toMatch(/class="hb-tag hb-tag-blue">收集中</);
    expect(html).toContain("南岸区人民政府关于2023年度法治政府建设情况的报告");
    expect(html).toContain(`<details class="hb-panel"`);
    expect(html).toContain("@张伟");
    const callbacks = [...html.matchAll(/data-callback="([^"]*)"/g)].map((m) => JSON.parse(m[1]!.replace(/&quot;/g, '"')) as { a: string; r: string });
    expect(callbacks.length).toBeGreaterThan(0);
    expect(callbacks.every((v) => v.r === "rep_2023_nanan")).toBe(true);
    expect(balanced(html)).toBe(true);
  });

  it("section prompt: a form with a multiline input, a select and a submit button", () => {
    const html = renderCard(sectionPromptCard(promptProps()), ctx);
    expect(html).toMatch(/<div class="hb-form" data-form="[^"]+">/);
    expect(html).toMatch(/<textarea class="hb-input" rows="\d+" name="[^"]+"/);
    expect(html).toMatch(/<select class="hb-select" name="[^"]+"/);
    expect(html).toMatch(/data-form-action="submit"/);
    expect(html).toContain("save_answer");
    expect(balanced(html)).toBe(true);
  });

  it("a form: inputs with labels and defaults, date pickers with initial dates, a select with its initial option", () => {
    const html = renderCard(
      card({
        header: { title: "表单", tone: "neutral" },
        elements: [
          form("f", [
            input({ name: "office", label: "发文机关", defaultValue: "南岸区人民政府" }),
            datePicker({ name: "internal_deadline", initialDate: "2024-01-15" }),
            datePicker({ name: "submission_deadline", placeholder: "选择日期" }),
            selectStatic({ name: "year", options: [2022, 2023, 2024].map((y) => ({ text: `${y} 年`, value: String(y) })), initialValue: "2023" }),
            selectStatic({ name: "part_order", options: [{ text: "标准顺序（国务院）", value: "standard" }, { text: "第一责任人在前", value: "duty_first" }], initialValue: "duty_first" }),
            button({ text: "保存", submit: true, name: "go", role: "main" }),
          ]),
        ],
      }),
      ctx,
    );
    expect(html).toContain(`value="南岸区人民政府"`);
    expect(html).toContain(`<input class="hb-input" type="date" name="internal_deadline" value="2024-01-15"`);
    expect(html).toMatch(/<input class="hb-input" type="date" name="submission_deadline" title="[^"]*" data-field="date">/);
    expect(html).toMatch(/<option value="2023" selected>2023/);
    expect(html).toMatch(/<option value="duty_first" selected>第一责任人在前/);
  });

  it("approval request: violet header, download link button and 同意 with a confirm dialog", () => {
    const html = renderCard(
      approvalCard({
        reportId: "r1",
        stateVersion: 21,
        approvalId: "apr_7",
        title: "南岸区2023年度法治政府建设情况报告",
        version: 3,
        level: { index: 1, total: 2 },
        variant: "request",
        completeness: { complete: 5, total: 6, chars: 8420, warnings: 2 },
        submittedIncomplete: false,
        submittedBy: { openId: "ou_console_clerk" },
        submittedAt: "1月9日 09:30",
        downloadUrl: "http://localhost:3000/download/r1/3.docx?exp=1&sig=x",
      }),
      ctx,
    );
    expect(html).toContain("hb-tpl-violet");
    expect(html).toContain(`data-url="http://localhost:3000/download/r1/3.docx?exp=1&amp;sig=x"`);
    expect(html).toMatch(/data-confirm-title="[^"]+"[^>]*>同意<\/button>/);
    expect(html).toContain("@王科员");
  });

  it("approval reject form: multi-select and a required comment", () => {
    const html = renderCard(
      approvalCard({ reportId: "r1", stateVersion: 21, approvalId: "apr_7", title: "报告", version: 3, level: { index: 1, total: 2 }, variant: "reject_form", sections: [{ key: "s1", heading: "一、主要举措" }] }),
      ctx,
    );
    expect(html).toMatch(/<select class="hb-select" name="sections" multiple/);
    expect(html).toMatch(/name="comment"[^>]*data-required/);
  });

  it("every kit component: div with fields, hr, column_set, person picker, disabled button, unknown tags", () => {
    const c = card({
      header: { title: "组件", tone: "attention", tags: [{ text: "<b>不</b>", color: "red" }] },
      elements: [
        div("正文 <i>", [{ text: "字段一" }, { text: "字段二", short: false }]),
        hr(),
        columns([column([md("左")]), column([md("右")], { width: "auto" })], "bisect"),
        panel("面板", [md("内容")], true),
        form("f", [selectPerson({ name: "who", initialOpenId: "ou_console_owner_li" }), button({ text: "提交", submit: true, name: "go", role: "main" })]),
        button({ text: "不可用", disabled: true, disabledTips: "还不行" }),
        { tag: "chart" } as never,
      ],
    });
    const html = renderCard(c, ctx);
    expect(html).toContain("hb-tpl-orange");
    expect(html).toContain("hb-tag-red\">&lt;b&gt;不&lt;/b&gt;</span>");
    expect(html).toContain(`<div class="hb-div-text">正文 &lt;i&gt;</div>`);
    expect(html).toContain(`hb-field-cell hb-short">字段一`);
    expect(html).toContain(`<div class="hb-columns hb-flex-bisect">`);
    expect(html).toContain(`style="flex:0 0 auto;`);
    expect(html).toContain(`<details class="hb-panel" open>`);
    expect(html).toMatch(/<option value="ou_console_owner_li" selected>👤 李科长/);
    expect(html).toMatch(/data-name="go" data-form-action="submit"/);
    expect(html).toMatch(/title="还不行" disabled>不可用/);
    expect(html).toContain("不支持的组件：chart");
    expect(balanced(html)).toBe(true);
  });

  it("bad content renders a notice instead of throwing", () => {
    expect(renderCard("{not json", ctx)).toContain("不是有效的 JSON");
    expect(renderCard(null, ctx)).toContain("卡片内容无效");
  });
});

describe("renderMessageBody", () => {
  it("text messages: escaped, line breaks, <at user_id>", () => {
    const html = renderMessageBody({ messageId: "om_1", msgType: "text", content: JSON.stringify({ text: `<at user_id="ou_console_owner_li">李科长</at> 你好 <b>\n第二行` }) }, ctx);
    expect(html).toBe(`<div class="hb-text"><span class="hb-at" data-open-id="ou_console_owner_li">@李科长</span> 你好 &lt;b&gt;<br>第二行</div>`);
  });

  it("file messages link to the console's file route", () => {
    const html = renderMessageBody(
      { messageId: "om_f", msgType: "file", content: JSON.stringify({ file_key: "k" }), fileName: "报告.docx", fileBytes: new Uint8Array(2048) },
      ctx,
      { fileUrl: (id) => `/console/api/files/${id}` },
    );
    expect(html).toContain(`href="/console/api/files/om_f" download="报告.docx"`);
    expect(html).toContain("2.0 KB");
  });

  it("post messages and snippets", () => {
    const post = { messageId: "om_p", msgType: "post", content: JSON.stringify({ zh_cn: { title: "标题", content: [[{ tag: "text", text: "你好 " }, { tag: "at", user_id: "ou_console_clerk" }]] } }) };
    expect(renderMessageBody(post, ctx)).toContain("@王科员");
    expect(messageSnippet({ messageId: "x", msgType: "interactive", content: JSON.stringify(helpCard({ commands: [] })) })).toBe("[卡片] 使用帮助");
    const long = { messageId: "om_t", msgType: "text", content: JSON.stringify({ text: "😀".repeat(3) + "法治政府建设".repeat(10) }) };
    expect(messageSnippet(long, 8)).toBe("😀😀😀法治政府…");
  });
});
