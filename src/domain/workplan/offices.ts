/**
 * The offices of a work plan.
 *
 * In the text, a task's offices stand in parenthesised clauses, several per task and several roles per clause:
 * "（牵头科室：局法规科、组教科，责任单位和科室：局属各单位、局机关各科室）", "（牵头单位：…）", "（责任单位：…）".
 * Roles: 牵头… → lead; 责任… / 配合… → responsible. Names are split at 、 and 和/及; collective names
 * ("局属各单位", "局机关相关科室", "局属有关单位") are not offices and are dropped. Within one list, names written
 * without the prefix of the first name inherit it: in "局法规科、组教科" 组教科 is 局组教科 (prefixes 局 区 市 县).
 * Across the plan, a name that is another name without its prefix ("法规科" beside "局法规科") is that office.
 * A clause in a group's heading or lead text applies to every task of the group. A task with no 牵头 clause is led
 * by the units named responsible for it (task 16: "（责任单位：区交通执法支队）"); a task with neither is
 * unassigned (listed, never guessed).
 */
import { charLength } from "../text.js";
import type { WorkPlan } from "./plan.js";

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
export function canonicalizer(all: readonly string[]): (name: string) => string {
  const full = new Set(all.filter((n) => PREFIX_RE.test(n)));
  return (name) => {
    if (PREFIX_RE.test(name)) return name;
    const matches = [...full].filter((f) => f.slice(1) === name);
    return matches.length === 1 ? matches[0]! : name;
  };
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
