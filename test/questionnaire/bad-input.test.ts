// Bad input gets a clear reply and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText, lastPrompt, overviews, textOf } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { cardActionEvent, uid } from "../helpers/lark-payloads.js";
import { encodeAction } from "../../cards/index.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

/**
 * What the group can see of the report: the overview card 进度 brings (title, deadlines, every section with its
 * owners, status and length, the progress), without its "更新于" time.
 */
async function visibleState(chat: string): Promise<string> {
  await h.say({ chatId: chat, sender: "ou_owner", text: "进度" });
  await h.settle();
  const card = overviews(h.lark, chat).at(-1)!;
  return cardText(cardOf(card)).replace(/更新于[^\n]*/g, "");
}

const lastReply = () => textOf(h.lark.messages.filter((m) => m.replyTo !== undefined).at(-1)!);

describe("bad input", () => {
  it("unknown section, wrong date format, unknown command arguments and over-long text get a reply and change nothing", async () => {
    const chat = uid("oc_bad_");
    await h.say({ chatId: chat, sender: "ou_owner", text: "新建报告 测试报告" });
    await h.settle();
    const before = await visibleState(chat);
    const cases: [string, RegExp][] = [
      ["跳到 九（九）", /九（九）|没有|不存在|可用/],
      ["截止 2026/11/20", /日期格式应为/],
      ["截止 2026-02-30", /日期/],
      ["分配 一（二）", /@/],
      ["标题 八 不存在的部分", /八|没有|不存在/],
      ["删除 一", /不能|只能/],
    ];
    for (const [text, expected] of cases) {
      await h.say({ chatId: chat, sender: "ou_owner", text });
      await h.settle();
      expect(lastReply(), text).toMatch(expected);
    }
    const prompt = lastPrompt(h.lark, chat);
    await h.say({ chatId: chat, sender: "ou_owner", text: "长".repeat(20_001), parentId: prompt.message.messageId, atBot: false });
    await h.settle();
    expect(lastReply()).toMatch(/过长/);
    expect(await visibleState(chat)).toBe(before);
  });

  it("a card action by someone outside the report's chat, and commands in a chat without a report, are refused", async () => {
    const chat = uid("oc_bad2_");
    await h.say({ chatId: chat, sender: "ou_owner", text: "新建报告 测试报告二" });
    await h.settle();
    const prompt = lastPrompt(h.lark, chat);
    const before = await visibleState(chat);
    const value = encodeAction({ a: "save_answer", r: prompt.reportId, s: prompt.key, rv: 1 });
    const r = await h.post(cardActionEvent({ operator: "ou_stranger", chatId: "oc_elsewhere", messageId: "om_x", value, formValue: { answer: "外人写的内容" } }));
    const answer = await r.json();
    expect(answer.toast.content).toMatch(/不是|无权/);
    expect(await visibleState(chat)).toBe(before);

    const empty = uid("oc_empty_");
    await h.say({ chatId: empty, sender: "ou_x", text: "截止 2026-11-20" });
    await h.settle();
    expect(lastReply()).toMatch(/还没有报告/);

    // A stranger answering in a private chat by naming a prompt of another chat.
    await h.say({ chatId: "oc_p2p_stranger", chatType: "p2p", sender: "ou_stranger", text: "随便写点", parentId: prompt.message.messageId });
    await h.settle();
    expect(await visibleState(chat)).toBe(before);
  });
});
