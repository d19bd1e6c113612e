// Defect 5: nobody approves their own report. Setting the owner as an approver is refused with a reply naming
// them; a chain that holds the owner anyway (stored before this rule, or the report changed hands) cannot be
// submitted; and at decision time the owner's tap is refused even when the round's chain names them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsOf, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { group, original } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const owner = "ou_owner_wang";
const lastText = () => textOf(h.lark.messages.at(-1)!);

describe("the report's owner as approver", () => {
  it("审批人 naming the owner (alone, or among others on any level) is refused, naming them; nothing is stored", async () => {
    const chat = uid("oc_self_a_");
    const g = group(h, chat);
    await g.say(owner, "新建报告 自审测试报告");
    const ke = uid("ou_ke_");
    for (const [text, mentions] of [
      ["审批人 @王科员", [[owner, "王科员"]]],
      ["审批人 @钱科长 > @王科员", [[ke, "钱科长"], [owner, "王科员"]]],
      ["审批人 @钱科长 @王科员", [[ke, "钱科长"], [owner, "王科员"]]],
    ] as [string, [string, string][]][]) {
      await g.say(owner, text, { mentions });
      expect(lastText(), text).toContain("王科员 是这份报告的负责人，不能担任审批人（不能审批自己的报告）。请 @ 其他人。");
    }
    expect(await g.db().approvalChain.findUnique({ where: { reportId: g.reportId() } })).toBeNull();
    expect(await g.db().auditEntry.count({ where: { reportId: g.reportId() } })).toBe(0);
    // Someone else is accepted.
    await g.say(owner, "审批人 @钱科长", { mentions: [[ke, "钱科长"]] });
    expect(lastText()).toContain("已设置审批人");
  });

  it("a stored chain that holds the owner cannot be submitted", async () => {
    const chat = uid("oc_self_b_");
    const g = group(h, chat);
    await g.say(owner, "新建报告 旧审批链报告");
    const ke = uid("ou_ke_");
    await g.say(owner, "审批人 @钱科长", { mentions: [[ke, "钱科长"]] });
    // As stored by a version before this rule.
    await g.db().approvalChain.update({ where: { reportId: g.reportId() }, data: { levelsJson: JSON.stringify([[{ openId: ke, name: "钱科长" }], [{ openId: owner, name: "王科员" }]]) } });
    await g.say(owner, "提交审批");
    expect(lastText()).toContain("王科员 是这份报告的负责人，不能担任审批人");
    expect(lastText()).toContain("请重新设置审批人");
    expect((await g.report()).status).toBe("collecting");
    expect(await g.db().approvalRound.count({ where: { reportId: g.reportId() } })).toBe(0);
  });

  it("at decision time: an approver who has become the report's owner is refused, and nothing changes", async () => {
    const chat = uid("oc_self_c_");
    const g = group(h, chat);
    const ke = uid("ou_ke_");
    const ju = uid("ou_ju_");
    await g.say(owner, "新建报告 易手报告");
    await g.say(owner, "审批人 @钱科长 > @孙局长", { mentions: [[ke, "钱科长"], [ju, "孙局长"]] });
    await g.say(owner, "提交审批");
    const confirm = h.lark.messages.at(-1)!;
    await h.click({ operator: owner, value: actionsOf(original(confirm)).find((v) => v.a === "submit_confirm"), chatId: chat, messageId: confirm.messageId });
    await h.settle();
    const card = g.lastRequestTo(ke);
    // The report changes hands to the level-1 approver after the round started (no command does this yet).
    await g.db().report.update({ where: { id: g.reportId() }, data: { ownerOpenId: ke } });
    const before = { rounds: await g.decisions(), audit: await g.db().auditEntry.count({ where: { reportId: g.reportId() } }), messages: h.lark.messages.length };
    for (const a of ["approve", "reject_open"]) {
      const answer = await g.tap(ke, card, a);
      expect(answer.toast).toMatchObject({ type: "warning", content: "你是这份报告的负责人，不能审批自己的报告。" });
      expect(answer.card).toBeUndefined();
    }
    const reject = await g.tap(ke, card, "reject", { comment: "自己退回" }, { ...g.action(card, "approve"), a: "reject" });
    expect(reject.toast).toMatchObject({ type: "warning", content: "你是这份报告的负责人，不能审批自己的报告。" });
    expect(await g.decisions()).toEqual(before.rounds);
    expect(await g.db().auditEntry.count({ where: { reportId: g.reportId() } })).toBe(before.audit);
    expect(h.lark.messages.length).toBe(before.messages);
    expect(card.patches).toHaveLength(0);
  });
});
