// Small list helpers the completeness results are built with: results are read only and may be kept in great
// numbers (the reminder pass, the benchmark), so lists are exact-size and duplicates are dropped without a Set where
// lists are short.

/**
 * `xs`, or an exact-size copy of it. An array grown by push keeps spare capacity (17 slots after the
 * first push); results may be retained (the benchmark keeps 10 000 reports × 20 sections), so they hold
 * exact-size arrays.
 */
export function fit<T>(xs: T[]): T[] {
  return xs.length === 0 || xs.length > 16 ? xs : xs.slice();
}

/** `items` without duplicates: `items` itself when it has none (results hold read-only lists). */
export function distinct(items: readonly string[]): readonly string[] {
  const n = items.length;
  if (n < 2) return items;
  if (n === 2) return items[0] === items[1] ? [items[0]!] : items;
  const set = new Set(items);
  return set.size === n ? items : [...set];
}

/** `items` without duplicates, in order of first occurrence, always a new array. */
export function uniq(items: readonly string[]): string[] {
  // Owners and labels are short lists: avoid a Set for the common cases.
  const n = items.length;
  if (n === 0) return [];
  if (n === 1) return [items[0]!];
  if (n === 2) return items[0] === items[1] ? [items[0]!] : [items[0]!, items[1]!];
  return [...new Set(items)];
}
