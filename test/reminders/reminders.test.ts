// Reminders through the app: the real Node entry, a temp SQLite file and the fake Open API. Each pass runs as
// if at a given instant (huibao.runReminders, what the scheduler, the console clock and `npm run remind` call);
// the outbox then delivers through the fake Open API, where the cards are read back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReminderPass } from "../../src/app/reminders.js";
import { resolveOutline } from "../../src/domain/outline.js";
import { PrismaReminderStore } from "../../src/storage/prisma-reminders.js";
import { cardOf, lastPrompt, textOf } from "../helpers/bot.js";
import type { FakeMessage } from "../helpers/fake-lark.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  setClock("2026-09-28T10:00:00+08:00");
});
afterAll(async () => h?.close());

const clerk = "ou_clerk_rem";
const zhang = "ou_zhang";
const li = "ou_li";
const wang = "ou_wang";
const chief = "ou_chief";
const chat = uid("oc_rem_");
let reportId = "";
const labelOf: Record<string, string> = {};

async function say(text: string, o: { sender?: string; mentions?: [string, string][]; chatType?: "group" | "p2p"; chatId?: string } = {}) {
  const r = await h.say({ chatId: o.chatId ?? chat, sender: o.sender ?? clerk, text, mentions: o.mentions, chatType: o.chatType });
  expect(r.status).toBe(200);
  await h.settle();
}

/** Runs a pass as if at `iso` and delivers; returns the pass result and the reminder messages it produced. */
async function pass(iso: string, opts: Parameters<Harness["server"]["huibao"]["runReminders"]>[1] = {}) {
  setClock(iso);
  const before = h.lark.messages.length;
  const result = await h.server.huibao.runReminders(new Date(iso), opts);
  await h.settle();
  const sent = h.lark.messages.slice(before);
  return { result, sent, group: sent.filter((m) => m.receiveId === chat), to: (id: string) => sent.filter((m) => m.receiveId === id) };
}

/** Moves the harness clock to `iso` and lets it run on (a frozen clock would stall the outbox's pacing). */
function setClock(iso: string) {
  h.clock.fixed = null;
  h.clock.offsetMs = new Date(iso).getTime() - Date.now();
}

const mentionsIn = (m: FakeMessage) => new Set([...m.current.matchAll(/<at id=([^>]+)><\/at>/g)].map((x) => x[1]));

