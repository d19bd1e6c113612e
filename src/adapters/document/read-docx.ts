/**
 * Reads the text of a .docx (Office Open XML) file: word/document.xml, paragraph by paragraph in reading order, as a
 * reader sees it. Web APIs only (fflate unzips in memory), no network. The package (unzip, XML tokens) is
 * read-docx-xml.ts, the automatic numbering read-docx-numbering.ts; this file walks the body.
 *
 *  - A paragraph is its runs' text (w:t) with tabs as a space and line breaks (w:br, w:cr) as "\n"; deleted
 *    revisions (w:del, w:delText, w:moveFrom), field instructions (w:instrText), text boxes and the fallback copy of
 *    alternate content (mc:Fallback) are left out.
 *  - Automatic numbering is written out in front of the paragraph as Word shows it ("一、", "（二）", "1.", "①"):
 *    the paragraph's w:numPr, or its style's (styles.xml, through w:basedOn), resolved in numbering.xml (w:num →
 *    w:abstractNum → w:lvl: w:start, w:numFmt, w:lvlText, w:startOverride). Counters run per abstract numbering;
 *    a deeper level restarts when a shallower one advances. Bullets are not written.
 *  - A table becomes one line per row, its cells' text joined with " | " (paragraphs inside a cell with " ").
 * The result joins paragraphs with "\n"; empty paragraphs stay as empty lines (cleaning pasted text removes them).
 *
 * A file that is not a zip, has no word/document.xml or unpacks to more than MAX_XML_BYTES gives a DocxError.
 */
import { Counters, readNumbering, readStyles, type NumRef } from "./read-docx-numbering.js";
import { attr, DocxError, tokens, unzipParts } from "./read-docx-xml.js";

/** Elements whose content is not part of the text a reader sees. */
const SKIPPED = new Set(["w:del", "w:delText", "w:moveFrom", "w:instrText", "mc:Fallback", "w:txbxContent", "w:footnoteReference", "w:endnoteReference", "w:sectPr", "w:rPr"]);

/** The text of a .docx's body, paragraph by paragraph (see the module comment). Throws DocxError. */
export function readDocxText(bytes: Uint8Array): string {
  const parts = unzipParts(bytes);
  const counters = new Counters(readNumbering(parts["word/numbering.xml"]));
  const styleNum = readStyles(parts["word/styles.xml"]);
  const xml = parts["word/document.xml"]!;
  const bodyAt = xml.indexOf("<w:body");
  if (bodyAt < 0) throw new DocxError("文件不是有效的 .docx（正文为空）。");

  const out: string[] = [];
  // Tables: stack of rows being built; each row a list of cells, each cell a list of paragraph texts.
  const tables: { row: string[][] | null }[] = [];
  let para: { text: string; numId?: string; ilvl?: number; style?: string } | null = null;
  let skip = 0;
  let inPPr = false;
  let inT = false;

  // A paragraph (or a finished table row) goes into the innermost open table row's last cell, else to the output.
  const emit = (text: string) => {
    for (let i = tables.length - 1; i >= 0; i--) {
      const row = tables[i]!.row;
      if (!row) continue;
      if (row.length === 0) row.push([]);
      row[row.length - 1]!.push(text);
      return;
    }
    out.push(text);
  };

  for (const t of tokens(xml.slice(bodyAt))) {
    if (typeof t === "string") {
      if (skip === 0 && inT && para) para.text += t;
      continue;
    }
    if (SKIPPED.has(t.name)) {
      if (t.selfClose) continue;
      skip += t.close ? -1 : 1;
      continue;
    }
    if (skip > 0) continue;
    switch (t.name) {
      case "w:p":
        if (!t.close) {
          para = { text: "" };
          if (t.selfClose) {
            emit("");
            para = null;
          }
        } else if (para) {
          let ref: NumRef | null = null;
          if (para.numId !== undefined) ref = { numId: para.numId, ilvl: para.ilvl ?? 0 };
          else if (para.style !== undefined) ref = styleNum(para.style);
          const number = ref ? counters.next(ref) : "";
          emit(number + para.text);
          para = null;
        }
        break;
      case "w:pPr":
        inPPr = !t.close && !t.selfClose;
        break;
      case "w:pStyle":
        if (inPPr && para) para.style = attr(t.attrs, "w:val");
        break;
      case "w:numId":
        if (inPPr && para) para.numId = attr(t.attrs, "w:val");
        break;
      case "w:ilvl":
        if (inPPr && para) para.ilvl = Number(attr(t.attrs, "w:val") ?? 0);
        break;
      case "w:t":
        inT = !t.close && !t.selfClose;
        break;
      case "w:tab":
        if (para && !inPPr) para.text += " ";
        break;
      case "w:br":
      case "w:cr":
        if (para) para.text += "\n";
        break;
      case "w:noBreakHyphen":
        if (para) para.text += "-";
        break;
      case "w:tbl":
        if (!t.close) tables.push({ row: null });
        else tables.pop();
        break;
      case "w:tr": {
        const table = tables[tables.length - 1];
        if (!table) break;
        if (!t.close) table.row = [];
        else if (table.row) {
          const line = table.row.map((cell) => cell.filter((p) => p.trim() !== "").join(" ")).join(" | ");
          table.row = null;
          emit(line);
        }
        break;
      }
      case "w:tc": {
        const table = tables[tables.length - 1];
        if (table?.row && !t.close) table.row.push([]);
        break;
      }
    }
  }
  return out.join("\n");
}

/** readDocxText as the app's port (src/app/ports/platform.ts ReadDocx): a file that is not a .docx gives its message. */
export function readDocx(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: readDocxText(bytes) };
  } catch (e) {
    if (e instanceof DocxError) return { ok: false, message: e.message };
    throw e;
  }
}
