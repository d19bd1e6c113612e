/**
 * Renders a ReportDocument as a .docx laid out to GB/T 9704-2012 (党政机关公文格式):
 * A4, margins 37/35/28/26 mm, 3号 仿宋_GB2312 body with Times New Roman for Latin and digits, exact 28.95 pt lines
 * (22 lines a page), 2-character first-line indent, characters condensed by 0.25 pt (28 a line), 2号 小标宋 title,
 * 黑体 / 楷体 / 仿宋 headings, "— n —" page numbers in 4号 宋体 (odd pages right, even pages left), signature block
 * per 7.3.5.2, optional 附件 on its own page.
 *
 * Runs on Node, browsers and Cloudflare Workers: no Node APIs, output is a Uint8Array.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  HighlightColor,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
  type IRunOptions,
} from "docx";
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { layoutReport, type Block } from "./assemble.js";
import type { HeadingLevel } from "../../domain/headings.js";
import type { ReportDocument } from "../../domain/report-document.js";

/** Font names used on Chinese government machines. Substitutes are configured per renderer (see fontconfig file). */
export const GONGWEN_FONTS = {
  title: "方正小标宋简体",
  body: "仿宋_GB2312",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  pageNumber: "宋体",
  latin: "Times New Roman",
} as const;

/** Layout constants, in twips (1/20 pt) unless stated. */
export const GONGWEN_LAYOUT = {
  pageWidth: 11906,
  pageHeight: 16838,
  marginTop: 2098, // 37 mm 天头
  marginBottom: 1984, // 35 mm
  marginLeft: 1587, // 28 mm 订口
  marginRight: 1474, // 26 mm
  header: 851,
  footer: 1247, // puts the page number ≈7 mm below the text area
  line: 579, // 28.95 pt exact: 22 lines fill the 225 mm text area
  bodySize: 32, // half-points: 三号 16 pt
  titleSize: 44, // 二号 22 pt
  pageNumberSize: 28, // 四号 14 pt
  charWidth: 320, // one 三号 character
  characterSpacing: -5, // condense by 0.25 pt so that 28 characters fit the 156 mm line
  titleLine: 700, // 35 pt exact for the 2号 title lines
} as const;

const L = GONGWEN_LAYOUT;
const TEXT_WIDTH = L.pageWidth - L.marginLeft - L.marginRight;

const fonts = (eastAsia: string) => ({
  ascii: GONGWEN_FONTS.latin,
  hAnsi: GONGWEN_FONTS.latin,
  cs: GONGWEN_FONTS.latin,
  eastAsia,
  // Ambiguous-width characters such as “ ” ‘ ’ … — take the Chinese font, as when typed with a Chinese IME.
  hint: "eastAsia",
});

const exact = (line: number = L.line) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });
const noIndent = { firstLine: 0, firstLineChars: 0, left: 0, right: 0 };

const STYLE = {
  title: "GwTitle",
  recipient: "GwRecipient",
  signature: "GwSignature",
  appendixLabel: "GwAppendixLabel",
  tableText: "GwTableText",
  lead: { 1: "GwLead1", 2: "GwLead2", 3: "GwLead3", 4: "GwLead4" } as Record<HeadingLevel, string>,
} as const;

