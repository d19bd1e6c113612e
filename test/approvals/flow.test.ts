// Must-shows 1 and 4: a two-level chain walked through webhook callbacks — submit, level-1 同意, level-2 退回 with
// a comment, fixes, resubmit, both approve → approved and locked; then edits refused, reopening needs a new
// round, and the audit trail lists everything in order. Every card the fake Open API received is checked.
//
// The story is told in steps (setUp, submitV1, …). Each test starts a new app and replays the steps before the
// one it checks, so every test runs alone; a step records what the test looks at (toasts, the messages it
// caused) and the test asserts on it.
import { afterEach, describe, expect, it } from "vitest";
import { actionsOf, cardText, lastPrompt, prompts, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { strFromU8, unzipSync } from "fflate";
import { auditAppendix, withAuditAppendix } from "../../src/app/features/approvals/audit.js";
import { renderDocx } from "../../src/adapters/document/docx.js";
import { PrismaApprovalStore } from "../../src/adapters/prisma/approvals.js";
import { current, group, original } from "./helpers.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const owner = "ou_owner_li";
const writer = "ou_writer_zhao";
const ke = "ou_kezhang_zhang";
const ju = "ou_juzhang_wang";
const fu = "ou_fujuzhang_chen";
const approvers = [ke, ju, fu];
const names: [string, string][] = [
  [ke, "张科长"],
  [ju, "王局长"],
  [fu, "陈副局长"],
];
const RETURN_COMMENT = "存在的不足写得太笼统，请结合执法检查数据补充。";

/** A new app and the story's chat; the steps below move it on. */
async function story() {
  h = await startHarness();
  const app = h;
  const chat = uid("oc_appr_");
  const g = group(app, chat);
  const last = () => app.lark.messages.at(-1)!;
  const shortcomingsPrompt = () => prompts(app.lark, chat).filter((p) => p.key === "shortcomings").at(-1)!;
  const confirmSubmission = async () => {
    await g.say(owner, "提交审批");
    const confirm = last();
    const answer = await app.click({ operator: owner, value: actionsOf(original(confirm)).find((v) => v.a === "submit_confirm"), chatId: chat, messageId: confirm.messageId });
    await app.settle();
    return { confirm, answer };
  };

  const steps = {
    /** Report, an owner for 存在的不足, the opening answered, the chain (the writer tries first and is refused). */
    async setUp() {
      await g.say(owner, "新建报告 南岸区交通局关于2026年法治政府建设情况的报告");
      await g.say(owner, "分配 shortcomings @赵六", { mentions: [[writer, "赵六"]] });
      const pre = lastPrompt(app.lark, chat);
      await g.say(owner, "2026年，我局坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党中央、国务院关于法治政府建设的决策部署，现将有关情况报告如下：", { parentId: pre.message.messageId, atBot: false });
      await g.say(writer, "审批人 @张科长 > @王局长 @陈副局长", { mentions: names });
      const writerRefused = textOf(last());
      await g.say(owner, "审批人 @张科长 > @王局长 @陈副局长", { mentions: names });
      return { writerRefused };
    },
    /** The writer tries to submit; the owner submits and confirms (the report is incomplete); the writer then tries to answer. */
    async submitV1() {
      await g.say(writer, "提交审批");
      const writerRefused = textOf(last());
      const statusBefore = (await g.report()).status;
      const { confirm, answer } = await confirmSubmission();
      const request = g.lastRequestTo(ke);
      await g.say(writer, "补充内容", { parentId: lastPrompt(app.lark, chat).message.messageId, atBot: false });
      const lockedReply = textOf(last());
      return { writerRefused, statusBefore, confirm, answer, request, lockedReply };
    },
    /** Level 1 (张科长) approves on his card. */
    async level1Approves() {
      const card = g.lastRequestTo(ke);
      const answer = await g.tap(ke, card, "approve");
      return { card, answer };
    },
    /** Level 2 (王局长) opens the return form, sends it empty (refused), then with a comment naming 存在的不足. */
    async level2Returns() {
      const card = g.lastRequestTo(ju);
      const opened = await g.tap(ju, card, "reject_open");
      const form = opened.card.data;
      const rejectValue = actionsOf(form).find((v: any) => v.a === "reject");
      const empty = await g.tap(ju, card, "reject", { comment: "  " }, rejectValue);
      const statusAfterEmpty = (await g.report()).status;
      const answer = await g.tap(ju, card, "reject", { comment: RETURN_COMMENT, sections: ["shortcomings"] }, rejectValue);
      return { form, empty, statusAfterEmpty, answer };
    },
    /** The writer fixes 存在的不足; the owner resubmits (version 2); 张科长 and then 陈副局长 approve. */
    async fixAndApprove() {
      await g.say(writer, "一是执法检查发现的问题整改不够及时，全年检查发现问题 23 个，已整改 19 个；二是行政执法人员培训覆盖面仍需扩大。", {
        parentId: shortcomingsPrompt().message.messageId,
        atBot: false,
      });
      const receipt = textOf(last());
      const overviewAfterFix = g.lastOverview();
      await confirmSubmission();
      const afterResubmit = await g.report();
      const level1Card = g.lastRequestTo(ke);
      const level1 = await g.tap(ke, level1Card, "approve");
      const level2Card = g.lastRequestTo(fu);
      const level2 = await g.tap(fu, level2Card, "approve");
      return { receipt, overviewAfterFix, afterResubmit, level1Card, level1, level2Card, level2 };
    },
    /** The owner reopens the approved report, the writer adds a line, the owner submits again (version 3). */
    async reopenAndResubmit() {
      await g.say(owner, "重新打开");
      await g.say(writer, "三是基层法治宣传形式较为单一。", { parentId: shortcomingsPrompt().message.messageId, atBot: false });
      await confirmSubmission();
    },
  };
  type Steps = typeof steps;
  /** Replays the steps before `name` (in story order). */
  const upTo = async (name: keyof Steps) => {
    for (const step of Object.keys(steps) as (keyof Steps)[]) {
      if (step === name) return;
      await steps[step]();
    }
  };
  return { h: app, chat, g, steps, upTo, last, shortcomingsPrompt };
}

describe("a two-level approval through webhook callbacks", () => {
  it("sets up: report, an owner for 存在的不足, an answer, the chain", async () => {
    const s = await story();
    const { writerRefused } = await s.steps.setUp();
    // Only the owner sets the chain.
    expect(writerRefused).toContain("只有报告负责人可以设置审批人");
    const set = s.g.inGroup(/已设置审批人/);
    expect(set).toHaveLength(1);
    expect(textOf(set[0]!)).toContain(`第 1 级：<at id=${ke}></at>`);
    expect(textOf(set[0]!)).toContain(`第 2 级：<at id=${ju}></at> <at id=${fu}></at>（任一人审批即可）`);
  });

  it("submitting an incomplete report asks for confirmation; confirming freezes version 1 and starts level 1", async () => {
    const s = await story();
    await s.upTo("submitV1");
    const r = await s.steps.submitV1();
    expect(r.writerRefused).toContain("只有报告负责人可以提交审批");
    expect(textOf(r.confirm)).toMatch(/还有 \d+ 个部分未完成/);
    expect(r.statusBefore).toBe("collecting");
    expect(r.answer.toast.content).toBe("已提交审批");

    const report = await s.g.report();
    expect(report.status).toBe("in_approval");
    // Level 1: one private card to 张科长, with title, version, completeness, incomplete flag, link to version 1.
    expect(s.g.requestsTo(ju)).toHaveLength(0);
    const card = r.request;
    expect(card.receiveIdType).toBe("open_id");
    const text = cardText(original(card));
    expect(text).toContain("南岸区交通局关于2026年法治政府建设情况的报告");
    expect(text).toContain("第 1 版");
    expect(text).toContain("第 1/2 级");
    expect(text).toMatch(/完成度\*\* \d+\/\d+ 部分完成/);
    expect(text).toContain("未全部完成时提交审批");
    const download = JSON.stringify(original(card)).match(/http:\/\/huibao\.test\/download\/[^"]+/)?.[0];
    expect(download).toContain(`/download/${report.id}/1.docx?exp=`);
    // Version 1 is frozen: its link serves the document.
    const served = await fetch(download!.replace("http://huibao.test", s.h.base));
    expect(served.status).toBe(200);
    expect(s.g.action(card, "approve")).toMatchObject({ a: "approve", r: report.id, ver: 1 });
    // The group sees a short notice.
    const notice = s.g.inGroup(/已提交第 1 版审批/);
    expect(notice).toHaveLength(1);
    expect(textOf(notice[0]!)).toContain(`请 <at id=${ke}></at> 审阅`);
    // Locked while in approval.
    expect(r.lockedReply).toContain("报告正在审批中，暂不能修改");
  });

  it("level 1 同意: every copy shows the outcome, level 2 gets its cards", async () => {
    const s = await story();
    await s.upTo("level1Approves");
    const { card, answer } = await s.steps.level1Approves();
    expect(answer.toast.content).toBe("已同意，已转第 2 级审批");
    expect(cardText(answer.card.data)).toContain("已同意");
    // The approver's copy and the group notice were patched: outcome shown, buttons gone.
    expect(card.patches.length).toBeGreaterThan(0);
    expect(cardText(current(card))).toContain(`<at id=${ke}></at> 已同意`);
    expect(actionsOf(current(card))).toEqual([]);
    const notice1 = s.g.inGroup(/已提交第 1 版审批|已同意/).find((m) => /已提交第 1 版审批/.test(cardText(original(m))))!;
    expect(cardText(current(notice1))).toContain("已转下一级审批");
    // Level 2: both approvers, privately; the group is told.
    for (const who of [ju, fu]) {
      const c = s.g.lastRequestTo(who);
      expect(cardText(original(c))).toContain("第 2/2 级");
      expect(cardText(original(c))).toContain(`<at id=${ke}></at> 已同意`);
    }
    expect(s.g.inGroup(/已同意第 1 版（第 1\/2 级），转/)).toHaveLength(1);
    expect(s.g.lastOverview()).toMatch(new RegExp(`等待审批：<at id=${ju}></at>、<at id=${fu}></at>`));
  });

  it("level 2 退回 with a comment naming 存在的不足: report back to collecting, comment on overview and prompt, owner @mentioned", async () => {
    const s = await story();
    await s.upTo("level2Returns");
    const r = await s.steps.level2Returns();
    expect(cardText(r.form)).toContain("退回意见");
    // The comment is required.
    expect(r.empty.toast.content).toBe("请填写退回意见。");
    expect(r.statusAfterEmpty).toBe("in_approval");
    expect(r.answer.toast.content).toContain("已退回");

    const report = await s.g.report();
    expect(report.status).toBe("collecting");
    expect(report.returnComment).toBe(RETURN_COMMENT);
    expect(report.returnSections).toEqual(["shortcomings"]);
    // Both level-2 copies and the level-2 group notice show the outcome without buttons.
    for (const who of [ju, fu]) {
      const c = s.g.lastRequestTo(who);
      expect(cardText(current(c))).toContain(`<at id=${ju}></at> 已退回`);
      expect(cardText(current(c))).toContain("结合执法检查数据");
      expect(actionsOf(current(c))).toEqual([]);
    }
    const notice2 = s.h.lark.messages.find((m) => m.receiveId === s.chat && /转 <at/.test(cardText(original(m))))!;
    expect(cardText(current(notice2))).toContain("已退回");
    expect(s.g.inGroup(/退回了第 1 版/)).toHaveLength(1);
    const rework = s.g.inGroup(/需修改的部分/);
    expect(rework).toHaveLength(1);
    expect(textOf(rework[0]!)).toContain(`请 <at id=${writer}></at> 修改`);
    // The prompt for the section carries the comment; so does the overview.
    expect(textOf(s.shortcomingsPrompt().message)).toContain("结合执法检查数据");
    expect(s.g.lastOverview()).toContain("退回修改");
    expect(s.g.lastOverview()).toContain("结合执法检查数据");
    // The level-1 approver's old card cannot be used any more.
    const stale = await s.g.tap(ke, s.g.lastRequestTo(ke), "approve");
    expect(stale.toast.type).toBe("warning");
  });

  it("fixes, resubmits (version 2, level 1 again), both levels approve → approved and locked", async () => {
    const s = await story();
    await s.upTo("fixAndApprove");
    const r = await s.steps.fixAndApprove();
    expect(r.receipt).toMatch(/字/);
    // The overview refreshed by the answer still shows the return comment.
    expect(r.overviewAfterFix).toContain("结合执法检查数据");
    expect(r.afterResubmit.status).toBe("in_approval");
    expect(r.afterResubmit.returnComment).toBeNull();
    expect(s.g.requestsTo(ke)).toHaveLength(2);
    expect(s.g.action(r.level1Card, "approve").ver).toBe(2);
    expect(cardText(original(r.level1Card))).toContain("第 1/2 级");
    expect(r.level1.toast.content).toBe("已同意，已转第 2 级审批");
    expect(s.g.action(r.level2Card, "approve").ver).toBe(2);
    expect(r.level2.toast.content).toBe("已同意，报告已审定");

    const approved = await s.g.report();
    expect(approved.status).toBe("approved");
    expect(cardText(current(s.g.lastRequestTo(ju)))).toContain(`<at id=${fu}></at> 已同意`);
    expect(s.g.inGroup(/第 2 版已审定/)).toHaveLength(1);
    // The final .docx is offered in the group: version 2's link.
    const ready = s.g.inGroup(/报告已生成/).at(-1)!;
    expect(JSON.stringify(original(ready))).toContain(`/download/${approved.id}/2.docx`);
    // The link delivers the approved version with the audit trail as its appendix.
    const link = JSON.stringify(original(ready)).match(/http:\/\/huibao\.test(\/download\/[^"]+\.docx[^"]*)/)![1]!;
    const file = await fetch(s.h.base + link);
    expect(file.status).toBe(200);
    const delivered = strFromU8(unzipSync(new Uint8Array(await file.arrayBuffer()))["word/document.xml"]!);
    expect(delivered).toContain("审批记录");
    expect(delivered).toContain("第 2 级同意");
    expect(s.g.lastOverview()).toContain("已审定");
    expect(s.g.lastOverview()).toContain(`<at id=${ke}></at>`);
    expect(s.g.lastOverview()).toContain(`<at id=${fu}></at>`);
    // The decisions as the group can read them (审批记录): who decided what, on which version.
    expect(await s.g.trail(writer)).toEqual([
      `${owner}:设置审批人:`,
      `${owner}:提交审批:1`,
      `${ke}:第 1 级同意:1`,
      `${ju}:第 2 级退回:1`,
      `${owner}:提交审批:2`,
      `${ke}:第 1 级同意:2`,
      `${fu}:第 2 级同意:2`,
    ]);
  });

  it("every card the fake Open API received: Card 2.0; approval requests private to approvers, all decided now", async () => {
    const s = await story();
    await s.upTo("reopenAndResubmit");
    const cards = s.h.lark.messages.filter((m) => m.msgType === "interactive");
    expect(cards.length).toBeGreaterThan(20);
    for (const m of cards) {
      expect(original(m).schema).toBe("2.0");
      expect(current(m).schema).toBe("2.0");
      const acts = actionsOf(original(m)).map((v) => v.a);
      if (acts.includes("approve")) {
        expect(m.receiveIdType).toBe("open_id");
        expect(approvers).toContain(m.receiveId);
        expect(actionsOf(current(m))).toEqual([]); // every request was decided (or superseded) and patched
        expect(cardText(current(m))).toMatch(/已同意|已退回/);
      } else if (m.receiveIdType === "open_id") {
        // Private messages otherwise: the section owner's prompt after 分配.
        expect(m.receiveId).toBe(writer);
      }
    }
    // 6 request cards: v1 level 1 (张) + level 2 (王, 陈); v2 level 1 (张) + level 2 (王, 陈).
    expect(cards.filter((m) => actionsOf(original(m)).some((v) => v.a === "approve"))).toHaveLength(6);
    // Group notices: submitted ×2, forwarded ×2 — each patched with its level's outcome.
    const notices = cards.filter((m) => m.receiveId === s.chat && /已提交第 \d 版审批|，转 /.test(cardText(original(m))));
    expect(notices).toHaveLength(4);
    for (const n of notices) expect(n.patches.length).toBeGreaterThan(0);
  });
});

describe("after approval (must-show 4)", () => {
  it("edits and settings are refused with an explanation", async () => {
    const s = await story();
    await s.upTo("reopenAndResubmit");
    const { g, last } = s;
    await g.say(writer, "再补一句。", { parentId: s.shortcomingsPrompt().message.messageId, atBot: false });
    expect(textOf(last())).toContain("报告已审定并锁定，不能再修改");
    await g.say(owner, "截止 2026-12-20");
    expect(textOf(last())).toContain("报告已审定并锁定");
    await g.say(owner, "撤销");
    expect(textOf(last())).toMatch(/已审定并锁定|没有可以撤销/);
    await g.say(owner, "提交审批");
    expect(textOf(last())).toContain("报告已审定");
    await g.say(owner, "撤回审批");
    expect(textOf(last())).toContain("重新打开");
    // 进度 shows 已审定 with the approvers.
    await g.say(writer, "进度");
    expect(g.lastOverview()).toMatch(new RegExp(`已审定\\*\\*：<at id=${ke}></at>（[^）]+）、<at id=${fu}></at>`));
    // Old approval cards change nothing.
    const tapped = await g.tap(ke, g.lastRequestTo(ke), "approve");
    expect(tapped.toast.content).toMatch(/已结束|已审批完毕/);
    expect((await g.report()).status).toBe("approved");
  });

  it("reopening (owner only) makes it editable; approving again needs a new round on a new version", async () => {
    const s = await story();
    await s.upTo("reopenAndResubmit");
    const { g, last } = s;
    await g.say(writer, "重新打开");
    expect(textOf(last())).toContain("只有报告负责人可以重新打开");
    await g.say(owner, "重新打开");
    expect(textOf(last())).toContain("报告已重新打开");
    expect((await g.report()).status).toBe("collecting");
    // The approved round's cards do not approve the reopened report.
    const tapped = await g.tap(fu, g.lastRequestTo(fu), "approve");
    expect(tapped.toast.type).toBe("warning");
    expect((await g.report()).status).toBe("collecting");
    await g.say(writer, "三是基层法治宣传形式较为单一。", { parentId: s.shortcomingsPrompt().message.messageId, atBot: false });
    await g.say(owner, "提交审批");
    const confirm = last();
    await s.h.click({ operator: owner, value: actionsOf(original(confirm)).find((v) => v.a === "submit_confirm"), chatId: s.chat, messageId: confirm.messageId });
    await s.h.settle();
    expect((await g.report()).status).toBe("in_approval");
    // A new round on version 3, at level 1 again.
    const request = g.lastRequestTo(ke);
    expect(g.action(request, "approve").ver).toBe(3);
    expect(cardText(original(request))).toContain("第 1/2 级");
    expect(g.lastOverview()).toMatch(new RegExp(`等待审批：<at id=${ke}></at>`));
    expect((await s.g.trail(writer)).slice(-2)).toEqual([`${owner}:重新打开:2`, `${owner}:提交审批:3`]);
  });

  it("审批记录 lists everything in order; the same trail makes the .docx appendix", async () => {
    const s = await story();
    await s.upTo("reopenAndResubmit");
    await s.steps.reopenAndResubmit();
    const { g } = s;
    await g.say(writer, "审批记录");
    const trail = textOf(s.last());
    const order = ["设置审批人", "提交审批", "第 1 级同意", "第 2 级退回", "提交审批", "第 1 级同意", "第 2 级同意", "重新打开", "提交审批"];
    let from = 0;
    for (const step of order) {
      const i = trail.indexOf(`**${step}**`, from);
      expect(i, `${step} after position ${from}`).toBeGreaterThan(-1);
      from = i + 1;
    }
    expect(trail).toContain("存在的不足写得太笼统");
    expect(trail).toContain("未全部完成时提交");
    expect(trail).toContain("第 2 版 · 校验码");
    expect(trail).toContain("审批人：张科长 &#62; 王局长、陈副局长");

    const db = s.h.server.huibao.reports.db;
    const entries = await new PrismaApprovalStore(db).audit(g.reportId());
    expect(entries.map((e) => e.kind)).toEqual(["approvers_set", "submitted", "approved", "returned", "submitted", "approved", "approved", "reopened", "submitted"]);
    const v2 = await s.h.server.huibao.deps.versions.get(g.reportId(), 2);
    expect(entries[6]).toMatchObject({ actorOpenId: fu, actorName: "陈副局长", level: 2, versionNumber: 2, contentHash: v2!.contentHash });
    const appendix = auditAppendix(entries, "Asia/Shanghai", owner)!;
    expect(appendix.title).toBe("审批记录");
    expect(appendix.rows[0]).toEqual(["序号", "时间", "事项", "人员", "版本", "校验码", "意见"]);
    expect(appendix.rows).toHaveLength(entries.length + 1);
    expect(appendix.rows[4]).toEqual(["4", expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), "第 2 级退回", "王局长", "第 1 版", expect.stringMatching(/^[0-9a-f]{8}$/), expect.stringContaining("（需修改：二、存在的不足和原因）")]);
    expect(appendix.rows[2]![3]).toBe("报告负责人");

    // The approved version (2) as a .docx with the trail up to its approval as 附件; other versions unchanged.
    const store = new PrismaApprovalStore(db);
    const doc2 = await withAuditAppendix(store, { reportId: g.reportId(), number: 2, document: v2!.document, timeZone: "Asia/Shanghai", ownerOpenId: owner });
    expect(doc2.appendix!.rows.map((r) => r[2])).toEqual(["事项", "设置审批人", "提交审批", "第 1 级同意", "第 2 级退回", "提交审批", "第 1 级同意", "第 2 级同意"]);
    const v3 = await s.h.server.huibao.deps.versions.get(g.reportId(), 3);
    expect((await withAuditAppendix(store, { reportId: g.reportId(), number: 3, document: v3!.document, timeZone: "Asia/Shanghai" })).appendix).toBeUndefined();
    const xml = strFromU8(unzipSync(await renderDocx(doc2))["word/document.xml"]!);
    expect(xml).toContain("审批记录");
    expect(xml).toContain("陈副局长");
  });
});
