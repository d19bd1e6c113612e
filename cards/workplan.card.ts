// The work plan (工作要点) cards: the confirmation card after 导入工作要点 (counts, groups, offices, tasks without an
// office, a deadline found), and the office card mapping each office to people (a form of person pickers).
import type { Card, CardElement } from "./kit/types.js";
import { type Person, escapeMd, personMd, truncate } from "./kit/text.js";
import { button, buttonRow, card, md, note, panel } from "./kit/elements.js";
import { form, multiSelectPerson } from "./kit/form.js";

export interface WorkPlanCardProps {
  reportId: string;
  planId: string;
  /** The plan's own title ("2023年交通法治工作要点"), if it has one. */
  title: string | null;
  state: "pending" | "confirmed" | "cancelled";
  tasks: number;
  groups: { title: string; tasks: number }[];
  /** Lead offices with the number of tasks each leads. */
  offices: { name: string; tasks: number }[];
  /** Tasks without any office. */
  unassigned: { number: number; title: string }[];
  /** The part whose sub-sections the groups become ("一、主要举措和成效"). */
  partHeading: string;
  /** A deadline about the report found in the plan. */
  deadline?: { date: string; label: string; sentence: string; set: boolean };
}

const MAX_LISTED = 12;

export function workPlanCard(p: WorkPlanCardProps): Card {
  const r = p.reportId;
  const els: CardElement[] = [];
  els.push(md(`识别出 **${p.tasks}** 项任务、**${p.groups.length}** 组、**${p.offices.length}** 个牵头科室${p.title ? `（${escapeMd(p.title)}）` : ""}。`));
  if (p.offices.length > 0) {
    els.push(md(`**牵头科室**\n${p.offices.map((o) => `${escapeMd(o.name)}（${o.tasks} 项）`).join("、")}`));
  }
  if (p.groups.length > 0) {
    const lines = p.groups.slice(0, MAX_LISTED).map((g, i) => `${i + 1}. ${escapeMd(truncate(g.title, 40))}（${g.tasks} 项）`);
    if (p.groups.length > MAX_LISTED) lines.push(`…共 ${p.groups.length} 组`);
    els.push(panel(`确认后，「${escapeMd(p.partHeading)}」的小标题改为这 ${p.groups.length} 组`, [md(lines.join("\n"))]));
  } else {
    els.push(md(`要点没有分组：任务将作为「${escapeMd(p.partHeading)}」的核对清单，小标题不变。`));
  }
  if (p.unassigned.length > 0) {
    const shown = p.unassigned.slice(0, MAX_LISTED).map((t) => `任务${t.number} ${escapeMd(truncate(t.title, 30))}`);
    els.push(md(`**未注明牵头科室的任务（${p.unassigned.length} 项，暂不分配）**\n${shown.join("\n")}${p.unassigned.length > MAX_LISTED ? "\n…" : ""}`));
  }
  if (p.deadline) {
    els.push(md(`**要点中的时限**：${escapeMd(truncate(p.deadline.sentence, 80))}`));
  }
  const buttons = [];
  if (p.state === "pending") {
    buttons.push(button({ text: "确认", role: "main", action: { a: "plan_confirm", r, ref: p.planId } }));
    buttons.push(button({ text: "取消", role: "quiet", action: { a: "plan_cancel", r, ref: p.planId } }));
  }
  if (p.deadline && !p.deadline.set && p.state !== "cancelled") {
    buttons.push(button({ text: `设为内部截止日期（${p.deadline.label}）`, role: "normal", action: { a: "plan_deadline", r, ref: p.planId } }));
  }
  if (buttons.length > 0) els.push(buttonRow(buttons));
  if (p.state === "pending") els.push(note("确认后可发送“科室 局法规科 @某人”，把科室牵头的小节交给具体的人。"));
  if (p.state === "confirmed") els.push(note("已确认并应用。"));
  if (p.state === "cancelled") els.push(note("已取消，报告未作任何改动。"));
  if (p.deadline?.set) els.push(note(`内部截止日期已设为 ${escapeMd(p.deadline.label)}。`));
  const status = p.state === "pending" ? "请确认" : p.state === "confirmed" ? "已确认" : "已取消";
  return card({
    header: { title: { zh: "导入工作要点", en: "Import work plan" }, subtitle: status, tone: p.state === "cancelled" ? "neutral" : p.state === "confirmed" ? "approved" : "collecting" },
    elements: els,
    summary: `工作要点：${p.tasks} 项任务`,
  });
}

export interface OfficeCardProps {
  reportId: string;
  planId: string;
  offices: { name: string; sections: string[]; people: Person[] }[];
}

/** Form field of the i-th office. */
export const officeField = (i: number) => `office_${i}`;
export const MAX_OFFICES_ON_CARD = 30;

export function officeCard(p: OfficeCardProps): Card {
  const shown = p.offices.slice(0, MAX_OFFICES_ON_CARD);
  const fields: CardElement[] = [];
  shown.forEach((o, i) => {
    const led = o.sections.length > 0 ? `牵头 ${o.sections.length} 个小节：${o.sections.map(escapeMd).join("、")}` : "不牵头任何小节";
    const now = o.people.length > 0 ? `　现由 ${o.people.map(personMd).join(" ")} 负责` : "";
    fields.push(md(`**${escapeMd(o.name)}**　<font color='grey'>${truncate(led, 120)}</font>${now}`));
    fields.push(multiSelectPerson({ name: officeField(i), placeholder: "选择该科室的负责人", selected: o.people.flatMap((x) => (x.openId ? [x.openId] : [])) }));
  });
  fields.push(button({ text: "保存", role: "main", name: "save_offices", submit: true, action: { a: "plan_offices", r: p.reportId, ref: p.planId } }));
  const els: CardElement[] = [form("office_form", fields)];
  if (p.offices.length > MAX_OFFICES_ON_CARD) els.push(note(`共 ${p.offices.length} 个科室，其余请发送“科室 <科室名> @某人”。`));
  els.push(note("选定的人成为该科室牵头小节的负责人，并在私聊中收到填写提示。也可发送“科室 局法规科 @某人”。"));
  return card({ header: { title: { zh: "科室负责人", en: "Offices" }, tone: "collecting" }, elements: els, summary: "请指定各科室的负责人" });
}
