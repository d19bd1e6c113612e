// Drives the local console in headless Chromium the way a person would: pick a persona, type into the
// composer, reply to messages, fill card forms and click card buttons. Waits on the app (inbox, outbox)
// and then on the page (it has rendered the gateway's latest version) after every step.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { startNode, type NodeServer } from "../../src/runtimes/node/main.js";
import { localLarkApi, type LocalLark } from "../../src/adapters/lark/local-gateway.js";
import { PERSONAS } from "../../src/runtimes/node/console/personas.js";
import { TestClock } from "../helpers/harness.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = join(import.meta.dirname, "..", "..", "test-artifacts");

export type PersonaKey = (typeof PERSONAS)[number]["key"];

export interface ConsoleSession {
  server: NodeServer;
  lark: LocalLark;
  clock: TestClock;
  browser: Browser;
  page: Page;
  base: string;
  /** Opens the console as `persona` in `chat` ("group" or "p2p"). */
  open(persona: PersonaKey, chat?: string): Promise<void>;
  /** Switches persona with the switcher (keeps the kind of chat). */
  switchTo(persona: PersonaKey): Promise<void>;
  /** Switches chat with the chat list ("group" or "p2p"). */
  openChat(chat: string): Promise<void>;
  /** Types and sends a message as `persona` (switching first when needed), then waits for the bot. */
  sendAs(persona: PersonaKey, text: string, opts?: { chat?: string }): Promise<void>;
  /** Replies to the bot's last message containing `messageText` (a card or a text). */
  replyTo(messageText: string | RegExp, text: string): Promise<void>;
  /** The last card whose text matches. */
  card(cardText: string | RegExp): Locator;
  /** The last section prompt (a card with an answer form) whose text matches. */
  prompt(cardText: string | RegExp): Locator;
  /** Fills fields of the last card matching `cardText`: by component name; selects by option label or value. */
  fillForm(cardText: string | RegExp, values: Record<string, string>): Promise<void>;
  /** Clicks a button on the last card matching `cardText`, confirming any dialog. Returns the toast shown, if any. */
  clickButton(cardText: string | RegExp, buttonText: string | RegExp, opts?: { confirm?: boolean }): Promise<string | null>;
  /** Waits for the app to finish work and the page to show it. */
  settle(): Promise<void>;
  shot(name: string, target?: Locator): Promise<string>;
  close(): Promise<void>;
}

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is required for the console's browser test but ${CHROMIUM} does not exist. ` +
        "Install Debian's chromium (`sudo apt-get install -y chromium`; .ci/run does this) or set CHROMIUM_PATH.",
    );
  }
}

/** Headless Chromium, for one or several console sessions. */
export function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/**
 * A fresh console: its own app (database, clock, local gateway) and its own page. With `browser`, the page opens
 * in that browser (shared by several sessions, closed by its owner); without, the session launches its own.
 */
