// The completeness evaluator's input and results (the evaluator: ./report.ts).
import type { OutlineSection, SectionStatus } from "../model.js";
import type { Placeholder } from "../placeholders.js";

export interface CompletenessSectionInput {
  section: OutlineSection;
  /** The section's current text (its own text; for a part with sub-sections, the lead text). */
  text: string;
  /** The owners assigned to this section itself (a sub-section without any is owned by its part's). */
  ownerOpenIds: readonly string[];
  /**
   * Reasons decided outside the evaluator (last year's report, the work plan: src/domain/year-context.ts), added to
   * the section's own when it is not empty: carried-over text not yet edited (blocking), tasks and last year's
   * plans not mentioned (hints).
   */
  extra?: readonly Reason[];
}

export interface CompletenessInput {
  sections: readonly CompletenessSectionInput[];
}

export type ReasonSeverity = "blocking" | "warning" | "hint";

interface ReasonBase {
  severity: ReasonSeverity;
  /** A short sentence in Chinese, for cards and messages. */
  message: string;
}

export type Reason =
  | (ReasonBase & { code: "empty"; severity: "blocking" })
  | (ReasonBase & { code: "too_short"; severity: "blocking"; length: number; minLength: number })
  | (ReasonBase & { code: "children_incomplete"; severity: "blocking"; children: string[] })
  | (ReasonBase & { code: "placeholders"; severity: "warning"; placeholders: string[]; count: number })
  | (ReasonBase & { code: "figure_missing"; severity: "warning"; figure: string })
  | (ReasonBase & { code: "children_attention"; severity: "warning"; children: string[] })
  | (ReasonBase & { code: "owner_no_content"; severity: "hint"; ownerOpenIds: string[] })
  | (ReasonBase & { code: "figure_rule_invalid"; severity: "hint"; figure: string })
  | (ReasonBase & { code: "carried_over"; severity: "blocking" })
  | (ReasonBase & { code: "task_unmentioned"; severity: "hint"; task: number })
  | (ReasonBase & { code: "plan_unmentioned"; severity: "hint"; item: number });

export type ReasonCode = Reason["code"];

export interface SectionCompleteness {
  key: string;
  label: string;
  title: string;
  level: 0 | 1 | 2;
  parentKey: string | null;
  /**
   * Whether the report needs this section: the preamble and the parts the template requires. Never a
   * sub-section (a suggestion until written; once written it counts for its part).
   */
  required: boolean;
  status: SectionStatus;
  reasons: readonly Reason[];
  /** Characters in the section's own text (whitespace not counted). */
  length: number;
  /** Own text plus the sub-sections' text. */
  totalLength: number;
  /** Placeholders in the section's own text. */
  placeholders: readonly Placeholder[];
  /** The owners as they apply: its own, or (a sub-section without owners of its own) its part's. */
  ownerOpenIds: readonly string[];
  /** True when ownerOpenIds are the part's (the sub-section has no owner of its own). */
  ownersInherited: boolean;
  /** Keys of the sub-sections present in the input, in input order. */
  childKeys: readonly string[];
  /** A part whose own text brings its own sub-headings （一）…: its unwritten sub-sections are dropped. */
  ownSubheadings: boolean;
  /** Still to be written or fixed (see the rules at the top): what reminders list and walks stop at. */
  owed: boolean;
}

export interface ReportWarning {
  key: string;
  label: string;
  code: ReasonCode;
  message: string;
}

export interface ReportCompleteness {
  /** One per input section, in input order. */
  sections: SectionCompleteness[];
  /** The preamble and parts that count (required, or written): the overview's rows. */
  requiredTotal: number;
  requiredComplete: number;
  /** floor(100 × complete / total); 100 only when every counted preamble and part is complete (100 when none). */
  percent: number;
  /** Characters written in the whole report (each section's own text once; whitespace not counted). */
  characters: number;
  /** True when every counted preamble and part is complete and no section has a warning. */
  ready: boolean;
  /** Every warning (placeholders, missing figures…) in section order. */
  warnings: ReportWarning[];
}
