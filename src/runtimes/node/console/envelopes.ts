// Lark push envelopes built from what is typed and clicked in the console: the same schema 2.0 shapes
// Lark sends (im.message.receive_v1, card.action.trigger), so the console drives the real pipeline.
import { BOT_NAME, type Persona } from "./personas.js";

const TENANT = "tenant_console";
let seq = 0;

function eventId(prefix: string): string {
  const rnd = typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID().replace(/-/g, "").slice(0, 16) : Math.random().toString(36).slice(2);
  return `${prefix}${Date.now().toString(36)}${(++seq).toString(36)}${rnd}`;
}

function header(eventType: string, createTime: string) {
  return { event_id: eventId("ev_console_"), event_type: eventType, create_time: createTime, token: "console", app_id: "cli_console", tenant_key: TENANT };
}

export interface LarkMention {
  key: string;
  id: { open_id: string; union_id: string; user_id: string };
  name: string;
  tenant_key: string;
}

export interface TypedMessage {
  /** Text as typed, with people written as "@name". */
  text: string;
  /** Whether to @ the bot when the text does not name it. */
  atBot: boolean;
  botOpenId: string;
  /** Everyone who can be @-mentioned by name. */
  people: readonly { openId: string; name: string }[];
}

/**
 * Turns typed text into Lark's form: each "@name" becomes an @_user_N placeholder with an entry in mentions[].
 * "@汇报" mentions the bot; when `atBot` is set and the text does not name the bot, the mention is prefixed.
 * Also returns the text to show in the console, with mentions as `<at user_id="…">name</at>`.
 */
export function mentionText(m: TypedMessage): { text: string; mentions: LarkMention[]; display: string } {
  const mentions: LarkMention[] = [];
  const people = [{ openId: m.botOpenId, name: BOT_NAME }, ...m.people].sort((a, b) => b.name.length - a.name.length);
  const named = people.filter((p) => m.text.includes(`@${p.name}`));
  if (m.atBot && !named.some((p) => p.openId === m.botOpenId)) named.unshift({ openId: m.botOpenId, name: BOT_NAME });
  let text = m.text.trim();
  let display = text;
  const botFirst = named.sort((a, b) => (a.openId === m.botOpenId ? -1 : b.openId === m.botOpenId ? 1 : 0));
  botFirst.forEach((p, i) => {
    const key = `@_user_${i + 1}`;
    mentions.push({ key, id: { open_id: p.openId, union_id: `on_${p.openId}`, user_id: "" }, name: p.name, tenant_key: TENANT });
    const at = `<at user_id="${p.openId}">${p.name}</at>`;
    if (text.includes(`@${p.name}`)) {
      text = text.split(`@${p.name}`).join(key);
      display = display.split(`@${p.name}`).join(at);
    } else {
      text = `${key} ${text}`;
      display = `${at} ${display}`;
    }
  });
  return { text, mentions, display };
}

/** An im.message.receive_v1 envelope for a text message typed by `sender`. */
export function messageEnvelope(p: {
  messageId: string;
  chatId: string;
  chatType: "group" | "p2p";
  sender: Persona | { openId: string };
  text: string;
  mentions: LarkMention[];
  parentId?: string | null;
  now: Date;
}) {
  const ms = String(p.now.getTime());
  return {
    schema: "2.0",
    header: header("im.message.receive_v1", ms),
    event: {
      sender: { sender_id: { open_id: p.sender.openId, union_id: `on_${p.sender.openId}`, user_id: "" }, sender_type: "user", tenant_key: TENANT },
      message: {
        message_id: p.messageId,
        ...(p.parentId ? { root_id: p.parentId, parent_id: p.parentId } : {}),
        create_time: ms,
        update_time: ms,
        chat_id: p.chatId,
        chat_type: p.chatType,
        message_type: "text",
        content: JSON.stringify({ text: p.text }),
        mentions: p.mentions,
      },
    },
  };
}

/** A card.action.trigger envelope for a click (or form submit, or picker change) on a card message. */
export function cardActionEnvelope(p: {
  operator: { openId: string };
  messageId: string;
  chatId: string;
  value: unknown;
  tag?: string;
  name?: string;
  formValue?: Record<string, unknown>;
  option?: string;
  inputValue?: string;
  timezone?: string;
  now: Date;
}) {
  const action: Record<string, unknown> = { value: p.value ?? {}, tag: p.tag ?? "button" };
  if (p.name) action.name = p.name;
  if (p.formValue) action.form_value = p.formValue;
  if (p.option !== undefined) action.option = p.option;
  if (p.inputValue !== undefined) action.input_value = p.inputValue;
  if (p.timezone) action.timezone = p.timezone;
  return {
    schema: "2.0",
    header: header("card.action.trigger", String(p.now.getTime() * 1000)),
    event: {
      operator: { tenant_key: TENANT, user_id: "", open_id: p.operator.openId, union_id: `on_${p.operator.openId}` },
      token: "c-console-card-token",
      action,
      host: "im_message",
      context: { open_message_id: p.messageId, open_chat_id: p.chatId },
    },
  };
}
