// Structural validator for the Card JSON 2.0 rules huibao relies on.
// Returns a list of human-readable violations; an empty list means the card passes.
import { decodeAction } from "../../cards/action.js";

export const MAX_BYTES = 30 * 1024;
export const MAX_COMPONENTS = 200;
export const MAX_DEPTH = 5;

const HEADER_TEMPLATES = new Set([
  "blue", "wathet", "turquoise", "green", "yellow", "orange", "red", "carmine", "violet", "purple", "indigo", "grey", "default",
]);
const TAG_COLORS = new Set([
  "neutral", "blue", "turquoise", "lime", "orange", "violet", "indigo", "wathet", "green", "yellow", "red", "purple", "carmine",
]);
const BUTTON_TYPES = new Set(["default", "primary", "danger", "text", "primary_text", "danger_text", "primary_filled", "danger_filled", "laser"]);

/** Properties allowed per tag (Card 2.0 rejects unknown properties). */
const ALLOWED: Record<string, ReadonlySet<string>> = {
  markdown: new Set(["tag", "content", "i18n_content", "text_size", "text_align", "icon", "margin", "element_id"]),
  div: new Set(["tag", "text", "fields", "icon", "margin", "element_id"]),
  hr: new Set(["tag", "margin", "element_id"]),
  column_set: new Set(["tag", "flex_mode", "horizontal_spacing", "horizontal_align", "background_style", "margin", "columns", "element_id"]),
  column: new Set(["tag", "width", "weight", "vertical_align", "direction", "vertical_spacing", "padding", "background_style", "elements", "element_id"]),
  collapsible_panel: new Set(["tag", "expanded", "header", "border", "background_color", "vertical_spacing", "padding", "margin", "elements", "element_id"]),
  form: new Set(["tag", "name", "elements", "direction", "vertical_spacing", "horizontal_spacing", "padding", "margin", "element_id"]),
  input: new Set([
    "tag", "name", "required", "disabled", "placeholder", "default_value", "width", "max_length", "input_type", "rows",
    "auto_resize", "max_rows", "label", "label_position", "behaviors", "confirm", "margin", "element_id",
  ]),
  select_static: new Set(["tag", "type", "name", "required", "disabled", "placeholder", "width", "initial_index", "initial_option", "options", "behaviors", "confirm", "margin", "element_id"]),
  multi_select_static: new Set(["tag", "type", "name", "required", "disabled", "placeholder", "width", "selected_values", "options", "behaviors", "confirm", "margin", "element_id"]),
  date_picker: new Set(["tag", "name", "required", "disabled", "placeholder", "width", "initial_date", "behaviors", "confirm", "margin", "element_id"]),
  select_person: new Set(["tag", "type", "name", "required", "disabled", "placeholder", "width", "initial_option", "options", "behaviors", "confirm", "margin", "element_id"]),
  multi_select_person: new Set(["tag", "type", "name", "required", "disabled", "placeholder", "width", "selected_values", "options", "behaviors", "confirm", "margin", "element_id"]),
  button: new Set([
    "tag", "text", "type", "size", "width", "icon", "hover_tips", "disabled", "disabled_tips", "confirm", "behaviors", "name",
    "form_action_type", "margin", "element_id",
  ]),
};
const INTERACTIVE = new Set(["input", "select_static", "multi_select_static", "date_picker", "select_person", "multi_select_person", "button"]);
const CONTAINERS = new Set(["form", "collapsible_panel", "column_set", "column"]);

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

function checkText(v: unknown, where: string, out: string[], opts: { max?: number; tags?: string[] } = {}): void {
  if (!isObj(v)) {
    out.push(`${where}: text object missing`);
    return;
  }
  const tags = opts.tags ?? ["plain_text"];
  if (!tags.includes(String(v["tag"]))) out.push(`${where}: text tag ${String(v["tag"])} not in ${tags.join("|")}`);
  if (typeof v["content"] !== "string") out.push(`${where}: content must be a string`);
  else if (opts.max !== undefined && [...(v["content"] as string)].length > opts.max) out.push(`${where}: content longer than ${opts.max}`);
  checkI18n(v["i18n_content"], where, out);
  for (const k of Object.keys(v)) {
    if (!["tag", "content", "i18n_content", "text_size", "text_color", "text_align", "lines"].includes(k)) out.push(`${where}: unknown text property ${k}`);
  }
}

function checkI18n(v: unknown, where: string, out: string[]): void {
  if (v === undefined) return;
  if (!isObj(v) || typeof v["zh_cn"] !== "string" || typeof v["en_us"] !== "string") {
    out.push(`${where}: i18n_content must have zh_cn and en_us strings`);
  }
}

