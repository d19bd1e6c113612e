// Messages: intent before text. A message is report text when it replies to a prompt, arrives in an owner's
// private walk, or is clearly prose (src/domain/intent.ts); a near-miss command is run (when it only shows or
// navigates) or offered with one tap ("你是想：截止 2026-12-20 吗？"); nothing that may have been a command is
// saved silently, and no text is lost: what the bot asks about is kept (PendingInput) until its author taps
// 作为正文保存 or the command. A whole report (pasted, or sent as a file) is offered for import, and text that
// starts with a heading is understood, before it is saved (src/app/features/imports/).
import { fullDate } from "../../domain/date-format.js";
import { intentCard, type IntentCardProps } from "../../../cards/index.js";
import { planUndo } from "../../domain/answers.js";
import type { Command } from "../../domain/commands/command.js";
import { classifyMessage } from "../../domain/intent.js";
import { UserError, type AppDeps, type Turn } from "./context.js";
import type { Inbound } from "./inbound.js";
import { onFile } from "../features/imports/files.js";
import { offerImport } from "../features/imports/offer.js";
import { saveWithHeading } from "../features/imports/pasted-headings.js";
import { restore, showHistory, undo } from "../features/questionnaire/history.js";
import { replyCard, replyError, replyNotice, type Where } from "../features/questionnaire/replies.js";
import { assertCollecting, assertOwner, createReport, currentReport, listReports, listTemplates, showHelp, useReport } from "../features/questionnaire/reports.js";
import { applySetting, assign } from "../features/questionnaire/settings.js";
import { headingOf, navigate, privateNext } from "../features/questionnaire/walk.js";
import { loadView, sendOverview } from "../features/overview/overview.js";
import { nextUnfinished, sectionsOwnedBy } from "../features/overview/report-view.js";
import { resolveOutline } from "../../domain/outline/resolve.js";
import type { PendingRecord, ReportRecord } from "../ports/report-store.js";
import { createFromPrevious } from "../features/year-over-year/year-over-year.js";

// The handler types are declared with the Feature (./feature.ts): a capability imports them from there.
export type { CommandHandler, Message } from "./feature.js";
import type { CommandHandler, Message } from "./feature.js";

/** Where a message's text is saved: a report's section. */
export interface Target {
  report: ReportRecord;
  sectionKey: string;
}

/** Options of a command run: `force` skips the confirmation a setting may ask for (a past deadline). */
export interface RunOptions {
  force?: boolean;
}

export async function onMessage(deps: AppDeps, t: Turn, m: Message, extra: CommandHandler[] = []): Promise<void> {
  const where: Where = { chatId: m.chatId, messageId: m.messageId };
  try {
    if (m.chatType === "p2p") return await onPrivate(deps, t, m, where, extra);
    await deps.store.touchMember(m.chatId, m.senderOpenId, t.now);
    if (m.file) return await onFile(deps, t, m, where);
    const prompt = m.parentId ? await deps.store.findPrompt(m.parentId) : null;
    const reply = prompt && prompt.chatId === m.chatId ? prompt : null;
    const addressed = m.mentionsBot || m.text.startsWith("/");
    if (!reply && !addressed) return; // ordinary group chatter
    const intent = classifyMessage({ text: m.text, mentions: m.mentions, context: reply ? "reply" : "mention" });
    if (intent.kind === "command") return await runCommand(deps, t, m, intent.command, where, extra);
    const target = reply ? await reportTarget(deps, reply.reportId, reply.sectionKey) : await cursorTarget(deps, m.chatId);
    if (await offerImport(deps, t, m, where, target ?? undefined)) return;
    switch (intent.kind) {
      case "text":
        if (!target) return await showHelp(t, where);
        await saveText(deps, t, where, m, target);
        return;
      case "invalid":
        // Addressed to the bot it was meant as a command: say what is wrong. As a reply it may have been text.
        if (!reply) throw new UserError(intent.message);
        return await ask(deps, t, where, m, { kind: "invalid", target, message: intent.message });
      case "suggest":
        return await ask(deps, t, where, m, { kind: "suggest", target, command: intent.canonical });
      case "unclear":
        if (!target || m.text.trim() === "") return await showHelp(t, where);
        return await ask(deps, t, where, m, { kind: "unclear", target });
    }
  } catch (e) {
    if (e instanceof UserError) return replyError(t, where, e.message, e.hint);
    throw e;
  }
}

