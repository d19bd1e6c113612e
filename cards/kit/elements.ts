// Builders for the card, its header and the display elements: markdown, notes, columns, panels, buttons; and the
// toast a callback answers with. Form fields are in form.ts.
import { encodeAction, type ActionInput } from "../action.js";
import { i18n, LOCALES, plain, truncate, zh } from "./text.js";
import { ROLE_TYPE, TONE_TEMPLATE, type ButtonRole, type Tone } from "./tone.js";
import type {
  Behavior,
  ButtonElement,
  Card,
  CardElement,
  CardHeader,
  CollapsiblePanelElement,
  ColumnElement,
  ColumnSetElement,
  ConfirmDialog,
  DivElement,
  HrElement,
  I18nContent,
  MarkdownElement,
  TagColor,
  Txt,
} from "./types.js";

export interface HeaderInput {
  title: Txt;
  subtitle?: Txt;
  tone: Tone;
  tags?: { text: Txt; color: TagColor }[];
}

export function header(h: HeaderInput): CardHeader {
  const out: CardHeader = { title: plain(h.title), template: TONE_TEMPLATE[h.tone] };
  if (h.subtitle !== undefined && zh(h.subtitle) !== "") out.subtitle = plain(h.subtitle);
  const tags = (h.tags ?? []).slice(0, 3);
  if (tags.length > 0) out.text_tag_list = tags.map((t) => ({ tag: "text_tag", text: plain(t.text), color: t.color }));
  return out;
}

export interface CardInput {
  header: HeaderInput;
  elements: CardElement[];
  /** Chat-list preview text. */
  summary?: string;
  widthMode?: "default" | "compact" | "fill";
}

export function card(c: CardInput): Card {
  const config: Card["config"] = { update_multi: true, locales: [...LOCALES] };
  if (c.widthMode) config.width_mode = c.widthMode;
  if (c.summary) config.summary = { content: truncate(c.summary, 60) };
  return { schema: "2.0", config, header: header(c.header), body: { elements: c.elements } };
}

export function md(content: Txt, opts: { size?: MarkdownElement["text_size"]; align?: MarkdownElement["text_align"] } = {}): MarkdownElement {
  const el: MarkdownElement = { tag: "markdown", content: zh(content), ...i18n(content) };
  if (opts.size) el.text_size = opts.size;
  if (opts.align) el.text_align = opts.align;
  return el;
}

/** Small grey note text. */
export function note(content: Txt): MarkdownElement {
  const c = typeof content === "string" ? { zh: content } : content;
  return md(
    c.en === undefined
      ? `<font color='grey'>${c.zh}</font>`
      : { zh: `<font color='grey'>${c.zh}</font>`, en: `<font color='grey'>${c.en}</font>` },
    { size: "notation" },
  );
}

export function div(text: Txt, fields?: { short?: boolean; text: Txt }[]): DivElement {
  const el: DivElement = { tag: "div", text: plain(text) };
  if (fields && fields.length > 0) el.fields = fields.map((f) => ({ is_short: f.short ?? true, text: plain(f.text) }));
  return el;
}

export function hr(): HrElement {
  return { tag: "hr" };
}

export function column(elements: CardElement[], opts: { width?: "auto" | "weighted"; weight?: number } = {}): ColumnElement {
  const col: ColumnElement = { tag: "column", width: opts.width ?? "weighted", elements };
  if ((opts.width ?? "weighted") === "weighted") col.weight = opts.weight ?? 1;
  col.vertical_align = "top";
  return col;
}

export function columns(cols: ColumnElement[], flex: ColumnSetElement["flex_mode"] = "none"): ColumnSetElement {
  return { tag: "column_set", flex_mode: flex, horizontal_spacing: "8px", columns: cols };
}

/** A row of buttons that wraps on narrow screens. */
export function buttonRow(buttons: ButtonElement[]): ColumnSetElement {
  return columns(
    buttons.map((b) => column([b], { width: "auto" })),
    "flow",
  );
}

export function panel(title: Txt, elements: CardElement[], expanded = false): CollapsiblePanelElement {
  return {
    tag: "collapsible_panel",
    expanded,
    header: {
      title: { tag: "markdown", content: zh(title), ...i18n(title) },
      icon: { tag: "standard_icon", token: "down-small-ccm_outlined", size: "16px 16px" },
      icon_position: "right",
      icon_expanded_angle: -180,
    },
    border: { color: "grey", corner_radius: "5px" },
    vertical_spacing: "8px",
    elements,
  };
}

export function confirmDialog(title: Txt, text: Txt): ConfirmDialog {
  return { title: plain(title), text: plain(text) };
}

export interface ButtonInput {
  text: Txt;
  role?: ButtonRole;
  /** Callback action (encoded with the one button-value protocol). */
  action?: ActionInput;
  /** Open a URL (http/https). */
  url?: string;
  confirm?: ConfirmDialog;
  disabled?: boolean;
  disabledTips?: Txt;
  /** Needed inside forms; card-unique. */
  name?: string;
  /** Make this the form's submit button. */
  submit?: boolean;
  size?: ButtonElement["size"];
}

export function button(b: ButtonInput): ButtonElement {
  const el: ButtonElement = {
    tag: "button",
    text: plain(typeof b.text === "string" ? truncate(b.text, 100) : b.text),
    type: ROLE_TYPE[b.role ?? "normal"],
  };
  if (b.size) el.size = b.size;
  const behaviors: Behavior[] = [];
  if (b.action) behaviors.push({ type: "callback", value: { ...encodeAction(b.action) } });
  if (b.url) behaviors.push({ type: "open_url", default_url: b.url });
  if (behaviors.length > 0) el.behaviors = behaviors;
  if (b.confirm) el.confirm = b.confirm;
  if (b.disabled) {
    el.disabled = true;
    if (b.disabledTips !== undefined) el.disabled_tips = plain(b.disabledTips);
  }
  if (b.name) el.name = b.name;
  if (b.submit) el.form_action_type = "submit";
  return el;
}

/** A toast for callback responses (`{ toast }`). */
export function toast(type: "info" | "success" | "error" | "warning", text: Txt): {
  type: "info" | "success" | "error" | "warning";
  content: string;
  i18n?: I18nContent;
} {
  const t = typeof text === "string" ? { zh: text } : text;
  return t.en === undefined ? { type, content: t.zh } : { type, content: t.zh, i18n: { zh_cn: t.zh, en_us: t.en } };
}
