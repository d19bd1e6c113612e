/**
 * Importing a whole report into a report: the report adopts the document's structure instead of the template's.
 * Pure: takes the recognised document (./structure/recognize.ts) and the report's outline and texts, returns the new outline
 * settings, the text each section gets and the report settings the document supplies. The app layer stores them
 * (answer revisions attributed to the sender; nothing is deleted).
 *
 * ## The outline
 *  - Part order: the document's parts in its order, then the report's other parts (template parts the document
 *    does not have) in their current order.
 *  - A part reporting a mandated item goes to the template part of that item (`mandatedItem`); a part reporting
 *    none is kept as a part the report adds (`addedParts`), reusing one with the same title.
 *  - Part titles: the document's ("头雁领航，法治政府建设不断推进"); the numbering stays the bot's.
 *  - Sub-sections: a part whose sub-headings are （一）（二）… with titles becomes those sub-sections, in the
 *    document's order; an existing sub-section with the same title keeps its key (and its history). The part's
 *    other sub-sections (template suggestions included by default, earlier ones) leave the outline — in "fill"
 *    mode those that hold text stay, after the document's. A part whose sub-headings are deeper (1. 2. or （1）),
 *    untitled, repeated or more than MAX_SUBSECTIONS_PER_PART keeps its whole text as its own text, numbering
 *    included, and has no sub-sections.
 *  - A run-in heading ("（一）强化组织领导。年初，……") keeps its closing mark in the title, so the document prints it
 *    run-in again, as it stood.
 *
 * ## The texts
 * The preamble goes to the template's preamble, each part's lead (text before its first sub-heading) to the part,
 * each sub-section's body to the sub-section; "特此报告。" goes at the end of the last text. In "replace" mode every
 * section of the document's parts gets exactly the document's text (a section the document leaves empty is
 * emptied); in "fill" mode a section that already has text keeps it. Sections outside the document's parts (a
 * template part the document lacks, or the preamble when the document has none) are never touched.
 *
 * ## Report settings (`meta`)
 * Taken from the document only where the report has none yet: the title when the report still has its template
 * title (else, when the year or office changes, that template title is rebuilt with them), 发文机关 (issuer, or the
 * signature's office), the year (unless the report's own title names another year), 主送机关, 成文日期 (signature date).
 */
import type { OutlineSection, OutlineSettings, Template } from "./model.js";
import { addPart, addSubsection, keyTaken, MAX_SUBSECTIONS_PER_PART, removeSubsection, setTitle } from "./outline/settings.js";
import { resolveOutline } from "./outline/resolve.js";
import { sameTitle } from "./outline/address.js";
import { MAX_TITLE_LENGTH } from "./template-schema.js";
import { MANDATED_ITEMS, type MandatedItem, type RecognizedDocument, type RecognizedPart, type RecognizedSection } from "./structure/types.js";
import { charLength } from "./text.js";

export type ImportMode = "replace" | "fill";

export interface ImportTarget {
  template: Template;
  settings: OutlineSettings;
  /** Each outline section's current own text (absent or "" when empty). */
  texts: ReadonlyMap<string, string>;
  title: string;
  office: string;
  year: number;
  recipient: string;
  documentDate: string | null;
}

export interface ImportWrite {
  key: string;
  /** The section's new text; "" empties it (replace mode only). */
  text: string;
  /** Whether the section had text, now replaced. */
  replaces: boolean;
}

export interface ImportMeta {
  title?: string;
  office?: string;
  year?: number;
  recipient?: string;
  documentDate?: string;
}

export interface ImportedPart {
  key: string;
  /** The document's part title. */
  title: string;
  mandated: MandatedItem | null;
  /** A part the report adds (no mandated item). */
  added: boolean;
  /** Keys of its sub-sections from the document, in order. */
  subsections: string[];
}

export interface ImportPlan {
  settings: OutlineSettings;
  writes: ImportWrite[];
  /** Sections that already had text and keep it (fill mode). */
  kept: string[];
  meta: ImportMeta;
  parts: ImportedPart[];
}

