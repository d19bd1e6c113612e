// Headings in text pasted into one section: a heading for that section becomes its title (the numbering is the
// bot's); one that names another mandated part gets a card offering to move the text there (the text is kept as
// pending input until decided: ./pending.ts). A move is decided by the person who pasted or the report owner.
import { importDoneCard, pasteMoveCard, toast, escapeMd, type ActionValue } from "../../../../cards/index.js";
import { importTitle } from "../../../domain/import-plan.js";
import type { OutlineSection } from "../../../domain/model.js";
import { sameTitle } from "../../../domain/outline/address.js";
import { setTitle } from "../../../domain/outline/settings.js";
import { MANDATED_ITEMS, type MandatedItem } from "../../../domain/structure/types.js";
import { splitLeadingHeading } from "../../../domain/structure/leading-heading.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import type { CardAction } from "../../runtime/feature.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import { loadView, refreshOverview } from "../overview/overview.js";
import { replyCard, replyNotice, type Where } from "../questionnaire/replies.js";
import { assertCollecting } from "../questionnaire/reports.js";
import { MAX_ANSWER_CHARS, saveAnswer } from "../questionnaire/save-answer.js";
import { update } from "../questionnaire/settings.js";
import type { PendingRecord, ReportRecord } from "../../ports/report-store.js";
import { charLength } from "../../../domain/text.js";
import { decide, info, warn, raw } from "./pending.js";

/** Short names of the mandated items, as the move card says them ("这段内容像是「不足」部分"). */
const ITEM_LABEL: Record<MandatedItem, string> = {
  measures: "主要举措和成效",
  shortcomings: "不足",
  leader: "第一责任人",
  plan: "下一年度安排",
  other: "其他情况",
};

/** The mandated item an outline part reports (template parts with mandatedItem 1..5), or null. */
function itemOf(s: OutlineSection | undefined): MandatedItem | null {
  const n = s?.spec.mandatedItem;
  return n ? (MANDATED_ITEMS[n - 1] ?? null) : null;
}

/** A section as the import and move cards name it: "开头", a part's heading, a sub-section's label and title. */
export const heading = (s: OutlineSection) => (s.level === 0 ? "开头" : s.level === 2 ? `${s.label} ${s.title}` : s.heading);

export interface SaveRequest {
  chatType: "group" | "p2p";
  report: ReportRecord;
  sectionKey: string;
  authorOpenId: string;
  text: string;
  sourceMessageId: string;
}

/**
 * Saves text pasted into a section, understanding a leading heading: a heading for this section ("三、存在的不足…"
 * pasted into 三, "（一）强化组织领导。…" into a sub-section) is taken as the section's title (the numbering is the
 * bot's), not kept as text; a part heading that names a *different* mandated part gets the move card (the text is
 * stored until decided). Without a heading this is saveAnswer.
 */
