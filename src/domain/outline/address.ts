// Addresses: what users type to name a section ("一（二）", "1.2", "第三部分", a key or a title), and comparing
// titles the way addresses are compared.
import type { OutlineSection } from "../model.js";
import { parseChineseNumeral, toHalfWidthDigits } from "../numerals.js";

export type AddressResult = { ok: true; key: string } | { ok: false; message: string };

function normalizeAddress(input: string): string {
  return toHalfWidthDigits(input)
    .replace(/[\s\u3000\u00a0]+/g, "")
    .replace(/\(/g, "（")
    .replace(/\)/g, "）")
    .replace(/[．。]/g, ".")
    .replace(/[“”"「」『』《》]/g, "");
}

const NUM = "(?:\\d{1,2}|[一二三四五六七八九十]{1,3})";
const ADDRESS_RE = new RegExp(
  `^(?:第(${NUM})(?:部分|项|节)?|(${NUM}))、?(?:（(${NUM})）|\\.(${NUM})|-(${NUM}))?[、.]?$`,
);

/** Labels users can type, e.g. "开头、一、一（一）…", for messages. */
/** A section as people name it in messages and cards: "开头" for the preamble, else its printed heading ("一、…", "（二）…"). */
export function sectionHeading(s: Pick<OutlineSection, "level" | "heading">): string {
  return s.level === 0 ? "开头" : s.heading;
}

export function outlineLabels(outline: readonly OutlineSection[]): string {
  return outline.map((s) => s.label).join("、");
}

/**
 * Resolves what a user typed to a section key. Accepts "开头", "一", "第一部分", "1", "一（二）", "一(二)", "1.2",
 * a section key, or a section's exact title.
 */
export function parseSectionAddress(input: string, outline: readonly OutlineSection[]): AddressResult {
  const raw = input.trim();
  const q = normalizeAddress(raw);
  const notFound = (): AddressResult => ({
    ok: false,
    message: `找不到章节「${raw}」。可用的章节：${outlineLabels(outline)}`,
  });
  if (!q) return { ok: false, message: `请指明章节，例如：一 或 一（二）。可用的章节：${outlineLabels(outline)}` };
  if (q === "开头" || q === "0" || q === "开头部分" || q === "导语" || q === "前言") {
    const pre = outline.find((s) => s.level === 0);
    return pre ? { ok: true, key: pre.key } : notFound();
  }
  const m = ADDRESS_RE.exec(q);
  if (m) {
    const partNo = parseChineseNumeral(m[1] ?? m[2] ?? "");
    const childRaw = m[3] ?? m[4] ?? m[5];
    if (partNo === null) return notFound();
    const part = outline.find((s) => s.level === 1 && s.index === partNo);
    if (!part) return notFound();
    if (childRaw === undefined) return { ok: true, key: part.key };
    const childNo = parseChineseNumeral(childRaw);
    const child = outline.find((s) => s.level === 2 && s.parentKey === part.key && s.index === childNo);
    return child ? { ok: true, key: child.key } : notFound();
  }
  const byKey = outline.find((s) => s.key === raw);
  if (byKey) return { ok: true, key: byKey.key };
  const byTitle = outline.filter((s) => normalizeAddress(s.title) === q || normalizeAddress(s.heading) === q);
  if (byTitle.length === 1) return { ok: true, key: byTitle[0]!.key };
  return notFound();
}

/** Whether two titles are the same once spaces, brackets, quotes and list punctuation are ignored. */
export const sameTitle = (a: string, b: string) => normalizeAddress(a).replace(/[，,、；;：:]/g, "") === normalizeAddress(b).replace(/[，,、；;：:]/g, "");