/** The parts of a recognised document that an import takes (an implicit part is a single part's paste). */
export function importedParts(doc: RecognizedDocument): RecognizedPart[] {
  return doc.parts.filter((p) => !p.implicit);
}

/** A heading as it becomes a title: run-in headings keep their closing mark so they print run-in again. */
export function importTitle(s: Pick<RecognizedSection, "runIn" | "heading" | "marker" | "title">): string {
  if (s.runIn && s.title !== "") return s.heading.slice(s.marker.length).trim();
  return s.title;
}

const titleFits = (t: string) => t.trim() !== "" && charLength(t) <= MAX_TITLE_LENGTH;

/** Whether a part's sub-headings become sub-sections (see the module comment). */
export function hasImportedSubsections(p: RecognizedPart): boolean {
  const subs = p.subsections;
  if (subs.length === 0 || subs.length > MAX_SUBSECTIONS_PER_PART) return false;
  if (!subs.every((s) => s.level === 2 && titleFits(importTitle(s)))) return false;
  const titles = subs.map(importTitle);
  return titles.every((t, i) => titles.findIndex((u) => sameTitle(t, u)) === i);
}

/** The report title the template gives for a year and office, as `新建报告` without a title makes it. */
export function templateTitle(template: Template, year: number, office = ""): string {
  return template.titlePattern.replace("{office}", office).replace("{year}", String(year)).trim();
}

function unwrap<T extends { ok: boolean }>(r: T, what: string): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`import: ${what}: ${(r as unknown as { message: string }).message}`);
  return r as Extract<T, { ok: true }>;
}

/**
 * Plans the import of `doc` into a report. `newKey(seed)` returns a short lower-case id for new section keys
 * (deterministic in the seed, so that planning the same import twice gives the same keys).
 */
