import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Template } from "../../src/domain/model.js";
import { parseTemplate, TemplateError } from "../../src/domain/template-schema.js";
import { builtInTemplates, fazhiAnnualTemplate, findTemplate } from "../../src/domain/templates/fazhi-annual.js";

const clone = (): Record<string, any> => JSON.parse(JSON.stringify(fazhiAnnualTemplate));
const squash = (s: string) => s.replace(/\s+/g, "").replace(/,/g, "，").replace(/:/g, "：").replace(/\(/g, "（").replace(/\)/g, "）");
const fixtures = ["nanan-2023-report.txt", "district-2022-draft.txt"].map((f) =>
  squash(readFileSync(new URL(`../fixtures/${f}`, import.meta.url), "utf8")),
);

function expectError(t: unknown, message: string) {
  let caught: unknown;
  try {
    parseTemplate(t);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(TemplateError);
  expect((caught as Error).message).toBe(message);
}

describe("built-in template", () => {
  it("parses with parseTemplate, unchanged, also via JSON", () => {
    expect(parseTemplate(fazhiAnnualTemplate)).toEqual(fazhiAnnualTemplate);
    expect(parseTemplate(JSON.parse(JSON.stringify(fazhiAnnualTemplate)))).toEqual(fazhiAnnualTemplate);
  });

  it("covers the five mandated items in order, with 其他 accepting 无", () => {
    const t = fazhiAnnualTemplate;
    expect(t.id).toBe("fazhi-annual");
    expect(t.titlePattern).toBe("{office}关于{year}年法治政府建设情况的报告");
    expect(t.parts.map((p) => p.mandatedItem)).toEqual([1, 2, 3, 4, 5]);
    expect(t.parts.map((p) => p.title)).toEqual([
      "主要举措和成效",
      "存在的不足和原因",
      "党政主要负责人履行推进法治建设第一责任人职责情况",
      "下一年度推进法治政府建设的主要安排",
      "其他需要报告的情况",
    ]);
    const other = t.parts[4]!;
    expect(other.required).toBe(true);
    expect(other.completeAnswers).toContain("无");
    expect(other.minLength).toBeLessThan(50);
    expect(t.preamble.prompt).toContain("报告如下：");
    for (const p of t.parts.slice(0, 4)) expect(p.minLength).toBeGreaterThanOrEqual(150);
  });

  it("has part orders seen in the fixtures", () => {
    const orders = Object.fromEntries(fazhiAnnualTemplate.partOrders.map((o) => [o.name, o.keys]));
    expect(orders["法定顺序"]).toEqual(["measures", "shortcomings", "leader", "plan", "other"]);
    expect(orders["第一责任人第二"]?.[1]).toBe("leader"); // 南岸 2023
    expect(orders["第一责任人在前"]?.[0]).toBe("leader"); // district draft 2022
    expect(fazhiAnnualTemplate.partOrders[0]!.name).toBe("法定顺序");
  });

  it("uses examples copied from the real reports", () => {
    const all = [fazhiAnnualTemplate.preamble, ...fazhiAnnualTemplate.parts, ...fazhiAnnualTemplate.parts.flatMap((p) => p.children)];
    for (const s of all) {
      const ex = s.guidance.example;
      expect(ex, s.key).toBeTruthy();
      expect(fixtures.some((f) => f.includes(squash(ex!))), `${s.key}: ${ex}`).toBe(true);
    }
  });

  it("figure patterns match the numbers in the real reports", () => {
    const measures = fazhiAnnualTemplate.parts[0]!;
    const fig = (key: string, label: string) =>
      new RegExp(measures.children.find((c) => c.key === key)!.figures.find((f) => f.label === label)!.pattern);
    expect(fig("measures.enforcement", "执法检查次数").test("完成各类检查3785次")).toBe(true);
    expect(fig("measures.disputes", "行政复议/应诉").test("行政机关负责人出庭应诉率100%")).toBe(true);
    expect(fig("measures.disputes", "行政复议/应诉").test("依法开展行政应诉工作")).toBe(false);
    expect(fig("measures.study", "学习次数").test("组织党委理论中心组学习 12 次")).toBe(true);
    expect(fig("measures.publicity", "普法活动").test("专业法宣讲**场次")).toBe(false); // placeholder is not a figure
  });
});

describe("findTemplate", () => {
  it("finds by id or name", () => {
    expect(findTemplate("fazhi-annual", builtInTemplates)).toBe(fazhiAnnualTemplate);
    expect(findTemplate("法治政府建设 年度报告", builtInTemplates)).toBe(fazhiAnnualTemplate);
    expect(findTemplate("FAZHI-ANNUAL")).toBe(fazhiAnnualTemplate);
    expect(findTemplate("不存在", builtInTemplates)).toBeUndefined();
    expect(findTemplate("", builtInTemplates)).toBeUndefined();
  });
});

describe("parseTemplate errors name the field", () => {
  it("bad minLength", () => {
    const t = clone();
    t.parts[2].minLength = -1;
    expectError(t, "模板字段 parts[2].minLength 无效：应为非负整数");
    t.parts[2].minLength = 1.5;
    expectError(t, "模板字段 parts[2].minLength 无效：应为非负整数");
    t.parts[2].minLength = "100";
    expectError(t, "模板字段 parts[2].minLength 无效：应为非负整数");
  });

  it("missing and mistyped fields", () => {
    const t = clone();
    delete t.parts[1].prompt;
    expectError(t, "模板字段 parts[1].prompt 无效：缺少该字段");
    const u = clone();
    u.parts[0].children[3].title = "";
    expectError(u, "模板字段 parts[0].children[3].title 无效：标题不能为空");
    const v = clone();
    v.parts[4].mandatedItem = 6;
    expectError(v, "模板字段 parts[4].mandatedItem 无效：应为 1 到 5 之间的整数");
    const w = clone();
    w.preamble.key = "Preamble";
    expect(() => parseTemplate(w)).toThrow(/^模板字段 preamble\.key 无效/);
    expectError(null, "模板无效：应为模板对象");
  });

  it("duplicate keys", () => {
    const t = clone();
    t.parts[0].children[1].key = "measures.study";
    expectError(t, "模板字段 parts[0].children[1].key 无效：标识「measures.study」重复（已用于 parts[0].children[0].key）");
  });

  it("part orders must be permutations", () => {
    const t = clone();
    t.partOrders[1].keys = ["measures", "leader", "plan", "other"];
    expectError(t, "模板字段 partOrders[1].keys 无效：缺少部分 「shortcomings」，应包含全部部分各一次");
    t.partOrders[1].keys = ["measures", "leader", "leader", "plan", "other"];
    expectError(t, "模板字段 partOrders[1].keys[2] 无效：「leader」重复出现");
    t.partOrders[1].keys = ["measures", "leader", "nope", "plan", "other"];
    expectError(t, "模板字段 partOrders[1].keys[2] 无效：「nope」不是模板的部分标识");
  });

  it("figure patterns must compile", () => {
    const t = clone();
    t.parts[0].children[4].figures[0].pattern = "检查(\\d+";
    expectError(t, "模板字段 parts[0].children[4].figures[0].pattern 无效：正则表达式「检查(\\d+」无法编译");
    t.parts[0].children[4].figures[0].pattern = "\\d*";
    expectError(t, "模板字段 parts[0].children[4].figures[0].pattern 无效：正则表达式不能匹配空字符串");
  });

  it("default sub-sections must exist", () => {
    const t = clone();
    t.defaultSubsections.push("measures.nothing");
    expectError(t, "模板字段 defaultSubsections[8] 无效：「measures.nothing」不是模板中的小标题标识");
    const u = clone();
    u.defaultSubsections = ["measures"];
    expectError(u, "模板字段 defaultSubsections[0] 无效：「measures」不是模板中的小标题标识");
  });

  it("no third level", () => {
    const t = clone();
    t.parts[0].children[0].children = [{ ...t.parts[0].children[1], key: "x" }];
    expectError(t, "模板字段 parts[0].children[0].children 无效：此级章节不能再有下级小标题");
  });

  it("fills defaults for optional arrays", () => {
    const t = clone();
    delete t.parts[1].figures;
    delete t.parts[1].completeAnswers;
    delete t.parts[1].children;
    delete t.partOrders;
    const parsed: Template = parseTemplate(t);
    expect(parsed.parts[1]!.figures).toEqual([]);
    expect(parsed.parts[1]!.children).toEqual([]);
    expect(parsed.partOrders).toEqual([]);
  });
});
