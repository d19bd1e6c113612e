// Card callbacks. The button value says what was clicked (validated, versioned); it grants nothing: the
// operator's open_id is checked against the report's chat and stored roles. A click on an outdated card
// gets a toast and a refreshed card, never a wrong change. Answered within Lark's 3 s.
import { decodeAction, intentCard, toast, IMPORT_ACTIONS, type ActionValue } from "../../../cards/index.js";
import { parseCommand } from "../../domain/commands/parse.js";
import { UserError, type AppDeps, type Turn } from "./context.js";
import { onImportAction } from "../features/imports/adoption.js";
import type { CallbackAnswer } from "./ingress.js";
import type { Inbound } from "./inbound.js";
import { historyCardFor, restore } from "../features/questionnaire/history.js";
import type { Where } from "../features/questionnaire/replies.js";
import { saveFromForm } from "../features/questionnaire/save-from-form.js";
import { headingOf, navigate, privateNext } from "../features/questionnaire/walk.js";
import { pendingMessage, privateTarget, reportTarget, runCommand, savePendingText, shown, type CommandHandler } from "./chat.js";
import { loadView, overviewFor, sendOverview } from "../features/overview/overview.js";
import type { ReportRecord } from "../ports/report-store.js";

// The handler types are declared with the Feature (./feature.ts): a capability imports them from there.
export type { ActionHandler, CardAction } from "./feature.js";
import type { ActionHandler, CardAction } from "./feature.js";

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

