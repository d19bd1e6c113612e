import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateCompleteness } from "../../src/domain/completeness/report.js";
import { isWalkStop } from "../../src/domain/completeness/owed.js";
import { missingTopics } from "../../src/domain/completeness/topics.js";
import { normalizeAnswer } from "../../src/domain/completeness/section.js";
import { summarizeReasons } from "../../src/domain/completeness/reasons.js";
import type { CompletenessSectionInput, ReportCompleteness, SectionCompleteness } from "../../src/domain/completeness/types.js";
import { countChars } from "../../src/domain/text.js";
import type { OutlineSection, SectionTemplate } from "../../src/domain/model.js";
import { defaultSettings, resolveOutline } from "../../src/domain/outline/resolve.js";
import { fazhiAnnualTemplate } from "../../src/domain/templates/fazhi-annual.js";
import { cleanPastedText } from "../../src/domain/text-clean.js";
import { FIXTURE_PART_KEYS, fixture as seedFixture, seedBlocks, seedParts } from "../helpers/seeds.js";

/** What each owner owes (the owed sections carrying their open_id), owners in order of their first owed section. */
function owedByOwner(r: ReportCompleteness): { openId: string; sections: { key: string; label: string; title: string; status: string }[] }[] {
  const by = new Map<string, { key: string; label: string; title: string; status: string }[]>();
  for (const s of r.sections.filter((x) => x.owed)) for (const o of s.ownerOpenIds) by.set(o, [...(by.get(o) ?? []), { key: s.key, label: s.label, title: s.title, status: s.status }]);
  return [...by].map(([openId, sections]) => ({ openId, sections }));
}

/** Owed sections nobody owns (neither themselves nor through their part). */
function owedUnowned(r: ReportCompleteness): { key: string; label: string; title: string; status: string }[] {
  return r.sections.filter((x) => x.owed && x.ownerOpenIds.length === 0).map((s) => ({ key: s.key, label: s.label, title: s.title, status: s.status }));
}


const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");

// ---------------------------------------------------------------------------------------------
// A small builder (the built-in template is someone else's; these tests build their own sections).

const NUM = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

function spec(key: string, over: Partial<SectionTemplate> = {}): SectionTemplate {
  return {
    key,
    title: key,
    prompt: "",
    guidance: { topics: [] },
    required: true,
    minLength: 0,
    completeAnswers: [],
    figures: [],
    children: [],
    ...over,
  };
}

function preamble(over: Partial<SectionTemplate> = {}): OutlineSection {
  return { key: "preamble", parentKey: null, level: 0, index: 0, label: "开头", numericLabel: "0", heading: "", title: "开头", spec: spec("preamble", over) };
}

function part(n: number, title: string, over: Partial<SectionTemplate> = {}): OutlineSection {
  const key = `p${n}`;
  return { key, parentKey: null, level: 1, index: n, label: NUM[n]!, numericLabel: String(n), heading: `${NUM[n]}、${title}`, title, spec: spec(key, { title, ...over }) };
}

function sub(parent: OutlineSection, n: number, title: string, over: Partial<SectionTemplate> = {}): OutlineSection {
  const key = `${parent.key}.s${n}`;
  return {
    key,
    parentKey: parent.key,
    level: 2,
    index: n,
    label: `${parent.label}（${NUM[n]}）`,
    numericLabel: `${parent.numericLabel}.${n}`,
    heading: `（${NUM[n]}）${title}`,
    title,
    spec: spec(key, { title, ...over }),
  };
}

const input = (section: OutlineSection, text: string, ownerOpenIds: string[] = []): CompletenessSectionInput => ({ section, text, ownerOpenIds });

/**
 * Splits a report text into preamble, parts (一、…) and sub-sections ((一)/（一）…) and builds inputs.
 * `partSpec(n)` gives the part's template options, `subSpec(n)` the sub-sections'.
 */
function splitReport(
  text: string,
  opts: { partSpec?: (n: number) => Partial<SectionTemplate>; subSpec?: Partial<SectionTemplate>; owners?: Record<string, string[]> } = {},
): CompletenessSectionInput[] {
  const owners = opts.owners ?? {};
  const chunks = text.split(/\n(?=[一二三四五六七八九十]、)/);
  const out: CompletenessSectionInput[] = [input(preamble({ minLength: 30 }), chunks[0]!, owners["开头"] ?? [])];
  chunks.slice(1).forEach((chunk, i) => {
    const n = i + 1;
    const firstLine = chunk.split("\n", 1)[0]!;
    const body = chunk.slice(firstLine.length + 1);
    const pieces = body.split(/\n(?=[（(][一二三四五六七八九十][）)])/);
    const hasSubs = /^[（(][一二三四五六七八九十][）)]/.test(pieces[1] ?? pieces[0] ?? "");
    const p = part(n, firstLine.replace(/^[一二三四五六七八九十]、/, ""), opts.partSpec?.(n));
    if (!hasSubs) {
      out.push(input(p, body, owners[p.label] ?? []));
      return;
    }
    const lead = /^[（(][一二三四五六七八九十][）)]/.test(pieces[0]!) ? "" : pieces.shift()!;
    out.push(input(p, lead, owners[p.label] ?? []));
    pieces.forEach((piece, j) => {
      const s = sub(p, j + 1, piece.slice(3, 15), opts.subSpec);
      out.push(input(s, piece, owners[s.label] ?? []));
    });
  });
  return out;
}

