// Issue 4, must-show 4: a forged or stale card action changes nothing and gets an explanatory toast —
// another report's id, a section that no longer exists, an old version for a replace, a value that fails
// decodeAction, an operator from another chat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANSWER_FIELD, MODE_FIELD } from "../../cards/index.js";
import { actionsOf, cardOf, cardText, lastPrompt } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const alice = "ou_alice_a"; // member of chat A only
const bob = "ou_bob_b"; // member of chat B only
const TEXT = "我局严格落实重大行政决策程序，重大事项均经集体讨论决定，法律顾问全程参与合法性审查，全年审查规范性文件5件。";

async function say(chatId: string, sender: string, text: string, o: { parentId?: string; atBot?: boolean } = {}) {
  const r = await h.say({ chatId, sender, text, parentId: o.parentId, atBot: o.atBot });
  expect(r.status).toBe(200);
  await h.settle();
}

/** Everything a card action could change: answers (all revisions), report rows, versions, messages sent. */
async function snapshot() {
  const db = h.server.huibao.reports.db;
  return {
    answers: await db.answer.count(),
    answerRows: JSON.stringify(await db.answer.findMany({ orderBy: { id: "asc" } })),
    reports: JSON.stringify(await db.report.findMany({ orderBy: { id: "asc" } })),
    owners: await db.sectionOwner.count(),
    versions: await db.documentVersion.count(),
    messages: h.lark.messages.length,
    patches: h.lark.messages.reduce((n, m) => n + m.patches.length, 0),
  };
}

/** Clicks, waits for any work the click might have queued, and checks that nothing changed. */
async function refused(click: Parameters<Harness["click"]>[0], toast: RegExp) {
  const before = await snapshot();
  const res = await h.click(click);
  await h.settle();
  expect(res.toast?.type, JSON.stringify(res)).toBe("warning");
  expect(res.toast.content).toMatch(toast);
  expect(await snapshot()).toEqual(before);
  return res;
}

const save = (r: string, s: string, extra: Record<string, unknown> = {}) => ({ v: 1, a: "save_answer", r, s, ...extra });

/** Two reports, each in its own new chat: A created by alice, B by bob. Every test makes its own pair. */
async function twoReports() {
  const chatA = uid("oc_forgeA_");
  const chatB = uid("oc_forgeB_");
  await say(chatA, alice, "新建报告 甲局2023年法治政府建设情况报告");
  await say(chatB, bob, "新建报告 乙局2023年法治政府建设情况报告");
  const reportA = lastPrompt(h.lark, chatA).reportId;
  const reportB = lastPrompt(h.lark, chatB).reportId;
  expect(reportA).not.toBe(reportB);
  return { chatA, chatB, reportA, reportB };
}

