// Must-show 2: a non-approver, an approver of another level, and an approver tapping a card of an older version
// are all refused with a toast, and nothing changes. Each test sets up its own report and chain.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsOf, cardText, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { current, group, original } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const owner = "ou_owner_qian";
const member = "ou_member_sun";
const outsider = "ou_outsider_zhou";
const ke = "ou_kezhang_liu";
const ju = "ou_juzhang_he";
type Group = ReturnType<typeof group>;

/**
 * Everything a refusal must leave alone, as people see it: every card the bot sent and how often it was patched,
 * the overview in the group, and 审批记录 (asked for here; its own replies are left out of the cards).
 */
async function snapshot(g: Group) {
  const cards = h.lark.messages.filter((m) => m.msgType === "interactive" && !/^审批记录：/.test(textOf(m))).map((m) => [m.messageId, m.patches.length]);
  return { cards, overview: g.lastOverview(), trail: await g.trail(owner) };
}

/** Submits the report (the owner confirms) and waits until the approval cards are out. */
async function submit(g: Group, chat: string) {
  await g.say(owner, "提交审批");
  const confirm = h.lark.messages.at(-1)!;
  const value = actionsOf(original(confirm)).find((v) => v.a === "submit_confirm");
  const answer = await h.click({ operator: owner, value, chatId: chat, messageId: confirm.messageId });
  expect(answer.toast.content).toBe("已提交审批");
  await h.settle();
}

/**
 * What the refusal tests start from, in a chat of its own: a report with a member, the chain 刘科长 > 何局长,
 * version 1 submitted and withdrawn, version 2 submitted and waiting for level 1.
 */
async function secondVersionInApproval() {
  const chat = uid("oc_auth_");
  const g = group(h, chat);
  await g.say(owner, "新建报告 测试报告");
  await g.say(member, "大家好", { atBot: false });
  await g.say(owner, "审批人 @刘科长 > @何局长", { mentions: [[ke, "刘科长"], [ju, "何局长"]] });
  await submit(g, chat);
  await g.say(owner, "撤回审批");
  await submit(g, chat);
  expect(g.requestsTo(ke)).toHaveLength(2);
  return { g, chat };
}