function checkMarkdown(content: string, where: string, out: string[]): void {
  for (const m of content.matchAll(/<at\b[^>]*>/g)) {
    if (!/^<at id=[A-Za-z0-9_-]{1,64}>$/.test(m[0])) out.push(`${where}: malformed mention ${m[0]}`);
  }
  const opens = (content.match(/<at /g) ?? []).length;
  const closes = (content.match(/<\/at>/g) ?? []).length;
  if (opens !== closes) out.push(`${where}: unbalanced <at> tags`);
  const fo = (content.match(/<font /g) ?? []).length;
  const fc = (content.match(/<\/font>/g) ?? []).length;
  if (fo !== fc) out.push(`${where}: unbalanced <font> tags`);
}

interface Ctx {
  out: string[];
  names: Map<string, string>;
  count: number;
  maxDepth: number;
}

function walk(elements: unknown, path: string, depth: number, parent: string | null, inForm: boolean, ctx: Ctx): void {
  if (!Array.isArray(elements)) {
    ctx.out.push(`${path}: elements must be an array`);
    return;
  }
  elements.forEach((el, i) => {
    const where = `${path}[${i}]`;
    if (!isObj(el)) {
      ctx.out.push(`${where}: not an object`);
      return;
    }
    ctx.count++;
    const tag = String(el["tag"]);
    const allowed = ALLOWED[tag];
    if (!allowed || tag === "column") {
      ctx.out.push(`${where}: unknown or misplaced tag ${tag}`);
      return;
    }
    for (const k of Object.keys(el)) if (!allowed.has(k)) ctx.out.push(`${where}(${tag}): unknown property ${k}`);
    if (CONTAINERS.has(tag)) ctx.maxDepth = Math.max(ctx.maxDepth, depth);
    else ctx.maxDepth = Math.max(ctx.maxDepth, depth);

    if (tag === "form" && parent !== null) ctx.out.push(`${where}: form must be at the body root (found inside ${parent})`);

    if (INTERACTIVE.has(tag)) {
      const name = el["name"];
      if (inForm && (typeof name !== "string" || name === "")) ctx.out.push(`${where}(${tag}): interactive component in a form needs a name`);
      if (typeof name === "string") {
        const prev = ctx.names.get(name);
        if (prev) ctx.out.push(`${where}: name "${name}" already used at ${prev}`);
        else ctx.names.set(name, where);
      }
      if (el["placeholder"] !== undefined) checkText(el["placeholder"], `${where}.placeholder`, ctx.out, { max: 100 });
      if (el["behaviors"] !== undefined && tag !== "button") checkBehaviors(el["behaviors"], where, ctx.out);
    }

    switch (tag) {
      case "markdown":
        if (typeof el["content"] !== "string") ctx.out.push(`${where}: markdown content must be a string`);
        else checkMarkdown(el["content"], where, ctx.out);
        checkI18n(el["i18n_content"], where, ctx.out);
        if (isObj(el["i18n_content"])) {
          for (const v of Object.values(el["i18n_content"])) if (typeof v === "string") checkMarkdown(v, where, ctx.out);
        }
        break;
      case "div":
        checkText(el["text"], `${where}.text`, ctx.out, { tags: ["plain_text", "lark_md"] });
        break;
      case "button": {
        checkText(el["text"], `${where}.text`, ctx.out, { max: 100 });
        if (!BUTTON_TYPES.has(String(el["type"]))) ctx.out.push(`${where}: unknown button type ${String(el["type"])}`);
        checkBehaviors(el["behaviors"], where, ctx.out, true);
        if (el["form_action_type"] !== undefined) {
          if (!inForm) ctx.out.push(`${where}: form_action_type outside a form`);
          if (!["submit", "reset"].includes(String(el["form_action_type"]))) ctx.out.push(`${where}: bad form_action_type`);
        }
        if (isObj(el["confirm"])) {
          checkText(el["confirm"]["title"], `${where}.confirm.title`, ctx.out);
          checkText(el["confirm"]["text"], `${where}.confirm.text`, ctx.out);
        }
        break;
      }
      case "input": {
        const ml = el["max_length"];
        if (ml !== undefined && (typeof ml !== "number" || !Number.isInteger(ml) || ml < 1 || ml > 1000)) {
          ctx.out.push(`${where}: input max_length must be 1..1000 (got ${String(ml)})`);
        }
        if (typeof el["default_value"] === "string" && typeof ml === "number" && [...el["default_value"]].length > ml) {
          ctx.out.push(`${where}: default_value longer than max_length`);
        }
        if (el["label"] !== undefined) checkText(el["label"], `${where}.label`, ctx.out);
        break;
      }
      case "select_static":
      case "multi_select_static": {
        const opts = el["options"];
        if (!Array.isArray(opts) || opts.length === 0) ctx.out.push(`${where}: select needs options`);
        else {
          const values = opts.map((o) => (isObj(o) ? o["value"] : undefined));
          if (values.some((v) => typeof v !== "string" || v === "")) ctx.out.push(`${where}: option values must be non-empty strings`);
          if (new Set(values).size !== values.length) ctx.out.push(`${where}: option values must be unique`);
          opts.forEach((o, j) => isObj(o) && checkText(o["text"], `${where}.options[${j}].text`, ctx.out));
          const ii = el["initial_index"];
          if (ii !== undefined && (typeof ii !== "number" || ii < 1 || ii > opts.length)) ctx.out.push(`${where}: initial_index out of range`);
          const sel = el["selected_values"];
          if (Array.isArray(sel) && sel.some((v) => !values.includes(v))) ctx.out.push(`${where}: selected value not among options`);
        }
        break;
      }
      case "date_picker": {
        const d = el["initial_date"];
        if (d !== undefined && (typeof d !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(d))) ctx.out.push(`${where}: initial_date must be yyyy-MM-dd`);
        break;
      }
      case "form": {
        if (typeof el["name"] !== "string" || el["name"] === "") ctx.out.push(`${where}: form needs a name`);
        else {
          const prev = ctx.names.get(el["name"]);
          if (prev) ctx.out.push(`${where}: name "${el["name"]}" already used at ${prev}`);
          else ctx.names.set(el["name"], where);
        }
        const elems = el["elements"];
        if (!hasSubmit(elems)) ctx.out.push(`${where}: form has no submit button`);
        walk(elems, `${where}.elements`, depth + 1, "form", true, ctx);
        break;
      }
      case "collapsible_panel": {
        const h = el["header"];
        if (!isObj(h)) ctx.out.push(`${where}: panel needs a header`);
        else checkText(h["title"], `${where}.header.title`, ctx.out, { tags: ["plain_text", "markdown"] });
        if (typeof el["expanded"] !== "boolean") ctx.out.push(`${where}: panel expanded must be boolean`);
        walk(el["elements"], `${where}.elements`, depth + 1, "collapsible_panel", inForm, ctx);
        break;
      }
      case "column_set": {
        const cols = el["columns"];
        if (!Array.isArray(cols)) {
          ctx.out.push(`${where}: column_set needs columns`);
          break;
        }
        cols.forEach((col, j) => {
          const cw = `${where}.columns[${j}]`;
          ctx.count++;
          if (!isObj(col) || col["tag"] !== "column") {
            ctx.out.push(`${cw}: column_set children must be columns`);
            return;
          }
          for (const k of Object.keys(col)) if (!ALLOWED["column"]!.has(k)) ctx.out.push(`${cw}: unknown property ${k}`);
          ctx.maxDepth = Math.max(ctx.maxDepth, depth + 1);
          walk(col["elements"], `${cw}.elements`, depth + 2, "column", inForm, ctx);
        });
        break;
      }
    }
  });
}

