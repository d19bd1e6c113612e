// Planning the import of a whole report: the report takes the document's part order, titles, sub-sections and
// texts; nothing the document says is lost; report settings are taken only where the report has none.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planImport, templateTitle, type ImportTarget } from "../../src/domain/import-plan.js";
import { defaultSettings, resolveOutline } from "../../src/domain/outline/resolve.js";
import { recognizeStructure } from "../../src/domain/structure/recognize.js";
import { fazhiAnnualTemplate as T } from "../../src/domain/templates/fazhi-annual.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");
const NANAN = fixture("nanan-2023-report.txt");
const DRAFT = fixture("district-2022-draft.txt");
const key = (seed: string) => {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, "0").slice(0, 6);
};

function target(over: Partial<ImportTarget> = {}): ImportTarget {
  return { template: T, settings: defaultSettings(T), texts: new Map(), title: templateTitle(T, 2025), office: "", year: 2025, recipient: "", documentDate: null, ...over };
}

/** The document as the report now prints it: headings (the bot's numbering) and texts, paragraph by paragraph. */
function printed(plan: ReturnType<typeof planImport>, texts: ReadonlyMap<string, string> = new Map()): string[] {
  const text = new Map(texts);
  for (const w of plan.writes) text.set(w.key, w.text);
  const out: string[] = [];
  for (const s of resolveOutline(T, plan.settings)) {
    const body = (text.get(s.key) ?? "").split("\n").filter((l) => l !== "");
    if (s.level === 0) out.push(...body);
    else if (/[。！？]$/.test(s.heading) && body.length > 0) out.push(s.heading + body[0], ...body.slice(1));
    else out.push(s.heading, ...body);
  }
  return out;
}

describe("planImport: the 2023 南岸区 report into a new report", () => {
  const doc = recognizeStructure(NANAN);
  const plan = planImport(doc, target(), "replace", key);
  const outline = resolveOutline(T, plan.settings);

  it("takes the document's part order and titles; numbering stays the bot's", () => {
    expect(outline.filter((s) => s.level === 1).map((s) => s.heading)).toEqual([
      "一、2023年推进法治政府建设的主要举措和成效",
      "二、党政主要负责人严格履行法治建设第一责任人职责，推进法治政府建设落实",
      "三、2023年推进法治政府建设存在的不足",
      "四、2024年推进法治政府建设的工作思路目标举措",
      "五、其他需要报告的情况",
    ]);
    expect(plan.settings.partOrder).toEqual(["measures", "leader", "shortcomings", "plan", "other"]);
  });

  it("the part's （一）…（六） become its sub-sections; the template's suggestions not in the document leave the outline", () => {
    const subs = outline.filter((s) => s.parentKey === "measures");
    expect(subs.map((s) => s.heading)).toEqual([
      "（一）深入学习贯彻党的二十大精神，推动我区交通法治政府部门建设",
      "（二）持续深化“放管服”改革，优化营商环境",
      "（三）强化政策法规引领，交通运输法规体系建设扎实推进",
      "（四）加强权力监督制约，科学民主依法决策",
      "（五）不断化解矛盾纠纷，促进社会公平正义",
      "（六）强化普法教育，全面提升队伍素质",
    ]);
    expect(outline.filter((s) => s.level === 2)).toHaveLength(6);
    // 三's 1. 2. 3. stay in its text, with their numbering.
    expect(plan.writes.find((w) => w.key === "shortcomings")!.text).toMatch(/^1\.观念的不足。/);
  });

  it("prints every paragraph of the report in order, each once (title and signature are the report's settings)", () => {
    const body = doc.text.split("\n").slice(doc.header.length);
    expect(printed(plan)).toEqual(body);
  });

  it("takes title, 发文机关 and year the report does not have yet", () => {
    expect(plan.meta).toEqual({ title: "重庆市南岸区交通局关于2023年法治政府建设情况的报告", office: "重庆市南岸区交通局", year: 2023 });
    // A title the owner set is kept, and so is the year it names; an office already set is kept.
    const own = planImport(doc, target({ title: "南岸区交通局2025年法治政府建设报告", office: "区交通局" }), "replace", key);
    expect(own.meta).toEqual({});
  });
});

describe("planImport: the 2022 district draft", () => {
  const doc = recognizeStructure(DRAFT);
  const plan = planImport(doc, target(), "replace", key);
  const outline = resolveOutline(T, plan.settings);

  it("five parts in the draft's order with its own titles; run-in sub-headings keep their closing mark", () => {
    expect(outline.filter((s) => s.level === 1).map((s) => `${s.key}|${s.heading}`)).toEqual([
      "leader|一、头雁领航，法治政府建设不断推进",
      "measures|二、依法行政，法治政府建设不断加强",
      "shortcomings|三、推进法治政府建设存在的不足和原因及对策建议",
      "plan|四、2023年推进法治政府建设的主要安排",
      "other|五、其他需要报告的内容（特色、亮点工作）",
    ]);
    expect(outline.filter((s) => s.parentKey === "leader").map((s) => s.heading)).toEqual(["（一）强化组织领导。", "（二）落实职责制度。", "（三）规范依法行政。"]);
    expect(outline.filter((s) => s.parentKey === "measures")).toHaveLength(8);
    expect(outline.filter((s) => s.parentKey === "plan")).toHaveLength(2);
  });

  it("prints every paragraph in order; the year 2022 is taken and the template title follows it", () => {
    expect(printed(plan)).toEqual(doc.text.split("\n"));
    expect(plan.meta).toEqual({ year: 2022, title: "关于2022年法治政府建设情况的报告" });
  });
});