const HEADING_STYLE: Record<HeadingLevel, string> = { 1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4" };

function headingStyle(eastAsia: string, bold: boolean, outlineLevel: number) {
  return {
    run: { font: fonts(eastAsia), size: L.bodySize, bold, italics: false, color: "000000" },
    paragraph: {
      spacing: exact(),
      outlineLevel,
      keepNext: true,
      indent: { firstLine: 2 * L.charWidth, firstLineChars: 200 },
      alignment: AlignmentType.JUSTIFIED,
    },
  };
}

function styles() {
  return {
    default: {
      document: {
        run: {
          font: fonts(GONGWEN_FONTS.body),
          size: L.bodySize,
          characterSpacing: L.characterSpacing,
          language: { value: "en-US", eastAsia: "zh-CN" },
        },
        paragraph: {
          spacing: exact(),
          indent: { firstLine: 2 * L.charWidth, firstLineChars: 200 },
          alignment: AlignmentType.JUSTIFIED,
          // Widow/orphan control would leave pages with 21 lines and break the 22-line grid.
          widowControl: false,
        },
      },
      heading1: headingStyle(GONGWEN_FONTS.heading1, false, 0),
      heading2: headingStyle(GONGWEN_FONTS.heading2, false, 1),
      heading3: headingStyle(GONGWEN_FONTS.body, true, 2),
      heading4: headingStyle(GONGWEN_FONTS.body, false, 3),
    },
    paragraphStyles: [
      {
        id: STYLE.title,
        name: "公文标题",
        basedOn: "Normal",
        next: "Normal",
        quickFormat: true,
        run: { font: fonts(GONGWEN_FONTS.title), size: L.titleSize, characterSpacing: 0, bold: false },
        paragraph: {
          alignment: AlignmentType.CENTER,
          indent: noIndent,
          spacing: exact(L.titleLine),
          keepNext: true,
          outlineLevel: 0,
        },
      },
      {
        id: STYLE.recipient,
        name: "主送机关",
        basedOn: "Normal",
        next: "Normal",
        paragraph: { indent: noIndent, alignment: AlignmentType.LEFT, keepNext: true },
      },
      {
        id: STYLE.signature,
        name: "署名和成文日期",
        basedOn: "Normal",
        paragraph: { alignment: AlignmentType.RIGHT, keepNext: true, keepLines: true },
      },
      {
        id: STYLE.appendixLabel,
        name: "附件标识",
        basedOn: "Normal",
        next: "Normal",
        run: { font: fonts(GONGWEN_FONTS.heading1) },
        paragraph: { indent: noIndent, alignment: AlignmentType.LEFT, keepNext: true },
      },
      {
        id: STYLE.tableText,
        name: "表格文字",
        basedOn: "Normal",
        run: { size: L.pageNumberSize, characterSpacing: 0 },
        paragraph: { indent: noIndent, alignment: AlignmentType.LEFT, spacing: exact(400) },
      },
    ],
    characterStyles: [
      { id: STYLE.lead[1], name: "一级标题引导语", basedOn: "DefaultParagraphFont", run: { font: fonts(GONGWEN_FONTS.heading1) } },
      { id: STYLE.lead[2], name: "二级标题引导语", basedOn: "DefaultParagraphFont", run: { font: fonts(GONGWEN_FONTS.heading2) } },
      { id: STYLE.lead[3], name: "三级标题引导语", basedOn: "DefaultParagraphFont", run: { bold: true } },
      { id: STYLE.lead[4], name: "四级标题引导语", basedOn: "DefaultParagraphFont", run: { bold: true } },
    ],
  };
}

function pageNumberFooter(oddPage: boolean): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: oddPage ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // 单页码居右空一字，双页码居左空一字 (one 4号 character = 280 twips).
        indent: oddPage
          ? { right: 280, left: 0, firstLine: 0, firstLineChars: 0 }
          : { left: 280, right: 0, firstLine: 0, firstLineChars: 0 },
        spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
        children: [
          new TextRun({
            font: fonts(GONGWEN_FONTS.pageNumber),
            size: L.pageNumberSize,
            characterSpacing: 0,
            children: ["— ", PageNumber.CURRENT, " —"],
          }),
        ],
      }),
    ],
  });
}

function run(text: string, opts: IRunOptions = {}): TextRun {
  return new TextRun({ ...opts, text });
}

function para(opts: IParagraphOptions): Paragraph {
  return new Paragraph(opts);
}

function appendixTable(rows: string[][]): Table {
  const cols = Math.max(1, ...rows.map((r) => r.length));
  const colWidth = Math.floor(TEXT_WIDTH / cols);
  const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: Array.from({ length: cols }, () => colWidth),
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: rows.map(
      (row, r) =>
        new TableRow({
          tableHeader: r === 0,
          cantSplit: false,
          children: Array.from(
            { length: cols },
            (_, c) =>
              new TableCell({
                width: { size: colWidth, type: WidthType.DXA },
                children: [
                  para({ style: STYLE.tableText, children: [run(row[c] ?? "", { bold: r === 0 })] }),
                ],
              }),
          ),
        }),
    ),
  });
}

function toDocx(blocks: readonly Block[]): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  const sigIndex = blocks.findIndex((b) => b.type === "signature");
  // The 署名 must not stand alone on a page (7.3.5.5): the last body paragraph keeps with the signature, with
  // widow control so that at least its last two lines move along. Only that paragraph: a longer keep chain that
  // does not fit on one page makes LibreOffice ignore the keep altogether.
  let lastBody = sigIndex;
  while (lastBody > 0 && ["blank", "attachmentNote"].includes(blocks[lastBody - 1]!.type)) lastBody -= 1;
  lastBody -= 1;
  blocks.forEach((b, i) => {
    const keepNext = sigIndex !== -1 && i >= lastBody && i < sigIndex ? true : undefined;
    const widowControl = i === lastBody ? true : undefined;
    switch (b.type) {
      case "title":
        out.push(para({ style: STYLE.title, children: [run(b.text)] }));
        break;
      case "blank":
        out.push(para({ keepNext, children: [] }));
        break;
      case "recipient":
        out.push(para({ style: STYLE.recipient, children: [run(b.text)] }));
        break;
      case "heading":
        out.push(para({ style: HEADING_STYLE[b.level], keepNext: true, children: [run(b.text)] }));
        break;
      case "paragraph":
        out.push(
          para({
            keepNext,
            widowControl,
            children: b.leadIn
              ? [run(b.leadIn.text, { style: STYLE.lead[b.leadIn.level] }), run(b.text)]
              : [run(b.text)],
          }),
        );
        break;
      case "placeholder":
        out.push(para({ keepNext, widowControl, children: [run(b.text, { highlight: HighlightColor.YELLOW })] }));
        break;
      case "attachmentNote":
        out.push(para({ keepNext, children: [run(b.text)] }));
        break;
      case "signature":
        out.push(
          para({
            style: STYLE.signature,
            keepNext: true,
            indent: { right: Math.round(b.officeRightChars * L.charWidth), firstLine: 0, firstLineChars: 0 },
            children: [run(b.office)],
          }),
          para({
            style: STYLE.signature,
            indent: { right: Math.round(b.dateRightChars * L.charWidth), firstLine: 0, firstLineChars: 0 },
            children: [run(b.date)],
          }),
        );
        break;
      case "appendix":
        // 7.3.7: "附件" in 黑体 flush left on the first line of a new page, the title centred on the third line.
        out.push(
          para({ style: STYLE.appendixLabel, pageBreakBefore: true, children: [run("附件")] }),
          para({ keepNext: true, children: [] }),
          para({ style: STYLE.title, children: [run(b.title)] }),
          para({ keepNext: true, children: [] }),
        );
        if (b.rows.length > 0) out.push(appendixTable(b.rows));
        break;
    }
  });
  return out;
}

