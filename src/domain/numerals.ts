// Chinese numerals 1..99 as reports number their parts and sub-sections (一、（二）) and as users type them.
const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"] as const;

/** 1 → "一", 10 → "十", 12 → "十二", 20 → "二十", 35 → "三十五" (1..99). */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return DIGITS[ones]!;
  return `${tens === 1 ? "" : DIGITS[tens]!}十${ones === 0 ? "" : DIGITS[ones]!}`;
}

/** Inverse of toChineseNumeral; also accepts ASCII or full-width digits. Returns null when not a number 1..99. */
export function parseChineseNumeral(s: string): number | null {
  const t = toHalfWidthDigits(s.trim());
  if (/^\d{1,2}$/.test(t)) {
    const n = Number(t);
    return n >= 1 ? n : null;
  }
  const digit = (c: string | undefined) => (c ? DIGITS.indexOf(c as (typeof DIGITS)[number]) : 0);
  if (/^[一二三四五六七八九]$/.test(t)) return digit(t);
  const m = /^([二三四五六七八九])?十([一二三四五六七八九])?$/.exec(t);
  if (!m) return null;
  const [, tensCh, onesCh] = m;
  return (tensCh ? digit(tensCh) : 1) * 10 + digit(onesCh);
}

/** ASCII digits for full-width ones ("２０２３" → "2023"). */
export function toHalfWidthDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
