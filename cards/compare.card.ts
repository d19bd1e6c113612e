// 对比: a section against last year — figures that changed, sentences added, removed and rewritten.
import type { Card, CardElement } from "./kit/types.js";
import { escapeMd, truncate } from "./kit/text.js";
import { card, md, note, panel } from "./kit/elements.js";

export interface CompareProps {
  heading: string;
  lastYear: number;
  thisYear: number;
  /** "学习 12 次 → 15 次". */
  figures: string[];
  added: string[];
  removed: string[];
  rewritten: { before: string; after: string }[];
  unchanged: number;
}

const MAX = 15;
const SENTENCE = 120;

function list(items: readonly string[]): string {
  const lines = items.slice(0, MAX).map((x) => `• ${escapeMd(truncate(x, SENTENCE))}`);
  if (items.length > MAX) lines.push(`…共 ${items.length} 句`);
  return lines.join("\n");
}

export function compareCard(p: CompareProps): Card {
  const els: CardElement[] = [];
  els.push(
    md(
      `与 ${p.lastYear} 年相比：数据变化 **${p.figures.length}** 处，新增 **${p.added.length}** 句，删去 **${p.removed.length}** 句，改写 **${p.rewritten.length}** 句，未变 ${p.unchanged} 句。`,
    ),
  );
  if (p.figures.length > 0) els.push(md(`**数据变化**\n${p.figures.slice(0, MAX).map((f) => `• ${escapeMd(f)}`).join("\n")}`));
  if (p.added.length > 0) els.push(panel(`➕ 新增（${p.added.length} 句）`, [md(list(p.added))], p.added.length <= 3));
  if (p.removed.length > 0) els.push(panel(`➖ 删去（${p.removed.length} 句）`, [md(list(p.removed))], p.removed.length <= 3));
  if (p.rewritten.length > 0) {
    const lines = p.rewritten.slice(0, MAX).map((x) => `去年：${escapeMd(truncate(x.before, SENTENCE))}\n今年：${escapeMd(truncate(x.after, SENTENCE))}`);
    els.push(panel(`✏️ 改写（${p.rewritten.length} 句）`, [md(lines.join("\n\n"))]));
  }
  if (p.figures.length + p.added.length + p.removed.length + p.rewritten.length === 0) els.push(md("与去年此节完全相同。"));
  els.push(note("按句比较（句号、分号、换行分句）；只有数字不同的句子列为数据变化。"));
  return card({ header: { title: { zh: `对比去年 · ${p.heading}`, en: `Against last year · ${p.heading}` }, subtitle: `${p.lastYear} → ${p.thisYear}`, tone: "neutral" }, elements: els });
}
