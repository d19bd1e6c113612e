// Validation of report templates (model.ts `Template`), built-in or loaded from JSON.
// Pure: zod only.
import { z } from "zod";
import type { SectionTemplate, Template } from "./model.js";

/** Thrown by parseTemplate; the message names the offending field, e.g. "模板字段 parts[2].minLength 无效：应为非负整数". */
export class TemplateError extends Error {
  /** Field path such as "parts[2].minLength" ("" for the template itself). */
  readonly path: string;
  constructor(path: string, reason: string) {
    super(path ? `模板字段 ${path} 无效：${reason}` : `模板无效：${reason}`);
    this.name = "TemplateError";
    this.path = path;
  }
}

/** Section keys: lower-case ASCII words, optionally dotted ("measures.study"). */
export const SECTION_KEY_PATTERN = /^[a-z][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)*$/;
export const MAX_TITLE_LENGTH = 60;

const nonEmpty = (what: string, max?: number) => {
  let s = z.string({ error: `应为${what}（字符串）` }).trim().min(1, { error: `${what}不能为空` });
  if (max !== undefined) s = s.max(max, { error: `${what}不能超过 ${max} 个字` });
  return s;
};

const nonNegativeInt = z
  .number({ error: "应为非负整数" })
  .int({ error: "应为非负整数" })
  .min(0, { error: "应为非负整数" });

const topicSchema = z.object(
  {
    label: nonEmpty("要点名称", 40),
    keywords: z.array(nonEmpty("关键词", 30), { error: "应为关键词数组" }).min(1, { error: "至少需要一个关键词" }),
  },
  { error: "应为对象 {label, keywords}" },
);

const figureSchema = z.object(
  {
    label: nonEmpty("数据名称", 40),
    pattern: z.string({ error: "应为正则表达式字符串" }).min(1, { error: "正则表达式不能为空" }),
  },
  { error: "应为对象 {label, pattern}" },
);

const baseSectionShape = {
  key: z.string({ error: "应为字符串" }).regex(SECTION_KEY_PATTERN, {
    error: "应为小写字母开头的英文标识，如 measures 或 measures.study",
  }),
  title: nonEmpty("标题", MAX_TITLE_LENGTH),
  prompt: nonEmpty("提示语"),
  guidance: z.object(
    {
      topics: z.array(topicSchema, { error: "应为数组" }).default([]),
      example: z.string({ error: "应为字符串" }).optional(),
    },
    { error: "应为对象 {topics, example}" },
  ),
  required: z.boolean({ error: "应为 true 或 false" }),
  minLength: nonNegativeInt,
  completeAnswers: z.array(nonEmpty("完整答复"), { error: "应为字符串数组" }).default([]),
  figures: z.array(figureSchema, { error: "应为数组" }).default([]),
  mandatedItem: z.literal([1, 2, 3, 4, 5], { error: "应为 1 到 5 之间的整数" }).optional(),
};

const leafSectionSchema = z.object(
  {
    ...baseSectionShape,
    children: z
      .array(z.unknown(), { error: "应为数组" })
      .max(0, { error: "此级章节不能再有下级小标题" })
      .default([])
      .transform((): SectionTemplate[] => []),
  },
  { error: "应为章节对象" },
);

const partSectionSchema = z.object(
  {
    ...baseSectionShape,
    children: z.array(leafSectionSchema, { error: "应为数组" }).max(20, { error: "小标题不能超过 20 个" }).default([]),
  },
  { error: "应为章节对象" },
);

const partOrderSchema = z.object(
  {
    name: nonEmpty("顺序名称", 30),
    keys: z.array(z.string({ error: "应为字符串" }), { error: "应为部分标识数组" }),
  },
  { error: "应为对象 {name, keys}" },
);