async function reportTarget(deps: AppDeps, reportId: string, sectionKey: string): Promise<Target> {
  const report = await deps.store.getReport(reportId);
  if (!report) throw new UserError("这份报告已不存在。");
  return { report, sectionKey };
}

/** The group's cursor: the section a message addressed to the bot answers. */
async function cursorTarget(deps: AppDeps, chatId: string): Promise<Target | null> {
  const id = await deps.store.currentReportId(chatId);
  const report = id ? await deps.store.getReport(id) : null;
  return report && report.cursorKey ? { report, sectionKey: report.cursorKey } : null;
}

/** Saves a message's text into a section; a leading heading is understood (saveWithHeading). */
async function saveText(deps: AppDeps, t: Turn, where: Where, m: Pick<Message, "messageId" | "senderOpenId" | "text" | "chatType">, target: Target, opts: { offerMove?: boolean } = {}) {
  return saveWithHeading(
    deps,
    t,
    where,
    { chatType: m.chatType, report: target.report, sectionKey: target.sectionKey, authorOpenId: m.senderOpenId, text: m.text, sourceMessageId: m.messageId },
    opts,
  );
}

/** The text as people read it: mention placeholders (@_user_2) shown as @name. */
export function shown(text: string, mentions: readonly { key: string; name: string }[]): string {
  let out = text;
  for (const x of mentions) out = out.split(x.key).join(`@${x.name || "某人"}`);
  return out;
}

async function targetHeading(deps: AppDeps, t: Turn, target: Target): Promise<string> {
  const view = await loadView(deps, target.report, t.today);
  return headingOf(view, target.sectionKey);
}

type Ask =
  | { kind: "suggest"; target: Target | null; command: string; targetLabel?: string }
  | { kind: "invalid"; target: Target | null; message: string; targetLabel?: string }
  | { kind: "unclear"; target: Target }
  | { kind: "choose"; sections: { report: ReportRecord; key: string; heading: string }[] }
  | { kind: "confirm"; reportId: string; command: string; question: string; confirm: string; id: string };

/** Keeps the message and asks what it meant, with one tap per answer. */
async function ask(deps: AppDeps, t: Turn, where: Where, m: Message, a: Ask) {
  const target = "target" in a ? a.target : null;
  const id = a.kind === "confirm" ? a.id : m.messageId;
  await deps.store.savePending({
    id,
    kind: a.kind,
    chatId: m.chatId,
    chatType: m.chatType,
    authorOpenId: m.senderOpenId,
    text: m.text,
    mentions: m.mentions,
    command: a.kind === "suggest" || a.kind === "confirm" ? a.command : null,
    reportId: target?.report.id ?? (a.kind === "confirm" ? a.reportId : null),
    sectionKey: target?.sectionKey ?? null,
    createdAt: t.now,
  });
  const base = {
    reportId: target?.report.id ?? (a.kind === "confirm" ? a.reportId : a.kind === "choose" ? (a.sections[0]?.report.id ?? "none") : "none"),
    pendingId: id,
    text: shown(m.text, m.mentions),
  };
  const label = target ? await targetHeading(deps, t, target) : "targetLabel" in a ? a.targetLabel : undefined;
  let props: IntentCardProps;
  switch (a.kind) {
    case "suggest":
      props = { ...base, variant: "suggest", command: shown(a.command, m.mentions), target: label };
      break;
    case "invalid":
      props = { ...base, variant: "invalid", message: a.message, target: label };
      break;
    case "unclear":
      props = { ...base, variant: "unclear", target: label };
      break;
    case "choose":
      props = { ...base, variant: "choose", sections: a.sections.map((s) => ({ reportId: s.report.id, key: s.key, heading: s.heading })) };
      break;
    case "confirm":
      props = { ...base, variant: "confirm", question: a.question, confirm: a.confirm };
      break;
  }
  await replyCard(t, where, intentCard(props));
}

