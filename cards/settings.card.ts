// Report settings form: title, issuing office, year, deadlines, part order.
import type { Card, CardElement } from "./kit/types.js";
import { truncate } from "./kit/text.js";
import { button, card, md, note } from "./kit/elements.js";
import { datePicker, form, input, selectStatic } from "./kit/form.js";

export interface SettingsProps {
  reportId: string;
  stateVersion: number;
  title: string;
  /** 发文机关. */
  office: string;
  year: number;
  /** yyyy-MM-dd or null. */
  internalDeadline?: string | null;
  submissionDeadline?: string | null;
  /** Named part orders offered by the template, first is the default. */
  partOrders: { name: string; label?: string }[];
  /** Name of the current order. */
  partOrder?: string;
  /** Years offered; default year-1 .. year+1. */
  years?: number[];
}

export const SETTINGS_FIELDS = {
  title: "title",
  office: "office",
  year: "year",
  internalDeadline: "internal_deadline",
  submissionDeadline: "submission_deadline",
  partOrder: "part_order",
} as const;

export function settingsCard(p: SettingsProps): Card {
  const years = (p.years ?? [p.year - 1, p.year, p.year + 1]).filter((y, i, a) => a.indexOf(y) === i);
  if (!years.includes(p.year)) years.push(p.year);
  years.sort((a, b) => a - b);

  const fields: CardElement[] = [
    input({
      name: SETTINGS_FIELDS.title,
      label: { zh: "报告标题", en: "Title" },
      maxLength: 100,
      required: true,
      defaultValue: p.title,
      placeholder: { zh: "如：某某区人民政府关于2024年度法治政府建设情况的报告", en: "Report title" },
    }),
    input({
      name: SETTINGS_FIELDS.office,
      label: { zh: "发文机关", en: "Issuing office" },
      maxLength: 60,
      required: true,
      defaultValue: p.office,
      placeholder: { zh: "如：某某区人民政府", en: "Issuing office" },
    }),
    md({ zh: "**年度**", en: "**Year**" }),
    selectStatic({
      name: SETTINGS_FIELDS.year,
      options: years.map((y) => ({ text: `${y} 年`, value: String(y) })),
      initialValue: String(p.year),
      required: true,
    }),
    md({ zh: "**内部截止日期**", en: "**Internal deadline**" }),
    datePicker({ name: SETTINGS_FIELDS.internalDeadline, initialDate: p.internalDeadline, placeholder: { zh: "选择日期", en: "Pick a date" } }),
    md({ zh: "**报送截止日期**", en: "**Submission deadline**" }),
    datePicker({ name: SETTINGS_FIELDS.submissionDeadline, initialDate: p.submissionDeadline, placeholder: { zh: "选择日期", en: "Pick a date" } }),
  ];
  if (p.partOrders.length > 0) {
    fields.push(
      md({ zh: "**部分顺序**", en: "**Part order**" }),
      selectStatic({
        name: SETTINGS_FIELDS.partOrder,
        options: p.partOrders.map((o) => ({ text: truncate(o.label ?? o.name, 40), value: o.name })),
        initialValue: p.partOrder ?? p.partOrders[0]?.name,
      }),
    );
  }
  fields.push(
    button({
      text: { zh: "保存设置", en: "Save settings" },
      role: "main",
      name: "settings_submit",
      submit: true,
      action: { a: "settings", r: p.reportId, rv: p.stateVersion },
    }),
  );
  return card({
    header: { title: { zh: "报告设置", en: "Report settings" }, subtitle: truncate(p.title, 60), tone: "neutral" },
    elements: [form("settings_form", fields), note({ zh: "截止日期用于计算剩余工作日和发送提醒。", en: "Deadlines drive countdowns and reminders." })],
    summary: "报告设置",
  });
}
