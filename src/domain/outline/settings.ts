// Changes to a report's OutlineSettings: titles, part order, sub-sections added and removed, parts a report adds.
// Pure: every operation returns new settings and never mutates its input.
import type { OutlineSection, OutlineSettings, Template } from "../model.js";
import { MAX_TITLE_LENGTH, SECTION_KEY_PATTERN } from "../template-schema.js";
import { charLength } from "../text.js";
import { outlineLabels, parseSectionAddress, sameTitle } from "./address.js";
import { partOrderNames, resolveOutline } from "./resolve.js";

export const MAX_SUBSECTIONS_PER_PART = 20;

export type SettingsResult = { ok: true; settings: OutlineSettings } | { ok: false; message: string };
export type AddResult = { ok: true; settings: OutlineSettings; key: string } | { ok: false; message: string };

/** Whether `key` is a part the report added (see OutlineSettings.addedParts). */
function isAddedPart(settings: OutlineSettings, key: string): boolean {
  return (settings.addedParts ?? []).some((a) => a.key === key);
}

/**
 * Adds a part (level 1) after the existing ones, with key `newKey` (the caller derives it, e.g. from a hash).
 * Used by imports for parts that report none of the template's items.
 */
export function addPart(template: Template, settings: OutlineSettings, title: string, newKey: string): AddResult {
  const clean = cleanTitle(title);
  const problem = titleProblem(clean);
  if (problem) return { ok: false, message: problem };
  if (!SECTION_KEY_PATTERN.test(newKey) || newKey.includes(".")) return { ok: false, message: `内部错误：新章节标识「${newKey}」格式无效` };
  if (keyTaken(template, settings, newKey)) return { ok: false, message: `内部错误：章节标识「${newKey}」已被使用` };
  const next = cloneSettings(settings);
  next.addedParts = [...(next.addedParts ?? []), { key: newKey, title: clean }];
  next.partOrder = [...resolveOutline(template, settings).filter((s) => s.level === 1).map((s) => s.key), newKey];
  return { ok: true, settings: next, key: newKey };
}

/** Whether a section key is in use (template sections, added sub-sections and parts, removed ones included). */
export function keyTaken(template: Template, settings: OutlineSettings, key: string): boolean {
  return (
    key === template.preamble.key ||
    template.parts.some((p) => p.key === key || p.children.some((c) => c.key === key)) ||
    settings.added.some((a) => a.key === key) ||
    (settings.addedParts ?? []).some((a) => a.key === key)
  );
}

/** A deep copy of outline settings (nothing shared with the original, e.g. last year's report's). */
export function cloneSettings(s: OutlineSettings): OutlineSettings {
  const copy: OutlineSettings = {
    partOrder: [...s.partOrder],
    titles: { ...s.titles },
    added: s.added.map((a) => ({ ...a })),
    included: [...s.included],
    removed: [...s.removed],
  };
  if (s.childOrder) {
    copy.childOrder = Object.fromEntries(Object.entries(s.childOrder).map(([k, v]) => [k, [...v]]));
  }
  if (s.addedParts) copy.addedParts = s.addedParts.map((a) => ({ ...a }));
  return copy;
}

/** Strips numbering users may type in front of a title ("二、", "（三）", "3.") and surrounding spaces. */
function cleanTitle(title: string): string {
  return title
    .replace(/[\s\u3000]+/g, " ")
    .trim()
    .replace(/^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d))\s*/, "")
    .trim();
}

function titleProblem(title: string): string | null {
  if (title.length === 0) return "标题不能为空";
  if (charLength(title) > MAX_TITLE_LENGTH) return `标题不能超过 ${MAX_TITLE_LENGTH} 个字`;
  return null;
}

/** Sets a part's or sub-section's title (the preamble has no printed title). */
export function setTitle(template: Template, settings: OutlineSettings, key: string, title: string): SettingsResult {
  const outline = resolveOutline(template, settings);
  const section = outline.find((s) => s.key === key);
  if (!section) return { ok: false, message: `找不到章节「${key}」。可用的章节：${outlineLabels(outline)}` };
  if (section.level === 0) return { ok: false, message: "开头没有标题，无需设置" };
  const clean = cleanTitle(title);
  const problem = titleProblem(clean);
  if (problem) return { ok: false, message: problem };
  if (section.level === 2) {
    const dup = outline.find((s) => s.parentKey === section.parentKey && s.key !== key && sameTitle(s.title, clean));
    if (dup) return { ok: false, message: `该部分下已有小标题「${dup.title}」（${dup.label}）` };
  }
  const next = cloneSettings(settings);
  const original = section.spec.title;
  const addedEntry = next.added.find((a) => a.key === key) ?? next.addedParts?.find((a) => a.key === key);
  if (addedEntry) {
    addedEntry.title = clean;
    delete next.titles[key];
  } else if (clean === original) {
    delete next.titles[key];
  } else {
    next.titles[key] = clean;
  }
  return { ok: true, settings: next };
}

/** Resolves one entry of a part order: a label ("三", "3", "第三部分") or a part key. */
function resolvePartRef(ref: string, outline: readonly OutlineSection[]): OutlineSection | undefined {
  const byKey = outline.find((s) => s.level === 1 && s.key === ref.trim());
  if (byKey) return byKey;
  const r = parseSectionAddress(ref, outline);
  if (!r.ok) return undefined;
  return outline.find((s) => s.level === 1 && s.key === r.key);
}

/**
 * Reorders the parts. `labelsOrKeys` refers to parts by their current labels or keys, e.g. ["三","一","二","四","五"]
 * puts the part now labelled 三 first. A single entry naming one of the template's part orders applies that order.
 */
