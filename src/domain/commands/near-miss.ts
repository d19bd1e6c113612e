// Near misses: what a message that is not quite a command most likely meant.
import type { Command, CommandInput, CommandKind } from "./command.js";
import { parseCommand } from "./parse.js";
import { GLUED_ASSIGN, SPECS, ZH_KEYWORDS, run } from "./table.js";
import { MENTION_RE, normalizeSpaces, toHalfWidth } from "./tokens.js";

/** Commands a near miss may run without asking: they only show things or move through the outline. */
const SAFE_KINDS: ReadonlySet<CommandKind> = new Set<CommandKind>(["status", "help", "history", "export", "goto", "next", "back", "skip", "reports", "templates", "audit"]);

/** Words people type for a command (at the start of the message), and the command's own keyword. */
const SYNONYMS: [string, string][] = [
  ["截止到", "截止"],
  ["截至", "截止"],
  ["撤消", "撤销"],
  ["跳转到", "跳到"],
  ["跳至", "跳到"],
  ["转到", "跳到"],
  ["查看进度", "进度"],
  ["查进度", "进度"],
  ["提交审核", "提交审批"],
  ["送审", "提交审批"],
  ["历史记录", "历史"],
  ["恢复到", "恢复"],
  ["回退到", "恢复"],
];

export interface Resemblance {
  /** What `canonical` parses to. */
  command: Command;
  /** The command as it should have been typed, e.g. "截止 2026-12-20", "分配 一（三） @_user_2". */
  canonical: string;
  /** spacing: spaces inside the keyword ("进 度"); glued: no space before the argument ("跳到二");
   *  synonym: another word for the keyword ("截至"); slash_typo: a misspelt slash command ("/stauts"). */
  how: "spacing" | "glued" | "synonym" | "slash_typo";
  /** Safe to run without asking: it only shows or navigates, and the message differs by spacing alone. */
  runDirectly: boolean;
}

/** Longest text (without @ placeholders) a near miss is looked for in: commands are short. */
const MAX_NEAR_MISS = 40;

function spaced(word: string): RegExp {
  return new RegExp(`^${Array.from(word).map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s*")}`);
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

const usable = (c: Command | null): c is Command => c !== null && c.kind !== "invalid" && c.kind !== "not_command";

/**
 * The command a message most likely meant when parseCommand does not take it as one: spaces inside the keyword
 * ("进 度", "撤 销"), a missing space before a section or person ("跳到二", "分配一（三）@某人"), another word for
 * the keyword ("截至 2026-12-20"), a misspelt slash command ("/stauts"). Null for anything longer than a command
 * or that only happens to start like one ("报告期内…", "继续加强…", "进度方面…").
 */
export function resembleCommand(input: CommandInput): Resemblance | null {
  const text = normalizeSpaces(input.text);
  if (!text || /\n\s*\S/.test(input.text.trim())) return null;
  if (Array.from(text.replace(MENTION_RE, "")).length > MAX_NEAR_MISS) return null;

  const slash = /^[/／]([A-Za-z][A-Za-z_-]*)(?:\s+([\s\S]*))?$/.exec(text);
  if (slash) {
    const name = slash[1]!.toLowerCase();
    if (SPECS.some((s) => s.slash.includes(name)) || name.length < 3) return null;
    let best: { name: string; d: number } | null = null;
    for (const s of SPECS)
      for (const n of s.slash) {
        const d = editDistance(name, n);
        if (d <= 2 && (!best || d < best.d)) best = { name: n, d };
      }
    if (!best) return null;
    const canonical = `/${best.name}${slash[2] ? ` ${normalizeSpaces(slash[2])}` : ""}`;
    const command = parseCommand({ text: canonical, mentions: input.mentions });
    return usable(command) ? { command, canonical, how: "slash_typo", runDirectly: false } : null;
  }

  // A section and a person, nothing else ("一（三）@某人"): an assignment without its keyword.
  if (GLUED_ASSIGN.test(toHalfWidth(text)) && text.includes("@_user_")) {
    const canonical = `分配 ${text}`;
    const command = parseCommand({ text: canonical, mentions: input.mentions });
    if (usable(command)) return { command, canonical, how: "synonym", runDirectly: false };
  }
  let t = text;
  let synonym = false;
  for (const [word, kw] of SYNONYMS) {
    const m = spaced(word).exec(t);
    if (!m) continue;
    t = kw + t.slice(m[0].length);
    synonym = true;
    break;
  }
  for (const { kw, spec } of ZH_KEYWORDS) {
    const m = spaced(kw).exec(t);
    if (!m) continue;
    const inner = m[0] !== kw;
    const rest = t.slice(m[0].length);
    const separated = rest === "" || /^[\s:：]/.test(rest);
    const args = rest.replace(/^[\s:：]+/, "").trim();
    // The keyword exactly, then a space: parseCommand has already judged it.
    if (separated && !inner && !synonym) return null;
    if (!separated && !(spec.glue && spec.glue.test(toHalfWidth(args)))) continue;
    const command = run(spec, args, input, false);
    if (!usable(command)) continue;
    const canonical = args ? `${kw} ${args}` : kw;
    const how = synonym ? "synonym" : inner ? "spacing" : "glued";
    return { command, canonical, how, runDirectly: how !== "synonym" && SAFE_KINDS.has(command.kind) };
  }
  return null;
}
