// The core flow, written once and run against both runtimes: Node + SQLite (test/shared/core-flow.node.test.ts,
// src/runtimes/node/main.ts) and Cloudflare Workers + D1 under workerd (test/worker/core-flow.worker.ts, src/runtimes/worker/main.ts).
// Everything goes over real HTTP with Lark's documented payloads (signed, encrypted) and every answer comes
// back through the fake Open API, so the two runtimes cannot drift apart unnoticed.
//
// Both targets run with REMINDER_TIME=00:00 and a holiday override that makes today a working day (see
// coreFlowEnv), so the reminder pass is due whatever day the tests run on.
import { expect, it } from "vitest";
import { ANSWER_FIELD, MODE_FIELD } from "../../cards/index.js";
import { actionsOf, cardOf, cardText, lastPrompt, prompts } from "../helpers/bot.js";
import type { FakeLark, FakeMessage } from "../helpers/fake-lark.js";
import { cardActionEvent, encrypt, messageEvent, sealed, TOKEN, uid } from "../helpers/lark-payloads.js";
import { docxParagraphs } from "../export/docx-text.js";

export interface FlowTarget {
  /** The fake Open API the app under test talks to. */
  lark: FakeLark;
  /** POSTs a raw body to /lark/webhook. */
  post(body: string, headers: Record<string, string>): Promise<Response>;
  /** GETs a path (with query) on the app. */
  get(pathAndQuery: string): Promise<Response>;
  /** Until every stored event is processed and every due outbox row delivered. */
  settle(): Promise<void>;
  /** Runs the reminder pass as the scheduler does (Node: huibao.runReminders; Workers: the cron handler). */
  remind(at: Date): Promise<void>;
  /** Optional runtime-specific look into the database: the stored inbox row of an event. */
  inboxRow?(eventId: string): Promise<{ eventType: string; status: string } | null>;
}

export const CORE_FLOW_PUBLIC_BASE = "http://huibao.test";

