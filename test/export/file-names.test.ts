// Defect 11: a report title with bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and the others) must not
// reach a file name — "报告\u202Excod.exe" would display as "报告exe.docx". Through the webhook: the download link's
// Content-Disposition and the file message 导出 文件 uploads to the fake Open API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText, lastPrompt } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe("file names of a report whose title holds bidirectional controls", () => {
  it("导出 links and 导出 文件 name the file without them", async () => {
    const chat = uid("oc_bidi_");
    const say = async (text: string, o: { parentId?: string; atBot?: boolean } = {}) => {
      expect((await h.say({ chatId: chat, sender: "ou_clerk_bidi", text, ...o })).status).toBe(200);
      await h.settle();
    };
    await say("新建报告 南岸区交通局\u2066法治\u2069报告\u202Excod.exe");
    const prompt = lastPrompt(h.lark, chat);
    await say("2026年，区交通局深入推进法治政府建设。现将有关情况报告如下：", { parentId: prompt.message.messageId, atBot: false });
    const stored = (await h.server.huibao.reports.getReport(prompt.reportId))!.title;
    expect(stored).toMatch(BIDI); // kept in the report as typed; only names are cleaned

    await say("导出");
    const ready = h.lark.messages.filter((m) => m.msgType === "interactive" && /报告已生成/.test(cardText(cardOf(m)))).at(-1)!;
    const urls = JSON.stringify(cardOf(ready)).match(/http:\/\/huibao\.test\/download\/[^"]+/g)!;
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const u of urls) {
      const r = await fetch(u.replace("http://huibao.test", h.base));
      expect(r.status).toBe(200);
      const name = decodeURIComponent(r.headers.get("content-disposition")!.split("UTF-8''")[1]!);
      expect(name).toMatch(/^南岸区交通局法治报告xcod\.exe\.(docx|md)$/);
      expect(name).not.toMatch(BIDI);
    }

    await say("导出 文件");
    const fileMsg = h.lark.messages.filter((m) => m.msgType === "file" && m.receiveId === chat).at(-1)!;
    const file = h.lark.files.get(JSON.parse(fileMsg.content).file_key as string)!;
    expect(file.name).toBe("南岸区交通局法治报告xcod.exe.docx");
  });
});
