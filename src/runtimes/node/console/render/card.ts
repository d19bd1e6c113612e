// Renders a Card JSON 2.0 card (or its JSON text) as HTML for the local console: the header and the layout
// components (markdown, div, hr, columns, collapsible panels, forms); form fields are in inputs.ts, buttons in
// buttons.ts, markdown in markdown.ts. Everything taken from a card is escaped.
import { renderButton } from "./buttons.js";
import { arr, colorKey, escapeHtml, isObj, PALETTE, str, type RenderContext } from "./html.js";
import { renderDatePicker, renderInput, renderPersonPicker, renderSelect } from "./inputs.js";
import { renderMarkdown, textObj } from "./markdown.js";

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
    case "input":
      return renderInput(e, ctx, form);
    case "select_static":
    case "multi_select_static":
      return renderSelect(e, ctx, form);
    case "date_picker":
      return renderDatePicker(e, ctx, form);
    case "select_person":
    case "multi_select_person":
      return renderPersonPicker(e, ctx, form);
    case "button":
      return renderButton(e, form);
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
