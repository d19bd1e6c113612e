// Lark payloads, normalised at the edge into a small typed union the bot dispatches on.
import { z } from "zod";

export interface Mention {
  key: string;
  openId: string;
  name: string;
}

export type Inbound =
  | {
      kind: "message";
      eventId: string;
      messageId: string;
      chatId: string;
      chatType: "group" | "p2p";
      parentId: string | null;
      senderOpenId: string;
      msgType: string;
      /** Plain text (post messages flattened), with the bot's own @ placeholder removed. */
      text: string;
      /** Other people mentioned; their placeholders (@_user_N) stay in `text`. */
      mentions: Mention[];
      /** A file message ({"file_key","file_name"}); its `text` is "". */
      file?: { fileKey: string; fileName: string };
      mentionsBot: boolean;
      createTime: number;
    }
  | {
      kind: "card_action";
      eventId: string;
      operatorOpenId: string;
      value: unknown;
      formValue: Record<string, unknown> | null;
      /** Standalone select/picker value (action.option). */
      option: string | null;
      messageId: string | null;
      chatId: string | null;
    }
  | { kind: "bot_added"; eventId: string; chatId: string; operatorOpenId: string | null }
  | { kind: "ignored"; eventId: string; eventType: string; reason: string };

const idSchema = z.object({ open_id: z.string().optional() }).partial().passthrough();

const messageEvent = z.object({
  sender: z.object({ sender_id: idSchema.optional(), sender_type: z.string().optional() }).passthrough(),
  message: z
    .object({
      message_id: z.string(),
      parent_id: z.string().optional().nullable(),
      chat_id: z.string(),
      chat_type: z.string(),
      message_type: z.string(),
      content: z.string(),
      create_time: z.string().optional(),
      mentions: z
        .array(z.object({ key: z.string(), id: idSchema.optional(), name: z.string().optional() }).passthrough())
        .optional()
        .nullable(),
    })
    .passthrough(),
});

const cardEvent = z.object({
  operator: z.object({ open_id: z.string() }).passthrough(),
  action: z
    .object({
      value: z.unknown().optional(),
      tag: z.string().optional(),
      form_value: z.record(z.string(), z.unknown()).optional().nullable(),
      option: z.string().optional().nullable(),
    })
    .passthrough(),
  context: z.object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() }).passthrough().optional(),
  open_message_id: z.string().optional(),
  open_chat_id: z.string().optional(),
});

/** A mention placeholder as Lark writes it into the text: "@_user_" and all its digits, or "@_all". */
const MENTION_KEY = /@_user_\d+|@_all/g;

/** Flattens a `post` message's content to text (paragraphs by line). */
function postText(content: unknown): string {
  const c = content as Record<string, unknown>;
  const body = (c?.content ? c : (c?.zh_cn ?? c?.en_us ?? Object.values(c ?? {})[0])) as { title?: string; content?: unknown[][] } | undefined;
  if (!body || !Array.isArray(body.content)) return "";
  const lines = body.content.map((para) =>
    (Array.isArray(para) ? para : [])
      .map((n) => {
        const node = n as { tag?: string; text?: string; user_id?: string };
        if (node.tag === "text" || node.tag === "a" || node.tag === "md") return node.text ?? "";
        if (node.tag === "at") return node.user_id ? `@${node.user_id}` : "";
        return "";
      })
      .join(""),
  );
  return [body.title ?? "", ...lines].filter((l, i) => i > 0 || l !== "").join("\n");
}

export function normalize(envelope: Record<string, unknown>, eventId: string, eventType: string, botOpenId: string | null): Inbound {
  const event = envelope.event;
  if (eventType === "im.message.receive_v1") {
    const r = messageEvent.safeParse(event);
    if (!r.success) return { kind: "ignored", eventId, eventType, reason: "malformed message event" };
    const { sender, message } = r.data;
    if (sender.sender_type && sender.sender_type !== "user") return { kind: "ignored", eventId, eventType, reason: "not from a user" };
    const senderOpenId = sender.sender_id?.open_id;
    if (!senderOpenId) return { kind: "ignored", eventId, eventType, reason: "no sender open_id" };
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.content);
    } catch {
      return { kind: "ignored", eventId, eventType, reason: "content is not JSON" };
    }
    let text: string;
    let file: { fileKey: string; fileName: string } | undefined;
    if (message.message_type === "text") text = String((parsed as { text?: unknown }).text ?? "");
    else if (message.message_type === "post") text = postText(parsed);
    else if (message.message_type === "file") {
      const f = parsed as { file_key?: unknown; file_name?: unknown };
      if (typeof f.file_key !== "string" || f.file_key === "") return { kind: "ignored", eventId, eventType, reason: "file message without file_key" };
      file = { fileKey: f.file_key, fileName: typeof f.file_name === "string" ? f.file_name : "" };
      text = "";
    } else return { kind: "ignored", eventId, eventType, reason: `message type ${message.message_type}` };
    const all = (message.mentions ?? []).map((m) => ({ key: m.key, openId: m.id?.open_id ?? "", name: m.name ?? "" }));
    const botKeys = all.filter((m) => botOpenId !== null && m.openId === botOpenId).map((m) => m.key);
    let mentionsBot = botKeys.length > 0;
    // Without knowing the bot's open_id, a group message that reaches us with mentions was addressed to the bot.
    if (botOpenId === null && message.chat_type === "group" && all.length > 0) {
      botKeys.push(all[0]!.key);
      mentionsBot = true;
    }
    // Whole placeholders only: removing the bot's "@_user_1" must leave "@_user_10" … "@_user_19" alone.
    if (botKeys.length > 0) text = text.replace(MENTION_KEY, (token) => (botKeys.includes(token) ? "" : token));
    return {
      kind: "message",
      eventId,
      messageId: message.message_id,
      chatId: message.chat_id,
      chatType: message.chat_type === "p2p" ? "p2p" : "group",
      parentId: message.parent_id ?? null,
      senderOpenId,
      msgType: message.message_type,
      text: text.replace(/^\s+|\s+$/g, ""),
      mentions: all.filter((m) => !botKeys.includes(m.key)),
      mentionsBot,
      createTime: Number(message.create_time ?? 0),
      ...(file ? { file } : {}),
    };
  }
  if (eventType === "card.action.trigger") {
    const r = cardEvent.safeParse(event);
    if (!r.success) return { kind: "ignored", eventId, eventType, reason: "malformed card action" };
    const e = r.data;
    return {
      kind: "card_action",
      eventId,
      operatorOpenId: e.operator.open_id,
      value: e.action.value ?? null,
      formValue: e.action.form_value ?? null,
      option: e.action.option ?? null,
      messageId: e.context?.open_message_id ?? e.open_message_id ?? null,
      chatId: e.context?.open_chat_id ?? e.open_chat_id ?? null,
    };
  }
  if (eventType === "im.chat.member.bot.added_v1") {
    const e = event as { chat_id?: string; operator_id?: { open_id?: string } };
    if (typeof e?.chat_id !== "string") return { kind: "ignored", eventId, eventType, reason: "no chat_id" };
    return { kind: "bot_added", eventId, chatId: e.chat_id, operatorOpenId: e.operator_id?.open_id ?? null };
  }
  return { kind: "ignored", eventId, eventType, reason: "event type not handled" };
}
