// A capability's entry points, as the composition root (src/compose.ts) plugs them in: commands, card actions,
// the downloads it serves, and its share of the sweeps.
import type { ActionHandler } from "./card-actions.js";
import type { CommandHandler } from "./chat.js";
import type { OutboxStore } from "./outbox.js";
import type { DownloadPort } from "./ports.js";

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
