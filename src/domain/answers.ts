// Folding the append-only answer revisions (model.ts `Answer`) into a section's current contributions.
// Nothing is ever destroyed: replacements and removals are revisions too, and everything here is derived.
import type { Answer } from "./model.js";

/** One contribution to a section as it currently stands. */
export interface Contribution {
  /** Id of the revision that created the contribution; stable across replacements. */
  id: string;
  sectionKey: string;
  authorOpenId: string;
  authorName?: string;
  text: string;
  /** When the contribution was first created. */
  createdAt: string;
  /** Id of the latest revision; a new revision changing this contribution should use it as `replacesId`. */
  revisionId: string;
  updatedAt: string;
  lastEditorOpenId: string;
  /** Number of revisions so far (1 = never edited). */
  revisions: number;
}

/** What a revision did. "restored" is a replacement of a removed contribution (e.g. undoing a 撤销). */
export type RevisionAction = "added" | "replaced" | "removed" | "restored";

export interface HistoryEntry {
  revision: Answer;
  action: RevisionAction;
  /** The contribution the revision belongs to (id of its first revision). */
  contributionId: string;
  /** Text before this revision (null for "added"). */
  previousText: string | null;
  /** Text after this revision ("" when removed). */
  text: string;
}

interface State {
  contribution: Contribution;
  removed: boolean;
}

interface Fold {
  /** Contributions in order of first creation, including removed ones. */
  states: State[];
  history: HistoryEntry[];
}

/** Revisions of one section in time order (stable for equal or unparsable times). */
function sectionRevisions(answers: readonly Answer[], sectionKey: string): Answer[] {
  const time = (a: Answer) => {
    const t = Date.parse(a.createdAt);
    return Number.isNaN(t) ? null : t;
  };
  return answers
    .map((a, i) => ({ a, i, t: time(a) }))
    .filter((x) => x.a.sectionKey === sectionKey)
    .sort((x, y) => (x.t !== null && y.t !== null && x.t !== y.t ? x.t - y.t : x.i - y.i))
    .map((x) => x.a);
}

function fold(answers: readonly Answer[], sectionKey: string): Fold {
  const states: State[] = [];
  const byRevision = new Map<string, State>();
  const history: HistoryEntry[] = [];
  for (const rev of sectionRevisions(answers, sectionKey)) {
    const target = rev.replacesId ? byRevision.get(rev.replacesId) : undefined;
    if (!target) {
      // A new contribution (or one whose target is unknown, which we keep rather than lose).
      if (rev.removed) continue; // removing something unknown changes nothing
      const state: State = {
        contribution: {
          id: rev.id,
          sectionKey,
          authorOpenId: rev.authorOpenId,
          ...(rev.authorName !== undefined ? { authorName: rev.authorName } : {}),
          text: rev.text,
          createdAt: rev.createdAt,
          revisionId: rev.id,
          updatedAt: rev.createdAt,
          lastEditorOpenId: rev.authorOpenId,
          revisions: 1,
        },
        removed: false,
      };
      states.push(state);
      byRevision.set(rev.id, state);
      history.push({ revision: rev, action: "added", contributionId: rev.id, previousText: null, text: rev.text });
      continue;
    }
    const c = target.contribution;
    const previousText = target.removed ? "" : c.text;
    let action: RevisionAction;
    if (rev.removed) {
      action = "removed";
      target.removed = true;
    } else {
      action = target.removed ? "restored" : "replaced";
      target.removed = false;
      c.text = rev.text;
    }
    c.revisionId = rev.id;
    c.updatedAt = rev.createdAt;
    c.lastEditorOpenId = rev.authorOpenId;
    c.revisions += 1;
    byRevision.set(rev.id, target);
    history.push({
      revision: rev,
      action,
      contributionId: c.id,
      previousText,
      text: target.removed ? "" : c.text,
    });
  }
  return { states, history };
}

/** The section's current contributions, in order of first creation; replacements apply in place, removals drop. */
export function currentContributions(answers: readonly Answer[], sectionKey: string): Contribution[] {
  return fold(answers, sectionKey)
    .states.filter((s) => !s.removed)
    .map((s) => ({ ...s.contribution }));
}

/** The section's current text: non-empty contributions joined with "\n". */
export function sectionText(answers: readonly Answer[], sectionKey: string): string {
  return currentContributions(answers, sectionKey)
    .map((c) => c.text.trim())
    .filter((t) => t !== "")
    .join("\n");
}

/** Every revision of the section in order, with what it did. */
export function history(answers: readonly Answer[], sectionKey: string): HistoryEntry[] {
  return fold(answers, sectionKey).history;
}

/** The current contribution this person most recently added or edited in the section (what 撤销 acts on). */
export function lastContributionBy(answers: readonly Answer[], sectionKey: string, openId: string): Contribution | undefined {
  const { states, history: entries } = fold(answers, sectionKey);
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.revision.authorOpenId !== openId || e.action === "removed") continue;
    const state = states.find((s) => s.contribution.id === e.contributionId);
    if (state && !state.removed && state.contribution.revisionId === e.revision.id) return { ...state.contribution };
  }
  return undefined;
}

/**
 * The revision to append for 撤销 by this person: if their last change added a contribution, remove it; if it
 * replaced or restored text, put the previous text back. Returns null when there is nothing of theirs to undo
 * (their last contribution has since been changed by someone else, or they have none).
 */
export type UndoPlan =
  | { kind: "remove"; contribution: Contribution; replacesId: string }
  | { kind: "revert"; contribution: Contribution; replacesId: string; text: string };

export function planUndo(answers: readonly Answer[], sectionKey: string, openId: string): UndoPlan | null {
  const contribution = lastContributionBy(answers, sectionKey, openId);
  if (!contribution) return null;
  const entry = history(answers, sectionKey).find((e) => e.revision.id === contribution.revisionId);
  if (!entry) return null;
  if (entry.action === "added" || entry.action === "restored" || !entry.previousText)
    return { kind: "remove", contribution, replacesId: contribution.revisionId };
  return { kind: "revert", contribution, replacesId: contribution.revisionId, text: entry.previousText };
}
