// Builds Lark pushes as Lark sends them (documented format): schema 2.0 envelopes, optionally encrypted
// (AES-256-CBC, key SHA-256(Encrypt Key), base64(iv‖ciphertext)) and signed (X-Lark-Signature).
import { createCipheriv, createHash, randomBytes } from "node:crypto";

export const TOKEN = "v_test_verification_token";
export const ENCRYPT_KEY = "test-encrypt-key-0123456789";

let n = 0;
export const uid = (p: string) => `${p}${Date.now().toString(36)}${(++n).toString(36)}${randomBytes(3).toString("hex")}`;

export function encrypt(plain: string, key = ENCRYPT_KEY): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", createHash("sha256").update(key).digest(), iv);
  return Buffer.concat([iv, cipher.update(plain, "utf8"), cipher.final()]).toString("base64");
}

export function sign(body: string, key = ENCRYPT_KEY, timestamp = String(Math.floor(Date.now() / 1000)), nonce = randomBytes(8).toString("hex")) {
  const signature = createHash("sha256").update(timestamp + nonce + key).update(Buffer.from(body, "utf8")).digest("hex");
  return { "x-lark-request-timestamp": timestamp, "x-lark-request-nonce": nonce, "x-lark-signature": signature };
}

/** Encrypts and signs an envelope: the body and headers of the HTTP request Lark would send. */
export function sealed(envelope: unknown, opts: { key?: string; token?: string } = {}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ encrypt: encrypt(JSON.stringify(envelope), opts.key ?? ENCRYPT_KEY) });
  return { body, headers: { "content-type": "application/json", ...sign(body, opts.key ?? ENCRYPT_KEY) } };
}

export function header(eventType: string, over: Partial<{ event_id: string; token: string; create_time: string }> = {}) {
  return {
    event_id: over.event_id ?? uid("ev_"),
    event_type: eventType,
    create_time: over.create_time ?? String(Date.now()),
    token: over.token ?? TOKEN,
    app_id: "cli_a1b2c3d4e5f60718",
    tenant_key: "tenant_test",
  };
}

export interface MessageOpts {
  chatId?: string;
  chatType?: "group" | "p2p";
  sender?: string;
  text?: string;
  messageId?: string;
  eventId?: string;
  parentId?: string;
  /** People mentioned besides the bot: [openId, name]. */
  mentions?: [string, string][];
  /** Whether the bot is @mentioned (group default true). */
  atBot?: boolean;
  botOpenId?: string;
  msgType?: "text" | "post";
  token?: string;
}

/** An im.message.receive_v1 envelope. Mentions are written as @_user_N placeholders like Lark does. */
export function messageEvent(o: MessageOpts = {}) {
  const chatType = o.chatType ?? "group";
  const atBot = o.atBot ?? chatType === "group";
  const mentions: { key: string; id: { open_id: string; union_id: string; user_id: string }; name: string; tenant_key: string }[] = [];
  let text = o.text ?? "你好";
  let k = 0;
  if (atBot) {
    const key = `@_user_${++k}`;
    mentions.push({ key, id: { open_id: o.botOpenId ?? "ou_bot_huibao", union_id: "on_bot", user_id: "" }, name: "汇报", tenant_key: "tenant_test" });
    text = `${key} ${text}`;
  }
  for (const [openId, name] of o.mentions ?? []) {
    const key = `@_user_${++k}`;
    mentions.push({ key, id: { open_id: openId, union_id: `on_${openId}`, user_id: "" }, name, tenant_key: "tenant_test" });
    text = text.replace(`@${name}`, key);
  }
  const content = o.msgType === "post" ? JSON.stringify({ title: "", content: text.split("\n").map((l) => [{ tag: "text", text: l }]) }) : JSON.stringify({ text });
  return {
    schema: "2.0",
    header: header("im.message.receive_v1", { event_id: o.eventId, token: o.token }),
    event: {
      sender: { sender_id: { open_id: o.sender ?? "ou_user_a", union_id: "on_a", user_id: "" }, sender_type: "user", tenant_key: "tenant_test" },
      message: {
        message_id: o.messageId ?? uid("om_"),
        root_id: o.parentId,
        parent_id: o.parentId,
        create_time: String(Date.now()),
        update_time: String(Date.now()),
        chat_id: o.chatId ?? "oc_group_1",
        chat_type: chatType,
        message_type: o.msgType ?? "text",
        content,
        mentions,
      },
    },
  };
}

export function cardActionEvent(o: { operator?: string; value: unknown; formValue?: Record<string, unknown>; messageId?: string; chatId?: string; eventId?: string; token?: string; option?: string }) {
  return {
    schema: "2.0",
    header: header("card.action.trigger", { event_id: o.eventId, token: o.token, create_time: String(Date.now() * 1000) }),
    event: {
      operator: { tenant_key: "tenant_test", user_id: "", open_id: o.operator ?? "ou_user_a", union_id: "on_x" },
      token: "c-card-update-token",
      action: { value: o.value, tag: "button", ...(o.formValue ? { form_value: o.formValue } : {}), ...(o.option ? { option: o.option } : {}) },
      host: "im_message",
      context: { open_message_id: o.messageId ?? "om_card", open_chat_id: o.chatId ?? "oc_group_1" },
    },
  };
}
