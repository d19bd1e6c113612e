// Buttons, and what makes any component interactive in the console: its callback value and confirm dialog in
// data-* attributes, which the console script turns into card.action.trigger callbacks.
import { arr, attr, escapeHtml, isObj, safeUrl, str, type Json } from "./html.js";

function callbackValue(behaviors: unknown): unknown {
  for (const b of arr(behaviors)) if (isObj(b) && b.type === "callback") return b.value ?? {};
  return undefined;
}

function openUrl(behaviors: unknown): string | undefined {
  for (const b of arr(behaviors)) if (isObj(b) && b.type === "open_url") return safeUrl(str(b.pc_url) || str(b.default_url)) ?? undefined;
  return undefined;
}

export function interactiveAttrs(e: Json): string {
  const cb = callbackValue(e.behaviors);
  let s = cb === undefined ? "" : attr("data-callback", JSON.stringify(cb));
  if (isObj(e.confirm)) {
    s += attr("data-confirm-title", str(isObj(e.confirm.title) ? e.confirm.title.content : ""));
    s += attr("data-confirm-text", str(isObj(e.confirm.text) ? e.confirm.text.content : ""));
  }
  return s;
}

export const widthCls = (e: Json) => (e.width === "fill" ? " hb-fill" : "");

/** A button; `form` is the enclosing form's name (submit and reset buttons act on it), null outside a form. */
export function renderButton(e: Json, form: string | null): string {
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