export const templateSchema = z.object(
  {
    id: z.string({ error: "应为字符串" }).regex(/^[a-z][a-z0-9_-]*$/, { error: "应为小写字母开头的英文标识" }),
    name: nonEmpty("模板名称", 60),
    version: z.number({ error: "应为正整数" }).int({ error: "应为正整数" }).min(1, { error: "应为正整数" }),
    titlePattern: nonEmpty("标题格式", 120),
    preamble: leafSectionSchema,
    parts: z
      .array(partSectionSchema, { error: "应为数组" })
      .min(1, { error: "至少需要一个部分" })
      .max(10, { error: "部分不能超过 10 个" }),
    partOrders: z.array(partOrderSchema, { error: "应为数组" }).default([]),
    defaultSubsections: z.array(z.string({ error: "应为字符串" }), { error: "应为字符串数组" }).optional(),
  },
  { error: "应为模板对象" },
);

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function checkTemplate(t: Template): void {
  // Unique keys across the whole template.
  const seen = new Map<string, string>();
  const claim = (key: string, path: string) => {
    const prev = seen.get(key);
    if (prev !== undefined) throw new TemplateError(path, `标识「${key}」重复（已用于 ${prev}）`);
    seen.set(key, path);
  };
  claim(t.preamble.key, "preamble.key");
  t.parts.forEach((part, i) => {
    claim(part.key, `parts[${i}].key`);
    part.children.forEach((child, j) => claim(child.key, `parts[${i}].children[${j}].key`));
  });

  // Regular expressions must compile and must not match the empty string.
  const checkFigures = (s: SectionTemplate, base: string) => {
    s.figures.forEach((f, k) => {
      let re: RegExp;
      try {
        re = new RegExp(f.pattern);
      } catch {
        throw new TemplateError(`${base}.figures[${k}].pattern`, `正则表达式「${f.pattern}」无法编译`);
      }
      if (re.test("")) throw new TemplateError(`${base}.figures[${k}].pattern`, "正则表达式不能匹配空字符串");
    });
  };
  checkFigures(t.preamble, "preamble");
  t.parts.forEach((part, i) => {
    checkFigures(part, `parts[${i}]`);
    part.children.forEach((child, j) => checkFigures(child, `parts[${i}].children[${j}]`));
  });

  // mandatedItem: each of the five items covered by at most one part.
  const items = new Map<number, number>();
  t.parts.forEach((part, i) => {
    if (part.mandatedItem === undefined) return;
    const prev = items.get(part.mandatedItem);
    if (prev !== undefined)
      throw new TemplateError(`parts[${i}].mandatedItem`, `法定事项 ${part.mandatedItem} 已由 parts[${prev}] 覆盖`);
    items.set(part.mandatedItem, i);
  });

  // Part orders: unique names, each a permutation of the part keys.
  const partKeys = t.parts.map((p) => p.key);
  const orderNames = new Set<string>();
  t.partOrders.forEach((order, i) => {
    if (orderNames.has(order.name)) throw new TemplateError(`partOrders[${i}].name`, `顺序名称「${order.name}」重复`);
    orderNames.add(order.name);
    const used = new Set<string>();
    order.keys.forEach((key, j) => {
      if (!partKeys.includes(key)) throw new TemplateError(`partOrders[${i}].keys[${j}]`, `「${key}」不是模板的部分标识`);
      if (used.has(key)) throw new TemplateError(`partOrders[${i}].keys[${j}]`, `「${key}」重复出现`);
      used.add(key);
    });
    const missing = partKeys.filter((k) => !used.has(k));
    if (missing.length > 0)
      throw new TemplateError(`partOrders[${i}].keys`, `缺少部分 ${missing.map((k) => `「${k}」`).join("、")}，应包含全部部分各一次`);
  });

  // Default sub-sections must be level-2 keys of the template.
  const childKeys = new Set(t.parts.flatMap((p) => p.children.map((c) => c.key)));
  t.defaultSubsections?.forEach((key, i) => {
    if (!childKeys.has(key)) throw new TemplateError(`defaultSubsections[${i}]`, `「${key}」不是模板中的小标题标识`);
  });
}

/** Validates an unknown value (e.g. parsed JSON) as a Template. Throws TemplateError naming the bad field. */
export function parseTemplate(input: unknown): Template {
  const result = templateSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    if (!issue) throw new TemplateError("", "格式错误");
    let reason = issue.message;
    if (issue.code === "invalid_type" && "input" in issue && issue.input === undefined) reason = "缺少该字段";
    throw new TemplateError(formatPath(issue.path), reason);
  }
  const template: Template = result.data;
  checkTemplate(template);
  return template;
}
