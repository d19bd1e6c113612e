// Defect 11: an answer is cleaned (src/domain/text-clean.ts) before it is stored; stray zero-width characters go,
// but the zero-width joiner that makes an emoji sequence one picture stays. Through the webhook, read back from
// the stored answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastPrompt } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe("zero-width characters in an answer", () => {
  it("the joiner inside 👨‍👩‍👧 and 👩🏽‍💻 is kept; stray zero-width characters in the text are removed", async () => {
    const chat = uid("oc_zwj_");
    await h.say({ chatId: chat, sender: "ou_clerk_zwj", text: "新建报告 零宽字符测试" });
    await h.settle();
    const prompt = lastPrompt(h.lark, chat);
    const family = "👨\u200d👩\u200d👧";
    const coder = "👩🏽\u200d💻";
    await h.say({ chatId: chat, sender: "ou_clerk_zwj", text: `开展“法治${family}家庭”活动\u200b，${coder}线上\u200d答疑\ufeff。`, parentId: prompt.message.messageId, atBot: false });
    await h.settle();
    const answers = await h.server.huibao.reports.answers(prompt.reportId);
    expect(answers.map((a) => a.text)).toEqual([`开展“法治${family}家庭”活动，${coder}线上答疑。`]);
  });
});