export async function startConsole(opts: { env?: Record<string, string>; browser?: Browser } = {}): Promise<ConsoleSession> {
  requireChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "huibao-console-"));
  const clock = new TestClock();
  const lark = localLarkApi({ now: () => clock.now().getTime() });
  const server = await startNode(
    { HUIBAO_CONSOLE: "1", DATABASE_URL: `file:${join(dir, "huibao.db")}`, PORT: "0", DOWNLOAD_LINK_SECRET: "console-e2e-download-secret-0123", ...opts.env },
    { clock, quiet: true, lark, sweepMs: 3_600_000 },
  );
  const base = `http://localhost:${server.port}`;
  const browser = opts.browser ?? (await launchChromium());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  const current = () => {
    const u = new URL(page.url());
    return { as: u.searchParams.get("as") ?? "clerk", chat: u.searchParams.get("chat") ?? "group" };
  };
  const ready = async () => {
    await page.waitForSelector("body[data-ready='1']");
  };

  const s: ConsoleSession = {
    server,
    lark,
    clock,
    browser,
    page,
    base,
    async open(persona, chat = "group") {
      await page.goto(`${base}/console?as=${persona}&chat=${encodeURIComponent(chat)}`);
      await ready();
    },
    async switchTo(persona) {
      if (current().as === persona) return;
      await page.click(`.hb-persona[data-persona='${persona}']`);
      await page.waitForURL((u) => u.searchParams.get("as") === persona);
      await ready();
    },
    async openChat(chat) {
      if (current().chat === chat) return;
      await page.click(`.hb-chat-link[data-chat='${chat}']`);
      await page.waitForURL((u) => u.searchParams.get("chat") === chat);
      await ready();
    },
    async sendAs(persona, text, o = {}) {
      await s.switchTo(persona);
      if (o.chat) await s.openChat(o.chat);
      await page.fill("#hb-input", text);
      await page.press("#hb-input", "Enter");
      await s.settle();
    },
    async replyTo(messageText, text) {
      const msg = page.locator(".hb-msg.hb-from-bot").filter({ hasText: messageText }).last();
      await msg.hover();
      await msg.locator(".hb-reply-btn").click();
      await page.waitForSelector("#hb-replying:not([hidden])");
      await page.fill("#hb-input", text);
      await page.press("#hb-input", "Enter");
      await s.settle();
    },
    card(cardText) {
      return page.locator(".hb-card").filter({ hasText: cardText }).last();
    },
    prompt(cardText) {
      return page.locator(".hb-card:has([name='answer'])").filter({ hasText: cardText }).last();
    },
    async fillForm(cardText, values) {
      const card = s.card(cardText);
      for (const [name, value] of Object.entries(values)) {
        const field = card.locator(`[name='${name}']`);
        const tag = await field.evaluate((el) => el.tagName);
        if (tag === "SELECT") {
          const byLabel = await field.locator("option").filter({ hasText: value }).count();
          await field.selectOption(byLabel > 0 ? { label: (await field.locator("option").filter({ hasText: value }).first().textContent())!.trim() } : { value });
        } else {
          await field.fill(value);
        }
      }
    },
    async clickButton(cardText, buttonText, o = {}) {
      const card = s.card(cardText);
      await card.locator("button[data-button]").filter({ hasText: buttonText }).first().click();
      const modal = page.locator("#hb-modal:not([hidden])");
      if (await modal.isVisible().catch(() => false)) await page.click(o.confirm === false ? "#hb-modal-cancel" : "#hb-modal-ok");
      await s.settle();
      return (await page.locator("body").getAttribute("data-last-toast")) ?? null;
    },
    async settle() {
      const h = server.huibao;
      for (let i = 0; i < 60; i++) {
        await h.ingress.processor.idle();
        const { events, sent } = await h.ingress.sweep();
        await h.ingress.processor.idle();
        const due = await h.reports.db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] }, nextAttemptAt: { lte: new Date(clock.now().getTime() + 1_000) } } });
        if (events === 0 && sent === 0 && due === 0) break;
        if (due > 0 && sent === 0) await new Promise((r) => setTimeout(r, 150));
      }
      const { version } = (await (await fetch(`${base}/console/api/events?since=-1`)).json()) as { version: number };
      await page.waitForFunction((v) => Number(document.body.dataset.version) >= v && document.body.dataset.busy !== "1", version);
      if (pageErrors.length) throw new Error(`console page error: ${pageErrors.join("; ")}`);
    },
    async shot(name, target) {
      const path = join(ARTIFACTS, `console-${name}.png`);
      if (!target) {
        await page.screenshot({ path });
        return path;
      }
      // The message list scrolls: grow the window until the whole element fits, then shoot it.
      const size = page.viewportSize()!;
      const box = await target.boundingBox();
      if (box && box.height > size.height - 300) await page.setViewportSize({ width: size.width, height: Math.ceil(box.height) + 400 });
      await target.scrollIntoViewIfNeeded();
      await target.screenshot({ path });
      await page.setViewportSize(size);
      return path;
    },
    async close() {
      if (opts.browser) await context.close().catch(() => {});
      else await browser.close().catch(() => {});
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return s;
}
