// A capability's entry points, as the composition root (src/compose.ts) plugs them in: commands, card actions,
// the downloads it serves, and its share of the sweeps. The handler types live here, not in chat.ts or
// card-actions.ts (which re-export them), so that a capability those modules call can name them without a cycle.
import type { ActionValue } from "../../../cards/index.js";
import type { Command } from "../../domain/commands/command.js";
import type { AppDeps, Turn } from "./context.js";
import type { Inbound } from "./inbound.js";
import type { CallbackAnswer } from "./ingress.js";
import type { OutboxStore } from "../ports/outbox-store.js";
import type { DownloadPort } from "../ports/platform.js";
import type { Where } from "../features/questionnaire/replies.js";
import type { ReportRecord } from "../ports/report-store.js";

export type Message = Extract<Inbound, { kind: "message" }>;
export type CardAction = Extract<Inbound, { kind: "card_action" }>;

/** Extension point for later capabilities (export, approvals, reminders): return true when handled. */
export type CommandHandler = (deps: AppDeps, t: Turn, m: Message, cmd: Command, where: Where) => Promise<boolean>;

/** A card action a capability handles: its answer, or null when the action is not its own. */
export type ActionHandler = (deps: AppDeps, t: Turn, a: CardAction, v: ActionValue, report: ReportRecord) => Promise<CallbackAnswer | null>;

/** A capability's entry points. */
export interface Feature {
  commands?: CommandHandler[];
  actions?: ActionHandler[];
  /** The frozen documents it serves on the signed download links (mounted by the HTTP adapter). */
  downloads?: DownloadPort;
  /** Told when an outbox row with a purpose was delivered (e.g. to remember a card's message id). */
  delivered?: (purpose: string, messageId: string, now: Date, chatKey: string) => Promise<void>;
  /** Part of every inbox/outbox sweep: finishes work left due (e.g. a decision's follow-up); returns how much ran. */
  sweep?: (outbox: OutboxStore, now: Date) => Promise<number>;
  /** Single-process start-up: work a crashed run left mid-way becomes due now; returns how much. */
  recover?: (now: Date) => Promise<number>;
}
