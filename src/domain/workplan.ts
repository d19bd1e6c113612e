/**
 * The year's work plan (工作要点): groups of numbered tasks, each naming the offices that lead it (牵头科室) and
 * the units responsible (责任单位), sometimes a deadline. Pure and synchronous.
 *
 * ## Shapes read (parseWorkPlan)
 * - Headings (the usual shape, test/fixtures/2023-workplan.txt): groups "一、…" with tasks "1.…" (or "（一）…", or
 *   any numbering: the tasks are the shallowest headings below the groups, as recognizeStructure finds them). A
 *   group without numbered tasks is one task of its own. Without any "一、" the numbered items are tasks without
 *   groups.
 * - A table pasted from Word (cells separated by tabs or "|"), with a header row naming the columns: a task
 *   column (任务 / 工作内容 / 事项), optionally 牵头 (lead), 责任 / 配合 (responsible) and 时限 / 完成时间
 *   (deadline). A row whose first non-empty cell is "一、…" alone opens a group.
 * Tasks are numbered 1…n in plan order ("任务8"), whatever their own markers say.
 *
 * ## Offices
 * In the text, a task's offices stand in parenthesised clauses, several per task and several roles per clause:
 * "（牵头科室：局法规科、组教科，责任单位和科室：局属各单位、局机关各科室）", "（牵头单位：…）", "（责任单位：…）".
 * Roles: 牵头… → lead; 责任… / 配合… → responsible. Names are split at 、 and 和/及; collective names
 * ("局属各单位", "局机关相关科室", "局属有关单位") are not offices and are dropped. Within one list, names written
 * without the prefix of the first name inherit it: in "局法规科、组教科" 组教科 is 局组教科 (prefixes 局 区 市 县).
 * Across the plan, a name that is another name without its prefix ("法规科" beside "局法规科") is that office.
 * A clause in a group's heading or lead text applies to every task of the group. A task with no 牵头 clause is led
 * by the units named responsible for it (task 16: "（责任单位：区交通执法支队）"); a task with neither is
 * unassigned (listed, never guessed).
 *
 * ## Deadlines
 * "11月20日前", "10 月 31 日之前", "11月底前" in a task (or anywhere in the text), with the sentence they stand in.
 * A deadline whose sentence speaks of the report (报告 / 报送 with 年度 / 情况 / 法治) is offered as the report's
 * internal deadline (`forReport`): "11月20日前，将年度法治建设情况报告市交通局".
 *
 * ## "Mentioned" (taskMentioned, mentionsTerms)
 * Whether a section's text covers a task is judged from the task's title alone, by its key terms: the title is cut
 * at 、，；和与及的 and similar joints, each piece loses generic leading verbs and adverbs (严格 持续 加强 推进 深化
 * 进一步 …) and generic endings (工作, 相关, 活动); pieces shorter than two characters go. A term is found when the
 * text contains it or, for a term longer than four characters, any four consecutive characters of it ("行政规范性
 * 文件制定" is found by "行政规范性文件管理办法"). A task is mentioned when at least half of its terms are found.
 * The test errs towards "mentioned": a note saying a task is missing should be right when it appears.
 */
import { headingMarker } from "./headings.js";
import type { OutlineSettings, Template } from "./model.js";
import { MAX_SUBSECTIONS_PER_PART, addSubsection, removeSubsection } from "./outline/settings.js";
import { resolveOutline } from "./outline/resolve.js";
import { MAX_TITLE_LENGTH } from "./template-schema.js";
import { recognizeStructure } from "./structure/recognize.js";
import type { RecognizedSection } from "./structure/types.js";
import { cleanPastedText } from "./text-clean.js";
import { charLength, firstChars } from "./text.js";

export interface PlanDeadline {
  month: number;
  day: number;
  /** The sentence the date stands in. */
  sentence: string;
  /** The task (1-based number) it stands in, or null. */
  task: number | null;
  /** The sentence speaks of the year's report: offered as the report's internal deadline. */
  forReport: boolean;
}

export interface PlanTask {
  /** 1-based position in the plan: "任务8". */
  number: number;
  /** Index into WorkPlan.groups, or null when the plan has no groups. */
  group: number | null;
  /** The task's heading without marker ("严格行政规范性文件制定和备案管理"). */
  title: string;
  /** The task's text (clauses included). */
  text: string;
  /** Lead offices (牵头), own or the group's; falls back to the responsible units (see the module comment). */
  leads: string[];
  /** Responsible units (责任单位), collectives dropped. */
  responsible: string[];
}

