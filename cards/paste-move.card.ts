// Text pasted into one part that starts with the heading of another mandated part: move it there, or keep it here.
import type { Card } from "./kit/types.js";
import { escapeMd, truncate } from "./kit/text.js";
import { button, buttonRow, card, md, note } from "./kit/elements.js";

export interface PasteMoveProps {
  pendingId: string;
  reportId: string;
  /** What the heading names, e.g. "不足". */
  itemLabel: string;
  /** The heading as pasted. */
  pastedHeading: string;
  target: { heading: string };
  here: { heading: string };
}

export function pasteMoveCard(p: PasteMoveProps): Card {
  return card({
    header: { title: "要放到别的部分吗？", tone: "attention" },
    elements: [
      md(`这段内容像是「${escapeMd(p.itemLabel)}」部分，要放到 **${escapeMd(truncate(p.target.heading, 40))}** 吗？`),
      note(`开头的标题：${escapeMd(truncate(p.pastedHeading, 60))}　　回复的是：${escapeMd(truncate(p.here.heading, 40))}`),
      buttonRow([
        button({ text: `放到 ${truncate(p.target.heading, 16)}`, role: "main", action: { a: "move_text", r: p.reportId, p: p.pendingId } }),
        button({ text: "留在这里", action: { a: "keep_text", r: p.reportId, p: p.pendingId } }),
      ]),
    ],
    summary: "这段内容要放到哪一部分？",
  });
}
