// Typed builders for the Card JSON 2.0 elements huibao uses, plus the shared visual language.
// Pure: no I/O, no clock, no Node APIs. Cards are plain objects; stringify at the send boundary.
import type { ReportStatus, SectionStatus } from "../src/domain/model.js";
import { encodeAction, type ActionInput } from "./action.js";
import { REPORT_STATUS_WORD, SECTION_STATUS_MARK, SECTION_STATUS_WORD } from "../src/domain/vocabulary.js";

// ---------------------------------------------------------------------------------------------
// Text and i18n

/** Chinese first; English optional. A bare string is Chinese only. */
export type Txt = string | { zh: string; en?: string };

export interface I18nContent {
  zh_cn: string;
  en_us: string;
}

export interface PlainText {
  tag: "plain_text";
  content: string;
  i18n_content?: I18nContent;
}

export interface MarkdownText {
  tag: "markdown";
  content: string;
  i18n_content?: I18nContent;
}

export interface LarkMdText {
  tag: "lark_md";
  content: string;
}

export const LOCALES = ["zh_cn", "en_us"] as const;

export function zh(t: Txt): string {
  return typeof t === "string" ? t : t.zh;
}

function i18n(t: Txt): { i18n_content?: I18nContent } {
  if (typeof t === "string" || t.en === undefined) return {};
  return { i18n_content: { zh_cn: t.zh, en_us: t.en } };
}

export function plain(t: Txt): PlainText {
  return { tag: "plain_text", content: zh(t), ...i18n(t) };
}

// ---------------------------------------------------------------------------------------------
// Element types

export type HeaderTemplate =
  | "blue" | "wathet" | "turquoise" | "green" | "yellow" | "orange" | "red"
  | "carmine" | "violet" | "purple" | "indigo" | "grey" | "default";

export type TagColor =
  | "neutral" | "blue" | "turquoise" | "lime" | "orange" | "violet" | "indigo"
  | "wathet" | "green" | "yellow" | "red" | "purple" | "carmine";

export interface TextTag {
  tag: "text_tag";
  text: PlainText;
  color: TagColor;
}

export interface CardHeader {
  title: PlainText;
  subtitle?: PlainText;
  template: HeaderTemplate;
  text_tag_list?: TextTag[];
}

export interface MarkdownElement {
  tag: "markdown";
  content: string;
  i18n_content?: I18nContent;
  text_size?: "normal" | "notation" | "heading-0" | "heading-1" | "heading-2" | "heading-3" | "heading-4";
  text_align?: "left" | "center" | "right";
}

export interface DivElement {
  tag: "div";
  text: PlainText | LarkMdText;
  fields?: { is_short: boolean; text: PlainText | LarkMdText }[];
}

export interface HrElement {
  tag: "hr";
}

export interface ColumnElement {
  tag: "column";
  width?: "auto" | "weighted";
  weight?: number;
  vertical_align?: "top" | "center" | "bottom";
  elements: CardElement[];
}

export interface ColumnSetElement {
  tag: "column_set";
  flex_mode?: "none" | "stretch" | "flow" | "bisect" | "trisect";
  horizontal_spacing?: string;
  columns: ColumnElement[];
}

export interface CollapsiblePanelElement {
  tag: "collapsible_panel";
  expanded: boolean;
  header: {
    title: PlainText | MarkdownText;
    icon?: { tag: "standard_icon"; token: string; size?: string };
    icon_position?: "left" | "right" | "follow_text";
    icon_expanded_angle?: number;
  };
  border?: { color: string; corner_radius: string };
  vertical_spacing?: string;
  elements: CardElement[];
}

export interface FormElement {
  tag: "form";
  name: string;
  elements: CardElement[];
}

export interface ConfirmDialog {
  title: PlainText;
  text: PlainText;
}

export type Behavior =
  | { type: "callback"; value: Record<string, unknown> }
  | { type: "open_url"; default_url: string; pc_url?: string; ios_url?: string; android_url?: string };

export interface InputElement {
  tag: "input";
  name: string;
  required?: boolean;
  placeholder?: PlainText;
  default_value?: string;
  width?: "default" | "fill";
  max_length: number;
  input_type?: "text" | "multiline_text";
  rows?: number;
  auto_resize?: boolean;
  max_rows?: number;
  label?: PlainText;
  label_position?: "top" | "left";
}

export interface SelectOption {
  text: PlainText;
  value: string;
}

export interface SelectStaticElement {
  tag: "select_static";
  name: string;
  required?: boolean;
  placeholder?: PlainText;
  width?: "default" | "fill";
  /** 1-based index of the initially selected option (Card 2.0). */
  initial_index?: number;
  options: SelectOption[];
}

