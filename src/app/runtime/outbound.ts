// What use cases send, as durable outbox rows. Every row's uuid is derived from the event being handled and
// a running number, so re-running a handler after a crash enqueues nothing twice (unique uuid) and Lark
// sends nothing twice (Lark keeps one message per uuid for an hour).
import type { Card } from "../../../cards/index.js";
import type { OutboundPayload, OutboxStore } from "../ports/outbox-store.js";
import type { ReceiveIdType } from "../ports/platform.js";

/** FNV-1a, 64-bit, as 16 hex digits: short stable ids from longer keys. */
export function shortHash(s: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * prime) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

export type Target = { chatId: string } | { openId: string };

/** The one Card type: Card JSON 2.0 as the views in cards/ build it. */
export type { Card } from "../../../cards/index.js";

export class Outbound {
  private n = 0;

  constructor(
    private readonly store: OutboxStore,
    /** The key the uuids derive from: the event id being handled, or a pass id. */
    private readonly key: string,
    private readonly now: Date,
  ) {}

  /**
   * The same queue for work derived from something else than the event being handled (a stored decision): its
   * uuids derive from `key`, so whoever runs that work again — this event, a re-tap, the sweep after a crash —
   * queues the same rows, and nothing twice.
   */
  derive(key: string): Outbound {
    return new Outbound(this.store, key, this.now);
  }

  nextUuid(): string {
    this.n += 1;
    return `hb-${shortHash(this.key)}-${this.n}`;
  }

  private async put(payload: OutboundPayload, chatKey: string, opts: { purpose?: string; coalesceKey?: string; delayMs?: number } = {}) {
    const uuid = this.nextUuid();
    // A re-run of the same handler finds its rows already queued (same uuids): the store reports "duplicate".
    await this.store.enqueue(
      { uuid, kind: payload.kind, chatKey, payload: JSON.stringify(payload), purpose: opts.purpose, coalesceKey: opts.coalesceKey, notBefore: new Date(this.now.getTime() + (opts.delayMs ?? 0)) },
      this.now,
    );
  }

  send(to: Target, card: Card, opts: { purpose?: string; coalesceKey?: string } = {}) {
    const [receiveIdType, receiveId] = targetId(to);
    return this.put({ kind: "send", receiveIdType, receiveId, msgType: "interactive", content: JSON.stringify(card) }, receiveId, opts);
  }

  sendText(to: Target, text: string) {
    const [receiveIdType, receiveId] = targetId(to);
    return this.put({ kind: "send", receiveIdType, receiveId, msgType: "text", content: JSON.stringify({ text }) }, receiveId);
  }

  reply(chatId: string, messageId: string, card: Card, opts: { purpose?: string } = {}) {
    return this.put({ kind: "reply", messageId, msgType: "interactive", content: JSON.stringify(card) }, chatId, opts);
  }

  /** Updates a card in place. Bursts for the same key coalesce into one patch, sent after `delayMs`. */
  patch(messageId: string, card: Card, coalesceKey: string, delayMs = 300) {
    return this.put({ kind: "patch", messageId, content: JSON.stringify(card) }, `msg:${messageId}`, { coalesceKey, delayMs });
  }

  sendFile(to: Target, fileName: string, bytes: Uint8Array) {
    const [receiveIdType, receiveId] = targetId(to);
    let bin = "";
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return this.put({ kind: "file", receiveIdType, receiveId, fileName, bytes: btoa(bin) }, receiveId);
  }
}

function targetId(to: Target): [ReceiveIdType, string] {
  return "chatId" in to ? ["chat_id", to.chatId] : ["open_id", to.openId];
}

