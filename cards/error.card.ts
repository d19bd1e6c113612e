// Error / notice card.
import type { Card, CardElement, Txt } from "./kit/types.js";
import { escapeMdBlock, zh } from "./kit/text.js";
import { card, md, note } from "./kit/elements.js";

export interface ErrorCardProps {
  /** Header title. Default "出错了" / "提示". */
  title?: Txt;
  /** What went wrong, in plain words (escaped). */
  message: Txt;
  /** What to do next (escaped). */
  hint?: Txt;
  /** error = red header; warning = orange. Default error. */
  severity?: "error" | "warning";
  /** Reference for support, e.g. an event id. */
  reference?: string;
}

function esc(t: Txt): Txt {
  return typeof t === "string" ? escapeMdBlock(t) : t.en === undefined ? { zh: escapeMdBlock(t.zh) } : { zh: escapeMdBlock(t.zh), en: escapeMdBlock(t.en) };
}

export function errorCard(p: ErrorCardProps): Card {
  const severity = p.severity ?? "error";
  const title = p.title ?? (severity === "error" ? { zh: "出错了", en: "Something went wrong" } : { zh: "提示", en: "Notice" });
  const els: CardElement[] = [md(esc(p.message))];
  if (p.hint !== undefined) {
    const h = esc(p.hint);
    els.push(md(typeof h === "string" ? `💡 ${h}` : h.en === undefined ? `💡 ${h.zh}` : { zh: `💡 ${h.zh}`, en: `💡 ${h.en}` }));
  }
  if (p.reference) els.push(note(`编号：${escapeMdBlock(p.reference)}`));
  return card({
    header: { title, tone: severity === "error" ? "error" : "attention" },
    elements: els,
    summary: zh(title),
    widthMode: "compact",
  });
}
