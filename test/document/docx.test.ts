import { readFileSync } from "node:fs";
import { fullDate } from "../../src/domain/date-format.js";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  layoutReport,
  signatureOffsets,
  splitTitle,
  textWidth,
} from "../../src/adapters/document/assemble.js";
import { renderDocx } from "../../src/adapters/document/docx.js";
import { contentHash } from "../../src/domain/report-document-hash.js";
import type { ReportDocument } from "../../src/domain/report-document.js";
import { splitSeed } from "./seed-split.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");

// ---------------------------------------------------------------------------------------------------------------
// Small OOXML helpers (regex-based; the parts docx writes are flat and predictable)

interface Parts {
  files: Record<string, string>;
  document: string;
  styles: string;
  settings: string;
}

async function render(doc: ReportDocument): Promise<Parts> {
  const zip = unzipSync(await renderDocx(doc));
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(zip)) files[k] = strFromU8(v);
  return { files, document: files["word/document.xml"]!, styles: files["word/styles.xml"]!, settings: files["word/settings.xml"]! };
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
}

interface Para {
  xml: string;
  text: string;
  style?: string;
  runs: Array<{ text: string; rStyle?: string; rPr: string }>;
}

function paragraphs(documentXml: string): Para[] {
  const at = documentXml.indexOf("<w:body>");
  const body = at === -1 ? documentXml : documentXml.slice(at);
  const out: Para[] = [];
  for (const m of body.matchAll(/<w:p(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/w:p>)/g)) {
    const inner = m[1] ?? "";
    const runs = [...inner.matchAll(/<w:r(?:\s[^>]*)?>([\s\S]*?)<\/w:r>/g)].map((r) => {
      const rx = r[1]!;
      const text = [...rx.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescapeXml(t[1]!)).join("");
      return { text, rStyle: /<w:rStyle w:val="([^"]+)"/.exec(rx)?.[1], rPr: /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(rx)?.[1] ?? "" };
    });
    out.push({ xml: m[0], text: runs.map((r) => r.text).join(""), style: /<w:pStyle w:val="([^"]+)"/.exec(inner)?.[1], runs });
  }
  return out;
}

function styleXml(stylesXml: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(stylesXml);
  if (!m) throw new Error(`style ${id} not found`);
  return m[0];
}

