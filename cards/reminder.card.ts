// Reminders: a group reminder mentioning owners, a private nudge, and an escalation to leaders.
import type { Card, CardElement } from "./kit/types.js";
import { type Person, escapeMd, formatCount, personMd, truncate } from "./kit/text.js";
import type { Tone } from "./kit/tone.js";
import { button, buttonRow, card, md, note, panel } from "./kit/elements.js";
import { type DeadlineCountdown, CALENDAR_NOTE, deadlineMd } from "./kit/deadline.js";

export type OweIssue = "empty" | "thin" | "placeholders" | "attention";

export interface OweItem {
  sectionKey: string;
  /** "一（二）深化放管服改革". */
  heading: string;
  issue: OweIssue;
  /** For thin: current and minimum size. */
  chars?: number;
  minLength?: number;
  /** For placeholders: the placeholders found, e.g. ["XX", "××"]. */
  placeholders?: string[];
}

export interface Owe {
  person: Person;
  items: OweItem[];
  /** The bucket of sections that have no owner yet (listed, but not counted as a person). */
  unowned?: boolean;
}

/** "N 位负责人" counts people: the bucket of sections without an owner is not one. */
function peopleCount(owes: Owe[]): number {
  return owes.filter((o) => !o.unowned).length;
}

interface ReminderBase {
  reportId: string;
  stateVersion: number;
  title: string;
  deadlines?: { internal?: DeadlineCountdown | null; submission?: DeadlineCountdown | null };
  /** The holiday calendar does not cover the year: working days counted Mon–Fri. */
  calendarNotCovered?: boolean;
}

export interface GroupReminderProps extends ReminderBase {
  variant: "group";
  owes: Owe[];
}

export interface PrivateReminderProps extends ReminderBase {
  variant: "private";
  /** What the recipient still owes. */
  items: OweItem[];
}

export interface EscalationReminderProps extends ReminderBase {
  variant: "escalation";
  owes: Owe[];
  /** Leaders to alert. */
  escalateTo: Person[];
}

export type ReminderProps = GroupReminderProps | PrivateReminderProps | EscalationReminderProps;

const MAX_PEOPLE = 15;
/** Sections listed per person in a group reminder or an escalation (then "等 N 项"). */
const MAX_ITEMS = 4;
/** Sections listed in a private reminder: all of a part owner's sub-sections fit (a part has at most 20). */
const MAX_PRIVATE_ITEMS = 21;

const ISSUE_MARK: Record<OweIssue, string> = { empty: "⬜", thin: "📝", placeholders: "⚠️", attention: "⚠️" };

function issueText(i: OweItem): string {
  const h = escapeMd(truncate(i.heading, 30));
  switch (i.issue) {
    case "empty":
      return `${ISSUE_MARK.empty} ${h} 未填写`;
    case "thin":
      return i.chars !== undefined && i.minLength !== undefined
        ? `${ISSUE_MARK.thin} ${h} 内容偏少（${formatCount(i.chars)}/${formatCount(i.minLength)} 字）`
        : `${ISSUE_MARK.thin} ${h} 内容偏少`;
    case "placeholders": {
      const ph = (i.placeholders ?? []).slice(0, 3).map((x) => `「${escapeMd(truncate(x, 10))}」`).join("");
      return `${ISSUE_MARK.placeholders} ${h} 含占位符${ph}`;
    }
    case "attention":
      return `${ISSUE_MARK.attention} ${h} 需完善`;
  }
}

function itemsText(items: OweItem[], sep: string, max = MAX_ITEMS): string {
  const shown = items.slice(0, max).map(issueText);
  if (items.length > max) shown.push(`等 ${items.length} 项`);
  return shown.join(sep);
}

