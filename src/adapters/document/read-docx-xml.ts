// Reading a .docx as a package: unzip the XML parts the reader needs (in memory, with a size cap) and tokenize XML
// into tags and text. Knows nothing of WordprocessingML; read-docx.ts and read-docx-numbering.ts give the tags meaning.
import { strFromU8, unzipSync } from "fflate";

export class DocxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocxError";
  }
}

/** Largest unpacked XML part read (a report's document.xml is well under 1 MB). */
export const MAX_XML_BYTES = 20 * 1024 * 1024;

const PARTS = ["word/document.xml", "word/numbering.xml", "word/styles.xml"];

/** The parts read-docx uses, as text; a DocxError when the file is not a zip, lacks the body or is too big. */
export function unzipParts(bytes: Uint8Array): Record<string, string> {
  let files: Record<string, Uint8Array>;
  let tooBig = false;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!PARTS.includes(f.name)) return false;
        if (f.originalSize > MAX_XML_BYTES) {
          tooBig = true;
          return false;
        }
        return true;
      },
    });
  } catch {
    throw new DocxError("文件不是有效的 .docx（无法解压）。");
  }
  if (tooBig) throw new DocxError("文件内容过大，无法读取。");
  if (!files["word/document.xml"]) throw new DocxError("文件不是有效的 .docx（缺少正文 word/document.xml）。");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) out[k] = strFromU8(v);
  return out;
}

// A minimal XML tokenizer: tags with their attributes, and text between tags.

export interface Tag {
  name: string;
  close: boolean;
  selfClose: boolean;
  attrs: string;
}

const TOKEN_RE = /<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g;

/** Tags (with their raw attribute text) and unescaped text, in document order. */
export function* tokens(xml: string): Generator<Tag | string> {
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(xml))) {
    if (m[2] !== undefined) yield { name: m[2], close: m[1] === "/", selfClose: m[4] === "/", attrs: m[3] ?? "" };
    else if (m[5] !== undefined) yield m[5];
    else if (m[6] !== undefined) yield unescapeXml(m[6]);
  }
}

/** The unescaped value of one attribute (e.g. "w:val") in a tag's attribute text. */
export function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name.replace(/[.:]/g, "\\$&")}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? unescapeXml(m[1] ?? m[2] ?? "") : undefined;
}

function unescapeXml(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "amp") return "&";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