/** Today in the report time zone (the reminder pass plans by it). */
export function todayInShanghai(at = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** Settings both runtimes get besides the Lark credentials. */
export function coreFlowEnv(): Record<string, string> {
  return {
    REMINDER_TIME: "00:00",
    PUBLIC_BASE_URL: CORE_FLOW_PUBLIC_BASE,
    DOWNLOAD_LINK_SECRET: "test-download-secret-0123456789",
    REPORT_TIMEZONE: "Asia/Shanghai",
  };
}

/** Makes today a working day (weekends and holidays included), as HOLIDAY_OVERRIDE_FILE / HOLIDAY_OVERRIDE_JSON. */
export function coreFlowHolidayOverride(): string {
  const now = Date.now();
  const days = [-1, 0, 1].map((d) => todayInShanghai(new Date(now + d * 86_400_000)));
  return JSON.stringify({ workdays: [...new Set(days)] });
}

const TITLE = "重庆市南岸区交通局关于2023年法治政府建设情况的报告";
const PREAMBLE = "2023年，区交通局坚持以习近平新时代中国特色社会主义思想为指导，深入推进法治政府建设。现将有关情况报告如下：";
const FORM_TEXT = "我局党组书记、局长认真履行推进法治建设第一责任人职责，年内召开党组会专题研究法治工作4次。";

/**
 * One conversation in a chat of its own: what the clerk says, the cards the bot sent there, taps on them. Each
 * core-flow test starts its own (and the report in it), so any test runs alone and in any order.
 */
export function conversation(target: () => FlowTarget, clerk = "ou_clerk_core") {
  const chat = uid("oc_core_");
  const say = async (text: string, o: { parentId?: string; atBot?: boolean; mentions?: [string, string][] } = {}) => {
    const t = target();
    const env = messageEvent({ chatId: chat, sender: clerk, text, parentId: o.parentId, atBot: o.atBot, mentions: o.mentions, botOpenId: t.lark.botOpenId });
    const { body, headers } = sealed(env);
    const r = await t.post(body, headers);
    expect(r.status).toBe(200);
    await t.settle();
    return env;
  };
  const toChat = () => target().lark.messages.filter((m) => m.receiveId === chat);
  /** The newest card (sent to `to`, or into this chat or as a reply) with a button of action `a`, and its value. */
  const cardWith = (a: string, to?: string) => {
    const m = target().lark.messages.filter((x) => x.msgType === "interactive" && (to === undefined || x.receiveId === to) && actionsOf(cardOf(x)).some((v) => v.a === a)).at(-1);
    expect(m, `a card with ${a}`).toBeTruthy();
    return { message: m!, value: actionsOf(cardOf(m!)).find((v) => v.a === a) };
  };
  const tap = async (operator: string, chatId: string, card: { message: FakeMessage; value: unknown }, formValue?: Record<string, unknown>) => {
    const t = target();
    const click = sealed(cardActionEvent({ operator, chatId, messageId: card.message.messageId, value: card.value, formValue }));
    const r = await t.post(click.body, click.headers);
    expect(r.status).toBe(200);
    const answer = (await r.json()) as { toast?: { type: string; content: string }; card?: { type: string; data: unknown } };
    await t.settle();
    return answer;
  };
  /** Creates the report; returns its id. */
  const createReport = async () => {
    await say(`新建报告 ${TITLE}`);
    const first = prompts(target().lark, chat);
    expect(first.length).toBeGreaterThan(0);
    return first[0]!.reportId;
  };
  /** Answers the opening by replying to its prompt, then the next section through the prompt card's form. */
  const answerTwo = async () => {
    await say(PREAMBLE, { parentId: lastPrompt(target().lark, chat).message.messageId, atBot: false });
    await say("继续");
    const p = lastPrompt(target().lark, chat);
    const save = actionsOf(cardOf(p.message)).find((v) => v.a === "save_answer");
    expect(save).toBeTruthy();
    return tap(clerk, chat, { message: p.message, value: save }, { [ANSWER_FIELD]: FORM_TEXT, [MODE_FIELD]: "append" });
  };
  return { chat, clerk, say, toChat, cardWith, tap, createReport, answerTwo };
}

/** A report taken through a two-level approval to 审定 (shared with the Workers test, which then reads D1). */
export async function approveReport(target: () => FlowTarget) {
  const c = conversation(target);
  const reportId = await c.createReport();
  const [ke, ju] = [uid("ou_kezhang_"), uid("ou_juzhang_")];
  await c.say("审批人 @马科长 > @杨局长", { mentions: [[ke, "马科长"], [ju, "杨局长"]] });
  await c.say("提交审批");
  const submitted = (await c.tap(c.clerk, c.chat, c.cardWith("submit_confirm"))).toast;
  const level1 = (await c.tap(ke, `oc_p2p_${ke}`, c.cardWith("approve", ke))).toast;
  const level2 = (await c.tap(ju, `oc_p2p_${ju}`, c.cardWith("approve", ju))).toast;
  return { ...c, reportId, submitted, level1, level2 };
}

/** Registers the core-flow tests; `target()` is read when each test runs (after the suite's beforeAll). */
export function coreFlow(target: () => FlowTarget): void {
  it("answers the url_verification challenge, plain and encrypted, and refuses a wrong token", async () => {
    const t = target();
    const plain = await t.post(JSON.stringify({ challenge: "core-challenge-1", token: TOKEN, type: "url_verification" }), { "content-type": "application/json" });
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ challenge: "core-challenge-1" });
    const enc = await t.post(JSON.stringify({ encrypt: encrypt(JSON.stringify({ challenge: "core-challenge-2", token: TOKEN, type: "url_verification" })) }), {
      "content-type": "application/json",
    });
    expect(await enc.json()).toEqual({ challenge: "core-challenge-2" });
    const wrong = await t.post(JSON.stringify({ challenge: "x", token: "wrong", type: "url_verification" }), { "content-type": "application/json" });
    expect(wrong.status).toBe(401);
  });

  it("a signed, encrypted message is stored, acknowledged, answered through the Open API, and a redelivery does nothing", async () => {
    const t = target();
    const c = conversation(target);
    const env = await c.say(`新建报告 ${TITLE}`);
    if (t.inboxRow) expect(await t.inboxRow(env.header.event_id)).toEqual({ eventType: "im.message.receive_v1", status: "done" });
    const first = prompts(t.lark, c.chat);
    expect(first.length).toBeGreaterThan(0);
    expect(first[0]!.reportId).toBeTruthy();
    const before = t.lark.messages.length;
    const again = sealed(env);
    expect((await t.post(again.body, again.headers)).status).toBe(200);
    await t.settle();
    expect(t.lark.messages.length).toBe(before);
    // A bad signature is refused and stores nothing.
    const bad = sealed(messageEvent({ chatId: c.chat, text: "帮助" }));
    expect((await t.post(bad.body, { ...bad.headers, "x-lark-signature": "0".repeat(64) })).status).toBe(401);
  });

  it("answers in the chat, then a card action (the prompt's form) saves an answer and returns a receipt card", async () => {
    const c = conversation(target);
    await c.createReport();
    const answer = await c.answerTwo();
    expect(answer.toast?.type).toBe("success");
    expect(answer.toast?.content).toMatch(/已保存/);
    expect(answer.card?.type).toBe("raw");
  });

  it("the scheduled reminder pass sends a reminder for a deadline due today, once", async () => {
    const t = target();
    const c = conversation(target);
    await c.createReport();
    await c.say(`截止 ${todayInShanghai()}`);
    const isReminder = (m: FakeMessage) => m.msgType === "interactive" && m.current.includes("填写提醒");
    expect(c.toChat().filter(isReminder)).toHaveLength(0);
    await t.remind(new Date());
    await t.settle();
    const sent = c.toChat().filter(isReminder);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.current).toContain("重庆市南岸区交通局");
    // A second pass (the next cron run) claims nothing new.
    await t.remind(new Date());
    await t.settle();
    expect(c.toChat().filter(isReminder)).toHaveLength(1);
  });

  it("导出 answers with signed links; the .docx link serves the document with the answers in it", async () => {
    const t = target();
    const c = conversation(target);
    const reportId = await c.createReport();
    await c.answerTwo();
    await c.say("导出");
    // The report-ready card is a reply to the command message.
    const ready = t.lark.messages.filter((m) => m.msgType === "interactive" && m.current.includes("报告已生成") && m.current.includes(reportId)).at(-1);
    expect(ready).toBeTruthy();
    const url = /"(https?:\/\/[^"]+\.docx\?[^"]+)"/.exec(ready!.current)?.[1];
    expect(url).toBeTruthy();
    const link = new URL(url!);
    expect(link.origin).toBe(CORE_FLOW_PUBLIC_BASE);
    expect(link.pathname).toBe(`/download/${reportId}/1.docx`);
    const r = await t.get(link.pathname + link.search);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/wordprocessingml/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const paragraphs = docxParagraphs(bytes).join("\n");
    expect(paragraphs).toContain("深入推进法治政府建设");
    expect(paragraphs).toContain("年内召开党组会专题研究法治工作4次");
    // A tampered link is refused.
    const tampered = await t.get(link.pathname + link.search.replace(/sig=[^&]+/, "sig=AAAA"));
    expect(tampered.status).toBe(403);
  });

  it("审批: submitted by card, level 1 同意 moves the round to level 2 (one statement and its trigger), level 2 同意 approves", async () => {
    const a = await approveReport(target);
    expect(a.submitted).toMatchObject({ type: "success", content: "已提交审批" });
    expect(a.level1).toMatchObject({ type: "success", content: "已同意，已转第 2 级审批" });
    // Nothing but the trigger moves a round now: level 2 is accepted only because it did (on D1 too).
    expect(a.level2).toMatchObject({ type: "success", content: "已同意，报告已审定" });
    expect(a.toChat().some((m) => m.current.includes("审定"))).toBe(true);
    // Each decision's follow-up wrote its audit entry once (keyed by the decision id; on D1 too).
    await a.say("审批记录");
    const trail = cardText(cardOf(target().lark.messages.filter((m) => m.kind === "reply" && /审批记录/.test(m.content)).at(-1)!));
    expect(trail.match(/第 1 级同意/g)).toHaveLength(1);
    expect(trail.match(/第 2 级同意/g)).toHaveLength(1);
  });
}
