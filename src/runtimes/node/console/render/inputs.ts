// Form fields: text inputs, static selects, date pickers and person pickers, each with its label. Inside a form a
// field only carries its name (the form's submit button sends the values); outside one it is interactive itself.
import { interactiveAttrs, widthCls } from "./buttons.js";
import { arr, attr, escapeHtml, isObj, str, type Json, type RenderContext } from "./html.js";
import { textObj } from "./markdown.js";

function fieldLabel(e: Json, ctx: RenderContext): string {
  return isObj(e.label) ? `<span class="hb-label">${e.required ? `<span class="hb-req">*</span>` : ""}${textObj(e.label, ctx)}</span>` : "";
}

const placeholderOf = (e: Json) => (isObj(e.placeholder) ? str(e.placeholder.content) : "");

export function renderInput(e: Json, ctx: RenderContext, form: string | null): string {
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

/** select_static and multi_select_static. */
export function renderSelect(e: Json, ctx: RenderContext, form: string | null): string {
  const multi = e.tag === "multi_select_static";
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

export function renderDatePicker(e: Json, ctx: RenderContext, form: string | null): string {
  return `<label class="hb-labelled${widthCls(e)}">${fieldLabel(e, ctx)}<input class="hb-input" type="date"${attr("name", str(e.name))}${attr("value", /^\d{4}-\d{2}-\d{2}$/.test(str(e.initial_date)) ? str(e.initial_date) : undefined)}${attr("title", placeholderOf(e) || undefined)}${e.required ? " data-required" : ""}${e.disabled ? " disabled" : ""} data-field="date"${form ? "" : interactiveAttrs(e)}></label>`;
}

/** select_person and multi_select_person: the options the card lists, else the console's people. */
export function renderPersonPicker(e: Json, ctx: RenderContext, form: string | null): string {
  const multi = e.tag === "multi_select_person";
  const listed = arr(e.options).filter(isObj).map((o) => str(o.value)).filter(Boolean);
  const people = listed.length ? listed.map((id) => ({ openId: id, name: ctx.nameOf(id) ?? id })) : ctx.people;
  const initial = str(e.initial_option);
  const initialMulti = new Set(arr(e.initial_options).map(str));
  let s = `<select class="hb-select hb-person-picker"${attr("name", str(e.name))}${multi ? " multiple" : ""}${e.required ? " data-required" : ""}${e.disabled ? " disabled" : ""} data-field="${multi ? "multi" : "person"}"${form ? "" : interactiveAttrs(e)}>`;
  if (!multi) s += `<option value=""${initial ? "" : " selected"} disabled>${escapeHtml(placeholderOf(e) || "选择人员")}</option>`;
  for (const p of people) s += `<option${attr("value", p.openId)}${p.openId === initial || initialMulti.has(p.openId) ? " selected" : ""}>👤 ${escapeHtml(p.name)}</option>`;
  return `<label class="hb-labelled${widthCls(e)}">${fieldLabel(e, ctx)}${s}</select></label>`;
}