describe("reminders through the app", () => {
  it("sets up a report: owners for some sections, one section answered", async () => {
    await say("新建报告 南岸区交通局关于2026年法治政府建设情况的报告");
    reportId = lastPrompt(h.lark, chat).reportId;
    const report = (await h.server.huibao.reports.getReport(reportId))!;
    for (const s of resolveOutline(report.template, report.settings)) labelOf[s.key] = s.label;
    await say(`分配 一（二） @张三`, { mentions: [[zhang, "张三"]] });
    await say(`分配 ${labelOf.shortcomings} @李四`, { mentions: [[li, "李四"]] });
    await say(`分配 ${labelOf.other} @王五`, { mentions: [[wang, "王五"]] });
    // 王五 answers his section completely ("无" is a complete answer for 其他需要报告的情况).
    await h.server.huibao.reports.addAnswer({ reportId, sectionKey: "other", authorOpenId: wang, text: "无" }, h.clock.now());
    const owners = await h.server.huibao.reports.owners(reportId);
    expect(owners.map((o) => o.openId).sort()).toEqual([li, wang, zhang]);
  });

  it("nothing on the National Day holiday; the last working day before it and a 调休 Saturday do remind", async () => {
    await say("截止 2026-10-10"); // a 调休 working Saturday
    // Wed 09-30: 10-08, 10-09, 10-10 → 3 working days left.
    const before = await pass("2026-09-30T09:30:00+08:00");
    // group, 张三, 李四, and the unowned list for the report owner (王五 is done)
    expect(before.result).toMatchObject({ planned: 4, sent: 4 });
    expect(before.group).toHaveLength(1);
    // Thu 10-01 … Wed 10-07 are days off: nothing at all, whatever the time.
    for (const d of ["01", "02", "05", "07"]) {
      const p = await pass(`2026-10-${d}T09:30:00+08:00`);
      expect(p.result).toMatchObject({ planned: 0, sent: 0 });
      expect(p.sent).toEqual([]);
    }
    const sat = await pass("2026-10-10T09:30:00+08:00");
    expect(sat.group.map((m) => textOf(m))).toEqual([expect.stringContaining("填写提醒")]);
    expect(sat.result.reminders[0]).toMatchObject({ kind: "due_today", claimKey: `${reportId}|${chat}|due_today|2026-10-10` });
  });

  it("on a working day @mentions exactly the owners of missing sections, nudges each owner, lists unowned sections for the report owner", async () => {
    setClock("2026-11-02T10:00:00+08:00");
    await say("截止 2026-11-20");
    // Before the send time: nothing. Mon 11-16 is 4 working days before (not a reminder day by default).
    expect((await pass("2026-11-17T09:29:00+08:00")).sent).toEqual([]);
    expect((await pass("2026-11-16T09:30:00+08:00")).sent).toEqual([]);
    // Tue 11-17: 3 working days left.
    const p = await pass("2026-11-17T09:30:00+08:00");
    expect(p.result).toMatchObject({ date: "2026-11-17", time: "09:30", planned: 4, sent: 4, skipped: 0 });
    expect(p.group).toHaveLength(1);
    const group = p.group[0]!;
    expect(mentionsIn(group)).toEqual(new Set([zhang, li]));
    const text = textOf(group);
    expect(text).toContain("填写提醒");
    expect(text).toMatch(/3 个工作日（11月20日）/); // the deadline countdown
    expect(text).toContain("未指定负责人"); // unowned sections are listed in the group too
    const actions = JSON.stringify(cardOf(group));
    expect(actions).toContain("继续填写");
    // private nudges: each owner with their own list; 王五 (done) gets nothing
    expect(p.to(zhang).map(textOf)).toEqual([expect.stringMatching(/待你完善[\s\S]*一（二）/)]);
    expect(textOf(p.to(li)[0]!)).toContain("存在的不足");
    expect(textOf(p.to(li)[0]!)).not.toContain("一（二）");
    expect(p.to(wang)).toEqual([]);
    // the report owner gets the unowned sections
    expect(p.to(clerk).map(textOf)).toEqual([expect.stringContaining("待分配负责人")]);
  });

  it("running the same pass again — sequentially, twice at once, after a restart — sends nothing new", async () => {
    // The group reminder is claimed last: once it is taken, the report is done for the day and is skipped before
    // its answers are loaded or its completeness evaluated.
    const again = await pass("2026-11-17T09:30:00+08:00");
    expect(again.result).toMatchObject({ planned: 0, sent: 0, skipped: 0, done: 1 });
    expect(again.sent).toEqual([]);
    const later = await pass("2026-11-17T15:00:00+08:00");
    expect(later.result).toMatchObject({ sent: 0 });
    const at = new Date("2026-11-17T16:00:00+08:00");
    const both = await Promise.all([h.server.huibao.runReminders(at), h.server.huibao.runReminders(at)]);
    expect(both.map((r) => r.sent)).toEqual([0, 0]);
    await h.restart();
    const afterRestart = await pass("2026-11-17T17:00:00+08:00");
    expect(afterRestart.sent).toEqual([]);
    const claims = await h.server.huibao.reports.db.reminderClaim.count({ where: { reportId, date: "2026-11-17" } });
    expect(claims).toBe(4);
  });

  it("a pass that stopped before taking the last claim (the group's): the next pass plans the report again and sends nothing twice", async () => {
    // As if the 11-17 pass had died after the private reminders and before the group reminder's claim.
    const db = h.server.huibao.reports.db;
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
    const at = new Date("2026-11-13T09:30:00+08:00");
    setClock(at.toISOString());
    const db = h.server.huibao.reports.db;
    const store = new PrismaReminderStore(db);
    let calls = 0;
    const dying: typeof store = Object.assign(Object.create(store) as typeof store, {
      claim: (...args: Parameters<typeof store.claim>) => (++calls === 2 ? Promise.reject(new Error("died")) : store.claim(...args)),
    });
    const first = await runReminderPass({ ...h.server.huibao.deps, reminders: dying }, { now: at });
    expect(first.failed).toBe(1);
    const groupKey = `${reportId}|${chat}|before_deadline|2026-11-13`;
    expect(await db.reminderClaim.findUnique({ where: { claimKey: groupKey } })).toBeNull();
    const next = await pass("2026-11-13T09:31:00+08:00");
    expect(next.result).toMatchObject({ done: 0, planned: 4, skipped: 1, sent: 3 });
    expect(await db.reminderClaim.count({ where: { reportId, date: "2026-11-13" } })).toBe(4);
    expect((await pass("2026-11-13T09:32:00+08:00")).result).toMatchObject({ done: 1, planned: 0, sent: 0 });
  });

  it("two instances racing on a fresh day: each reminder is sent exactly once", async () => {
    const at = new Date("2026-11-19T09:30:00+08:00"); // 1 working day left
    setClock(at.toISOString());
    const before = h.lark.messages.length;
    const [a, b] = await Promise.all([h.server.huibao.runReminders(at), h.server.huibao.runReminders(at)]);
    expect(a.planned).toBe(4);
    expect(a.sent + b.sent).toBe(4);
    await h.settle();
    const sent = h.lark.messages.slice(before);
    expect(sent).toHaveLength(4);
    expect(sent.filter((m) => m.receiveId === chat)).toHaveLength(1);
  });
});