export function setPartOrder(template: Template, settings: OutlineSettings, labelsOrKeys: string[]): SettingsResult {
  const outline = resolveOutline(template, settings);
  const parts = outline.filter((s) => s.level === 1);
  const labels = parts.map((p) => p.label).join(" ");
  if (labelsOrKeys.length === 1) {
    const named = template.partOrders.find((o) => o.name === labelsOrKeys[0]!.trim());
    if (named) {
      const next = cloneSettings(settings);
      next.partOrder = [...named.keys];
      return { ok: true, settings: next };
    }
  }
  const names = partOrderNames(template);
  const hint = `请按当前编号列出全部 ${parts.length} 个部分，例如：${labels}${names.length ? `；或使用模板顺序：${names.join("、")}` : ""}`;
  if (labelsOrKeys.length !== parts.length)
    return { ok: false, message: `顺序应包含全部 ${parts.length} 个部分，实际给出 ${labelsOrKeys.length} 个。${hint}` };
  const keys: string[] = [];
  for (const ref of labelsOrKeys) {
    const part = resolvePartRef(ref, outline);
    if (!part) return { ok: false, message: `「${ref}」不是当前的部分编号。${hint}` };
    if (keys.includes(part.key)) return { ok: false, message: `部分「${ref}」重复出现。${hint}` };
    keys.push(part.key);
  }
  const next = cloneSettings(settings);
  next.partOrder = keys;
  return { ok: true, settings: next };
}

/**
 * Adds a sub-section under a part. If the title matches one of the template's suggestions for that part, the
 * suggestion is included (or restored) instead; a removed custom sub-section with the same title is restored.
 * The new sub-section goes last. Returns the key of the section now in the outline.
 */
export function addSubsection(
  template: Template,
  settings: OutlineSettings,
  parentKey: string,
  title: string,
  newKey: string,
): AddResult {
  const outline = resolveOutline(template, settings);
  const parent = outline.find((s) => s.key === parentKey);
  if (!parent) return { ok: false, message: `找不到部分「${parentKey}」。可用的部分：${outline.filter((s) => s.level === 1).map((s) => s.label).join("、")}` };
  if (parent.level !== 1) return { ok: false, message: "小标题只能加在部分（一、二、三……）之下" };
  const clean = cleanTitle(title);
  const problem = titleProblem(clean);
  if (problem) return { ok: false, message: problem };
  const siblings = outline.filter((s) => s.parentKey === parentKey);
  const dup = siblings.find((s) => sameTitle(s.title, clean) || sameTitle(s.spec.title, clean));
  if (dup) return { ok: false, message: `「${parent.label}」下已有小标题「${dup.title}」（${dup.label}）` };
  if (siblings.length >= MAX_SUBSECTIONS_PER_PART)
    return { ok: false, message: `每个部分最多 ${MAX_SUBSECTIONS_PER_PART} 个小标题，「${parent.label}」已满` };

  const next = cloneSettings(settings);
  const appendLast = (key: string) => {
    next.childOrder = { ...(next.childOrder ?? {}), [parentKey]: [...siblings.map((s) => s.key), key] };
  };
  const restore = (key: string) => {
    next.removed = next.removed.filter((k) => k !== key);
  };

  const suggestion = template.parts
    .find((p) => p.key === parentKey)
    ?.children.find((c) => sameTitle(c.title, clean) || sameTitle(settings.titles[c.key] ?? "", clean));
  if (suggestion) {
    restore(suggestion.key);
    if (!next.included.includes(suggestion.key)) next.included.push(suggestion.key);
    if (clean !== suggestion.title && !sameTitle(clean, suggestion.title)) next.titles[suggestion.key] = clean;
    appendLast(suggestion.key);
    return { ok: true, settings: next, key: suggestion.key };
  }

  const removedCustom = settings.added.find(
    (a) => a.parentKey === parentKey && settings.removed.includes(a.key) && sameTitle(settings.titles[a.key] ?? a.title, clean),
  );
  if (removedCustom) {
    restore(removedCustom.key);
    appendLast(removedCustom.key);
    return { ok: true, settings: next, key: removedCustom.key };
  }

  if (!SECTION_KEY_PATTERN.test(newKey))
    return { ok: false, message: `内部错误：新章节标识「${newKey}」格式无效` };
  if (keyTaken(template, settings, newKey)) return { ok: false, message: `内部错误：章节标识「${newKey}」已被使用` };
  next.added.push({ key: newKey, parentKey, title: clean });
  appendLast(newKey);
  return { ok: true, settings: next, key: newKey };
}

/** Removes a sub-section (level 2), or a part the report added, from the outline. Its answers are kept; adding it again restores it. */
export function removeSubsection(template: Template, settings: OutlineSettings, key: string): SettingsResult {
  const outline = resolveOutline(template, settings);
  const section = outline.find((s) => s.key === key);
  if (!section) return { ok: false, message: `找不到章节「${key}」。可用的章节：${outlineLabels(outline)}` };
  if (section.level === 0) return { ok: false, message: "开头是报告必需的部分，不能删除" };
  if (section.level === 1 && !isAddedPart(settings, key))
    return { ok: false, message: `「${section.heading}」是法定内容，不能删除；可以修改标题或调整顺序` };
  const next = cloneSettings(settings);
  if (!next.removed.includes(key)) next.removed.push(key);
  if (next.childOrder?.[section.parentKey ?? ""]) {
    next.childOrder[section.parentKey!] = next.childOrder[section.parentKey!]!.filter((k) => k !== key);
  }
  return { ok: true, settings: next };
}