export async function saveWithHeading(deps: AppDeps, t: Turn, where: Where, p: SaveRequest, opts: { offerMove?: boolean } = {}): Promise<void> {
  const save = (text: string) =>
    saveAnswer(deps, t, where, { report: p.report, sectionKey: p.sectionKey, authorOpenId: p.authorOpenId, text, sourceMessageId: p.sourceMessageId, mode: "append", private: p.chatType === "p2p" });
  const plain = () => save(p.text);
  const split = splitLeadingHeading(p.text);
  const h = split.heading;
  if (!h) return void (await plain());
  const view = await loadView(deps, p.report, t.today);
  const section = view.outline.find((s) => s.key === p.sectionKey);
  if (!section) return void (await plain()); // saveAnswer says the section is gone
  const part = section.level === 1 ? section : section.level === 2 ? view.outline.find((s) => s.key === section.parentKey) : undefined;
  const item = itemOf(part);
  const partHeading = h.level === 1 || h.level === null;

  if ((opts.offerMove ?? true) && partHeading && h.mandated !== null && h.mandated !== item) {
    const target = moveTarget(view.outline, p.text);
    if (target) {
      assertCollecting(p.report);
      if (charLength(p.text) > MAX_ANSWER_CHARS) throw new UserError(`内容过长（${charLength(p.text)} 字），一次最多 ${MAX_ANSWER_CHARS} 字。`);
      await deps.store.savePending({ id: p.sourceMessageId, kind: "move", chatId: where.chatId, chatType: p.chatType, authorOpenId: p.authorOpenId, mentions: [], command: null, reportId: p.report.id, sectionKey: section.key, text: p.text, createdAt: t.now });
      await replyCard(t, where, pasteMoveCard({ pendingId: p.sourceMessageId, reportId: p.report.id, itemLabel: ITEM_LABEL[h.mandated], pastedHeading: h.heading, target: { heading: target.heading }, here: { heading: heading(section) } }));
      return;
    }
  }
  const titleHere =
    (section.level === 1 && (h.level === 1 || (h.level === null && h.mandated !== null && h.mandated === item))) || (section.level === 2 && h.level === 2);
  if (!titleHere) return void (await plain());
  const saved = await save(split.rest);
  const title = importTitle(h);
  if (!saved || sameTitle(title, section.title) || title === section.title) return;
  const latest = (await deps.store.getReport(p.report.id)) ?? p.report;
  const r = setTitle(latest.template, latest.settings, section.key, title);
  if (!r.ok) return;
  await update(deps, t, latest, { settings: r.settings });
  await replyNotice(t, where, "已更新标题", [`「${escapeMd(section.label)}」的标题改为：${escapeMd(title)}`, "（编号由报告统一生成，粘贴内容中的编号不作为正文保存。）"]);
  await refreshOverview(deps, t, p.report.id);
}

/** The part a pasted text's leading part heading names (the move card's target), if the outline has it. */
function moveTarget(outline: readonly OutlineSection[], text: string): OutlineSection | undefined {
  const h = splitLeadingHeading(text).heading;
  if (!h || h.mandated === null || (h.level !== 1 && h.level !== null)) return undefined;
  return outline.find((s) => s.level === 1 && itemOf(s) === h.mandated);
}

/** move_text / keep_text: the stored text goes into the part it names, or stays in the section it was pasted into. */
export async function decidePlace(deps: AppDeps, t: Turn, a: CardAction, v: ActionValue, pending: PendingRecord): Promise<CallbackAnswer> {
  const report = pending.reportId ? await deps.store.getReport(pending.reportId) : null;
  if (!report || report.id !== v.r) return warn("找不到这份报告。");
  const operator = a.operatorOpenId;
  if (operator !== pending.authorOpenId && operator !== report.ownerOpenId) return warn("只有粘贴这段内容的人或报告负责人可以决定放在哪里。");
  const move = v.a === "move_text";
  if (move && pending.kind !== "move") return warn("这张卡片已失效，请重新发送。");
  assertCollecting(report);
  const where: Where = { chatId: pending.chatId, messageId: pending.id };
  const view = await loadView(deps, report, t.today);
  const section = move ? moveTarget(view.outline, pending.text) : view.outline.find((s) => s.key === pending.sectionKey);
  if (!section) return warn(move ? "报告中已没有这一部分，内容没有保存。" : "那一节已被删除，内容没有保存。");
  const key = section.key;
  const title = move ? `已放到 ${section.heading}` : `已保留在 ${heading(section)}`;
  const done = await decide(deps, t, pending, title, async () => {
    const req: SaveRequest = { chatType: pending.chatType, report, sectionKey: key, authorOpenId: pending.authorOpenId, text: pending.text, sourceMessageId: pending.id };
    if (move) await saveWithHeading(deps, t, where, req, { offerMove: false });
    else await saveAnswer(deps, t, where, { report, sectionKey: key, authorOpenId: pending.authorOpenId, text: pending.text, sourceMessageId: pending.id, mode: "append", private: pending.chatType === "p2p" });
    return true;
  });
  if (!done) return info("正在处理或已处理。");
  return { toast: toast("success", title), card: raw(importDoneCard({ title, lines: [move ? `内容已保存到「${escapeMd(section.heading)}」。` : `内容已保存到「${escapeMd(heading(section))}」。`], reportId: report.id })) };
}
