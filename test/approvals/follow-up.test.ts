// Must-show 6: what follows a decision (audit entry, the outcome on the level's cards, the next level's cards, the
// report's status, notices, overview) is derived from the stored decision, queued through the outbox with uuids
// derived from the decision id, and finished by the sweep when the request that stored it failed. Faults are
// injected at the approvals storage port by the test's composition (test/helpers/faults.ts); everything else is
// the real pipeline: signed, encrypted Lark pushes, real SQLite, the fake Open API. (kill -9: crash.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EFFECTS_LEASE_MS } from "../../src/app/ports/approval-store.js";
import { actionsOf, cardText, textOf } from "../helpers/bot.js";
import { wrapApprovals } from "../helpers/faults.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { current, group, original } from "./helpers.js";

/** What the store wrapper does next: each fault fires once. */
const faults: { afterDecide?: boolean; cards?: boolean; moveReport?: boolean } = {};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    approvals: (store) =>
      wrapApprovals(store, (real) => ({
        async decide(d) {
          const r = await real.decide(d);
          if (r === "recorded" && faults.afterDecide) {
            faults.afterDecide = false;
            throw new Error("injected: database connection lost after the decision was stored");
          }
          return r;
        },
        async cards(roundId, level) {
          if (faults.cards) {
            faults.cards = false;
            throw new Error("injected: database connection lost while reading the card copies");
          }
          return real.cards(roundId, level);
        },
      })),
  });
});
afterAll(async () => h?.close());

const owner = "ou_owner_zhao";
/** The approvers of the current test (new people for each report, so that their private chats hold only its cards). */
let ke = "";
let ju = "";

/** A report with the chain 钱科长 > 孙局长, submitted: 钱科长 holds the level-1 card. */
async function submitted(chat: string) {
  ke = uid("ou_kezhang_");
  ju = uid("ou_juzhang_");
  const g = group(h, chat);
  await g.say(owner, "新建报告 跟进测试报告");
  await g.say(owner, "审批人 @钱科长 > @孙局长", { mentions: [[ke, "钱科长"], [ju, "孙局长"]] });
  await g.say(owner, "提交审批");
  const confirm = h.lark.messages.at(-1)!;
  await h.click({ operator: owner, value: actionsOf(original(confirm)).find((v) => v.a === "submit_confirm"), chatId: chat, messageId: confirm.messageId });
  await h.settle();
  expect(g.requestsTo(ke)).toHaveLength(1);
  return g;
}

/** The decision of a round's level, read back from the database. */
async function decisionAt(g: ReturnType<typeof group>, level: number) {
  const { round, decisions } = (await g.decisions()).at(-1)!;
  return { round, decision: decisions.find((d) => d.level === level) };
}

async function auditOf(g: ReturnType<typeof group>, decisionId: string) {
  return g.db().auditEntry.findMany({ where: { reportId: g.reportId(), kind: { in: ["approved", "returned"] } }, orderBy: { id: "asc" } }).then((all) => ({ all, mine: all.filter((e) => e.decisionId === decisionId) }));
}

/** Every message the bot sent since `from` (index in the fake's list), as receiver + content: none may repeat. */
function sentSince(from: number) {
  const list = h.lark.messages.slice(from).map((m) => `${m.receiveId ?? m.replyTo}\u0000${m.content}`);
  return { count: list.length, distinct: new Set(list).size };
}

/** Lets the decision's follow-up fall due (it is left to the request that stored it for EFFECTS_LEASE_MS), then sweeps. */
async function sweepLater() {
  h.clock.advance(EFFECTS_LEASE_MS + 1_000);
  await h.settle();
}

