// Importing a whole report: what was recognised in the pasted text or the file, and the choice to import it (into
// the group's report, a new one, or — from a private chat — one of the sender's reports); then, for a report that
// already has text, replace or fill only the empty sections; then the outcome.
import type { Card, CardElement } from "./kit/types.js";
import { escapeMd, truncate } from "./kit/text.js";
import { type ButtonInput, button, buttonRow, card, md, note } from "./kit/elements.js";
import { NEW_REPORT } from "./action.js";

export interface ImportSummary {
  /** The report title found in the document. */
  title?: string;
  fileName?: string;
  /** Whether the document has an opening (导语) before its first part. */
  preamble: boolean;
  parts: { heading: string; subsections: number; placeholders: number; added: boolean }[];
  /** Sub-sections the outline will get (（一）（二）… headings). */
  subsections: number;
  /** The signature as written (office, date), when there is one. */
  signature?: string;
  placeholders: number;
  year?: number;
  issuer?: string;
}

const CN = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];
const count = (n: number) => (n >= 0 && n <= 10 ? CN[n]! : String(n));

/** "识别出：标题 · 开头 · 五个部分 · 小标题 14 个 · 落款 · 占位符 79 处" and the parts, one line each. */
export function importSummaryLines(s: ImportSummary): string[] {
  const found = [
    s.title ? "标题" : null,
    s.preamble ? "开头" : null,
    `${count(s.parts.length)}个部分`,
    `小标题 ${s.subsections} 个`,
    s.signature ? "落款" : null,
    `占位符 ${s.placeholders} 处`,
  ].filter((x): x is string => x !== null);
  const lines = [`**识别出**：${found.join(" · ")}`];
  if (s.title) lines.push(`标题：${escapeMd(s.title)}`);
  const meta = [s.issuer ? `发文机关：${escapeMd(s.issuer)}` : null, s.year ? `年度：${s.year}` : null, s.signature ? `落款：${escapeMd(s.signature)}` : null].filter(Boolean);
  if (meta.length > 0) lines.push(meta.join("　"));
  for (const p of s.parts) {
    const extra = [p.subsections > 0 ? `${p.subsections} 个小标题` : null, p.placeholders > 0 ? `占位符 ${p.placeholders} 处` : null, p.added ? "模板外的部分，将作为新增部分" : null].filter(Boolean);
    lines.push(`　${escapeMd(truncate(p.heading, 40))}${extra.length ? `（${extra.join("，")}）` : ""}`);
  }
  return lines;
}

export interface ImportConfirmProps {
  pendingId: string;
  summary: ImportSummary;
  /** Reports it can go into: one 导入 button each. Empty: `noTarget` explains what to do. */
  targets: { reportId: string; title: string }[];
  /** A group without a report: 导入 creates one. */
  createReport?: boolean;
  noTarget?: string;
  /** The message was answering a section: also offer to save it there as it is. */
  keep?: { reportId: string; heading: string };
}

export function importConfirmCard(p: ImportConfirmProps): Card {
  const els: CardElement[] = [md(importSummaryLines(p.summary).join("\n"))];
  const buttons: ButtonInput[] = [];
  if (p.createReport) {
    buttons.push({ text: "新建报告并导入", role: "main", action: { a: "import", r: NEW_REPORT, p: p.pendingId } });
  } else if (p.targets.length === 1) {
    els.push(md(`导入到：**${escapeMd(p.targets[0]!.title)}**`));
    buttons.push({ text: "导入", role: "main", action: { a: "import", r: p.targets[0]!.reportId, p: p.pendingId } });
  } else {
    if (p.targets.length > 1) els.push(md("要导入到哪份报告？"));
    for (const t of p.targets) buttons.push({ text: `导入到《${truncate(t.title, 30)}》`, role: "main", action: { a: "import", r: t.reportId, p: p.pendingId } });
  }
  if (p.noTarget) els.push(md(escapeMd(p.noTarget)));
  if (p.keep) buttons.push({ text: `不导入，保存到「${truncate(p.keep.heading, 16)}」`, action: { a: "keep_text", r: p.keep.reportId, p: p.pendingId } });
  if (buttons.length > 0) {
    buttons.push({ text: "取消", action: { a: "import_cancel", r: p.targets[0]?.reportId ?? p.keep?.reportId ?? NEW_REPORT, p: p.pendingId } });
    els.push(buttonRow(buttons.map(button)));
    els.push(note("导入后，报告采用文档自己的部分顺序、标题和小标题；各节内容记为发送人的填写，可在「历史」中查看，也可「撤销」。"));
  }
  return card({
    header: { title: p.summary.title ? "导入报告" : "识别出一份完整报告", subtitle: p.summary.fileName ? truncate(p.summary.fileName, 60) : undefined, tone: "collecting" },
    elements: els,
    summary: "导入报告",
  });
}

export interface ImportModeProps {
  pendingId: string;
  reportId: string;
  reportTitle: string;
  /** Sections of the report that already have text. */
  written: number;
}

/** The report already has text: replace it, or fill only the empty sections. */
export function importModeCard(p: ImportModeProps): Card {
  return card({
    header: { title: "报告中已有内容", tone: "attention" },
    elements: [
      md(`《${escapeMd(p.reportTitle)}》已有 ${p.written} 节填写了内容。`),
      md("**替换**：文档中有的部分都改用文档的内容。\n**只填空白**：已有内容的节保持不变，只把文档内容填入空白的节。"),
      note("两种方式都不会丢失内容：原来的内容保留在修订记录中（「历史 <节>」）。"),
      buttonRow([
        button({ text: "替换", role: "danger", action: { a: "import_replace", r: p.reportId, p: p.pendingId } }),
        button({ text: "只填空白", role: "main", action: { a: "import_fill", r: p.reportId, p: p.pendingId } }),
        button({ text: "取消", action: { a: "import_cancel", r: p.reportId, p: p.pendingId } }),
      ]),
    ],
    summary: "导入：替换还是只填空白？",
  });
}

/** The outcome, replacing the card that was clicked. */
export function importDoneCard(p: { title: string; lines: string[]; reportId?: string; tone?: "approved" | "neutral" }): Card {
  const els: CardElement[] = [md(p.lines.join("\n"))];
  if (p.reportId) els.push(buttonRow([button({ text: "查看进度", action: { a: "status", r: p.reportId } })]));
  return card({ header: { title: p.title, tone: p.tone ?? "approved" }, elements: els, summary: p.title });
}