export interface PlanGroup {
  /** Title without marker or office clause ("持续深化“放管服”改革优化营商环境"). */
  title: string;
  /** Lead offices named for the whole group. */
  leads: string[];
}

export interface WorkPlan {
  title: string | null;
  year: number | null;
  shape: "headings" | "table";
  groups: PlanGroup[];
  tasks: PlanTask[];
  /** Every lead office, in order of first appearance. */
  offices: string[];
  /** Numbers of the tasks without any office. */
  unassigned: number[];
  deadlines: PlanDeadline[];
}

export type WorkPlanResult = { ok: true; plan: WorkPlan } | { ok: false; message: string };

export const NO_TASKS_MESSAGE =
  "没有识别出工作任务。工作要点应按“一、……”分组、“1.……”逐条列出任务（也可用（一）（二）……或表格），任务后可注明（牵头科室：……）。";

/** Longest plan text accepted (characters). A year's plan is 5,000–10,000. */
export const MAX_PLAN_CHARS = 60_000;

// ---------------------------------------------------------------------------------------------
// Offices

const CLAUSE_RE = /[（(]([^（）()]*?(?:牵头|责任|配合)[^（）()]*?)[）)]/g;
const ROLE_RE = /^\s*(牵头|责任|配合)[^：:]{0,8}[：:]\s*(.*)$/;
const COLLECTIVE_RE = /各|相关|有关|所属|全体/;
const PREFIX_RE = /^(局|区|市|县)/;
const MAX_OFFICE_CHARS = 20;

interface Clauses {
  leads: string[];
  responsible: string[];
  /** The text without its office clauses. */
  rest: string;
}

function splitNames(list: string): string[] {
  const names = list
    .split(/[、,，;；/／]|和|及|与/)
    .map((n) => n.trim().replace(/^由/, "").replace(/[。.]$/, "").replace(/等$/, ""))
    .filter((n) => n !== "" && charLength(n) <= MAX_OFFICE_CHARS && !COLLECTIVE_RE.test(n));
  const first = names[0] ? PREFIX_RE.exec(names[0]) : null;
  if (!first) return names;
  return names.map((n, i) => (i > 0 && !PREFIX_RE.test(n) ? first[1] + n : n));
}

/** The office clauses of a text: lead and responsible names (prefixes inherited within each list). */
export function officeClauses(text: string): Clauses {
  const leads: string[] = [];
  const responsible: string[] = [];
  const rest = text.replace(CLAUSE_RE, (_all, inner: string) => {
    for (const seg of inner.split(/[，,；;]\s*(?=[^，,；;]*[：:])/)) {
      const m = ROLE_RE.exec(seg);
      if (!m) continue;
      const into = m[1] === "牵头" ? leads : responsible;
      for (const n of splitNames(m[2]!)) if (!into.includes(n)) into.push(n);
    }
    return "";
  });
  return { leads, responsible, rest: rest.trim() };
}

/** Merges names written without their prefix into the full name found elsewhere ("法规科" → "局法规科"). */
function canonicalizer(all: readonly string[]): (name: string) => string {
  const full = new Set(all.filter((n) => PREFIX_RE.test(n)));
  return (name) => {
    if (PREFIX_RE.test(name)) return name;
    const matches = [...full].filter((f) => f.slice(1) === name);
    return matches.length === 1 ? matches[0]! : name;
  };
}

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

// ---------------------------------------------------------------------------------------------
// Deadlines

const DATE_BEFORE_RE = /(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底))\s*(?:之)?前/g;
const REPORT_SENTENCE_RE = /(?:报告|报送)/;
const REPORT_TOPIC_RE = /年度|情况|法治/;