function hasSubmit(elements: unknown): boolean {
  if (!Array.isArray(elements)) return false;
  return elements.some((el) => {
    if (!isObj(el)) return false;
    if (el["tag"] === "button" && el["form_action_type"] === "submit") return true;
    if (el["tag"] === "column_set" && Array.isArray(el["columns"])) {
      return el["columns"].some((c) => isObj(c) && hasSubmit(c["elements"]));
    }
    return false;
  });
}

function checkBehaviors(b: unknown, where: string, out: string[], required = false): void {
  if (b === undefined) {
    if (required) out.push(`${where}: button without behaviors`);
    return;
  }
  if (!Array.isArray(b) || b.length === 0) {
    out.push(`${where}: behaviors must be a non-empty array`);
    return;
  }
  for (const x of b) {
    if (!isObj(x)) {
      out.push(`${where}: behavior must be an object`);
      continue;
    }
    if (x["type"] === "callback") {
      const d = decodeAction(x["value"]);
      if (!d.ok) out.push(`${where}: callback value rejected by decodeAction (${d.reason})`);
    } else if (x["type"] === "open_url") {
      if (typeof x["default_url"] !== "string" || !/^https?:\/\//.test(x["default_url"])) out.push(`${where}: open_url needs an http(s) default_url`);
    } else {
      out.push(`${where}: unknown behavior type ${String(x["type"])}`);
    }
  }
}

export interface CardReport {
  violations: string[];
  bytes: number;
  components: number;
  depth: number;
}

export function inspectCard(card: unknown): CardReport {
  const out: string[] = [];
  const json = JSON.stringify(card);
  const bytes = utf8Bytes(json);
  const ctx: Ctx = { out, names: new Map(), count: 0, maxDepth: 0 };
  if (!isObj(card)) return { violations: ["card is not an object"], bytes, components: 0, depth: 0 };
  for (const k of Object.keys(card)) if (!["schema", "config", "card_link", "header", "body"].includes(k)) out.push(`unknown top-level property ${k}`);
  if (card["schema"] !== "2.0") out.push(`schema must be "2.0"`);
  const config = card["config"];
  if (isObj(config)) {
    if (config["update_multi"] !== true) out.push("config.update_multi must be true");
    if (config["locales"] !== undefined && (!Array.isArray(config["locales"]) || config["locales"].some((l) => !["zh_cn", "en_us"].includes(String(l))))) {
      out.push("config.locales must list known locales");
    }
  }
  const header = card["header"];
  if (header !== undefined) {
    if (!isObj(header)) out.push("header must be an object");
    else {
      checkText(header["title"], "header.title", out);
      if (header["subtitle"] !== undefined) checkText(header["subtitle"], "header.subtitle", out);
      if (!HEADER_TEMPLATES.has(String(header["template"]))) out.push(`header.template ${String(header["template"])} unknown`);
      const tags = header["text_tag_list"];
      if (tags !== undefined) {
        if (!Array.isArray(tags)) out.push("header.text_tag_list must be an array");
        else {
          if (tags.length > 3) out.push(`header.text_tag_list has ${tags.length} tags (max 3)`);
          tags.forEach((t, i) => {
            if (!isObj(t) || t["tag"] !== "text_tag") out.push(`header.text_tag_list[${i}] must be a text_tag`);
            else {
              checkText(t["text"], `header.text_tag_list[${i}].text`, out);
              if (!TAG_COLORS.has(String(t["color"]))) out.push(`header.text_tag_list[${i}]: unknown color`);
            }
          });
        }
      }
    }
  }
  const body = card["body"];
  if (!isObj(body) || !Array.isArray(body["elements"])) out.push("body.elements must be an array");
  else walk(body["elements"], "body.elements", 1, null, false, ctx);

  if (bytes > MAX_BYTES) out.push(`card JSON is ${bytes} bytes (max ${MAX_BYTES})`);
  if (ctx.count > MAX_COMPONENTS) out.push(`card has ${ctx.count} components (max ${MAX_COMPONENTS})`);
  if (ctx.maxDepth > MAX_DEPTH) out.push(`nesting depth ${ctx.maxDepth} (max ${MAX_DEPTH})`);
  return { violations: out, bytes, components: ctx.count, depth: ctx.maxDepth };
}

/** Violations only. */
export function cardViolations(card: unknown): string[] {
  return inspectCard(card).violations;
}

/** Every object inside the card body (depth-first) that matches the predicate. */
export function findAll(card: unknown, pred: (o: Record<string, unknown>) => boolean): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (isObj(x)) {
      if (pred(x)) out.push(x);
      Object.values(x).forEach(visit);
    }
  };
  if (isObj(card)) visit(card["body"]);
  return out;
}

