// Lark markdown (card markdown, lark_md, post "md" nodes) as HTML. Everything is escaped; only a whitelisted subset
// (bold, italic, strike, code, links, <font>, <at>, <text_tag>, headings, quotes, lists, rules) becomes markup.
import { attr, colorKey, cssColor, escapeHtml, isObj, safeUrl, str, type RenderContext } from "./html.js";

interface OpenTag {
  kind: string;
  open: string;
  close: string;
}

const ENTITY = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,9});/i;
const AT_TAG = /^<at\s+(ids?)\s*=\s*['"]?([A-Za-z0-9_,\-\s]+?)['"]?\s*>([^<]*)<\/at>/i;
export const AT_USER = /^<at\s+user_id\s*=\s*['"]?([A-Za-z0-9_\-]+)['"]?\s*>([^<]*)<\/at>/i;
const PERSON_TAG = /^<person\s+id\s*=\s*['"]?([A-Za-z0-9_\-]+)['"]?[^>]*>\s*<\/person>/i;
const FONT_OPEN = /^<font\s+color\s*=\s*['"]?([^'">]+)['"]?\s*>/i;
const TAG_OPEN = /^<text_tag\s+color\s*=\s*['"]?([^'">]+)['"]?\s*>/i;
const LINK_OPEN = /^<link\s+([^>]*)>/i;
const DATETIME = /^<local_datetime\s+([^>]*)>\s*<\/local_datetime>/i;
const MD_LINK = /^\[([^\]\n]*)\]\(([^)\s]+)\)/;

function attrOf(attrs: string, name: string): string | undefined {
  const m = new RegExp(`${name}\\s*=\\s*(?:'([^']*)'|"([^"]*)"|([^\\s>]+))`, "i").exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

export function atHtml(ids: string[], ctx: RenderContext): string {
  return ids
    .map((raw) => {
      const id = raw.trim();
      if (id === "all") return `<span class="hb-at">@所有人</span>`;
      const name = ctx.nameOf(id);
      return `<span class="hb-at"${attr("data-open-id", id)}>@${escapeHtml(name ?? id)}</span>`;
    })
    .join(" ");
}

/** Inline markdown of one line. `stack` holds tags left open from earlier lines (fonts, links). */
function inline(line: string, ctx: RenderContext, stack: OpenTag[]): string {
  let out = "";
  const closeKind = (kind: string): boolean => {
    const j = stack.map((t) => t.kind).lastIndexOf(kind);
    if (j < 0) return false;
    const above = stack.slice(j + 1);
    for (let k = stack.length - 1; k >= j; k--) out += stack[k]!.close;
    stack.splice(j);
    for (const t of above) {
      out += t.open;
      stack.push(t);
    }
    return true;
  };
  const push = (t: OpenTag) => {
    out += t.open;
    stack.push(t);
  };
  const has = (kind: string) => stack.some((t) => t.kind === kind);
  let i = 0;
  while (i < line.length) {
    const rest = line.slice(i);
    const c = line[i]!;
    let m: RegExpExecArray | null;
    if (c === "&") {
      if ((m = ENTITY.exec(rest))) {
        out += m[0];
        i += m[0].length;
      } else {
        out += "&amp;";
        i++;
      }
      continue;
    }
    if (c === "<") {
      if ((m = AT_TAG.exec(rest))) {
        out += atHtml(m[2]!.split(","), ctx);
      } else if ((m = AT_USER.exec(rest))) {
        const name = ctx.nameOf(m[1]!) ?? (m[2] || m[1]!);
        out += `<span class="hb-at"${attr("data-open-id", m[1]!)}>@${escapeHtml(name)}</span>`;
      } else if ((m = PERSON_TAG.exec(rest))) {
        out += `<span class="hb-person">${escapeHtml(ctx.nameOf(m[1]!) ?? m[1]!)}</span>`;
      } else if ((m = FONT_OPEN.exec(rest))) {
        const color = cssColor(m[1]!);
        push({ kind: "font", open: color ? `<span style="color:${color}">` : "<span>", close: "</span>" });
      } else if ((m = /^<\/font\s*>/i.exec(rest))) {
        if (!closeKind("font")) out += "";
      } else if ((m = TAG_OPEN.exec(rest))) {
        push({ kind: "text_tag", open: `<span class="hb-tag hb-tag-${colorKey(m[1]!)}">`, close: "</span>" });
      } else if ((m = /^<\/text_tag\s*>/i.exec(rest))) {
        closeKind("text_tag");
      } else if ((m = LINK_OPEN.exec(rest))) {
        const url = safeUrl(attrOf(m[1]!, "pc_url") || attrOf(m[1]!, "url") || "");
        push({ kind: "link", open: url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">` : "<span>", close: url ? "</a>" : "</span>" });
      } else if ((m = /^<\/link\s*>/i.exec(rest))) {
        closeKind("link");
      } else if ((m = /^<br\s*\/?>/i.exec(rest))) {
        out += "<br>";
      } else if ((m = /^<hr\s*\/?>/i.exec(rest))) {
        out += `<hr class="hb-hr">`;
      } else if ((m = DATETIME.exec(rest))) {
        const ms = Number(attrOf(m[1]!, "millisecond") ?? "NaN");
        out += Number.isFinite(ms) ? escapeHtml(new Date(ms).toISOString().slice(0, 16).replace("T", " ")) : "";
      } else if ((m = /^<\/?number_tag[^>]*>/i.exec(rest))) {
        out += "";
      } else {
        out += "&lt;";
        i++;
        continue;
      }
      i += m[0].length;
      continue;
    }
    if (c === "*" && line[i + 1] === "*") {
      if (has("b")) closeKind("b");
      else if (line.indexOf("**", i + 2) > i + 2) push({ kind: "b", open: "<b>", close: "</b>" });
      else out += "**";
      i += 2;
      continue;
    }
    if (c === "~" && line[i + 1] === "~") {
      if (has("s")) closeKind("s");
      else if (line.indexOf("~~", i + 2) > i + 2) push({ kind: "s", open: "<s>", close: "</s>" });
      else out += "~~";
      i += 2;
      continue;
    }
    if (c === "*") {
      if (has("i")) closeKind("i");
      else if (line[i + 1] !== " " && line.indexOf("*", i + 1) > i + 1) push({ kind: "i", open: "<i>", close: "</i>" });
      else out += "*";
      i++;
      continue;
    }
    if (c === "`") {
      const end = line.indexOf("`", i + 1);
      if (end > i) {
        out += `<code>${escapeHtml(line.slice(i + 1, end))}</code>`;
        i = end + 1;
        continue;
      }
    }
    if (c === "[" && (m = MD_LINK.exec(rest))) {
      const url = safeUrl(m[2]!);
      const text = inline(m[1]!, ctx, []);
      out += url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">${text}</a>` : text;
      i += m[0].length;
      continue;
    }
    out += c === ">" ? "&gt;" : c === '"' ? "&quot;" : c === "'" ? "&#39;" : c;
    i++;
  }
  return out;
}

/** Lark card markdown to HTML (one block per line). */
export function renderMarkdown(content: string, ctx: RenderContext): string {
  const stack: OpenTag[] = [];
  const blocks: string[] = [];
  for (const raw of content.split(/\r?\n/)) {
    const reopen = stack.map((t) => t.open).join("");
    const wrap = (cls: string, text: string, style = "") => {
      const body = inline(text, ctx, stack);
      const close = [...stack].reverse().map((t) => t.close).join("");
      blocks.push(`<div class="${cls}"${style}>${reopen}${body}${close}</div>`);
    };
    let m: RegExpExecArray | null;
    if (/^\s*(-{3,}|\*{3,})\s*$/.test(raw)) blocks.push(`<hr class="hb-hr">`);
    else if (raw.trim() === "") blocks.push(`<div class="md-gap"></div>`);
    else if ((m = /^(#{1,6})\s+(.*)$/.exec(raw))) wrap(`md-h md-h${m[1]!.length}`, m[2]!);
    else if ((m = /^>\s?(.*)$/.exec(raw))) wrap("md-quote", m[1]!);
    else if ((m = /^(\s*)[-*+]\s+(.*)$/.exec(raw))) wrap("md-li", `• ${m[2]!}`, ` style="padding-left:${0.4 + Math.floor(m[1]!.length / 2) * 0.8}em"`);
    else if ((m = /^(\s*)(\d+)\.\s+(.*)$/.exec(raw))) wrap("md-li", `${m[2]!}. ${m[3]!}`, ` style="padding-left:${0.4 + Math.floor(m[1]!.length / 2) * 0.8}em"`);
    else wrap("md-p", raw);
  }
  return blocks.join("");
}

/** Plain text: escaped, line breaks kept. */
export function renderPlain(content: string): string {
  return escapeHtml(content).replace(/\r?\n/g, "<br>");
}

/** A plain_text, lark_md or markdown text object. */
export function textObj(t: unknown, ctx: RenderContext): string {
  if (!isObj(t)) return "";
  const content = str(t.content);
  return t.tag === "lark_md" || t.tag === "markdown" ? renderMarkdown(content, ctx) : renderPlain(content);
}
