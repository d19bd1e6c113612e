// The console's routes through app.request(): what they put into the ingress is what Lark would send
// (normalised by the app's own inbound parser), card answers patch the stored card, files download,
// long polling wakes on changes, the clock control moves time and runs the reminder hook.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { CallbackAnswer } from "../../src/app/runtime/ingress.js";
import { normalize } from "../../src/app/runtime/inbound.js";
import type { LarkPush } from "../../src/adapters/http/lark-envelope.js";
import { offsetClock } from "../../src/runtimes/node/console/clock.js";
import { consoleRoutes, isLocalLark, type ConsoleDeps } from "../../src/runtimes/node/console/routes.js";
import { CONSOLE_GROUP } from "../../src/runtimes/node/console/personas.js";
import { localLarkApi } from "../../src/adapters/lark/local-gateway.js";

function setup(over: Partial<ConsoleDeps> = {}, answer: CallbackAnswer = { toast: { type: "success", content: "已保存" } }) {
  const lark = localLarkApi();
  const stored: LarkPush[] = [];
  const acked: LarkPush[] = [];
  const actions: LarkPush[] = [];
  const deferred: Promise<unknown>[] = [];
  const clock = offsetClock({ now: () => new Date("2026-01-05T02:00:00Z") });
  const deps: ConsoleDeps = {
    lark,
    clock,
    reminderTime: "09:30",
    timeZone: "Asia/Shanghai",
    pollMs: 200,
    defer: (p) => void deferred.push(p),
    ingress: {
      async store(p) {
        stored.push(p);
        return true;
      },
      async afterAck(p) {
        acked.push(p);
      },
      async cardAction(p) {
        actions.push(p);
        return answer;
      },
      async sweep() {
        return { events: 0, sent: 0 };
      },
    },
    ...over,
  };
  const app = new Hono();
  consoleRoutes(app, deps);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const get = (path: string) => app.request(`http://localhost${path}`);
  const settle = () => Promise.all(deferred);
  return { app, lark, stored, acked, actions, clock, post, get, settle };
}

const inbound = (p: LarkPush, botOpenId: string) => normalize(p.envelope, p.eventId, p.eventType, botOpenId);