export function planImport(doc: RecognizedDocument, target: ImportTarget, mode: ImportMode, newKey: (seed: string) => string): ImportPlan {
  const { template } = target;
  let settings = target.settings;
  const has = (key: string) => (target.texts.get(key) ?? "").trim() !== "";
  const writes: ImportWrite[] = [];
  const kept: string[] = [];
  const put = (key: string, text: string) => {
    const had = has(key);
    if (text === "" && !had) return;
    if (had && mode === "fill") {
      kept.push(key);
      return;
    }
    writes.push({ key, text, replaces: had });
  };

  const parts = importedParts(doc);
  const partKeys: string[] = [];
  const imported: ImportedPart[] = [];
  const texts: { key: string; text: string }[] = [];
  const outlineNow = () => resolveOutline(template, settings);
  /** A key not in use yet: `prefix` + newKey(seed), the seed varied on a collision. */
  const freshKey = (prefix: string, seed: string) => {
    for (let n = 0; ; n++) {
      const key = prefix + newKey(n === 0 ? seed : `${seed}#${n}`);
      if (!keyTaken(template, settings, key) || n >= 100) return key;
    }
  };

  parts.forEach((p, i) => {
    // The part's key: the template part of its mandated item, else a part the report adds.
    let key: string | undefined;
    const item = p.mandated === null ? 0 : MANDATED_ITEMS.indexOf(p.mandated) + 1;
    if (item > 0) key = template.parts.find((t) => t.mandatedItem === item)?.key;
    const added = key === undefined;
    if (key === undefined) {
      const title = p.title || `第${i + 1}部分`;
      const same = (settings.addedParts ?? []).find((a) => sameTitle(a.title, title) && !partKeys.includes(a.key));
      if (same) {
        key = same.key;
        if (settings.removed.includes(key)) settings = { ...settings, removed: settings.removed.filter((k) => k !== key) };
      } else {
        const r = unwrap(addPart(template, settings, titleFits(title) ? title : `第${i + 1}部分`, freshKey("extra-", `part:${i}:${title}`)), "add part");
        key = r.key;
        settings = r.settings;
      }
    }
    partKeys.push(key);
    const partTitle = importTitle(p);
    if (titleFits(partTitle)) {
      const r = setTitle(template, settings, key, partTitle);
      if (r.ok) settings = r.settings;
    }

    // Sub-sections.
    const existing = outlineNow().filter((s) => s.parentKey === key);
    const structured = hasImportedSubsections(p);
    const subTitles = structured ? p.subsections.map(importTitle) : [];
    const matched: (OutlineSection | undefined)[] = [];
    const used = new Set<string>();
    for (const t of subTitles) {
      const m = existing.find((c) => !used.has(c.key) && sameTitle(c.title, t));
      if (m) used.add(m.key);
      matched.push(m);
    }
    const keep: string[] = [];
    for (const c of existing) {
      if (used.has(c.key)) continue;
      if (mode === "fill" && has(c.key)) {
        keep.push(c.key);
        kept.push(c.key);
      } else settings = unwrap(removeSubsection(template, settings, c.key), "remove sub-section").settings;
    }
    const subKeys: string[] = [];
    subTitles.forEach((t, j) => {
      const m = matched[j];
      if (m) {
        if (m.title !== t) {
          const r = setTitle(template, settings, m.key, t);
          if (r.ok) settings = r.settings;
        }
        subKeys.push(m.key);
        return;
      }
      const r = unwrap(addSubsection(template, settings, key!, t, freshKey(`${key}.i`, `sub:${i}:${j}:${t}`)), "add sub-section");
      settings = r.settings;
      subKeys.push(r.key);
    });
    settings = { ...settings, childOrder: { ...(settings.childOrder ?? {}), [key]: [...subKeys, ...keep] } };

    texts.push({ key, text: structured ? p.lead : p.body });
    p.subsections.forEach((s, j) => {
      if (structured) texts.push({ key: subKeys[j]!, text: s.body });
    });
    imported.push({ key, title: p.title, mandated: p.mandated, added, subsections: subKeys });
  });

  // Part order: the document's, then the others as they were.
  const others = outlineNow()
    .filter((s) => s.level === 1 && !partKeys.includes(s.key))
    .map((s) => s.key);
  settings = { ...settings, partOrder: [...partKeys, ...others] };

  // "特此报告。" closes the last text.
  if (doc.closing && texts.length > 0) {
    const last = texts[texts.length - 1]!;
    last.text = last.text === "" ? doc.closing : `${last.text}\n${doc.closing}`;
  }
  if (doc.preamble !== undefined) put(template.preamble.key, doc.preamble);
  for (const t of texts) put(t.key, t.text);

  return { settings, writes, kept, meta: importMeta(doc, target), parts: imported };
}

/** What the document tells about the report that the report does not know yet (see the module comment). */
export function importMeta(doc: RecognizedDocument, target: Omit<ImportTarget, "settings" | "texts">): ImportMeta {
  const meta: ImportMeta = {};
  const untitled = target.title === templateTitle(target.template, target.year) || target.title === templateTitle(target.template, target.year, target.office);
  const office = doc.issuer ?? doc.signature?.office;
  if (target.office === "" && office) meta.office = office;
  // The year a title the owner set names is theirs; a title naming none, or the document's year, lets it in.
  const titleYear = /(\d{4})\s*年/.exec(target.title)?.[1];
  if (doc.year !== undefined && doc.year !== target.year && (untitled || titleYear === undefined || Number(titleYear) === doc.year)) meta.year = doc.year;
  if (untitled) {
    const title = doc.title ?? (meta.year !== undefined || meta.office !== undefined ? templateTitle(target.template, meta.year ?? target.year, meta.office ?? target.office) : undefined);
    if (title && title !== target.title && charLength(title) <= 80) meta.title = title;
  }
  if (target.recipient === "" && doc.recipient) meta.recipient = doc.recipient;
  if (target.documentDate === null && doc.signature?.date) meta.documentDate = doc.signature.date;
  return meta;
}
