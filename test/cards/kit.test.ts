import { describe, expect, it } from "vitest";
import { escapeMd, escapeMdBlock, formatCount, mention, personMd, truncate } from "../../cards/kit/text.js";
import { progressBar } from "../../cards/kit/tone.js";
import { button, card, header, md, panel } from "../../cards/kit/elements.js";
import { input, selectStatic } from "../../cards/kit/form.js";
import { countComponents, utf8Length } from "../../cards/kit/limits.js";
import { deadlineText } from "../../cards/kit/deadline.js";
import { charLength } from "../../src/domain/text.js";

describe("escapeMd", () => {
  it("turns every markdown-special character into an HTML entity", () => {
    expect(escapeMd("*~><[]()#:_`")).toBe("&#42;&#126;&#62;&#60;&#91;&#93;&#40;&#41;&#35;&#58;&#95;&#96;");
  });
  it("keeps CJK text and full-width punctuation intact", () => {
    const s = "深化“放管服”改革（一）：取消行政许可事项 12 项。";
    expect(escapeMd(s)).toBe(s);
  });
  it("defuses injected mentions and links", () => {
    const out = escapeMd("<at id=all></at> [点我](https://evil.example)");
    expect(out).not.toContain("<at");
    expect(out).not.toContain("](");
    expect(out).toContain("&#60;at id=all&#62;");
  });
  it("neutralises list markers at line starts but keeps line breaks", () => {
    expect(escapeMdBlock("- 第一条\n1. 第二条\n# 标题")).toBe("&#45; 第一条\n1&#46; 第二条\n&#35; 标题");
  });
});

describe("mention", () => {
  it("renders a Lark at tag for an open id", () => {
    expect(mention("ou_abc123")).toBe("<at id=ou_abc123></at>");
  });
  it("does not let a forged id break out of the tag", () => {
    expect(mention("ou_x></at><at id=all")).not.toContain("<at");
  });
  it("personMd prefers the mention, then the escaped name", () => {
    expect(personMd({ openId: "ou_1", name: "张伟" })).toBe("<at id=ou_1></at>");
    expect(personMd({ name: "张_伟" })).toBe("张&#95;伟");
    expect(personMd({})).toBe("未指定");
  });
});

describe("progressBar", () => {
  it.each([
    [0, 6, "░░░░░░░░░░ 0%"],
    [4, 6, "▓▓▓▓▓▓▓░░░ 67%"],
    [3, 5, "▓▓▓▓▓▓░░░░ 60%"],
    [6, 6, "▓▓▓▓▓▓▓▓▓▓ 100%"],
    [9, 6, "▓▓▓▓▓▓▓▓▓▓ 100%"],
    [0, 0, "░░░░░░░░░░ 0%"],
  ])("%i/%i → %s", (done, total, bar) => {
    expect(progressBar(done, total)).toBe(bar);
  });
});

describe("text helpers", () => {
  it("truncate counts code points and marks the cut", () => {
    expect(truncate("法治政府建设", 10)).toBe("法治政府建设");
    expect(truncate("法治政府建设情况报告", 5)).toBe("法治政府…");
    expect(charLength(truncate("😀".repeat(20), 5))).toBe(5);
  });
  it("utf8Length agrees with TextEncoder", () => {
    for (const s of ["abc", "法治", "😀x", "“放管服”"]) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
  it("formatCount groups thousands", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(10000)).toBe("10,000");
    expect(formatCount(1234567)).toBe("1,234,567");
  });
  it("deadlineText phrases countdown, today and overdue", () => {
    expect(deadlineText("internal", { date: "2024-01-15", workingDays: 5 }).zh).toBe("距内部截止 5 个工作日（2024-01-15）");
    expect(deadlineText("submission", { date: "1月31日", workingDays: 0 }).zh).toBe("今天报送截止（1月31日）");
    const late = deadlineText("internal", { date: "2024-01-15", workingDays: -2 });
    expect(late.zh).toBe("内部截止已逾期 2 个工作日（2024-01-15）");
    expect(late.overdue).toBe(true);
    expect(deadlineText("internal", { date: "x", workingDays: 3 }).urgent).toBe(true);
    expect(deadlineText("internal", { date: "x", workingDays: 4 }).urgent).toBe(false);
  });
});

describe("builders", () => {
  it("header maps tone to template, keeps at most 3 tags and carries i18n", () => {
    const h = header({
      title: { zh: "总览", en: "Overview" },
      tone: "in_approval",
      tags: [1, 2, 3, 4].map((i) => ({ text: `t${i}`, color: "blue" as const })),
    });
    expect(h.template).toBe("violet");
    expect(h.text_tag_list).toHaveLength(3);
    expect(h.title).toEqual({ tag: "plain_text", content: "总览", i18n_content: { zh_cn: "总览", en_us: "Overview" } });
  });
  it("card sets schema 2.0, shared update and locales", () => {
    const c = card({ header: { title: "t", tone: "neutral" }, elements: [md("x")] });
    expect(c.schema).toBe("2.0");
    expect(c.config).toEqual({ update_multi: true, locales: ["zh_cn", "en_us"] });
    expect(c.body.elements).toEqual([{ tag: "markdown", content: "x" }]);
  });
  it("button encodes the callback with the protocol and adds open_url", () => {
    const b = button({ text: "下载", url: "https://x.example/a.docx", action: { a: "export", r: "rep_1", ver: 2 } });
    expect(b.behaviors).toEqual([
      { type: "callback", value: { v: 1, a: "export", r: "rep_1", ver: 2 } },
      { type: "open_url", default_url: "https://x.example/a.docx" },
    ]);
    expect(b.type).toBe("default");
    expect(button({ text: "保存", role: "main", submit: true, name: "save" })).toMatchObject({ type: "primary", form_action_type: "submit", name: "save" });
  });
  it("input clamps max_length to 1..1000", () => {
    expect(input({ name: "a", maxLength: 5000 }).max_length).toBe(1000);
    expect(input({ name: "a", maxLength: 0 }).max_length).toBe(1);
  });
  it("selectStatic uses a 1-based initial_index and ignores unknown initial values", () => {
    const opts = [
      { text: "追加", value: "append" },
      { text: "替换", value: "replace" },
    ];
    expect(selectStatic({ name: "m", options: opts, initialValue: "replace" }).initial_index).toBe(2);
    expect(selectStatic({ name: "m", options: opts, initialValue: "zzz" }).initial_index).toBeUndefined();
  });
  it("countComponents counts nested elements and columns", () => {
    expect(countComponents([md("a"), panel("p", [md("b"), md("c")])])).toBe(4);
  });
});