export interface MultiSelectStaticElement {
  tag: "multi_select_static";
  name: string;
  required?: boolean;
  placeholder?: PlainText;
  width?: "default" | "fill";
  selected_values?: string[];
  options: SelectOption[];
}

export interface DatePickerElement {
  tag: "date_picker";
  name: string;
  required?: boolean;
  placeholder?: PlainText;
  width?: "default" | "fill";
  /** yyyy-MM-dd */
  initial_date?: string;
}

export interface SelectPersonElement {
  tag: "select_person";
  name: string;
  required?: boolean;
  placeholder?: PlainText;
  width?: "default" | "fill";
  initial_option?: string;
  options?: { value: string }[];
}

export interface MultiSelectPersonElement {
  tag: "multi_select_person";
  name: string;
  required?: boolean;
  placeholder?: PlainText;
  width?: "default" | "fill";
  selected_values?: string[];
  options?: { value: string }[];
}

export type ButtonType = "default" | "primary" | "danger" | "text" | "primary_text" | "danger_text" | "laser";

export interface ButtonElement {
  tag: "button";
  text: PlainText;
  type: ButtonType;
  size?: "tiny" | "small" | "medium" | "large";
  width?: "default" | "fill";
  disabled?: boolean;
  disabled_tips?: PlainText;
  confirm?: ConfirmDialog;
  behaviors?: Behavior[];
  name?: string;
  form_action_type?: "submit" | "reset";
}

export type CardElement =
  | MarkdownElement
  | DivElement
  | HrElement
  | ColumnSetElement
  | CollapsiblePanelElement
  | FormElement
  | InputElement
  | SelectStaticElement
  | MultiSelectStaticElement
  | DatePickerElement
  | SelectPersonElement
  | MultiSelectPersonElement
  | ButtonElement;

export interface Card {
  schema: "2.0";
  config: {
    update_multi: true;
    locales: string[];
    width_mode?: "default" | "compact" | "fill";
    summary?: { content: string };
  };
  header: CardHeader;
  body: { elements: CardElement[] };
}

// ---------------------------------------------------------------------------------------------
// Visual language

/** The state a card conveys; decides the header colour everywhere. */
export type Tone = "collecting" | "attention" | "overdue" | "approved" | "in_approval" | "error" | "neutral";

export const TONE_TEMPLATE: Record<Tone, HeaderTemplate> = {
  collecting: "blue",
  attention: "orange",
  overdue: "red",
  approved: "green",
  in_approval: "violet",
  error: "red",
  neutral: "grey",
};

/** Status marks and words come from the domain's one vocabulary (src/domain/vocabulary.ts). */
export const STATUS_MARK: Record<SectionStatus, string> = SECTION_STATUS_MARK;

export const STATUS_LABEL: Record<SectionStatus, { zh: string; en: string }> = SECTION_STATUS_WORD;

export const REPORT_STATUS_LABEL: Record<ReportStatus, { zh: string; en: string }> = REPORT_STATUS_WORD;

export const REPORT_STATUS_TAG_COLOR: Record<ReportStatus, TagColor> = {
  collecting: "blue",
  in_approval: "violet",
  approved: "green",
};

/**
 * Button roles, so every card uses the same type for the same intent:
 * main = the one expected next step, normal = secondary navigation, danger = destructive or
 * rejecting, quiet = low-emphasis (back, help).
 */
export type ButtonRole = "main" | "normal" | "danger" | "quiet";

export const ROLE_TYPE: Record<ButtonRole, ButtonType> = {
  main: "primary",
  normal: "default",
  danger: "danger",
  quiet: "text",
};

/** `▓▓▓▓▓▓░░░░ 60%`. Ratio is clamped to [0, 1]; total 0 gives 0%. */
export function progressBar(done: number, total: number, width = 10): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const pct = Math.round(ratio * 100);
  const filled = Math.round(ratio * width);
  return `${"▓".repeat(filled)}${"░".repeat(width - filled)} ${pct}%`;
}

