// Compact receipt after an answer is saved.
import type { SectionStatus } from "../src/domain/model.js";
import type { ButtonElement, Card, CardElement } from "./kit/types.js";
import { type Person, escapeMd, formatCount, personMd, truncate } from "./kit/text.js";
import { SECTION_STATUS_MARK, SECTION_STATUS_WORD } from "../src/domain/vocabulary.js";
import { button, buttonRow, card, md } from "./kit/elements.js";

export interface AnswerReceiptProps {
  reportId: string;
  stateVersion: number;
  sectionKey: string;
  /** "一（二）深化放管服改革". */
  heading: string;
  mode: "append" | "replace";
  /** Characters added by this answer. */
  added: number;
  /** Characters in the section now. */
  total: number;
  minLength?: number;
  status: SectionStatus;
  author?: Person;
  warnings?: string[];
  /** The next section to fill in, or null when everything has been visited. */
  next?: { key: string; heading: string } | null;
  /** The report's title, when the chat alone does not say which report (private chats). */
  reportTitle?: string;
}

export function answerReceiptCard(p: AnswerReceiptProps): Card {
  const r = p.reportId;
  const rv = p.stateVersion;
  const verb = p.mode === "append" ? `追加 ${formatCount(p.added)} 字` : `替换为 ${formatCount(p.added)} 字`;
  const verbEn = p.mode === "append" ? `appended ${formatCount(p.added)} chars` : `replaced with ${formatCount(p.added)} chars`;
  const of = p.minLength ? `${formatCount(p.total)}/${formatCount(p.minLength)}` : formatCount(p.total);
  const by = p.author ? `${personMd(p.author)} ` : "";
  const st = SECTION_STATUS_WORD[p.status];

  const els: CardElement[] = [];
  if (p.reportTitle) els.push(md(`《${escapeMd(truncate(p.reportTitle, 60))}》**${escapeMd(p.heading)}**`));
  els.push(
    md({
      zh: `${by}已${verb}，本节共 ${of} 字 · ${SECTION_STATUS_MARK[p.status]} ${st.zh}`,
      en: `${by}${verbEn}; section now ${of} chars · ${SECTION_STATUS_MARK[p.status]} ${st.en}`,
    }),
  );
  const ws = p.warnings ?? [];
  if (ws.length > 0) {
    const lines = ws.slice(0, 3).map((w) => `<font color='orange'>⚠️ ${escapeMd(truncate(w, 80))}</font>`);
    if (ws.length > 3) lines.push(`<font color='orange'>… 另有 ${ws.length - 3} 条</font>`);
    els.push(md(lines.join("\n")));
  }

  const buttons: ButtonElement[] = [];
  if (p.next) {
    els.push(md({ zh: `下一节：**${escapeMd(p.next.heading)}**`, en: `Next: **${escapeMd(p.next.heading)}**` }));
    buttons.push(button({ text: { zh: "下一节", en: "Next section" }, role: "main", action: { a: "next", r, s: p.sectionKey, rv } }));
    buttons.push(button({ text: { zh: "查看进度", en: "Progress" }, role: "quiet", action: { a: "status", r, rv } }));
  } else {
    els.push(md({ zh: "各部分都已过一遍，可查看进度或提交审批。", en: "Every section has been visited; check progress or submit." }));
    buttons.push(button({ text: { zh: "查看进度", en: "Progress" }, role: "main", action: { a: "status", r, rv } }));
  }
  els.push(buttonRow(buttons));

  return card({
    header: {
      title: { zh: `已保存：${truncate(p.heading, 40)}`, en: `Saved: ${truncate(p.heading, 40)}` },
      tone: ws.length > 0 || p.status === "attention" ? "attention" : "collecting",
      tags: [{ text: st, color: p.status === "complete" ? "green" : p.status === "empty" ? "neutral" : "orange" }],
    },
    elements: els,
    summary: `已保存：${p.heading}`,
    widthMode: "compact",
  });
}
