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

// -------------------------------------------------------------------------------------------------
// Changes: what one person did in one go (a message, a card save, an undo, a restore). Revisions that share a
// changeId are one change; a revision without one (stored before changes had ids) is a change by itself.

/** The change id of undoing change `of`. */
export const undoChangeId = (of: string) => `undo:${of}`;
/** The change id of restoring version `n` of a section, requested by source `source`. */
export const restoreChangeId = (n: number, source: string) => `restore:${n}:${source}`;

export function changeIdOf(a: Answer): string {
  return a.changeId ?? `#${a.id}`;
}

/** The version a restore change brought back (null for other changes). */
export function restoredVersion(a: Answer): number | null {
  const m = /^restore:(\d+):/.exec(a.changeId ?? "");
  return m ? Number(m[1]) : null;
}

export interface Change {
  id: string;
  authorOpenId: string;
  revisions: Answer[];
  /** The change this one undid, for undo changes. */
  undoOf: string | null;
}

/** A revision a use case is to append (ids, author, change id and time are added by the caller). */
export interface PlannedRevision {
  sectionKey: string;
  replacesId: string | null;
  text: string;
  removed: boolean;
}

function timeOrdered(answers: readonly Answer[]): Answer[] {
  const time = (a: Answer) => {
    const t = Date.parse(a.createdAt);
    return Number.isNaN(t) ? null : t;
  };
  return answers
    .map((a, i) => ({ a, i, t: time(a) }))
    .sort((x, y) => (x.t !== null && y.t !== null && x.t !== y.t ? x.t - y.t : x.i - y.i))
    .map((x) => x.a);
}

/**
 * Per contribution, the revisions in effect, as a stack: a change pushes its revision, undoing that change pops
 * it. The top is the revision whose text the contribution shows now (an undo revision carries the same text as
 * the revision it uncovers). Keyed by every revision id of the contribution.
 */
interface Effect {
  stack: Answer[];
}

function effects(ordered: readonly Answer[], undoOf: (a: Answer) => string | null): Map<string, Effect> {
  const by = new Map<string, Effect>();
  for (const rev of ordered) {
    const target = rev.replacesId ? by.get(rev.replacesId) : undefined;
    if (!target) {
      if (rev.removed) continue;
      const e: Effect = { stack: [rev] };
      by.set(rev.id, e);
      continue;
    }
    const undone = undoOf(rev);
    const top = target.stack[target.stack.length - 1];
    if (undone !== null && top && changeIdOf(top) === undone) target.stack.pop();
    else target.stack.push(rev);
    by.set(rev.id, target);
  }
  return by;
}

/** Changes in order of their first revision, with what undid what. */
export function changes(answers: readonly Answer[]): Change[] {
  const ordered = timeOrdered(answers);
  const byId = new Map(ordered.map((a) => [a.id, a]));
  const list: Change[] = [];
  const index = new Map<string, Change>();
  for (const a of ordered) {
    const id = changeIdOf(a);
    let c = index.get(id);
    if (!c) {
      c = { id, authorOpenId: a.authorOpenId, revisions: [], undoOf: legacyOrUndo(a, byId) };
      index.set(id, c);
      list.push(c);
    }
    c.revisions.push(a);
  }
  return list;
}

/** Undo changes name what they undid; a removal stored before change ids existed was an 撤销 of its target. */
function legacyOrUndo(a: Answer, byId: Map<string, Answer>): string | null {
  if (a.changeId?.startsWith("undo:")) return a.changeId.slice(5);
  if (!a.changeId && a.removed && a.replacesId) {
    const target = byId.get(a.replacesId);
    if (target && target.authorOpenId === a.authorOpenId) return changeIdOf(target);
  }
  return null;
}

export type UndoPlan =
  | { kind: "nothing" }
  /** The person's latest change was changed since by someone else (`by`); nothing is undone. */
  | { kind: "changed"; change: Change; sectionKey: string; by: string }
  | { kind: "undo"; change: Change; revisions: PlannedRevision[]; what: "added" | "replaced" | "restored"; text: string };

/**
 * What 撤销 by this person does: their latest change that is still in effect (not an undo, not undone) is
 * reverted — an addition removed, a replacement or restore put back to the text before it. Each 撤销 goes one
 * change further back; "nothing" when none is left.
 */