describe("a failure right after the decision is stored", () => {
  it("the tap gets an error toast; the round is at level 2 with no audit entry and no card to level 2 — until the sweep sends exactly one", async () => {
    const chat = uid("oc_follow_a_");
    const g = await submitted(chat);
    const card = g.lastRequestTo(ke);
    const from = h.lark.messages.length;

    faults.afterDecide = true;
    const answer = await g.tap(ke, card, "approve");
    expect(faults.afterDecide).toBe(false);
    expect(answer.toast).toMatchObject({ type: "error" });
    // The state the defect left behind: stored and moved, nothing else.
    const stranded = await decisionAt(g, 0);
    expect(stranded.round).toMatchObject({ currentLevel: 1, status: "running" });
    expect(stranded.decision).toMatchObject({ approver: ke, outcome: "approved", effectsAt: null });
    expect((await auditOf(g, stranded.decision!.id)).all).toEqual([]);
    expect(g.requestsTo(ju)).toHaveLength(0);
    expect(current(card)).toEqual(original(card));

    // Not before it is due: the request that stored a decision has its lease to finish it.
    await h.settle();
    expect(g.requestsTo(ju)).toHaveLength(0);

    await sweepLater();
    const toJu = g.requestsTo(ju);
    expect(toJu).toHaveLength(1);
    expect(g.action(toJu[0]!, "approve")).toMatchObject({ ap: stranded.round.id, ver: 1 });
    const audit = await auditOf(g, stranded.decision!.id);
    expect(audit.all).toHaveLength(1);
    expect(audit.mine[0]).toMatchObject({ kind: "approved", actorOpenId: ke, level: 1, versionNumber: 1, createdAt: stranded.decision!.createdAt });
    // The level-1 card shows the outcome, once; the group hears of it once; nothing was sent twice.
    expect(card.patches).toHaveLength(1);
    expect(cardText(current(card))).toMatch(/已同意/);
    expect(actionsOf(current(card))).toEqual([]);
    expect(g.inGroup(new RegExp(`，转 <at id=${ju}></at>`)).filter((m) => h.lark.messages.indexOf(m) >= from)).toHaveLength(1);
    const sent = sentSince(from);
    expect(sent.distinct).toBe(sent.count);
    expect((await decisionAt(g, 0)).decision!.effectsAt).not.toBeNull();

    // Level 2 decides on the card the sweep sent: the report is approved.
    const final = await g.tap(ju, toJu[0]!, "approve");
    expect(final.toast).toMatchObject({ type: "success", content: "已同意，报告已审定" });
    expect((await g.report()).status).toBe("approved");
  });

  it("running the follow-up once more (as a second sweep or a late re-run would) queues and records nothing new", async () => {
    const chat = uid("oc_follow_b_");
    const g = await submitted(chat);
    await g.tap(ke, g.lastRequestTo(ke), "approve");
    const { decision } = await decisionAt(g, 0);
    expect(decision!.effectsAt).not.toBeNull();
    const before = { messages: h.lark.messages.length, outbox: await g.db().outboxMessage.count(), audit: (await auditOf(g, decision!.id)).all.length };
    expect(g.requestsTo(ju)).toHaveLength(1);

    // Mark it not done and due, as if the run had died just before its last step.
    await g.db().approvalDecision.update({ where: { id: decision!.id }, data: { effectsAt: null, effectsDueAt: new Date(h.clock.now().getTime() - 1) } });
    await h.settle();
    expect((await decisionAt(g, 0)).decision!.effectsAt).not.toBeNull();
    expect(h.lark.messages.length).toBe(before.messages);
    expect(await g.db().outboxMessage.count()).toBe(before.outbox);
    expect((await auditOf(g, decision!.id)).all).toHaveLength(before.audit);
    expect(g.requestsTo(ju)).toHaveLength(1);
  });
});

describe("a failure half-way through the follow-up", () => {
  it("audit entry written, then the card copies cannot be read: the tap still succeeds, and the sweep finishes without repeating the audit entry", async () => {
    const chat = uid("oc_follow_c_");
    const g = await submitted(chat);
    const card = g.lastRequestTo(ke);
    const from = h.lark.messages.length;

    faults.cards = true;
    const answer = await g.tap(ke, card, "approve");
    expect(faults.cards).toBe(false);
    // The decision is stored: the approver is told so (the rest follows from it).
    expect(answer.toast).toMatchObject({ type: "success", content: "已同意，已转第 2 级审批" });
    const { decision } = await decisionAt(g, 0);
    expect(decision!.effectsAt).toBeNull();
    expect((await auditOf(g, decision!.id)).mine).toHaveLength(1);
    expect(g.requestsTo(ju)).toHaveLength(0);

    await sweepLater();
    expect(g.requestsTo(ju)).toHaveLength(1);
    expect((await auditOf(g, decision!.id)).all).toHaveLength(1);
    expect(card.patches).toHaveLength(1);
    const sent = sentSince(from);
    expect(sent.distinct).toBe(sent.count);
  });

  it("a 退回 whose follow-up failed: the sweep moves the report back to collecting with the comment, posts the notice once", async () => {
    const chat = uid("oc_follow_d_");
    const g = await submitted(chat);
    const card = g.lastRequestTo(ke);
    const from = h.lark.messages.length;

    faults.cards = true;
    const reject = { ...g.action(card, "approve"), a: "reject" };
    const answer = await g.tap(ke, card, "reject", { comment: "数据需要核实" }, reject);
    expect(answer.toast).toMatchObject({ type: "success" });
    // Stored, and the round closed; the report still waits in approval until the follow-up runs.
    const { round, decision } = await decisionAt(g, 0);
    expect(round.status).toBe("returned");
    expect(decision!.effectsAt).toBeNull();
    expect((await g.report()).status).toBe("in_approval");

    await sweepLater();
    const report = await g.report();
    expect(report).toMatchObject({ status: "collecting", returnComment: "数据需要核实" });
    expect((await auditOf(g, decision!.id)).mine).toMatchObject([{ kind: "returned", comment: "数据需要核实" }]);
    const notices = h.lark.messages.slice(from).filter((m) => m.receiveId === chat && /退回/.test(textOf(m)) && /数据需要核实/.test(textOf(m)));
    expect(notices).toHaveLength(1);
    const sent = sentSince(from);
    expect(sent.distinct).toBe(sent.count);
  });
});

describe("a re-tap", () => {
  it("on the decided card finishes a stranded follow-up at once (and says the level is done)", async () => {
    const chat = uid("oc_follow_e_");
    const g = await submitted(chat);
    const card = g.lastRequestTo(ke);
    faults.afterDecide = true;
    expect((await g.tap(ke, card, "approve")).toast.type).toBe("error");
    expect(g.requestsTo(ju)).toHaveLength(0);

    const again = await g.tap(ke, card, "approve");
    expect(again.toast).toMatchObject({ type: "warning", content: "第 1 级已审批完毕，当前在第 2 级审批。" });
    expect(g.requestsTo(ju)).toHaveLength(1);
    const { decision } = await decisionAt(g, 0);
    expect(decision!.effectsAt).not.toBeNull();
    expect((await auditOf(g, decision!.id)).all).toHaveLength(1);
    // The sweep later finds nothing left to do.
    await sweepLater();
    expect(g.requestsTo(ju)).toHaveLength(1);
  });
});
