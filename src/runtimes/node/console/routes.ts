// The local console's HTTP routes, mounted on the app in console mode (src/runtimes/node/main.ts). Everything typed or
// clicked becomes a Lark push handed to receive() (src/app/runtime/receive.ts), exactly like a webhook delivery;
// what the bot sends lands in the local gateway (src/adapters/lark/local-gateway.ts), which the page renders.
// Runtime-neutral: Web APIs only.
import type { Context, Hono } from "hono";
import { receive, type ReceivingIngress } from "../../../app/runtime/receive.js";
import type { Clock, Logger } from "../../../app/ports/platform.js";
import { describeError } from "../../../app/runtime/log.js";
import { shortHash } from "../../../app/runtime/outbound.js";
import { describeEnvelope } from "../../../adapters/http/lark-envelope.js";
import type { LocalLark, LocalMessage } from "../../../adapters/lark/local-gateway.js";
import type { LarkApi } from "../../../app/ports/platform.js";
import { isConsoleClock, nextRunAfter } from "./clock.js";
import { cardActionEnvelope, mentionText, messageEnvelope } from "./envelopes.js";
import { CLIENT_JS } from "./client.js";
import { renderMessageItem, renderPage, type ChatLink, type PageContext } from "./page.js";
import { BOT_NAME, CONSOLE_GROUP, PERSONAS, personaByKey, type Persona } from "./personas.js";
import type { RenderContext } from "./render/html.js";

/** Read at request time, so a composition root may pass getters for things built after the routes. */
export interface ConsoleDeps {
  lark: LocalLark;
  ingress: ReceivingIngress;
  clock: Clock;
  /** The reminder pass, when the app has one: runs the reminders due at `at`. */
  runReminders?: (at: Date) => Promise<unknown>;
  /** Reminder wall-clock time (HH:mm) and zone, for the clock control. */
  reminderTime?: string;
  timeZone?: string;
  /** Keeps work alive after the response (Node: the entry's tracker). Default: fire and forget. */
  defer?: (work: Promise<unknown>) => void;
  log?: Logger;
  /** Long-poll wait before answering "no change", ms (default 25 s). */
  pollMs?: number;
}

