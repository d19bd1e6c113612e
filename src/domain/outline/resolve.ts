// A report's outline: the template's sections as changed by the report's OutlineSettings (./settings.ts changes
// them). Pure.
import type { OutlineSection, OutlineSettings, SectionTemplate, Template } from "../model.js";
import { toChineseNumeral } from "../numerals.js";

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