/** Runs a command, in the group or in a private chat. */
export async function runCommand(deps: AppDeps, t: Turn, m: Message, cmd: Command, where: Where, extra: CommandHandler[], opts: RunOptions = {}) {
  if (m.chatType === "p2p") return runPrivateCommand(deps, t, m, cmd, where, extra);
  return runGroupCommand(deps, t, m, cmd, where, extra, opts);
}

async function runGroupCommand(deps: AppDeps, t: Turn, m: Message, cmd: Command, where: Where, extra: CommandHandler[], opts: RunOptions) {
  switch (cmd.kind) {
    case "help":
      return showHelp(t, where);
    case "templates":
      return listTemplates(deps, t, where);
    case "reports":
      return listReports(deps, t, where);
    case "use":
      return useReport(deps, t, where, cmd.target);
    case "new_report":
      if (cmd.from) return createFromPrevious(deps, t, where, { eventId: m.eventId, ownerOpenId: m.senderOpenId, title: cmd.title, from: cmd.from });
      return void (await createReport(deps, t, where, { eventId: m.eventId, ownerOpenId: m.senderOpenId, title: cmd.title, template: cmd.template }));
  }
  const report = await currentReport(deps, m.chatId);
  switch (cmd.kind) {
    case "next":
    case "skip":
    case "back":
      return navigate(deps, t, where, report, { kind: cmd.kind });
    case "goto":
      return navigate(deps, t, where, report, { kind: "goto", section: cmd.section });
    case "undo":
      return undo(deps, t, where, report, m.senderOpenId, m.messageId);
    case "restore":
      await restore(deps, t, where, report, m.senderOpenId, { section: cmd.section, version: cmd.version, source: m.messageId });
      return;
    case "history":
      return showHistory(deps, t, where, report, cmd.section);
    case "status":
      return sendOverview(deps, t, await loadView(deps, report, t.today));
    case "assign":
      return assign(deps, t, where, report, m.senderOpenId, cmd.section, cmd.assignees);
    case "deadline":
    case "submission_deadline": {
      assertOwner(report, m.senderOpenId);
      assertCollecting(report);
      const date = cmd.kind === "deadline" ? cmd.internal : cmd.date;
      if (!opts.force && date < t.today) {
        const what = cmd.kind === "deadline" ? "内部截止日期" : "报送截止日期";
        return ask(deps, t, where, m, {
          kind: "confirm",
          id: `${m.messageId}_c`,
          reportId: report.id,
          command: m.text,
          question: `${what} ${fullDate(date)} 已经过去（今天是 ${fullDate(t.today)}）。仍要设置吗？\n设置后提醒会按“已逾期”发送。`,
          confirm: "仍然设置",
        });
      }
      return applySetting(deps, t, where, report, m.senderOpenId, cmd);
    }
    case "office":
    case "year":
    case "title":
    case "report_title":
    case "order":
    case "add":
    case "remove":
      return applySetting(deps, t, where, report, m.senderOpenId, cmd);
  }
  for (const h of extra) if (await h(deps, t, m, cmd, where)) return;
  throw new UserError("这个命令暂不可用。", "发送「帮助」查看可用命令。");
}