export function percent(done: number, total: number): number {
  return total > 0 ? Math.round(Math.min(1, Math.max(0, done / total)) * 100) : 0;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

const MD_SPECIAL: Record<string, string> = {
  "*": "&#42;",
  "~": "&#126;",
  ">": "&#62;",
  "<": "&#60;",
  "[": "&#91;",
  "]": "&#93;",
  "(": "&#40;",
  ")": "&#41;",
  "#": "&#35;",
  ":": "&#58;",
  _: "&#95;",
  "`": "&#96;",
};

/**
 * Escape user text for a markdown component: the characters Lark's markdown interprets
 * (`* ~ > < [ ] ( ) # : _` and backtick) become HTML entities. CJK and full-width punctuation stay as they are.
 */
export function escapeMd(text: string): string {
  return text.replace(/[*~><[\]()#:_`]/g, (c) => MD_SPECIAL[c] ?? c);
}

/** Escape and keep line breaks; leading list markers ("- ", "1. ") are neutralised as well. */
export function escapeMdBlock(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) =>
      escapeMd(line)
        .replace(/^(\s*)-(\s)/, "$1&#45;$2")
        .replace(/^(\s*)\+(\s)/, "$1&#43;$2")
        .replace(/^(\s*)(\d+)\.(\s)/, "$1$2&#46;$3"),
    )
    .join("\n");
}

const OPEN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `<at id=ou_xxx></at>`; anything that is not a plausible open id is rendered as escaped text. */
export function mention(openId: string): string {
  return OPEN_ID.test(openId) ? `<at id=${openId}></at>` : escapeMd(openId);
}

export interface Person {
  openId?: string;
  name?: string;
}

/** Mention when an open id is known, else the (escaped) name, else "未指定". */
export function personMd(p: Person): string {
  if (p.openId && OPEN_ID.test(p.openId)) return mention(p.openId);
  if (p.name) return escapeMd(p.name);
  return "未指定";
}

/** Plain (non-markdown) name for plain_text fields. */
export function personPlain(p: Person): string {
  return p.name ?? p.openId ?? "未指定";
}

/** Cut to at most `max` code points, adding "…" when cut. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return "";
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join("") + "…";
}

/** 12345 → "12,345" without locale APIs. */
export function formatCount(n: number): string {
  const s = String(Math.trunc(n));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** UTF-8 byte length of a string, without TextEncoder. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

export function cardBytes(card: Card): number {
  return utf8Length(JSON.stringify(card));
}

// ---------------------------------------------------------------------------------------------
// Builders

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

export function form(name: string, elements: CardElement[]): FormElement {
  return { tag: "form", name, elements };
}

export function input(o: {
  name: string;
  placeholder?: Txt;
  label?: Txt;
  multiline?: boolean;
  rows?: number;
  maxLength?: number;
  required?: boolean;
  defaultValue?: string;
}): InputElement {
  const el: InputElement = {
    tag: "input",
    name: o.name,
    max_length: Math.min(1000, Math.max(1, o.maxLength ?? 1000)),
    width: "fill",
  };
  if (o.required) el.required = true;
  if (o.placeholder !== undefined) el.placeholder = plain(typeof o.placeholder === "string" ? truncate(o.placeholder, 100) : o.placeholder);
  if (o.label !== undefined) {
    el.label = plain(o.label);
    el.label_position = "top";
  }
  if (o.defaultValue !== undefined) el.default_value = truncate(o.defaultValue, el.max_length);
  if (o.multiline) {
    el.input_type = "multiline_text";
    el.rows = o.rows ?? 5;
    el.auto_resize = true;
    el.max_rows = 12;
  }
  return el;
}

export interface OptionInput {
  text: Txt;
  value: string;
}

export function selectStatic(o: {
  name: string;
  options: OptionInput[];
  initialValue?: string;
  placeholder?: Txt;
  required?: boolean;
}): SelectStaticElement {
  const el: SelectStaticElement = {
    tag: "select_static",
    name: o.name,
    width: "fill",
    options: o.options.map((x) => ({ text: plain(x.text), value: x.value })),
  };
  if (o.required) el.required = true;
  if (o.placeholder !== undefined) el.placeholder = plain(o.placeholder);
  if (o.initialValue !== undefined) {
    const i = o.options.findIndex((x) => x.value === o.initialValue);
    if (i >= 0) el.initial_index = i + 1;
  }
  return el;
}

export function multiSelectStatic(o: {
  name: string;
  options: OptionInput[];
  selected?: string[];
  placeholder?: Txt;
  required?: boolean;
}): MultiSelectStaticElement {
  const el: MultiSelectStaticElement = {
    tag: "multi_select_static",
    name: o.name,
    width: "fill",
    options: o.options.map((x) => ({ text: plain(x.text), value: x.value })),
  };
  if (o.required) el.required = true;
  if (o.placeholder !== undefined) el.placeholder = plain(o.placeholder);
  const known = new Set(o.options.map((x) => x.value));
  const sel = (o.selected ?? []).filter((v) => known.has(v));
  if (sel.length > 0) el.selected_values = sel;
  return el;
}

export function datePicker(o: { name: string; initialDate?: string | null; placeholder?: Txt; required?: boolean }): DatePickerElement {
  const el: DatePickerElement = { tag: "date_picker", name: o.name, width: "fill" };
  if (o.required) el.required = true;
  if (o.placeholder !== undefined) el.placeholder = plain(o.placeholder);
  if (o.initialDate && /^\d{4}-\d{2}-\d{2}$/.test(o.initialDate)) el.initial_date = o.initialDate;
  return el;
}

export function selectPerson(o: { name: string; placeholder?: Txt; initialOpenId?: string; required?: boolean; candidates?: string[] }): SelectPersonElement {
  const el: SelectPersonElement = { tag: "select_person", name: o.name, width: "fill" };
  if (o.required) el.required = true;
  if (o.placeholder !== undefined) el.placeholder = plain(o.placeholder);
  if (o.initialOpenId) el.initial_option = o.initialOpenId;
  if (o.candidates && o.candidates.length > 0) el.options = o.candidates.map((value) => ({ value }));
  return el;
}

/** Several people (in a form, the value is a list of open ids). Without candidates, Lark offers the chat's members. */
export function multiSelectPerson(o: { name: string; placeholder?: Txt; selected?: string[]; candidates?: string[] }): MultiSelectPersonElement {
  const el: MultiSelectPersonElement = { tag: "multi_select_person", name: o.name, width: "fill" };
  if (o.placeholder !== undefined) el.placeholder = plain(o.placeholder);
  if (o.selected && o.selected.length > 0) el.selected_values = [...o.selected];
  if (o.candidates && o.candidates.length > 0) el.options = o.candidates.map((value) => ({ value }));
  return el;
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

/** Count every component (elements, nested elements, columns) in a card body. */
export function countComponents(elements: readonly CardElement[]): number {
  let n = 0;
  for (const el of elements) {
    n++;
    if (el.tag === "form" || el.tag === "collapsible_panel") n += countComponents(el.elements);
    if (el.tag === "column_set") {
      for (const col of el.columns) n += 1 + countComponents(col.elements);
    }
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Deadlines (computed by the caller; cards only phrase them)

export interface DeadlineCountdown {
  /** Already formatted date, e.g. "2025-01-15" or "1月15日". */
  date: string;
  /** Working days left: > 0 before the deadline, 0 on the day, < 0 overdue by that many working days. */
  workingDays: number;
}

export type DeadlineKind = "internal" | "submission";

const DEADLINE_NAME: Record<DeadlineKind, { zh: string; en: string }> = {
  internal: { zh: "内部截止", en: "internal deadline" },
  submission: { zh: "报送截止", en: "submission deadline" },
};

/** Days at or below which a deadline counts as urgent. */
export const URGENT_WORKING_DAYS = 3;

export function deadlineText(kind: DeadlineKind, d: DeadlineCountdown): { zh: string; en: string; overdue: boolean; urgent: boolean } {
  const n = DEADLINE_NAME[kind];
  const date = escapeMd(d.date);
  if (d.workingDays < 0) {
    const k = -d.workingDays;
    return {
      zh: `${n.zh}已逾期 ${k} 个工作日（${date}）`,
      en: `${n.en} overdue by ${k} working day${k === 1 ? "" : "s"} (${date})`,
      overdue: true,
      urgent: true,
    };
  }
  if (d.workingDays === 0) {
    return { zh: `今天${n.zh}（${date}）`, en: `${n.en} is today (${date})`, overdue: false, urgent: true };
  }
  return {
    zh: `距${n.zh} ${d.workingDays} 个工作日（${date}）`,
    en: `${d.workingDays} working day${d.workingDays === 1 ? "" : "s"} to the ${n.en} (${date})`,
    overdue: false,
    urgent: d.workingDays <= URGENT_WORKING_DAYS,
  };
}

/** Coloured markdown for a deadline line (red overdue, orange urgent). */
export function deadlineMd(kind: DeadlineKind, d: DeadlineCountdown): { zh: string; en: string; overdue: boolean; urgent: boolean } {
  const t = deadlineText(kind, d);
  const color = t.overdue ? "red" : t.urgent ? "orange" : null;
  if (!color) return t;
  return { ...t, zh: `<font color='${color}'>${t.zh}</font>`, en: `<font color='${color}'>${t.en}</font>` };
}

export const CALENDAR_NOTE = {
  zh: "未获取到本年度节假日安排，工作日按周一至周五计算。",
  en: "Holiday calendar for this year is not available; working days are counted Monday to Friday.",
};

/** Quote block for user text (each line prefixed with "> "), escaped. */
export function quoteMd(text: string): string {
  return escapeMdBlock(text)
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
}
