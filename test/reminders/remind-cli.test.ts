// `npm run remind -- --at …` as an operator runs it: a child process on a database prepared through the app,
// delivering through the (fake) Open API, printing what it sent; a second run sends nothing new. Each test
// prepares its own database and fake Open API.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { lastPrompt, textOf } from "../helpers/bot.js";
import { FakeLark } from "../helpers/fake-lark.js";
import { startHarness } from "../helpers/harness.js";
import { ENCRYPT_KEY, TOKEN, uid } from "../helpers/lark-payloads.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

/**
 * A database prepared through the app, then the app stopped (the CLI works on the file alone): a report with
 * internal deadline Thu 2026-11-19 and 一（二） assigned to 张三.
 */
async function prepared() {
  const lark = await new FakeLark().start();
  const dir = mkdtempSync(join(tmpdir(), "huibao-remind-"));
  cleanup.push(async () => {
    await lark.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const chat = uid("oc_cli_");
  const h = await startHarness({ lark, dir });
  h.clock.offsetMs = new Date("2026-11-10T10:00:00+08:00").getTime() - Date.now();
  const say = async (text: string, mentions?: [string, string][]) => {
    await h.say({ chatId: chat, sender: "ou_clerk_cli", text, mentions });
    await h.settle();
  };
  await say("新建报告 南岸区交通局关于2026年法治政府建设情况的报告");
  expect(lastPrompt(lark, chat).reportId).toBeTruthy();
  await say("截止 2026-11-19");
  await say("分配 一（二） @张三", [["ou_zhang", "张三"]]);
  await h.close();
  return { lark, dir, chat, remind: (...args: string[]) => remind(lark, dir, ...args) };
}

function remind(lark: FakeLark, dir: string, ...args: string[]) {
  return run(process.execPath, ["--import", "tsx", "scripts/remind.ts", ...args], {
    cwd: root,
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LARK_APP_ID: "cli_a1b2c3d4e5f60718",
      LARK_APP_SECRET: "test-secret",
      LARK_VERIFICATION_TOKEN: TOKEN,
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
      LARK_DOMAIN: lark.url,
      DATABASE_URL: `file:${join(dir, "huibao.db")}`,
      DOWNLOAD_LINK_SECRET: "test-download-secret-0123456789",
      PUBLIC_BASE_URL: "http://huibao.test",
    },
  });
}

describe("npm run remind", () => {
  it("runs one pass as if at --at, delivers it, and prints what it sent", async () => {
    const { lark, chat, remind } = await prepared();
    const before = lark.messages.length;
    // Mon 11-16 → 11-17, 18, 19: 3 working days before the internal deadline.
    const { stdout } = await remind("--at", "2026-11-16T09:30:00+08:00");
    expect(stdout).toMatch(/reminder pass at 2026-11-16 09:30 \(Asia\/Shanghai\): planned 3, sent 3, already sent 0/);
    expect(stdout).toMatch(new RegExp(`before_deadline\\s+→ ${chat} @ou_zhang\\s+\\[sent om_`));
    const sent = lark.messages.slice(before);
    expect(sent).toHaveLength(3);
    const group = sent.find((m) => m.receiveId === chat)!;
    expect(new Set([...group.current.matchAll(/<at id=([^>]+)><\/at>/g)].map((x) => x[1]))).toEqual(new Set(["ou_zhang"]));
    expect(sent.find((m) => m.receiveId === "ou_zhang")).toBeTruthy();
    expect(textOf(sent.find((m) => m.receiveId === "ou_clerk_cli")!)).toContain("待分配负责人");
  }, 90_000);

  it("a second run at the same time sends nothing new; a holiday sends nothing", async () => {
    const { lark, remind } = await prepared();
    const first = await remind("--at", "2026-11-16T09:30:00+08:00");
    expect(first.stdout).toMatch(/planned 3, sent 3, already sent 0/);
    const before = lark.messages.length;
    const again = await remind("--at", "2026-11-16T09:45:00+08:00");
    // The report's last claim of the day (the group reminder) is taken: it is skipped before its answers are read.
    expect(again.stdout).toMatch(/planned 0, sent 0, already sent 0, reports already reminded today 1/);
    const holiday = await remind("--at", "2026-10-01T09:30:00+08:00");
    expect(holiday.stdout).toMatch(/planned 0, sent 0/);
    expect(lark.messages.length).toBe(before);
  }, 120_000);

  it("refuses a time without an offset", async () => {
    const { remind } = await prepared();
    await expect(remind("--at", "2026-11-16T09:30")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--at") });
  }, 30_000);
});
