// PendingText rows: text waiting for a card decision (an import, or a move to another part). See
// src/app/imports.ts for the states; claiming is a conditional update, so two clicks cannot both run a decision.
import type { PendingText, PendingTextStore } from "../app/imports.js";
import { isUniqueViolation, type Db } from "./db.js";

type Row = Awaited<ReturnType<Db["pendingText"]["findUnique"]>> & {};

function toRecord(r: Row): PendingText {
  return {
    id: r.id,
    kind: r.kind as PendingText["kind"],
    chatId: r.chatId,
    chatType: r.chatType === "p2p" ? "p2p" : "group",
    senderOpenId: r.senderOpenId,
    reportId: r.reportId,
    sectionKey: r.sectionKey,
    targetKey: r.targetKey,
    text: r.text,
    fileName: r.fileName,
    status: r.status as PendingText["status"],
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    createdAt: r.createdAt,
  };
}

/** A claim left "working" longer than this (a crash mid-way) may be taken again. */
const CLAIM_LEASE_MS = 2 * 60_000;

export class PrismaPendingTextStore implements PendingTextStore {
  constructor(private readonly db: Db) {}

  async add(p: Omit<PendingText, "status" | "decidedBy" | "decidedAt">): Promise<PendingText> {
    try {
      return toRecord(
        await this.db.pendingText.create({
          data: {
            id: p.id,
            kind: p.kind,
            chatId: p.chatId,
            chatType: p.chatType,
            senderOpenId: p.senderOpenId,
            reportId: p.reportId,
            sectionKey: p.sectionKey,
            targetKey: p.targetKey,
            text: p.text,
            fileName: p.fileName,
            createdAt: p.createdAt,
          },
        }),
      );
    } catch (e) {
      // The same message handled again: the row stored the first time stands.
      if (!isUniqueViolation(e)) throw e;
      return (await this.get(p.id))!;
    }
  }

  async get(id: string): Promise<PendingText | null> {
    const r = await this.db.pendingText.findUnique({ where: { id } });
    return r ? toRecord(r) : null;
  }

  async claim(id: string, by: string, now: Date): Promise<boolean> {
    const { count } = await this.db.pendingText.updateMany({
      where: { id, OR: [{ status: "pending" }, { status: "working", decidedAt: { lt: new Date(now.getTime() - CLAIM_LEASE_MS) } }] },
      data: { status: "working", decidedBy: by, decidedAt: now },
    });
    return count === 1;
  }

  async finish(id: string, status: "done" | "cancelled" | "pending", by: string, now: Date): Promise<void> {
    await this.db.pendingText.update({ where: { id }, data: { status, decidedBy: by, decidedAt: now } });
  }
}
