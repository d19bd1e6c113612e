/**
 * Reading a pasted work plan (parseWorkPlan).
 *
 * - Headings (the usual shape, test/fixtures/2023-workplan.txt): groups "一、…" with tasks "1.…" (or "（一）…", or
 *   any numbering: the tasks are the shallowest headings below the groups, as recognizeStructure finds them). A
 *   group without numbered tasks is one task of its own. Without any "一、" the numbered items are tasks without
 *   groups.
 * - A table pasted from Word (cells separated by tabs or "|"), with a header row naming the columns: a task
 *   column (任务 / 工作内容 / 事项), optionally 牵头 (lead), 责任 / 配合 (responsible) and 时限 / 完成时间
 *   (deadline). A row whose first non-empty cell is "一、…" alone opens a group.
 * Tasks are numbered 1…n in plan order ("任务8"), whatever their own markers say.
 */
import { headingMarker } from "../headings.js";
import { recognizeStructure } from "../structure/recognize.js";
import { type RecognizedSection } from "../structure/types.js";
import { cleanPastedText } from "../text-clean.js";
import { charLength, firstChars } from "../text.js";
import { deadlinesIn } from "./deadlines.js";
import { canonicalizer, officeClauses } from "./offices.js";
import type { PlanDeadline, PlanGroup, PlanTask, WorkPlan } from "./plan.js";

export type WorkPlanResult = { ok: true; plan: WorkPlan } | { ok: false; message: string };

export const NO_TASKS_MESSAGE =
  "没有识别出工作任务。工作要点应按“一、……”分组、“1.……”逐条列出任务（也可用（一）（二）……或表格），任务后可注明（牵头科室：……）。";

/** Longest plan text accepted (characters). A year's plan is 5,000–10,000. */
export const MAX_PLAN_CHARS = 60_000;

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

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
