// A section's history: every version (revision), numbered as 恢复 takes them, oldest first, with what it did and
// who did it; the recent ones carry a 恢复 button that makes that version current again (as a new version).
import type { Card, CardElement } from "./kit/types.js";
import { escapeMd, personMd, truncate } from "./kit/text.js";
import { button, card, column, columns, md, note, panel } from "./kit/elements.js";

export interface HistoryRevision {
  /** Version number (1-based), as 恢复 <节> <n> takes it. */
  n?: number;
  /** Already formatted, e.g. "11月16日 09:30". */
  at: string;
  author: { openId?: string; name?: string };
  action: "added" | "replaced" | "removed" | "restored";
  /** The text this revision wrote (empty for a removal). */
  text: string;
  /** Shown after the action ("沿用2023年文字"). */
  note?: string;
  /** For a 恢复: the version it brought back. */
  restoredFrom?: number | null;
  /** Whether 恢复 can bring this version back (it has text and is not what the section reads now). */
  restorable?: boolean;
}

export interface HistoryProps {
  heading: string;
  /** With both, restorable versions get a 恢复 button. */
  reportId?: string;
  sectionKey?: string;
  /** The section's command address, for the hint ("二", "一（二）"). */
  label?: string;
  revisions: HistoryRevision[];
}

const ACTION: Record<HistoryRevision["action"], string> = { added: "新增", replaced: "替换", removed: "撤销", restored: "恢复" };
const SHOWN = 40;
/** Versions (the most recent) that get their own line with a 恢复 button; older ones are listed. */
const WITH_BUTTONS = 10;

function line(r: HistoryRevision, n: number): string {
  const what = r.restoredFrom ? `恢复第 ${r.restoredFrom} 版` : ACTION[r.action];
  const excerpt = r.action === "removed" ? "" : `：${escapeMd(truncate(r.text.replace(/\s+/g, " "), 60))}`;
  return `**第 ${n} 版** ${escapeMd(r.at)} ${personMd(r.author)} ${what}${r.note ? `（${escapeMd(r.note)}）` : ""}${excerpt}`;
}

export function historyCard(p: HistoryProps): Card {
  const els: CardElement[] = [];
  if (p.revisions.length === 0) els.push(md("该部分还没有任何内容。"));
  const recent = p.revisions.slice(-SHOWN);
  const first = p.revisions.length - recent.length;
  const numbered = recent.map((r, i) => ({ r, n: r.n ?? first + i + 1 }));
  const older = numbered.slice(0, Math.max(0, numbered.length - WITH_BUTTONS));
  const latest = numbered.slice(older.length);
  if (older.length > 0) els.push(panel(`较早的 ${older.length} 个版本`, [md(older.map((x) => line(x.r, x.n)).join("\n"))]));
  const buttons = p.reportId !== undefined && p.sectionKey !== undefined;
  for (const { r, n } of latest) {
    if (buttons && r.restorable) {
      els.push(
        columns([
          column([md(line(r, n))], { width: "weighted", weight: 5 }),
          column([button({ text: { zh: "恢复", en: "Restore" }, role: "normal", size: "small", action: { a: "restore", r: p.reportId!, s: p.sectionKey!, n } })], { width: "auto" }),
        ]),
      );
    } else els.push(md(line(r, n)));
  }
  if (p.revisions.length > SHOWN) els.push(note(`共 ${p.revisions.length} 个版本，仅显示最近 ${SHOWN} 个`));
  const hint = p.label ? escapeMd(`也可发送“恢复 ${p.label} <版本号>”。`) : "";
  els.push(note(`每次修改都会保留；恢复某一版会把本节改回那一版的全文，作为新版本保存。${hint}`));
  return card({ header: { title: { zh: `修订记录 · ${p.heading}`, en: `History · ${p.heading}` }, tone: "neutral" }, elements: els });
}
