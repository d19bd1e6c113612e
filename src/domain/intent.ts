// Intent before text: what a chat message is meant to be — a command to run, a command to offer ("你是想：…
// 吗？"), report text, or (addressed to the bot, short, neither) something to ask about. Nothing that may have
// been a command is ever saved as text silently, and real report prose is never taken for a command. Pure.
import { charLength } from "./text.js";
import type { Command, CommandInput } from "./commands/command.js";
import { resembleCommand } from "./commands/near-miss.js";
import { parseCommand } from "./commands/parse.js";

/**
 * Where the message came from:
 * - reply: a reply to a section prompt (its text answers that section unless it is clearly a command);
 * - walk: a private chat with the bot (an owner's walk through their sections);
 * - mention: a group message addressed to the bot that replies to no prompt.
 */
export type MessageContext = "reply" | "walk" | "mention";

export type Intent =
  /** Run it. `canonical` is set when the message was a near miss run as its command (spacing only). */
  | { kind: "command"; command: Command; canonical?: string }
  /** Ask first: "你是想：<canonical> 吗？" with the text kept for 作为正文保存. */
  | { kind: "suggest"; command: Command; canonical: string }
  /** A command with bad arguments: say what was expected. */
  | { kind: "invalid"; command: string; message: string }
  /** Report text. */
  | { kind: "text" }
  /** Addressed to the bot, short, neither a command nor clearly prose: ask whether to save it. */
  | { kind: "unclear" };

/** Longest text (without @ placeholders, whitespace) that is not prose by its length alone. */
const PROSE_LENGTH = 40;
/** With a comma, prose from this length on ("进度方面，我局按计划推进"). */
const PROSE_LENGTH_WITH_COMMA = 12;

/**
 * Whether the text reads as report prose rather than a command: several lines, a sentence inside it, longer than
 * any command, or a comma-separated clause of some length. Commands are short single lines.
 */
export function looksLikeProse(text: string): boolean {
  const t = text.trim();
  if (/\n\s*\S/.test(t)) return true;
  const body = t.replace(/[。！？!?.…；;]+$/u, "");
  if (/[。！？!?；;]/.test(body)) return true;
  const visible = charLength(body.replace(/@_(?:user_\d+|all)/g, "").replace(/\s+/g, ""));
  if (visible > PROSE_LENGTH) return true;
  return /[，,]/.test(body) && visible > PROSE_LENGTH_WITH_COMMA && !/^[/／]/.test(body);
}

/**
 * Commands whose arguments are free text. In a reply or a private walk such a message is more likely an answer
 * that starts with the keyword ("报告 如下"), so it is offered rather than run.
 */
const FREE_TEXT: ReadonlySet<Command["kind"]> = new Set<Command["kind"]>(["new_report", "use", "title", "report_title", "office", "add"]);

export function classifyMessage(input: CommandInput & { context: MessageContext }): Intent {
  const text = input.text.trim();
  if (text === "") return input.context === "mention" ? { kind: "unclear" } : { kind: "text" };
  const prose = looksLikeProse(text);
  const exact = parseCommand(input);
  // A command that carries a pasted text (导入工作要点 and the plan on the next lines) reads as prose by its
  // length and lines, yet starts with its keyword: it is the command wherever it is sent.
  if (exact.kind === "import_plan") return { kind: "command", command: exact };
  // An answer to a prompt or in a walk is text when it reads as text, whatever word it starts with.
  if (input.context !== "mention" && prose && !/^[/／]/.test(text)) return { kind: "text" };
  if (exact.kind === "invalid") {
    const near = resembleCommand(input);
    if (near) return { kind: "suggest", command: near.command, canonical: near.canonical };
    return { kind: "invalid", command: exact.command, message: exact.message };
  }
  if (exact.kind !== "not_command") {
    if (input.context !== "mention" && FREE_TEXT.has(exact.kind)) return { kind: "suggest", command: exact, canonical: text.replace(/\s+/g, " ") };
    return { kind: "command", command: exact };
  }
  if (prose) return { kind: "text" };
  const near = resembleCommand(input);
  if (near) return near.runDirectly ? { kind: "command", command: near.command, canonical: near.canonical } : { kind: "suggest", command: near.command, canonical: near.canonical };
  return input.context === "mention" ? { kind: "unclear" } : { kind: "text" };
}