const byLabel = (sections: SectionCompleteness[], label: string) => {
  const s = sections.find((x) => x.label === label);
  if (!s) throw new Error(`no section ${label}`);
  return s;
};

const CASES_FIGURE = { label: "行政案件办理数量", pattern: "\\d+\\s*件" };
const realSpecs = {
  partSpec: (n: number): Partial<SectionTemplate> => ({
    minLength: n === 5 ? 0 : 100,
    completeAnswers: n === 5 ? ["无"] : [],
    figures: n === 1 ? [CASES_FIGURE] : [],
    guidance: n === 2 ? { topics: [{ label: "第一责任人职责", keywords: ["第一责任人"] }] } : { topics: [] },
  }),
  subSpec: { minLength: 40 },
};

// ---------------------------------------------------------------------------------------------

describe("real reports", () => {
  it("the finished 2023 report reads 100 % complete", () => {
    const sections = splitReport(fixture("nanan-2023-report.txt"), realSpecs);
    // preamble, 5 parts, 6 sub-sections of part 一
    expect(sections.map((s) => s.section.label)).toEqual([
      "开头", "一", "一（一）", "一（二）", "一（三）", "一（四）", "一（五）", "一（六）", "二", "三", "四", "五",
    ]);
    const r = evaluateCompleteness({ sections });
    for (const s of r.sections) expect({ label: s.label, status: s.status, reasons: s.reasons }).toEqual({ label: s.label, status: "complete", reasons: [] });
    expect(r.percent).toBe(100);
    // the rows are the preamble and the five parts; the sub-sections count within their part
    expect(r.requiredComplete).toBe(6);
    expect(r.requiredTotal).toBe(6);
    expect(r.ready).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(owedByOwner(r)).toEqual([]);
    expect(byLabel(r.sections, "五").length).toBe(2); // "无。"
    expect(r.characters).toBeGreaterThan(2500);
    expect(r.characters).toBe(r.sections.reduce((n, s) => n + s.length, 0));
  });

  it("the 2022 draft, fed part by part, flags its placeholder figures section by section", () => {
    const sections = splitReport(fixture("district-2022-draft.txt"), {
      ...realSpecs,
      owners: { "一（三）": ["ou_fazhi"], "二（四）": ["ou_zhifa", "ou_fazhi"], "二（六）": ["ou_xinfang"], 三: ["ou_fazhi"] },
    });
    const r = evaluateCompleteness({ sections });
    const status = Object.fromEntries(r.sections.map((s) => [s.label, s.status]));
    expect(status).toEqual({
      开头: "attention", // 《**区…》（*〔2022〕*号）
      一: "attention",
      "一（一）": "attention", // **市**区
      "一（二）": "complete",
      "一（三）": "attention", // ***件、****件
      二: "attention",
      "二（一）": "attention",
      "二（二）": "attention",
      "二（三）": "attention", // 《**区交通运输局…》
      "二（四）": "attention",
      "二（五）": "attention",
      "二（六）": "attention",
      "二（七）": "attention",
      "二（八）": "attention",
      三: "complete",
      四: "attention",
      "四（一）": "complete",
      "四（二）": "attention",
      五: "attention",
    });

    const p13 = byLabel(r.sections, "一（三）");
    const ph = p13.reasons.find((x) => x.code === "placeholders");
    expect(ph).toMatchObject({ placeholders: ["***件", "****件"], count: 3, severity: "warning" });
    expect(ph?.message).toBe("有 3 处待填写的占位符：***件、****件");

    // part 一: its lead text is clean, but its children need attention and no "数字+件" figure exists
    const p1 = byLabel(r.sections, "一");
    expect(p1.placeholders).toEqual([]);
    expect(p1.reasons.map((x) => x.code)).toEqual(["children_attention", "figure_missing"]);
    expect(p1.reasons[0]).toMatchObject({ children: ["一（一）", "一（三）"] });
    expect(p1.reasons[1]!.message).toBe("缺少数据：行政案件办理数量");

    const p24 = byLabel(r.sections, "二（四）");
    expect(p24.reasons[0]).toMatchObject({ code: "placeholders", count: 13 });
    expect((p24.reasons[0] as { placeholders: string[] }).placeholders).toEqual(
      expect.arrayContaining(["**次", "***件", "**件", "*件", "***万", "**家", "*家"]),
    );
    expect(summarizeReasons(p24)).toMatch(/^需核实：有 13 处待填写的占位符：\*\*次、\*\*\*件、\*\*件、\*件、\*\*\*万、\*\*家等 7 项$/);

    // report level: the preamble and five parts; only 三 is complete
    expect(r.requiredTotal).toBe(6);
    expect(r.requiredComplete).toBe(1);
    expect(r.percent).toBe(16);
    expect(r.ready).toBe(false);
    // every section with placeholders gives one warning; part 一's missing figure gives another
    expect(r.warnings.filter((w) => w.code === "placeholders").map((w) => w.label)).toEqual([
      "开头", "一（一）", "一（三）", "二（一）", "二（二）", "二（三）", "二（四）", "二（五）", "二（六）", "二（七）", "二（八）", "四（二）", "五",
    ]);
    expect(r.warnings.filter((w) => w.code === "figure_missing")).toEqual([
      { key: "p1", label: "一", code: "figure_missing", message: "缺少数据：行政案件办理数量" },
    ]);
    expect(owedByOwner(r)).toEqual([
      { openId: "ou_fazhi", sections: [
        { key: "p1.s3", label: "一（三）", title: expect.any(String), status: "attention" },
        { key: "p2.s4", label: "二（四）", title: expect.any(String), status: "attention" },
      ] },
      { openId: "ou_zhifa", sections: [{ key: "p2.s4", label: "二（四）", title: expect.any(String), status: "attention" }] },
      { openId: "ou_xinfang", sections: [{ key: "p2.s6", label: "二（六）", title: expect.any(String), status: "attention" }] },
    ]);
    // 三 is complete, so ou_fazhi is not listed for it. Parts 一, 二 and 四 owe nothing of their own: what
    // keeps them from complete is in their sub-sections, which are listed themselves (their lead texts are clean).
    expect(owedUnowned(r).map((s) => s.label)).toEqual([
      "开头", "一（一）", "二（一）", "二（二）", "二（三）", "二（五）", "二（七）", "二（八）", "四（二）", "五",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("section rules", () => {
  const one = (section: OutlineSection, text: string, owners: string[] = []) =>
    evaluateCompleteness({ sections: [input(section, text, owners)] }).sections[0]!;

  it("empty, with a hint when an owner is assigned", () => {
    const s = one(part(3, "存在的不足", { minLength: 50 }), " \n\u3000", ["ou_a", "ou_a"]);
    expect(s.status).toBe("empty");
    expect(s.reasons).toEqual([
      { code: "empty", severity: "blocking", message: "尚未填写" },
      { code: "owner_no_content", severity: "hint", ownerOpenIds: ["ou_a"], message: "已指定负责人，但还没有内容" },
    ]);
    expect(one(part(3, "x"), "").reasons.map((r) => r.code)).toEqual(["empty"]);
  });

  it("draft when below minLength (whitespace not counted)", () => {
    const s = one(part(3, "存在的不足", { minLength: 20 }), "一是学法不够深入。\n二是 执法 能力不足。");
    expect(s.length).toBe(18);
    expect(s.status).toBe("draft");
    expect(s.reasons).toEqual([{ code: "too_short", severity: "blocking", length: 18, minLength: 20, message: "已写 18 字，建议不少于 20 字" }]);
    expect(one(part(3, "x", { minLength: 18 }), "一是学法不够深入。\n二是 执法 能力不足。").status).toBe("complete");
  });

  it("complete answers such as 无 count whatever the length or punctuation", () => {
    const p5 = part(5, "其他需要报告的情况", { minLength: 50, completeAnswers: ["无", "无其他需要报告的情况"] });
    expect(one(p5, "无。").status).toBe("complete");
    expect(one(p5, " 无 ").status).toBe("complete");
    expect(one(p5, "无其他需要报告的情况。").status).toBe("complete");
    expect(one(p5, "无可奉告").status).toBe("draft");
  });

  it("placeholders make a long text need attention", () => {
    const s = one(part(1, "主要举措", { minLength: 10 }), "全年共办理行政处罚XX件，办理行政许可【待补充】，组织培训……次。");
    expect(s.status).toBe("attention");
    expect(s.reasons).toHaveLength(1);
    expect(s.reasons[0]).toMatchObject({ code: "placeholders", placeholders: ["XX件", "【待补充】", "……次"], count: 3 });
  });

  it("a required figure that is missing needs attention", () => {
    const p = part(1, "主要举措", { figures: [{ label: "行政复议案件数", pattern: "复议[^。]*?\\d+\\s*件" }] });
    expect(one(p, "办理行政复议案件3件。").status).toBe("complete");
    const s = one(p, "认真做好行政复议工作。");
    expect(s.status).toBe("attention");
    expect(s.reasons).toEqual([{ code: "figure_missing", severity: "warning", figure: "行政复议案件数", message: "缺少数据：行政复议案件数" }]);
  });

  it("an invalid figure pattern is skipped with a hint", () => {
    const s = one(part(1, "x", { figures: [{ label: "坏规则", pattern: "(" }] }), "内容");
    expect(s.status).toBe("complete");
    expect(s.reasons.map((r) => r.code)).toEqual(["figure_rule_invalid"]);
  });

  it("guidance topics are not completeness: they never block; missingTopics says which the text does not mention", () => {
    const p = part(2, "第一责任人", {
      guidance: {
        topics: [
          { label: "第一责任人职责", keywords: ["第一责任人"] },
          { label: "述法", keywords: ["述法", "述职述法"] },
          { label: "学法", keywords: ["学法", "中心组学习"] },
        ],
      },
    });
    const text = "主要负责人切实履行推进法治建设第一责任人职责。";
    const s = one(p, text);
    expect(s.status).toBe("complete");
    expect(s.reasons).toEqual([]);
    expect(summarizeReasons(s)).toBe("已完成");
    expect(missingTopics(p.spec, text)).toEqual(["述法", "学法"]);
    const r = evaluateCompleteness({ sections: [input(p, text)] });
    expect(r.percent).toBe(100);
    expect(r.warnings).toEqual([]);
  });

  it("counts characters as code points without whitespace", () => {
    expect(countChars("𠀀 a\u3000中\n")).toBe(3);
  });
});

describe("parts with sub-sections", () => {
  const p1 = part(1, "主要举措和成效", { minLength: 20, figures: [{ label: "案件数", pattern: "\\d+件" }] });
  const a = sub(p1, 1, "深化放管服改革", { minLength: 5 });
  const b = sub(p1, 2, "严格规范公正文明执法", { minLength: 5 });
  const c = sub(p1, 3, "可选小节", { required: false, minLength: 5 });
  const run = (lead: string, ta: string, tb: string, tc = "", owners: Record<string, string[]> = {}) =>
    evaluateCompleteness({
      sections: [input(p1, lead, owners.p1 ?? []), input(a, ta, owners.a ?? []), input(b, tb, owners.b ?? []), input(c, tc, owners.c ?? [])],
    });

  it("complete when every written sub-section is complete; lead text optional; figures searched in the sub-sections", () => {
    const r = run("", "办理许可2810件，跨省通办10850件。", "开展执法检查3785次，整改3681起。");
    expect(r.sections.map((s) => s.status)).toEqual(["complete", "complete", "complete", "empty"]);
    expect(r.sections[0]!.totalLength).toBe(r.sections[1]!.length + r.sections[2]!.length);
    // the part is the row; its unwritten suggestion 一（三） is not owed, not counted
    expect(r.requiredTotal).toBe(1);
    expect(r.percent).toBe(100);
    expect(r.sections.map((s) => s.owed)).toEqual([false, false, false, false]);
  });

  it("an unwritten sub-section does not keep its part incomplete: the part is judged on what it holds", () => {
    const r = run("我局扎实推进法治政府建设，办理案件12件。", "办理许可2810件，跨省通办10850件。", "");
    expect(r.sections[0]!.status).toBe("complete");
    expect(r.sections[0]!.reasons).toEqual([]);
    expect(r.sections[2]).toMatchObject({ status: "empty", required: false, owed: false });
    expect(r.percent).toBe(100);
    expect(r.ready).toBe(true);
  });

  it("a written sub-section that is a draft keeps its part a draft, and is owed", () => {
    const r = run("我局扎实推进法治政府建设，办理案件12件。", "办理许可2810件，跨省通办10850件。", "检查。");
    expect(r.sections[0]!.status).toBe("draft");
    expect(r.sections[0]!.reasons).toEqual([{ code: "children_incomplete", severity: "blocking", children: ["一（二）"], message: "小节未完成：一（二）" }]);
    expect(r.sections.map((s) => s.owed)).toEqual([false, false, true, false]);
    expect(r.percent).toBe(0);
  });

  it("a written optional child counts; its placeholders make the part need attention", () => {
    const r = run("", "办理许可2810件，跨省通办10850件。", "开展执法检查3785次，整改3681起。", "组织培训**次，参训***人。");
    expect(r.sections[3]!.status).toBe("attention");
    expect(r.sections[0]!.status).toBe("attention");
    expect(r.sections[0]!.reasons).toEqual([{ code: "children_attention", severity: "warning", children: ["一（三）"], message: "小节需核实：一（三）" }]);
    // the child's warning is reported once, under the child
    expect(r.warnings.map((w) => w.label)).toEqual(["一（三）"]);
  });

  it("placeholders in the lead text, and minLength over the whole part", () => {
    const r = run("共办理**件。", "许可1件。", "检查2次。");
    expect(r.sections[0]!.status).toBe("attention");
    expect(r.sections[0]!.reasons.map((x) => x.code)).toEqual(["placeholders", "too_short"]);
    expect(r.sections[0]!.reasons[1]).toMatchObject({ length: 17, minLength: 20 });
  });

  it("empty only when lead and all sub-sections are empty; then every suggestion is owed, by its owner or the part's", () => {
    const r = run("", "", "", "", { a: ["ou_a"], b: ["ou_b"] });
    expect(r.sections.map((s) => s.status)).toEqual(["empty", "empty", "empty", "empty"]);
    expect(r.percent).toBe(0);
    // the part itself is not listed: its suggestions are what is owed
    expect(r.sections.map((s) => s.owed)).toEqual([false, true, true, true]);
    expect(owedByOwner(r).map((o) => [o.openId, o.sections.map((s) => s.label)])).toEqual([
      ["ou_a", ["一（一）"]],
      ["ou_b", ["一（二）"]],
    ]);
    expect(owedUnowned(r).map((s) => s.label)).toEqual(["一（三）"]);
  });

  it("while a part is too short its unwritten suggestions stay owed; once complete, they are not", () => {
    const short = run("", "许可1件。", "");
    expect(short.sections[0]!.reasons.map((x) => x.code)).toEqual(["too_short"]);
    expect(short.sections.map((s) => s.owed)).toEqual([false, false, true, true]);
    const done = run("", "办理许可2810件，跨省通办10850件，公共服务事项29956件。", "");
    expect(done.sections[0]!.status).toBe("complete");
    expect(done.sections.map((s) => s.owed)).toEqual([false, false, false, false]);
  });

  it("a part with nothing owed below it owes itself (a missing figure, a part too short with every sub-section written)", () => {
    const r = run("", "开展执法检查三次，整改到位。", "开展专项整治行动，成效明显。", "组织培训，覆盖全体执法人员。");
    expect(r.sections[0]!.status).toBe("attention");
    expect(r.sections[0]!.reasons.map((x) => x.code)).toEqual(["figure_missing"]);
    expect(r.sections.map((s) => s.owed)).toEqual([true, false, false, false]);
    expect(owedUnowned(r).map((s) => s.label)).toEqual(["一"]);
  });

  it("a part's lead text with placeholders is owed with its sub-sections", () => {
    const r = run("共办理**件。", "", "");
    expect(r.sections[0]!.status).toBe("attention");
    expect(r.sections.map((s) => s.owed)).toEqual([true, true, true, true]);
  });
});

describe("a part pasted whole, with its own sub-headings", () => {
  const p1 = part(1, "主要举措和成效", { minLength: 60, figures: [{ label: "案件数", pattern: "\\d+件" }] });
  const a = sub(p1, 1, "深化放管服改革", { minLength: 5 });
  const b = sub(p1, 2, "严格规范公正文明执法", { minLength: 5 });
  const own = [
    "（一）深化“放管服”改革。推动“一件事一次办”，办理“跨省通办”10850件、行政许可2810件。",
    "（二）严格规范公正文明执法。持续落实“双随机一公开”监督，完成各类检查3785次。",
  ].join("\n");
  const run = (lead: string, ta = "", tb = "", owners: Record<string, string[]> = {}) =>
    evaluateCompleteness({ sections: [input(p1, lead, owners.p1 ?? []), input(a, ta, owners.a ?? []), input(b, tb, owners.b ?? [])] });

  it("is complete on its own text; the template's unwritten suggestions are dropped: not owed, not counted", () => {
    const r = run(own, "", "", { p1: ["ou_p"] });
    expect(r.sections[0]).toMatchObject({ status: "complete", ownSubheadings: true, owed: false, reasons: [] });
    expect(r.sections.slice(1).map((s) => [s.status, s.owed])).toEqual([["empty", false], ["empty", false]]);
    expect(r.percent).toBe(100);
    expect(r.ready).toBe(true);
    expect(owedByOwner(r)).toEqual([]);
    expect(owedUnowned(r)).toEqual([]);
  });

  it("half-width parentheses count too; a written sub-section is kept and counts", () => {
    const r = run(own.replace(/（/g, "(").replace(/）/g, ")"), "", "检查。");
    expect(r.sections[0]!.ownSubheadings).toBe(true);
    expect(r.sections[0]!.status).toBe("draft");
    expect(r.sections.map((s) => s.owed)).toEqual([false, false, true]);
  });

  it("too short: the part owes itself, not the dropped suggestions", () => {
    const r = run("（一）深化改革，办理许可3件。");
    expect(r.sections[0]!.reasons.map((x) => x.code)).toEqual(["too_short"]);
    expect(r.sections.map((s) => s.owed)).toEqual([true, false, false]);
  });

  it("a （一） in the middle of a sentence is not a sub-heading", () => {
    const r = run("我局按照（一）类标准办理许可3件，持续推进改革，办理跨省通办10850件，行政许可2810件，公共服务事项若干。");
    expect(r.sections[0]!.ownSubheadings).toBe(false);
  });
});

describe("owners follow the outline", () => {
  const p1 = part(1, "主要举措和成效", { minLength: 20 });
  const a = sub(p1, 1, "甲", { minLength: 5 });
  const b = sub(p1, 2, "乙", { minLength: 5 });
  const c = sub(p1, 3, "丙", { minLength: 5 });

  it("a part's owner owns its sub-sections without an owner of their own; an owner of its own overrides for that one only", () => {
    const r = evaluateCompleteness({ sections: [input(p1, "", ["ou_zhang"]), input(a, ""), input(b, "", ["ou_li"]), input(c, "")] });
    expect(r.sections.map((s) => [s.label, s.ownerOpenIds, s.ownersInherited])).toEqual([
      ["一", ["ou_zhang"], false],
      ["一（一）", ["ou_zhang"], true],
      ["一（二）", ["ou_li"], false],
      ["一（三）", ["ou_zhang"], true],
    ]);
    expect(owedByOwner(r).map((o) => [o.openId, o.sections.map((s) => s.label)])).toEqual([
      ["ou_zhang", ["一（一）", "一（三）"]],
      ["ou_li", ["一（二）"]],
    ]);
    expect(owedUnowned(r)).toEqual([]);
    // the hint on an empty section names the owners as they apply
    expect(r.sections[1]!.reasons.find((x) => x.code === "owner_no_content")).toMatchObject({ ownerOpenIds: ["ou_zhang"] });
  });
});

describe("where a walk stops", () => {
  const p1 = part(1, "主要举措和成效", { minLength: 20 });
  const a = sub(p1, 1, "甲", { minLength: 5 });
  const p2 = part(2, "存在的不足", { minLength: 5 });
  const stops = (lead: string, ta: string, t2: string) =>
    evaluateCompleteness({ sections: [input(p1, lead), input(a, ta), input(p2, t2)] }).sections.filter(isWalkStop).map((s) => s.label);

  it("at a part that still needs writing (before its suggestions), at what is owed, and nowhere complete", () => {
    expect(stops("", "", "")).toEqual(["一", "一（一）", "二"]);
    expect(stops("", "许可1件。", "")).toEqual(["一", "二"]); // 一（一） written and complete; 一 still too short
    expect(stops("（一）甲。推进改革二十条措施，成效明显。", "", "不足之处在于人员。")).toEqual([]);
  });
});

describe("report level", () => {
  it("is deterministic and keeps input order", () => {
    const sections = splitReport(fixture("district-2022-draft.txt"), realSpecs);
    const r1 = evaluateCompleteness({ sections });
    const r2 = evaluateCompleteness({ sections: sections.map((s) => ({ ...s })) });
    expect(r2).toEqual(r1);
    expect(JSON.stringify(r2)).toBe(JSON.stringify(r1));
    expect(r1.sections.map((s) => s.key)).toEqual(sections.map((s) => s.section.key));
  });

  it("characters sum each section's own text once", () => {
    const p = part(1, "x");
    const s = sub(p, 1, "y");
    const r = evaluateCompleteness({ sections: [input(p, "一二三"), input(s, "四五")] });
    expect(r.characters).toBe(5);
    expect(r.sections[0]!.totalLength).toBe(5);
  });

  it("60 sections take well under 1 ms per section", () => {
    const draft = fixture("district-2022-draft.txt");
    const paragraphs = draft.split("\n").filter((l) => l.length > 50);
    const sections: CompletenessSectionInput[] = [];
    for (let n = 1; n <= 10; n++) {
      const p = part(n, `第${n}部分`, { minLength: 200, figures: [CASES_FIGURE], guidance: { topics: [{ label: "普法", keywords: ["普法", "法治宣传"] }] } });
      sections.push(input(p, paragraphs[n % paragraphs.length]!.slice(0, 80), [`ou_${n}`]));
      for (let k = 1; k <= 5; k++) sections.push(input(sub(p, k, `小节${k}`, { minLength: 100 }), paragraphs[(n * 5 + k) % paragraphs.length]!, [`ou_${n}_${k}`]));
    }
    expect(sections).toHaveLength(60);
    evaluateCompleteness({ sections }); // warm-up
    const runs = 20;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) evaluateCompleteness({ sections });
    const perSection = (performance.now() - t0) / runs / 60;
    // The bound the name states (1 ms), not a tighter one: ≈ 0.1 ms here, 0.27 ms seen on a machine at load 9.
    expect(perSection).toBeLessThan(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The built-in template with the real reports (test/fixtures). Moved here from the lean evaluation's
// comparison test when the reminder pass went over to this one evaluation.

const builtIn = resolveOutline(fazhiAnnualTemplate, defaultSettings(fazhiAnnualTemplate));

/** A real report pasted into the built-in template part by part, each part whole and unshaped (its own （一）… included). */
function pastedWhole(
  file: keyof typeof FIXTURE_PART_KEYS,
  titleLines: number,
  o: { edit?: (t: string) => string; owners?: Record<string, string[]>; leaveEmpty?: string[] } = {},
) {
  const owners = o.owners ?? {};
  const { preamble, parts } = seedParts((o.edit ?? ((t) => t))(seedFixture(file)), titleLines);
  const texts: Record<string, string> = { preamble: cleanPastedText(preamble) };
  parts.forEach((p, i) => (texts[FIXTURE_PART_KEYS[file][i]!] = cleanPastedText(p.text)));
  for (const key of o.leaveEmpty ?? []) texts[key] = "";
  return evaluateCompleteness({ sections: builtIn.map((section) => input(section, texts[section.key] ?? "", owners[section.key] ?? [])) });
}

describe("the real reports, each part pasted whole into the built-in template", () => {
  it("the finished 2023 南岸 report reads 100 %: its part 一 brings its own （一）…（六）, the eight suggestions are dropped", () => {
    const r = pastedWhole("nanan-2023-report.txt", 2, { owners: { measures: ["ou_zhang"] } });
    expect(r.sections.filter((s) => s.level < 2).map((s) => [s.label, s.status])).toEqual([
      ["开头", "complete"], ["一", "complete"], ["二", "complete"], ["三", "complete"], ["四", "complete"], ["五", "complete"],
    ]);
    expect(r.sections.find((s) => s.key === "measures")!.ownSubheadings).toBe(true);
    // the template's eight sub-sections of 一 are there, unwritten, owed by nobody
    const subs = r.sections.filter((s) => s.level === 2);
    expect(subs).toHaveLength(8);
    expect(subs.every((s) => s.status === "empty" && !s.owed && !s.required)).toBe(true);
    expect(r.percent).toBe(100);
    expect(r.ready).toBe(true);
    expect(owedByOwner(r)).toEqual([]);
    expect(owedUnowned(r)).toEqual([]);
  });

  it("the 2022 district draft: only its placeholder figures stand between it and 100 %; filled in, it reads 100 %", () => {
    const draft = pastedWhole("district-2022-draft.txt", 0);
    const open = draft.sections.filter((s) => s.level < 2 && s.status !== "complete");
    expect(open.map((s) => s.label)).toEqual(["开头", "一", "三", "四", "五"]);
    for (const s of open) expect(s.reasons.filter((x) => x.severity !== "hint").map((x) => x.code), s.label).toEqual(["placeholders"]);
    expect(draft.sections.find((s) => s.key === "measures")!.reasons.find((x) => x.code === "placeholders")).toMatchObject({ count: 60 });
    expect(draft.sections.filter((s) => s.level === 2).some((s) => s.owed)).toBe(false);
    expect(draft.percent).toBe(16);
    const filled = pastedWhole("district-2022-draft.txt", 0, { edit: (t) => t.replace(/[*＊]+/g, "2") });
    expect(filled.sections.filter((s) => s.status !== "complete" && s.level < 2)).toEqual([]);
    expect(filled.percent).toBe(100);
    expect(filled.ready).toBe(true);
  });

  it("a required part with no text at all keeps the report incomplete; its suggestions are owed, by the part's owner", () => {
    const r = pastedWhole("nanan-2023-report.txt", 2, { owners: { measures: ["ou_zhang"] }, leaveEmpty: ["measures"] });
    const measures = r.sections.find((s) => s.key === "measures")!;
    expect(measures).toMatchObject({ status: "empty", required: true, owed: false, ownerOpenIds: ["ou_zhang"] });
    expect(r.percent).toBe(83);
    expect(r.ready).toBe(false);
    const subs = r.sections.filter((s) => s.parentKey === "measures");
    expect(subs.every((s) => s.owed && s.ownersInherited && s.ownerOpenIds[0] === "ou_zhang")).toBe(true);
    expect(owedByOwner(r)).toEqual([{ openId: "ou_zhang", sections: subs.map((s) => ({ key: s.key, label: s.label, title: s.title, status: "empty" })) }]);
    expect(owedUnowned(r)).toEqual([]);
    // a part without suggestions owes itself
    const other = pastedWhole("nanan-2023-report.txt", 2, { owners: { other: ["ou_wang"] }, leaveEmpty: ["other"] });
    expect(other.sections.find((s) => s.key === "other")).toMatchObject({ status: "empty", owed: true, ownerOpenIds: ["ou_wang"] });
    expect(owedByOwner(other)).toEqual([{ openId: "ou_wang", sections: [{ key: "other", label: "五", title: "其他需要报告的情况", status: "empty" }] }]);
  });
});

describe("invariants on the real reports cut into the built-in template's sections", () => {
  const OWNERS: string[][] = [[], ["ou_a"], ["ou_a", "ou_a"], ["ou_a", "ou_b"], [], ["ou_c"]];
  const corpora = [
    ["nanan-2023-report.txt", 2],
    ["district-2022-draft.txt", 0],
    ["2023-workplan.txt", 1],
  ] as const;

  it("status, owed, owners, totals and the owner lists agree with the rules, whatever text lands where", () => {
    let checked = 0;
    const statuses = new Set<string>();
    for (const [f, titleLines] of corpora) {
      const blocks = seedBlocks(seedFixture(f), titleLines);
      for (let shift = 0; shift < blocks.length; shift++) {
        const sections = builtIn.map((section, j) => input(section, j % 3 === 2 ? "" : blocks[(j + shift) % blocks.length]!.text, OWNERS[(j + shift) % OWNERS.length]!));
        const r = evaluateCompleteness({ sections });
        const byKey = new Map(r.sections.map((s) => [s.key, s]));
        for (const [i, s] of r.sections.entries()) {
          statuses.add(s.status);
          expect(s.status === "empty", s.label).toBe(s.totalLength === 0);
          if (s.owed) expect(s.status, s.label).not.toBe("complete");
          const own = [...new Set(sections[i]!.ownerOpenIds)];
          const part = s.parentKey ? byKey.get(s.parentKey)! : null;
          expect(s.ownerOpenIds, s.label).toEqual(own.length === 0 && part ? part.ownerOpenIds : own);
          if (s.level === 2) {
            expect(s.required).toBe(false);
            if (s.totalLength === 0 && (part!.status === "complete" || part!.ownSubheadings)) expect(s.owed, s.label).toBe(false);
          }
          checked++;
        }
        const rows = r.sections.filter((s) => s.level < 2);
        expect(r.requiredTotal).toBe(rows.length);
        expect(r.requiredComplete).toBe(rows.filter((s) => s.status === "complete").length);
        const owed = r.sections.filter((s) => s.owed).map((s) => s.key);
        const listed = new Set([...owedByOwner(r).flatMap((o) => o.sections.map((s) => s.key)), ...owedUnowned(r).map((s) => s.key)]);
        expect([...listed].sort()).toEqual([...owed].sort());
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect([...statuses].sort()).toEqual(["attention", "complete", "draft", "empty"]);
  });

  it("complete answers compare as normalizeAnswer does, whatever the spacing and punctuation", () => {
    const section = { ...builtIn.find((s) => s.spec.completeAnswers.length > 0)!, parentKey: null };
    const answers = section.spec.completeAnswers;
    let seed = 11;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const marks = [" ", "\n", "\u3000", "。", "．", ".", "！", "!", "；", ";", "，", ",", "\u00a0", "\u2028", "\ufeff", "、", "无", "有", "😀"];
    let complete = 0;
    for (let n = 0; n < 3000; n++) {
      let text = "";
      const len = Math.floor(next() * 8);
      for (let i = 0; i < len; i++) text += marks[Math.floor(next() * marks.length)]!;
      const r = evaluateCompleteness({ sections: [input(section, text)] }).sections[0]!;
      const isAnswer = text.trim() !== "" && answers.some((a) => normalizeAnswer(a) === normalizeAnswer(text));
      if (isAnswer) {
        expect(r.status, JSON.stringify(text)).toBe("complete");
        complete++;
      } else if (r.status === "complete") {
        expect(r.length, JSON.stringify(text)).toBeGreaterThanOrEqual(section.spec.minLength);
      }
    }
    expect(complete).toBeGreaterThan(50);
  });
});
