// The small interfaces the app layer depends on. Implementations live at the edges:
// src/lark (node-sdk Client), src/storage (Prisma), src/runtimes/node/main.ts / src/runtimes/worker/main.ts (clock, ids, scheduling).
import type { ReportDocument } from "../../domain/report-document.js";

export interface Clock {
  now(): Date;
}

export interface Logger {
  /** One structured line: never pass secrets or message bodies. */
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** A verified inbound push (event or card callback), reduced to what the inbox needs. Made by the Lark adapters. */
export interface LarkPush {
  eventId: string;
  eventType: string;
  /** For im.message.receive_v1: Lark says to deduplicate on this, not on event_id. */
  messageId?: string;
  chatId?: string;
  /** The decrypted envelope, as JSON text. */
  json: string;
  envelope: Record<string, unknown>;
}

/** What the download route (src/adapters/http/download-route.ts) needs from the app. */
export interface DownloadPort {
  /** DOWNLOAD_LINK_SECRET; null when not configured (then every link is refused). */
  secret(): string | null;
  /** The injected clock. */
  now(): Date;
  /** The frozen document of version `number` of a report, or null. */
  load(reportId: string, number: number): Promise<ReportDocument | null>;
  log?: { info(event: string, fields?: Record<string, unknown>): void };
}

/** Renders a frozen document as a .docx (src/adapters/document/docx.ts). */
export type RenderDocx = (doc: ReportDocument) => Promise<Uint8Array>;

/** The text of a .docx sent to the bot (src/adapters/document/read-docx.ts), or a message saying why it cannot be read. */
export type ReadDocx = (bytes: Uint8Array) => { ok: true; text: string } | { ok: false; message: string };

export type ReceiveIdType = "chat_id" | "open_id";
export type MsgType = "text" | "post" | "interactive" | "file";

/** Lark's Open API, as much of it as huibao uses. */
export interface LarkApi {
  sendMessage(p: { receiveIdType: ReceiveIdType; receiveId: string; msgType: MsgType; content: string; uuid: string }): Promise<{ messageId: string }>;
  replyMessage(p: { messageId: string; msgType: MsgType; content: string; uuid: string }): Promise<{ messageId: string }>;
  patchCard(p: { messageId: string; content: string }): Promise<void>;
  uploadFile(p: { fileName: string; bytes: Uint8Array }): Promise<{ fileKey: string }>;
  /**
   * A file sent in a message (GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=file; scope
   * im:resource). Reads at most `maxBytes`: a larger file gives `{ tooLarge }` (with its size when announced)
   * without being read whole.
   */
  getMessageResource(p: { messageId: string; fileKey: string; maxBytes: number }): Promise<MessageResource>;
  getBotInfo(): Promise<{ openId: string; name: string }>;
  getUserName(openId: string): Promise<string | null>;
}

export type MessageResource = { bytes: Uint8Array } | { tooLarge: true; size?: number };

/** Reads a stream of byte chunks up to `maxBytes`; stops (and cancels the rest) as soon as it is exceeded. */
export async function readCapped(chunks: AsyncIterable<Uint8Array>, maxBytes: number, cancel: () => void): Promise<MessageResource> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of chunks) {
    total += c.byteLength;
    if (total > maxBytes) {
      cancel();
      return { tooLarge: true };
    }
    parts.push(c);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of parts) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { bytes };
}

/** A failed Open API call, classified for retrying. */
export class LarkApiError extends Error {
  constructor(
    message: string,
    readonly info: {
      /** HTTP status, 0 for a network failure or timeout. */
      status: number;
      /** Lark's business code, when the body carried one. */
      code?: number;
      /** Server-requested wait before retrying (x-ogw-ratelimit-reset), in ms. */
      retryAfterMs?: number;
    },
  ) {
    super(message);
    this.name = "LarkApiError";
  }

  /** Lark refused the tenant access token (invalid, expired, missing): a client drops its cached token. */
  get tokenRejected(): boolean {
    const { code } = this.info;
    return code === 99991663 || code === 99991661 || code === 99991668;
  }

  /** Network errors, timeouts, 5xx, rate limits (HTTP 429, 99991400, 230020) and an expired token are retried. */
  get retryable(): boolean {
    const { status, code } = this.info;
    if (status === 0 || status >= 500 || status === 429) return true;
    return code === 99991400 || code === 230020 || code === 99991663 || code === 11232;
  }
}
