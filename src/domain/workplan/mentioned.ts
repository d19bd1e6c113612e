/**
 * Whether a text mentions a task of the plan (taskMentioned, mentionsTerms).
 *
 * Whether a section's text covers a task is judged from the task's title alone, by its key terms: the title is cut
 * at 、，；和与及的 and similar joints, each piece loses generic leading verbs and adverbs (严格 持续 加强 推进 深化
 * 进一步 …) and generic endings (工作, 相关, 活动); pieces shorter than two characters go. A term is found when the
 * text contains it or, for a term longer than four characters, any four consecutive characters of it ("行政规范性
 * 文件制定" is found by "行政规范性文件管理办法"). A task is mentioned when at least half of its terms are found.
 * The test errs towards "mentioned": a note saying a task is missing should be right when it appears.
 */
import { charLength } from "../text.js";
import type { PlanTask } from "./plan.js";

const GENERIC_LEADS = [
  "进一步", "持续", "不断", "全面", "深入", "积极", "切实", "大力", "认真", "扎实", "严格", "加强", "加快", "推进", "推动",
  "深化", "强化", "提升", "提高", "完善", "健全", "落实", "开展", "做好", "坚持", "依法", "着力", "加大", "充分", "发挥",
  "有效", "统筹", "探索", "建立", "优化", "全力", "继续", "努力", "自觉", "多元", "及时", "不断改进", "改进", "组织",
];
const GENERIC_ENDS = ["相关工作", "工作", "相关", "活动", "作用", "水平"];
const TERM_SPLIT_RE = /[、，,；;：:。“”"‘’《》()（）+＋\s]|和|与|及|的|并/;
const WINDOW = 4;

function stripGeneric(term: string): string {
  let t = term;
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of GENERIC_LEADS) {
      if (t.startsWith(g) && t.length > g.length) {
        t = t.slice(g.length);
        changed = true;
      }
    }
    for (const g of GENERIC_ENDS) {
      if (t.endsWith(g) && t.length > g.length) {
        t = t.slice(0, -g.length);
        changed = true;
      }
    }
  }
  return t;
}

/** The key terms of a task title or plan item (see the module comment). */
export function keyTerms(title: string): string[] {
  const terms = title
    .split(TERM_SPLIT_RE)
    .map((p) => stripGeneric(p.trim()))
    .filter((p) => charLength(p) >= 2 && !GENERIC_LEADS.includes(p));
  if (terms.length > 0) return [...new Set(terms)];
  const whole = title.replace(TERM_SPLIT_RE, "").trim();
  return whole === "" ? [] : [whole];
}

function termFound(text: string, term: string): boolean {
  if (text.includes(term)) return true;
  const chars = Array.from(term);
  if (chars.length <= WINDOW) return false;
  for (let i = 0; i + WINDOW <= chars.length; i++) if (text.includes(chars.slice(i, i + WINDOW).join(""))) return true;
  return false;
}

/** Whether `text` mentions something described by `terms`: at least half of them are found. */
export function mentionsTerms(text: string, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const compact = text.replace(/\s+/g, "");
  let found = 0;
  for (const t of terms) if (termFound(compact, t)) found++;
  return found * 2 >= terms.length;
}

export function taskMentioned(task: Pick<PlanTask, "title">, text: string): boolean {
  return mentionsTerms(text, keyTerms(task.title));
}

/** "任务8 严格行政规范性文件制定和备案管理：未提及". */
export function taskUnmentionedMessage(task: Pick<PlanTask, "number" | "title">): string {
  return `任务${task.number} ${task.title}：未提及`;
}
