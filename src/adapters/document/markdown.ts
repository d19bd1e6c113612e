/**
 * Renders a ReportDocument as CommonMark with the same content as the .docx (both come from layoutReport):
 * title as "#", level-1 headings as "##", level-2 as "###", level-3/4 heading lines and all run-in lead-ins in bold,
 * the signature (office, date) at the end, the appendix as a table after a rule.
 * All text is escaped, so "**区" placeholders, "1." at line start, "<", "&", "|" print literally.
 */
import { layoutReport, type Block } from "./assemble.js";
import type { ReportDocument } from "../../domain/report-document.js";

/** Backslash-escapes the ASCII punctuation that could start Markdown syntax anywhere in a line. */
export function escapeMarkdown(s: string): string {
  let out = s.replace(/[\\`*_[\]<>&|~#]/g, (c) => `\\${c}`);
  // Line starts that would make a heading, quote, list item or rule.
  out = out.replace(/^(\s*)([#>+\-=])/, "$1\\$2");
  out = out.replace(/^(\s*\d+)([.)])/, "$1\\$2");
  return out;
}

/** A whole line in bold. At the end of a line "**" closes even after punctuation. */
function boldLine(s: string): string {
  const t = escapeMarkdown(s);
  return t.trim() === "" ? t : `**${t}**`;
}

/**
 * A run-in lead-in in bold, followed by more text. CommonMark does not close "**" that follows punctuation and
 * precedes a letter ("**（一）强化组织领导。**年初" stays literal), so trailing punctuation goes outside the bold.
 */
function boldLeadIn(s: string): string {
  const m = /^(.*?)([\p{P}\p{S}\s]*)$/u.exec(s);
  const core = m?.[1] ?? s;
  const tail = m?.[2] ?? "";
  if (core === "") return escapeMarkdown(s);
  return `**${escapeMarkdown(core)}**${escapeMarkdown(tail)}`;
}

function blockToMarkdown(b: Block): string | null {
  switch (b.type) {
    case "title":
      return null; // joined into one "#" line by renderMarkdown
    case "blank":
      return null;
    case "recipient":
      return escapeMarkdown(b.text);
    case "heading":
      if (b.level === 1) return `## ${escapeMarkdown(b.text)}`;
      if (b.level === 2) return `### ${escapeMarkdown(b.text)}`;
      return boldLine(b.text);
    case "paragraph":
      return b.leadIn ? `${boldLeadIn(b.leadIn.text)}${escapeMarkdown(b.text)}` : escapeMarkdown(b.text);
    case "placeholder":
      return escapeMarkdown(b.text);
    case "attachmentNote":
      return escapeMarkdown(b.text);
    case "signature":
      // Two lines of one paragraph (hard line break), as the 署名 sits directly above the date.
      return `${escapeMarkdown(b.office)}  \n${escapeMarkdown(b.date)}`;
    case "appendix": {
      const parts = ["---", "附件", `## ${escapeMarkdown(b.title)}`];
      const cols = Math.max(0, ...b.rows.map((r) => r.length));
      if (cols > 0) {
        const row = (r: readonly string[]) =>
          `| ${Array.from({ length: cols }, (_, i) => escapeMarkdown(r[i] ?? "")).join(" | ")} |`;
        const [head, ...rest] = b.rows;
        parts.push([row(head ?? []), `|${" --- |".repeat(cols)}`, ...rest.map(row)].join("\n"));
      }
      return parts.join("\n\n");
    }
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const blocks = layoutReport(doc);
  const title = blocks
    .filter((b): b is Extract<Block, { type: "title" }> => b.type === "title")
    .map((b) => b.text)
    .join("");
  const out: string[] = [`# ${escapeMarkdown(title)}`];
  for (const b of blocks) {
    const md = blockToMarkdown(b);
    if (md !== null) out.push(md);
  }
  return `${out.join("\n\n")}\n`;
}
