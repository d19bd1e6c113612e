// An in-process stand-in for Lark's Open API, used when no Lark credentials are set (the local console).
// It keeps chats and messages in memory; the console renders them. Same LarkApi interface as the SDK client.
import type { LarkApi, MsgType } from "../../app/ports/platform.js";

export interface LocalMessage {
  messageId: string;
  chatId: string;
  senderOpenId: string;
  msgType: MsgType;
  content: string;
  parentId: string | null;
  createdAt: number;
  updatedAt: number;
  fileName?: string;
  fileBytes?: Uint8Array;
}

export interface LocalLark extends LarkApi {
  readonly botOpenId: string;
  messages: LocalMessage[];
  /** Chat id of the private chat between the bot and a user. */
  p2pChatId(openId: string): string;
  /** Records a message typed by a user (the console), returning its id. */
  userMessage(p: { chatId: string; senderOpenId: string; msgType: MsgType; content: string; parentId?: string | null }): LocalMessage;
  names: Map<string, string>;
  /** Waiters notified on every change (long polling). */
  onChange(listener: () => void): () => void;
}

export function localLarkApi(opts: { botOpenId?: string; now?: () => number } = {}): LocalLark {
  const botOpenId = opts.botOpenId ?? "ou_huibao_bot";
  const now = opts.now ?? (() => Date.now());
  const messages: LocalMessage[] = [];
  const byUuid = new Map<string, LocalMessage>();
  const files = new Map<string, { name: string; bytes: Uint8Array }>();
  const listeners = new Set<() => void>();
  let seq = 0;
  const changed = () => listeners.forEach((l) => l());
  const id = (p: string) => `${p}_local_${(++seq).toString(36)}`;
  const p2p = (openId: string) => `oc_p2p_${openId}`;
  const add = (m: Omit<LocalMessage, "messageId" | "createdAt" | "updatedAt">, uuid?: string): LocalMessage => {
    if (uuid && byUuid.has(uuid)) return byUuid.get(uuid)!;
    const msg: LocalMessage = { ...m, messageId: id("om"), createdAt: now(), updatedAt: now() };
    messages.push(msg);
    if (uuid) byUuid.set(uuid, msg);
    changed();
    return msg;
  };
  return {
    botOpenId,
    messages,
    names: new Map(),
    p2pChatId: p2p,
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    userMessage(p) {
      return add({ chatId: p.chatId, senderOpenId: p.senderOpenId, msgType: p.msgType, content: p.content, parentId: p.parentId ?? null });
    },
    async sendMessage(p) {
      const chatId = p.receiveIdType === "chat_id" ? p.receiveId : p2p(p.receiveId);
      let extra: Partial<LocalMessage> = {};
      if (p.msgType === "file") {
        const f = files.get((JSON.parse(p.content) as { file_key: string }).file_key);
        if (f) extra = { fileName: f.name, fileBytes: f.bytes };
      }
      const m = add({ chatId, senderOpenId: botOpenId, msgType: p.msgType, content: p.content, parentId: null, ...extra }, p.uuid);
      return { messageId: m.messageId };
    },
    async replyMessage(p) {
      const parent = messages.find((m) => m.messageId === p.messageId);
      if (!parent) throw new Error(`unknown message ${p.messageId}`);
      const m = add({ chatId: parent.chatId, senderOpenId: botOpenId, msgType: p.msgType, content: p.content, parentId: p.messageId }, p.uuid);
      return { messageId: m.messageId };
    },
    async patchCard(p) {
      const m = messages.find((x) => x.messageId === p.messageId);
      if (!m) throw new Error(`unknown message ${p.messageId}`);
      m.content = p.content;
      m.updatedAt = now();
      changed();
    },
    async uploadFile(p) {
      const key = id("file");
      files.set(key, { name: p.fileName, bytes: p.bytes });
      return { fileKey: key };
    },
    async getMessageResource() {
      // The console has no file messages: files are sent to the bot in Feishu (see README).
      throw new Error("files are not supported in the local console");
    },
    async getBotInfo() {
      return { openId: botOpenId, name: "汇报助手" };
    },
    async getUserName(openId) {
      return this.names.get(openId) ?? null;
    },
  };
}
