// receive() (src/app/runtime/receive.ts): the one acknowledgement sequence behind the webhook, the long connection
// and the local console. Pushes are real-format envelopes, sealed and opened the way the webhook opens them; the
// ingress is the running app's (real SQLite, fake Open API on 127.0.0.1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LarkPush } from "../../src/app/ports/platform.js";
import type { Ingress } from "../../src/app/runtime/ingress.js";
import { receive, type ReceivingIngress } from "../../src/app/runtime/receive.js";
import { openLarkPush } from "../../src/adapters/http/lark-envelope.js";
import { longConnectionDispatcher } from "../../src/runtimes/node/long-connection.js";
import { wrapInbox } from "../helpers/faults.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { cardActionEvent, ENCRYPT_KEY, messageEvent, sealed, TOKEN, uid } from "../helpers/lark-payloads.js";

let h: Harness;
/** While true, the inbox refuses to store (as a full disk would). */
let storeFails = false;
const diskFull = () => Promise.reject(new Error("SqliteError: database or disk is full"));

beforeAll(async () => {
  h = await startHarness({
    inbox: (store) =>
      wrapInbox(store, (real) => ({
        add: (row, now) => (storeFails ? diskFull() : real.add(row, now)),
        addClaimed: (row, now, leaseMs) => (storeFails ? diskFull() : real.addClaimed!(row, now, leaseMs)),
      })),
  });
});
afterAll(async () => h?.close());

/** The verified push the webhook would make of this envelope. */
async function pushOf(envelope: unknown): Promise<LarkPush> {
  const { body, headers } = sealed(envelope);
  const opened = await openLarkPush(new TextEncoder().encode(body), new Headers(headers), { verificationToken: TOKEN, encryptKey: ENCRYPT_KEY });
  if (opened.kind !== "push") throw new Error(`not a push: ${opened.kind}`);
  return opened.push;
}

/** Work handed to `defer`, collected so the test decides when it has run. */
function deferrals() {
  const work: Promise<unknown>[] = [];
  return { work, defer: (w: Promise<unknown>) => void work.push(w) };
}

/** The app's ingress, with the processing after the acknowledgement held until `release()`. */
function held(ingress: Ingress): { ingress: ReceivingIngress; release(): void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    ingress: {
      store: (p) => ingress.store(p),
      afterAck: async (p) => {
        await gate;
        return ingress.afterAck(p);
      },
      cardAction: (p) => ingress.cardAction(p),
      sweep: () => ingress.sweep(),
    },
    release,
  };
}

const inboxRow = (eventId: string) => h.server.huibao.reports.db.inboxEvent.findUnique({ where: { eventId } });
const repliesTo = (messageId: string) => h.lark.repliesTo(messageId);

describe("receive", () => {
  it("a message push is stored before the acknowledgement and processed after it", async () => {
    const env = messageEvent({ chatId: uid("oc_recv_"), text: "帮助", botOpenId: h.lark.botOpenId });
    const { ingress, release } = held(h.server.huibao.ingress);
    const d = deferrals();
    expect(await receive(ingress, await pushOf(env), d)).toEqual({ kind: "ack" });
    // Acknowledged: the row is durable already (claimed for this process at insert); processing has not run.
    expect((await inboxRow(env.header.event_id))?.status).toBe("processing");
    expect(repliesTo(env.event.message.message_id)).toHaveLength(0);
    expect(d.work).toHaveLength(1);
    release();
    await Promise.all(d.work);
    // The deferred work processed it and delivered the reply.
    expect((await inboxRow(env.header.event_id))?.status).toBe("done");
    expect(repliesTo(env.event.message.message_id)).toHaveLength(1);
  });

  it("a redelivered push (same event_id, or same message_id under a new event_id) is acknowledged and not processed twice", async () => {
    const env = messageEvent({ chatId: uid("oc_recv_dup_"), text: "帮助", botOpenId: h.lark.botOpenId });
    const again = { ...env, header: { ...env.header, event_id: uid("ev_") } };
    const d = deferrals();
    const ingress = h.server.huibao.ingress;
    expect(await receive(ingress, await pushOf(env), d)).toEqual({ kind: "ack" });
    expect(await receive(ingress, await pushOf(env), d)).toEqual({ kind: "duplicate" });
    expect(await receive(ingress, await pushOf(again), d)).toEqual({ kind: "duplicate" });
    expect(d.work).toHaveLength(1);
    await Promise.all(d.work);
    await h.settle();
    const rows = await h.server.huibao.reports.db.inboxEvent.findMany({ where: { messageId: env.event.message.message_id } });
    expect(rows.map((r) => [r.eventId, r.status])).toEqual([[env.header.event_id, "done"]]);
    expect(repliesTo(env.event.message.message_id)).toHaveLength(1);
  });

  it("a card action gets its answer at once; the sweep that delivers what it queued is deferred", async () => {
    const chatId = uid("oc_recv_card_");
    expect((await h.say({ chatId, text: `新建报告 ${uid("接收测试报告")}` })).status).toBe(200);
    await h.settle();
    const report = await h.server.huibao.reports.db.report.findFirstOrThrow({ where: { chatId } });
    // 进度 tapped on a card in the owner's private chat: the answer is a toast, the overview a message queued there.
    const p2p = uid("oc_recv_p2p_");
    const sentTo = () => h.lark.messages.filter((m) => m.receiveId === p2p);
    const d = deferrals();
    const receipt = await receive(h.server.huibao.ingress, await pushOf(cardActionEvent({ chatId: p2p, value: { v: 1, a: "status", r: report.id } })), d);
    expect(receipt).toMatchObject({ kind: "answer", answer: { toast: { type: "info", content: "已发送最新进度" } } });
    // Answered before what it queued was sent: the overview goes out with the deferred sweep.
    expect(sentTo()).toHaveLength(0);
    expect(d.work).toHaveLength(1);
    await Promise.all(d.work);
    expect(sentTo().map((m) => m.msgType)).toEqual(["interactive"]);
  });

  it("a store that fails is no acknowledgement: receive throws, nothing is deferred; Lark's redelivery is then stored and processed once", async () => {
    const env = messageEvent({ chatId: uid("oc_recv_fail_"), text: "帮助", botOpenId: h.lark.botOpenId });
    const card = cardActionEvent({ value: { v: 1, a: "status", r: "r_missing" } });
    const d = deferrals();
    const ws = longConnectionDispatcher({ ingress: h.server.huibao.ingress, log: { info() {}, warn() {}, error() {} }, defer: d.defer });
    storeFails = true;
    try {
      await expect(receive(h.server.huibao.ingress, await pushOf(env), d)).rejects.toThrow(/disk is full/);
      await expect(receive(h.server.huibao.ingress, await pushOf(card), d)).rejects.toThrow(/disk is full/);
      // Each transport turns it into an error for Lark, never its acknowledgement.
      const viaWebhook = await h.post(env);
      expect({ status: viaWebhook.status, body: await viaWebhook.json() }).toEqual({ status: 500, body: { error: "internal_error" } });
      await expect(ws.invoke(env)).rejects.toThrow(/disk is full/);
    } finally {
      storeFails = false;
    }
    expect(d.work).toHaveLength(0);
    expect(await inboxRow(env.header.event_id)).toBeNull();
    expect(await inboxRow(card.header.event_id)).toBeNull();
    // Redelivered once the disk takes writes again: stored, acknowledged, processed once.
    expect((await h.post(env)).status).toBe(200);
    await h.settle();
    expect((await inboxRow(env.header.event_id))?.status).toBe("done");
    expect(repliesTo(env.event.message.message_id)).toHaveLength(1);
  });
});
