// Command help, grouped.
import type { Card, CardElement } from "./kit/types.js";
import { escapeMd } from "./kit/text.js";
import { card, md, note, panel } from "./kit/elements.js";

export interface HelpCommand {
  /** "写", "进度", … (shown as typed, e.g. "@汇报 写 一（二）"). */
  command: string;
  /** One alias or several (src/domain/commands/help.ts COMMAND_HELP uses a single string). */
  alias?: string | string[];
  example?: string;
  description: string;
  /** Group title, e.g. "填写", "查看", "审批", "设置". Commands keep their order within a group. */
  group?: string;
}

export interface HelpProps {
  commands: HelpCommand[];
  /** How a command is addressed, e.g. "@汇报 ". Default "". */
  prefix?: string;
  /** Extra line under the list. */
  footer?: string;
}

/** Groups beyond this many are folded into panels to keep the card short. */
const OPEN_GROUPS = 3;

function commandLine(c: HelpCommand, prefix: string): string {
  const parts = [`**${escapeMd(prefix + c.command)}** — ${escapeMd(c.description)}`];
  const extra: string[] = [];
  const aliases = typeof c.alias === "string" ? [c.alias] : (c.alias ?? []);
  if (aliases.length > 0 && aliases.some((a) => a !== "")) extra.push(`别名：${aliases.filter((a) => a !== "").map(escapeMd).join("、")}`);
  if (c.example) extra.push(`例：${escapeMd(prefix + c.example)}`);
  if (extra.length > 0) parts.push(`<font color='grey'>　${extra.join(" · ")}</font>`);
  return parts.join("\n");
}

export function helpCard(p: HelpProps): Card {
  const prefix = p.prefix ?? "";
  const groups = new Map<string, HelpCommand[]>();
  for (const c of p.commands) {
    const g = c.group ?? "其他";
    const list = groups.get(g) ?? [];
    list.push(c);
    groups.set(g, list);
  }
  const els: CardElement[] = [];
  let i = 0;
  for (const [g, list] of groups) {
    const body = list.map((c) => commandLine(c, prefix)).join("\n");
    if (i < OPEN_GROUPS) els.push(md(`**【${escapeMd(g)}】**\n${body}`));
    else els.push(panel(`**【${escapeMd(g)}】**（${list.length}）`, [md(body)]));
    i++;
  }
  if (els.length === 0) els.push(md({ zh: "暂无可用命令。", en: "No commands available." }));
  els.push(note(p.footer ? escapeMd(p.footer) : { zh: "在群里 @机器人 并输入命令；也可以直接回复卡片。", en: "Mention the bot with a command, or reply to a card." }));
  return card({
    header: { title: { zh: "使用帮助", en: "Help" }, subtitle: { zh: "汇报 · 常用命令", en: "huibao · commands" }, tone: "neutral" },
    elements: els,
    summary: "使用帮助",
  });
}
