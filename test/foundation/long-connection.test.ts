// LARK_EVENT_MODE=ws: frames from the node-sdk's WSClient enter the same pipeline as webhook pushes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { longConnectionDispatcher } from "../../src/runtimes/node/long-connection.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { cardActionEvent, messageEvent, uid } from "../helpers/lark-payloads.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe("long connection", () => {
  it("stores and processes a message frame once, and answers a card callback frame", async () => {
    const work: Promise<unknown>[] = [];
    const d = longConnectionDispatcher({ ingress: h.server.huibao.ingress, log: { info() {}, warn() {}, error() {} }, defer: (w) => work.push(w) });
    const chatId = uid("oc_ws_");
    const env = messageEvent({ chatId, text: "帮助", botOpenId: h.lark.botOpenId });
    expect(await d.invoke(env)).toEqual({});
    expect(await d.invoke(env)).toEqual({}); // redelivered frame
    await Promise.all(work);
    await h.settle();
    const rows = await h.server.huibao.reports.db.inboxEvent.findMany({ where: { chatId } });
    expect(rows.map((r) => r.status)).toEqual(["done"]);
    expect(h.lark.messages.filter((m) => m.replyTo === env.event.message.message_id)).toHaveLength(1);
    const answer = (await d.invoke(cardActionEvent({ value: { v: 1, a: "status", r: "r_missing" }, chatId }))) as { toast: { content: string } };
    expect(answer.toast.content).toMatch(/找不到/);
    expect(await d.invoke({ hello: "x" })).toEqual({});
  });
});