describe("snoozing and escalation", () => {
  it("暂停提醒 3天 silences the sender's own reminders for 3 working days, then expires by date", async () => {
    setClock("2026-11-19T10:00:00+08:00");
    await say("暂停提醒 3天", { sender: zhang });
    const reply = h.lark.messages.filter((m) => m.kind === "reply").at(-1)!;
    expect(textOf(reply)).toContain("已暂停提醒");
    expect(textOf(reply)).toContain("11月24日"); // Thu 19 → Fri 20, Mon 23, Tue 24
    const snooze = await h.server.huibao.reports.db.snooze.findUnique({ where: { reportId_openId: { reportId, openId: zhang } } });
    expect(snooze?.untilDate).toBe("2026-11-24");

    // Fri 11-20 (due today): the group still lists 张三's section but mentions only 李四; no nudge for 张三.
    const due = await pass("2026-11-20T09:30:00+08:00");
    expect(due.group).toHaveLength(1);
    expect(mentionsIn(due.group[0]!)).toEqual(new Set([li]));
    expect(textOf(due.group[0]!)).toContain("暂停提醒至 11月24日");
    expect(due.to(zhang)).toEqual([]);
    expect(due.to(li)).toHaveLength(1);

    // Wed 11-25: the snooze has expired; 张三 is mentioned and nudged again.
    const back = await pass("2026-11-25T09:30:00+08:00");
    expect(mentionsIn(back.group[0]!)).toEqual(new Set([zhang, li]));
    expect(back.to(zhang)).toHaveLength(1);
  });

  it("in a private chat, 暂停提醒 applies to the reports the sender owns sections in", async () => {
    setClock("2026-11-25T11:00:00+08:00");
    await say("/snooze 1", { sender: li, chatType: "p2p", chatId: "oc_p2p_li" });
    const snooze = await h.server.huibao.reports.db.snooze.findUnique({ where: { reportId_openId: { reportId, openId: li } } });
    expect(snooze?.untilDate).toBe("2026-11-26");
    // someone owning nothing is told so
    await say("暂停提醒 2天", { sender: "ou_nobody", chatType: "p2p", chatId: "oc_p2p_nobody" });
    expect(textOf(h.lark.messages.at(-1)!)).toContain("没有负责的章节");
  });

  it("escalation after the deadline reaches the report owner and the first-level approver, naming who is late", async () => {
    // Deadline Fri 11-20; escalation from 2 working days overdue (Tue 11-24) on. 11-25 passed without approvers.
    const approvers = async () => ({ firstLevel: [chief], pending: [] });
    const p = await pass("2026-11-26T09:30:00+08:00", { approvers });
    const kinds = p.result.reminders.map((r) => `${r.kind}→${r.to}`);
    expect(kinds).toContain(`escalation→${clerk}`);
    expect(kinds).toContain(`escalation→${chief}`);
    for (const who of [clerk, chief]) {
      const cards = p.to(who).filter((m) => textOf(m).includes("逾期提醒"));
      expect(cards).toHaveLength(1);
      // who is late: both owners of unfinished sections (a snooze does not hide one from the escalation)
      expect([...mentionsIn(cards[0]!)]).toEqual(expect.arrayContaining([zhang, li]));
    }
    // 李四 is snoozed through today: listed in the escalation, but no nudge of his own
    expect(p.to(li)).toEqual([]);
  });

  it("with the approvals capability: the first level set by 审批人 is escalated to without any test hook", async () => {
    setClock("2026-11-26T11:00:00+08:00");
    await say("审批人 @科长 > @局长", { mentions: [["ou_kezhang", "科长"], ["ou_juzhang", "局长"]] });
    const p = await pass("2026-11-27T09:30:00+08:00");
    const escalated = p.result.reminders.filter((r) => r.kind === "escalation").map((r) => r.to);
    expect(escalated.sort()).toEqual([clerk, "ou_kezhang"].sort());
    expect(textOf(p.to("ou_kezhang")[0]!)).toContain("逾期提醒");
    expect(p.to("ou_juzhang")).toEqual([]);
  });

  it("approvers with a pending decision are reminded while the report is in approval", async () => {
    const report = (await h.server.huibao.reports.getReport(reportId))!;
    await h.server.huibao.reports.updateReport(reportId, report.stateVersion, { status: "in_approval", submissionDeadline: "2026-12-04" }, h.clock.now());
    // Submission deadline Fri 12-04: Mon 11-30 is 4 working days before, Tue 12-01 is 3.
    const p = await pass("2026-12-01T09:30:00+08:00", { approvers: async () => ({ firstLevel: [chief], pending: [chief] }) });
    expect(p.result.reminders.map((r) => `${r.kind}→${r.to}`)).toEqual([`approval_pending→${chief}`]);
    expect(textOf(p.to(chief)[0]!)).toContain("待您审批");
    expect(p.group).toEqual([]);
  });
});