export async function onCardAction(deps: AppDeps, t: Turn, a: CardAction, extra: ActionHandler[] = [], commands: CommandHandler[] = []): Promise<CallbackAnswer> {
  const decoded = decodeAction(a.value);
  if (!decoded.ok) return warn("这张卡片已失效，请重新发送命令。", "This card is no longer valid.");
  const v = decoded.action;
  // What a message meant: only its author answers; the command or the save checks everything else.
  if (v.a === "intent_run" || v.a === "intent_text") return onIntent(deps, t, a, v, commands);
  // Imports and moves decide on kept text and check the operator themselves (src/app/features/imports/).
  if (IMPORT_ACTIONS.has(v.a)) return onImportAction(deps, t, a, v);
  const report = await deps.store.getReport(v.r);
  if (!report) return warn("找不到这份报告。", "Report not found.");
  if (!(await mayAct(deps, report, a))) return warn("你不是这份报告所在群的成员，无权操作。", "You are not a member of this report's chat.");
  const where: Where = { chatId: a.chatId ?? report.chatId };
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
          await privateNext(deps, t, { chatId: a.chatId }, a.operatorOpenId, cursor, v.a === "skip");
          return info("已发送下一节", "Next section sent");
        }
        if (v.a === "goto") {
          if (!v.s) return warn("卡片缺少节信息。", "Missing section.");
          await navigate(deps, t, where, report, { kind: "goto", section: v.s });
        } else if (v.a === "skip" && v.s && report.cursorKey !== v.s) {
          return warn("这一节已经不是当前进度，已为你刷新。", "Outdated card.");
        } else {
          await navigate(deps, t, where, report, { kind: v.a === "continue" ? "next" : v.a });
        }
        return info(v.a === "back" ? "已返回上一节" : v.a === "skip" ? "已跳过" : "已发送下一节", "Done");
      }
      case "status": {
        const view = await loadView(deps, report, t.today);
        if (a.chatId && a.chatId !== report.chatId) {
          // From a private chat (an approver's card, an owner's prompt): a copy here; the group's live card stays.
          await t.out.send({ chatId: a.chatId }, overviewFor(view, await deps.overviewExtra?.(view)));
          return info("已发送最新进度", "Overview sent");
        }
        await sendOverview(deps, t, view);
        return info("已发送最新进度", "Overview sent");
      }
      case "refresh": {
        const view = await loadView(deps, report, t.today);
        return { toast: toast("info", { zh: "已刷新", en: "Refreshed" }), card: { type: "raw", data: overviewFor(view, await deps.overviewExtra?.(view)) } };
      }
      case "save_answer":
        return await saveFromForm(deps, t, a, v, report, where);
      case "restore": {
        const said = await restore(deps, t, where, report, a.operatorOpenId, { section: v.s!, version: v.n!, source: `card:${a.eventId}`, quiet: true });
        const view = await loadView(deps, (await deps.store.getReport(report.id))!, t.today);
        return { toast: toast("success", said), card: { type: "raw", data: historyCardFor(deps, view, v.s!) } };
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


/** 是 / 作为正文保存 / a section chosen, on a card that asked what a message meant. */
async function onIntent(deps: AppDeps, t: Turn, a: CardAction, v: ActionValue, commands: CommandHandler[]): Promise<CallbackAnswer> {
  const p = await deps.store.getPending(v.p!);
  if (!p || p.kind === "import" || p.kind === "move") return warn("这张卡片已失效。", "This card is no longer valid.");
  if (p.authorOpenId !== a.operatorOpenId) return warn("这是别人发的消息，请由发送者本人选择。", "Only the sender can choose.");
  if (p.resolvedAt) return info(p.outcome ? `已处理：${p.outcome}` : "已处理过了。", "Already done.");
  try {
    if (v.a === "intent_run") {
      const cmd = p.command ? parseCommand({ text: p.command, mentions: p.mentions }) : null;
      if (!cmd || cmd.kind === "invalid" || cmd.kind === "not_command") return warn("这个命令已无法执行，请重新发送。", "Cannot run this command.");
      const display = shown(p.command!, p.mentions);
      if (!(await deps.store.resolvePending(p.id, `已执行「${display}」`, t.now))) return info("已处理过了。", "Already done.");
      const m = pendingMessage(p, a.eventId, p.command!);
      try {
        await runCommand(deps, t, m, cmd, { chatId: p.chatId, messageId: m.messageId }, commands, { force: p.kind === "confirm" });
      } catch (e) {
        await deps.store.reopenPending(p.id);
        throw e;
      }
      return { toast: toast("success", `已执行：${display}`), card: { type: "raw", data: intentCard({ variant: "resolved", text: shown(p.text, p.mentions), outcome: `已执行「${display}」。` }) } };
    }
    // 作为正文保存: to the section chosen on the card, the one it was asked about, or (private) the owner's one.
    let target = v.s ? await reportTarget(deps, v.r, v.s) : p.reportId && p.sectionKey ? await reportTarget(deps, p.reportId, p.sectionKey) : null;
    if (!target && p.chatType === "p2p") {
      const found = await privateTarget(deps, t, { chatId: p.chatId, senderOpenId: p.authorOpenId }, null);
      if (found.kind === "one") target = found.target;
      else if (found.kind === "many") {
        const card = intentCard({ variant: "choose", reportId: found.options[0]!.report.id, pendingId: p.id, text: shown(p.text, p.mentions), sections: found.options.map((o) => ({ reportId: o.report.id, key: o.key, heading: o.heading })) });
        return { toast: toast("info", "请选择保存到哪一部分"), card: { type: "raw", data: card } };
      }
    }
    if (!target) return warn("没有可保存到的部分。", "Nowhere to save it.");
    if (v.s && p.chatType === "p2p") {
      // A section chosen on the card must be one of the person's own choices.
      const found = await privateTarget(deps, t, { chatId: p.chatId, senderOpenId: p.authorOpenId }, null);
      const allowed = found.kind === "one" ? [found.target] : found.kind === "many" ? found.options.map((o) => ({ report: o.report, sectionKey: o.key })) : [];
      if (!allowed.some((x) => x.report.id === target!.report.id && x.sectionKey === target!.sectionKey)) return warn("不能保存到这一部分。", "Not one of your sections.");
    }
    const view = await loadView(deps, target.report, t.today);
    const heading = headingOf(view, target.sectionKey);
    if (!(await deps.store.resolvePending(p.id, `已作为正文保存到「${heading}」`, t.now))) return info("已处理过了。", "Already done.");
    try {
      await savePendingText(deps, t, p, target);
    } catch (e) {
      await deps.store.reopenPending(p.id);
      throw e;
    }
    if (p.chatType === "p2p") await deps.store.setPrivateCursor(p.chatId, { reportId: target.report.id, sectionKey: target.sectionKey }, t.now);
    return { toast: toast("success", `已保存到「${heading}」`), card: { type: "raw", data: intentCard({ variant: "resolved", text: shown(p.text, p.mentions), outcome: `已作为正文保存到「${heading}」。` }) } };
  } catch (e) {
    if (e instanceof UserError) return { toast: toast("warning", e.message) };
    throw e;
  }
}