describe("forged and stale card actions", () => {
  it("a genuine click works (control): alice saves an answer in her own chat", async () => {
    const { chatA, reportA } = await twoReports();
    const res = await h.click({ operator: alice, chatId: chatA, value: save(reportA, "measures.decision"), formValue: { [ANSWER_FIELD]: TEXT, [MODE_FIELD]: "append" } });
    expect(res.toast.type).toBe("success");
    await h.settle();
    // The section's prompt now shows the saved text.
    await say(chatA, alice, "跳到 一（四）");
    expect(cardText(cardOf(lastPrompt(h.lark, chatA).message))).toContain(TEXT.slice(0, 12));
  });

  it("another report's id: alice, in her chat, posts into report B → refused", async () => {
    const { chatA, reportB } = await twoReports();
    await refused(
      { operator: alice, chatId: chatA, value: save(reportB, "measures.decision"), formValue: { [ANSWER_FIELD]: "篡改内容", [MODE_FIELD]: "replace" } },
      /不是这份报告所在群的成员/,
    );
    // Any other action on B from outside too: export, status, navigation.
    for (const a of ["export", "status", "next", "refresh"]) {
      await refused({ operator: alice, chatId: chatA, value: { v: 1, a, r: reportB } }, /不是这份报告所在群的成员/);
    }
  });

  it("a report id that does not exist → refused", async () => {
    const { chatA } = await twoReports();
    await refused({ operator: alice, chatId: chatA, value: save("rnosuchreport00", "measures.decision"), formValue: { [ANSWER_FIELD]: "x" } }, /找不到这份报告/);
  });

  it("an operator from another chat (not a member, not an owner) → refused", async () => {
    const { chatB, reportA } = await twoReports();
    await refused(
      { operator: "ou_stranger", chatId: uid("oc_elsewhere_"), value: save(reportA, "measures.decision"), formValue: { [ANSWER_FIELD]: "外人写入", [MODE_FIELD]: "append" } },
      /不是这份报告所在群的成员/,
    );
    // Bob knows report A's id but is not in chat A.
    await refused({ operator: bob, chatId: chatB, value: save(reportA, "preamble"), formValue: { [ANSWER_FIELD]: "外人写入" } }, /不是这份报告所在群的成员/);
  });

  it("a section that no longer exists → refused, the answer is not saved", async () => {
    const { chatA, reportA } = await twoReports();
    // A prompt card for 一（三） is posted, then the sub-section is removed.
    await say(chatA, alice, "跳到 一（三）");
    const prompt = lastPrompt(h.lark, chatA);
    expect(prompt.key).toBe("measures.rules");
    const value = actionsOf(cardOf(prompt.message)).find((v) => v.a === "save_answer");
    await say(chatA, alice, "删除 一（三）");
    await refused({ operator: alice, chatId: chatA, value, formValue: { [ANSWER_FIELD]: TEXT, [MODE_FIELD]: "append" }, messageId: prompt.message.messageId }, /已被删除/);
    // A made-up section key too.
    await refused({ operator: alice, chatId: chatA, value: save(reportA, "measures.nope"), formValue: { [ANSWER_FIELD]: TEXT } }, /已被删除/);
  });

  it("an old version of the section for a replace → refused with the current card to review, the typed text kept", async () => {
    const { chatA, reportA } = await twoReports();
    // The prompt card for 一（四） carries the section's version; alice appends through it, which moves the
    // section on: the same card's value is now stale for a replace.
    await say(chatA, alice, "跳到 一（四）");
    const prompt = lastPrompt(h.lark, chatA);
    const stale = actionsOf(cardOf(prompt.message)).find((v) => v.a === "save_answer");
    expect(stale.sv).toBeDefined();
    const saved = await h.click({ operator: alice, chatId: chatA, value: stale, formValue: { [ANSWER_FIELD]: TEXT, [MODE_FIELD]: "append" }, messageId: prompt.message.messageId });
    expect(saved.toast.type).toBe("success");
    await h.settle();
    const res = await refused({ operator: alice, chatId: chatA, value: stale, formValue: { [ANSWER_FIELD]: "整段替换", [MODE_FIELD]: "replace" } }, /已被.*更新，没有替换/);
    expect(res.card?.type).toBe("raw");
    expect(cardText(res.card.data)).toContain(TEXT.slice(0, 12)); // the refreshed prompt shows the current text
    expect(JSON.stringify(res.card.data)).toContain('"default_value":"整段替换"'); // and keeps what was typed
    // A card from before per-section versions (report version only) is judged the old way.
    const report = (await h.server.huibao.reports.getReport(reportA))!;
    await refused({ operator: alice, chatId: chatA, value: { ...save(reportA, "measures.decision"), rv: report.stateVersion - 3, sv: undefined }, formValue: { [ANSWER_FIELD]: "整段替换", [MODE_FIELD]: "replace" } }, /已被.*更新/);
  });

  it("values that fail decodeAction → refused as an invalid card", async () => {
    const { chatA, reportA } = await twoReports();
    const bad: unknown[] = [
      { v: 2, a: "save_answer", r: reportA, s: "preamble" }, // unknown protocol version
      { v: 1, a: "delete_everything", r: reportA }, // unknown action
      { v: 1, a: "save_answer", r: reportA }, // save without a section
      { v: 1, a: "export", r: "../../etc/passwd" }, // id outside the alphabet
      { v: 1, a: "export", r: reportA, admin: true }, // extra field
      "{not json",
      JSON.stringify({ v: 1, a: "export", r: reportA, pad: "x".repeat(400) }), // too large
      null,
      [1, 2, 3],
    ];
    for (const value of bad) {
      await refused({ operator: alice, chatId: chatA, value, formValue: { [ANSWER_FIELD]: "x" } }, /卡片已失效/);
    }
  });

  it("a stale skip (the cursor has moved on) → refused, nothing skipped", async () => {
    const { chatA, reportA } = await twoReports();
    // The cursor is where the last prompt is; a skip naming another section is stale.
    const other = lastPrompt(h.lark, chatA).key === "preamble" ? "measures.study" : "preamble";
    await refused({ operator: alice, chatId: chatA, value: { v: 1, a: "skip", r: reportA, s: other } }, /已经不是当前进度/);
  });
});
