// Builders for forms and their fields: text inputs, selects, date and person pickers.
import { plain, truncate } from "./text.js";
import type {
  DatePickerElement,
  FormElement,
  InputElement,
  MultiSelectPersonElement,
  MultiSelectStaticElement,
  SelectPersonElement,
  SelectStaticElement,
  CardElement,
  Txt,
} from "./types.js";

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