async function runPrivateCommand(deps: AppDeps, t: Turn, m: Message, cmd: Command, where: Where, extra: CommandHandler[]) {
  switch (cmd.kind) {
    case "help":
      return showHelp(t, where);
    case "next":
      return privateNext(deps, t, where, m.senderOpenId, await deps.store.privateCursor(m.chatId), false);
    case "skip":
      return privateNext(deps, t, where, m.senderOpenId, await deps.store.privateCursor(m.chatId), true);
    case "undo":
      return privateUndo(deps, t, where, m);
  }
  for (const h of extra) if (await h(deps, t, m, cmd, where)) return;
  throw new UserError("这个命令请在报告所在的群里使用。", "私聊中可以：直接发送内容填写你负责的部分、继续、跳过、撤销、帮助。");
}

/** 撤销 in a private chat: in the report of the walk, else the one where the person's latest change is. */
async function privateUndo(deps: AppDeps, t: Turn, where: Where, m: Message) {
  const cursor = await deps.store.privateCursor(m.chatId);
  const ids = [...new Set([cursor?.reportId, ...(await deps.store.ownedSections(m.senderOpenId)).map((o) => o.reportId)].filter((x): x is string => !!x))];
  let best: { report: ReportRecord; at: number } | null = null;
  for (const id of ids) {
    const report = await deps.store.getReport(id);
    if (!report) continue;
    const plan = planUndo(await deps.store.answers(id), m.senderOpenId);
    if (plan.kind === "nothing") continue;
    const at = Date.parse(plan.change.revisions[0]!.createdAt);
    if (!best || at > best.at) best = { report, at };
  }
  if (!best) return replyNotice(t, where, "没有可撤销的内容", ["你没有可撤销的填写。"], "neutral");
  return undo(deps, t, where, best.report, m.senderOpenId, m.messageId);
}

// -------------------------------------------------------------------------------------------------
// Private chats: an owner's walk. Text that is not a command goes to the section the walk is on, else to the one
// unfinished section the person owns; with several, a card asks which. The receipt says where it went.

async function onPrivate(deps: AppDeps, t: Turn, m: Message, where: Where, extra: CommandHandler[]) {
  if (m.file) return onFile(deps, t, m, where);
  const intent = classifyMessage({ text: m.text, mentions: m.mentions, context: "walk" });
  if (intent.kind === "command") return runPrivateCommand(deps, t, m, intent.command, where, extra);
  const prompt = m.parentId ? await deps.store.findPrompt(m.parentId) : null;
  const found = await privateTarget(deps, t, m, prompt && (prompt.chatId === m.chatId || prompt.chatId === m.senderOpenId) ? prompt : null);
  if (await offerImport(deps, t, m, where, found.kind === "one" ? found.target : undefined)) return;
  if (intent.kind === "suggest" || intent.kind === "invalid") {
    const target = found.kind === "one" ? found.target : null;
    const targetLabel = found.kind === "many" ? "你负责的部分（点后选择）" : undefined;
    if (intent.kind === "suggest") return ask(deps, t, where, m, { kind: "suggest", target, command: intent.canonical, targetLabel });
    return ask(deps, t, where, m, { kind: "invalid", target, message: intent.message, targetLabel });
  }
  switch (found.kind) {
    case "one":
      await deps.store.setPrivateCursor(m.chatId, { reportId: found.target.report.id, sectionKey: found.target.sectionKey }, t.now);
      await saveText(deps, t, where, m, found.target);
      return;
    case "many":
      return ask(deps, t, where, m, { kind: "choose", sections: found.options });
    case "none":
      return replyNotice(
        t,
        where,
        "这段内容没有保存",
        ["你还没有负责的部分，内容无处保存。", "报告负责人在群里发送「分配 一（二） @你」后，你就能在这里直接发送内容填写；也可以在报告所在的群里回复填写卡片。"],
        "attention",
      );
  }
}

export type PrivateTarget =
  | { kind: "one"; target: Target }
  | { kind: "many"; options: { report: ReportRecord; key: string; heading: string }[] }
  | { kind: "none" };

