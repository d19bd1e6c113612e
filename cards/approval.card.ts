// Approval cards: the request to an approver, its decided state, the reject form, and a short group notice.
import type { ButtonElement, Card, CardElement } from "./kit/types.js";
import { type Person, escapeMd, formatCount, personMd, quoteMd, truncate } from "./kit/text.js";
import { percent, progressBar } from "./kit/tone.js";
import { button, buttonRow, card, confirmDialog, md, note } from "./kit/elements.js";
import { form, input, multiSelectStatic } from "./kit/form.js";

export interface ApprovalBase {
  reportId: string;
  stateVersion: number;
  approvalId: string;
  title: string;
  /** Document version number being approved. */
  version: number;
  /** Approval level: 第 index/total 级. */
  level: { index: number; total: number };
}

export interface Completeness {
  /** Complete parts (top-level units). */
  complete: number;
  total: number;
  chars?: number;
  /** Number of open warnings. */
  warnings?: number;
}

/** What is still missing, named by section (src/domain/gaps.ts): "待补充 1 个部分、占位 2 处" and a line each. */
export interface GapsShown {
  summary: string;
  /** Plain text lines (escaped here). */
  lines: string[];
}

export interface ApprovalRequestProps extends ApprovalBase {
  variant: "request";
  completeness: Completeness;
  /** Submitted although not every part is complete. */
  submittedIncomplete: boolean;
  submittedBy?: Person;
  /** Already formatted. */
  submittedAt?: string;
  /** Link to the generated document (http/https). */
  downloadUrl?: string;
  /** Earlier levels' decisions, if any. */
  previous?: { approver: Person; at: string; comment?: string }[];
  /** Unfinished parts and placeholders, shown before 同意. */
  gaps?: GapsShown;
}

export interface ApprovalDecidedProps extends ApprovalBase {
  variant: "decided";
  outcome: "approved" | "rejected";
  by: Person;
  at: string;
  comment?: string;
  /** Sections to rework (rejected). */
  sections?: string[];
  /** Whether a further level follows (approved). */
  nextLevelPending?: boolean;
}

export interface ApprovalRejectFormProps extends ApprovalBase {
  variant: "reject_form";
  /** Sections the approver can pick for rework. */
  sections: { key: string; heading: string }[];
}

export interface ApprovalNoticeProps extends ApprovalBase {
  variant: "notice";
  event: "submitted" | "approved" | "rejected" | "final_approved";
  by?: Person;
  approvers?: Person[];
  comment?: string;
}

export type ApprovalCardProps = ApprovalRequestProps | ApprovalDecidedProps | ApprovalRejectFormProps | ApprovalNoticeProps;

export const REJECT_COMMENT_FIELD = "comment";
export const REJECT_SECTIONS_FIELD = "sections";
/** Multi-select options beyond this are not offered (the comment can name them). */
const MAX_SECTION_OPTIONS = 60;

function levelText(b: ApprovalBase): { zh: string; en: string } {
  return { zh: `第 ${b.level.index}/${b.level.total} 级`, en: `Level ${b.level.index}/${b.level.total}` };
}

function subtitle(b: ApprovalBase): { zh: string; en: string } {
  const l = levelText(b);
  return { zh: `第 ${b.version} 版 · ${l.zh}`, en: `Version ${b.version} · ${l.en}` };
}

function requestCard(p: ApprovalRequestProps): Card {
  const c = p.completeness;
  const pct = percent(c.complete, c.total);
  const els: CardElement[] = [];
  const who = p.submittedBy ? `${personMd(p.submittedBy)} ` : "";
  const when = p.submittedAt ? `于 ${escapeMd(p.submittedAt)} ` : "";
  els.push(md(`${who}${when}提交审批，请审阅。`));
  const lines = [
    `**完成度** ${c.complete}/${c.total} 部分完成 · ${pct}%${c.chars !== undefined ? ` · 共 ${formatCount(c.chars)} 字` : ""}`,
    progressBar(c.complete, c.total),
  ];
  els.push(md(lines.join("\n")));
  const gaps = p.gaps && p.gaps.lines.length > 0 ? p.gaps : null;
  if (gaps) {
    els.push(md(`<font color='orange'>⚠️ **${escapeMd(gaps.summary)}**</font>\n${gaps.lines.map((l) => `· ${escapeMd(l)}`).join("\n")}`));
  }
  if (p.submittedIncomplete) {
    els.push(md({ zh: "<font color='red'>**注意：报告在未全部完成时提交审批。**</font>", en: "<font color='red'>**Note: submitted before every part was complete.**</font>" }));
  }
  const prev = p.previous ?? [];
  if (prev.length > 0) {
    els.push(
      md(
        prev
          .map((x) => `✅ ${personMd(x.approver)} 已同意（${escapeMd(x.at)}）${x.comment ? `：${escapeMd(truncate(x.comment, 100))}` : ""}`)
          .join("\n"),
      ),
    );
  }
  const buttons: ButtonElement[] = [];
  if (p.downloadUrl) buttons.push(button({ text: { zh: "下载报告", en: "Download" }, role: "normal", url: p.downloadUrl }));
  if (gaps) buttons.push(button({ text: { zh: "查看进度", en: "Progress" }, role: "quiet", action: { a: "status", r: p.reportId, rv: p.stateVersion } }));
  buttons.push(
    button({
      text: { zh: "同意", en: "Approve" },
      role: "main",
      action: { a: "approve", r: p.reportId, ap: p.approvalId, rv: p.stateVersion, ver: p.version },
      confirm: confirmDialog(
        { zh: "确认同意", en: "Confirm approval" },
        {
          zh: `确认同意《${truncate(p.title, 40)}》第 ${p.version} 版？${gaps ? `其中仍有${gaps.summary}。` : ""}`,
          en: `Approve version ${p.version}?`,
        },
      ),
    }),
    button({
      text: { zh: "退回", en: "Return" },
      role: "danger",
      action: { a: "reject_open", r: p.reportId, ap: p.approvalId, rv: p.stateVersion, ver: p.version },
    }),
  );
  els.push(buttonRow(buttons));
  return card({
    header: {
      title: { zh: `请审批：${truncate(p.title, 50)}`, en: `Approval: ${truncate(p.title, 50)}` },
      subtitle: subtitle(p),
      tone: "in_approval",
      tags: [
        { text: levelText(p), color: "violet" },
        ...(p.submittedIncomplete ? [{ text: { zh: "未完成提交", en: "Incomplete" }, color: "red" as const }] : []),
      ],
    },
    elements: els,
    summary: `请审批：${p.title}`,
  });
}

