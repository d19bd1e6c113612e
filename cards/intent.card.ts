// Asking what a message meant, with one tap for each answer: "你是想：截止 2026-12-20 吗？ [是] [不是，作为正文保存]",
// a command with bad arguments (with 作为正文保存 when it may have been text), a short message to the bot, a private
// message that could go to several sections, a setting that needs confirming. The text itself is kept by the app
// (a pending row keyed by the message), so the buttons only carry its id.
import type { Card, CardElement } from "./kit/types.js";
import { escapeMd, escapeMdBlock, quoteMd, truncate } from "./kit/text.js";
import { type ButtonInput, button, buttonRow, card, md, note } from "./kit/elements.js";

interface IntentBase {
  /** The report the message is about (the button values' `r`; "none" when there is none yet). */
  reportId: string;
  /** The pending message's id. */
  pendingId: string;
  /** What the person sent. */
  text: string;
  /** Where 作为正文保存 puts it ("一（二）深化“放管服”改革"); absent: there is nowhere to save it. */
  target?: string;
}

export type IntentCardProps =
  | (IntentBase & { variant: "suggest"; command: string })
  | (IntentBase & { variant: "invalid"; message: string })
  | (IntentBase & { variant: "unclear" })
  | (IntentBase & { variant: "choose"; sections: { reportId: string; key: string; heading: string }[] })
  | (IntentBase & { variant: "confirm"; question: string; confirm: string })
  | { variant: "resolved"; text: string; outcome: string };

const SHOWN = 80;
/** Section buttons on the choose card, at most. */
export const MAX_CHOICES = 8;

function quoted(text: string): CardElement {
  return md(quoteMd(truncate(text.replace(/\s+/g, " "), SHOWN)));
}

export function intentCard(p: IntentCardProps): Card {
  if (p.variant === "resolved") {
    return card({
      header: { title: { zh: "已处理", en: "Done" }, tone: "neutral" },
      elements: [quoted(p.text), md(escapeMd(p.outcome))],
      summary: "已处理",
      widthMode: "compact",
    });
  }
  const r = p.reportId;
  const pid = p.pendingId;
  const asText: ButtonInput | null = p.target
    ? { text: { zh: p.variant === "suggest" ? "不是，作为正文保存" : "作为正文保存", en: "Save as text" }, role: p.variant === "unclear" ? "main" : "normal", action: { a: "intent_text", r, p: pid } }
    : null;
  const els: CardElement[] = [];
  let title: string;
  let buttons: ButtonInput[] = [];
  switch (p.variant) {
    case "suggest":
      title = "你是想用命令吗？";
      els.push(md(`你是想：**${escapeMd(p.command)}** 吗？`));
      els.push(quoted(p.text));
      buttons.push({ text: { zh: "是", en: "Yes" }, role: "main", action: { a: "intent_run", r, p: pid } });
      break;
    case "invalid":
      title = "没看懂这个命令";
      els.push(md(escapeMdBlock(p.message)));
      els.push(quoted(p.text));
      break;
    case "unclear":
      title = "要保存这段话吗？";
      els.push(quoted(p.text));
      els.push(md(p.target ? `要把它作为正文保存到「${escapeMd(p.target)}」吗？` : "这不像一个命令。"));
      els.push(note("发送“帮助”查看全部命令。"));
      break;
    case "choose":
      title = "要保存到哪一部分？";
      els.push(md("你负责多个部分，请选择这段内容保存到哪里："));
      els.push(quoted(p.text));
      buttons = p.sections.slice(0, MAX_CHOICES).map((s) => ({ text: truncate(s.heading, 20), role: "normal" as const, action: { a: "intent_text" as const, r: s.reportId, s: s.key, p: pid } }));
      break;
    case "confirm":
      title = "请确认";
      els.push(md(escapeMdBlock(p.question)));
      buttons.push({ text: p.confirm, role: "danger", action: { a: "intent_run", r, p: pid } });
      break;
  }
  if (asText) buttons.push(asText);
  if (p.target && p.variant !== "unclear") els.push(note(`作为正文保存：保存到「${escapeMd(p.target)}」。`));
  if (buttons.length > 0) {
    // Lark shows at most a few buttons on one row comfortably; section choices go two by two.
    for (let i = 0; i < buttons.length; i += p.variant === "choose" ? 2 : 3) els.push(buttonRow(buttons.slice(i, i + (p.variant === "choose" ? 2 : 3)).map(button)));
  }
  return card({ header: { title, tone: p.variant === "confirm" || p.variant === "invalid" ? "attention" : "neutral" }, elements: els, summary: title, widthMode: "compact" });
}
