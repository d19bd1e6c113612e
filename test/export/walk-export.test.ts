// The assembled report from a full walk: the real 2023 南岸 report answered section by section through the webhook,
// exported (导出 and 导出 文件) and parsed back: title, preamble, every heading and paragraph in outline order,
// then 发文机关 and 成文日期. The walk (≈ 10 s) is built once by whichever test needs it first (`walked`); the tests
// only export it, which changes nothing they look at.
import { fullDate } from "../../src/domain/date-format.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDate } from "../../src/domain/time-zone.js";
import { cardOf, cardText } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { once } from "../helpers/fixtures.js";
import { uid } from "../helpers/lark-payloads.js";
import { normalizeText } from "../helpers/seeds.js";
import { docxParagraphs } from "./docx-text.js";
import { answerAll, createNanan, NANAN_OFFICE, NANAN_TITLE, say, type Walker } from "./walk-2023.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

/** The 2023 南岸 report, created, shaped and answered section by section, with its 发文机关. */
const walked = once(async () => {
  const w: Walker = { h, chat: uid("oc_walkexport_"), sender: "ou_clerk_zhao" };
  const { outline, blocks } = await createNanan(w);
  await answerAll(w, outline, (key) => blocks[outline.findIndex((s) => s.key === key)]!.text);
  await say(w, `发文机关 ${NANAN_OFFICE}`);
  return { w, blocks };
});

/** 导出 文件: the .docx the bot uploaded into the chat. */
async function exportFile(w: Walker) {
  await say(w, "导出 文件");
  const msg = h.lark.messages.filter((m) => m.msgType === "file" && m.receiveId === w.chat).at(-1)!;
  const file = h.lark.files.get(JSON.parse(msg.content).file_key)!;
  expect(file.name).toBe(`${NANAN_TITLE}.docx`);
  return new Uint8Array(file.bytes);
}

describe("the 2023 南岸 report, walked and exported", () => {
  it("导出 文件: the .docx holds title, preamble, headings and paragraphs in outline order, then office and date", async () => {
    const { w, blocks } = await walked();
    const today = localDate(h.clock.now(), "Asia/Shanghai");
    const docx = await exportFile(w);
    const paras = docxParagraphs(docx);
    // Title (split over centred lines) comes first.
    expect(normalizeText(paras.slice(0, 2).join(""))).toBe(normalizeText(NANAN_TITLE));
    // The body: every heading and every answered line, in order, and nothing else in between.
    const expected = blocks.flatMap((b) => [b.heading, b.text]).join("");
    const body = paras.slice(2, -2).join("");
    expect(normalizeText(body)).toBe(normalizeText(expected));
    // Each heading is its own paragraph (or starts a run-in paragraph), in outline order.
    let at = 0;
    for (const b of blocks.filter((x) => x.level > 0)) {
      const i = paras.findIndex((p, j) => j >= at && normalizeText(p).startsWith(normalizeText(b.heading)));
      expect(i, b.heading).toBeGreaterThanOrEqual(at);
      at = i + 1;
    }
    // Signature block.
    expect(paras.at(-2)).toBe(NANAN_OFFICE);
    expect(paras.at(-1)).toBe(fullDate(today));
    expect(paras.join("")).not.toContain("【待补充】");
  }, 120_000);

  it("导出 after 导出 文件 gives links to the same version; the link serves the same document", async () => {
    const { w } = await walked();
    const file = await exportFile(w);
    await say(w, "导出");
    const card = h.lark.messages.filter((m) => m.msgType === "interactive" && /报告已生成/.test(cardText(cardOf(m)))).at(-1)!;
    const text = cardText(cardOf(card));
    expect(text).toContain("内容与上次导出相同");
    expect(text).not.toContain("发文机关**");
    // Complete: no note about empty required parts.
    expect(text).not.toContain("必填部分尚未填写");
    expect(text).not.toContain("待补充");
    const url = JSON.stringify(cardOf(card)).match(/http:\/\/huibao\.test(\/download\/[^"]+\.docx\?[^"]+)/)![1]!;
    const r = await fetch(h.base + url);
    expect(r.status).toBe(200);
    expect(docxParagraphs(new Uint8Array(await r.arrayBuffer()))).toEqual(docxParagraphs(file));
  }, 120_000);
});
