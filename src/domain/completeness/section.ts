// One section's completeness: its status and reasons (called by ./report.ts, children before parents).
//
// Rules, per section (its own text):
// - empty: no non-whitespace character. With owners assigned, a hint says the owner has not written yet.
// - complete answer: the text, ignoring whitespace and final punctuation, equals one of
//   spec.completeAnswers (e.g. "无") → complete, no further checks.
// - attention: placeholders ("***件", "XX", "【待补充】"…) or a figure the template requires
//   (spec.figures) that the text does not contain. These must be fixed before the report is final.
// - draft: shorter than spec.minLength (characters, whitespace not counted).
// - complete: otherwise.
// - Guidance topics are not part of completeness: they never change a status (topics are suggestions,
//   real reports word them in many ways, and a finished report must be able to read 100 %). The prompt
//   shows which are mentioned (missingTopics, ./topics.ts).
//
// The template's sub-sections are suggestions. A sub-section (level 2) is never required: until someone
// writes it, it does not count for anything; once written, it counts for its part. A part is judged on
// what it holds — its own text (the lead text) and its written sub-sections:
// - placeholders are checked in the lead text (each sub-section reports its own);
// - minLength and figures apply to the whole part: lead text plus the written sub-sections;
// - the part is empty when the lead text and every sub-section are empty; complete when the lead text is
//   a complete answer and no sub-section is written;
// - otherwise attention if the lead text needs attention, a figure is missing, or a written sub-section
//   is in attention; draft if the part is too short or a written sub-section is a draft; complete
//   otherwise.
// A part pasted whole with its own sub-headings （一）（二）… (ownSubheadingCount in outline/printed.ts) is written in
// its own shape: its unwritten suggestions are dropped (never owed, never shown, never printed).

import { ownSubheadingCount } from "../outline/printed.js";
import { scanSectionText, type Placeholder } from "../placeholders.js";
import { evaluateFigures } from "./figures.js";
import { fit } from "./lists.js";
import { listText, placeholderReason, statusOf } from "./reasons.js";
import type { CompletenessSectionInput, Reason, SectionCompleteness } from "./types.js";

const STRIP_RE = /[\s\u3000。．.！!；;，,]+/gu;

/** The text without whitespace and sentence punctuation, as complete answers ("无。") are compared. */
export function normalizeAnswer(text: string): string {
  return text.replace(STRIP_RE, "");
}

// Shared empty lists: most sections have no sub-sections, and a complete one no reasons (results are read only).
const NO_KEYS: readonly string[] = Object.freeze([]);
const NO_REASONS: readonly Reason[] = Object.freeze([]);
const NO_PLACEHOLDERS: readonly Placeholder[] = Object.freeze([]);

/**
 * Evaluates section `i`; its sub-sections (`kids`, indices into `results`) are evaluated already. Returns the
 * result and leaves the section's whole text (own + written sub-sections; joined only when figures need it) in
 * `fullTexts[i]`.
 */
export function evaluateSection(
  item: CompletenessSectionInput,
  i: number,
  kids: readonly number[] | null,
  results: readonly (SectionCompleteness | undefined)[],
  fullTexts: string[],
  ownerOpenIds: readonly string[],
  ownersInherited: boolean,
): SectionCompleteness {
  const { section, text } = item;
  const spec = section.spec;
  const scanned = scanSectionText(text); // placeholders and countChars(text), in one pass
  const length = scanned.length;
  let totalLength = length;
  let fullText = text;
  let childKeys = NO_KEYS;
  let ownSubheadings = false;
  let attention: string[] | null = null;
  let unfinished: string[] | null = null;
  if (kids !== null) {
    const keys: string[] = [];
    // The whole text is needed for this section's figures, or (a section under another) for its parent's.
    const whole = spec.figures.length > 0 || section.parentKey !== null;
    let parts: string[] | null = null;
    for (let k = 0; k < kids.length; k++) {
      const c = results[kids[k]!];
      if (c === undefined) continue; // not evaluated before its parent: left out
      keys.push(c.key);
      if (c.status === "attention") (attention ??= []).push(c.label);
      else if (c.status === "draft") (unfinished ??= []).push(c.label); // an empty one is a suggestion, not owed by the part
      if (c.totalLength === 0) continue; // an unwritten suggestion holds nothing
      totalLength += c.totalLength;
      if (whole) (parts ??= [text]).push(fullTexts[kids[k]!]!);
    }
    if (keys.length > 0) childKeys = keys;
    if (parts !== null) fullText = parts.join("\n");
    ownSubheadings = length > 0 && ownSubheadingCount(text) > 0;
  }
  fullTexts[i] = fullText;
  const placeholders = scanned.placeholders.length > 0 ? scanned.placeholders : NO_PLACEHOLDERS;
  const result: SectionCompleteness = {
    key: section.key,
    label: section.label,
    title: section.title,
    level: section.level,
    parentKey: section.parentKey,
    required: spec.required && section.level < 2,
    length,
    totalLength,
    placeholders,
    ownerOpenIds,
    ownersInherited,
    childKeys,
    ownSubheadings,
    status: "complete",
    reasons: NO_REASONS,
    owed: false,
  };

  if (totalLength === 0) {
    const reasons: Reason[] = [{ code: "empty", severity: "blocking", message: "尚未填写" }];
    if (ownerOpenIds.length > 0) {
      reasons.push({ code: "owner_no_content", severity: "hint", ownerOpenIds: [...ownerOpenIds], message: "已指定负责人，但还没有内容" });
    }
    result.status = "empty";
    result.reasons = reasons;
    return result;
  }

  if (totalLength === length && spec.completeAnswers.length > 0) {
    // No sub-section written: the lead text alone may be a complete answer ("无").
    const norm = normalizeAnswer(text);
    for (const a of spec.completeAnswers) if (normalizeAnswer(a) === norm) return result; // complete
  }

  const reasons: Reason[] = [];
  const ph = placeholderReason(placeholders);
  if (ph) reasons.push(ph);
  if (attention !== null) {
    reasons.push({ code: "children_attention", severity: "warning", children: attention, message: `小节需核实：${listText(attention)}` });
  }
  if (unfinished !== null) {
    reasons.push({ code: "children_incomplete", severity: "blocking", children: unfinished, message: `小节未完成：${listText(unfinished)}` });
  }
  if (totalLength < spec.minLength) {
    reasons.push({
      code: "too_short",
      severity: "blocking",
      length: totalLength,
      minLength: spec.minLength,
      message: `已写 ${totalLength} 字，建议不少于 ${spec.minLength} 字`,
    });
  }
  evaluateFigures(spec, fullText, reasons);
  if (item.extra) for (const r of item.extra) reasons.push(r);
  if (reasons.length > 0) {
    result.status = statusOf(reasons);
    result.reasons = fit(reasons);
  }
  return result;
}
