// A section's answer history: every revision, oldest first, with what it did and who did it.
import { type Card, type CardElement, card, escapeMd, md, note, panel, personMd, truncate } from "./kit.js";

export interface HistoryRevision {
  /** Already formatted, e.g. "11月16日 09:30". */
  at: string;
  author: { openId?: string; name?: string };
  action: "added" | "replaced" | "removed" | "restored";
  text: string;
  /** Shown after the action ("沿用2023年文字"). */
  note?: string;
}

export interface HistoryProps {
  heading: string;
  revisions: HistoryRevision[];
}

const ACTION: Record<HistoryRevision["action"], string> = { added: "新增", replaced: "替换", removed: "撤销", restored: "恢复" };
const SHOWN = 40;

export function historyCard(p: HistoryProps): Card {
  const els: CardElement[] = [];
  if (p.revisions.length === 0) els.push(md("该部分还没有任何内容。"));
  const recent = p.revisions.slice(-SHOWN);
  const lines = recent.map((r, i) => {
    const n = p.revisions.length - recent.length + i + 1;
    const excerpt = r.action === "removed" ? "" : `：${escapeMd(truncate(r.text.replace(/\s+/g, " "), 60))}`;
    return `**${n}.** ${escapeMd(r.at)} ${personMd(r.author)} ${ACTION[r.action]}${r.note ? `（${escapeMd(r.note)}）` : ""}${excerpt}`;
  });
  if (lines.length > 12) {
    els.push(panel(`较早的 ${lines.length - 12} 条修订`, [md(lines.slice(0, -12).join("\n"))]));
    els.push(md(lines.slice(-12).join("\n")));
  } else if (lines.length > 0) els.push(md(lines.join("\n")));
  if (p.revisions.length > SHOWN) els.push(note(`共 ${p.revisions.length} 条修订，仅显示最近 ${SHOWN} 条`));
  els.push(note("每次修改都会保留，任何一版都可找回。"));
  return card({ header: { title: { zh: `修订记录 · ${p.heading}`, en: `History · ${p.heading}` }, tone: "neutral" }, elements: els });
}
