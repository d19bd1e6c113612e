// Guidance topics (spec.guidance.topics): suggestions for the prompt, not completeness — they never change a status
// (real reports word them in many ways, and a finished report must be able to read 100 %).
import type { OutlineSection } from "../model.js";

/**
 * The guidance topics `text` does not mention (no keyword of the topic appears), by label, in template order.
 * Guidance for the prompt, not completeness: topics never change a status. For a part, pass its whole text
 * (lead text and written sub-sections).
 */
export function missingTopics(spec: OutlineSection["spec"], text: string): string[] {
  // Keyword by keyword with String.prototype.includes: measured faster here than one combined
  // expression per spec (frequent keywords such as 执法 stop a combined scan at nearly every sentence).
  const missing: string[] = [];
  for (const topic of spec.guidance.topics) {
    if (!mentions(text, topic.keywords)) missing.push(topic.label);
  }
  return missing;
}

function mentions(text: string, keywords: readonly string[]): boolean {
  for (let i = 0; i < keywords.length; i++) {
    const k = keywords[i]!;
    if (k !== "" && text.includes(k)) return true;
  }
  return false;
}
