// The shared vocabulary of huibao's domain. Pure types: no runtime, no I/O.
// Names (one per concept): report, template, section, answer (a revision), owner, approver, reminder.

/** A guidance topic: counted as mentioned when any keyword appears in the section's text. */
export interface GuidanceTopic {
  label: string;
  keywords: string[];
}

/** A figure the template expects in a section, e.g. the number of cases handled. */
export interface FigureRule {
  label: string;
  /** A regular-expression source (no flags) that matches the figure in the text, e.g. "\\d+\\s*件". */
  pattern: string;
}

/** One section of a template: the preamble (level 0), a part (level 1) or a sub-section (level 2). */
export interface SectionTemplate {
  /** Stable key, unique in the template: [a-z][a-z0-9_-]*, e.g. "preamble", "measures", "measures.study". */
  key: string;
  title: string;
  /** What to write, one or two sentences shown in the prompt. */
  prompt: string;
  guidance: {
    topics: GuidanceTopic[];
    /** An example excerpt from a real report. */
    example?: string;
  };
  required: boolean;
  /** Minimum number of characters (CJK counted as 1, whitespace not counted) for the section to be complete. */
  minLength: number;
  /** Answers that count as complete whatever their length, e.g. ["无"] for 五、其他需要报告的情况. */
  completeAnswers: string[];
  figures: FigureRule[];
  /** Which of the five mandated items this part covers (1..5), if any. */
  mandatedItem?: 1 | 2 | 3 | 4 | 5;
  /** Suggested sub-sections (level 2). */
  children: SectionTemplate[];
}

export interface PartOrder {
  name: string;
  /** Part keys in order; a permutation of the template's parts. */
  keys: string[];
}

export interface Template {
  /** Stable id, e.g. "fazhi-zhengfu-annual". */
  id: string;
  name: string;
  version: number;
  /** Title pattern with {office} and {year} placeholders. */
  titlePattern: string;
  preamble: SectionTemplate;
  parts: SectionTemplate[];
  /** Orders seen in practice; the first is the default. */
  partOrders: PartOrder[];
  /** Default set of sub-section keys included in a new report (others are offered as suggestions). */
  defaultSubsections?: string[];
}

/** A report's changes to its template's outline. Stored with the report. */
export interface OutlineSettings {
  /** Part keys in order. */
  partOrder: string[];
  /** Custom titles by section key. */
  titles: Record<string, string>;
  /** Sub-sections (or parts' children) added by users, in insertion order, under their parent. */
  added: { key: string; parentKey: string; title: string }[];
  /** Sub-section keys included from the template's suggestions. */
  included: string[];
  /** Section keys removed (only level-2 sections may be removed). */
  removed: string[];
  /** Order of level-2 sections by parent key (keys); sections missing from a list keep template/insertion order after it. */
  childOrder?: Record<string, string[]>;
  /**
   * Parts (level 1) the report adds to the template's, e.g. an imported report's part that reports none of the
   * mandated items. Placed by `partOrder` (appended when missing from it); removable (their keys go to `removed`).
   */
  addedParts?: { key: string; title: string }[];
}

/** A section as it stands in a report's resolved outline (template + settings). */
export interface OutlineSection {
  key: string;
  parentKey: string | null;
  level: 0 | 1 | 2;
  /** 1-based position among its siblings (0 for the preamble). */
  index: number;
  /** Address as users type it: "开头", "一", "一（二）". */
  label: string;
  /** Numeric address: "0", "1", "1.2". */
  numericLabel: string;
  /** Heading as printed: "", "一、主要举措和成效", "（二）深化放管服改革". */
  heading: string;
  title: string;
  spec: SectionTemplate;
}

/** One contribution to a section. Every change creates a new answer revision; nothing is destroyed. */
export interface Answer {
  id: string;
  sectionKey: string;
  authorOpenId: string;
  authorName?: string;
  text: string;
  /** The contribution this revision replaces (for 替换), if any. */
  replacesId?: string | null;
  /** True when this revision removes the contribution it replaces (撤销). */
  removed?: boolean;
  /** The change (one person's action: a message, a card save, an undo, a restore) this revision belongs to. */
  changeId?: string | null;
  createdAt: string; // ISO instant
  /** Set on a revision that copies last year's text (沿用去年文字): the id of last year's report. */
  carriedFrom?: string | null;
}

export type ReportStatus = "collecting" | "in_approval" | "approved";

export type SectionStatus = "empty" | "draft" | "complete" | "attention";

export interface Deadlines {
  /** Internal deadline, YYYY-MM-DD in the report's time zone. */
  internal?: string | null;
  /** Submission deadline, YYYY-MM-DD. */
  submission?: string | null;
}