export interface RenderDocxOptions {
  /**
   * Timestamp written to docProps/core.xml (created/modified) and to the zip entries, as an ISO 8601 instant.
   * Defaults to midnight UTC of the report's 成文日期, so the same report always gives the same bytes.
   */
  timestamp?: string;
}

/** Builds the docx object model (exposed for callers that want to post-process it). */
export function buildDocument(doc: ReportDocument): Document {
  return new Document({
    title: doc.title,
    creator: "huibao",
    lastModifiedBy: "huibao",
    description: "法治政府建设情况报告",
    evenAndOddHeaderAndFooters: true,
    styles: styles(),
    sections: [
      {
        properties: {
          page: {
            size: { width: L.pageWidth, height: L.pageHeight },
            margin: {
              top: L.marginTop,
              bottom: L.marginBottom,
              left: L.marginLeft,
              right: L.marginRight,
              header: L.header,
              footer: L.footer,
              gutter: 0,
            },
          },
          grid: { type: DocumentGridType.LINES, linePitch: L.line },
        },
        footers: { default: pageNumberFooter(true), even: pageNumberFooter(false) },
        children: toDocx(layoutReport(doc)),
      },
    ],
  });
}

const CORE_DATES_RE = /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g;

/** docProps/core.xml with fixed created/modified dates. */
function pinCoreDates(xml: string, iso: string): string {
  return xml.replace(CORE_DATES_RE, (_m, open: string, _n: string, close: string) => `${open}${iso}${close}`);
}

/**
 * DEFLATE level of the parts. Level 1 gives a file a few per cent larger than level 6 (the parts are small
 * and repetitive XML) in a fraction of the time.
 */
const ZIP_LEVEL = 1;

/** The package's parts as docx's own compiler writes them (what `Packer.pack` zips), or null if unavailable. */
type PartCompiler = { compile(file: Document): Map<string, string | Uint8Array | ArrayBufferView> };
function partCompiler(): PartCompiler | null {
  const c = (Packer as unknown as { compiler?: PartCompiler }).compiler;
  return c && typeof c.compile === "function" ? c : null;
}

/** Zips the parts once, in docx's order, with fixed core.xml dates and entry times (no dependence on the clock). */
function zipParts(parts: Iterable<[string, string | Uint8Array | ArrayBufferView]>, iso: string): Uint8Array {
  const mtime = Date.parse(iso);
  const entries: Zippable = {};
  for (const [name, data] of parts) {
    let bytes: Uint8Array;
    if (typeof data === "string") bytes = strToU8(name === "docProps/core.xml" ? pinCoreDates(data, iso) : data);
    else {
      bytes = data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (name === "docProps/core.xml") bytes = strToU8(pinCoreDates(strFromU8(bytes), iso));
    }
    entries[name] = [bytes, { mtime, level: ZIP_LEVEL }];
  }
  return zipSync(entries);
}

export async function renderDocx(doc: ReportDocument, options: RenderDocxOptions = {}): Promise<Uint8Array> {
  const iso = options.timestamp ?? `${doc.date.trim()}T00:00:00Z`;
  if (Number.isNaN(Date.parse(iso))) throw new Error(`invalid timestamp ${iso}`);
  const pinned = iso.replace(/\.\d+Z$/, "Z");
  const document = buildDocument(doc);
  // Zip once: docx's compiler gives the parts, which are zipped here with fixed dates. (Packer.pack would zip
  // them with the current time, and fixing that means unzipping and zipping again.)
  const compiler = partCompiler();
  if (compiler) return zipParts(compiler.compile(document), pinned);
  const packed = await Packer.pack(document, "uint8array");
  return zipParts(Object.entries(unzipSync(packed)), pinned);
}
