// The plan's groups as the sub-sections of the part the plan fills.
import type { OutlineSettings, Template } from "../model.js";
import { MAX_SUBSECTIONS_PER_PART, addSubsection, removeSubsection } from "../outline/settings.js";
import { resolveOutline } from "../outline/resolve.js";
import { MAX_TITLE_LENGTH } from "../template-schema.js";
import { charLength, firstChars } from "../text.js";
import type { WorkPlan } from "./plan.js";

const sameTitle = (a: string, b: string) => a.replace(/[\s\u3000，,、；;：:。“”"]/g, "") === b.replace(/[\s\u3000，,、；;：:。“”"]/g, "");

export type ApplyResult = { ok: true; settings: OutlineSettings; sections: string[] } | { ok: false; message: string };

/**
 * The plan's groups become the sub-sections of `partKey`, in plan order: a sub-section already titled like a group
 * is kept for it, others are added (a template suggestion of the same title is included). Sub-sections that match
 * no group are removed when nothing is written in them (`written`), else kept after the groups. Returns the
 * sub-section key of each group. A plan without groups changes nothing.
 */
export function applyPlanGroups(
  template: Template,
  settings: OutlineSettings,
  partKey: string,
  plan: Pick<WorkPlan, "groups">,
  written: ReadonlySet<string>,
  keyFor: (title: string) => string,
): ApplyResult {
  if (plan.groups.length === 0) return { ok: true, settings, sections: [] };
  if (plan.groups.length > MAX_SUBSECTIONS_PER_PART)
    return { ok: false, message: `工作要点有 ${plan.groups.length} 组，超过每部分 ${MAX_SUBSECTIONS_PER_PART} 个小标题的上限。` };
  const titles = plan.groups.map((g) => {
    const t = g.title === "" ? "（未命名的一组任务）" : g.title;
    return charLength(t) > MAX_TITLE_LENGTH ? firstChars(t, MAX_TITLE_LENGTH) : t;
  });
  let s = settings;
  const children = () => resolveOutline(template, s).filter((x) => x.parentKey === partKey);
  for (const c of children()) {
    if (titles.some((t) => sameTitle(t, c.title)) || written.has(c.key)) continue;
    const r = removeSubsection(template, s, c.key);
    if (r.ok) s = r.settings;
  }
  const sections: string[] = [];
  for (const title of titles) {
    const existing = children().find((c) => sameTitle(c.title, title) && !sections.includes(c.key));
    if (existing) {
      sections.push(existing.key);
      continue;
    }
    const r = addSubsection(template, s, partKey, title, keyFor(title));
    if (!r.ok) return { ok: false, message: r.message };
    s = r.settings;
    sections.push(r.key);
  }
  const rest = children().map((c) => c.key).filter((k) => !sections.includes(k));
  s = { ...s, childOrder: { ...(s.childOrder ?? {}), [partKey]: [...sections, ...rest] } };
  return { ok: true, settings: s, sections };
}