/** Where a private message's text goes: the prompt it replies to, the walk's section, or the sections owned. */
export async function privateTarget(deps: AppDeps, t: Turn, m: Pick<Message, "chatId" | "senderOpenId">, prompt: { reportId: string; sectionKey: string } | null): Promise<PrivateTarget> {
  if (prompt) {
    const target = await reportTarget(deps, prompt.reportId, prompt.sectionKey);
    await assertMayWrite(deps, target, m.senderOpenId);
    return { kind: "one", target };
  }
  const cursor = await deps.store.privateCursor(m.chatId);
  if (cursor) {
    const report = await deps.store.getReport(cursor.reportId);
    if (report && report.status === "collecting") {
      const view = await loadView(deps, report, t.today);
      if (view.outline.some((s) => s.key === cursor.sectionKey)) {
        const target = { report, sectionKey: cursor.sectionKey };
        await assertMayWrite(deps, target, m.senderOpenId);
        return { kind: "one", target };
      }
    }
  }
  const unfinished: { report: ReportRecord; key: string; heading: string }[] = [];
  const all: typeof unfinished = [];
  for (const o of await deps.store.ownedSections(m.senderOpenId)) {
    const report = await deps.store.getReport(o.reportId);
    if (!report || report.status !== "collecting") continue;
    const view = await loadView(deps, report, t.today);
    // A part's owner also owns its sub-sections that have no owner of their own.
    const keys = sectionsOwnedBy(view, m.senderOpenId);
    for (const s of view.outline) {
      if (!keys.has(s.key)) continue;
      const option = { report, key: s.key, heading: headingOf(view, s.key) };
      all.push(option);
      if (nextUnfinished(view, null, { keys: new Set([s.key]), includeSelf: true })) unfinished.push(option);
    }
  }
  const options = unfinished.length > 0 ? unfinished : all;
  if (options.length === 1) return { kind: "one", target: { report: options[0]!.report, sectionKey: options[0]!.key } };
  if (options.length > 1) return { kind: "many", options };
  return { kind: "none" };
}

async function assertMayWrite(deps: AppDeps, target: Target, openId: string) {
  const { report, sectionKey } = target;
  if (report.ownerOpenId === openId) return;
  const owners = await deps.store.owners(report.id);
  // An owner of the section or of its part may write in it.
  const part = resolveOutline(report.template, report.settings).find((x) => x.key === sectionKey)?.parentKey ?? null;
  if (owners.some((o) => o.openId === openId && (o.sectionKey === sectionKey || o.sectionKey === part))) return;
  if (await deps.store.isMember(report.chatId, openId)) return;
  throw new UserError("你不是这份报告所在群的成员，不能填写。");
}

// -------------------------------------------------------------------------------------------------
// The answers to what the bot asked (card taps on a pending message)

/** The message a pending row stands for, as if its author sent it again (replies go to the original). */
export function pendingMessage(p: PendingRecord, eventId: string, text: string): Message {
  return {
    kind: "message",
    eventId,
    messageId: p.id.replace(/_c$/, ""),
    chatId: p.chatId,
    chatType: p.chatType,
    parentId: null,
    senderOpenId: p.authorOpenId,
    msgType: "text",
    text,
    mentions: p.mentions,
    mentionsBot: true,
    createTime: 0,
  };
}

/** 作为正文保存: the kept text saved to `target` as its author's contribution (once: the message is the source). */
export async function savePendingText(deps: AppDeps, t: Turn, p: PendingRecord, target: Target) {
  if (p.chatType === "p2p") await assertMayWrite(deps, target, p.authorOpenId);
  const where = { chatId: p.chatId, messageId: p.id };
  // Saved where its author chose: no second question about the part it belongs to.
  return saveText(deps, t, where, { messageId: p.id, senderOpenId: p.authorOpenId, text: p.text, chatType: p.chatType }, target, { offerMove: false });
}

export { reportTarget };
