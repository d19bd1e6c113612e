// 保存 on a prompt card's form (a card callback): the typed text, appended or replacing, judged against the section
// it edits — a stale replace keeps the typed text in the card, an append of the prefilled form saves only what was
// typed after the current text, and a text over the form's limit is refused with its count, never cut.
import { formatCount, toast, ANSWER_FIELD, MODE_FIELD, type ActionValue } from "../../../../cards/index.js";
import { sectionVersion } from "../../../domain/answers.js";
import { charLength } from "../../../domain/text.js";
import type { AppDeps, Turn } from "../../runtime/context.js";
import type { CardAction } from "../../runtime/feature.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { loadView } from "../overview/overview.js";
import { lockedNote } from "../overview/report-view.js";
import type { Where } from "./replies.js";
import { MAX_FORM_ANSWER_CHARS, receipt, saveAnswer } from "./save-answer.js";
import { headingOf, nameOf, promptCard } from "./walk.js";

const info = (zh: string, en: string): CallbackAnswer => ({ toast: toast("info", { zh, en }) });
const warn = (zh: string, en: string): CallbackAnswer => ({ toast: toast("warning", { zh, en }) });

/** 保存 on a prompt card: judged against the section it edits, never the whole report. */
export async function saveFromForm(deps: AppDeps, t: Turn, a: CardAction, v: ActionValue, report: ReportRecord, where: Where): Promise<CallbackAnswer> {
  const view = await loadView(deps, report, t.today);
  const key = v.s!;
  if (!view.outline.some((s) => s.key === key)) return warn("这一节已被删除，回答没有保存。", "This section no longer exists.");
  const form = a.formValue ?? {};
  const text = typeof form[ANSWER_FIELD] === "string" ? (form[ANSWER_FIELD] as string) : "";
  const mode = form[MODE_FIELD] === "replace" ? "replace" : "append";
  // Over the form's limit: refused with the count, never cut; no card, so what was typed stays in the form.
  const length = charLength(text);
  if (length > MAX_FORM_ANSWER_CHARS) {
    return warn(`内容过长：${formatCount(length)} 字，超过表单上限 ${formatCount(MAX_FORM_ANSWER_CHARS)} 字，没有保存。请直接回复本卡片发送。`, `Too long (${length} > ${MAX_FORM_ANSWER_CHARS}); reply with a message instead.`);
  }
  const locked = lockedNote(report);
  if (locked) return { ...warn(locked, "The report is locked."), card: { type: "raw", data: await promptCard(deps, view, key) } };
  const current = sectionVersion(view.answers, key);
  // Cards from before per-section versions carry only the report's version.
  const stale = v.sv !== undefined ? v.sv !== current : v.rv !== undefined && v.rv !== report.stateVersion;
  if (mode === "replace" && stale) {
    const last = view.answers.filter((x) => x.sectionKey === key).at(-1);
    const who = !last ? "其他人" : last.authorOpenId === a.operatorOpenId ? "你（在别处）" : (nameOf(view, last.authorOpenId) ?? "其他成员");
    const note = `保存前，本节已被${who}更新，没有替换。上面的“当前内容”是最新的；你输入的内容还在下面，确认后再保存（替换或追加）。`;
    return { ...warn(`本节已被${who}更新，没有替换；你输入的内容已保留在卡片中。`, "The section changed; your text is kept in the card."), card: { type: "raw", data: await promptCard(deps, view, key, { draft: { text, note } }) } };
  }
  let toSave = text;
  if (mode === "append") {
    // The form starts from the current text: appended, only what was typed after it is new.
    const existing = (view.texts.get(key) ?? "").trim();
    if (existing && text.trim().startsWith(existing)) {
      toSave = text.trim().slice(existing.length);
      if (toSave.trim() === "") return info("内容没有变化，没有保存。", "Nothing changed.");
    }
  }
  const saved = await saveAnswer(deps, t, where, {
    report,
    sectionKey: key,
    authorOpenId: a.operatorOpenId,
    text: toSave,
    mode,
    quiet: true,
    maxChars: MAX_FORM_ANSWER_CHARS,
    sourceMessageId: `card:${a.eventId}`,
    private: !!a.chatId && a.chatId !== report.chatId,
  });
  if (!saved) return info("已保存", "Saved");
  return {
    toast: toast("success", { zh: `已保存到「${headingOf(saved.view, key)}」（${saved.added} 字）`, en: `Saved (${saved.added} chars)` }),
    card: { type: "raw", data: receipt(saved.view, key, a.operatorOpenId, saved.added, mode, !!a.chatId && a.chatId !== report.chatId) },
  };
}
