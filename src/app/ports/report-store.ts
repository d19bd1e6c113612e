// The report storage port: what the use cases need, in domain terms. Implemented with Prisma in
// src/adapters/prisma/reports.ts (SQLite on Node, D1 on Workers).
import type { Answer, OutlineSettings, ReportStatus, Template } from "../../domain/model.js";

export interface ReportRecord {
  id: string;
  chatId: string;
  title: string;
  template: Template;
  settings: OutlineSettings;
  office: string;
  recipient: string;
  year: number;
  internalDeadline: string | null;
  submissionDeadline: string | null;
  status: ReportStatus;
  ownerOpenId: string;
  /** Bumped by every change; cards carry it so stale clicks are detected. */
  stateVersion: number;
  /** The group's cursor: the section being walked. */
  cursorKey: string | null;
  returnComment: string | null;
  returnSections: string[];
  /** 成文日期 (YYYY-MM-DD) taken from an imported document; null: exports are dated the day they are made. */
  documentDate: string | null;
  overviewMessageId: string | null;
  overviewSentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** The report this one continues (参照); set through YearStore (src/app/ports/year-store.ts). */
  previousReportId?: string | null;
  /** An archive (last year's report kept for reference): no reminders. */
  archived?: boolean;
  /** The confirmed work plan the report follows. */
  workPlanId?: string | null;
}

export type ReportPatch = Partial<
  Pick<
    ReportRecord,
    | "title"
    | "settings"
    | "office"
    | "recipient"
    | "year"
    | "internalDeadline"
    | "submissionDeadline"
    | "status"
    | "cursorKey"
    | "returnComment"
    | "returnSections"
    | "documentDate"
  >
>;

export interface OwnerRecord {
  sectionKey: string;
  openId: string;
  name: string | null;
}

export interface NewAnswer {
  reportId: string;
  sectionKey: string;
  authorOpenId: string;
  authorName?: string | null;
  text: string;
  replacesId?: string | null;
  removed?: boolean;
  sourceMessageId?: string | null;
  /** 沿用去年文字: the id of last year's report the text is copied from. */
  carriedFrom?: string | null;
  /** The change this revision belongs to (src/domain/answers.ts); default: its source message. */
  changeId?: string | null;
}

/** A message kept until its author says what they meant (see PendingInput in prisma/schema.prisma). */
export interface PendingRecord {
  /** The message id it came from. */
  id: string;
  /** suggest … confirm: src/app/runtime/chat.ts asks what a message meant; import, move: src/app/features/imports/ (offer.ts, pasted-headings.ts). */
  kind: "suggest" | "invalid" | "unclear" | "choose" | "confirm" | "import" | "move";
  chatId: string;
  chatType: "group" | "p2p";
  authorOpenId: string;
  text: string;
  mentions: { key: string; openId: string; name: string }[];
  command: string | null;
  reportId: string | null;
  sectionKey: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
  outcome: string | null;
}

export interface ReportStore {
  createReport(r: Omit<ReportRecord, "stateVersion" | "overviewMessageId" | "overviewSentAt" | "updatedAt" | "documentDate"> & { documentDate?: string | null }): Promise<"created" | "exists">;
  getReport(id: string): Promise<ReportRecord | null>;
  reportsInChat(chatId: string): Promise<ReportRecord[]>;
  /** Reports the user is the owner (负责人) of, oldest first. */
  reportsOwnedBy(openId: string): Promise<ReportRecord[]>;
  /** Applies the patch only if the report is still at `expectedVersion`; bumps the version. */
  updateReport(id: string, expectedVersion: number, patch: ReportPatch, now: Date): Promise<ReportRecord | null>;
  /** Bumps the version without other changes (answers changed). */
  touchReport(id: string, now: Date): Promise<void>;
  setOverviewMessage(id: string, messageId: string, sentAt: Date): Promise<void>;

  currentReportId(chatId: string): Promise<string | null>;
  setCurrentReport(chatId: string, reportId: string, now: Date): Promise<void>;
  /** A private chat's cursor: "reportId|sectionKey". */
  privateCursor(chatId: string): Promise<{ reportId: string; sectionKey: string } | null>;
  setPrivateCursor(chatId: string, cursor: { reportId: string; sectionKey: string } | null, now: Date): Promise<void>;

  answers(reportId: string): Promise<Answer[]>;
  /** Appends a revision. Returns null if a revision from the same source message already exists. */
  addAnswer(a: NewAnswer, now: Date): Promise<Answer | null>;

  owners(reportId: string): Promise<OwnerRecord[]>;
  assignOwners(reportId: string, sectionKey: string, people: { openId: string; name: string | null }[], by: string, now: Date): Promise<void>;
  /** Reports in which the user owns sections, with those section keys. */
  ownedSections(openId: string): Promise<{ reportId: string; sectionKeys: string[] }[]>;

  recordPrompt(messageId: string, reportId: string, sectionKey: string, chatId: string, now: Date): Promise<void>;
  findPrompt(messageId: string): Promise<{ reportId: string; sectionKey: string; chatId: string } | null>;

  /** Keeps a pending message; a second save of the same id changes nothing (a re-run). */
  savePending(p: Omit<PendingRecord, "resolvedAt" | "outcome">): Promise<void>;
  getPending(id: string): Promise<PendingRecord | null>;
  /** Marks it resolved; false when it already was (one tap wins). */
  resolvePending(id: string, outcome: string, now: Date): Promise<boolean>;
  /** Undoes resolvePending when what the tap asked for was refused (so it can be tapped again). */
  reopenPending(id: string): Promise<void>;

  touchMember(chatId: string, openId: string, now: Date): Promise<void>;
  isMember(chatId: string, openId: string): Promise<boolean>;
}
