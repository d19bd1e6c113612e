// Structure recognition on the real reports in test/fixtures and on variations generated from them.
// Expected titles, counts and placeholder numbers were read off the fixtures by hand (placeholder counts: runs of
// "*" per line of the fixture); the variations are built from the fixtures' lines with local regexes, not with the
// module under test.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findPlaceholders, placeholderLabel } from "../../src/domain/placeholders.js";
import { classifyPartTitle } from "../../src/domain/structure/mandated.js";
import { looksLikeWholeReport, recognizeStructure } from "../../src/domain/structure/recognize.js";
import type { MandatedItem, RecognizedDocument, RecognizedSection } from "../../src/domain/structure/types.js";
import { pastedText } from "../../src/domain/structure/sections.js";
import { splitLeadingHeading } from "../../src/domain/structure/leading-heading.js";
import { fazhiAnnualTemplate } from "../../src/domain/templates/fazhi-annual.js";
import { cleanPastedText } from "../../src/domain/text-clean.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
const nanan = fixture("nanan-2023-report.txt");
const district = fixture("district-2022-draft.txt");
const workplan = fixture("2023-workplan.txt");

// ---------------------------------------------------------------------------------------------
// Helpers (independent of the module: they re-join what it returns and rebuild texts from lines)

/** A section's text re-joined from its pieces, as the module comment defines it. */
function joined(s: Pick<RecognizedSection, "heading" | "runIn" | "body">): string {
  if (s.runIn) return s.heading + s.body;
  return [s.heading, s.body].filter((x) => x !== "").join("\n");
}

/** Every recognised piece, in order, as paragraphs. */
function pieces(doc: RecognizedDocument): string[] {
  const out = [...doc.header];
  if (doc.preamble !== undefined) out.push(...doc.preamble.split("\n"));
  for (const p of doc.parts) out.push(...joined(p).split("\n"));
  if (doc.closing !== undefined) out.push(doc.closing);
  if (doc.signature) out.push(...doc.signature.lines);
  return out;
}

/** Non-space characters with half-width , : ; ( ) ! ? read as full-width: what survives any cleaning. */
function letters(s: string): string {
  const wide: Record<string, string> = { ",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？" };
  return s.replace(/[\s\u3000]+/g, "").replace(/[,:;()!?]/g, (c) => wide[c]!);
}

/** Nothing lost, nothing duplicated: the pieces are the cleaned paragraphs, and hold every character of the input. */
function expectNothingLost(raw: string, doc: RecognizedDocument): void {
  const paragraphs = cleanPastedText(raw).split("\n");
  expect(doc.text).toBe(paragraphs.join("\n"));
  expect(doc.paragraphs).toBe(paragraphs.length);
  expect(pieces(doc)).toEqual(paragraphs);
  expect(letters(pieces(doc).join(""))).toBe(letters(raw));
  for (const p of doc.parts) {
    expect(p.body).toBe([p.lead, ...p.subsections.map(joined)].filter((x) => x !== "").join("\n"));
    expect(pastedText(p)).toBe(joined(p));
    for (const s of p.subsections) expect(pastedText(s)).toBe(joined(s));
  }
}

const titles = (doc: RecognizedDocument) => doc.parts.map((p) => p.title);
const mandated = (doc: RecognizedDocument) => doc.parts.map((p) => p.mandated);
const subTitles = (doc: RecognizedDocument, i: number) => doc.parts[i]!.subsections.map((s) => s.title);

const PART_RE = /^[一二三四五六七八九十]+、/;
const CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

interface Pieces {
  header: string[];
  preamble: string[];
  parts: { heading: string; lines: string[] }[];
}

/** A fixture's cleaned lines: `headerLines` lines of header, the preamble up to the first 一、 line, then parts. */
function split(raw: string, headerLines: number): Pieces {
  const lines = cleanPastedText(raw).split("\n");
  const header = lines.slice(0, headerLines);
  const preamble: string[] = [];
  const parts: Pieces["parts"] = [];
  for (const line of lines.slice(headerLines)) {
    if (PART_RE.test(line)) parts.push({ heading: line, lines: [] });
    else if (parts.length > 0) parts[parts.length - 1]!.lines.push(line);
    else preamble.push(line);
  }
  return { header, preamble, parts };
}

/** A report text from pieces, parts renumbered 一、二、… in the given order. */
function compose(p: Pieces, order: number[] = p.parts.map((_, i) => i), eol = "\n"): string {
  const lines = [...p.header, ...p.preamble];
  order.forEach((k, i) => {
    const part = p.parts[k]!;
    lines.push(part.heading.replace(PART_RE, `${CN[i]}、`), ...part.lines);
  });
  return lines.join(eol);
}

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  const out: number[][] = [];
  for (const rest of permutations(n - 1)) {
    for (let i = 0; i <= rest.length; i++) out.push([...rest.slice(0, i), n - 1, ...rest.slice(i)]);
  }
  return out;
}

const NANAN_TITLES = [
  "2023年推进法治政府建设的主要举措和成效",
  "党政主要负责人严格履行法治建设第一责任人职责，推进法治政府建设落实",
  "2023年推进法治政府建设存在的不足",
  "2024年推进法治政府建设的工作思路目标举措",
  "其他需要报告的情况",
];
const NANAN_ITEMS: MandatedItem[] = ["measures", "leader", "shortcomings", "plan", "other"];
const DISTRICT_TITLES = [
  "头雁领航，法治政府建设不断推进",
  "依法行政，法治政府建设不断加强",
  "推进法治政府建设存在的不足和原因及对策建议",
  "2023年推进法治政府建设的主要安排",
  "其他需要报告的内容（特色、亮点工作）",
];
const DISTRICT_ITEMS: MandatedItem[] = ["leader", "measures", "shortcomings", "plan", "other"];

