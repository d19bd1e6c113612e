// Last year's report from outside the bot: the real 2023 南岸 report pasted whole into a group and imported (导入 on
// the confirmation card), then this year's report made from it with 新建报告 … 参照 1. Through the webhook, with the
// fake Open API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { lastPrompt, prompts } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { fixture } from "../helpers/seeds.js";
import { clickAction, replyCard, say } from "../imports/helpers.js";
import { promptText } from "./last-year.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const owner = "ou_clerk_wang";
const NANAN = fixture("nanan-2023-report.txt");

describe("参照 a report imported from its text", () => {
  it("an imported 2023 report is last year's: 参照 1 takes its own part titles and sub-sections, copies no text, and prompts show its text", async () => {
    const chat = uid("oc_yoy_imp_");
    await say(h, chat, owner, "新建报告");
    const prompt = lastPrompt(h.lark, chat);
    const lastId = prompt.reportId;
    const pasted = await say(h, chat, owner, NANAN, { parentId: prompt.message.messageId, atBot: false });
    const answer = await clickAction(h, replyCard(h, pasted, /识别出/), "import", { operator: owner, chatId: chat });
    expect(answer.toast.type).toBe("success");
    const last = (await h.server.huibao.reports.getReport(lastId))!;
    expect(last.year).toBe(2023);

    const before = prompts(h.lark, chat).length;
    await say(h, chat, owner, "新建报告 重庆市南岸区交通局关于2024年法治政府建设情况的报告 参照 1");
    const created = prompts(h.lark, chat).slice(before);
    expect(created.length).toBeGreaterThan(0);
    const reportId = created[0]!.reportId;
    expect(reportId).not.toBe(lastId);
    const report = (await h.server.huibao.reports.getReport(reportId))!;
    expect(report.year).toBe(2024);

    // The document's own part titles and its six （一）… sub-sections, in its order: not the template's.
    const shape = (r: typeof report) => resolveOutline(r.template, r.settings).map((s) => [s.level, s.title]);
    expect(shape(report)).toEqual(shape(last));
    const parts = resolveOutline(report.template, report.settings).filter((s) => s.level === 1).map((s) => s.title);
    expect(parts).toEqual([
      "2023年推进法治政府建设的主要举措和成效",
      "党政主要负责人严格履行法治建设第一责任人职责，推进法治政府建设落实",
      "2023年推进法治政府建设存在的不足",
      "2024年推进法治政府建设的工作思路目标举措",
      "其他需要报告的情况",
    ]);
    expect(resolveOutline(report.template, report.settings).filter((s) => s.level === 2)).toHaveLength(6);
    // Nothing copied.
    expect(await h.server.huibao.reports.answers(reportId)).toEqual([]);
    // The opening's prompt shows last year's opening, folded.
    const opening = promptText(h, chat);
    expect(opening.reportId).toBe(reportId);
    expect(opening.text).toContain("去年此节（2023）");
  }, 60_000);
});
