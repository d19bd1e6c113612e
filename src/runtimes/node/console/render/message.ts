// Renders a chat message for the console: a card (card.ts), text with mentions, a post, or a file link; and the
// one-line snippet the reply quotes and the chat list show.
import { truncate } from "../../../../../cards/index.js";
import { renderCard } from "./card.js";
import { arr, attr, escapeHtml, isObj, safeUrl, str, type RenderContext } from "./html.js";
import { atHtml, AT_USER, renderMarkdown, renderPlain } from "./markdown.js";

export interface RenderableMessage {
  messageId: string;
  msgType: string;
  content: string;
  fileName?: string;
  fileBytes?: Uint8Array;
}

function renderPostNode(n: unknown, ctx: RenderContext): string {
  if (!isObj(n)) return "";
  switch (n.tag) {
    case "text":
      return renderPlain(str(n.text));
    case "md":
      return renderMarkdown(str(n.text), ctx);
    case "a": {
      const url = safeUrl(str(n.href));
      return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(str(n.text))}</a>` : escapeHtml(str(n.text));
    }
    case "at":
      return atHtml([str(n.user_id)], ctx);
    case "hr":
      return `<hr class="hb-hr">`;
    case "emotion":
      return `[${escapeHtml(str(n.emoji_type))}]`;
    default:
      return "";
  }
}

/** Renders a text message's text: escaped; `<at user_id="…">` becomes the person's name. */
export function renderTextMessage(text: string, ctx: RenderContext): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const m = text[i] === "<" ? AT_USER.exec(text.slice(i)) : null;
    if (m) {
      out += atHtml([m[1]!], ctx);
      i += m[0].length;
    } else {
      const next = text.indexOf("<", i + 1);
      const end = next < 0 ? text.length : next;
      out += renderPlain(text.slice(i, end));
      i = end;
    }
  }
  return out;
}

/** The body of a chat message: a rendered card, text, post or file link. */
export function renderMessageBody(m: RenderableMessage, ctx: RenderContext, opts: { fileUrl?: (messageId: string) => string } = {}): string {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(m.content);
  } catch {
    parsed = null;
  }
  switch (m.msgType) {
    case "interactive":
      return renderCard(parsed ?? m.content, ctx);
    case "text":
      return `<div class="hb-text">${renderTextMessage(isObj(parsed) ? str(parsed.text) : m.content, ctx)}</div>`;
    case "post": {
      const p = isObj(parsed) ? parsed : {};
      const body = isObj(p.content) || Array.isArray(p.content) ? p : isObj(p.zh_cn) ? p.zh_cn : isObj(p.en_us) ? p.en_us : p;
      let s = `<div class="hb-text hb-post">`;
      if (str(body.title)) s += `<div class="hb-post-title">${escapeHtml(str(body.title))}</div>`;
      for (const para of arr(body.content)) s += `<div>${arr(para).map((n) => renderPostNode(n, ctx)).join("")}</div>`;
      return s + `</div>`;
    }
    case "file": {
      const name = m.fileName ?? (isObj(parsed) ? str(parsed.file_name) : "") ?? "文件";
      const size = m.fileBytes ? ` · ${formatSize(m.fileBytes.byteLength)}` : "";
      const href = opts.fileUrl?.(m.messageId);
      const label = `<span class="hb-file-icon">📄</span><span class="hb-file-name">${escapeHtml(name || "文件")}</span><span class="hb-file-size">${escapeHtml(size)}</span>`;
      return href && m.fileBytes
        ? `<a class="hb-file" href="${escapeHtml(href)}"${attr("download", name || "file")}>${label}</a>`
        : `<div class="hb-file hb-file-missing">${label}</div>`;
    }
    default:
      return `<div class="hb-unknown">不支持的消息类型：${escapeHtml(m.msgType)}</div>`;
  }
}

export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** One line of text summarising a message (reply quotes, chat list). */
export function messageSnippet(m: RenderableMessage, max = 40): string {
  let s = "";
  try {
    const p = JSON.parse(m.content) as unknown;
    if (m.msgType === "text" && isObj(p)) s = str(p.text).replace(/<at user_id=['"]?[^>]*>([^<]*)<\/at>/g, "@$1");
    else if (m.msgType === "interactive" && isObj(p)) s = `[卡片] ${isObj(p.header) && isObj(p.header.title) ? str(p.header.title.content) : ""}`;
    else if (m.msgType === "file") s = `[文件] ${m.fileName ?? ""}`;
    else if (m.msgType === "post") s = "[富文本]";
  } catch {
    s = m.content;
  }
  s = s.replace(/\s+/g, " ").trim();
  return truncate(s, max);
}
