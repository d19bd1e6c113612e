// A report's outline: the template's sections as changed by the report's OutlineSettings.
// Everything here is pure; settings operations return new objects and never mutate their input.
import type { OutlineSection, OutlineSettings, SectionTemplate, Template } from "./model.js";
import { MAX_TITLE_LENGTH, SECTION_KEY_PATTERN } from "./template-schema.js";
import { charLength } from "./text.js";

export const MAX_SUBSECTIONS_PER_PART = 20;

export type SettingsResult = { ok: true; settings: OutlineSettings } | { ok: false; message: string };
export type AddResult = { ok: true; settings: OutlineSettings; key: string } | { ok: false; message: string };
export type AddressResult = { ok: true; key: string } | { ok: false; message: string };

// ---------------------------------------------------------------------------------------------
// Chinese numerals (1..99)

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"] as const;

/** 1 → "一", 10 → "十", 12 → "十二", 20 → "二十", 35 → "三十五" (1..99). */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return DIGITS[ones]!;
  return `${tens === 1 ? "" : DIGITS[tens]!}十${ones === 0 ? "" : DIGITS[ones]!}`;
}

/** Inverse of toChineseNumeral; also accepts ASCII or full-width digits. Returns null when not a number 1..99. */
export function parseChineseNumeral(s: string): number | null {
  const t = toHalfWidthDigits(s.trim());
  if (/^\d{1,2}$/.test(t)) {
    const n = Number(t);
    return n >= 1 ? n : null;
  }
  const digit = (c: string | undefined) => (c ? DIGITS.indexOf(c as (typeof DIGITS)[number]) : 0);
  if (/^[一二三四五六七八九]$/.test(t)) return digit(t);
  const m = /^([二三四五六七八九])?十([一二三四五六七八九])?$/.exec(t);
  if (!m) return null;
  const [, tensCh, onesCh] = m;
  return (tensCh ? digit(tensCh) : 1) * 10 + digit(onesCh);
}

function toHalfWidthDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

// ---------------------------------------------------------------------------------------------
// Settings and outline

function templateChildKeys(template: Template): Set<string> {
  return new Set(template.parts.flatMap((p) => p.children.map((c) => c.key)));
}

/** The names of the template's part orders, e.g. ["法定顺序", "第一责任人第二"]. */
export function partOrderNames(template: Template): string[] {
  return template.partOrders.map((o) => o.name);
}

/** Settings for a new report: the named (or first) part order and the template's default sub-sections. */
export function defaultSettings(template: Template, orderName?: string): OutlineSettings {
  let partOrder = template.parts.map((p) => p.key);
  if (orderName !== undefined) {
    const order = template.partOrders.find((o) => o.name === orderName.trim());
    if (!order) {
      const names = partOrderNames(template);
      throw new Error(
        `模板「${template.name}」没有名为「${orderName}」的顺序${names.length ? `，可选：${names.join("、")}` : ""}`,
      );
    }
    partOrder = [...order.keys];
  } else if (template.partOrders[0]) {
    partOrder = [...template.partOrders[0].keys];
  }
  const included = template.defaultSubsections
    ? [...template.defaultSubsections]
    : template.parts.flatMap((p) => p.children.map((c) => c.key));
  return { partOrder, titles: {}, added: [], included, removed: [] };
}

/**
 * The parts in the settings' order: the template's and the report-added ones (not removed); stale or missing keys
 * are repaired (template parts, then added parts, appended).
 */
function effectivePartOrder(template: Template, settings: OutlineSettings): SectionTemplate[] {
  const removed = new Set(settings.removed);
  const added = (settings.addedParts ?? []).filter((a) => !removed.has(a.key)).map((a) => customSpec(a.key, a.title));
  const all = [...template.parts, ...added];
  const byKey = new Map(all.map((p) => [p.key, p] as const));
  const out: SectionTemplate[] = [];
  const seen = new Set<string>();
  for (const key of settings.partOrder) {
    const part = byKey.get(key);
    if (part && !seen.has(key)) {
      out.push(part);
      seen.add(key);
    }
  }
  for (const part of all) if (!seen.has(part.key)) out.push(part);
  return out;
}

