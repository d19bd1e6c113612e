// Reminders through the app: the real Node entry, a temp SQLite file and the fake Open API. Each pass runs as
// if at a given instant (huibao.runReminders, what the scheduler, the console clock and `npm run remind` call);
// the outbox then delivers through the fake Open API, where the cards are read back.
//
// Every test starts its own app and builds its own report (reportWithOwners): a pass plans for every active
// report in the database, so a shared one would let one test's report change another test's counts.
import { afterEach, describe, expect, it } from "vitest";
import { runReminderPass } from "../../src/app/features/reminders/reminders.js";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { PrismaReminderStore } from "../../src/adapters/prisma/reminders.js";
import { actionsOf, cardOf, lastPrompt, textOf } from "../helpers/bot.js";
import type { FakeMessage } from "../helpers/fake-lark.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const clerk = "ou_clerk_rem";
const zhang = "ou_zhang";
const li = "ou_li";
const wang = "ou_wang";
const ke = "ou_kezhang";
const ju = "ou_juzhang";


const mentionsIn = (m: FakeMessage) => new Set([...m.current.matchAll(/<at id=([^>]+)><\/at>/g)].map((x) => x[1]));
/** Escalation cards ("逾期提醒：…") among messages. */
const escalations = (ms: FakeMessage[]) => ms.filter((m) => textOf(m).includes("逾期提醒"));

/**
 * A new app and a report created by the clerk (report owner) on 2026-09-28: 一（二） owned by 张三, 存在的不足 by
 * 李四, 其他需要报告的情况 by 王五, who has answered it completely ("无"); the other sections have no owner.
 * With `deadline`, the internal deadline is set too.
 */
async function reportWithOwners(o: { deadline?: string } = {}) {
  h = await startHarness();
  const app = h;
  app.clock.runFrom("2026-09-28T10:00:00+08:00");
  const chat = uid("oc_rem_");
  type SayOpts = { sender?: string; mentions?: [string, string][]; chatType?: "group" | "p2p"; chatId?: string };
  /** Posts a message; the messages of a chat are handled in order. */
  const post = async (text: string, so: SayOpts = {}) => {
    const r = await app.say({ chatId: so.chatId ?? chat, sender: so.sender ?? clerk, text, mentions: so.mentions, chatType: so.chatType });
    expect(r.status).toBe(200);
  };
  /** Posts a message and waits until it is handled and the answers are delivered. */
  const say = async (text: string, so: SayOpts = {}) => {
    await post(text, so);
    await app.settle();
  };
  await say("新建报告 南岸区交通局关于2026年法治政府建设情况的报告");
  const reportId = lastPrompt(app.lark, chat).reportId;
  const report = (await app.server.huibao.reports.getReport(reportId))!;
  const labelOf: Record<string, string> = {};
  for (const s of resolveOutline(report.template, report.settings)) labelOf[s.key] = s.label;
  await post(`分配 一（二） @张三`, { mentions: [[zhang, "张三"]] });
  await post(`分配 ${labelOf.shortcomings} @李四`, { mentions: [[li, "李四"]] });
  await post(`分配 ${labelOf.other} @王五`, { mentions: [[wang, "王五"]] });
  if (o.deadline) await post(`截止 ${o.deadline}`);
  await app.settle();
  // 王五 answers his section completely ("无" is a complete answer for 其他需要报告的情况).
  await app.server.huibao.reports.addAnswer({ reportId, sectionKey: "other", authorOpenId: wang, text: "无" }, app.clock.now());

  /** Runs a pass as if at `iso` and delivers; returns the pass result and the reminder messages it produced. */
  const pass = async (iso: string) => {
    app.clock.runFrom(iso);
    const before = app.lark.messages.length;
    const result = await app.server.huibao.runReminders(new Date(iso));
    await app.settle();
    const sent = app.lark.messages.slice(before);
    return { result, sent, group: sent.filter((m) => m.receiveId === chat), to: (id: string) => sent.filter((m) => m.receiveId === id) };
  };
  /** Sets the chain 审批人 @科长 > @局长 (the first level is 科长). */
  const setApprovers = () => say("审批人 @科长 > @局长", { mentions: [[ke, "科长"], [ju, "局长"]] });
  return { h: app, chat, reportId, say, pass, setApprovers };
}

