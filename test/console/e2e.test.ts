// The local console end to end, in headless Chromium: the app starts in console mode (no Lark credentials),
// people switch personas, type into the chat, and the bot's answers are rendered as Feishu would show them:
// create a report, answer as two personas, the overview, export and download the .docx, submit, approve.
// Screenshots go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { ARTIFACTS, startConsole, type ConsoleSession } from "./driver.js";

let c: ConsoleSession;

beforeAll(async () => {
  c = await startConsole();
}, 60_000);

afterAll(async () => {
  await c?.close();
});

describe("the local console in a browser", () => {
  it("opens as the clerk in the group chat, with the persona switcher and the clock control", async () => {
    await c.open("clerk");
    await expect(c.page.locator(".hb-chat-head-title").textContent()).resolves.toBe("法治政府建设工作群");
    await expect(c.page.locator(".hb-persona").count()).resolves.toBe(5);
    await expect(c.page.locator(".hb-persona.hb-active").textContent()).resolves.toContain("王科员");
    await expect(c.page.locator("#hb-next-reminder").isEnabled()).resolves.toBe(true);
  });

  it("switches personas", async () => {
    await c.switchTo("li");
    await expect(c.page.locator(".hb-me-name").textContent()).resolves.toBe("李科长");
    await c.switchTo("clerk");
    await expect(c.page.locator(".hb-me-name").textContent()).resolves.toBe("王科员");
  });

  it("sends 帮助 in the group (auto @汇报) and renders the bot's reply", async () => {
    await c.sendAs("clerk", "帮助");
    const mine = c.page.locator(".hb-msg.hb-mine").last();
    await expect(mine.locator(".hb-at").textContent()).resolves.toBe("@汇报");
    const reply = c.page.locator(".hb-msg.hb-from-bot").last();
    await expect(reply.locator(".hb-reply-quote").textContent()).resolves.toContain("帮助");
    const text = (await reply.locator(".hb-bubble").innerText()).trim();
    expect(text.length).toBeGreaterThan(0);
    // Whatever the bot answers with (text or card), the page shows exactly what the gateway holds.
    expect(c.lark.messages.filter((m) => m.senderOpenId === c.lark.botOpenId).length).toBeGreaterThan(0);
    await c.shot("help");
  });

  it("has a private chat per persona", async () => {
    await c.sendAs("zhang", "帮助", { chat: "p2p" });
    await expect(c.page.locator(".hb-chat-head-title").textContent()).resolves.toContain("私聊");
    await expect(c.page.locator(".hb-msg.hb-from-bot").count()).resolves.toBeGreaterThan(0);
    const p2p = c.lark.p2pChatId("ou_console_owner_zhang");
    expect(c.lark.messages.some((m) => m.chatId === p2p && m.senderOpenId === c.lark.botOpenId)).toBe(true);
    // The group shows the unread reply count for other chats only; the clerk's private chat is still empty.
    await c.switchTo("clerk");
    await expect(c.page.locator(".hb-msg").count()).resolves.toBe(0);
    await c.openChat("group");
  });

  const TITLE = "南岸区交通局关于2026年法治政府建设情况的报告";

  it("creates a report in the group: receipt, overview card and the first section prompt", async () => {
    await c.sendAs("clerk", `新建报告 ${TITLE}`);
    await expect(c.card(/已创建报告/).count()).resolves.toBe(1);
    const overview = c.card(/报告总览/);
    await expect(overview.locator(".hb-card-title").textContent()).resolves.toBe(TITLE);
    await expect(overview.locator(".hb-card-header .hb-tag").first().textContent()).resolves.toBe("收集中");
    // The first prompt is a form: a multiline input, a select and a submit button carrying the callback value.
    const prompt = c.prompt(/开头 导语/);
    await expect(prompt.locator("textarea[name='answer']").count()).resolves.toBe(1);
    await expect(prompt.locator("select[name='mode'] option").count()).resolves.toBeGreaterThan(1);
    await expect(prompt.locator("button[data-form-action='submit']").getAttribute("data-callback")).resolves.toContain("save_answer");
    await c.shot("section-prompt", prompt);
  });

  it("the clerk answers the opening by replying to its prompt", async () => {
    await c.replyTo(/开头 导语[\s\S]*请填写本节/, "南岸区交通局以习近平新时代中国特色社会主义思想为指导，全面贯彻落实习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下：");
    const receipt = c.card(/已保存：开头/);
    await expect(receipt.locator(".hb-at").first().textContent()).resolves.toBe("@王科员");
  });

  it("assigns two sections to two section owners, who get their prompts in private", async () => {
    await c.sendAs("clerk", "分配 一（一） @李科长");
    await expect(c.card(/已分配/).locator(".hb-at").first().textContent()).resolves.toBe("@李科长");
    await c.sendAs("clerk", "分配 二 @张科长");
    await c.switchTo("li");
    await c.openChat("p2p");
    await expect(c.prompt(/学习贯彻习近平法治思想/).count()).resolves.toBe(1);
  });

  it("李科长 answers in the card's form (a card callback; the card is replaced in place)", async () => {
    const before = await c.prompt(/学习贯彻习近平法治思想/).locator("xpath=ancestor::div[@data-message-id]").getAttribute("id");
    await c.fillForm(/学习贯彻习近平法治思想[\s\S]*请填写本节/, { answer: "组织党委理论中心组学法12次，开展习近平法治思想专题宣讲6场，培训执法人员120人次。", mode: "追加" });
    const toast = await c.clickButton(/学习贯彻习近平法治思想[\s\S]*请填写本节/, "保存");
    expect(toast).toMatch(/已保存/);
    // Same message, new content: the callback's card replaced the prompt in place.
    const msg = c.page.locator(`#${before}`);
    await expect(msg.count()).resolves.toBe(1);
    await expect(msg.getAttribute("data-rev")).resolves.toBeTruthy();
    expect(c.lark.messages.find((m) => `m-${m.messageId}` === before)!.updatedAt).toBeGreaterThan(0);
  });

  it("张科长 answers by replying to the prompt in the private chat", async () => {
    await c.switchTo("zhang");
    await c.openChat("p2p");
    await c.replyTo(/存在的不足和原因[\s\S]*请填写本节/, "一是执法人员数量不足，持证人员中仅两人在执法科室工作；二是执法信息化水平不高。原因主要是人员编制紧张、培训不够系统。");
    await expect(c.page.locator(".hb-msg.hb-from-bot").last().innerText()).resolves.toMatch(/已保存|字/);
  });

  it("the clerk sees the progress in the group's overview card", async () => {
    await c.switchTo("clerk");
    await c.openChat("group");
    await c.sendAs("clerk", "进度");
    const overview = c.card(/报告总览/);
    await expect(overview.innerText()).resolves.toMatch(/李科长/);
    await c.shot("overview", overview);
    await c.shot("group");
  });

  it("exports the report and downloads the .docx from the card's link", async () => {
    await c.sendAs("clerk", "导出", { chat: "group" });
    const ready = c.card(/第 \d+ 版/);
    const link = ready.locator("[data-url*='/download/'][data-url*='.docx']").first();
    await expect(link.count()).resolves.toBe(1);
    // The button opens its link in a new tab; open it in place instead so the test can catch the download.
    await c.page.evaluate(() => {
      window.open = ((url: string) => {
        location.href = String(url);
        return null;
      }) as typeof window.open;
    });
    const [download] = await Promise.all([c.page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const path = join(ARTIFACTS, "console-download.docx");
    await download.saveAs(path);
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(path)))["word/document.xml"]!);
    // The answers given in this session are in the document.
    expect(xml).toContain("组织党委理论中心组学法12次");
    expect(xml).toContain("执法人员数量不足");
  });

  it("submits for approval and the leader approves from the approval card", async () => {
    await c.sendAs("clerk", "审批人 @刘副局长", { chat: "group" });
    await c.sendAs("clerk", "提交审批", { chat: "group" });
    // The report is incomplete: the bot asks for confirmation first.
    const toast = await c.clickButton(/仍要提交审批/, "仍然提交审批");
    expect(toast ?? "").not.toMatch(/失败|无权/);
    await c.switchTo("liu");
    await c.openChat("p2p");
    const approval = c.card(/同意/);
    await expect(approval.innerText()).resolves.toMatch(/第 \d+ 版/);
    await c.shot("approval", approval);
    const decided = await c.clickButton(/第 \d+ 版/, "同意");
    expect(decided).toMatch(/同意|已/);
    const status = await c.server.huibao.reports.getReport((await c.server.huibao.reports.db.report.findFirstOrThrow()).id);
    expect(status?.status).toBe("approved");
    await c.switchTo("clerk");
    await c.openChat("group");
    // The overview is patched by the decision's follow-up, through the outbox: under load it can land a moment
    // after the approver's toast.
    await expect.poll(() => c.card(/报告总览/).innerText(), { timeout: 20_000, interval: 250 }).toMatch(/已审定/);
  });

  it("fast-forwards the clock to the next reminder run", async () => {
    const before = await c.page.locator("#hb-clock-now").getAttribute("data-now");
    await c.page.click("#hb-next-reminder");
    await c.page.waitForFunction((b) => document.getElementById("hb-clock-now")!.dataset.now !== b, before);
    const status = await c.page.locator("#hb-clock-status").textContent();
    expect(status).toMatch(/提醒/);
    await c.settle();
  });
});
