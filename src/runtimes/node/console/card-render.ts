// Renders what the bot sends (Card JSON 2.0, text, post and file messages) as HTML for the local console.
// Pure string building, no DOM and no Node APIs. Everything taken from a card is escaped; only a whitelisted
// subset of Lark markdown (bold, italic, strike, code, links, <font>, <at>, <text_tag>, headings, quotes,
// lists, rules) becomes markup. Interactive components carry their callback values in data-* attributes,
// which the console script turns into card.action.trigger callbacks.

export interface RenderContext {
  /** Display name for an open id (persona or bot); undefined when unknown. */
  nameOf(openId: string): string | undefined;
  /** Choices for person pickers that list no options of their own. */
  people: readonly { openId: string; name: string }[];
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

const attr = (name: string, value: string | undefined | null): string => (value === undefined || value === null ? "" : ` ${name}="${escapeHtml(value)}"`);

// ---------------------------------------------------------------------------------------------
// Colours

const PALETTE: Record<string, string> = {
  grey: "#8f959e",
  gray: "#8f959e",
  neutral: "#646a73",
  default: "#1f2329",
  red: "#f54a45",
  carmine: "#e22e5f",
  orange: "#ff8800",
  yellow: "#d6a100",
  lime: "#8fbf00",
  green: "#2ea121",
  turquoise: "#00a8a8",
  wathet: "#1aa3e6",
  blue: "#3370ff",
  indigo: "#4954e6",
  purple: "#8d55ed",
  violet: "#a83fd1",
};

/** A CSS colour for a Lark colour name or an explicit #hex / rgb(a)(); null for anything else. */
export function cssColor(c: string): string | null {
  const k = c.trim().toLowerCase();
  if (PALETTE[k]) return PALETTE[k]!;
  if (/^#[0-9a-f]{3,8}$/.test(k)) return k;
  if (/^rgba?\(\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*(,\s*[\d.]+\s*)?\)$/.test(k)) return k;
  return null;
}

const colorKey = (c: string) => (PALETTE[c.trim().toLowerCase()] ? c.trim().toLowerCase() : "neutral");

// ---------------------------------------------------------------------------------------------
// Markdown

interface OpenTag {
  kind: string;
  open: string;
  close: string;
}

const ENTITY = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,9});/i;
const AT_TAG = /^<at\s+(ids?)\s*=\s*['"]?([A-Za-z0-9_,\-\s]+?)['"]?\s*>([^<]*)<\/at>/i;
const AT_USER = /^<at\s+user_id\s*=\s*['"]?([A-Za-z0-9_\-]+)['"]?\s*>([^<]*)<\/at>/i;
const PERSON_TAG = /^<person\s+id\s*=\s*['"]?([A-Za-z0-9_\-]+)['"]?[^>]*>\s*<\/person>/i;
const FONT_OPEN = /^<font\s+color\s*=\s*['"]?([^'">]+)['"]?\s*>/i;
const TAG_OPEN = /^<text_tag\s+color\s*=\s*['"]?([^'">]+)['"]?\s*>/i;
const LINK_OPEN = /^<link\s+([^>]*)>/i;
const DATETIME = /^<local_datetime\s+([^>]*)>\s*<\/local_datetime>/i;
const MD_LINK = /^\[([^\]\n]*)\]\(([^)\s]+)\)/;

function safeUrl(u: string): string | null {
  return /^https?:\/\/[^\s"'<>]+$/i.test(u) ? u : null;
}

function attrOf(attrs: string, name: string): string | undefined {
  const m = new RegExp(`${name}\\s*=\\s*(?:'([^']*)'|"([^"]*)"|([^\\s>]+))`, "i").exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function atHtml(ids: string[], ctx: RenderContext): string {
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

function textObj(t: unknown, ctx: RenderContext): string {
  if (!isObj(t)) return "";
  const content = str(t.content);
  return t.tag === "lark_md" || t.tag === "markdown" ? renderMarkdown(content, ctx) : renderPlain(content);
}

// ---------------------------------------------------------------------------------------------
// Card components

function callbackValue(behaviors: unknown): unknown {
  for (const b of arr(behaviors)) if (isObj(b) && b.type === "callback") return b.value ?? {};
  return undefined;
}

function openUrl(behaviors: unknown): string | undefined {
  for (const b of arr(behaviors)) if (isObj(b) && b.type === "open_url") return safeUrl(str(b.pc_url) || str(b.default_url)) ?? undefined;
  return undefined;
}

function interactiveAttrs(e: Json): string {
  const cb = callbackValue(e.behaviors);
  let s = cb === undefined ? "" : attr("data-callback", JSON.stringify(cb));
  if (isObj(e.confirm)) {
    s += attr("data-confirm-title", str(isObj(e.confirm.title) ? e.confirm.title.content : ""));
    s += attr("data-confirm-text", str(isObj(e.confirm.text) ? e.confirm.text.content : ""));
  }
  return s;
}

function fieldLabel(e: Json, ctx: RenderContext): string {
  return isObj(e.label) ? `<span class="hb-label">${e.required ? `<span class="hb-req">*</span>` : ""}${textObj(e.label, ctx)}</span>` : "";
}

const placeholderOf = (e: Json) => (isObj(e.placeholder) ? str(e.placeholder.content) : "");
const widthCls = (e: Json) => (e.width === "fill" ? " hb-fill" : "");

function element(e: unknown, ctx: RenderContext, form: string | null): string {
  if (!isObj(e)) return "";
  const tag = str(e.tag);
  switch (tag) {
    case "markdown": {
      const size = str(e.text_size) || "normal";
      const align = str(e.text_align);
      return `<div class="hb-md hb-size-${escapeHtml(size)}"${align ? ` style="text-align:${align === "center" || align === "right" ? align : "left"}"` : ""}>${renderMarkdown(str(e.content), ctx)}</div>`;
    }
    case "div": {
      let s = `<div class="hb-div">`;
      if (e.text) s += `<div class="hb-div-text">${textObj(e.text, ctx)}</div>`;
      const fields = arr(e.fields);
      if (fields.length) {
        s += `<div class="hb-fields">`;
        for (const f of fields) if (isObj(f)) s += `<div class="hb-field-cell${f.is_short ? " hb-short" : ""}">${textObj(f.text, ctx)}</div>`;
        s += `</div>`;
      }
      return s + `</div>`;
    }
    case "hr":
      return `<hr class="hb-hr">`;
    case "column_set": {
      const flex = str(e.flex_mode) || "none";
      let s = `<div class="hb-columns hb-flex-${escapeHtml(flex)}">`;
      for (const col of arr(e.columns)) {
        if (!isObj(col)) continue;
        const auto = col.width === "auto";
        const weight = typeof col.weight === "number" ? col.weight : 1;
        const style = auto ? "flex:0 0 auto" : `flex:${weight} 1 0`;
        const va = col.vertical_align === "center" ? "center" : col.vertical_align === "bottom" ? "flex-end" : "flex-start";
        s += `<div class="hb-column" style="${style};justify-content:${va}">${elements(col.elements, ctx, form)}</div>`;
      }
      return s + `</div>`;
    }
    case "collapsible_panel": {
      const h = isObj(e.header) ? e.header : {};
      return `<details class="hb-panel"${e.expanded ? " open" : ""}><summary class="hb-panel-title">${textObj(h.title, ctx)}</summary><div class="hb-panel-body">${elements(e.elements, ctx, form)}</div></details>`;
    }
    case "form": {
      const name = str(e.name);
      return `<div class="hb-form" data-form="${escapeHtml(name)}">${elements(e.elements, ctx, name)}</div>`;
    }
    case "input": {
      const multiline = e.input_type === "multiline_text";
      const common =
        attr("name", str(e.name)) +
        attr("placeholder", placeholderOf(e)) +
        // Not maxlength: a browser cuts pasted text there without a word. The bot refuses over-long text with the
        // count instead (as it would from Lark), and the text stays in the field.
        attr("data-max-length", typeof e.max_length === "number" ? String(e.max_length) : undefined) +
        (e.required ? " data-required" : "") +
        (e.disabled ? " disabled" : "") +
        ` data-field="input"` +
        (form ? "" : interactiveAttrs(e));
      const field = multiline
        ? `<textarea class="hb-input" rows="${typeof e.rows === "number" ? Math.min(12, e.rows) : 5}"${common}>${escapeHtml(str(e.default_value))}</textarea>`
        : `<input class="hb-input" type="${e.input_type === "password" ? "password" : "text"}"${common}${attr("value", str(e.default_value))}>`;
      return `<label class="hb-labelled${widthCls(e)}">${fieldLabel(e, ctx)}${field}</label>`;
    }
    case "select_static":
    case "multi_select_static": {
      const multi = tag === "multi_select_static";
      const opts = arr(e.options).filter(isObj);
      const initialIndex = typeof e.initial_index === "number" ? e.initial_index - 1 : opts.findIndex((o) => str(o.value) === str(e.initial_option));
      const selected = new Set(arr(e.selected_values).map(str));
      let s = `<select class="hb-select"${attr("name", str(e.name))}${multi ? " multiple" : ""}${e.required ? " data-required" : ""}${e.disabled ? " disabled" : ""} data-field="${multi ? "multi" : "select"}"${form ? "" : interactiveAttrs(e)}>`;
      if (!multi) s += `<option value=""${initialIndex < 0 ? " selected" : ""} disabled>${escapeHtml(placeholderOf(e) || "请选择")}</option>`;
      opts.forEach((o, i) => {
        const v = str(o.value);
        const on = multi ? selected.has(v) : i === initialIndex;
        s += `<option${attr("value", v)}${on ? " selected" : ""}>${escapeHtml(isObj(o.text) ? str(o.text.content) : v)}</option>`;
      });
      return `<label class="hb-labelled${widthCls(e)}">${fieldLabel(e, ctx)}${s}</select></label>`;
    }
    case "date_picker":
      return `<label class="hb-labelled${widthCls(e)}">${fieldLabel(e, ctx)}<input class="hb-input" type="date"${attr("name", str(e.name))}${attr("value", /^\d{4}-\d{2}-\d{2}$/.test(str(e.initial_date)) ? str(e.initial_date) : undefined)}${attr("title", placeholderOf(e) || undefined)}${e.required ? " data-required" : ""}${e.disabled ? " disabled" : ""} data-field="date"${form ? "" : interactiveAttrs(e)}></label>`;
    case "select_person":
    case "multi_select_person": {
      const multi = tag === "multi_select_person";
      const listed = arr(e.options).filter(isObj).map((o) => str(o.value)).filter(Boolean);
      const people = listed.length ? listed.map((id) => ({ openId: id, name: ctx.nameOf(id) ?? id })) : ctx.people;
      const initial = str(e.initial_option);
      const initialMulti = new Set(arr(e.initial_options).map(str));
      let s = `<select class="hb-select hb-person-picker"${attr("name", str(e.name))}${multi ? " multiple" : ""}${e.required ? " data-required" : ""}${e.disabled ? " disabled" : ""} data-field="${multi ? "multi" : "person"}"${form ? "" : interactiveAttrs(e)}>`;
      if (!multi) s += `<option value=""${initial ? "" : " selected"} disabled>${escapeHtml(placeholderOf(e) || "选择人员")}</option>`;
      for (const p of people) s += `<option${attr("value", p.openId)}${p.openId === initial || initialMulti.has(p.openId) ? " selected" : ""}>👤 ${escapeHtml(p.name)}</option>`;
      return `<label class="hb-labelled${widthCls(e)}">${fieldLabel(e, ctx)}${s}</select></label>`;
    }
    case "button": {
      const type = str(e.type) || "default";
      const size = str(e.size) || "medium";
      const text = isObj(e.text) ? str(e.text.content) : "";
      const url = openUrl(e.behaviors);
      const disabled = e.disabled === true;
      const tips = disabled && isObj(e.disabled_tips) ? str(e.disabled_tips.content) : undefined;
      return (
        `<button type="button" class="hb-btn hb-btn-${escapeHtml(type)} hb-btn-${escapeHtml(size)}${widthCls(e)}" data-button` +
        interactiveAttrs(e) +
        attr("data-url", url) +
        attr("data-name", str(e.name) || undefined) +
        attr("data-form-action", form && (e.form_action_type === "submit" || e.form_action_type === "reset") ? str(e.form_action_type) : undefined) +
        attr("title", tips) +
        (disabled ? " disabled" : "") +
        `>${escapeHtml(text)}</button>`
      );
    }
    case "img":
    case "image":
      return `<div class="hb-unknown">🖼 图片</div>`;
    default:
      return `<div class="hb-unknown">不支持的组件：${escapeHtml(tag || "?")}</div>`;
  }
}

function elements(list: unknown, ctx: RenderContext, form: string | null): string {
  return arr(list)
    .map((e) => element(e, ctx, form))
    .join("");
}

/** Renders a Card JSON 2.0 object (or its JSON text) as an HTML fragment. */
export function renderCard(input: unknown, ctx: RenderContext): string {
  let card: unknown = input;
  if (typeof input === "string") {
    try {
      card = JSON.parse(input);
    } catch {
      return `<div class="hb-card hb-card-bad">卡片内容不是有效的 JSON</div>`;
    }
  }
  if (!isObj(card)) return `<div class="hb-card hb-card-bad">卡片内容无效</div>`;
  if (card.type === "template") return `<div class="hb-card hb-card-bad">模板卡片（template_id）无法在本地预览</div>`;
  const config = isObj(card.config) ? card.config : {};
  const width = str(config.width_mode) || "default";
  let s = `<div class="hb-card hb-width-${escapeHtml(width)}"${card.schema === "2.0" ? "" : ` data-schema="1.0"`}>`;
  if (isObj(card.header)) {
    const h = card.header;
    const template = str(h.template) || "default";
    s += `<div class="hb-card-header hb-tpl-${escapeHtml(PALETTE[template] || template === "default" ? template : "default")}">`;
    s += `<div class="hb-card-title-row"><span class="hb-card-title">${textObj(h.title, ctx)}</span>`;
    for (const t of arr(h.text_tag_list)) {
      if (isObj(t)) s += `<span class="hb-tag hb-tag-${colorKey(str(t.color))}">${escapeHtml(isObj(t.text) ? str(t.text.content) : "")}</span>`;
    }
    s += `</div>`;
    if (isObj(h.subtitle)) s += `<div class="hb-card-subtitle">${textObj(h.subtitle, ctx)}</div>`;
    s += `</div>`;
  }
  const body = isObj(card.body) ? card.body.elements : card.elements;
  s += `<div class="hb-card-body">${elements(body, ctx, null)}</div></div>`;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Messages

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
  const chars = Array.from(s);
  return chars.length > max ? chars.slice(0, max - 1).join("") + "…" : s;
}
