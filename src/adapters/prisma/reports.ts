import type { Answer, OutlineSettings, ReportStatus, Template } from "../../domain/model.js";
import type { NewAnswer, OwnerRecord, PendingRecord, ReportPatch, ReportRecord, ReportStore } from "../../app/ports/report-store.js";
import { insertOnce, isUniqueViolation, type Db } from "./db.js";

type Row = Awaited<ReturnType<Db["report"]["findUnique"]>> & {};

/** touchMember: how long a write stands for, and how many (chat, user) pairs are remembered. */
const MEMBER_TOUCH_WINDOW_MS = 10 * 60_000;
const MEMBER_TOUCH_CACHE = 5_000;

export function toRecord(r: Row): ReportRecord {
  return {
    id: r.id,
    chatId: r.chatId,
    title: r.title,
    template: JSON.parse(r.templateJson) as Template,
    settings: JSON.parse(r.settingsJson) as OutlineSettings,
    office: r.office,
    recipient: r.recipient,
    year: r.year,
    internalDeadline: r.internalDeadline,
    submissionDeadline: r.submissionDeadline,
    status: r.status as ReportStatus,
    ownerOpenId: r.ownerOpenId,
    stateVersion: r.stateVersion,
    cursorKey: r.cursorKey,
    returnComment: r.returnComment,
    returnSections: r.returnSectionsJson ? (JSON.parse(r.returnSectionsJson) as string[]) : [],
    documentDate: r.documentDate,
    overviewMessageId: r.overviewMessageId,
    overviewSentAt: r.overviewSentAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    previousReportId: r.previousReportId,
    archived: r.archived,
    workPlanId: r.workPlanId,
  };
}

function toAnswer(a: { id: number; sectionKey: string; authorOpenId: string; authorName: string | null; text: string; replacesId: number | null; removed: boolean; carriedFrom?: string | null; changeId: string | null; createdAt: Date }): Answer {
  return {
    ...(a.carriedFrom ? { carriedFrom: a.carriedFrom } : {}),
    ...(a.changeId !== null ? { changeId: a.changeId } : {}),
    id: String(a.id),
    sectionKey: a.sectionKey,
    authorOpenId: a.authorOpenId,
    authorName: a.authorName ?? undefined,
    text: a.text,
    replacesId: a.replacesId === null ? null : String(a.replacesId),
    removed: a.removed,
    createdAt: a.createdAt.toISOString(),
  };
}

export class PrismaReportStore implements ReportStore {
  /** touchMember's throttle: "chatId\0openId" → epoch ms of the last write, least recent first. */
  private readonly memberSeen = new Map<string, number>();

  constructor(
    readonly db: Db,
    /** A faster writer for touchMember's row (Node: the SQLite inbox's group commit); default: Prisma's upsert. */
    private readonly writeMember?: (chatId: string, openId: string, now: Date) => Promise<void>,
  ) {}

  async createReport(r: Omit<ReportRecord, "stateVersion" | "overviewMessageId" | "overviewSentAt" | "updatedAt" | "documentDate"> & { documentDate?: string | null }): Promise<"created" | "exists"> {
    const written = await insertOnce(() =>
      this.db.report.create({
        data: {
          id: r.id,
          chatId: r.chatId,
          title: r.title,
          templateId: r.template.id,
          templateJson: JSON.stringify(r.template),
          settingsJson: JSON.stringify(r.settings),
          office: r.office,
          recipient: r.recipient,
          year: r.year,
          internalDeadline: r.internalDeadline,
          submissionDeadline: r.submissionDeadline,
          status: r.status,
          ownerOpenId: r.ownerOpenId,
          cursorKey: r.cursorKey,
          returnComment: r.returnComment,
          returnSectionsJson: r.returnSections.length ? JSON.stringify(r.returnSections) : null,
          documentDate: r.documentDate ?? null,
          createdAt: r.createdAt,
          updatedAt: r.createdAt,
        },
        select: { id: true },
      }),
    );
    return written ? "created" : "exists";
  }

  async getReport(id: string): Promise<ReportRecord | null> {
    const r = await this.db.report.findUnique({ where: { id } });
    return r ? toRecord(r) : null;
  }