describe("who may decide", () => {
  it("sets up a two-level chain and submits version 1, withdraws it and submits version 2", async () => {
    const chat = uid("oc_auth_");
    const g = group(h, chat);
    await g.say(owner, "新建报告 测试报告");
    await g.say(member, "大家好", { atBot: false });
    await g.say(owner, "审批人 @刘科长 > @何局长", { mentions: [[ke, "刘科长"], [ju, "何局长"]] });
    await g.say(owner, "提交审批");
    const confirm = h.lark.messages.at(-1)!;
    const value = actionsOf(original(confirm)).find((v) => v.a === "submit_confirm");
    // Someone else cannot use the owner's confirmation.
    const notOwner = await h.click({ operator: member, value, chatId: chat, messageId: confirm.messageId });
    expect(notOwner.toast.content).toBe("只有报告负责人可以提交审批。");
    expect((await g.report()).status).toBe("collecting");
    await h.click({ operator: owner, value, chatId: chat, messageId: confirm.messageId });
    await h.settle();
    expect(g.requestsTo(ke)).toHaveLength(1);
    // Withdraw (owner only): every copy of the level's card says so; then resubmit.
    await g.say(member, "撤回审批");
    expect(textOf(h.lark.messages.at(-1)!)).toContain("只有报告负责人可以撤回审批");
    await g.say(owner, "撤回审批");
    expect(textOf(h.lark.messages.at(-1)!)).toContain("已撤回审批");
    expect((await g.report()).status).toBe("collecting");
    const v1 = g.lastRequestTo(ke);
    expect(cardText(current(v1))).toContain("审批已撤回");
    expect(actionsOf(current(v1))).toEqual([]);
    await g.say(owner, "提交审批");
    const again = h.lark.messages.at(-1)!;
    await h.click({ operator: owner, value: actionsOf(original(again)).find((v) => v.a === "submit_confirm"), chatId: chat, messageId: again.messageId });
    await h.settle();
    expect(g.requestsTo(ke)).toHaveLength(2);
    expect(g.action(g.lastRequestTo(ke), "approve").ver).toBe(2);
    // Changing the chain while the approval runs is refused.
    await g.say(owner, "审批人 @何局长", { mentions: [[ju, "何局长"]] });
    expect(textOf(h.lark.messages.at(-1)!)).toContain("报告正在审批中，不能修改审批人");
  });

  it("a group member who is not an approver: toast, nothing changes", async () => {
    const { g, chat } = await secondVersionInApproval();
    const card = g.lastRequestTo(ke);
    const before = await snapshot(g);
    for (const a of ["approve", "reject_open"]) {
      const answer = await g.tap(member, card, a);
      expect(answer.toast).toMatchObject({ type: "warning", content: "你不是这份报告的审批人，不能审批。" });
      expect(answer.card).toBeUndefined();
    }
    const reject = await h.click({ operator: member, value: { ...g.action(card, "approve"), a: "reject" }, formValue: { comment: "不行" }, chatId: chat });
    expect(reject.toast.type).toBe("warning");
    await h.settle();
    expect(await snapshot(g)).toEqual(before);
  });

  it("someone outside the report's chat: toast, nothing changes", async () => {
    const { g } = await secondVersionInApproval();
    const before = await snapshot(g);
    const answer = await g.tap(outsider, g.lastRequestTo(ke), "approve");
    expect(answer.toast.type).toBe("warning");
    expect(answer.toast.content).toMatch(/不是这份报告所在群的成员/);
    expect(await snapshot(g)).toEqual(before);
  });

  it("the approver of another level (level 2 while level 1 decides): toast, nothing changes", async () => {
    const { g } = await secondVersionInApproval();
    const before = await snapshot(g);
    const answer = await g.tap(ju, g.lastRequestTo(ke), "approve");
    expect(answer.toast).toMatchObject({ type: "warning", content: "你是第 2 级审批人，当前在第 1 级审批，请等待前一级审批完成。" });
    expect(await snapshot(g)).toEqual(before);
    const reject = await g.tap(ju, g.lastRequestTo(ke), "reject", { comment: "退回" }, { ...g.action(g.lastRequestTo(ke), "approve"), a: "reject" });
    expect(reject.toast.type).toBe("warning");
    expect(await snapshot(g)).toEqual(before);
  });

  it("an approver tapping the card of an older version: toast, nothing changes", async () => {
    const { g } = await secondVersionInApproval();
    const old = g.requestsTo(ke)[0]!;
    expect(g.action(old, "approve").ver).toBe(1);
    const before = await snapshot(g);
    const answer = await g.tap(ke, old, "approve");
    expect(answer.toast.type).toBe("warning");
    expect(answer.toast.content).toContain("旧版本");
    const reject = await g.tap(ke, old, "reject_open");
    expect(reject.toast.content).toContain("旧版本");
    expect(await snapshot(g)).toEqual(before);
  });

  it("the level-1 approver on the current card is accepted; then the same card again, and the level-1 approver on level 2, are refused", async () => {
    const { g, chat } = await secondVersionInApproval();
    const answer = await g.tap(ke, g.lastRequestTo(ke), "approve");
    expect(answer.toast.type).toBe("success");
    const before = await snapshot(g);
    const again = await g.tap(ke, g.lastRequestTo(ke), "approve");
    expect(again.toast.type).toBe("warning");
    expect(again.toast.content).toMatch(/第 1 级已审批完毕|本级已审批完毕/);
    const onLevel2 = await h.click({ operator: ke, value: g.action(g.lastRequestTo(ju), "approve"), chatId: chat });
    expect(onLevel2.toast.type).toBe("warning");
    await h.settle();
    expect(await snapshot(g)).toEqual(before);
    // Version 1 withdrawn without a decision; version 2 with the one level-1 decision.
    expect(await g.trail(owner)).toEqual([`${owner}:设置审批人:`, `${owner}:提交审批:1`, `${owner}:撤回审批:1`, `${owner}:提交审批:2`, `${ke}:第 1 级同意:2`]);
  });
});