function decidedCard(p: ApprovalDecidedProps): Card {
  const ok = p.outcome === "approved";
  const els: CardElement[] = [];
  els.push(
    md(
      ok
        ? `✅ ${personMd(p.by)} 已同意（${escapeMd(p.at)}）`
        : `↩️ ${personMd(p.by)} 已退回（${escapeMd(p.at)}）`,
    ),
  );
  if (p.comment && p.comment.trim() !== "") els.push(md(`**意见**\n${quoteMd(truncate(p.comment, 1000))}`));
  if (!ok && p.sections && p.sections.length > 0) els.push(md(`需修改：${p.sections.map(escapeMd).join("、")}`));
  if (ok && p.nextLevelPending) els.push(note({ zh: "已转下一级审批。", en: "Forwarded to the next level." }));
  return card({
    header: {
      title: { zh: `${ok ? "已同意" : "已退回"}：${truncate(p.title, 50)}`, en: `${ok ? "Approved" : "Returned"}: ${truncate(p.title, 50)}` },
      subtitle: subtitle(p),
      tone: ok ? "approved" : "attention",
      tags: [{ text: levelText(p), color: ok ? "green" : "orange" }],
    },
    elements: els,
    summary: `${ok ? "已同意" : "已退回"}：${p.title}`,
  });
}

function rejectFormCard(p: ApprovalRejectFormProps): Card {
  const fields: CardElement[] = [
    md({ zh: "**退回意见**（必填）", en: "**Comment** (required)" }),
    input({
      name: REJECT_COMMENT_FIELD,
      multiline: true,
      rows: 4,
      maxLength: 1000,
      required: true,
      placeholder: { zh: "请说明需要修改的内容", en: "What needs to change" },
    }),
  ];
  if (p.sections.length > 0) {
    fields.push(
      md({ zh: "**需修改的部分**（可多选）", en: "**Sections to rework** (optional)" }),
      multiSelectStatic({
        name: REJECT_SECTIONS_FIELD,
        placeholder: { zh: "选择部分", en: "Choose sections" },
        options: p.sections.slice(0, MAX_SECTION_OPTIONS).map((s) => ({ text: truncate(s.heading, 40), value: s.key })),
      }),
    );
  }
  fields.push(
    button({
      text: { zh: "确认退回", en: "Return report" },
      role: "danger",
      name: "reject_submit",
      submit: true,
      action: { a: "reject", r: p.reportId, ap: p.approvalId, rv: p.stateVersion, ver: p.version },
    }),
  );
  return card({
    header: {
      title: { zh: `退回：${truncate(p.title, 50)}`, en: `Return: ${truncate(p.title, 50)}` },
      subtitle: subtitle(p),
      tone: "attention",
    },
    elements: [
      form("reject_form", fields),
      buttonRow([button({ text: { zh: "取消", en: "Cancel" }, role: "quiet", action: { a: "reject_cancel", r: p.reportId, ap: p.approvalId, rv: p.stateVersion, ver: p.version } })]),
    ],
    summary: `退回：${p.title}`,
  });
}

function noticeCard(p: ApprovalNoticeProps): Card {
  const by = p.by ? personMd(p.by) : "";
  const approvers = (p.approvers ?? []).map(personMd).join(" ");
  const lv = levelText(p).zh;
  let text: string;
  let tone: "in_approval" | "approved" | "attention";
  switch (p.event) {
    case "submitted":
      text = `📨 ${by ? `${by} ` : ""}已提交第 ${p.version} 版审批${approvers ? `，请 ${approvers} 审阅` : ""}（${lv}）。`;
      tone = "in_approval";
      break;
    case "approved":
      text = `✅ ${by} 已同意第 ${p.version} 版（${lv}）${approvers ? `，转 ${approvers} 审批` : ""}。`;
      tone = "in_approval";
      break;
    case "final_approved":
      text = `✅ 第 ${p.version} 版已审定${by ? `（${by}）` : ""}。`;
      tone = "approved";
      break;
    case "rejected":
      text = `↩️ ${by} 退回了第 ${p.version} 版（${lv}），请按意见修改。`;
      tone = "attention";
      break;
  }
  const els: CardElement[] = [md(text)];
  if (p.comment && p.comment.trim() !== "") els.push(md(quoteMd(truncate(p.comment, 300))));
  return card({
    header: { title: truncate(p.title, 60), tone },
    elements: els,
    summary: `${p.title} · 审批动态`,
    widthMode: "compact",
  });
}

export function approvalCard(p: ApprovalCardProps): Card {
  switch (p.variant) {
    case "request":
      return requestCard(p);
    case "decided":
      return decidedCard(p);
    case "reject_form":
      return rejectFormCard(p);
    case "notice":
      return noticeCard(p);
  }
}