describe("console routes", () => {
  it("only on localhost, JSON-only posts, same-origin posts", async () => {
    const t = setup();
    expect((await t.app.request("http://huibao.example.gov.cn/console")).status).toBe(403);
    expect((await t.app.request("http://127.0.0.1/console")).status).toBe(200);
    const form = await t.app.request("http://localhost/console/api/send", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "as=clerk&text=x" });
    expect(form.status).toBe(415);
    expect((await t.post("/console/api/send", { as: "clerk", text: "x" }, { origin: "https://evil.example" })).status).toBe(403);
  });

  it("refuses a post from any other origin with 403, including the opaque origin 'null' and unparsable ones", async () => {
    const t = setup();
    // "null" is what sandboxed frames, file: pages and some redirects send; new URL("null") throws.
    for (const origin of ["null", "not a url", "http://localhost:8080", "http://127.0.0.1", "file://", "http://localhost.evil.example"]) {
      const r = await t.post("/console/api/send", { as: "clerk", text: "来自别处" }, { origin });
      expect({ origin, status: r.status, body: await r.json() }).toEqual({ origin, status: 403, body: { error: "forbidden_origin" } });
    }
    expect(t.stored).toHaveLength(0);
    // The page's own origin is accepted.
    const ok = await t.post("/console/api/send", { as: "clerk", text: "同源" }, { origin: "http://localhost" });
    expect(ok.status).toBe(200);
    expect(t.stored).toHaveLength(1);
  });

  it("the page lists personas and chats, and renders what the gateway holds", async () => {
    const t = setup();
    await t.lark.sendMessage({ receiveIdType: "chat_id", receiveId: CONSOLE_GROUP.chatId, msgType: "text", content: JSON.stringify({ text: "大家好 <b>" }), uuid: "u1" });
    const html = await (await t.get("/console?as=li&chat=group")).text();
    expect(html).toContain("李科长");
    expect(html).toContain("赵局长");
    expect(html).toContain("法治政府建设工作群");
    expect(html).toContain("大家好 &lt;b&gt;");
    expect(html).toContain(`<script src="/console/client.js"></script>`);
    const js = await t.get("/console/client.js");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(isLocalLark(t.lark)).toBe(true);
  });

  it("a group message becomes an im.message.receive_v1 push that @s the bot", async () => {
    const t = setup();
    const r = await t.post("/console/api/send", { as: "clerk", chat: "group", text: "分配 二 @张科长" });
    expect(r.status).toBe(200);
    await t.settle();
    expect(t.stored).toHaveLength(1);
    expect(t.acked).toEqual(t.stored);
    const push = t.stored[0]!;
    expect(push.eventType).toBe("im.message.receive_v1");
    expect(push.chatId).toBe(CONSOLE_GROUP.chatId);
    const m = inbound(push, t.lark.botOpenId);
    expect(m).toMatchObject({ kind: "message", chatType: "group", senderOpenId: "ou_console_clerk", mentionsBot: true, text: "分配 二 @_user_2", parentId: null });
    if (m.kind !== "message") throw new Error("not a message");
    expect(m.mentions).toEqual([{ key: "@_user_2", openId: "ou_console_owner_zhang", name: "张科长" }]);
    // The console shows what was typed, with the mentions.
    const shown = t.lark.messages[0]!;
    expect(shown.senderOpenId).toBe("ou_console_clerk");
    expect(shown.messageId).toBe(m.messageId);
    expect(JSON.parse(shown.content).text).toBe(`<at user_id="${t.lark.botOpenId}">汇报</at> 分配 二 <at user_id="ou_console_owner_zhang">张科长</at>`);
  });

  it("a reply carries parent_id and no bot mention unless it says @汇报; private chats are p2p", async () => {
    const t = setup();
    const { messageId } = await t.lark.sendMessage({ receiveIdType: "chat_id", receiveId: CONSOLE_GROUP.chatId, msgType: "text", content: JSON.stringify({ text: "请填写" }), uuid: "u1" });
    await t.post("/console/api/send", { as: "li", chat: "group", text: "我的回答", parentId: messageId });
    await t.post("/console/api/send", { as: "li", chat: "group", text: "@汇报 继续", parentId: messageId });
    await t.post("/console/api/send", { as: "li", chat: "p2p", text: "帮助" });
    const [reply, called, p2p] = t.stored.map((p) => inbound(p, t.lark.botOpenId));
    expect(reply).toMatchObject({ kind: "message", parentId: messageId, mentionsBot: false, text: "我的回答" });
    expect(called).toMatchObject({ kind: "message", parentId: messageId, mentionsBot: true, text: "继续" });
    expect(p2p).toMatchObject({ kind: "message", chatType: "p2p", chatId: t.lark.p2pChatId("ou_console_owner_li"), mentionsBot: false, text: "帮助" });
    expect((await t.post("/console/api/send", { as: "li", chat: "group", text: "x", parentId: "om_nope" })).status).toBe(400);
    expect((await t.post("/console/api/send", { as: "nobody", chat: "group", text: "x" })).status).toBe(400);
    expect((await t.post("/console/api/send", { as: "li", chat: "group", text: "  " })).status).toBe(400);
  });

  it("a card click becomes a card.action.trigger push; a card in the answer replaces the stored card", async () => {
    const replacement = { schema: "2.0", header: { title: { tag: "plain_text", content: "已保存" }, template: "green" }, body: { elements: [] } };
    const t = setup({}, { toast: { type: "success", content: "已保存（15 字）" }, card: { type: "raw", data: replacement } });
    const { messageId } = await t.lark.sendMessage({ receiveIdType: "open_id", receiveId: "ou_console_owner_li", msgType: "interactive", content: JSON.stringify({ schema: "2.0", body: { elements: [] } }), uuid: "c1" });
    const value = { v: 1, a: "save_answer", r: "r1", s: "measures.study", rv: 2 };
    const r = await t.post("/console/api/action", { as: "li", messageId, value, name: "save", formValue: { answer: "组织学法12次。", mode: "append" }, timezone: "Asia/Shanghai" });
    expect(await r.json()).toEqual({ toast: { type: "success", content: "已保存（15 字）" }, replaced: true });
    const push = t.actions[0]!;
    expect(push.eventType).toBe("card.action.trigger");
    expect(inbound(push, t.lark.botOpenId)).toEqual({
      kind: "card_action",
      eventId: push.eventId,
      operatorOpenId: "ou_console_owner_li",
      value,
      formValue: { answer: "组织学法12次。", mode: "append" },
      option: null,
      messageId,
      chatId: t.lark.p2pChatId("ou_console_owner_li"),
    });
    expect(JSON.parse(t.lark.messages[0]!.content)).toEqual(replacement);
    expect((await t.post("/console/api/action", { as: "li", messageId: "om_missing", value })).status).toBe(404);
  });

  it("file messages download with their name", async () => {
    const t = setup();
    const { fileKey } = await t.lark.uploadFile({ fileName: "南岸区报告.docx", bytes: new Uint8Array([0x50, 0x4b, 3, 4]) });
    const { messageId } = await t.lark.sendMessage({ receiveIdType: "chat_id", receiveId: CONSOLE_GROUP.chatId, msgType: "file", content: JSON.stringify({ file_key: fileKey }), uuid: "f1" });
    const r = await t.get(`/console/api/files/${messageId}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("wordprocessingml");
    expect(r.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("南岸区报告.docx")}`);
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(new Uint8Array([0x50, 0x4b, 3, 4]));
    const page = await (await t.get("/console?as=clerk&chat=group")).text();
    expect(page).toContain(`href="/console/api/files/${messageId}"`);
    expect((await t.get("/console/api/files/om_none")).status).toBe(404);
  });

  it("long polling answers at once when behind, and wakes on a change", async () => {
    const t = setup();
    const first = (await (await t.get("/console/api/events?since=-1")).json()) as { version: number };
    const waiting = t.get(`/console/api/events?since=${first.version}`);
    setTimeout(() => void t.lark.sendMessage({ receiveIdType: "chat_id", receiveId: CONSOLE_GROUP.chatId, msgType: "text", content: JSON.stringify({ text: "新消息" }), uuid: "w1" }), 20);
    const woke = (await (await waiting).json()) as { version: number };
    expect(woke.version).toBeGreaterThan(first.version);
    const chat = (await (await t.get("/console/api/chat?as=clerk&chat=group")).json()) as { messages: { id: string; rev: string; html: string }[] };
    expect(chat.messages).toHaveLength(1);
    expect(chat.messages[0]!.html).toContain("新消息");
    // Nothing changes: the poll gives up after pollMs with the same version.
    const idle = (await (await t.get(`/console/api/events?since=${woke.version}`)).json()) as { version: number };
    expect(idle.version).toBe(woke.version);
  });

  it("the clock control jumps to the next reminder run and calls the reminder hook", async () => {
    const calls: Date[] = [];
    const t = setup({ runReminders: async (at) => (calls.push(at), { planned: 3, sent: 2, reminders: [] }) });
    // 2026-01-05T02:00Z is 10:00 in Shanghai: the next 09:30 is tomorrow, 01:30Z.
    const r = (await (await t.post("/console/api/clock", { to: "next-reminder" })).json()) as { at: string; reminders: string; now: string };
    expect(r.at).toBe("2026-01-06T01:30:00.000Z");
    expect(r.reminders).toBe("ran");
    expect((r as unknown as { summary: unknown }).summary).toEqual({ planned: 3, sent: 2 });
    expect(calls.map((d) => d.toISOString())).toEqual(["2026-01-06T01:30:00.000Z"]);
    expect(t.clock.now().toISOString()).toBe("2026-01-06T01:30:00.000Z");
    const day = (await (await t.post("/console/api/clock", { hours: 24 })).json()) as { reminders: string; now: string };
    expect(day).toMatchObject({ reminders: "skipped", now: "2026-01-07T01:30:00.000Z" });
  });

  it("without a reminder pass the clock still moves and says not available", async () => {
    const t = setup();
    const r = (await (await t.post("/console/api/clock", { to: "next-reminder" })).json()) as { reminders: string; remindersAvailable: boolean };
    expect(r).toMatchObject({ reminders: "not_available", remindersAvailable: false });
    expect(await (await t.get("/console")).text()).toContain("not available");
  });
});
