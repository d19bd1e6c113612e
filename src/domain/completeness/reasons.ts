// Reasons: the placeholder reason, the status a section's reasons give, the labels they list, and the status and
// reasons said in one line for cards and messages.
import type { SectionStatus } from "../model.js";
import { placeholderLabel, type Placeholder } from "../placeholders.js";
import { sectionStatusWord } from "../vocabulary.js";
import { uniq } from "./lists.js";
import type { Reason, SectionCompleteness } from "./types.js";

const MAX_LISTED = 6;

/** Items joined with 、: at most six, then "等 n 项". */
export function listText(items: readonly string[]): string {
  const n = Math.min(items.length, MAX_LISTED);
  let shown = n > 0 ? items[0]! : "";
  for (let i = 1; i < n; i++) shown += "、" + items[i]!;
  return items.length > MAX_LISTED ? `${shown}等 ${items.length} 项` : shown;
}

/** The distinct labels of placeholders ("***件", "XX"…), in order of first occurrence. */
function placeholderLabels(found: readonly Placeholder[]): string[] {
  return uniq(found.map(placeholderLabel));
}

export function placeholderReason(found: readonly Placeholder[]): Reason | null {
  if (found.length === 0) return null;
  const labels = placeholderLabels(found);
  return {
    code: "placeholders",
    severity: "warning",
    placeholders: labels,
    count: found.length,
    message: `有 ${found.length} 处待填写的占位符：${listText(labels)}`,
  };
}

/** The status reasons give: attention with a warning, draft with a blocking reason, complete otherwise. */
export function statusOf(reasons: readonly Reason[]): SectionStatus {
  let blocking = false;
  for (let i = 0; i < reasons.length; i++) {
    const sev = reasons[i]!.severity;
    if (sev === "warning") return "attention";
    if (sev === "blocking") blocking = true;
  }
  return blocking ? "draft" : "complete";
}

/** One line explaining why a section is not complete, e.g. "需核实：有 3 处待填写的占位符：***件、**次". */
export function summarizeReasons(s: Pick<SectionCompleteness, "status" | "reasons">): string {
  if (s.status === "complete") return sectionStatusWord("complete");
  const main = s.reasons.filter((r) => r.severity !== "hint").map((r) => r.message);
  return main.length > 0 ? `${sectionStatusWord(s.status)}：${main.join("；")}` : sectionStatusWord(s.status);
}
