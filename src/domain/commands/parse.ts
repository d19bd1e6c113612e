// Chat commands: Chinese keywords ("截止 2026-11-20") and slash forms ("/deadline 2026-11-20").
// The bot's own @mention has already been removed from the text; other mentions appear as "@_user_N"
// placeholders resolved through `mentions`. Section arguments stay raw (resolve them with parseSectionAddress).
import { charLength } from "../text.js";
import { invalid, type Command, type CommandInput } from "./command.js";
import { SPECS, ZH_KEYWORDS, run } from "./table.js";
import { normalizeSpaces, toHalfWidth } from "./tokens.js";

/** Longest Chinese command text accepted; longer single lines are treated as answers. */
const MAX_ZH_COMMAND_LENGTH = 150;

/** Parses a chat message into a command, `not_command` (an answer) or `invalid` (a command with bad arguments). */
export function parseCommand(input: CommandInput): Command {
  const text = normalizeSpaces(input.text);
  if (!text) return { kind: "not_command" };
  const multiline = /\n\s*\S/.test(input.text.trim());

  // Slash forms: "/deadline 2026-11-20", full-width "／" tolerated.
  const slash = /^[/／]([A-Za-z][A-Za-z_-]*)(?:\s+([\s\S]*))?$/.exec(text);
  if (slash) {
    const name = slash[1]!.toLowerCase();
    const spec = SPECS.find((s) => s.slash.includes(name));
    if (!spec) return invalid(`/${name}`, `未知命令「/${name}」，发送“帮助”查看可用命令`);
    const raw = /^\s*[/／][A-Za-z_-]+([\s\S]*)$/.exec(input.text)?.[1] ?? "";
    const args = spec.multiline ? raw.trim() : normalizeSpaces(slash[2] ?? "");
    return run(spec, args, input, true) ?? { kind: "not_command" };
  }

  // A pasted text after its command keyword ("导入工作要点\n一、……"): the lines as written.
  const raw = input.text.replace(/^[\s\u3000]+/, "");
  for (const { kw, spec } of ZH_KEYWORDS) {
    if (!spec.multiline || !raw.startsWith(kw)) continue;
    const after = raw.slice(kw.length);
    if (after !== "" && !/^[\s:：]/.test(after)) continue;
    return spec.parse!(after.replace(/^[\s:：]+/, ""), input);
  }

  if (multiline || charLength(text) > MAX_ZH_COMMAND_LENGTH) return { kind: "not_command" };
  for (const { kw, spec } of ZH_KEYWORDS) {
    if (!text.startsWith(kw)) continue;
    const after = text.slice(kw.length);
    let args: string;
    let adjacent = false;
    if (after === "") args = "";
    else if (/^[\s:：]/.test(after)) args = after.replace(/^[\s:：]+/, "").trim();
    else if (/^[!！。.?？]+$/.test(after) && spec.noArgs) args = "";
    else if (spec.adjacent && spec.adjacent.test(toHalfWidth(after.trim()))) {
      args = after.trim();
      adjacent = true;
    } else continue;
    // An answer that happens to start with a keyword ("报告 如下。") ends like a sentence.
    if (args && /[。！？]$/.test(args) && !spec.multiline) return { kind: "not_command" };
    const result = run(spec, args, input, false);
    if (result === null) return { kind: "not_command" };
    if (adjacent && result.kind === "invalid") return { kind: "not_command" };
    return result;
  }
  return { kind: "not_command" };
}
