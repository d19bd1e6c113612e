// How long a text is — the one place characters are counted.
//   countChars: 字数, what a report is measured in (completeness, thin sections, receipts, cards): code points,
//               whitespace (incl. U+3000 and no-break spaces) and invisible zero-width characters not counted.
//   charLength: code points, for limits (an answer of at most N characters, a title of at most 80).
// A UTF-16 `.length` counts an emoji or a rare CJK character (U+20000…) twice; neither function does.

/** 字数: code points, not counting whitespace or zero-width characters (each CJK character counts 1). */
export function countChars(text: string): number {
  const table = NOT_COUNTED;
  let n = 0;
  for (let i = 0; i < text.length; i++) if (table[text.charCodeAt(i)] === 0) n++;
  return n;
}

/** Code points (an emoji or a character outside the BMP counts 1). */
export function charLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || !isHighSurrogate(text.charCodeAt(i - 1))) n++;
  }
  return n;
}

/** The first `max` code points of `text` (the whole text when it is shorter). */
export function firstChars(text: string, max: number): string {
  if (charLength(text) <= max) return text;
  return Array.from(text).slice(0, Math.max(0, max)).join("");
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/**
 * Per UTF-16 code unit, 1 when countChars does not count it: whitespace as JavaScript's \s sees it, the invisible
 * zero-width characters (ZWSP, ZWNJ, ZWJ, WJ, BOM), and low surrogates (a pair counts once, at its high half).
 * Exported for one-pass scanners that count while they look for something else (placeholders.scanSectionText).
 */
export const NOT_COUNTED: Readonly<Uint8Array> = (() => {
  const t = new Uint8Array(0x10000);
  for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x2060, 0x3000, 0xfeff]) t[c] = 1;
  for (let c = 0x2000; c <= 0x200d; c++) t[c] = 1;
  for (let c = 0xdc00; c <= 0xdfff; c++) t[c] = 1;
  return t;
})();
