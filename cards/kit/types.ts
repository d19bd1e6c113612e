// Card JSON 2.0 as huibao builds it: the element shapes, the card, and Txt (Chinese first, English optional).
// Types only; the builders are in elements.ts and form.ts.

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