function attr(xml: string, el: string, name: string): string | undefined {
  const m = new RegExp(`<${el}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml);
  return m?.[1];
}

/** Minimal XML 1.0 well-formedness check: valid characters, valid entity references, quoted attributes, balanced tags. */
function assertWellFormed(xml: string): void {
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(xml);
  if (bad) throw new Error(`invalid XML character U+${bad[0].charCodeAt(0).toString(16)} at ${bad.index}`);
  const checkText = (t: string, where: number) => {
    for (const m of t.matchAll(/&([^;]{0,10});?/g)) {
      if (!/^&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(m[0])) throw new Error(`bad entity ${m[0]} near ${where + m.index!}`);
    }
  };
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.trim() && stack.length === 0) throw new Error(`text outside the root element near ${i}`);
    checkText(text, i);
    if (lt === -1) break;
    if (xml.startsWith("<?", lt)) {
      i = xml.indexOf("?>", lt) + 2;
      continue;
    }
    if (xml.startsWith("<!--", lt)) {
      i = xml.indexOf("-->", lt) + 3;
      continue;
    }
    if (xml.startsWith("<![CDATA[", lt)) {
      i = xml.indexOf("]]>", lt) + 3;
      continue;
    }
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag near ${lt}: ${xml.slice(lt, lt + 80)}`);
    const [, close, name, attrs, selfClose] = m;
    for (const a of attrs!.matchAll(/=\s*(?:"([^"]*)"|'([^']*)')/g)) checkText(a[1] ?? a[2] ?? "", lt);
    if (close) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}> near ${lt}`);
    } else if (!selfClose) {
      if (stack.length === 0) roots += 1;
      stack.push(name!);
    } else if (stack.length === 0) roots += 1;
    i = lt + m[0].length;
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
}

const norm = (s: string) => s.replace(/\s+/g, " ").trim();

// ---------------------------------------------------------------------------------------------------------------

describe("renderDocx with the 南岸区 2023 report", async () => {
  const seed = splitSeed(fixture("nanan-2023-report.txt"), {
    titleLines: 2,
    office: "重庆市南岸区交通局",
    date: "2024-01-15",
    recipient: "区委、区政府",
  });
  const parts = await render(seed.doc);
  const paras = paragraphs(parts.document);

  it("prints every paragraph of the report, in order, after the title and 主送机关, then the signature", () => {
    expect(paras.map((p) => norm(p.text))).toEqual([
      ...seed.titleLines, // the title is split where the original broke it: before "关于"
      "",
      "区委、区政府：",
      ...seed.body,
      "",
      "重庆市南岸区交通局",
      "2024年1月15日",
    ]);
  });

  it("uses the 公文标题 style for the title lines and puts 主送机关 flush left", () => {
    expect(paras.slice(0, 2).map((p) => p.style)).toEqual(["GwTitle", "GwTitle"]);
    const title = styleXml(parts.styles, "GwTitle");
    expect(attr(title, "w:rFonts", "w:eastAsia")).toBe("方正小标宋简体");
    expect(attr(title, "w:sz", "w:val")).toBe("44");
    expect(attr(title, "w:jc", "w:val")).toBe("center");
    expect(paras[3]!.style).toBe("GwRecipient");
    expect(attr(styleXml(parts.styles, "GwRecipient"), "w:ind", "w:firstLine")).toBe("0");
  });

  it("styles 一、 headings as Heading1 in 黑体 and （一） headings as Heading2 in 楷体_GB2312", () => {
    const h1 = paras.filter((p) => /^[一二三四五]、/.test(p.text));
    expect(h1.map((p) => p.text.slice(0, 2))).toEqual(["一、", "二、", "三、", "四、", "五、"]);
    for (const p of h1) expect(p.style).toBe("Heading1");
    const h2 = paras.filter((p) => /^[（(][一二三四五六]/.test(p.text));
    expect(h2).toHaveLength(6);
    for (const p of h2) expect(p.style).toBe("Heading2");

    const heading1 = styleXml(parts.styles, "Heading1");
    expect(attr(heading1, "w:rFonts", "w:eastAsia")).toBe("黑体");
    expect(attr(heading1, "w:rFonts", "w:ascii")).toBe("Times New Roman");
    expect(attr(heading1, "w:color", "w:val")).toBe("000000");
    expect(attr(heading1, "w:sz", "w:val")).toBe("32");
    expect(attr(styleXml(parts.styles, "Heading2"), "w:rFonts", "w:eastAsia")).toBe("楷体_GB2312");
    const heading3 = styleXml(parts.styles, "Heading3");
    expect(attr(heading3, "w:rFonts", "w:eastAsia")).toBe("仿宋_GB2312");
    expect(heading3).toMatch(/<w:b\/>|<w:b w:val="true"\/>/);
  });

  it("prints a run-on numbered paragraph with a bold lead-in and a plain rest", () => {
    const p = paras.find((x) => x.text.startsWith("3.加强和规范事前事中事后监管"))!;
    expect(p.style).toBeUndefined();
    expect(p.runs.map((r) => r.rStyle)).toEqual(["GwLead3", undefined]);
    expect(p.runs[1]!.text.startsWith("深入开展和加强交通运输事中事后三年行动")).toBe(true);
    expect(p.runs[0]!.text).toBe("3.加强和规范事前事中事后监管，交通运输环境持续向好。");
    expect(styleXml(parts.styles, "GwLead3")).toMatch(/<w:b\/>|<w:b w:val="true"\/>/);
    // A short heading line with no run-on text is a Heading3 paragraph.
    expect(paras.find((x) => x.text.startsWith("1.持续推进简政放权"))!.style).toBe("Heading3");
  });

  it("sets docDefaults: 3号 仿宋_GB2312 + Times New Roman, exact 579 line spacing, 2-character indent, -5 spacing", () => {
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(parts.styles)![0];
    expect(attr(defaults, "w:rFonts", "w:eastAsia")).toBe("仿宋_GB2312");
    for (const a of ["w:ascii", "w:hAnsi", "w:cs"]) expect(attr(defaults, "w:rFonts", a)).toBe("Times New Roman");
    expect(attr(defaults, "w:sz", "w:val")).toBe("32");
    expect(defaults).toMatch(/<w:rPr>[\s\S]*<w:spacing w:val="-5"\/>/);
    expect(/<w:spacing [^>]*w:line="(\d+)"/.exec(defaults)?.[1]).toBe("579");
    expect(defaults).toMatch(/<w:spacing [^>]*w:lineRule="exact"/);
    expect(defaults).toMatch(/<w:ind [^>]*w:firstLine="640"/);
    expect(defaults).toMatch(/w:firstLineChars="200"/);
    expect(defaults).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    // No body paragraph overrides the line pitch.
    const lines = [...parts.document.matchAll(/w:line="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(lines)).toEqual(new Set(lines.length ? ["579"] : []));
    expect(parts.styles).not.toMatch(/lineRule="exactly"/);
  });

  it("lays out A4 with GB/T 9704 margins and a 579-twip line grid", () => {
    const sect = /<w:sectPr[\s\S]*?<\/w:sectPr>/.exec(parts.document)![0];
    expect(attr(sect, "w:pgSz", "w:w")).toBe("11906");
    expect(attr(sect, "w:pgSz", "w:h")).toBe("16838");
    expect({
      top: attr(sect, "w:pgMar", "w:top"),
      bottom: attr(sect, "w:pgMar", "w:bottom"),
      left: attr(sect, "w:pgMar", "w:left"),
      right: attr(sect, "w:pgMar", "w:right"),
      footer: attr(sect, "w:pgMar", "w:footer"),
    }).toEqual({ top: "2098", bottom: "1984", left: "1587", right: "1474", footer: "1247" });
    expect(attr(sect, "w:docGrid", "w:type")).toBe("lines");
    expect(attr(sect, "w:docGrid", "w:linePitch")).toBe("579");
  });

  it("has odd (right) and even (left) footers with a PAGE field between 一字线 in 4号 宋体", () => {
    expect(parts.settings).toMatch(/<w:evenAndOddHeaders\/>/);
    const sect = /<w:sectPr[\s\S]*?<\/w:sectPr>/.exec(parts.document)![0];
    const rels = parts.files["word/_rels/document.xml.rels"]!;
    const footerFor = (type: string) => {
      const id = new RegExp(`<w:footerReference [^>]*w:type="${type}"[^>]*r:id="([^"]+)"|<w:footerReference [^>]*r:id="([^"]+)"[^>]*w:type="${type}"`).exec(sect)!;
      const rid = id[1] ?? id[2];
      const target = new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1]
        ?? new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
      return parts.files[`word/${target}`]!;
    };
    const odd = footerFor("default");
    const even = footerFor("even");
    expect(odd).not.toBe(even);
    for (const f of [odd, even]) {
      expect(f).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(f).toMatch(/<w:fldChar w:fldCharType="begin"\/>/);
      expect(f.match(/—/g)).toHaveLength(2);
      expect(attr(f, "w:rFonts", "w:eastAsia")).toBe("宋体");
      expect(attr(f, "w:sz", "w:val")).toBe("28");
    }
    expect(attr(odd, "w:jc", "w:val")).toBe("right");
    expect(attr(odd, "w:ind", "w:right")).toBe("280");
    expect(attr(even, "w:jc", "w:val")).toBe("left");
    expect(attr(even, "w:ind", "w:left")).toBe("280");
  });

  it("right-aligns the signature per 7.3.5.2 and keeps it with the last paragraph", () => {
    const [blank, office, date] = paras.slice(-3);
    expect(blank!.text).toBe("");
    expect(office!.style).toBe("GwSignature");
    expect(date!.style).toBe("GwSignature");
    expect(attr(styleXml(parts.styles, "GwSignature"), "w:jc", "w:val")).toBe("right");
    // 9-character office, 6.5-character date: office 2 characters from the right, the date's first character two
    // characters right of the office's first, so the date ends 2.5 characters from the right.
    expect(attr(office!.xml, "w:ind", "w:right")).toBe("640");
    expect(attr(date!.xml, "w:ind", "w:right")).toBe("800");
    expect(office!.xml).toMatch(/<w:keepNext\/>/);
    expect(blank!.xml).toMatch(/<w:keepNext\/>/);
    expect(paras[paras.length - 4]!.xml).toMatch(/<w:keepNext\/>/);
  });

  it("writes core properties and the same bytes for the same report", async () => {
    const core = parts.files["docProps/core.xml"]!;
    expect(core).toMatch(/<dc:title>重庆市南岸区交通局关于 2023 年法治政府建设情况的报告<\/dc:title>/);
    expect(core).toMatch(/<dc:creator>huibao<\/dc:creator>/);
    expect(core).toMatch(/<dcterms:created [^>]*>2024-01-15T00:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified [^>]*>2024-01-15T00:00:00Z<\/dcterms:modified>/);
    const a = await renderDocx(seed.doc);
    await new Promise((r) => setTimeout(r, 1100));
    const b = await renderDocx(seed.doc);
    expect(b).toEqual(a);
    for (const xml of Object.values(parts.files).filter((x) => x.startsWith("<?xml"))) assertWellFormed(xml);
  });
});

describe("renderDocx with the 2022 district draft (run-in （一） headings)", async () => {
  const seed = splitSeed(fixture("district-2022-draft.txt"), {
    titleLines: 0,
    title: "**区交通运输局关于2022年度法治政府建设情况的报告",
    office: "**区交通运输局",
    date: "2023-02-20",
  });
  const parts = await render(seed.doc);
  const paras = paragraphs(parts.document);

  it("splits the fixture into a preamble, five parts and their sub-sections", () => {
    expect(seed.doc.blocks.map((b) => b.level).join("")).toBe("0122212222222211221");
    expect(seed.doc.blocks.filter((b) => b.level === 1).map((b) => b.heading.slice(0, 2))).toEqual(["一、", "二、", "三、", "四、", "五、"]);
    expect(seed.doc.blocks.filter((b) => b.level === 2)).toHaveLength(13);
    expect(seed.doc.blocks[1]!.text.startsWith("今年以来，我局党政主要负责人")).toBe(true);
  });

  it("prints every paragraph of the draft in order", () => {
    expect(paras.map((p) => norm(p.text))).toEqual([
      // 23 character widths: too long for one 2号 line, so it is split before "关于".
      "**区交通运输局",
      "关于2022年度法治政府建设情况的报告",
      "",
      ...seed.body,
      "",
      "**区交通运输局",
      "2023年2月20日",
    ]);
  });

  it("prints （一） run-in headings in 楷体 followed by body text in the same paragraph", () => {
    const p = paras.find((x) => x.text.startsWith("（一）强化组织领导。"))!;
    expect(p.runs[0]).toMatchObject({ rStyle: "GwLead2", text: "（一）强化组织领导。" });
    expect(p.runs[1]!.rStyle).toBeUndefined();
    expect(p.runs[1]!.text.startsWith("年初，以《**市**区进一步贯彻落实")).toBe(true);
    expect(attr(styleXml(parts.styles, "GwLead2"), "w:rFonts", "w:eastAsia")).toBe("楷体_GB2312");
    const runIns = paras.filter((x) => x.runs[0]?.rStyle === "GwLead2");
    expect(runIns).toHaveLength(13);
    for (const h of paras.filter((x) => /^[一二三四五]、/.test(x.text))) expect(h.style).toBe("Heading1");
  });

  it("moves a longer date's signature so the date keeps two characters from the right edge", () => {
    // "**区交通运输局" is 7 widths, "2023年2月20日" 6.5: the date would end 0.5 from the edge, so it takes the
    // 2-character margin and the office moves left to 3.5 to keep the date's first character 2 right of its own.
    expect(signatureOffsets("**区交通运输局", "2023年2月20日")).toEqual({ officeRightChars: 3.5, dateRightChars: 2 });
    const [office, date] = paras.slice(-2);
    expect(attr(office!.xml, "w:ind", "w:right")).toBe("1120");
    expect(attr(date!.xml, "w:ind", "w:right")).toBe("640");
  });
});

describe("layoutReport", () => {
  const base: ReportDocument = { title: "测试局关于2026年度法治政府建设情况的报告", office: "测试局", date: "2027-02-20", blocks: [] };

  it("leaves out empty optional sections and every empty sub-section; marks a required preamble or part with no text at all 【待补充】", () => {
    const blocks = layoutReport({
      ...base,
      blocks: [
        { level: 0, heading: "", text: "", required: true },
        { level: 1, heading: "一、主要举措和成效", text: "", required: true },
        { level: 2, heading: "（一）加强组织领导", text: "  \n ", required: false },
        { level: 2, heading: "（二）依法决策", text: "", required: true },
        { level: 1, heading: "二、特色亮点", text: "", required: false },
        { level: 1, heading: "三、存在的不足", text: "", required: false },
        { level: 2, heading: "（一）执法力量不足", text: "执法人员少。", required: false },
        { level: 1, heading: "四、其他需要报告的情况", text: "", required: true },
      ],
    });
    const lines = blocks.filter((b) => b.type !== "title" && b.type !== "signature").map((b) => ("text" in b ? b.text : `<${b.type}>`));
    expect(lines).toEqual([
      "<blank>",
      "【待补充】",
      "一、主要举措和成效",
      "【待补充】", // the part holds nothing; its required but unwritten sub-section （二） is not printed
      "三、存在的不足",
      "（一）执法力量不足",
      "执法人员少。",
      "四、其他需要报告的情况",
      "【待补充】",
      "<blank>",
    ]);
  });

  it("formats the 成文日期 without leading zeros and rejects impossible dates", () => {
    expect(fullDate("2027-02-20")).toBe("2027年2月20日");
    expect(fullDate("2024-02-29")).toBe("2024年2月29日");
    expect(() => fullDate("2027-02-29")).toThrow();
    expect(() => fullDate("2027/02/20")).toThrow();
  });

  it("computes 7.3.5.2 signature offsets for short and long office names", () => {
    // date (6 widths) longer than the office (3): the date takes the 2-character margin, the office moves left.
    expect(signatureOffsets("测试局", "2027年2月2日")).toEqual({ officeRightChars: 7, dateRightChars: 2 });
    // office (9) longer than the date (7): office 2 from the right, date starts 2 characters right of the office.
    expect(signatureOffsets("重庆市南岸区交通局", "2024年1月15日")).toEqual({ officeRightChars: 2, dateRightChars: 2.5 });
    expect(signatureOffsets("重庆市南岸区交通运输委员会", "2024年1月15日")).toEqual({ officeRightChars: 2, dateRightChars: 6.5 });
  });
});

describe("splitTitle", () => {
  it("keeps a short title on one line", () => {
    expect(splitTitle("关于2026年度法治政府建设情况的报告")).toEqual(["关于2026年度法治政府建设情况的报告"]);
  });

  it("breaks before 关于 / after the office name", () => {
    expect(splitTitle("重庆市南岸区交通局关于2023年法治政府建设情况的报告", "重庆市南岸区交通局")).toEqual([
      "重庆市南岸区交通局",
      "关于2023年法治政府建设情况的报告",
    ]);
  });

  it("breaks a long title without 关于 at a word boundary, every line within 20 characters", () => {
    const t = "重庆市南岸区交通运输委员会2026年度法治政府建设和依法行政工作情况的报告";
    const lines = splitTitle(t, "");
    expect(lines.join("")).toBe(t);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(20);
    // No line starts or ends inside "2026年".
    for (const l of lines) expect(l).not.toMatch(/^\d|^年|\d$/);
  });

  it("wraps an over-long 关于 part again at a boundary", () => {
    const t = "中共重庆市南岸区委全面依法治区委员会办公室关于2026年度全区法治政府建设和依法行政工作推进情况的报告";
    const lines = splitTitle(t, "中共重庆市南岸区委全面依法治区委员会办公室");
    expect(lines.join("")).toBe(t);
    for (const l of lines) expect(textWidth(l)).toBeLessThanOrEqual(20);
    // Never "委|员会" or "委员会|办公室": the office name is cut after 区委.
    expect(lines).toEqual(["中共重庆市南岸区委", "全面依法治区委员会办公室关于2026年度全区", "法治政府建设和依法行政工作推进情况的报告"]);
  });
});

describe("hostile text", () => {
  const long = "长".repeat(4990) + "0123456789";
  const doc: ReportDocument = {
    title: "测试局关于<法治> & 政府\u0001建设的报告",
    recipient: "区委、区政府",
    office: "测试局 & <办公室>",
    date: "2027-02-20",
    blocks: [
      { level: 0, heading: "", text: "a < b && c > d，\"引号\" 'single' 🚀👍🏽 完成。\u0001\u000B\u000C\u0000\u001F\uFFFF", required: true },
      { level: 1, heading: "一、超长\u0008行", text: long, required: true },
      { level: 2, heading: "（一）孤立代理\uD800项", text: "]]> <![CDATA[ &amp; &#x1; </w:t>", required: true },
    ],
  };

  it("survives into a well-formed document with the text intact and escaped", async () => {
    const parts = await render(doc);
    for (const xml of Object.values(parts.files).filter((x) => x.startsWith("<?xml"))) assertWellFormed(xml);
    const texts = paragraphs(parts.document).map((p) => p.text);
    expect(texts).toContain("a < b && c > d，\"引号\" 'single' 🚀👍🏽 完成。");
    expect(texts).toContain(long); // 5000 characters, one paragraph, nothing inserted
    expect(texts).toContain("一、超长行");
    expect(texts).toContain("（一）孤立代理\uFFFD项");
    expect(texts).toContain("]]> <![CDATA[ &amp; &#x1; </w:t>");
    expect(texts).toContain("测试局 & <办公室>");
    expect(parts.document).toContain("a &lt; b &amp;&amp; c");
    expect(parts.document).toContain("&lt;/w:t&gt;");
    // eslint-disable-next-line no-control-regex
    expect(parts.document).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it("the minimal well-formedness check does reject broken XML", () => {
    expect(() => assertWellFormed("<a><b></a></b>")).toThrow();
    expect(() => assertWellFormed("<a>x & y</a>")).toThrow();
    expect(() => assertWellFormed("<a>\u0001</a>")).toThrow();
    expect(() => assertWellFormed("<a b=c/>")).toThrow();
    expect(() => assertWellFormed('<?xml version="1.0"?><a b="1">&lt;&#x41;</a>')).not.toThrow();
  });
});

describe("appendix", () => {
  it("adds a 附件说明 and a 附件 page with a header row", async () => {
    const parts = await render({
      title: "测试局关于2026年度法治政府建设情况的报告",
      office: "测试局",
      date: "2027-02-20",
      blocks: [{ level: 0, heading: "", text: "现将有关情况报告如下：", required: true }],
      appendix: { title: "填报记录", rows: [["部分", "填报人"], ["一、主要举措", "法规科"]] },
    });
    const paras = paragraphs(parts.document);
    const texts = paras.map((p) => p.text);
    expect(texts.indexOf("附件：填报记录")).toBeLessThan(texts.indexOf("测试局"));
    const label = paras.find((p) => p.text === "附件")!;
    expect(label.xml).toMatch(/<w:pageBreakBefore\/>/);
    expect(label.style).toBe("GwAppendixLabel");
    expect(attr(styleXml(parts.styles, "GwAppendixLabel"), "w:rFonts", "w:eastAsia")).toBe("黑体");
    expect(paras.find((p) => p.text === "填报记录" && p.style === "GwTitle")).toBeDefined();
    const table = /<w:tbl>[\s\S]*<\/w:tbl>/.exec(parts.document)![0];
    expect(table).toMatch(/<w:tblHeader\/>/);
    expect(paragraphs(table).map((p) => p.text)).toEqual(["部分", "填报人", "一、主要举措", "法规科"]);
  });
});

describe("contentHash", () => {
  const doc: ReportDocument = {
    title: "测试局关于2026年度法治政府建设情况的报告",
    office: "测试局",
    date: "2027-02-20",
    blocks: [{ level: 1, heading: "一、主要举措", text: "第一段。\n第二段。", required: true }],
  };

  it("is a sha-256 hex digest that ignores key order, CRLF and an absent vs null recipient", async () => {
    const h = await contentHash(doc);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    const reordered = JSON.parse(
      JSON.stringify({ blocks: [{ required: true, text: "第一段。\r\n第二段。", heading: "一、主要举措", level: 1 }], date: doc.date, office: doc.office, title: doc.title, recipient: null }),
    ) as ReportDocument;
    expect(await contentHash(reordered)).toBe(h);
  });

  it("changes with any printed change", async () => {
    const h = await contentHash(doc);
    const variants: ReportDocument[] = [
      { ...doc, title: doc.title + "。" },
      { ...doc, date: "2027-02-21" },
      { ...doc, recipient: "区委、区政府" },
      { ...doc, blocks: [{ ...doc.blocks[0]!, text: "第一段。\n第二段" }] },
      { ...doc, blocks: [{ ...doc.blocks[0]!, required: false }] },
      { ...doc, blocks: [{ ...doc.blocks[0]!, level: 2 }] },
      { ...doc, appendix: { title: "附件", rows: [] } },
    ];
    const hashes = await Promise.all(variants.map(contentHash));
    expect(new Set([h, ...hashes]).size).toBe(variants.length + 1);
  });
});
