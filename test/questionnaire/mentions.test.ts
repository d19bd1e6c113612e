// Defect 7: mention placeholders are replaced by exact token. Lark writes the bot as "@_user_1" and the people
// after it as "@_user_2" … "@_user_11": removing the bot's placeholder must not eat the start of "@_user_10".
// Ten people can be assigned to a section and set as approvers, each named back in the reply; a mention Lark
// gives no open_id is refused, never stored. And (defect 11) the report title in the assignee's private notice is
// escaped like all card text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText, lastPrompt, prompts, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const owner = "ou_owner_mentions";
const names = ["赵甲", "钱乙", "孙丙", "李丁", "周戊", "吴己", "郑庚", "王辛", "冯壬", "陈癸"];

async function say(chat: string, text: string, mentions: [string, string][] = []) {
  const r = await h.say({ chatId: chat, sender: owner, text, mentions });
  expect(r.status).toBe(200);
  await h.settle();
  // The bot's reply to this message (private notices and prompts may come after it).
  return h.lark.messages.filter((m) => m.kind === "reply").at(-1)!;
}

/** Ten people, new for each test; mentioned after the bot they are @_user_2 … @_user_11. */
function ten(): [string, string][] {
  return names.map((n) => [uid("ou_p_"), n]);
}
const ats = (people: [string, string][]) => people.map(([, n]) => `@${n}`);

describe("ten people by @mention", () => {
  it("分配 一（二） @… ×10: all ten are owners, named back in the reply, and each gets the section privately", async () => {
    const chat = uid("oc_mention_a_");
    await say(chat, "新建报告 十人分配测试");
    const reportId = lastPrompt(h.lark, chat).reportId;
    const people = ten();
    const reply = await say(chat, `分配 一（二） ${ats(people).join(" ")}`, people);
    const text = textOf(reply);
    expect(text).toContain("由");
    for (const [id] of people) expect(text).toContain(`<at id=${id}></at>`);
    const owners = await h.server.huibao.reports.owners(reportId);
    expect(owners.map((o) => [o.openId, o.name])).toEqual(people);
    for (const [id] of people) expect(prompts(h.lark, id).map((p) => p.key)).toEqual([owners[0]!.sectionKey]);
  });

  it("审批人 with ten people on one level, and ten over four levels: stored as written, each named back", async () => {
    const chat = uid("oc_mention_b_");
    await say(chat, "新建报告 十人审批测试");
    const reportId = lastPrompt(h.lark, chat).reportId;
    const db = h.server.huibao.reports.db;
    const chain = async () => JSON.parse((await db.approvalChain.findUnique({ where: { reportId } }))!.levelsJson).map((l: { openId: string }[]) => l.map((p) => p.openId));

    const one = ten();
    let reply = textOf(await say(chat, `审批人 ${ats(one).join(" ")}`, one));
    expect(reply).toContain("已设置审批人");
    expect(await chain()).toEqual([one.map(([id]) => id)]);
    expect(reply).toContain(`第 1 级：${one.map(([id]) => `<at id=${id}></at>`).join(" ")}（任一人审批即可）`);

    const four = ten();
    const a = ats(four);
    reply = textOf(await say(chat, `审批人 ${a.slice(0, 3).join(" ")} > ${a.slice(3, 6).join(" ")} > ${a.slice(6, 8).join(" ")} > ${a.slice(8).join(" ")}`, four));
    const ids = four.map(([id]) => id);
    expect(await chain()).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6, 8), ids.slice(8)]);
    expect(reply).toContain(`第 4 级：<at id=${ids[8]}></at> <at id=${ids[9]}></at>`);
    for (const id of ids) expect(reply).toContain(`<at id=${id}></at>`);
  });

  it("a mention without an open_id is refused and stores nothing", async () => {
    const chat = uid("oc_mention_c_");
    await say(chat, "新建报告 无ID测试");
    const reportId = lastPrompt(h.lark, chat).reportId;
    const known = uid("ou_p_");
    const reply = await say(chat, "分配 一（二） @赵甲 @外部人员", [
      [known, "赵甲"],
      ["", "外部人员"],
    ]);
    expect(textOf(reply)).toContain("无法识别 外部人员");
    expect(await h.server.huibao.reports.owners(reportId)).toEqual([]);
    const approvers = await say(chat, "审批人 @外部人员", [["", "外部人员"]]);
    expect(textOf(approvers)).toContain("无法识别 外部人员");
    expect(await h.server.huibao.reports.db.approvalChain.findUnique({ where: { reportId } })).toBeNull();
  });
});

describe("the assignee's private notice", () => {
  it("carries the report title escaped as card text: no @-tag, link or emphasis reaches Lark as markup", async () => {
    const chat = uid("oc_mention_d_");
    const title = '<at user_id="all">所有人</at>请看[通知](https://evil.example/x)**加急**';
    await say(chat, `新建报告 ${title}`);
    const person = uid("ou_p_");
    await say(chat, "分配 一（二） @赵甲", [[person, "赵甲"]]);
    const toPerson = h.lark.messages.filter((m) => m.receiveId === person);
    // Nothing goes to them as a text message; the notice is a card, then the prompt.
    expect(toPerson.map((m) => m.msgType)).toEqual(["interactive", "interactive"]);
    const notice = JSON.stringify(cardOf(toPerson[0]!));
    expect(cardText(cardOf(toPerson[0]!))).toContain("你被分配负责《&#60;at user&#95;id=\"all\"&#62;所有人&#60;/at&#62;请看&#91;通知&#93;&#40;https&#58;//evil.example/x&#41;&#42;&#42;加急&#42;&#42;》");
    expect(notice).not.toMatch(/<at|\[通知\]|\*\*加急/);
  });
});
