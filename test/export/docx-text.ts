// Reads a .docx back: unzips it (fflate) and returns the text of every body paragraph, in order.
import { strFromU8, unzipSync } from "fflate";

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
}

export function docxParts(bytes: Uint8Array): Record<string, string> {
  const zip = unzipSync(bytes);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(zip)) if (/\.(xml|rels)$/.test(k)) out[k] = strFromU8(v);
  return out;
}

/** The text of each non-empty paragraph of word/document.xml (tabs and breaks ignored). */
export function docxParagraphs(bytes: Uint8Array): string[] {
  const xml = docxParts(bytes)["word/document.xml"];
  if (!xml) throw new Error("not a .docx: word/document.xml missing");
  const body = xml.slice(Math.max(0, xml.indexOf("<w:body>")));
  const out: string[] = [];
  for (const m of body.matchAll(/<w:p(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/w:p>)/g)) {
    const text = [...(m[1] ?? "").matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescapeXml(t[1]!)).join("");
    if (text.trim() !== "") out.push(text);
  }
  return out;
}
