// Reading a .docx's text: the two real reports saved by an office suite read back exactly as their text; automatic
// numbering, tables, line breaks, revisions and fields in a hand-made file; files that are not a .docx say so.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readDocxText } from "../../src/adapters/document/read-docx.js";
import { DocxError } from "../../src/adapters/document/read-docx-xml.js";

const fixtures = join(import.meta.dirname, "..", "fixtures");
const bytes = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
function docx(body: string, extra: Record<string, string> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8('<?xml version="1.0"?><Types/>'),
    "word/document.xml": strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}<w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body></w:document>`),
  };
  for (const [k, v] of Object.entries(extra)) files[k] = strToU8(v);
  return zipSync(files);
}
const p = (text: string, ppr = "") => `<w:p>${ppr ? `<w:pPr>${ppr}</w:pPr>` : ""}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const num = (numId: number, ilvl: number) => `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`;

const NUMBERING = `<?xml version="1.0"?><w:numbering ${W}>
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
</w:numbering>`;
const STYLES = `<?xml version="1.0"?><w:styles ${W}>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr>${num(1, 0)}</w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="MyPart"><w:name w:val="My Part"/><w:basedOn w:val="Heading1"/></w:style>
</w:styles>`;

describe("readDocxText", () => {
  it("the two real reports saved as .docx by an office suite read back as exactly their text", () => {
    for (const name of ["nanan-2023-report", "district-2022-draft"]) {
      const text = readFileSync(join(fixtures, `${name}.txt`), "utf8").replace(/\n$/, "");
      expect(readDocxText(bytes(`${name}.docx`))).toBe(text);
    }
  });

  it("writes automatic numbering out as Word shows it: by paragraph or by style, levels restart, bullets left out", () => {
    const body = [
      p("主要举措和成效", `<w:pStyle w:val="MyPart"/>`),
      p("强化组织领导", num(1, 1)),
      p("细化任务", num(1, 2)),
      p("明确责任", num(1, 2)),
      p("落实职责制度", num(1, 1)),
      p("细化任务", num(1, 2)),
      p("存在的不足", `<w:pStyle w:val="Heading1"/>`),
      p("没有编号", `<w:pStyle w:val="Heading1"/><w:numPr><w:numId w:val="0"/></w:numPr>`),
      p("要点", num(2, 0)),
      p("从三开始", num(3, 0)),
      p("接着", num(3, 0)),
    ].join("");
    expect(readDocxText(docx(body, { "word/numbering.xml": NUMBERING, "word/styles.xml": STYLES })).split("\n")).toEqual([
      "一、主要举措和成效",
      "（一）强化组织领导",
      "1.细化任务",
      "2.明确责任",
      "（二）落实职责制度",
      "1.细化任务",
      "二、存在的不足",
      "没有编号",
      "要点",
      "③从三开始",
      "④接着",
    ]);
  });

  it("tables as one line per row; line breaks, tabs and entities; revisions, field codes and text boxes left out", () => {
    const body = [
      p("第一行<w:br/>第二行"),
      `<w:p><w:r><w:t>甲</w:t></w:r><w:r><w:tab/><w:t>乙 &amp; &lt;丙&gt; &#x4E01;</w:t></w:r></w:p>`,
      `<w:p><w:r><w:t>保留</w:t></w:r><w:del w:id="1"><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>插入的</w:t></w:r></w:ins></w:p>`,
      `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
      `<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>${p("文本框")}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>${p("备用")}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`,
      `<w:tbl><w:tr><w:tc>${p("项目")}</w:tc><w:tc>${p("数量")}</w:tc></w:tr><w:tr><w:tc>${p("行政许可")}${p("（含变更）")}</w:tc><w:tc>${p("2810件")}</w:tc></w:tr></w:tbl>`,
      `<w:tbl><w:tr><w:tc>${p("外")}</w:tc><w:tc><w:tbl><w:tr><w:tc>${p("内1")}</w:tc><w:tc>${p("内2")}</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`,
      `<w:p/>`,
      p("完"),
    ].join("");
    expect(readDocxText(docx(body)).split("\n")).toEqual([
      "第一行",
      "第二行",
      "甲 乙 & <丙> 丁",
      "保留插入的",
      "3",
      "正文",
      "项目 | 数量",
      "行政许可 （含变更） | 2810件",
      "外 | 内1 | 内2",
      "",
      "完",
    ]);
  });

  it("a file that is not a .docx: a clear error (not a zip; a zip without word/document.xml; an old .doc)", () => {
    const err = (b: Uint8Array) => {
      try {
        readDocxText(b);
      } catch (e) {
        return e;
      }
      return null;
    };
    const plain = err(strToU8("这不是压缩包"));
    expect(plain).toBeInstanceOf(DocxError);
    expect((plain as Error).message).toBe("文件不是有效的 .docx（无法解压）。");
    expect((err(zipSync({ "a.txt": strToU8("x") })) as Error).message).toContain("缺少正文");
    const doc = new Uint8Array(512);
    doc.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(err(doc)).toBeInstanceOf(DocxError);
  });
});
