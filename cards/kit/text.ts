// Text for cards: Chinese-first i18n, escaping user text for Lark markdown, mentions, cutting and counts.
// Characters are counted by src/domain/text.ts only.
import { charLength, firstChars } from "../../src/domain/text.js";
import type { I18nContent, PlainText, Txt } from "./types.js";

export const LOCALES = ["zh_cn", "en_us"] as const;

/** The Chinese text of a Txt. */
export function zh(t: Txt): string {
  return typeof t === "string" ? t : t.zh;
}

/** The English half of a Txt as Card JSON 2.0 `i18n_content` (nothing when there is none). */
export function i18n(t: Txt): { i18n_content?: I18nContent } {
  if (typeof t === "string" || t.en === undefined) return {};
  return { i18n_content: { zh_cn: t.zh, en_us: t.en } };
}

export function plain(t: Txt): PlainText {
  return { tag: "plain_text", content: zh(t), ...i18n(t) };
}

const MD_SPECIAL: Record<string, string> = {
  "*": "&#42;",
  "~": "&#126;",
  ">": "&#62;",
  "<": "&#60;",
  "[": "&#91;",
  "]": "&#93;",
  "(": "&#40;",
  ")": "&#41;",
  "#": "&#35;",
  ":": "&#58;",
  _: "&#95;",
  "`": "&#96;",
};

/**
 * Escape user text for a markdown component: the characters Lark's markdown interprets
 * (`* ~ > < [ ] ( ) # : _` and backtick) become HTML entities. CJK and full-width punctuation stay as they are.
 */
export function escapeMd(text: string): string {
  return text.replace(/[*~><[\]()#:_`]/g, (c) => MD_SPECIAL[c] ?? c);
}

/** Escape and keep line breaks; leading list markers ("- ", "1. ") are neutralised as well. */
export function escapeMdBlock(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) =>
      escapeMd(line)
        .replace(/^(\s*)-(\s)/, "$1&#45;$2")
        .replace(/^(\s*)\+(\s)/, "$1&#43;$2")
        .replace(/^(\s*)(\d+)\.(\s)/, "$1$2&#46;$3"),
    )
    .join("\n");
}

const OPEN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `<at id=ou_xxx></at>`; anything that is not a plausible open id is rendered as escaped text. */
export function mention(openId: string): string {
  return OPEN_ID.test(openId) ? `<at id=${openId}></at>` : escapeMd(openId);
}

export interface Person {
  openId?: string;
  name?: string;
}

/** Mention when an open id is known, else the (escaped) name, else "未指定". */
export function personMd(p: Person): string {
  if (p.openId && OPEN_ID.test(p.openId)) return mention(p.openId);
  if (p.name) return escapeMd(p.name);
  return "未指定";
}

/** Cut to at most `max` code points, adding "…" when cut. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return "";
  if (charLength(text) <= max) return text;
  return firstChars(text, max - 1) + "…";
}

/** 12345 → "12,345" without locale APIs. */
export function formatCount(n: number): string {
  const s = String(Math.trunc(n));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Quote block for user text (each line prefixed with "> "), escaped. */
export function quoteMd(text: string): string {
  return escapeMdBlock(text)
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
}
