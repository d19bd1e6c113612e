// Export result: version, hash, download links.
import type { ButtonElement, Card, CardElement } from "./kit/types.js";
import { escapeMd, truncate } from "./kit/text.js";
import { button, buttonRow, card, md, note } from "./kit/elements.js";

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
  /** Unfinished parts (printed as 【待补充】) and placeholders, named by section (src/domain/gaps.ts). */
  gaps?: { summary: string; lines: string[] };
  /** With gaps: the report, for a 查看进度 button. */
  report?: { id: string; stateVersion: number };
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
  const gaps = p.gaps && p.gaps.lines.length > 0 ? p.gaps : null;
  if (gaps) {
    els.push(md(`<font color='orange'>⚠️ **尚未完成：${escapeMd(gaps.summary)}**</font>\n${gaps.lines.map((l) => `· ${escapeMd(l)}`).join("\n")}`));
    els.push(note({ zh: "待补充的部分在文档中以“【待补充】”标出；占位符原样保留，请补上实际内容后重新导出。", en: "Empty parts are marked 【待补充】; placeholders are kept as typed." }));
  }

  const buttons: ButtonElement[] = [];
  if (p.docxUrl) buttons.push(button({ text: { zh: "下载 Word（.docx）", en: "Download .docx" }, role: "main", url: p.docxUrl }));
  if (p.mdUrl) buttons.push(button({ text: { zh: "下载文本（.md）", en: "Download .md" }, role: "normal", url: p.mdUrl }));
  if (gaps && p.report) buttons.push(button({ text: { zh: "查看进度", en: "Progress" }, role: "quiet", action: { a: "status", r: p.report.id, rv: p.report.stateVersion } }));
  if (buttons.length > 0) els.push(buttonRow(buttons));
  if (p.docxUrl || p.mdUrl) {
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
      tone: gaps ? "attention" : "approved",
    },
    elements: els,
    summary: `报告已生成（第 ${p.version} 版）`,
  });
}