export function isLocalLark(l: LarkApi): l is LocalLark {
  const x = l as Partial<LocalLark>;
  return typeof x.userMessage === "function" && Array.isArray(x.messages) && typeof x.onChange === "function";
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Whether an Origin header names exactly the origin the request was made to; anything unparsable is not. */
function sameOrigin(origin: string, requestUrl: string): boolean {
  try {
    return new URL(origin).origin === new URL(requestUrl).origin && LOCAL_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

type ChatRef = { chatId: string; chatType: "group" | "p2p"; key: string };

export function consoleRoutes(app: Hono, deps: ConsoleDeps): void {
  let version = 0;
  const waiters = new Set<() => void>();
  const bump = () => {
    version++;
    for (const w of [...waiters]) w();
  };
  deps.lark.onChange(bump);
  for (const p of PERSONAS) deps.lark.names.set(p.openId, p.name);

  const defer = (p: Promise<unknown>) => {
    if (deps.defer) deps.defer(p);
    else void p.catch((e) => deps.log?.error("console.deferred_failed", { error: describeError(e) }));
  };
  const timeZone = () => deps.timeZone ?? "Asia/Shanghai";
  const people = PERSONAS.map((p) => ({ openId: p.openId, name: p.name }));
  const renderCtx = (): RenderContext => ({
    nameOf: (id) => (id === deps.lark.botOpenId ? BOT_NAME : (deps.lark.names.get(id) ?? PERSONAS.find((p) => p.openId === id)?.name)),
    people,
  });
  const pageCtx = (): PageContext => ({
    render: renderCtx(),
    botOpenId: deps.lark.botOpenId,
    timeZone: timeZone(),
    byId: (id) => deps.lark.messages.find((m) => m.messageId === id),
  });

  const chatOf = (persona: Persona, key: string | undefined): ChatRef | null => {
    if (!key || key === "group") return { chatId: CONSOLE_GROUP.chatId, chatType: "group", key: "group" };
    if (key === "p2p") return { chatId: deps.lark.p2pChatId(persona.openId), chatType: "p2p", key: "p2p" };
    // Other group chats the bot wrote to (not someone else's private chat).
    if (key.startsWith("oc_") && !PERSONAS.some((p) => deps.lark.p2pChatId(p.openId) === key) && deps.lark.messages.some((m) => m.chatId === key)) {
      return { chatId: key, chatType: "group", key };
    }
    return null;
  };
  const chatLinks = (persona: Persona): ChatLink[] => {
    const count = (chatId: string) => deps.lark.messages.filter((m) => m.chatId === chatId).length;
    const p2p = deps.lark.p2pChatId(persona.openId);
    const links: ChatLink[] = [
      { key: "group", chatId: CONSOLE_GROUP.chatId, title: CONSOLE_GROUP.name, subtitle: "群聊 · 5 人 + 汇报", count: count(CONSOLE_GROUP.chatId) },
      { key: "p2p", chatId: p2p, title: `${BOT_NAME}（私聊）`, subtitle: "机器人单聊", count: count(p2p) },
    ];
    const privateChats = new Set(PERSONAS.map((p) => deps.lark.p2pChatId(p.openId)));
    for (const id of new Set(deps.lark.messages.map((m) => m.chatId))) {
      if (id !== CONSOLE_GROUP.chatId && !privateChats.has(id)) links.push({ key: id, chatId: id, title: `其他群 ${id}`, subtitle: "群聊", count: count(id) });
    }
    return links;
  };
  const messagesOf = (chatId: string) => deps.lark.messages.filter((m) => m.chatId === chatId);
  const rev = (m: LocalMessage) => shortHash(`${m.msgType}\u0000${m.content}\u0000${m.fileName ?? ""}`);

  const guard = async (c: Context, next: () => Promise<void>) => {
    const host = new URL(c.req.url).hostname;
    if (!LOCAL_HOSTS.has(host)) return c.text("The console is served on localhost only.", 403);
    if (c.req.method === "POST") {
      // A browser's post from any other page (another port, a file:, a sandboxed frame's "null") is refused.
      const origin = c.req.header("origin");
      if (origin !== undefined && !sameOrigin(origin, c.req.url)) return c.json({ error: "forbidden_origin" }, 403);
      if (!(c.req.header("content-type") ?? "").startsWith("application/json")) return c.json({ error: "json_required" }, 415);
    }
    await next();
  };
  app.use("/console", guard);
  app.use("/console/*", guard);

  const clockInfo = () => {
    const now = deps.clock.now();
    const next = deps.reminderTime ? nextRunAfter(now, deps.reminderTime, timeZone()) : null;
    return {
      now: now.toISOString(),
      offsetMs: isConsoleClock(deps.clock) ? deps.clock.offsetMs : 0,
      nextReminderRun: next?.toISOString() ?? null,
      canAdvance: isConsoleClock(deps.clock),
      remindersAvailable: typeof deps.runReminders === "function",
    };
  };

  app.get("/console", (c) => {
    const persona = personaByKey(c.req.query("as")) ?? PERSONAS[0]!;
    const chat = chatOf(persona, c.req.query("chat")) ?? chatOf(persona, "group")!;
    const html = renderPage(pageCtx(), {
      persona,
      personas: PERSONAS,
      chat,
      chats: chatLinks(persona),
      messages: messagesOf(chat.chatId).map((m) => ({ message: m, rev: rev(m) })),
      version,
      clock: clockInfo(),
    });
    return c.html(html);
  });

  app.get("/console/client.js", (c) => c.body(CLIENT_JS, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));

  app.get("/console/api/events", async (c) => {
    const since = Number(c.req.query("since") ?? "-1");
    if (!(version > since)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, deps.pollMs ?? 25_000);
        waiters.add(done);
        c.req.raw.signal?.addEventListener("abort", done);
      });
    }
    return c.json({ version });
  });

  app.get("/console/api/chat", (c) => {
    const persona = personaByKey(c.req.query("as"));
    if (!persona) return c.json({ error: "unknown_persona" }, 400);
    const chat = chatOf(persona, c.req.query("chat"));
    if (!chat) return c.json({ error: "unknown_chat" }, 400);
    const ctx = pageCtx();
    return c.json({
      version,
      chats: chatLinks(persona).map(({ key, count }) => ({ key, count })),
      clock: clockInfo(),
      messages: messagesOf(chat.chatId).map((m) => {
        const r = rev(m);
        return { id: m.messageId, rev: r, html: renderMessageItem(ctx, m, r, persona) };
      }),
    });
  });

  app.post("/console/api/send", async (c) => {
    const body = await c.req.json<{ as?: string; chat?: string; text?: string; parentId?: string | null }>().catch(() => null);
    const persona = personaByKey(body?.as);
    if (!body || !persona) return c.json({ error: "unknown_persona" }, 400);
    const chat = chatOf(persona, body.chat);
    if (!chat) return c.json({ error: "unknown_chat" }, 400);
    const typed = String(body.text ?? "").trim();
    if (typed === "") return c.json({ error: "empty_message" }, 400);
    if (typed.length > 10_000) return c.json({ error: "message_too_long" }, 400);
    const parent = body.parentId ? deps.lark.messages.find((m) => m.messageId === body.parentId && m.chatId === chat.chatId) : undefined;
    if (body.parentId && !parent) return c.json({ error: "unknown_parent" }, 400);
    // Group messages @ the bot unless they reply to a message (then only when the text says "@汇报").
    const { text, mentions, display } = mentionText({
      text: typed,
      atBot: chat.chatType === "group" && !parent,
      botOpenId: deps.lark.botOpenId,
      people: people.filter((p) => p.openId !== persona.openId),
    });
    const msg = deps.lark.userMessage({ chatId: chat.chatId, senderOpenId: persona.openId, msgType: "text", content: JSON.stringify({ text: display }), parentId: parent?.messageId ?? null });
    const envelope = messageEnvelope({ messageId: msg.messageId, chatId: chat.chatId, chatType: chat.chatType, sender: persona, text, mentions, parentId: parent?.messageId, now: deps.clock.now() });
    const described = describeEnvelope(envelope, JSON.stringify(envelope));
    if ("error" in described) return c.json({ error: "bad_envelope" }, 500);
    const push = described.push;
    await receive(deps.ingress, push, { defer });
    return c.json({ messageId: msg.messageId, eventId: push.eventId });
  });

  app.post("/console/api/action", async (c) => {
    const body = await c.req
      .json<{ as?: string; messageId?: string; value?: unknown; tag?: string; name?: string; formValue?: Record<string, unknown>; option?: string; inputValue?: string; timezone?: string }>()
      .catch(() => null);
    const persona = personaByKey(body?.as);
    if (!body || !persona) return c.json({ error: "unknown_persona" }, 400);
    const msg = deps.lark.messages.find((m) => m.messageId === body.messageId);
    if (!msg || msg.msgType !== "interactive") return c.json({ error: "unknown_card" }, 404);
    const envelope = cardActionEnvelope({
      operator: persona,
      messageId: msg.messageId,
      chatId: msg.chatId,
      value: body.value,
      tag: typeof body.tag === "string" ? body.tag : "button",
      name: typeof body.name === "string" ? body.name : undefined,
      formValue: body.formValue && typeof body.formValue === "object" ? body.formValue : undefined,
      option: typeof body.option === "string" ? body.option : undefined,
      inputValue: typeof body.inputValue === "string" ? body.inputValue : undefined,
      timezone: typeof body.timezone === "string" ? body.timezone : undefined,
      now: deps.clock.now(),
    });
    const described = describeEnvelope(envelope, JSON.stringify(envelope));
    if ("error" in described) return c.json({ error: "bad_envelope" }, 500);
    const receipt = await receive(deps.ingress, described.push, { defer });
    if (receipt.kind !== "answer") return c.json({ error: "bad_envelope" }, 500);
    const { answer } = receipt;
    // Lark replaces the card for everyone when the callback answers with one.
    if (answer.card && answer.card.type === "raw") await deps.lark.patchCard({ messageId: msg.messageId, content: JSON.stringify(answer.card.data) });
    return c.json({ toast: answer.toast ?? null, replaced: Boolean(answer.card) });
  });

  app.get("/console/api/files/:messageId", (c) => {
    const msg = deps.lark.messages.find((m) => m.messageId === c.req.param("messageId"));
    if (!msg || !msg.fileBytes) return c.json({ error: "not_found" }, 404);
    const name = msg.fileName ?? "file";
    const type = name.endsWith(".docx")
      ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
      : name.endsWith(".md")
        ? "text/markdown; charset=utf-8"
        : name.endsWith(".pdf")
          ? "application/pdf"
          : "application/octet-stream";
    const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
    return c.body(msg.fileBytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": type,
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });

  app.get("/console/api/clock", (c) => c.json(clockInfo()));

  /** Fast-forwards to the next reminder run (or by `hours`) and runs the reminder pass when the app has one. */
  app.post("/console/api/clock", async (c) => {
    const body = await c.req.json<{ to?: "next-reminder"; hours?: number }>().catch(() => ({}) as { to?: "next-reminder"; hours?: number });
    if (!isConsoleClock(deps.clock)) return c.json({ error: "clock_fixed", message: "this clock cannot be moved" }, 409);
    const now = deps.clock.now();
    let at: Date;
    if (typeof body.hours === "number" && body.hours > 0 && body.hours <= 24 * 366) at = new Date(now.getTime() + body.hours * 3600_000);
    else at = nextRunAfter(now, deps.reminderTime ?? "09:30", timeZone());
    deps.clock.advanceTo(at);
    // Jumping by hours only moves time; jumping to the next run also runs the reminder pass.
    let reminders: "ran" | "not_available" | "failed" | "skipped" = body.hours !== undefined ? "skipped" : "not_available";
    let error: string | undefined;
    let summary: { planned: number; sent: number; reason?: string } | undefined;
    const run = deps.runReminders;
    if (typeof run === "function" && body.hours === undefined) {
      try {
        const r = (await run(at)) as { planned?: unknown; sent?: unknown; reason?: unknown } | undefined;
        if (r && typeof r.sent === "number") summary = { planned: Number(r.planned ?? 0), sent: r.sent, ...(typeof r.reason === "string" ? { reason: r.reason } : {}) };
        reminders = "ran";
        defer(deps.ingress.sweep());
      } catch (e) {
        reminders = "failed";
        error = e instanceof Error ? e.message.slice(0, 300) : String(e);
      }
    }
    bump();
    return c.json({ ...clockInfo(), at: at.toISOString(), reminders, ...(summary ? { summary } : {}), ...(error ? { error } : {}) });
  });
}
