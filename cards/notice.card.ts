// A plain information card: confirmations, lists (reports, templates), short notices.
import type { Card, CardElement, Txt } from "./kit/types.js";
import type { Tone } from "./kit/tone.js";
import { type ButtonInput, button, buttonRow, card, md, note } from "./kit/elements.js";

export interface NoticeProps {
  title: Txt;
  /** Markdown lines; callers escape user text. */
  lines: string[];
  tone?: Tone;
  footer?: string;
  buttons?: ButtonInput[];
}

export function noticeCard(p: NoticeProps): Card {
  const els: CardElement[] = [];
  if (p.lines.length > 0) els.push(md(p.lines.join("\n")));
  if (p.footer) els.push(note(p.footer));
  if (p.buttons && p.buttons.length > 0) els.push(buttonRow(p.buttons.map(button)));
  return card({ header: { title: p.title, tone: p.tone ?? "neutral" }, elements: els, summary: typeof p.title === "string" ? p.title : p.title.zh });
}
