// What Lark limits a card by: its JSON size in UTF-8 bytes and its number of components.
import type { Card, CardElement } from "./types.js";

/** UTF-8 byte length of a string, without TextEncoder. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

export function cardBytes(card: Card): number {
  return utf8Length(JSON.stringify(card));
}

/** Count every component (elements, nested elements, columns) in a card body. */
export function countComponents(elements: readonly CardElement[]): number {
  let n = 0;
  for (const el of elements) {
    n++;
    if (el.tag === "form" || el.tag === "collapsible_panel") n += countComponents(el.elements);
    if (el.tag === "column_set") {
      for (const col of el.columns) n += 1 + countComponents(col.elements);
    }
  }
  return n;
}