describe("reminders through the app", () => {
  it("nothing on the National Day holiday; the last working day before it and a 调休 Saturday do remind", async () => {
    const r = await reportWithOwners({ deadline: "2026-10-10" }); // a 调休 working Saturday
    // Wed 09-30: 10-08, 10-09, 10-10 → 3 working days left.
    const before = await r.pass("2026-09-30T09:30:00+08:00");
    // group, 张三, 李四, and the unowned list for the report owner (王五 is done)
    expect(before.result).toMatchObject({ planned: 4, sent: 4 });
    expect(before.group).toHaveLength(1);
    // Thu 10-01 … Wed 10-07 are days off: nothing at all, whatever the time.
    for (const d of ["01", "02", "05", "07"]) {
      const p = await r.pass(`2026-10-${d}T09:30:00+08:00`);
      expect(p.result).toMatchObject({ planned: 0, sent: 0 });
      expect(p.sent).toEqual([]);
    }
    const sat = await r.pass("2026-10-10T09:30:00+08:00");
    expect(sat.group.map((m) => textOf(m))).toEqual([expect.stringContaining("填写提醒")]);
    expect(sat.result.reminders[0]).toMatchObject({ kind: "due_today", claimKey: `${r.reportId}|${r.chat}|due_today|2026-10-10` });
  });

  it("on a working day @mentions exactly the owners of missing sections, nudges each owner, lists unowned sections for the report owner", async () => {
    const r = await reportWithOwners();
    r.h.clock.runFrom("2026-11-02T10:00:00+08:00");
    await r.say("截止 2026-11-20");
    // Before the send time: nothing. Mon 11-16 is 4 working days before (not a reminder day by default).
    expect((await r.pass("2026-11-17T09:29:00+08:00")).sent).toEqual([]);
    expect((await r.pass("2026-11-16T09:30:00+08:00")).sent).toEqual([]);
    // Tue 11-17: 3 working days left.
    const p = await r.pass("2026-11-17T09:30:00+08:00");
    expect(p.result).toMatchObject({ date: "2026-11-17", time: "09:30", planned: 4, sent: 4, skipped: 0 });
    expect(p.group).toHaveLength(1);
    const group = p.group[0]!;
    expect(mentionsIn(group)).toEqual(new Set([zhang, li]));
    const text = textOf(group);
    expect(text).toContain("填写提醒");
    expect(text).toMatch(/3 个工作日（11月20日）/); // the deadline countdown
    expect(text).toContain("未指定负责人"); // unowned sections are listed in the group too
    expect(actionsOf(cardOf(group)).map((v) => v.a)).toContain("continue");
    // private nudges: each owner with their own list; 王五 (done) gets nothing
    expect(p.to(zhang).map(textOf)).toEqual([expect.stringMatching(/待你完善[\s\S]*一（二）/)]);
    expect(textOf(p.to(li)[0]!)).toContain("存在的不足");
    expect(textOf(p.to(li)[0]!)).not.toContain("一（二）");
    expect(p.to(wang)).toEqual([]);
    // the report owner gets the unowned sections
    expect(p.to(clerk).map(textOf)).toEqual([expect.stringContaining("待分配负责人")]);
    // no escalation before the deadline
    expect(escalations(p.sent)).toEqual([]);
  });

  it("running the same pass again — sequentially, twice at once, after a restart — sends nothing new", async () => {
    const r = await reportWithOwners({ deadline: "2026-11-20" });
    const first = await r.pass("2026-11-17T09:30:00+08:00");
    expect(first.result).toMatchObject({ planned: 4, sent: 4 });
    // The group reminder is claimed last: once it is taken, the report is done for the day and is skipped before
    // its answers are loaded or its completeness evaluated.
    const again = await r.pass("2026-11-17T09:30:00+08:00");
    expect(again.result).toMatchObject({ planned: 0, sent: 0, skipped: 0, done: 1 });
    expect(again.sent).toEqual([]);
    const later = await r.pass("2026-11-17T15:00:00+08:00");
    expect(later.result).toMatchObject({ sent: 0 });
    expect(later.sent).toEqual([]);
    const at = new Date("2026-11-17T16:00:00+08:00");
    const both = await Promise.all([r.h.server.huibao.runReminders(at), r.h.server.huibao.runReminders(at)]);
    expect(both.map((x) => x.sent)).toEqual([0, 0]);
    await r.h.restart();
    const afterRestart = await r.pass("2026-11-17T17:00:00+08:00");
    expect(afterRestart.sent).toEqual([]);
    // Everything the Open API received that day came from the first pass.
    const reminders = r.h.lark.messages.filter((m) => /填写提醒|待你完善|待分配负责人/.test(textOf(m)));
    expect(reminders).toEqual(first.sent);
  });

  it("a pass that stopped before taking the last claim (the group's): the next pass plans the report again and sends nothing twice", async () => {
    const { h: app, chat, reportId, pass } = await reportWithOwners({ deadline: "2026-11-20" });
    expect((await pass("2026-11-17T09:30:00+08:00")).result).toMatchObject({ planned: 4, sent: 4 });
    // As if the 11-17 pass had died after the private reminders and before the group reminder's claim.
    const db = app.server.huibao.reports.db;
    const groupKey = `${reportId}|${chat}|before_deadline|2026-11-17`;
    await db.reminderClaim.delete({ where: { claimKey: groupKey } });
    const p = await pass("2026-11-17T11:00:00+08:00");
    expect(p.result).toMatchObject({ done: 0, planned: 4, skipped: 3 });
    // The group reminder's outbox row was already queued under a uuid derived from its claim key: nothing new is sent.
    expect(p.sent).toEqual([]);
    expect(await db.reminderClaim.count({ where: { reportId, date: "2026-11-17" } })).toBe(4);
    expect((await pass("2026-11-17T11:30:00+08:00")).result).toMatchObject({ done: 1, planned: 0 });
  });

  it("a pass that dies between two claims leaves the group reminder (the last claim) untaken, so the next pass finishes the report", async () => {
    // Fri 11-13, 5 working days before the deadline: a fresh day. The store's second claim fails, as if the
    // process died there; the group reminder is claimed last, so it is still free and the report is not done.
    const { h: app, chat, reportId, pass } = await reportWithOwners({ deadline: "2026-11-20" });
    const at = new Date("2026-11-13T09:30:00+08:00");
    app.clock.runFrom(at.toISOString());
    const db = app.server.huibao.reports.db;
    const store = new PrismaReminderStore(db);
    let calls = 0;
    const dying: typeof store = Object.assign(Object.create(store) as typeof store, {
      claim: (...args: Parameters<typeof store.claim>) => (++calls === 2 ? Promise.reject(new Error("died")) : store.claim(...args)),
    });
    const first = await runReminderPass({ ...app.server.huibao.deps, reminders: dying }, { now: at });
    expect(first.failed).toBe(1);
    const groupKey = `${reportId}|${chat}|before_deadline|2026-11-13`;
    expect(await db.reminderClaim.findUnique({ where: { claimKey: groupKey } })).toBeNull();
    const next = await pass("2026-11-13T09:31:00+08:00");
    expect(next.result).toMatchObject({ done: 0, planned: 4, skipped: 1, sent: 3 });
    expect(await db.reminderClaim.count({ where: { reportId, date: "2026-11-13" } })).toBe(4);
    expect((await pass("2026-11-13T09:32:00+08:00")).result).toMatchObject({ done: 1, planned: 0, sent: 0 });
  });

  it("two instances racing on a fresh day: each reminder is sent exactly once", async () => {
    const r = await reportWithOwners({ deadline: "2026-11-20" });
    const at = new Date("2026-11-19T09:30:00+08:00"); // 1 working day left
    r.h.clock.runFrom(at.toISOString());
    const before = r.h.lark.messages.length;
    const [a, b] = await Promise.all([r.h.server.huibao.runReminders(at), r.h.server.huibao.runReminders(at)]);
    expect(a.planned).toBe(4);
    expect(a.sent + b.sent).toBe(4);
    await r.h.settle();
    const sent = r.h.lark.messages.slice(before);
    expect(sent).toHaveLength(4);
    expect(sent.filter((m) => m.receiveId === r.chat)).toHaveLength(1);
  });
});