// ---------------------------------------------------------------------------------------------

describe("recognizeStructure on the 南岸区 2023 report (nanan-2023-report.txt)", () => {
  const doc = recognizeStructure(nanan);

  it("finds the 发文机关 line above the title, the full title and the year", () => {
    expect(doc.header).toEqual(["重庆市南岸区交通局", "关于2023年法治政府建设情况的报告"]);
    expect(doc.title).toBe("重庆市南岸区交通局关于2023年法治政府建设情况的报告");
    expect(doc.issuer).toBe("重庆市南岸区交通局");
    expect(doc.year).toBe(2023);
    expect(doc.recipient).toBeUndefined();
  });

  it("takes the paragraph before 一、 as the preamble, ending in 报告如下：", () => {
    expect(doc.preamble).toMatch(/^南岸区交通局以习近平新时代中国特色社会主义思想为指导，/);
    expect(doc.preamble!.endsWith("现将我局法治政府建设工作情况报告如下：")).toBe(true);
    expect(doc.preamble).not.toContain("\n");
  });

  it("finds the five parts in order with their titles, markers and mandated items (all by title)", () => {
    expect(titles(doc)).toEqual(NANAN_TITLES);
    expect(doc.parts.map((p) => p.marker)).toEqual(["一、", "二、", "三、", "四、", "五、"]);
    expect(doc.parts.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(mandated(doc)).toEqual(NANAN_ITEMS);
    expect(doc.parts.map((p) => p.mandatedBy)).toEqual(["title", "title", "title", "title", "title"]);
    expect(doc.missing).toEqual([]);
    expect(looksLikeWholeReport(doc)).toBe(true);
  });

  it("nests (一)…(六) under part 一 and 1. 2. 3. under part 三, which has no (一)", () => {
    expect(doc.parts.map((p) => p.subsections.length)).toEqual([6, 0, 3, 0, 0]);
    expect(subTitles(doc, 0)).toEqual([
      "深入学习贯彻党的二十大精神，推动我区交通法治政府部门建设",
      "持续深化“放管服”改革，优化营商环境",
      "强化政策法规引领，交通运输法规体系建设扎实推进",
      "加强权力监督制约，科学民主依法决策",
      "不断化解矛盾纠纷，促进社会公平正义",
      "强化普法教育，全面提升队伍素质",
    ]);
    // "(一)" and "(二)" are half-width in the fixture; the cleaned text and the markers are full-width.
    expect(doc.parts[0]!.subsections.map((s) => s.marker)).toEqual(["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]);
    expect(doc.parts[0]!.subsections.every((s) => s.level === 2 && !s.runIn)).toBe(true);
    expect(doc.parts[0]!.lead).toBe("");

    const three = doc.parts[2]!;
    expect(subTitles(doc, 2)).toEqual(["观念的不足", "机制的不足", "交通建设领域执法人员不足"]);
    expect(three.subsections.map((s) => [s.marker, s.level, s.runIn])).toEqual([
      ["1.", 3, true],
      ["2.", 3, true],
      ["3.", 3, true],
    ]);
    expect(three.subsections[0]!.heading).toBe("1.观念的不足。");
    expect(three.subsections[0]!.body.startsWith("进一步转变传统观念，积极适应形势发展要求。")).toBe(true);
  });

  it("keeps deeper levels in the sub-section's body with their markers, Word breaks joined", () => {
    const two = doc.parts[0]!.subsections[1]!;
    const lines = two.body.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^1\.持续推进简政放权，审批服务快捷高效，提升政务服务水平。推动“一件事一次办”/);
    expect(lines[1]).toMatch(/^2\.紧紧围绕/);
    expect(lines[2]).toMatch(/^3\.加强和规范事前事中事后监管/);
    const three = doc.parts[0]!.subsections[2]!;
    expect(three.body).toContain("重大事项、重大决策法律咨询制度，2023年以来");
    expect(doc.parts[0]!.subsections[4]!.body).toContain("我局共处理信访案件100余件");
  });

  it("takes parts without sub-headings as lead text only", () => {
    expect(doc.parts[1]!.lead.startsWith("按上级部署，把推进法治建设作为党政主要负责人的第一责任人职责")).toBe(true);
    expect(doc.parts[1]!.lead).toBe(doc.parts[1]!.body);
    expect(doc.parts[3]!.lead.startsWith("我局将全面贯彻落实习近平法治思想")).toBe(true);
    expect(doc.parts[4]!.body).toBe("无。");
  });

  it("has no signature, closing or placeholder (the real text ends with 无。)", () => {
    expect(doc.signature).toBeUndefined();
    expect(doc.closing).toBeUndefined();
    expect(doc.placeholders).toBe(0);
    expect(doc.parts.flatMap((p) => [p.placeholders, ...p.subsections.map((s) => s.placeholders)]).every((n) => n === 0)).toBe(true);
  });

  it("loses nothing: the pieces re-joined are every paragraph of the source, in order", () => {
    expectNothingLost(nanan, doc);
  });
});

describe("recognizeStructure on the district 2022 draft (district-2022-draft.txt)", () => {
  const doc = recognizeStructure(district);

  it("has no title lines; the year comes from the preamble's 现将本单位2022年度…报告如下", () => {
    expect(doc.header).toEqual([]);
    expect(doc.title).toBeUndefined();
    expect(doc.issuer).toBeUndefined();
    expect(doc.year).toBe(2022);
    expect(doc.preamble).toMatch(/^根据中共中央、国务院《法治政府建设实施纲要（2021－2025年）》/);
    expect(doc.preamble!.endsWith("现将本单位2022年度推进法治政府建设工作情况报告如下：")).toBe(true);
  });

  it("maps the custom part titles: 头雁领航 is the 第一责任人 part, 依法行政 the measures (by its text)", () => {
    expect(titles(doc)).toEqual(DISTRICT_TITLES);
    expect(mandated(doc)).toEqual(DISTRICT_ITEMS);
    expect(doc.parts.map((p) => p.mandatedBy)).toEqual(["title", "content", "title", "title", "title"]);
    expect(doc.missing).toEqual([]);
    expect(looksLikeWholeReport(doc)).toBe(true);
  });

  it("splits the run-in sub-headings: （一）强化组织领导。年初，… is the heading 强化组织领导", () => {
    expect(doc.parts.map((p) => p.subsections.length)).toEqual([3, 8, 0, 2, 0]);
    expect(subTitles(doc, 0)).toEqual(["强化组织领导", "落实职责制度", "规范依法行政"]);
    expect(subTitles(doc, 1)).toEqual([
      "推进行政机关依法高效履职",
      "加强依法行政制度建设",
      "推进依法科学民主决策",
      "严格规范公正文明执法",
      "依法应对重大突发事件",
      "依法化解社会矛盾纠纷",
      "强化行政权力制约监督",
      "打造数字法治交通体系",
    ]);
    expect(subTitles(doc, 3)).toEqual(["深化理论学习，加强理想信念建设", "推进依法行政，加强法治交通部门建设"]);
    const first = doc.parts[0]!.subsections[0]!;
    expect(first).toMatchObject({ marker: "（一）", level: 2, number: 1, heading: "（一）强化组织领导。", runIn: true });
    expect(first.body.startsWith("年初，以《**市**区进一步贯彻落实《党政主要负责人履行推进法治建设第一责任人职责规定》")).toBe(true);
    expect(doc.parts[0]!.lead).toBe(
      "今年以来，我局党政主要负责人认真履行推进法治建设第一责任人职责，深化法治理念，落实法治责任，带头尊法学法守法用法，以法治思维推动各项工作全面落实。",
    );
    expect(doc.parts[3]!.lead).toBe("2023年，我们将继续以习近平新时代中国特色社会主义思想为指导，坚持党建引领交通法治政府部门建设各项工作。");
    expect(doc.parts[2]!.lead.startsWith("一是综合行政执法能力还有待于提高。")).toBe(true);
  });

  it("counts the placeholders per part and sub-section (***件, **次, *家 …)", () => {
    expect(doc.placeholders).toBe(79);
    expect(doc.preamblePlaceholders).toBe(3);
    expect(doc.headerPlaceholders).toBe(0);
    expect(doc.parts.map((p) => p.placeholders)).toEqual([7, 60, 0, 4, 5]);
    expect(doc.parts[0]!.subsections.map((s) => s.placeholders)).toEqual([4, 0, 3]);
    expect(doc.parts[1]!.subsections.map((s) => s.placeholders)).toEqual([2, 19, 2, 13, 5, 13, 1, 5]);
    expect(doc.parts[3]!.subsections.map((s) => s.placeholders)).toEqual([0, 4]);
    const labels = findPlaceholders(doc.parts[1]!.body).map(placeholderLabel);
    expect(labels).toEqual(expect.arrayContaining(["***件", "**次", "*家"]));
  });

  it("has no signature", () => {
    expect(doc.signature).toBeUndefined();
    expect(doc.closing).toBeUndefined();
  });

  it("loses nothing", () => {
    expectNothingLost(district, doc);
  });

  it("takes the year from the preamble also when no part title carries one", () => {
    const pieces = split(district, 0);
    const noYears = compose({ ...pieces, parts: pieces.parts.map((p) => ({ ...p, heading: p.heading.replace(/\d{4}年/, "下一年度") })) });
    expect(noYears).toContain("四、下一年度推进法治政府建设的主要安排");
    expect(recognizeStructure(noYears).year).toBe(2022);
  });

  it("counts a placeholder in a heading for its section and part", () => {
    const text = district.replace("（一）强化组织领导。", "（一）强化**区组织领导。");
    const d = recognizeStructure(text);
    expect(d.parts[0]!.subsections[0]).toMatchObject({ title: "强化**区组织领导", placeholders: 5 });
    expect(d.parts[0]!.placeholders).toBe(8);
    const titled = recognizeStructure(district.replace("四、2023年推进", "四、****年推进"));
    expect(titled.parts[3]!.placeholders).toBe(5);
  });

  it("with a placeholder title **区交通局关于2022年…: issuer, year and the title's placeholder", () => {
    const titled = `**区交通运输局关于2022年法治政府建设情况的报告\n${district}`;
    const d = recognizeStructure(titled);
    expect(d.header).toEqual(["**区交通运输局关于2022年法治政府建设情况的报告"]);
    expect(d.title).toBe("**区交通运输局关于2022年法治政府建设情况的报告");
    expect(d.issuer).toBe("**区交通运输局");
    expect(d.year).toBe(2022);
    expect(d.headerPlaceholders).toBe(1);
    expect(d.placeholders).toBe(80);
    expect(mandated(d)).toEqual(DISTRICT_ITEMS);
    expectNothingLost(titled, d);
  });
});

describe("recognizeStructure on the 2023 work plan (2023-workplan.txt): a work plan, not a report", () => {
  const doc = recognizeStructure(workplan);

  it("keeps its nine groups as parts with the 26 numbered tasks as sub-sections, but claims no mandated item", () => {
    expect(doc.title).toBe("2023年交通法治工作要点");
    expect(doc.year).toBe(2023);
    expect(doc.preamble!.startsWith("2023年全区交通法治工作的总体要求是：")).toBe(true);
    expect(doc.parts).toHaveLength(9);
    expect(doc.parts[1]!.title).toBe("持续深化“放管服”改革优化营商环境");
    expect(doc.parts[8]!.title).toBe("扎实开展展普法宣传和法治教育培训工作");
    expect(doc.parts.map((p) => p.subsections.length)).toEqual([3, 4, 2, 3, 4, 1, 2, 3, 4]);
    expect(doc.parts.flatMap((p) => p.subsections.map((s) => s.number))).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(doc.parts[0]!.subsections[1]!.title).toBe("严格落实法治建设第一责任人职责");
    expect(mandated(doc)).toEqual(Array(9).fill(null));
    expect(doc.missing).toEqual(["measures", "shortcomings", "leader", "plan", "other"]);
    expect(looksLikeWholeReport(doc)).toBe(false);
    expectNothingLost(workplan, doc);
  });

  it("matching by text needs evidence of a report: under a 报告如下 preamble group 四 is taken for the measures", () => {
    const lines = workplan.split("\n");
    lines[1] = `${lines[1]}现将有关情况报告如下：`;
    const d = recognizeStructure(lines.join("\n"));
    // 四、进一步健全行政决策制度机制 covers four measures topics (规范性文件, 决策, 执法, 复议/信访).
    expect(mandated(d)).toEqual([null, null, null, "measures", null, null, null, null, null]);
    expect(d.parts[3]!.mandatedBy).toBe("content");
    expect(looksLikeWholeReport(d)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe("variations of the real reports", () => {
  const nananPieces = split(nanan, 2);
  const districtPieces = split(district, 0);
  const nananDoc = recognizeStructure(nanan);
  const districtDoc = recognizeStructure(district);

  it("the generator rebuilds the fixtures' recognition exactly", () => {
    expect(recognizeStructure(compose(nananPieces))).toEqual(nananDoc);
    expect(recognizeStructure(compose(districtPieces))).toEqual(districtDoc);
  });

  it("numbering styles: (一) for （一）, 1、 1． １． for 1.", () => {
    const halfWidth = nanan.replace(/（([一二三四五六])）/g, "($1)");
    const d = recognizeStructure(halfWidth);
    expect(subTitles(d, 0)).toEqual(subTitles(nananDoc, 0));
    for (const style of ["、", "．"]) {
      const text = nanan.replace(/^(\d)\. ?/gm, `$1${style}`);
      const r = recognizeStructure(text);
      expect(r.parts[2]!.subsections.map((s) => s.marker)).toEqual([`1${style}`, `2${style}`, `3${style}`]);
      expect(subTitles(r, 2)).toEqual(subTitles(nananDoc, 2));
      expect(r.parts[0]!.subsections[1]!.body.split("\n")[1]!.startsWith(`2${style}紧紧围绕`)).toBe(true);
      expectNothingLost(text, r);
    }
    const fullWidth = nanan.replace(/^(\d)\. ?/gm, (_, n: string) => `${String.fromCharCode(0xff10 + Number(n))}．`);
    const f = recognizeStructure(fullWidth);
    expect(f.parts[2]!.subsections.map((s) => [s.marker, s.number])).toEqual([["１．", 1], ["２．", 2], ["３．", 3]]);
    expect(subTitles(f, 2)).toEqual(subTitles(nananDoc, 2));
  });

  it("parts in every order (120 per report, renumbered): each part keeps its title and mandated item", () => {
    for (const [pieces, base, items] of [
      [nananPieces, NANAN_TITLES, NANAN_ITEMS],
      [districtPieces, DISTRICT_TITLES, DISTRICT_ITEMS],
    ] as const) {
      for (const order of permutations(5)) {
        const d = recognizeStructure(compose(pieces, order));
        expect(titles(d)).toEqual(order.map((k) => base[k]));
        expect(mandated(d)).toEqual(order.map((k) => items[k]));
        expect(d.missing).toEqual([]);
      }
    }
  });

  it("第一责任人 first: the 南岸区 report with its part 二 moved to the front", () => {
    const d = recognizeStructure(compose(nananPieces, [1, 0, 2, 3, 4]));
    expect(mandated(d)).toEqual(["leader", "measures", "shortcomings", "plan", "other"]);
    expect(d.parts[0]!.heading).toBe(`一、${NANAN_TITLES[1]}`);
    expect(d.parts.map((p) => p.subsections.length)).toEqual([0, 6, 3, 0, 0]);
  });

  it("missing parts: every subset of the parts keeps its mapping; the rest are listed as missing", () => {
    for (const [pieces, items] of [
      [nananPieces, NANAN_ITEMS],
      [districtPieces, DISTRICT_ITEMS],
    ] as const) {
      for (let mask = 1; mask < 32; mask++) {
        const kept = [0, 1, 2, 3, 4].filter((i) => mask & (1 << i));
        const d = recognizeStructure(compose(pieces, kept));
        expect(mandated(d)).toEqual(kept.map((k) => items[k]));
        expect(new Set(d.missing)).toEqual(new Set(items.filter((_, i) => !kept.includes(i))));
        expect(looksLikeWholeReport(d)).toBe(kept.length >= 2);
      }
    }
  });

  it("extra parts are kept with mandated null, wherever they stand; no item is given twice", () => {
    const extra = {
      heading: "六、深入推进成渝双城经济圈执法协同发展",
      lines: split(workplan, 1).parts[5]!.lines,
    };
    // A second leader-like part: 第一责任人 is already taken by the part whose title names it.
    const echo = { heading: "七、以上率下，示范带动", lines: nananPieces.parts[1]!.lines };
    for (let at = 0; at <= 5; at++) {
      const parts = [...nananPieces.parts];
      parts.splice(at, 0, extra);
      parts.push(echo);
      const d = recognizeStructure(compose({ ...nananPieces, parts }));
      const expected: (MandatedItem | null)[] = [...NANAN_ITEMS];
      expected.splice(at, 0, null);
      expected.push(null);
      expect(mandated(d)).toEqual(expected);
      expect(d.parts[at]!.title).toBe("深入推进成渝双城经济圈执法协同发展");
      expect(d.parts[at]!.subsections.map((s) => s.title)).toEqual(["探索建立“跨界+联合”执法新模式"]);
      expect(d.parts).toHaveLength(7);
    }
  });

  it("custom titles everywhere: the five 南岸区 parts are matched by their text alone", () => {
    const poetic = ["多措并举，法治交通建设扎实推进", "以上率下，压紧压实法治建设责任", "正视不足，找准努力方向", "乘势而上，奋力开创法治交通新局面", "其他"];
    const neutral = ["多措并举，法治交通建设扎实推进", "以上率下，压紧压实法治建设责任", "实事求是，认真自我检视", "乘势而上，奋力开创法治交通新局面", "补遗"];
    // 不足 / 其他 name their items; the other three are matched by their text.
    const a = recognizeStructure(
      compose({ ...nananPieces, parts: nananPieces.parts.map((p, i) => ({ ...p, heading: `一、${poetic[i]}` })) }),
    );
    expect(mandated(a)).toEqual(NANAN_ITEMS);
    expect(a.parts.map((p) => p.mandatedBy)).toEqual(["content", "content", "title", "content", "title"]);
    // No title names anything; the preamble's 报告如下 is the evidence that this is a report.
    const b = recognizeStructure(
      compose({ ...nananPieces, parts: nananPieces.parts.map((p, i) => ({ ...p, heading: `一、${neutral[i]}` })) }),
    );
    expect(b.parts.map((p) => p.mandatedBy)).toEqual(Array(5).fill("content"));
    expect(mandated(b)).toEqual(NANAN_ITEMS);
    // The district's 头雁领航 part is the leader part by its text too.
    const c = recognizeStructure(
      compose({
        ...districtPieces,
        parts: districtPieces.parts.map((p, i) => (i === 0 ? { ...p, heading: "一、凝心聚力，法治政府建设不断推进" } : p)),
      }),
    );
    expect(c.parts[0]).toMatchObject({ mandated: "leader", mandatedBy: "content" });
    expect(mandated(c)).toEqual(DISTRICT_ITEMS);
  });

  it("run-in and standalone headings give the same titles", () => {
    // District: "（一）强化组织领导。年初，…" → "（一）强化组织领导" + "年初，…".
    const standalone = compose({
      ...districtPieces,
      parts: districtPieces.parts.map((p) => ({
        ...p,
        lines: p.lines.flatMap((l) => {
          const m = /^(（[一二三四五六七八]）[^。]{1,30})。(.+)$/.exec(l);
          return m ? [m[1]!, m[2]!] : [l];
        }),
      })),
    });
    const s = recognizeStructure(standalone);
    expect(s.parts.map((p) => p.subsections.map((x) => x.title))).toEqual(districtDoc.parts.map((p) => p.subsections.map((x) => x.title)));
    expect(s.parts.flatMap((p) => p.subsections).every((x) => !x.runIn)).toBe(true);
    expect(s.parts[0]!.subsections[0]).toMatchObject({ heading: "（一）强化组织领导", body: districtDoc.parts[0]!.subsections[0]!.body });
    expect(mandated(s)).toEqual(DISTRICT_ITEMS);
    expectNothingLost(standalone, s);

    // 南岸区: "（一）深入学习…建设" + "全面学习…" → "（一）深入学习…建设。全面学习…".
    const runIn = compose({
      ...nananPieces,
      parts: nananPieces.parts.map((p) => {
        const lines: string[] = [];
        for (const l of p.lines) {
          const prev = lines[lines.length - 1];
          if (prev !== undefined && /^（[一二三四五六]）[^。]*$/.test(prev)) lines[lines.length - 1] = `${prev}。${l}`;
          else lines.push(l);
        }
        return { ...p, lines };
      }),
    });
    const r = recognizeStructure(runIn);
    expect(subTitles(r, 0)).toEqual(subTitles(nananDoc, 0));
    expect(r.parts[0]!.subsections.every((x) => x.runIn)).toBe(true);
    expect(r.parts[0]!.subsections[0]!.body).toBe(nananDoc.parts[0]!.subsections[0]!.body);
    expectNothingLost(runIn, r);
  });

  it("run-in part headings: 二、…落实。按上级部署… is part 二, its run-on text first in its lead", () => {
    const runIn = compose({
      ...nananPieces,
      parts: nananPieces.parts.map((p) => (/^(?:（[一二三四五六七八九十]）|\d)/.test(p.lines[0]!) ? p : { heading: `${p.heading}。${p.lines[0]}`, lines: p.lines.slice(1) })),
    });
    const r = recognizeStructure(runIn);
    expect(r.parts.map((p) => p.runIn)).toEqual([false, true, false, true, true]);
    expect(r.parts[1]!.heading).toBe("二、党政主要负责人严格履行法治建设第一责任人职责，推进法治政府建设落实。");
    expect(titles(r)).toEqual(titles(nananDoc));
    expect(mandated(r)).toEqual(mandated(nananDoc));
    r.parts.forEach((p, i) => {
      expect(p.lead).toBe(nananDoc.parts[i]!.lead);
      expect(p.subsections).toEqual(nananDoc.parts[i]!.subsections);
    });
    expectNothingLost(runIn, r);
  });

  it("broken Word line breaks, Windows line endings, full-width indents and spaces change nothing", () => {
    for (const [raw, doc] of [
      [nanan, nananDoc],
      [district, districtDoc],
    ] as const) {
      const lines = raw.split("\n");
      // Breaks as Word leaves them: in body text after a "，" ("…，强化\n\n企业…"); in a numbered paragraph, where
      // the cleaner can tell (before the last character of its first sentence: "…服务水\n\n平。推动…", and after a
      // "，" in the text that runs on).
      const breakAfterComma = (l: string, from: number) => {
        const comma = l.indexOf("，", from);
        if (comma < 0 || comma + 8 > l.length) return l;
        return `${l.slice(0, comma + 3)}\n\n${l.slice(comma + 3)}`;
      };
      const broken = lines
        .map((l) => {
          const t = l.trim();
          if (t.length < 40) return l;
          if (!/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|[（(]\d+[）)])/.test(t)) return breakAfterComma(l, 5);
          const end = l.indexOf("。");
          if (end < 6 || end + 8 > l.length) return l;
          return `${l.slice(0, end - 1)}\n\n${breakAfterComma(l.slice(end - 1), 3)}`;
        })
        .join("\n");
      expect(broken.split("\n").length).toBeGreaterThan(lines.length + 20);
      expect(recognizeStructure(broken)).toEqual(doc);
      expect(recognizeStructure(raw.replace(/\n/g, "\r\n"))).toEqual(doc);
      expect(recognizeStructure(broken.replace(/\n/g, "\r\n"))).toEqual(doc);
      // Full-width indents, trailing spaces, spaces around figures between Chinese ("共处理信访案件 100 余件").
      const indented = lines
        .map((l) => (l.trim() ? `\u3000\u3000${l.replace(/(?<=[\u4e00-\u9fff])(\d+)(?=[\u4e00-\u9fff])/g, " $1 ")}  ` : l))
        .join("\n");
      expect(indented).toMatch(/[\u4e00-\u9fff] \d+ [\u4e00-\u9fff]/);
      expect(recognizeStructure(indented)).toEqual(doc);
    }
  });

  it("signature and date at the end, in the forms real offices type them", () => {
    const body = compose(nananPieces);
    const cases: [string, string | undefined, string][] = [
      ["重庆市南岸区交通局\n2024年1月10日", "2024-01-10", "2024年1月10日"],
      ["重庆市南岸区交通局\n2024 年 1 月 10 日", "2024-01-10", "2024年1月10日"],
      ["重庆市南岸区交通局\n二〇二四年一月十日", "2024-01-10", "二〇二四年一月十日"],
      ["重庆市南岸区交通局\n二○二四年十二月三十一日", "2024-12-31", "二○二四年十二月三十一日"],
      ["重庆市南岸区交通局\n２０２４年１月１０日", "2024-01-10", "２０２４年１月１０日"],
      ["重庆市南岸区交通局\n2024年2月30日", undefined, "2024年2月30日"],
    ];
    for (const [tail, date, dateText] of cases) {
      for (const closing of ["", "特此报告。\n"]) {
        const text = `${body}\n\n${closing}${tail}\n`;
        const d = recognizeStructure(text);
        expect(d.signature?.office).toBe("重庆市南岸区交通局");
        expect(d.signature?.date).toBe(date);
        expect(d.signature?.dateText).toBe(dateText);
        expect(d.signature?.lines).toEqual(["重庆市南岸区交通局", dateText]);
        expect(d.closing).toBe(closing ? "特此报告。" : undefined);
        expect(d.parts[4]!.body).toBe("无。");
        expect(mandated(d)).toEqual(NANAN_ITEMS);
        expectNothingLost(text, d);
      }
    }
    // Office and date on one line; a date alone; an office alone.
    expect(recognizeStructure(`${body}\n重庆市南岸区交通局 2024年1月10日`).signature).toEqual({
      office: "重庆市南岸区交通局",
      date: "2024-01-10",
      dateText: "2024年1月10日",
      lines: ["重庆市南岸区交通局2024年1月10日"],
    });
    expect(recognizeStructure(`${body}\n2024年1月10日`).signature).toEqual({
      date: "2024-01-10",
      dateText: "2024年1月10日",
      lines: ["2024年1月10日"],
    });
    // A 附注 below the date belongs to the signature; below anything else it is text.
    const noted = recognizeStructure(`${body}\n重庆市南岸区交通局\n2024年1月10日\n(此件公开发布)`);
    expect(noted.signature).toEqual({
      office: "重庆市南岸区交通局",
      date: "2024-01-10",
      dateText: "2024年1月10日",
      note: "（此件公开发布）",
      lines: ["重庆市南岸区交通局", "2024年1月10日", "（此件公开发布）"],
    });
    const stray = recognizeStructure(`${body}\n（此件公开发布）`);
    expect(stray.signature).toBeUndefined();
    expect(stray.parts[4]!.body).toBe("无。\n（此件公开发布）");
    expect(recognizeStructure(`${body}\n重庆市南岸区交通局`).signature).toEqual({
      office: "重庆市南岸区交通局",
      lines: ["重庆市南岸区交通局"],
    });
  });

  it("title variants: 发文机关 on the title's line, 主送机关, 发文字号, a title longer than 30 characters", () => {
    const rest = [...nananPieces.preamble, ...nananPieces.parts.flatMap((p) => [p.heading, ...p.lines])].join("\n");
    const oneLine = recognizeStructure(`重庆市南岸区交通局关于2023年法治政府建设情况的报告\n${rest}`);
    expect(oneLine).toMatchObject({ issuer: "重庆市南岸区交通局", year: 2023, title: "重庆市南岸区交通局关于2023年法治政府建设情况的报告" });

    const full = `南岸交发〔2024〕5号\n重庆市南岸区交通局\n关于二〇二三年法治政府建设情况的报告\n区委依法治区办:\n${rest}`;
    const d = recognizeStructure(full);
    expect(d.header).toEqual(["南岸交发〔2024〕5号", "重庆市南岸区交通局", "关于二〇二三年法治政府建设情况的报告", "区委依法治区办："]);
    expect(d).toMatchObject({
      title: "重庆市南岸区交通局关于二〇二三年法治政府建设情况的报告",
      issuer: "重庆市南岸区交通局",
      recipient: "区委依法治区办",
      year: 2023,
    });
    expect(mandated(d)).toEqual(NANAN_ITEMS);
    expectNothingLost(full, d);

    const long = `重庆市南岸区交通运输委员会关于2023年度法治政府建设工作情况的报告\n${rest}`;
    const l = recognizeStructure(long);
    expect(l.title).toBe("重庆市南岸区交通运输委员会关于2023年度法治政府建设工作情况的报告");
    expect(l.issuer).toBe("重庆市南岸区交通运输委员会");
    expect(l.preamble!.startsWith("南岸区交通局以习近平")).toBe(true);

    // Without title or preamble year, the year comes from a part title: 2023年…举措和成效, or 2024年…思路 − 1.
    const noTitle = recognizeStructure(nananPieces.parts.flatMap((p) => [p.heading, ...p.lines]).join("\n"));
    expect(noTitle.title).toBeUndefined();
    expect(noTitle.year).toBe(2023);
    expect(recognizeStructure(compose({ header: [], preamble: [], parts: nananPieces.parts.slice(3) })).year).toBe(2023);
  });

  it("a part pasted alone: with its 一、 line one part; without it one implicit part; never a whole report", () => {
    const [leaderPart] = districtPieces.parts;
    const withHeading = recognizeStructure([leaderPart!.heading, ...leaderPart!.lines].join("\n"));
    expect(withHeading.parts).toHaveLength(1);
    expect(withHeading.parts[0]).toMatchObject({ title: "头雁领航，法治政府建设不断推进", mandated: "leader", implicit: false });
    expect(withHeading.preamble).toBeUndefined();
    expect(looksLikeWholeReport(withHeading)).toBe(false);

    const alone = leaderPart!.lines.join("\n");
    const d = recognizeStructure(alone);
    expect(d.parts).toHaveLength(1);
    const p = d.parts[0]!;
    expect(p).toMatchObject({ implicit: true, marker: "", heading: "", title: "", number: null, mandated: "leader", mandatedBy: "content" });
    expect(p.lead.startsWith("今年以来，我局党政主要负责人")).toBe(true);
    expect(p.subsections.map((s) => s.title)).toEqual(["强化组织领导", "落实职责制度", "规范依法行政"]);
    expect(p.placeholders).toBe(7);
    expect(d.preamble).toBeUndefined();
    expect(d.header).toEqual([]);
    expect(looksLikeWholeReport(d)).toBe(false);
    expectNothingLost(alone, d);

    // 南岸区 part 一's （一）…（六） alone, and part 三's 1. 2. 3. alone.
    const measures = recognizeStructure(nananPieces.parts[0]!.lines.join("\n"));
    expect(measures.parts.map((x) => [x.implicit, x.mandated, x.subsections.length])).toEqual([[true, "measures", 6]]);
    const shortcomings = recognizeStructure(nananPieces.parts[2]!.lines.join("\n"));
    expect(shortcomings.parts.map((x) => [x.implicit, x.mandated, x.subsections.length])).toEqual([[true, "shortcomings", 3]]);

    // A part with 1. 2. 3. directly, one of them a numbered paragraph whose first sentence is too long for a heading.
    const numbered = [
      "二、持续深化“放管服”改革，优化营商环境",
      ...nananDoc.parts[0]!.subsections[1]!.body.split("\n"),
    ].join("\n");
    const n = recognizeStructure(numbered).parts[0]!;
    expect(n.subsections.map((s) => [s.heading, s.title, s.runIn])).toEqual([
      ["1.持续推进简政放权，审批服务快捷高效，提升政务服务水平。", "持续推进简政放权，审批服务快捷高效，提升政务服务水平", true],
      ["2.", "", true],
      ["3.加强和规范事前事中事后监管，交通运输环境持续向好。", "加强和规范事前事中事后监管，交通运输环境持续向好", true],
    ]);
    expect(n.subsections[1]!.body.startsWith("紧紧围绕“打造一流的营商环境”，强化企业信用体系建设")).toBe(true);
    expectNothingLost(numbered, recognizeStructure(numbered));

    // Text with no heading at all: preamble only.
    const plain = recognizeStructure(nananPieces.parts[1]!.lines.join("\n"));
    expect(plain.parts).toEqual([]);
    expect(plain.preamble).toBe(nananPieces.parts[1]!.lines.join("\n"));
    expect(recognizeStructure("").parts).toEqual([]);
    expect(recognizeStructure("无").preamble).toBe("无");
  });
});

// ---------------------------------------------------------------------------------------------

describe("classifyPartTitle", () => {
  it("names the mandated item of every real part title and of the template's titles", () => {
    NANAN_TITLES.forEach((t, i) => expect(classifyPartTitle(t)).toBe(NANAN_ITEMS[i]));
    expect(DISTRICT_TITLES.map((t) => classifyPartTitle(t))).toEqual(["leader", null, "shortcomings", "plan", "other"]);
    for (const part of fazhiAnnualTemplate.parts) expect(classifyPartTitle(part.title)).toBe(part.key);
    expect(classifyPartTitle("二、党政主要负责人严格履行法治建设第一责任人职责，推进法治政府建设落实")).toBe("leader");
    expect(classifyPartTitle("(三)存在的问题")).toBe("shortcomings");
  });

  it("a title naming two items counts the one named first", () => {
    expect(classifyPartTitle("存在的问题及下一步工作打算")).toBe("shortcomings");
    expect(classifyPartTitle("下一步工作安排和需要解决的困难和问题")).toBe("plan");
  });

  it("falls back to the text when the title names nothing; null when neither is clear", () => {
    const d = split(district, 0);
    expect(classifyPartTitle("依法行政，法治政府建设不断加强", d.parts[1]!.lines.join("\n"))).toBe("measures");
    expect(classifyPartTitle("凝心聚力", d.parts[0]!.lines.join("\n"))).toBe("leader");
    expect(classifyPartTitle("强化组织领导")).toBeNull();
    expect(classifyPartTitle("扎实开展交通运输执法领域突出问题专项整治")).toBeNull();
    expect(classifyPartTitle("持续深化“放管服”改革优化营商环境")).toBeNull();
    expect(classifyPartTitle("补遗", "无。")).toBe("other");
    expect(classifyPartTitle("党建引领", "今年以来，我局认真开展党建工作，组织党员学习。")).toBeNull();
  });
});

describe("splitLeadingHeading (text pasted into one section)", () => {
  it("splits a level-1 heading off and names its mandated item", () => {
    const text = "二、党政主要负责人严格履行法治建设第一责任人职责，推进法治政府建设落实\r\n\r\n　　按上级部署，把推进法治建设作为党政主要负\n\n责人的第一责任人职责予以认真履行。";
    expect(splitLeadingHeading(text)).toEqual({
      heading: {
        marker: "二、",
        level: 1,
        number: 2,
        heading: "二、党政主要负责人严格履行法治建设第一责任人职责，推进法治政府建设落实",
        title: "党政主要负责人严格履行法治建设第一责任人职责，推进法治政府建设落实",
        runIn: false,
        mandated: "leader",
      },
      rest: "按上级部署，把推进法治建设作为党政主要负责人的第一责任人职责予以认真履行。",
    });
  });

  it("splits a run-in sub-heading: the run-on text starts the rest", () => {
    const r = splitLeadingHeading("(一)强化组织领导。为深入推进法治政府建设，及时调整领导小组成员。\n出台年度工作要点。");
    expect(r.heading).toMatchObject({ marker: "（一）", level: 2, number: 1, title: "强化组织领导", heading: "（一）强化组织领导。", runIn: true, mandated: null });
    expect(r.rest).toBe("为深入推进法治政府建设，及时调整领导小组成员。\n出台年度工作要点。");
  });

  it("takes a short unnumbered first line followed by text as a heading", () => {
    const r = splitLeadingHeading("存在的不足和原因\n一是综合行政执法能力还有待于提高。");
    expect(r.heading).toMatchObject({ marker: "", level: null, title: "存在的不足和原因", mandated: "shortcomings" });
    expect(r.rest).toBe("一是综合行政执法能力还有待于提高。");
  });

  it("leaves text without a leading heading alone", () => {
    const body = "按上级部署，把推进法治建设作为党政主要负责人的第一责任人职责予以认真履行。";
    expect(splitLeadingHeading(body)).toEqual({ heading: null, rest: body });
    expect(splitLeadingHeading("五、其他需要报告的情况")).toEqual({ heading: null, rest: "五、其他需要报告的情况" });
    expect(splitLeadingHeading("一是综合行政执法能力还有待于提高\n我局综合行政执法改革去年9月份完成。").heading).toBeNull();
    expect(splitLeadingHeading("无。").heading).toBeNull();
    expect(splitLeadingHeading("").heading).toBeNull();
  });
});
