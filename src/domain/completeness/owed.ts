// What is owed: what reminders list (grouped by owner by the reminder planner) and walks stop at.
//
// A section is owed when it is:
// - a section without sub-sections that counts (required, or written) and is not complete;
// - a written sub-section that is not complete;
// - an unwritten sub-section while its part still needs writing (the part counts, is empty or too
//   short, and does not bring its own sub-headings): the suggestions are how to finish it;
// - a part with sub-sections that is not complete when none of its sub-sections is owed (e.g. only a
//   figure is missing), and whenever its lead text has placeholders.

import type { CompletenessSectionInput, SectionCompleteness } from "./types.js";

/** A section that counts for the report: required, or written. */
export function counts(s: SectionCompleteness): boolean {
  return s.required || s.totalLength > 0;
}

/** A part that still needs writing: it counts, is empty or too short, and does not bring its own sub-headings. */
function needsWriting(s: SectionCompleteness): boolean {
  if (s.ownSubheadings || !counts(s)) return false;
  if (s.status === "empty") return true;
  for (const r of s.reasons) if (r.code === "too_short") return true;
  return false;
}

/**
 * Where a walk through the report stops (the group's 继续 and an owner's private walk): what is owed, and a
 * part that still needs writing — its prompt lists the suggested sub-sections, and a whole part can be
 * pasted there.
 */
export function isWalkStop(s: SectionCompleteness): boolean {
  return s.owed || (s.level === 1 && needsWriting(s));
}

/**
 * Sets `owed` on every section (see the rules at the top). `parentIdx` and `childIdx` are each section's parent and
 * children in the input (-1, null: none).
 */
export function markOwed(
  items: readonly CompletenessSectionInput[],
  sections: readonly SectionCompleteness[],
  parentIdx: readonly number[],
  childIdx: readonly (number[] | null)[],
): void {
  const n = items.length;
  // Sub-sections first (a part's own debt depends on theirs), then the others. A sub-section
  // here is a section evaluated with its part (deeper than it, in its childKeys).
  const under = new Array<boolean>(n).fill(false);
  /** Per part: whether its unwritten suggestions are owed (0 not known yet, 1 yes, 2 no). */
  const wants = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = sections[i]!;
    const pi = parentIdx[i]!;
    if (pi < 0 || s.childKeys.length > 0 || sections[pi]!.childKeys.length === 0 || (items[pi]!.section.level as number) >= (s.level as number)) continue;
    under[i] = true;
    if (s.totalLength > 0) s.owed = s.status !== "complete";
    else {
      if (wants[pi] === 0) {
        const p = sections[pi]!;
        wants[pi] = p.status !== "complete" && needsWriting(p) ? 1 : 2;
      }
      s.owed = wants[pi] === 1;
    }
  }
  for (let i = 0; i < n; i++) {
    const s = sections[i]!;
    if (under[i] || !counts(s) || s.status === "complete") continue;
    const kids = childIdx[i] ?? null;
    if (s.childKeys.length === 0 || kids === null) {
      s.owed = true;
      continue;
    }
    let childOwed = false;
    for (const k of kids) if (sections[k]!.owed) childOwed = true;
    s.owed = !childOwed || s.placeholders.length > 0;
  }
}
