// The validator itself must catch what it claims to catch.
import { describe, expect, it } from "vitest";
import { button, card, md, panel, columns, column } from "../../cards/kit/elements.js";
import { form, input } from "../../cards/kit/form.js";
import { cardViolations, inspectCard } from "./card-rules.js";

const submit = () => button({ text: "提交", submit: true, name: "ok", action: { a: "refresh", r: "rep_1" } });
const base = (elements: unknown[]) => ({ ...card({ header: { title: "t", tone: "neutral" }, elements: [] }), body: { elements } });

describe("card-rules validator", () => {
  it("passes a minimal valid card", () => {
    expect(cardViolations(base([md("hello"), form("f", [input({ name: "a" }), submit()])]))).toEqual([]);
  });

  it.each([
    ["schema 1.0", { ...base([]), schema: "1.0" }, /schema/],
    ["missing body", { schema: "2.0", config: { update_multi: true } }, /body.elements/],
    ["unknown tag", base([{ tag: "action", actions: [] }]), /unknown or misplaced tag action/],
    ["unknown property", base([{ tag: "markdown", content: "x", colour: "red" }]), /unknown property colour/],
    ["form in panel", base([panel("p", [form("f", [submit()])])]), /form must be at the body root/],
    ["form in column", base([columns([column([form("f", [submit()])])])]), /form must be at the body root/],
    ["form without submit", base([form("f", [input({ name: "a" })])]), /no submit button/],
    ["unnamed input in form", base([{ tag: "form", name: "f", elements: [{ tag: "input", max_length: 10 }, submit()] }]), /needs a name/],
    ["duplicate names", base([form("f", [input({ name: "a" }), input({ name: "a" }), submit()])]), /already used/],
    ["input max_length 2000", base([form("f", [{ tag: "input", name: "a", max_length: 2000 }, submit()])]), /max_length/],
    ["button without behaviors", base([{ tag: "button", text: { tag: "plain_text", content: "x" }, type: "default" }]), /without behaviors/],
    [
      "forged callback value",
      base([{ tag: "button", text: { tag: "plain_text", content: "x" }, type: "default", behaviors: [{ type: "callback", value: { a: "approve" } }] }]),
      /decodeAction/,
    ],
    [
      "javascript url",
      base([{ tag: "button", text: { tag: "plain_text", content: "x" }, type: "default", behaviors: [{ type: "open_url", default_url: "javascript:alert(1)" }] }]),
      /http\(s\)/,
    ],
    [
      "four header tags",
      { ...base([]), header: { title: { tag: "plain_text", content: "t" }, template: "blue", text_tag_list: [1, 2, 3, 4].map(() => ({ tag: "text_tag", text: { tag: "plain_text", content: "x" }, color: "blue" })) } },
      /max 3/,
    ],
    ["malformed mention", base([md("<at id=all onclick=x></at>")]), /malformed mention/],
    ["too many components", base(Array.from({ length: 201 }, () => md("x"))), /components \(max 200\)/],
    ["too large", base([md("法".repeat(11000))]), /bytes \(max 30720\)/],
    ["too deep", base([panel("1", [panel("2", [panel("3", [panel("4", [panel("5", [md("x")])])])])])]), /nesting depth 6/],
  ])("flags %s", (_name, c, re) => {
    const v = cardViolations(c);
    expect(v.some((x) => re.test(x)), v.join("\n")).toBe(true);
  });

  it("reports size, components and depth", () => {
    const r = inspectCard(base([md("x"), columns([column([md("a")]), column([md("b")])])]));
    expect(r.components).toBe(6);
    expect(r.depth).toBe(3);
    expect(r.bytes).toBe(new TextEncoder().encode(JSON.stringify(base([md("x"), columns([column([md("a")]), column([md("b")])])]))).length);
  });
});