function lastDay(month: number): number {
  return month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function deadlinesIn(text: string, task: number | null): PlanDeadline[] {
  const out: PlanDeadline[] = [];
  for (const sentence of text.split(/(?<=[。；;！？\n])/)) {
    DATE_BEFORE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DATE_BEFORE_RE.exec(sentence))) {
      const month = Number(m[1]);
      const day = m[3] ? lastDay(month) : Number(m[2]);
      if (month < 1 || month > 12 || day < 1 || day > lastDay(month) + (month === 2 ? 1 : 0)) continue;
      const s = sentence.trim();
      out.push({ month, day, sentence: s, task, forReport: REPORT_SENTENCE_RE.test(s) && REPORT_TOPIC_RE.test(s) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface RawTask {
  group: number | null;
  title: string;
  text: string;
}

interface RawGroup {
  title: string;
  text: string;
}

const TITLE_TRAILING_RE = /[。！？!?：:；;，,、\s]+$/;

function cleanTitle(title: string): string {
  return officeClauses(title).rest.replace(TITLE_TRAILING_RE, "").trim();
}

function taskTitle(s: RecognizedSection): string {
  if (s.title !== "") return cleanTitle(s.title);
  // A numbered paragraph without a short heading: its first clause.
  const first = /^[^，。；：,;:]{2,40}/.exec(officeClauses(s.body).rest);
  return first ? first[0] : cleanTitle(s.body.slice(0, 30));
}

function fromHeadings(text: string): { title: string | null; year: number | null; groups: RawGroup[]; tasks: RawTask[] } {
  const doc = recognizeStructure(text);
  const groups: RawGroup[] = [];
  const tasks: RawTask[] = [];
  const implicit = doc.parts.length === 1 && doc.parts[0]!.implicit;
  for (const part of doc.parts) {
    if (implicit) {
      for (const s of part.subsections) tasks.push({ group: null, title: taskTitle(s), text: s.body });
      continue;
    }
    const g = groups.length;
    groups.push({ title: cleanTitle(part.title), text: `${part.title}\n${part.lead}` });
    if (part.subsections.length === 0) {
      if (part.body.trim() !== "" || part.title !== "") tasks.push({ group: g, title: cleanTitle(part.title), text: part.body });
      continue;
    }
    for (const s of part.subsections) tasks.push({ group: g, title: taskTitle(s), text: s.body });
  }
  return { title: doc.title ?? null, year: doc.year ?? null, groups, tasks };
}

const TABLE_SPLIT_RE = /\t|\s*[|｜]\s*/;

/** A table pasted from Word, or null when the text is not one (no header row naming a task column). */
function fromTable(raw: string): { groups: RawGroup[]; tasks: RawTask[] } | null {
  const lines = raw.replace(/\r\n?/g, "\n").split("\n").filter((l) => l.trim() !== "");
  const rows = lines.map((l) => l.replace(/^\s*[|｜]|[|｜]\s*$/g, "").split(TABLE_SPLIT_RE).map((c) => c.trim()));
  const headerAt = rows.findIndex((r) => r.length >= 2 && r.some((c) => /任务|工作内容|工作事项|事项|内容/.test(c)));
  if (headerAt < 0) return null;
  const header = rows[headerAt]!;
  const col = (re: RegExp) => header.findIndex((c) => re.test(c));
  const taskCol = col(/任务|工作内容|工作事项|事项|内容/);
  const leadCol = col(/牵头/);
  const respCol = col(/责任|配合/);
  const dueCol = col(/时限|时间|完成|截止/);
  if (taskCol < 0) return null;
  const groups: RawGroup[] = [];
  const tasks: RawTask[] = [];
  for (const r of rows.slice(headerAt + 1)) {
    if (/^[-:\s]+$/.test(r.join(""))) continue; // a markdown separator row
    const filled = r.filter((c) => c !== "");
    if (filled.length === 0) continue;
    const first = filled[0]!;
    if (filled.length === 1 && headingMarker(first)?.level === 1) {
      groups.push({ title: cleanTitle(first.slice(headingMarker(first)!.marker.length)), text: first });
      continue;
    }
    const cell = r[taskCol] ?? "";
    if (cell === "") continue;
    const marker = headingMarker(cell);
    const body = marker ? cell.slice(marker.marker.length) : cell;
    const sentenceEnd = body.search(/[。；;]/);
    const title = cleanTitle(sentenceEnd > 0 && sentenceEnd <= 60 ? body.slice(0, sentenceEnd) : firstChars(body, 30));
    const clauses: string[] = [];
    if (leadCol >= 0 && r[leadCol]) clauses.push(`（牵头：${r[leadCol]}）`);
    if (respCol >= 0 && r[respCol]) clauses.push(`（责任单位：${r[respCol]}）`);
    // The deadline cell becomes a sentence naming the task, so that a deadline for the report is recognised as one.
    const due = dueCol >= 0 && r[dueCol] ? `\n${r[dueCol]}${/前$/.test(r[dueCol]!) ? "" : "前"}完成：${title}。` : "";
    tasks.push({ group: groups.length > 0 ? groups.length - 1 : null, title, text: `${body}${clauses.join("")}${due}` });
  }
  return tasks.length > 0 ? { groups, tasks } : null;
}

/** Parses a pasted work plan (see the module comment). Fails with a message when no task is found. */
export function parseWorkPlan(text: string): WorkPlanResult {
  if (charLength(text) > MAX_PLAN_CHARS) return { ok: false, message: `工作要点过长（超过 ${MAX_PLAN_CHARS} 字），请分开导入或删去附件部分。` };
  const table = fromTable(text);
  const shape: WorkPlan["shape"] = table ? "table" : "headings";
  const read = table ? { title: null, year: null, ...table } : fromHeadings(text);
  if (read.tasks.length === 0) return { ok: false, message: NO_TASKS_MESSAGE };
  // A header-less "plan" of one implicit group of prose is not a plan either: tasks need titles.
  if (read.tasks.every((t) => t.title === "")) return { ok: false, message: NO_TASKS_MESSAGE };

  const groupClauses = read.groups.map((g) => officeClauses(cleanPastedText(g.text)));
  const taskClauses = read.tasks.map((t) => officeClauses(cleanPastedText(t.text)));
  const canon = canonicalizer([...groupClauses, ...taskClauses].flatMap((c) => [...c.leads, ...c.responsible]));

  const groups: PlanGroup[] = read.groups.map((g, i) => ({ title: g.title, leads: uniq(groupClauses[i]!.leads.map(canon)) }));
  const tasks: PlanTask[] = read.tasks.map((t, i) => {
    const c = taskClauses[i]!;
    const own = uniq(c.leads.map(canon));
    const responsible = uniq(c.responsible.map(canon));
    const fromGroup = t.group !== null ? groups[t.group]!.leads : [];
    let leads = uniq([...fromGroup, ...own]);
    if (leads.length === 0) leads = responsible;
    return { number: i + 1, group: t.group, title: t.title, text: cleanPastedText(t.text), leads, responsible };
  });
  const offices = uniq([...groups.flatMap((g) => g.leads), ...tasks.flatMap((t) => t.leads)].sort((a, b) => firstAt(a) - firstAt(b)));
  function firstAt(office: string): number {
    const t = tasks.findIndex((x) => x.leads.includes(office));
    return t < 0 ? -1 : t;
  }
  const deadlines: PlanDeadline[] = [];
  for (const t of tasks) deadlines.push(...deadlinesIn(t.text, t.number));
  const year = read.year ?? yearOf(text);
  return {
    ok: true,
    plan: {
      title: read.title,
      year,
      shape,
      groups,
      tasks,
      offices,
      unassigned: tasks.filter((t) => t.leads.length === 0).map((t) => t.number),
      deadlines,
    },
  };
}

function yearOf(text: string): number | null {
  const m = /(20\d{2})\s*年/.exec(text.slice(0, 200));
  return m ? Number(m[1]) : null;
}

/** The deadline offered as the report's internal deadline: the first one about the report. */
export function reportDeadline(plan: WorkPlan): PlanDeadline | null {
  return plan.deadlines.find((d) => d.forReport) ?? null;
}

/** "2023-11-20" for a deadline in `year`. */
export function deadlineDate(d: Pick<PlanDeadline, "month" | "day">, year: number): string {
  return `${year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// Offices given by users ("科室 法规科 @某人")

/**
 * The plan's office a user means: exact, with the plan's prefix added ("法规科" → "局法规科"), or the one office
 * containing it ("法规" → "局法规科"). Null when none or several match.
 */
export function resolveOffice(plan: Pick<WorkPlan, "offices">, input: string): string | null {
  const q = input.replace(/[\s\u3000“”"「」]/g, "");
  if (q === "") return null;
  if (plan.offices.includes(q)) return q;
  const prefixed = plan.offices.filter((o) => PREFIX_RE.test(o) && o.slice(1) === q);
  if (prefixed.length === 1) return prefixed[0]!;
  const containing = plan.offices.filter((o) => o.includes(q));
  return containing.length === 1 ? containing[0]! : null;
}

/** Indexes of the groups an office leads: it leads the group or at least one of its tasks. */
export function groupsLedBy(plan: WorkPlan, office: string): number[] {
  const out: number[] = [];
  plan.groups.forEach((g, i) => {
    if (g.leads.includes(office) || plan.tasks.some((t) => t.group === i && t.leads.includes(office))) out.push(i);
  });
  return out;
}

/** Tasks of a group (null: the tasks of a plan without groups). */
export function tasksOf(plan: WorkPlan, group: number | null): PlanTask[] {
  return plan.tasks.filter((t) => t.group === group);
}

// ---------------------------------------------------------------------------------------------
// Mentioned (see the module comment)

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
  if (terms.length > 0) return uniq(terms);
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

// ---------------------------------------------------------------------------------------------
// The plan's groups as the part's sub-sections

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
