// Card callbacks. The button value says what was clicked (validated, versioned); it grants nothing: the
// operator's open_id is checked against the report's chat and stored roles. A click on an outdated card
// gets a toast and a refreshed card, never a wrong change. Answered within Lark's 3 s.
import { decodeAction, sectionPromptCard, toast, ANSWER_FIELD, MODE_FIELD, PENDING_ACTIONS, type ActionValue } from "../../cards/index.js";
import { onPendingAction } from "./imports.js";
import { UserError, type AppDeps, type Turn } from "./context.js";
import type { CallbackAnswer } from "./ingress.js";
import type { Inbound } from "./inbound.js";
import * as q from "./questionnaire.js";
import { loadView, overviewFor, sendOverview } from "./overview.js";
import { promptProps } from "./report-view.js";
import type { ReportRecord } from "./store.js";

export type CardAction = Extract<Inbound, { kind: "card_action" }>;
export type ActionHandler = (deps: AppDeps, t: Turn, a: CardAction, v: ActionValue, report: ReportRecord) => Promise<CallbackAnswer | null>;

const info = (zh: string, en: string): CallbackAnswer => ({ toast: toast("info", { zh, en }) });
const warn = (zh: string, en: string): CallbackAnswer => ({ toast: toast("warning", { zh, en }) });
const ok = (zh: string, en: string): CallbackAnswer => ({ toast: toast("success", { zh, en }) });

/** May this person act on this report from where they clicked? */
export async function mayAct(deps: AppDeps, report: ReportRecord, a: CardAction): Promise<boolean> {
  if (a.chatId && a.chatId === report.chatId) return true; // clicked inside the report's own chat
  if (report.ownerOpenId === a.operatorOpenId) return true;
  if (await deps.store.isMember(report.chatId, a.operatorOpenId)) return true;
  return (await deps.store.owners(report.id)).some((o) => o.openId === a.operatorOpenId);
}

export async function onCardAction(deps: AppDeps, t: Turn, a: CardAction, extra: ActionHandler[] = []): Promise<CallbackAnswer> {
  const decoded = decodeAction(a.value);
  if (!decoded.ok) return warn("这张卡片已失效，请重新发送命令。", "This card is no longer valid.");
  const v = decoded.action;
  // Imports and moves decide on stored text and check the operator themselves (imports.ts).
  if (PENDING_ACTIONS.has(v.a)) return onPendingAction(deps, t, a, v);
  const report = await deps.store.getReport(v.r);
  if (!report) return warn("找不到这份报告。", "Report not found.");
  if (!(await mayAct(deps, report, a))) return warn("你不是这份报告所在群的成员，无权操作。", "You are not a member of this report's chat.");
  const where: q.Where = { chatId: a.chatId ?? report.chatId };
  try {
    switch (v.a) {
      case "next":
      case "continue":
      case "skip":
      case "back":
      case "goto": {
        if (a.chatId && a.chatId !== report.chatId) {
          // A prompt in a private chat: walk that person's own sections.
          const cursor = await deps.store.privateCursor(a.chatId);
          await q.privateNext(deps, t, { chatId: a.chatId }, a.operatorOpenId, cursor, v.a === "skip");
          return info("已发送下一节", "Next section sent");
        }
        if (v.a === "goto") {
          if (!v.s) return warn("卡片缺少节信息。", "Missing section.");
          await q.navigate(deps, t, where, report, { kind: "goto", section: v.s });
        } else if (v.a === "skip" && v.s && report.cursorKey !== v.s) {
          return warn("这一节已经不是当前进度，已为你刷新。", "Outdated card.");
        } else {
          await q.navigate(deps, t, where, report, { kind: v.a === "continue" ? "next" : v.a });
        }
        return info(v.a === "back" ? "已返回上一节" : v.a === "skip" ? "已跳过" : "已发送下一节", "Done");
      }
      case "status": {
        await sendOverview(deps, t, await loadView(deps, report, t.today));
        return info("已发送最新进度", "Overview sent");
      }
      case "refresh": {
        const view = await loadView(deps, report, t.today);
        return { toast: toast("info", { zh: "已刷新", en: "Refreshed" }), card: { type: "raw", data: overviewFor(view, await deps.overviewExtra?.(view)) } };
      }
      case "save_answer": {
        const view = await loadView(deps, report, t.today);
        if (!v.s || !view.outline.some((s) => s.key === v.s)) return warn("这一节已被删除，回答没有保存。", "This section no longer exists.");
        const form = a.formValue ?? {};
        const text = typeof form[ANSWER_FIELD] === "string" ? (form[ANSWER_FIELD] as string) : "";
        const mode = form[MODE_FIELD] === "replace" ? "replace" : "append";
        if (mode === "replace" && v.rv !== undefined && v.rv !== report.stateVersion) {
          return { ...warn("内容已被他人更新，请看最新内容后再替换。", "The section changed; review before replacing."), card: { type: "raw", data: sectionPromptCard(promptProps(view, v.s)) } };
        }
        const saved = await q.saveAnswer(deps, t, where, {
          report,
          sectionKey: v.s,
          authorOpenId: a.operatorOpenId,
          text,
          mode,
          quiet: true,
          maxChars: q.MAX_FORM_ANSWER_CHARS,
          sourceMessageId: `card:${a.eventId}`,
        });
        if (!saved) return info("已保存", "Saved");
        return { toast: toast("success", { zh: `已保存（${saved.added} 字）`, en: `Saved (${saved.added} chars)` }), card: { type: "raw", data: q.receipt(saved.view, v.s, a.operatorOpenId, saved.added, mode) } };
      }
    }
    for (const h of extra) {
      const answer = await h(deps, t, a, v, report);
      if (answer) return answer;
    }
    return warn("这个按钮暂不可用。", "Not available.");
  } catch (e) {
    if (e instanceof UserError) return { toast: toast("warning", e.message) };
    throw e;
  }
}