function deadlineInfo(p: ReminderBase): { els: CardElement[]; tone: Tone } {
  const ds: { zh: string; en: string; overdue: boolean; urgent: boolean }[] = [];
  if (p.deadlines?.internal) ds.push(deadlineMd("internal", p.deadlines.internal));
  if (p.deadlines?.submission) ds.push(deadlineMd("submission", p.deadlines.submission));
  const els: CardElement[] = [];
  if (ds.length > 0) els.push(md({ zh: `⏰ ${ds.map((d) => d.zh).join(" · ")}`, en: `⏰ ${ds.map((d) => d.en).join(" · ")}` }));
  if (p.calendarNotCovered) els.push(note(CALENDAR_NOTE));
  const tone: Tone = ds.some((d) => d.overdue) ? "overdue" : ds.some((d) => d.urgent) ? "attention" : "collecting";
  return { els, tone };
}

function oweList(owes: Owe[]): CardElement[] {
  const lines = owes.slice(0, MAX_PEOPLE).map((o) => `${personMd(o.person)}：${itemsText(o.items, "；")}`);
  const more = owes.length > MAX_PEOPLE ? [`… 另有 ${owes.length - MAX_PEOPLE} 位负责人`] : [];
  if (lines.length <= 6) return [md([...lines, ...more].join("\n"))];
  return [md(lines.slice(0, 6).join("\n")), panel(`其余 ${owes.length - 6} 位负责人`, [md([...lines.slice(6), ...more].join("\n"))])];
}

export function reminderCard(p: ReminderProps): Card {
  const r = p.reportId;
  const rv = p.stateVersion;
  const dl = deadlineInfo(p);
  const els: CardElement[] = [];
  const title = truncate(p.title, 40);

  if (p.variant === "group") {
    els.push(md({ zh: "以下部分仍待完善，请各位负责人抓紧填写：", en: "These sections still need work:" }));
    els.push(...oweList(p.owes));
    els.push(...dl.els);
    els.push(
      buttonRow([
        button({ text: { zh: "继续填写", en: "Continue" }, role: "main", action: { a: "continue", r, rv } }),
        button({ text: { zh: "查看进度", en: "Progress" }, role: "quiet", action: { a: "status", r, rv } }),
      ]),
    );
    return card({
      header: { title: { zh: `填写提醒：${title}`, en: `Reminder: ${title}` }, tone: dl.tone === "collecting" ? "attention" : dl.tone },
      elements: els,
      summary: peopleCount(p.owes) > 0 ? `填写提醒：${peopleCount(p.owes)} 位负责人待完善` : "填写提醒：有部分尚未指定负责人",
    });
  }

  if (p.variant === "private") {
    els.push(md({ zh: "你负责的以下部分仍待完善：", en: "Sections you own that still need work:" }));
    els.push(md(itemsText(p.items, "\n", MAX_PRIVATE_ITEMS)));
    els.push(...dl.els);
    const first = p.items[0];
    els.push(
      buttonRow([
        button({
          text: { zh: "继续填写", en: "Continue" },
          role: "main",
          action: first ? { a: "continue", r, s: first.sectionKey, rv } : { a: "continue", r, rv },
        }),
      ]),
    );
    return card({
      header: { title: { zh: `待你完善：${title}`, en: `Your sections: ${title}` }, tone: dl.tone === "collecting" ? "attention" : dl.tone },
      elements: els,
      summary: `待你完善 ${p.items.length} 项`,
      widthMode: "compact",
    });
  }

  // escalation
  const leaders = p.escalateTo.map(personMd).join(" ");
  els.push(md(`${leaders ? `${leaders} ` : ""}以下负责人尚未完成，请关注：`));
  els.push(...oweList(p.owes));
  els.push(...dl.els);
  els.push(buttonRow([button({ text: { zh: "查看进度", en: "Progress" }, role: "main", action: { a: "status", r, rv } })]));
  return card({
    header: { title: { zh: `逾期提醒：${title}`, en: `Overdue: ${title}` }, tone: "overdue", tags: [{ text: { zh: "已逾期", en: "Overdue" }, color: "red" }] },
    elements: els,
    summary: peopleCount(p.owes) > 0 ? `逾期提醒：${peopleCount(p.owes)} 位负责人未完成` : "逾期提醒：有部分尚未指定负责人",
  });
}