describe("snoozing", () => {
  it("暂停提醒 3天 silences the sender's own reminders for 3 working days, then expires by date", async () => {
    const r = await reportWithOwners({ deadline: "2026-11-20" });
    r.h.clock.runFrom("2026-11-19T10:00:00+08:00");
    await r.say("暂停提醒 3天", { sender: zhang });
    const reply = r.h.lark.messages.filter((m) => m.kind === "reply").at(-1)!;
    expect(textOf(reply)).toContain("已暂停提醒");
    expect(textOf(reply)).toContain("11月24日"); // Thu 19 → Fri 20, Mon 23, Tue 24

    // Fri 11-20 (due today): the group still lists 张三's section but mentions only 李四; no nudge for 张三.
    const due = await r.pass("2026-11-20T09:30:00+08:00");
    expect(due.group).toHaveLength(1);
    expect(mentionsIn(due.group[0]!)).toEqual(new Set([li]));
    expect(textOf(due.group[0]!)).toContain("暂停提醒至 11月24日");
    expect(due.to(zhang)).toEqual([]);
    expect(due.to(li)).toHaveLength(1);

    // Tue 11-24, the last snoozed day: still silent. Wed 11-25: expired; 张三 is mentioned and nudged again.
    expect((await r.pass("2026-11-24T09:30:00+08:00")).to(zhang)).toEqual([]);
    const back = await r.pass("2026-11-25T09:30:00+08:00");
    expect(mentionsIn(back.group[0]!)).toEqual(new Set([zhang, li]));
    expect(back.to(zhang)).toHaveLength(1);
  });

  it("in a private chat, 暂停提醒 applies to the reports the sender owns sections in; someone owning nothing is told so", async () => {
    const r = await reportWithOwners({ deadline: "2026-11-20" });
    r.h.clock.runFrom("2026-11-25T11:00:00+08:00");
    await r.say("/snooze 1", { sender: li, chatType: "p2p", chatId: "oc_p2p_li" });
    expect(textOf(r.h.lark.messages.at(-1)!)).toContain("11月26日");
    // Thu 11-26 (overdue): 李四 is listed in the group but neither mentioned nor nudged; Fri 11-27 both again.
    const snoozed = await r.pass("2026-11-26T09:30:00+08:00");
    expect(mentionsIn(snoozed.group[0]!)).toEqual(new Set([zhang]));
    expect(snoozed.to(li)).toEqual([]);
    const back = await r.pass("2026-11-27T09:30:00+08:00");
    expect(mentionsIn(back.group[0]!)).toEqual(new Set([zhang, li]));
    expect(back.to(li)).toHaveLength(1);
    await r.say("暂停提醒 2天", { sender: "ou_nobody", chatType: "p2p", chatId: "oc_p2p_nobody" });
    expect(textOf(r.h.lark.messages.at(-1)!)).toContain("没有负责的章节");
  });
});

