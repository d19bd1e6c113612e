// Export result: version, hash, download links.
import { type ButtonElement, type Card, type CardElement, button, buttonRow, card, escapeMd, md, note, truncate } from "./kit.js";

export interface ReportReadyProps {
  title: string;
  /** Document version number. */
  version: number;
  /** Full content hash (hex); shown shortened. */
  hash: string;
  /** Signed download links (http/https). */
  docxUrl?: string;
  mdUrl?: string;
  /** Already formatted, e.g. "1月8日 10:20". */
  generatedAt?: string;
  /** Days the links stay valid. Default 7. */
  validDays?: number;
  /** Remind users that "导出 文件" sends the file into the chat. Default true. */
  showFileOption?: boolean;
  /** Whether this version is unchanged from the last export. */
  unchanged?: boolean;
}

export const SHORT_HASH = 8;

export function reportReadyCard(p: ReportReadyProps): Card {
  const short = p.hash.replace(/[^0-9a-fA-F]/g, "").slice(0, SHORT_HASH).toLowerCase();
  const days = p.validDays ?? 7;
  const els: CardElement[] = [];
  const lines = [`**版本** 第 ${p.version} 版 · 校验码 ${short}`];
  if (p.generatedAt) lines.push(`生成于 ${escapeMd(p.generatedAt)}`);
  if (p.unchanged) lines.push("内容与上次导出相同。");
  els.push(md(lines.join("\n")));

  const buttons: ButtonElement[] = [];
  if (p.docxUrl) buttons.push(button({ text: { zh: "下载 Word（.docx）", en: "Download .docx" }, role: "main", url: p.docxUrl }));
  if (p.mdUrl) buttons.push(button({ text: { zh: "下载文本（.md）", en: "Download .md" }, role: "normal", url: p.mdUrl }));
  if (buttons.length > 0) {
    els.push(buttonRow(buttons));
    els.push(note({ zh: `链接 ${days} 天内有效。`, en: `Links are valid for ${days} days.` }));
  } else {
    els.push(md({ zh: "暂无下载链接。", en: "No download link available." }));
  }
  if (p.showFileOption !== false) {
    els.push(note({ zh: "如需在群内直接收到文件，请发送“导出 文件”。", en: "Send “导出 文件” to receive the file in this chat." }));
  }
  return card({
    header: {
      title: { zh: `报告已生成：${truncate(p.title, 50)}`, en: `Report ready: ${truncate(p.title, 50)}` },
      subtitle: { zh: `第 ${p.version} 版`, en: `Version ${p.version}` },
      tone: "approved",
    },
    elements: els,
    summary: `报告已生成（第 ${p.version} 版）`,
  });
}
