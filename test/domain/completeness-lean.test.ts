// The lean evaluation (what a reminder pass reads) must give, for every section, exactly what the full
// evaluation gives: status, summarizeReasons text, required, owners, whether it has sub-sections, and the
// message of its own placeholders. Compared on the real reports in test/fixtures and on many generated and
// mutated texts; any difference fails.
import { describe, expect, it } from "vitest";
import { evaluateCompleteness, normalizeAnswer, withoutAssertions, type CompletenessSectionInput } from "../../src/domain/completeness.js";
import { evaluateCompletenessLean, leanOf, type LeanSectionCompleteness } from "../../src/domain/completeness-lean.js";
import type { OutlineSection, SectionTemplate } from "../../src/domain/model.js";
import { addSubsection, defaultSettings, resolveOutline } from "../../src/domain/outline.js";
import { placeholderLabel, scanLean, scanSectionText } from "../../src/domain/placeholders.js";
import { fazhiAnnualTemplate } from "../../src/domain/templates/fazhi-annual.js";
import { fixture, seedBlocks } from "../helpers/seeds.js";

const FIXTURES = ["nanan-2023-report.txt", "district-2022-draft.txt", "2023-workplan.txt"].map(fixture);

function rnd(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** Every field of a lean result, read one by one (a part's status and summary are getters). */
function plain(l: LeanSectionCompleteness) {
  return { status: l.status, why: l.why, required: l.required, ownerOpenIds: [...l.ownerOpenIds], hasChildren: l.hasChildren, placeholders: l.placeholders };
}

/** Compares lean and full on one report; returns the number of sections compared. */
let calls = 0;
function same(sections: CompletenessSectionInput[]): number {
  const order = calls++ % 2 === 0 ? "forward" : "backward";
  const lean = evaluateCompletenessLean({ sections });
  const full = evaluateCompleteness({ sections }).sections.map(leanOf);
  expect(lean.length).toBe(sections.length);
  for (let i = 0; i < sections.length; i++) {
    // Plain objects, so a failure shows the section and its text. Sections are read in a varying order
    // (a part's status is worked out when first read, possibly after its parent's).
    const k = order === "forward" ? i : sections.length - 1 - i;
    const ctx = { label: sections[k]!.section.label, text: sections[k]!.text.slice(0, 200) };
    expect({ ...ctx, ...plain(lean[k]!) }).toEqual({ ...ctx, ...plain(full[k]!) });
  }
  return sections.length;
}

// The built-in template's outline, and the same with six added sub-sections (the benchmark's 20 sections).
const baseOutline = resolveOutline(fazhiAnnualTemplate, defaultSettings(fazhiAnnualTemplate));
let settings = defaultSettings(fazhiAnnualTemplate);
for (const [parent, title, key] of [
  ["shortcomings", "法治队伍建设仍需加强", "shortcomings.t1"],
  ["shortcomings", "基层执法规范化水平有待提升", "shortcomings.t2"],
  ["plan", "持续深化法治政府示范创建", "plan.t1"],
  ["leader", "党政主要负责人履行第一责任人职责", "leader.t1"],
  ["other", "其他需要报告的情况", "other.t1"],
] as const) {
  const r = addSubsection(fazhiAnnualTemplate, settings, parent, title, key);
  if (!r.ok) throw new Error(r.message);
  settings = r.settings;
}
const wideOutline = resolveOutline(fazhiAnnualTemplate, settings);

const OWNERS: string[][] = [[], ["ou_a"], ["ou_a", "ou_a"], ["ou_a", "ou_b"], ["ou_b", "ou_a", "ou_b"], ["ou_a", "ou_b", "ou_c"]];

// Pieces the generated texts are made of: placeholders of every kind, near-misses, figures, topics, answers.
const PIECES = [
  "",
  " ",
  "\n",
  "\u3000\u3000",
  "已开展相关工作。",
  "全年共办理行政复议案件***件，",
  "XX项制度已修订。",
  "××名干部参加培训。",
  "20XX年",
  "202X年",
  "2023年",
  "1998年",
  "19XX年",
  "199X年",
  "好",
  "共12",
  "件",
  "12",
  "【待补充】",
  "（具体数字）",
  "（此处填写案件数）",
  "（请填写3项）",
  "【 待补充 】",
  "（一）",
  "（见附件）",
  "共……件",
  "第……次",
  "现将……报告如下：",
  "……",
  "。。。",
  "开展……等活动",
  "□□",
  "____件",
  "3×4",
  "2*3",
  "Excel表格",
  "XXL",
  "x件",
  "无",
  "无。",
  " 无 ",
  "无，无",
  "不涉及",
  "组织学习12次，",
  "检查 35 次，",
  "行政处罚案件 3 件，",
  "复议案件2件，",
  "信访45件，",
  "演练10余次，",
  "每月组织学法培训，",
  "开展普法活动20场，",
  "核发电子证照300张，",
  "公开信息56条，",
  "召开会议2次，",
  "审查规范性文件8件，",
  "习近平法治思想",
  "重大行政决策",
  "法律顾问",
  "执法",
  "领导小组",
  "四个亲自",
  "存在的不足",
  "下一步",
  "特色亮点",
  "😀",
  "\u200b",
  "\ufeff",
  "\t",
  "１２件",
];

function generatedText(next: () => number): string {
  const kind = next();
  if (kind < 0.1) return "";
  if (kind < 0.2) {
    const f = FIXTURES[Math.floor(next() * FIXTURES.length)]!;
    const start = Math.floor(next() * f.length);
    return f.slice(start, start + Math.floor(next() * 900));
  }
  const parts: string[] = [];
  const count = 1 + Math.floor(next() * (kind < 0.6 ? 4 : 14));
  for (let i = 0; i < count; i++) {
    if (next() < 0.15) {
      const f = FIXTURES[Math.floor(next() * FIXTURES.length)]!;
      const start = Math.floor(next() * f.length);
      parts.push(f.slice(start, start + Math.floor(next() * 120)));
    } else {
      parts.push(PIECES[Math.floor(next() * PIECES.length)]!);
    }
  }
  return parts.join(next() < 0.5 ? "" : "\n");
}

describe("lean completeness = full completeness, section by section", () => {
  it("on the real reports, cut into the template's sections", () => {
    let compared = 0;
    for (const [f, titleLines] of [
      ["nanan-2023-report.txt", 2],
      ["district-2022-draft.txt", 0],
      ["2023-workplan.txt", 1],
    ] as const) {
      const blocks = seedBlocks(fixture(f), titleLines);
      for (const outline of [baseOutline, wideOutline]) {
        for (let shift = 0; shift < blocks.length; shift++) {
          const sections = outline.map((section, j) => ({ section, text: blocks[(j + shift) % blocks.length]!.text, ownerOpenIds: OWNERS[(j + shift) % OWNERS.length]! }));
          compared += same(sections);
        }
      }
      // The whole report in one section, and line by line.
      for (const section of baseOutline) compared += same([{ section: { ...section, parentKey: null }, text: fixture(f), ownerOpenIds: [] }]);
      const lines = fixture(f).split("\n");
      compared += same(lines.slice(0, baseOutline.length).map((text, j) => ({ section: baseOutline[j]!, text, ownerOpenIds: [] })));
    }
    expect(compared).toBeGreaterThan(500);
  });

  it("on generated and mutated texts, with and without owners", () => {
    const next = rnd(20251123);
    let compared = 0;
    const statuses = new Set<string>();
    for (let n = 0; n < 1500; n++) {
      const outline = n % 2 === 0 ? baseOutline : wideOutline;
      const sections = outline.map((section) => {
        // Sub-sections are often left empty so parts see every mix of written and empty children.
        const text = section.level === 2 && next() < 0.3 ? "" : generatedText(next);
        return { section, text, ownerOpenIds: OWNERS[Math.floor(next() * OWNERS.length)]! };
      });
      compared += same(sections);
      for (const s of evaluateCompleteness({ sections }).sections) statuses.add(s.status);
    }
    expect(compared).toBeGreaterThan(20000);
    expect([...statuses].sort()).toEqual(["attention", "complete", "draft", "empty"]);
  });

  it("a part's status and summary do not depend on evaluations made before they are read", () => {
    const next = rnd(4242);
    const reports = Array.from({ length: 40 }, (_, n) =>
      (n % 2 === 0 ? baseOutline : wideOutline).map((section) => ({ section, text: generatedText(next), ownerOpenIds: OWNERS[Math.floor(next() * OWNERS.length)]! })),
    );
    // Evaluate all first, read afterwards (and each report's sections from the last to the first).
    const lean = reports.map((sections) => evaluateCompletenessLean({ sections }));
    reports.forEach((sections, n) => {
      const full = evaluateCompleteness({ sections }).sections.map(leanOf);
      for (let i = sections.length - 1; i >= 0; i--) expect(plain(lean[n]![i]!), sections[i]!.section.label).toEqual(plain(full[i]!));
    });
  });

  it("with unusual specs and structures", () => {
    const spec = (key: string, over: Partial<SectionTemplate> = {}): SectionTemplate => ({
      key,
      title: key,
      prompt: "",
      guidance: { topics: [{ label: "话题", keywords: ["执法"] }] },
      required: true,
      minLength: 10,
      completeAnswers: [],
      figures: [],
      children: [],
      ...over,
    });
    const sec = (key: string, level: 0 | 1 | 2, parentKey: string | null, over: Partial<SectionTemplate> = {}): OutlineSection => ({
      key,
      parentKey,
      level,
      index: 1,
      label: key,
      numericLabel: key,
      heading: key,
      title: key,
      spec: spec(key, over),
    });
    const figures = [
      { label: "件数", pattern: "\\d+\\s*件" },
      { label: "无效", pattern: "(" },
      { label: "每月", pattern: "\\d+次|每月[^。]{0,10}培训" },
      { label: "非数字", pattern: "[一二三]件" },
      // Assertions (the whole text is always joined) and matches that span a part and its sub-section.
      { label: "开头", pattern: "^\\d+件" },
      { label: "结尾", pattern: "件$" },
      { label: "词界", pattern: "\\bXX\\b" },
      { label: "后顾", pattern: "(?<=共)\\d+" },
      { label: "前瞻", pattern: "\\d+(?!\\s*件)" },
      { label: "跨段", pattern: "共\\d+\\s+件" },
      { label: "换行", pattern: "12\\n件" },
    ];
    const shapes: OutlineSection[][] = [
      [sec("p", 1, null, { figures, minLength: 30 }), sec("p.a", 2, "p", { figures }), sec("p.b", 2, "p", { required: false }), sec("p.c", 2, "p", { completeAnswers: ["无", "不涉及。"] })],
      // A child listed before its parent, a child at the parent's level, a missing parent, a deeper level.
      [sec("c1", 2, "p"), sec("p", 1, null, { figures, completeAnswers: ["无"] }), sec("c2", 1, "p"), sec("x", 2, "missing"), sec("y", 2, "y")],
      [sec("a", 0, null, { completeAnswers: ["无。"], minLength: 0 }), sec("b", 1, null, { minLength: 0, required: false }), sec("b.1", 2, "b", { required: false, minLength: 0 })],
      [sec("deep", 3 as 2, "b"), sec("b", 1, null, { figures }), sec("b.1", 2, "b", { figures })],
    ];
    const next = rnd(99);
    let compared = 0;
    // Every combination of short texts for a part whose complete answer is "无" and its two children.
    const small = ["", " ", "无", "无。", "好", "好好", "***"];
    const family = [sec("p", 1, null, { completeAnswers: ["无"], minLength: 5 }), sec("p.a", 2, "p", { minLength: 1 }), sec("p.b", 2, "p", { required: false, minLength: 3 })];
    for (const a of small) for (const b of small) for (const c of small) compared += same(family.map((section, k) => ({ section, text: [a, b, c][k]!, ownerOpenIds: [] })));
    // A figure found only across the lead text and a sub-section (the whole text joins them with a newline).
    const spanning = [sec("p", 1, null, { figures: [{ label: "件数", pattern: "共\\d+\\s*件" }, { label: "跨行", pattern: "\\d+\\n\\S" }] }), sec("p.a", 2, "p"), sec("p.b", 2, "p")];
    for (const texts of [
      ["全年共12", "件，均已办结。", ""],
      ["全年共", "12件，均已办结。", ""],
      ["", "全年共12", "件，均已办结。"],
      ["全年共12件", "", "其他"],
      ["全年", "共12", ""],
    ]) {
      compared += same(spanning.map((section, k) => ({ section, text: texts[k]!, ownerOpenIds: [] })));
    }
    for (const shape of shapes) {
      for (let n = 0; n < 800; n++) {
        compared += same(shape.map((section) => ({ section, text: next() < 0.3 ? "" : generatedText(next), ownerOpenIds: OWNERS[Math.floor(next() * OWNERS.length)]! })));
      }
    }
    expect(compared).toBeGreaterThan(10000);
  });
});

describe("the lean scan, the complete-answer check and the piece-by-piece figure check", () => {
  it("withoutAssertions: true only for expressions whose matches do not look outside themselves", () => {
    for (const p of ["\\d+\\s*件", "处罚[^。]{0,10}?\\d+\\s*件", "[^$^]件", "\\^\\$", "(?<name>\\d+)次", "(?:复议|应诉)\\d+", "a\\\\b"]) {
      expect(withoutAssertions(p), p).toBe(true);
    }
    for (const p of ["^\\d+件", "件$", "\\bXX", "X\\B", "(?=件)", "(?!件)", "(?<=共)\\d", "(?<!第)\\d", "a|^b", "[\\b]"]) {
      expect(withoutAssertions(p), p).toBe(false);
    }
  });

  it("scanLean: the full scan's count, distinct labels and length when there are placeholders, else its length and whether /[0-9]/ matches", () => {
    const next = rnd(5);
    const texts: string[] = [...FIXTURES, ...FIXTURES.flatMap((f) => f.split("\n")), ...PIECES];
    for (let n = 0; n < 5000; n++) texts.push(generatedText(next));
    // Many distinct labels (more than scanLean compares one by one), repeated.
    const many = Array.from({ length: 150 }, (_, i) => `${"*".repeat(1 + (i % 50))}${i < 50 ? "件" : i < 100 ? " 次" : ""}，`).join("");
    texts.push(many, many + many, `X件${many}XX 名`);
    for (const text of texts) {
      const full = scanSectionText(text);
      const lean = scanLean(text);
      if (full.placeholders.length > 0) expect(lean, text).toEqual({ count: full.placeholders.length, labels: [...new Set(full.placeholders.map(placeholderLabel))], length: full.length });
      else expect(lean, text).toBe(full.length * 2 + (/[0-9]/.test(text) ? 1 : 0));
    }
  });

  it("complete answers compare as normalizeAnswer does, whatever the spacing and punctuation", () => {
    const section = { ...baseOutline.find((s) => s.spec.completeAnswers.length > 0)!, parentKey: null };
    const answers = section.spec.completeAnswers;
    const next = rnd(11);
    const marks = [" ", "\n", "\u3000", "。", "．", ".", "！", "!", "；", ";", "，", ",", "\u00a0", "\u2028", "\ufeff", "、", "无", "有", "😀"];
    let complete = 0;
    for (let n = 0; n < 3000; n++) {
      let text = "";
      const len = Math.floor(next() * 8);
      for (let i = 0; i < len; i++) text += marks[Math.floor(next() * marks.length)]!;
      const full = evaluateCompleteness({ sections: [{ section, text, ownerOpenIds: [] }] }).sections[0]!;
      const lean = evaluateCompletenessLean({ sections: [{ section, text, ownerOpenIds: [] }] })[0]!;
      expect(plain(lean), JSON.stringify(text)).toEqual(plain(leanOf(full)));
      if (text.trim() !== "" && answers.some((a) => normalizeAnswer(a) === normalizeAnswer(text))) {
        expect(lean.status).toBe("complete");
        complete++;
      }
    }
    expect(complete).toBeGreaterThan(50);
  });
});