/** Whether `key` is a part the report added (see OutlineSettings.addedParts). */
export function isAddedPart(settings: OutlineSettings, key: string): boolean {
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

/** Spec for a user-added sub-section: empty guidance, modest length. */
function customSpec(key: string, title: string): SectionTemplate {
  return {
    key,
    title,
    prompt: `请填写「${title}」的内容。`,
    guidance: { topics: [] },
    required: true,
    minLength: 80,
    completeAnswers: [],
    figures: [],
    children: [],
  };
}

/** The visible children (level 2) of a part, in outline order, with their effective titles. */
function childrenOf(
  part: SectionTemplate,
  settings: OutlineSettings,
): { key: string; title: string; spec: SectionTemplate }[] {
  const removed = new Set(settings.removed);
  const included = new Set(settings.included);
  const list: { key: string; title: string; spec: SectionTemplate }[] = [];
  for (const child of part.children) {
    if (included.has(child.key) && !removed.has(child.key))
      list.push({ key: child.key, title: settings.titles[child.key] ?? child.title, spec: child });
  }
  for (const a of settings.added) {
    if (a.parentKey !== part.key || removed.has(a.key)) continue;
    if (list.some((c) => c.key === a.key)) continue;
    list.push({ key: a.key, title: settings.titles[a.key] ?? a.title, spec: customSpec(a.key, a.title) });
  }
  const order = settings.childOrder?.[part.key];
  if (!order || order.length === 0) return list;
  const rank = new Map(order.map((k, i) => [k, i] as const));
  const ordered = list.filter((c) => rank.has(c.key)).sort((a, b) => rank.get(a.key)! - rank.get(b.key)!);
  return [...ordered, ...list.filter((c) => !rank.has(c.key))];
}

/** The report's outline, flat and in order: preamble, then each part followed by its sub-sections. */
export function resolveOutline(template: Template, settings: OutlineSettings): OutlineSection[] {
  const out: OutlineSection[] = [];
  const pre = template.preamble;
  out.push({
    key: pre.key,
    parentKey: null,
    level: 0,
    index: 0,
    label: "开头",
    numericLabel: "0",
    heading: "",
    title: settings.titles[pre.key] ?? pre.title,
    spec: pre,
  });
  effectivePartOrder(template, settings).forEach((part, i) => {
    const n = i + 1;
    const cn = toChineseNumeral(n);
    const title = settings.titles[part.key] ?? part.title;
    out.push({
      key: part.key,
      parentKey: null,
      level: 1,
      index: n,
      label: cn,
      numericLabel: String(n),
      heading: `${cn}、${title}`,
      title,
      spec: part,
    });
    childrenOf(part, settings).forEach((child, j) => {
      const m = j + 1;
      const cm = toChineseNumeral(m);
      out.push({
        key: child.key,
        parentKey: part.key,
        level: 2,
        index: m,
        label: `${cn}（${cm}）`,
        numericLabel: `${n}.${m}`,
        heading: `（${cm}）${child.title}`,
        title: child.title,
        spec: child.spec,
      });
    });
  });
  return out;
}

/** Template suggestions for a part that are not currently in the outline. */
export function availableSuggestions(template: Template, settings: OutlineSettings, partKey: string): SectionTemplate[] {
  const part = template.parts.find((p) => p.key === partKey);
  if (!part) return [];
  const visible = new Set(childrenOf(part, settings).map((c) => c.key));
  return part.children.filter((c) => !visible.has(c.key));
}

// ---------------------------------------------------------------------------------------------
// Addresses

function normalizeAddress(input: string): string {
  return toHalfWidthDigits(input)
    .replace(/[\s\u3000\u00a0]+/g, "")
    .replace(/\(/g, "（")
    .replace(/\)/g, "）")
    .replace(/[．。]/g, ".")
    .replace(/[“”"「」『』《》]/g, "");
}

const NUM = "(?:\\d{1,2}|[一二三四五六七八九十]{1,3})";
const ADDRESS_RE = new RegExp(
  `^(?:第(${NUM})(?:部分|项|节)?|(${NUM}))、?(?:（(${NUM})）|\\.(${NUM})|-(${NUM}))?[、.]?$`,
);

/** Labels users can type, e.g. "开头、一、一（一）…", for messages. */
export function outlineLabels(outline: readonly OutlineSection[]): string {
  return outline.map((s) => s.label).join("、");
}

/**
 * Resolves what a user typed to a section key. Accepts "开头", "一", "第一部分", "1", "一（二）", "一(二)", "1.2",
 * a section key, or a section's exact title.
 */
export function parseSectionAddress(input: string, outline: readonly OutlineSection[]): AddressResult {
  const raw = input.trim();
  const q = normalizeAddress(raw);
  const notFound = (): AddressResult => ({
    ok: false,
    message: `找不到章节「${raw}」。可用的章节：${outlineLabels(outline)}`,
  });
  if (!q) return { ok: false, message: `请指明章节，例如：一 或 一（二）。可用的章节：${outlineLabels(outline)}` };
  if (q === "开头" || q === "0" || q === "开头部分" || q === "导语" || q === "前言") {
    const pre = outline.find((s) => s.level === 0);
    return pre ? { ok: true, key: pre.key } : notFound();
  }
  const m = ADDRESS_RE.exec(q);
  if (m) {
    const partNo = parseChineseNumeral(m[1] ?? m[2] ?? "");
    const childRaw = m[3] ?? m[4] ?? m[5];
    if (partNo === null) return notFound();
    const part = outline.find((s) => s.level === 1 && s.index === partNo);
    if (!part) return notFound();
    if (childRaw === undefined) return { ok: true, key: part.key };
    const childNo = parseChineseNumeral(childRaw);
    const child = outline.find((s) => s.level === 2 && s.parentKey === part.key && s.index === childNo);
    return child ? { ok: true, key: child.key } : notFound();
  }
  const byKey = outline.find((s) => s.key === raw);
  if (byKey) return { ok: true, key: byKey.key };
  const byTitle = outline.filter((s) => normalizeAddress(s.title) === q || normalizeAddress(s.heading) === q);
  if (byTitle.length === 1) return { ok: true, key: byTitle[0]!.key };
  return notFound();
}

// ---------------------------------------------------------------------------------------------
// Settings operations

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

/** Whether two titles are the same once spaces, brackets, quotes and list punctuation are ignored. */
export const sameTitle = (a: string, b: string) => normalizeAddress(a).replace(/[，,、；;：:]/g, "") === normalizeAddress(b).replace(/[，,、；;：:]/g, "");

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

/** Whether a key belongs to the template's own sub-section suggestions. */
export function isTemplateSubsection(template: Template, key: string): boolean {
  return templateChildKeys(template).has(key);
}

// ---------------------------------------------------------------------------------------------
// The outline as the report stands: template sub-sections are suggestions

/**
 * A line that starts with a sub-heading marker at the level of the template's sub-sections — （一）, (二) — and
 * goes on with its title or text. Full-width and half-width parentheses, one to three Chinese numerals.
 */
const SUBHEADING_LINE = /^[ \t\u3000\u00a0]*[（(][一二三四五六七八九十]{1,3}[）)][ \t\u3000\u00a0]*[^\s\u3000]/gm;

/**
 * How many sub-headings （一）（二）… a part's own text brings (lines that start with such a marker). A part
 * pasted whole with its own sub-headings is written in its own shape: the template's suggestions for that
 * part that nobody wrote are left out of its completeness and of the document.
 *
 * Seam: a small local check, on purpose. Recognising structure in pasted text (headings at every level, run-in
 * headings, signatures…) belongs to one module, src/domain/structure.ts, written separately; once it is in,
 * this function should ask it instead.
 */
export function ownSubheadingCount(text: string): number {
  if (text.indexOf("（") < 0 && text.indexOf("(") < 0) return 0;
  let n = 0;
  SUBHEADING_LINE.lastIndex = 0;
  while (SUBHEADING_LINE.exec(text) !== null) n++;
  return n;
}

/** One section as the document prints it (see printedOutline). */
export interface PrintedSection {
  section: OutlineSection;
  /** The heading as printed: "" for the preamble, "一、…" for a part, "（n）…" for a sub-section, numbered as printed. */
  heading: string;
  text: string;
}

/**
 * The sections the document prints, in outline order: the preamble, every part, and the sub-sections that have
 * text. A sub-section nobody wrote is a suggestion and is not printed. Printed sub-sections are numbered
 * （一）（二）… consecutively as they appear, after the sub-headings the part's own text already brings (a part
 * pasted with its own （一）…（五） goes on with （六）).
 */
export function printedOutline(outline: readonly OutlineSection[], textOf: (key: string) => string): PrintedSection[] {
  const out: PrintedSection[] = [];
  let printedInPart = 0;
  for (const section of outline) {
    const text = textOf(section.key);
    if (section.level === 2) {
      if (text.trim() === "") continue;
      printedInPart++;
      out.push({ section, heading: `（${toChineseNumeral(printedInPart)}）${section.title}`, text });
      continue;
    }
    printedInPart = section.level === 1 ? ownSubheadingCount(text) : 0;
    out.push({ section, heading: section.level === 0 ? "" : section.heading, text });
  }
  return out;
}