describe("planImport into a report that has text", () => {
  const doc = recognizeStructure(DRAFT);
  const base = target();
  const texts = new Map([
    ["preamble", "原有的开头。"],
    ["measures.study", "原有的学习情况。"],
    ["shortcomings", "原有的不足。"],
    ["plan", "原有的安排导语。"],
    ["measures", "原有的举措导语。"],
  ]);

  it("replace: the document's text everywhere it has some; a part lead the document leaves empty is emptied", () => {
    const plan = planImport(doc, { ...base, texts }, "replace", key);
    const by = new Map(plan.writes.map((w) => [w.key, w]));
    expect(by.get("preamble")).toMatchObject({ replaces: true });
    expect(by.get("shortcomings")!.text).toMatch(/^一是综合行政执法能力/);
    expect(by.get("measures")).toEqual({ key: "measures", text: "", replaces: true });
    expect(plan.kept).toEqual([]);
    // measures.study (not in the draft) leaves the outline; its text stays in the answers.
    expect(resolveOutline(T, plan.settings).some((s) => s.key === "measures.study")).toBe(false);
    expect(plan.writes.some((w) => w.key === "measures.study")).toBe(false);
  });

  it("fill: sections with text keep it; a sub-section with text stays, after the document's", () => {
    const plan = planImport(doc, { ...base, texts }, "fill", key);
    expect(plan.kept.sort()).toEqual(["measures", "measures.study", "plan", "preamble", "shortcomings"]);
    expect(plan.writes.map((w) => w.key)).not.toContain("preamble");
    const measures = resolveOutline(T, plan.settings).filter((s) => s.parentKey === "measures");
    expect(measures).toHaveLength(9);
    expect(measures.at(-1)!.key).toBe("measures.study");
  });

  it("a key that collides with one in use is varied, never reused", () => {
    const clash = (seed: string) => (seed.includes("#") ? key(seed) : "abc123");
    const plan = planImport(doc, base, "replace", clash);
    const keys = resolveOutline(T, plan.settings).map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k.endsWith(".iabc123"))).toHaveLength(3); // the first sub-section of 一, 二 and 四
  });

  it("planning the same import again gives the same outline (keys derive from the seed)", () => {
    const a = planImport(doc, base, "replace", key);
    const b = planImport(doc, { ...base, settings: a.settings }, "replace", key);
    expect(resolveOutline(T, b.settings).map((s) => s.key)).toEqual(resolveOutline(T, a.settings).map((s) => s.key));
  });
});

describe("planImport: parts that report no mandated item, closing and signature", () => {
  const text = [
    "区交通局关于2024年法治政府建设情况的报告",
    "区司法局：",
    "2024年，我局坚持以习近平法治思想为指导，现将有关情况报告如下：",
    "一、主要举措和成效",
    "全年办理行政许可2810件，开展执法检查3785次，组织学法12次，宣讲4场，复议应诉、普法宣传、重大行政决策均按要求落实。",
    "二、存在的不足",
    "执法人员不足，信息化水平有待提高。",
    "三、安全生产工作",
    "开展隐患排查整治。",
    "四、下一步工作安排",
    "我局将继续加强执法队伍建设。",
    "特此报告。",
    "区交通局",
    "2025年1月10日",
  ].join("\n");
  const doc = recognizeStructure(text);
  const plan = planImport(doc, target(), "replace", key);

  it("an unknown part is kept as a part the report adds, in its place; missing template parts follow", () => {
    const parts = resolveOutline(T, plan.settings).filter((s) => s.level === 1);
    expect(parts.map((s) => s.heading)).toEqual(["一、主要举措和成效", "二、存在的不足", "三、安全生产工作", "四、下一步工作安排", "五、党政主要负责人履行推进法治建设第一责任人职责情况", "六、其他需要报告的情况"]);
    expect(plan.settings.addedParts).toEqual([{ key: parts[2]!.key, title: "安全生产工作" }]);
    expect(plan.parts.map((p) => p.added)).toEqual([false, false, true, false]);
  });

  it("特此报告 ends the last text; office, 主送机关 and 成文日期 are taken", () => {
    expect(plan.writes.at(-1)!.text).toBe("我局将继续加强执法队伍建设。\n特此报告。");
    expect(plan.meta).toMatchObject({ office: "区交通局", year: 2024, recipient: "区司法局", documentDate: "2025-01-10", title: "区交通局关于2024年法治政府建设情况的报告" });
  });
});