export function planUndo(answers: readonly Answer[], openId: string): UndoPlan {
  const all = changes(answers);
  const undone = new Set(all.flatMap((c) => (c.undoOf ? [c.undoOf] : [])));
  const mine = all.filter((c) => c.authorOpenId === openId && !c.undoOf && !undone.has(c.id));
  const change = mine[mine.length - 1];
  if (!change) return { kind: "nothing" };
  const undoOf = (a: Answer) => legacyOrUndo(a, new Map(answers.map((x) => [x.id, x])));
  const eff = effects(timeOrdered(answers), undoOf);
  const revisions: PlannedRevision[] = [];
  for (const rev of [...change.revisions].reverse()) {
    const e = eff.get(rev.id);
    if (!e) continue; // a removal of something unknown: nothing to put back
    const top = e.stack[e.stack.length - 1];
    if (!top || top.id !== rev.id) return { kind: "changed", change, sectionKey: rev.sectionKey, by: top?.authorOpenId ?? openId };
    const before = e.stack[e.stack.length - 2];
    revisions.push(
      before ? { sectionKey: rev.sectionKey, replacesId: rev.id, text: before.removed ? "" : before.text, removed: before.removed === true } : { sectionKey: rev.sectionKey, replacesId: rev.id, text: "", removed: true },
    );
  }
  if (revisions.length === 0) return { kind: "nothing" };
  const first = change.revisions[0]!;
  const what = restoredVersion(first) !== null ? "restored" : change.revisions.every((r) => !r.replacesId) ? "added" : "replaced";
  return { kind: "undo", change, revisions, what, text: change.revisions.filter((r) => !r.removed).map((r) => r.text).join("\n") };
}

// -------------------------------------------------------------------------------------------------
// Versions of a section, replacing a whole section, restoring a version

/** Bumped by every revision of the section: what a card's save is judged against (freshness per section). */
export function sectionVersion(answers: readonly Answer[], sectionKey: string): number {
  let n = 0;
  for (const a of answers) if (a.sectionKey === sectionKey) n++;
  return n;
}

export interface SectionVersion extends HistoryEntry {
  /** 1-based, as 历史 numbers them and 恢复 takes them. */
  n: number;
  /** The whole section's text right after this revision. */
  sectionText: string;
  /** For a restore: the version it brought back. */
  restoredFrom: number | null;
}

/** Every revision of the section, numbered, with the section's text after it. */
export function sectionVersions(answers: readonly Answer[], sectionKey: string): SectionVersion[] {
  const revisions = sectionRevisions(answers, sectionKey);
  const entries = history(revisions, sectionKey);
  return entries.map((e, i) => {
    const upto = revisions.slice(0, revisions.indexOf(e.revision) + 1);
    return { ...e, n: i + 1, sectionText: sectionText(upto, sectionKey), restoredFrom: restoredVersion(e.revision) };
  });
}

/**
 * The revisions that make the section read `text`: its first contribution replaced, the others removed. A
 * section with no current contribution brings back the one removed last (a "restored" revision), else gets a
 * new one. [] when the section already reads `text`.
 */
export function planReplaceSection(answers: readonly Answer[], sectionKey: string, text: string): PlannedRevision[] {
  const current = currentContributions(answers, sectionKey);
  if (current.length > 0 && sectionText(answers, sectionKey).trim() === text.trim()) return [];
  if (current.length === 0) {
    const removed = fold(answers, sectionKey).states.filter((s) => s.removed);
    const last = removed.sort((a, b) => Date.parse(a.contribution.updatedAt) - Date.parse(b.contribution.updatedAt))[removed.length - 1];
    return [{ sectionKey, replacesId: last ? last.contribution.revisionId : null, text, removed: false }];
  }
  return [
    { sectionKey, replacesId: current[0]!.revisionId, text, removed: false },
    ...current.slice(1).map((c) => ({ sectionKey, replacesId: c.revisionId, text: "", removed: true })),
  ];
}

export type RestorePlan = { ok: true; version: SectionVersion; revisions: PlannedRevision[] } | { ok: false; reason: "no_such_version" | "empty_version" | "already_current"; versions: number };

/** 恢复 <节> <n>: the section made to read as it did right after version n, as new revisions (nothing is lost). */
export function planRestore(answers: readonly Answer[], sectionKey: string, n: number): RestorePlan {
  const versions = sectionVersions(answers, sectionKey);
  const v = versions[n - 1];
  if (!v || n < 1) return { ok: false, reason: "no_such_version", versions: versions.length };
  if (v.sectionText.trim() === "") return { ok: false, reason: "empty_version", versions: versions.length };
  const revisions = planReplaceSection(answers, sectionKey, v.sectionText);
  if (revisions.length === 0 || sectionText(answers, sectionKey) === v.sectionText) return { ok: false, reason: "already_current", versions: versions.length };
  return { ok: true, version: v, revisions };
}