// Escalation (README: reminders go to the owners of missing sections; src/domain/reminders/plan.ts): from
// escalateAfterWorkingDays (2) working days after the deadline, one 'escalation' goes privately to the report
// owner and to each first-level approver — nobody else: not the section owners (they get their own overdue
// nudges), not the group, not the approvers of later levels — naming who is late. Without approvers, the
// report owner alone is told. While the report is in approval, the people late are the pending approvers: the
// escalation goes to the report owner and the first-level approvers who are not themselves pending.
describe("escalation", () => {
  it("without approvers: only the report owner is told, from the second working day overdue, naming who is late", async () => {
    const r = await reportWithOwners({ deadline: "2026-11-20" }); // Fri
    // Mon 11-23: 1 working day overdue — overdue reminders, no escalation yet.
    const one = await r.pass("2026-11-23T09:30:00+08:00");
    expect(one.result.reminders.map((x) => x.kind)).not.toContain("escalation");
    expect(escalations(one.sent)).toEqual([]);
    expect(one.group).toHaveLength(1);
    // Tue 11-24: 2 working days overdue.
    const p = await r.pass("2026-11-24T09:30:00+08:00");
    expect(p.result.reminders.filter((x) => x.kind === "escalation").map((x) => x.to)).toEqual([clerk]);
    const cards = escalations(p.sent);
    expect(cards.map((m) => m.receiveId)).toEqual([clerk]);
    expect(cards[0]!.receiveIdType).toBe("open_id");
    // The card is addressed to the report owner and names the owners of unfinished sections.
    expect(mentionsIn(cards[0]!)).toEqual(new Set([clerk, zhang, li]));
    expect(textOf(cards[0]!)).toContain(`<at id=${clerk}></at> 以下负责人尚未完成，请关注：`);
    // The section owners get their own overdue nudges, not the escalation; the group its overdue reminder.
    expect(p.to(zhang).map(textOf)).toEqual([expect.stringContaining("待你完善")]);
    expect(p.to(li).map(textOf)).toEqual([expect.stringContaining("待你完善")]);
    expect(p.to(wang)).toEqual([]);
    expect(p.group.map(textOf)).toEqual([expect.stringContaining("填写提醒")]);
  });

  it("with a chain set by 审批人: the report owner and the first-level approver, not the second level; a snooze does not hide who is late", async () => {
    const r = await reportWithOwners({ deadline: "2026-11-20" });
    await r.setApprovers();
    r.h.clock.runFrom("2026-11-25T11:00:00+08:00");
    await r.say("/snooze 1", { sender: li, chatType: "p2p", chatId: "oc_p2p_li" }); // through Thu 11-26
    const p = await r.pass("2026-11-26T09:30:00+08:00");
    const escalated = p.result.reminders.filter((x) => x.kind === "escalation").map((x) => x.to);
    expect(escalated.sort()).toEqual([clerk, ke].sort());
    expect(escalations(p.sent).map((m) => m.receiveId).sort()).toEqual([clerk, ke].sort());
    expect(p.to(ju)).toEqual([]);
    for (const who of [clerk, ke]) {
      const cards = escalations(p.to(who));
      expect(cards).toHaveLength(1);
      // Addressed to both leaders; who is late: both owners of unfinished sections (李四 too, though snoozed).
      expect(textOf(cards[0]!)).toContain(`<at id=${clerk}></at> <at id=${ke}></at> 以下负责人尚未完成，请关注：`);
      expect(mentionsIn(cards[0]!)).toEqual(new Set([clerk, ke, zhang, li]));
    }
    // 李四 is snoozed through today: listed in the escalation, but no nudge of his own
    expect(p.to(li)).toEqual([]);
  });

  it("in approval: the pending approver is reminded; the escalation goes to the report owner and the first-level approvers not pending, naming who is pending", async () => {
    const r = await reportWithOwners();
    r.h.clock.runFrom("2026-11-02T10:00:00+08:00");
    await r.say("截止 2026-11-20 提交 2026-12-04");
    await r.setApprovers();
    await r.say("提交审批");
    const confirm = r.h.lark.messages.at(-1)!;
    const value = actionsOf(cardOf(confirm)).find((v) => v.a === "submit_confirm");
    expect((await r.h.click({ operator: clerk, value, chatId: r.chat, messageId: confirm.messageId })).toast.content).toBe("已提交审批");
    await r.h.settle();
    // Submission deadline Fri 12-04: Tue 12-01 is 3 working days before — a reminder for 科长, no escalation.
    const before = await r.pass("2026-12-01T09:30:00+08:00");
    expect(before.result.reminders.map((x) => `${x.kind}→${x.to}`)).toEqual([`approval_pending→${ke}`]);
    expect(textOf(before.to(ke)[0]!)).toContain("待您审批");
    expect(before.group).toEqual([]);
    // Tue 12-08: 2 working days overdue. 科长 (first level, pending) gets the approval reminder, not the escalation.
    const p = await r.pass("2026-12-08T09:30:00+08:00");
    expect(p.result.reminders.map((x) => `${x.kind}→${x.to}`).sort()).toEqual([`approval_pending→${ke}`, `escalation→${clerk}`].sort());
    const cards = escalations(p.sent);
    expect(cards.map((m) => m.receiveId)).toEqual([clerk]);
    expect(textOf(cards[0]!)).toContain(`尚未审批：<at id=${ke}></at>`);
    expect(p.to(ju)).toEqual([]);
    expect(p.to(zhang)).toEqual([]);
    expect(p.group).toEqual([]);
    // 科长 approves: 局长 (level 2) is pending now. The next day 局长 is reminded, and the escalation goes to the
    // report owner and 科长 (first level, no longer pending), naming 局长.
    const request = r.h.lark.messages.find((m) => m.receiveId === ke && actionsOf(cardOf(m)).some((v) => v.a === "approve"))!;
    const approve = actionsOf(cardOf(request)).find((v) => v.a === "approve");
    expect((await r.h.click({ operator: ke, value: approve, chatId: `oc_p2p_${ke}`, messageId: request.messageId })).toast.type).toBe("success");
    await r.h.settle();
    const next = await r.pass("2026-12-09T09:30:00+08:00");
    expect(next.result.reminders.map((x) => `${x.kind}→${x.to}`).sort()).toEqual([`approval_pending→${ju}`, `escalation→${clerk}`, `escalation→${ke}`].sort());
    expect(escalations(next.sent).map((m) => m.receiveId).sort()).toEqual([clerk, ke].sort());
    for (const m of escalations(next.sent)) expect(textOf(m)).toContain(`尚未审批：<at id=${ju}></at>`);
    expect(next.to(ju).map(textOf)).toEqual([expect.stringContaining("待您审批")]);
  });
});
