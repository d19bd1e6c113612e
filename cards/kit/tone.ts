// The shared visual language: what each state looks like (header colours, tag colours; status marks and words are the domain vocabulary's),
// which button type each role gets, progress bars.
import type { ReportStatus } from "../../src/domain/model.js";
import type { ButtonType, HeaderTemplate, TagColor } from "./types.js";

/** The state a card conveys; decides the header colour everywhere. */
export type Tone = "collecting" | "attention" | "overdue" | "approved" | "in_approval" | "error" | "neutral";

export const TONE_TEMPLATE: Record<Tone, HeaderTemplate> = {
  collecting: "blue",
  attention: "orange",
  overdue: "red",
  approved: "green",
  in_approval: "violet",
  error: "red",
  neutral: "grey",
};

export const REPORT_STATUS_TAG_COLOR: Record<ReportStatus, TagColor> = {
  collecting: "blue",
  in_approval: "violet",
  approved: "green",
};

/**
 * Button roles, so every card uses the same type for the same intent:
 * main = the one expected next step, normal = secondary navigation, danger = destructive or
 * rejecting, quiet = low-emphasis (back, help).
 */
export type ButtonRole = "main" | "normal" | "danger" | "quiet";

export const ROLE_TYPE: Record<ButtonRole, ButtonType> = {
  main: "primary",
  normal: "default",
  danger: "danger",
  quiet: "text",
};

/** `▓▓▓▓▓▓░░░░ 60%`. Ratio is clamped to [0, 1]; total 0 gives 0%. */
export function progressBar(done: number, total: number, width = 10): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const pct = Math.round(ratio * 100);
  const filled = Math.round(ratio * width);
  return `${"▓".repeat(filled)}${"░".repeat(width - filled)} ${pct}%`;
}

export function percent(done: number, total: number): number {
  return total > 0 ? Math.round(Math.min(1, Math.max(0, done / total)) * 100) : 0;
}