  async reportsInChat(chatId: string): Promise<ReportRecord[]> {
    return (await this.db.report.findMany({ where: { chatId }, orderBy: { createdAt: "asc" } })).map(toRecord);
  }

  async reportsOwnedBy(openId: string): Promise<ReportRecord[]> {
    return (await this.db.report.findMany({ where: { ownerOpenId: openId }, orderBy: { createdAt: "asc" } })).map(toRecord);
  }

  async updateReport(id: string, expectedVersion: number, patch: ReportPatch, now: Date): Promise<ReportRecord | null> {
    const data: Record<string, unknown> = { stateVersion: { increment: 1 }, updatedAt: now };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      if (k === "settings") data.settingsJson = JSON.stringify(v);
      else if (k === "returnSections") data.returnSectionsJson = (v as string[]).length ? JSON.stringify(v) : null;
      else data[k] = v;
    }
    const { count } = await this.db.report.updateMany({ where: { id, stateVersion: expectedVersion }, data });
    if (count !== 1) return null;
    return this.getReport(id);
  }

  async touchReport(id: string, now: Date): Promise<void> {
    await this.db.report.update({ where: { id }, data: { stateVersion: { increment: 1 }, updatedAt: now } });
  }

  async setOverviewMessage(id: string, messageId: string, sentAt: Date): Promise<void> {
    await this.db.report.update({ where: { id }, data: { overviewMessageId: messageId, overviewSentAt: sentAt } });
  }

  async currentReportId(chatId: string): Promise<string | null> {
    return (await this.db.chatState.findUnique({ where: { chatId } }))?.currentReportId ?? null;
  }

  async setCurrentReport(chatId: string, reportId: string, now: Date): Promise<void> {
    await this.db.chatState.upsert({ where: { chatId }, create: { chatId, currentReportId: reportId, updatedAt: now }, update: { currentReportId: reportId, updatedAt: now } });
  }

  async privateCursor(chatId: string): Promise<{ reportId: string; sectionKey: string } | null> {
    const c = (await this.db.chatState.findUnique({ where: { chatId } }))?.cursor;
    if (!c) return null;
    const i = c.indexOf("|");
    return { reportId: c.slice(0, i), sectionKey: c.slice(i + 1) };
  }

  async setPrivateCursor(chatId: string, cursor: { reportId: string; sectionKey: string } | null, now: Date): Promise<void> {
    const v = cursor ? `${cursor.reportId}|${cursor.sectionKey}` : null;
    await this.db.chatState.upsert({ where: { chatId }, create: { chatId, cursor: v, updatedAt: now }, update: { cursor: v, updatedAt: now } });
  }

  async answers(reportId: string): Promise<Answer[]> {
    return (await this.db.answer.findMany({ where: { reportId }, orderBy: { id: "asc" } })).map(toAnswer);
  }

  async addAnswer(a: NewAnswer, now: Date): Promise<Answer | null> {
    try {
      const row = await this.db.answer.create({
        data: {
          reportId: a.reportId,
          sectionKey: a.sectionKey,
          authorOpenId: a.authorOpenId,
          authorName: a.authorName ?? null,
          text: a.text,
          replacesId: a.replacesId ? Number(a.replacesId) : null,
          removed: a.removed ?? false,
          sourceMessageId: a.sourceMessageId ?? null,
          carriedFrom: a.carriedFrom ?? null,
          changeId: a.changeId ?? a.sourceMessageId ?? null,
          createdAt: now,
        },
      });
      return toAnswer(row);
    } catch (e) {
      // (reportId, sourceMessageId) is unique: the same message handled again saves nothing.
      if (isUniqueViolation(e)) return null;
      throw e;
    }
  }

  async owners(reportId: string): Promise<OwnerRecord[]> {
    return (await this.db.sectionOwner.findMany({ where: { reportId }, orderBy: { assignedAt: "asc" } })).map((o) => ({ sectionKey: o.sectionKey, openId: o.openId, name: o.name }));
  }

  async assignOwners(reportId: string, sectionKey: string, people: { openId: string; name: string | null }[], by: string, now: Date): Promise<void> {
    for (const p of people) {
      await this.db.sectionOwner.upsert({
        where: { reportId_sectionKey_openId: { reportId, sectionKey, openId: p.openId } },
        create: { reportId, sectionKey, openId: p.openId, name: p.name, assignedBy: by, assignedAt: now },
        update: { name: p.name },
      });
    }
  }

  async ownedSections(openId: string): Promise<{ reportId: string; sectionKeys: string[] }[]> {
    const rows = await this.db.sectionOwner.findMany({ where: { openId }, orderBy: { assignedAt: "asc" } });
    const by = new Map<string, string[]>();
    for (const r of rows) by.set(r.reportId, [...(by.get(r.reportId) ?? []), r.sectionKey]);
    return [...by.entries()].map(([reportId, sectionKeys]) => ({ reportId, sectionKeys }));
  }

  async recordPrompt(messageId: string, reportId: string, sectionKey: string, chatId: string, now: Date): Promise<void> {
    await this.db.promptMessage.upsert({ where: { messageId }, create: { messageId, reportId, sectionKey, chatId, createdAt: now }, update: {} });
  }

  async findPrompt(messageId: string) {
    const p = await this.db.promptMessage.findUnique({ where: { messageId } });
    return p ? { reportId: p.reportId, sectionKey: p.sectionKey, chatId: p.chatId } : null;
  }

  async savePending(p: Omit<PendingRecord, "resolvedAt" | "outcome">): Promise<void> {
    const data = {
      kind: p.kind,
      chatId: p.chatId,
      chatType: p.chatType,
      authorOpenId: p.authorOpenId,
      text: p.text,
      mentionsJson: p.mentions.length ? JSON.stringify(p.mentions) : null,
      command: p.command,
      reportId: p.reportId,
      sectionKey: p.sectionKey,
      createdAt: p.createdAt,
    };
    await this.db.pendingInput.upsert({ where: { id: p.id }, create: { id: p.id, ...data }, update: {} });
  }

  async getPending(id: string): Promise<PendingRecord | null> {
    const r = await this.db.pendingInput.findUnique({ where: { id } });
    if (!r) return null;
    return {
      id: r.id,
      kind: r.kind as PendingRecord["kind"],
      chatId: r.chatId,
      chatType: r.chatType === "p2p" ? "p2p" : "group",
      authorOpenId: r.authorOpenId,
      text: r.text,
      mentions: r.mentionsJson ? (JSON.parse(r.mentionsJson) as PendingRecord["mentions"]) : [],
      command: r.command,
      reportId: r.reportId,
      sectionKey: r.sectionKey,
      createdAt: r.createdAt,
      resolvedAt: r.resolvedAt,
      outcome: r.outcome,
    };
  }

  async resolvePending(id: string, outcome: string, now: Date): Promise<boolean> {
    const { count } = await this.db.pendingInput.updateMany({ where: { id, resolvedAt: null }, data: { resolvedAt: now, outcome } });
    return count === 1;
  }

  async reopenPending(id: string): Promise<void> {
    await this.db.pendingInput.updateMany({ where: { id }, data: { resolvedAt: null, outcome: null } });
  }

  /**
   * Records that the user was seen in the chat. Called on every group message, so writes are throttled: a
   * (chat, user) written in the last 10 minutes is not written again (lastSeen is only ever that coarse).
   */
  async touchMember(chatId: string, openId: string, now: Date): Promise<void> {
    const key = `${chatId}\u0000${openId}`;
    const last = this.memberSeen.get(key);
    const t = now.getTime();
    if (last !== undefined && t >= last && t - last < MEMBER_TOUCH_WINDOW_MS) return;
    if (this.writeMember) await this.writeMember(chatId, openId, now);
    else await this.db.chatMember.upsert({ where: { chatId_openId: { chatId, openId } }, create: { chatId, openId, lastSeen: now }, update: { lastSeen: now } });
    // Least recently written first: delete + set moves the key to the end; evict from the front.
    this.memberSeen.delete(key);
    this.memberSeen.set(key, t);
    if (this.memberSeen.size > MEMBER_TOUCH_CACHE) this.memberSeen.delete(this.memberSeen.keys().next().value!);
  }

  async isMember(chatId: string, openId: string): Promise<boolean> {
    return (await this.db.chatMember.findUnique({ where: { chatId_openId: { chatId, openId } } })) !== null;
  }
}
