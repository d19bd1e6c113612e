// Messages: commands, answers (replies to prompts, @mentions on the cursor's section, private chats).
import { parseCommand, type Command } from "../domain/commands.js";
import { UserError, type AppDeps, type Turn } from "./context.js";
import type { Inbound } from "./inbound.js";
import * as q from "./questionnaire.js";
import { loadView } from "./overview.js";
import { sendOverview } from "./overview.js";
import { createFromPrevious } from "./year-over-year.js";

export type Message = Extract<Inbound, { kind: "message" }>;

/** Extension point for later capabilities (export, approvals, reminders): return true when handled. */
export type CommandHandler = (deps: AppDeps, t: Turn, m: Message, cmd: Command, where: q.Where) => Promise<boolean>;

export async function onMessage(deps: AppDeps, t: Turn, m: Message, extra: CommandHandler[] = []): Promise<void> {
  const where: q.Where = { chatId: m.chatId, messageId: m.messageId };
  try {
    if (m.chatType === "p2p") return await onPrivate(deps, t, m, where, extra);
    await deps.store.touchMember(m.chatId, m.senderOpenId, t.now);
    const addressed = m.mentionsBot || m.text.startsWith("/");
    const cmd: Command = addressed ? parseCommand({ text: m.text, mentions: m.mentions }) : { kind: "not_command" };
    if (cmd.kind === "invalid") throw new UserError(cmd.message);
    if (cmd.kind !== "not_command") return await runGroupCommand(deps, t, m, cmd, where, extra);

    // An answer: a reply to a section prompt, or an @mention while the chat's cursor is on a section.
    const prompt = m.parentId ? await deps.store.findPrompt(m.parentId) : null;
    if (prompt && prompt.chatId === m.chatId) {
      const report = await deps.store.getReport(prompt.reportId);
      if (!report) throw new UserError("这份报告已不存在。");
      await q.saveAnswer(deps, t, where, { report, sectionKey: prompt.sectionKey, authorOpenId: m.senderOpenId, text: m.text, mode: "append", sourceMessageId: m.messageId });
      return;
    }
    if (!m.mentionsBot) return; // ordinary group chatter
    const id = await deps.store.currentReportId(m.chatId);
    const report = id ? await deps.store.getReport(id) : null;
    if (report && report.cursorKey && m.text.trim() !== "") {
      await q.saveAnswer(deps, t, where, { report, sectionKey: report.cursorKey, authorOpenId: m.senderOpenId, text: m.text, mode: "append", sourceMessageId: m.messageId });
      return;
    }
    await q.showHelp(t, where);
  } catch (e) {
    if (e instanceof UserError) return q.replyError(t, where, e.message, e.hint);
    throw e;
  }
}

async function runGroupCommand(deps: AppDeps, t: Turn, m: Message, cmd: Command, where: q.Where, extra: CommandHandler[]) {
  switch (cmd.kind) {
    case "help":
      return q.showHelp(t, where);
    case "templates":
      return q.listTemplates(deps, t, where);
    case "reports":
      return q.listReports(deps, t, where);
    case "use":
      return q.useReport(deps, t, where, cmd.target);
    case "new_report":
      if (cmd.from) return createFromPrevious(deps, t, where, { eventId: m.eventId, ownerOpenId: m.senderOpenId, title: cmd.title, from: cmd.from });
      return q.createReport(deps, t, where, { eventId: m.eventId, ownerOpenId: m.senderOpenId, title: cmd.title, template: cmd.template });
  }
  const report = await q.currentReport(deps, m.chatId);
  switch (cmd.kind) {
    case "next":
    case "skip":
    case "back":
      return q.navigate(deps, t, where, report, { kind: cmd.kind });
    case "goto":
      return q.navigate(deps, t, where, report, { kind: "goto", section: cmd.section });
    case "undo":
      return q.undo(deps, t, where, report, m.senderOpenId);
    case "history":
      return q.showHistory(deps, t, where, report, cmd.section);
    case "status":
      return sendOverview(deps, t, await loadView(deps, report, t.today));
    case "assign":
      return q.assign(deps, t, where, report, m.senderOpenId, cmd.section, cmd.assignees);
    case "deadline":
    case "submission_deadline":
    case "office":
    case "year":
    case "title":
    case "report_title":
    case "order":
    case "add":
    case "remove":
      return q.applySetting(deps, t, where, report, m.senderOpenId, cmd);
  }
  for (const h of extra) if (await h(deps, t, m, cmd, where)) return;
  throw new UserError("这个命令暂不可用。", "发送「帮助」查看可用命令。");
}

async function onPrivate(deps: AppDeps, t: Turn, m: Message, where: q.Where, extra: CommandHandler[]) {
  const cmd = parseCommand({ text: m.text, mentions: m.mentions });
  if (cmd.kind === "invalid") throw new UserError(cmd.message);
  const cursor = await deps.store.privateCursor(m.chatId);
  switch (cmd.kind) {
    case "help":
      return q.showHelp(t, where);
    case "next":
      return q.privateNext(deps, t, where, m.senderOpenId, cursor, false);
    case "skip":
      return q.privateNext(deps, t, where, m.senderOpenId, cursor, true);
    case "not_command":
      break;
    default: {
      for (const h of extra) if (await h(deps, t, m, cmd, where)) return;
      throw new UserError("这个命令请在报告所在的群里使用。", "私聊中可以：直接发送内容填写当前一节、继续、跳过、帮助。");
    }
  }
  // An answer in a private chat: to the prompt it replies to, else to the private cursor.
  const prompt = m.parentId ? await deps.store.findPrompt(m.parentId) : null;
  const target = prompt && (prompt.chatId === m.chatId || prompt.chatId === m.senderOpenId) ? { reportId: prompt.reportId, sectionKey: prompt.sectionKey } : cursor;
  if (!target) return q.privateNext(deps, t, where, m.senderOpenId, null, false);
  const report = await deps.store.getReport(target.reportId);
  if (!report) throw new UserError("这份报告已不存在。");
  const owners = await deps.store.owners(report.id);
  const allowed = owners.some((o) => o.openId === m.senderOpenId && o.sectionKey === target.sectionKey) || report.ownerOpenId === m.senderOpenId || (await deps.store.isMember(report.chatId, m.senderOpenId));
  if (!allowed) throw new UserError("你不是这份报告所在群的成员，不能填写。");
  await q.saveAnswer(deps, t, where, { report, sectionKey: target.sectionKey, authorOpenId: m.senderOpenId, text: m.text, mode: "append", sourceMessageId: m.messageId });
}