/** Buttons as { text, action (decoded callback value or undefined), url, disabled, submit, confirm }. */
export function buttonsOf(card: unknown): {
  text: string;
  action?: Record<string, unknown>;
  url?: string;
  disabled: boolean;
  submit: boolean;
  confirm: boolean;
}[] {
  return findAll(card, (o) => o["tag"] === "button").map((b) => {
    const behaviors = Array.isArray(b["behaviors"]) ? (b["behaviors"] as Record<string, unknown>[]) : [];
    const cb = behaviors.find((x) => x["type"] === "callback");
    const url = behaviors.find((x) => x["type"] === "open_url");
    return {
      text: String((b["text"] as Record<string, unknown>)["content"]),
      ...(cb ? { action: cb["value"] as Record<string, unknown> } : {}),
      ...(url ? { url: String(url["default_url"]) } : {}),
      disabled: b["disabled"] === true,
      submit: b["form_action_type"] === "submit",
      confirm: b["confirm"] !== undefined,
    };
  });
}

/** All markdown/plain text content in the card (header included), joined. */
export function textOf(card: unknown): string {
  const parts: string[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (isObj(x)) {
      if (typeof x["content"] === "string") parts.push(x["content"]);
      for (const [k, v] of Object.entries(x)) if (k !== "i18n_content") visit(v);
    }
  };
  visit(card);
  return parts.join("\n");
}
