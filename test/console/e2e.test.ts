// The local console end to end, in headless Chromium: the app starts in console mode (no Lark credentials),
// people switch personas, type into the chat, and the bot's answers are rendered as Feishu would show them:
// create a report, answer as two personas, the overview, export and download the .docx, submit, approve.
// Screenshots go to test-artifacts/.
//
// Each test starts a fresh console (its own app and page, in one shared browser) and replays the steps it needs
// (steps below), so every test runs alone.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { ARTIFACTS, launchChromium, startConsole, type ConsoleSession } from "./driver.js";

let browser: Browser;
let c: ConsoleSession | undefined;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterEach(async () => {
  await c?.close();
  c = undefined;
});
afterAll(async () => {
  await browser?.close();
});

const TITLE = "南岸区交通局关于2026年法治政府建设情况的报告";
const LI_PROMPT = /学习贯彻习近平法治思想[\s\S]*请填写本节/;

/** What the console tests build on, one step each (a step leaves the page where the next one expects it). */
const steps = {
  /** 王科员 creates the report in the group. */
  async createReport(c: ConsoleSession) {
    await c.sendAs("clerk", `新建报告 ${TITLE}`);
  },
  /** 王科员 answers the opening by replying to its prompt. */
  async answerOpening(c: ConsoleSession) {
    await c.replyTo(/开头 导语[\s\S]*请填写本节/, "南岸区交通局以习近平新时代中国特色社会主义思想为指导，全面贯彻落实习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下：");
  },
  /** 一（一） to 李科长, 二 to 张科长. */
  async assign(c: ConsoleSession) {
    await c.sendAs("clerk", "分配 一（一） @李科长");
    await c.sendAs("clerk", "分配 二 @张科长");
  },
  /** 李科长 answers 一（一） in the prompt's form, in his private chat. */
  async liAnswers(c: ConsoleSession) {
    await c.switchTo("li");
    await c.openChat("p2p");
    await c.fillForm(LI_PROMPT, { answer: "组织党委理论中心组学法12次，开展习近平法治思想专题宣讲6场，培训执法人员120人次。", mode: "追加" });
    return c.clickButton(LI_PROMPT, "保存");
  },
  /** 张科长 answers 二 by replying to its prompt in his private chat. */
  async zhangAnswers(c: ConsoleSession) {
    await c.switchTo("zhang");
    await c.openChat("p2p");
    await c.replyTo(/存在的不足和原因[\s\S]*请填写本节/, "一是执法人员数量不足，持证人员中仅两人在执法科室工作；二是执法信息化水平不高。原因主要是人员编制紧张、培训不够系统。");
  },
};

/** A fresh console opened as 王科员 in the group, after `before` (in order); ends back in the group as 王科员. */
async function consoleAfter(...before: (keyof typeof steps)[]): Promise<ConsoleSession> {
  c = await startConsole({ browser });
  await c.open("clerk");
  for (const step of before) await steps[step](c);
  await c.switchTo("clerk");
  await c.openChat("group");
  return c;
}

describe("the local console in a browser", () => {
  it("opens as the clerk in the group chat, with the persona switcher and the clock control", async () => {
    const c = await consoleAfter();
    await expect(c.page.locator(".hb-chat-head-title").textContent()).resolves.toBe("法治政府建设工作群");
    await expect(c.page.locator(".hb-persona").count()).resolves.toBe(5);
    await expect(c.page.locator(".hb-persona.hb-active").textContent()).resolves.toContain("王科员");
    await expect(c.page.locator("#hb-next-reminder").isEnabled()).resolves.toBe(true);
  });

  it("switches personas", async () => {
    const c = await consoleAfter();
    await c.switchTo("li");
    await expect(c.page.locator(".hb-me-name").textContent()).resolves.toBe("李科长");
    await c.switchTo("clerk");
    await expect(c.page.locator(".hb-me-name").textContent()).resolves.toBe("王科员");
  });

  it("sends 帮助 in the group (auto @汇报) and renders the bot's reply", async () => {
    const c = await consoleAfter();
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
    const c = await consoleAfter();
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

  it("creates a report in the group: receipt, overview card and the first section prompt", async () => {
    const c = await consoleAfter();
    await steps.createReport(c);
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
    const c = await consoleAfter("createReport");
    await steps.answerOpening(c);
    const receipt = c.card(/已保存：开头/);
    await expect(receipt.locator(".hb-at").first().textContent()).resolves.toBe("@王科员");
  });

  it("assigns two sections to two section owners, who get their prompts in private", async () => {
    const c = await consoleAfter("createReport");
    await c.sendAs("clerk", "分配 一（一） @李科长");
    await expect(c.card(/已分配/).locator(".hb-at").first().textContent()).resolves.toBe("@李科长");
    await c.sendAs("clerk", "分配 二 @张科长");
    await c.switchTo("li");
    await c.openChat("p2p");
    await expect(c.prompt(/学习贯彻习近平法治思想/).count()).resolves.toBe(1);
  });

  it("李科长 answers in the card's form (a card callback; the card is replaced in place)", async () => {
    const c = await consoleAfter("createReport", "assign");
    await c.switchTo("li");
    await c.openChat("p2p");
    const before = await c.prompt(/学习贯彻习近平法治思想/).locator("xpath=ancestor::div[@data-message-id]").getAttribute("id");
    const toast = await steps.liAnswers(c);
    expect(toast).toMatch(/已保存/);
    // Same message, new content: the callback's card replaced the prompt in place.
    const msg = c.page.locator(`#${before}`);
    await expect(msg.count()).resolves.toBe(1);
    await expect(msg.getAttribute("data-rev")).resolves.toBeTruthy();
    expect(c.lark.messages.find((m) => `m-${m.messageId}` === before)!.updatedAt).toBeGreaterThan(0);
  });

  it("张科长 answers by replying to the prompt in the private chat", async () => {
    const c = await consoleAfter("createReport", "assign");
    await steps.zhangAnswers(c);
    await expect(c.page.locator(".hb-msg.hb-from-bot").last().innerText()).resolves.toMatch(/已保存|字/);
  });

  it("the clerk sees the progress in the group's overview card", async () => {
    const c = await consoleAfter("createReport", "assign");
    await c.sendAs("clerk", "进度");
    const overview = c.card(/报告总览/);
    await expect(overview.innerText()).resolves.toMatch(/李科长/);
    await c.shot("overview", overview);
    await c.shot("group");
  });

  it("exports the report and downloads the .docx from the card's link", async () => {
    const c = await consoleAfter("createReport", "assign", "liAnswers", "zhangAnswers");
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
    const c = await consoleAfter("createReport");
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
    await c.switchTo("clerk");
    await c.openChat("group");
    // The overview is patched by the decision's follow-up, through the outbox: under load it can land a moment
    // after the approver's toast.
    await expect.poll(() => c.card(/报告总览/).innerText(), { timeout: 20_000, interval: 250 }).toMatch(/已审定/);
  });

  it("fast-forwards the clock to the next reminder run", async () => {
    const c = await consoleAfter();
    const before = await c.page.locator("#hb-clock-now").getAttribute("data-now");
    await c.page.click("#hb-next-reminder");
    await c.page.waitForFunction((b) => document.getElementById("hb-clock-now")!.dataset.now !== b, before);
    const status = await c.page.locator("#hb-clock-status").textContent();
    expect(status).toMatch(/提醒/);
    await c.settle();
  });
});
