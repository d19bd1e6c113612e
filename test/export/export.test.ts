// Export through the webhook: 导出 / 查看报告 answer with the report-ready card and signed links, the links serve
// the document (403 tampered, 410 expired, 404 unknown report), 导出 文件 uploads the .docx, versions are reused
// while nothing changes. Each test builds its own report in its own chat (reportInProgress), so any test runs alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsOf, cardOf, cardText, lastPrompt, overviews } from "../helpers/bot.js";
import type { FakeMessage } from "../helpers/fake-lark.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { messageEvent, uid } from "../helpers/lark-payloads.js";
import { docxParagraphs } from "./docx-text.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const clerk = "ou_clerk_li";
const TITLE = "重庆市南岸区交通局关于2023年法治政府建设情况的报告";
const PREAMBLE = "2023年，区交通局坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神，深入推进法治政府建设。现将有关情况报告如下：";
const PART_TEXT = "我局党组书记、局长认真履行推进法治建设第一责任人职责，年内召开党组会专题研究法治工作4次，R&D <测试> 字符照常保留。";
const LATER_TEXT = "全年办理行政复议案件2件，行政诉讼案件3件，均依法妥善处理。";

function linksOf(m: FakeMessage): { docx: string; md: string } {
  const urls: string[] = [];
  const walk = (x: any) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x && typeof x === "object") {
      if (x.type === "open_url" && typeof x.default_url === "string") urls.push(x.default_url);
      for (const v of Object.values(x)) walk(v);
    }
  };
  walk(cardOf(m));
  const docx = urls.find((u) => /\.docx\?/.test(u));
  const md = urls.find((u) => /\.md\?/.test(u));
  expect(docx && md).toBeTruthy();
  return { docx: docx!, md: md! };
}

/** The public link, fetched from the test server instead of PUBLIC_BASE_URL. */
const local = (url: string) => url.replace("http://huibao.test", h.base);

const docxAt = async (url: string) => docxParagraphs(new Uint8Array(await (await fetch(local(url))).arrayBuffer()));

/**
 * A report in progress in a chat of its own: created by the clerk, the opening and the first section answered
 * by replying to their prompts. Each test builds its own, so any test runs alone.
 */
async function reportInProgress() {
  const chat = uid("oc_export_");
  /** Messages of the clerk in this chat, so that replies to them can be found. */
  const asked: string[] = [];
  const say = async (text: string, o: { parentId?: string; atBot?: boolean } = {}) => {
    const env = messageEvent({ chatId: chat, sender: clerk, text, parentId: o.parentId, atBot: o.atBot, botOpenId: h.lark.botOpenId });
    asked.push(env.event.message.message_id);
    expect((await h.post(env)).status).toBe(200);
    await h.settle();
  };
  const answer = async (text: string) => {
    const p = lastPrompt(h.lark, chat);
    await say(text, { parentId: p.message.messageId, atBot: false });
  };
  await say(`新建报告 ${TITLE}`);
  const reportId = lastPrompt(h.lark, chat).reportId;
  await answer(PREAMBLE);
  await say("继续");
  await answer(PART_TEXT);
  /** Report-ready cards in this chat: replies to the clerk's messages, and cards sent into the chat. */
  const ready = () =>
    h.lark.messages.filter((m) => (m.receiveId === chat || asked.includes(m.replyTo ?? "")) && m.msgType === "interactive" && /报告已生成/.test(cardText(cardOf(m))));
  const lastReady = (): FakeMessage => {
    const all = ready();
    expect(all.length).toBeGreaterThan(0);
    return all.at(-1)!;
  };
  /** Sends 导出 and returns the report-ready card it got. */
  const exportNow = async (command = "导出") => {
    const before = ready().length;
    await say(command);
    expect(ready()).toHaveLength(before + 1);
    const card = lastReady();
    return { card, text: cardText(cardOf(card)), links: linksOf(card) };
  };
  return { chat, reportId, say, answer, ready, lastReady, exportNow };
}

describe("导出: the report-ready card and its links", () => {
  it("exports a report in progress: card with a .docx and a .md link on PUBLIC_BASE_URL, signed, 7 days, and what is still missing", async () => {
    const r = await reportInProgress();
    const { card, text, links } = await r.exportNow();
    for (const u of [links.docx, links.md]) {
      const url = new URL(u);
      expect(url.origin).toBe("http://huibao.test");
      expect(url.pathname).toMatch(new RegExp(`^/download/${r.reportId}/1\\.(docx|md)$`));
      const exp = Number(url.searchParams.get("exp"));
      expect(exp - Math.floor(h.clock.now().getTime() / 1000)).toBeGreaterThan(7 * 86400 - 60);
      expect(exp - Math.floor(h.clock.now().getTime() / 1000)).toBeLessThanOrEqual(7 * 86400);
      expect(url.searchParams.get("sig")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(text).toContain("第 1 版");
    expect(text).toContain("7 天内有效");
    // No 发文机关 yet: exported anyway, with a note.
    expect(text).toContain("尚未设置**发文机关**");
    // It answers the 导出 message.
    expect(card.replyTo).toBeTruthy();
    // The card counts the required parts still empty: exactly the 【待补充】 the document prints.
    const missing = (await docxAt(links.docx)).filter((p) => p.includes("【待补充】")).length;
    expect(missing).toBeGreaterThan(0);
    expect(text).toContain(`待补充 ${missing} 个部分`);
  });

  it("valid link → the file: a .docx that unzips and holds the answered text, Chinese file name, private", async () => {
    const { links } = await (await reportInProgress()).exportNow();
    const r = await fetch(local(links.docx));
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(r.headers.get("cache-control")).toBe("private, no-store");
    const cd = r.headers.get("content-disposition")!;
    expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("UTF-8''")[1]!)).toBe(`${TITLE}.docx`);
    const paras = docxParagraphs(bytes);
    expect(paras.join("")).toContain("我局党组书记、局长认真履行推进法治建设第一责任人职责");
    expect(paras).toContain(PREAMBLE);
    // `<` and `&` survive (the space between `>` and 字 is removed when pasted text is cleaned).
    expect(paras.some((p) => p.includes("R&D <测试>字符照常保留"))).toBe(true);
    expect(paras.join("")).toContain("【待补充】");

    const m = await fetch(local(links.md));
    expect(m.status).toBe(200);
    expect(m.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(decodeURIComponent(m.headers.get("content-disposition")!.split("UTF-8''")[1]!)).toBe(`${TITLE}.md`);
    const md = await m.text();
    expect(md).toContain(PREAMBLE.slice(0, 20));
  });

  it("tampered → 403 (signature, expiry, version, format or report changed), before any lookup", async () => {
    const r = await reportInProgress();
    const { links } = await r.exportNow();
    const u = new URL(local(links.docx));
    const variants: string[] = [];
    const sig = u.searchParams.get("sig")!;
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    const withParam = (k: string, v: string) => {
      const x = new URL(u);
      x.searchParams.set(k, v);
      return x.toString();
    };
    variants.push(withParam("sig", flip(sig)));
    variants.push(withParam("exp", String(Number(u.searchParams.get("exp")) + 86400)));
    variants.push(withParam("sig", ""));
    variants.push(u.toString().replace("/1.docx", "/2.docx"));
    variants.push(u.toString().replace("/1.docx", "/1.md"));
    // Another report's id with this signature: 403 too (whether or not that report exists).
    variants.push(u.toString().replace(`/${r.reportId}/`, "/rdoesnotexist0/"));
    const bodies = new Set<string>();
    for (const v of variants) {
      const res = await fetch(v);
      expect(res.status, v).toBe(403);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);
  });

  it("wrong report id (validly signed) → 404; an unknown version → 404; same body shape as 403", async () => {
    const { reportId } = await reportInProgress();
    const { downloadPath } = await import("../../src/adapters/http/download-link.js");
    const secret = "test-download-secret-0123456789";
    const expiresAt = Math.floor(h.clock.now().getTime() / 1000) + 3600;
    const ghost = await fetch(h.base + (await downloadPath({ secret, reportId: "rnosuchreport1", version: 1, format: "docx", expiresAt })));
    expect(ghost.status).toBe(404);
    const ghostBody = await ghost.json();
    const noVersion = await fetch(h.base + (await downloadPath({ secret, reportId, version: 99, format: "docx", expiresAt })));
    expect(noVersion.status).toBe(404);
    expect(await noVersion.json()).toEqual(ghostBody);
    const forbidden = await (await fetch(h.base + `/download/rnosuchreport1/1.docx?exp=${expiresAt}&sig=AAAA`)).json();
    expect(Object.keys(forbidden).sort()).toEqual(Object.keys(ghostBody).sort());
  });

  it("exporting twice without changes reuses the version; the 查看报告 button too", async () => {
    const r = await reportInProgress();
    const first = await r.exportNow();
    const again = await r.exportNow("/export");
    expect(again.text).toContain("第 1 版");
    expect(again.text).toContain("内容与上次导出相同");
    expect(new URL(again.links.docx).pathname).toBe(new URL(first.links.docx).pathname);
    // The overview's 查看报告 button.
    const overview = overviews(h.lark, r.chat)[0]!;
    const value = actionsOf(cardOf(overview)).find((v) => v.a === "export");
    expect(value).toBeTruthy();
    const before = r.ready().length;
    const res = await h.click({ operator: clerk, value, chatId: r.chat, messageId: overview.messageId });
    expect(res.toast.type).toBe("success");
    expect(res.toast.content).toContain("第 1 版");
    await h.settle();
    expect(r.ready()).toHaveLength(before + 1);
    const fromButton = r.lastReady();
    expect(fromButton.receiveId).toBe(r.chat);
    expect(cardText(cardOf(fromButton))).toContain("第 1 版");
    expect(cardText(cardOf(fromButton))).toContain("内容与上次导出相同");
  });

  it("after an answer (and the office set), the next export is a new version number; the old link still serves version 1", async () => {
    const r = await reportInProgress();
    const v1 = await r.exportNow();
    await r.say("发文机关 重庆市南岸区交通局");
    await r.say("继续");
    await r.answer(LATER_TEXT);
    const v2 = await r.exportNow();
    expect(v2.text).toContain("第 2 版");
    expect(v2.text).not.toContain("发文机关**");
    expect(new URL(v2.links.docx).pathname).toBe(`/download/${r.reportId}/2.docx`);
    const paras = await docxAt(v2.links.docx);
    expect(paras.join("")).toContain("全年办理行政复议案件2件");
    expect(paras).toContain("重庆市南岸区交通局");
    // The old link still serves version 1, unchanged.
    expect((await docxAt(v1.links.docx)).join("")).not.toContain("全年办理行政复议案件2件");
  });

  it("导出 文件 uploads the .docx into the chat as a file message named after the title, without a new version", async () => {
    const r = await reportInProgress();
    const filesBefore = h.lark.files.size;
    await r.say("导出 文件");
    expect(h.lark.files.size).toBe(filesBefore + 1);
    const fileMsg = h.lark.messages.filter((m) => m.msgType === "file" && m.receiveId === r.chat).at(-1)!;
    expect(fileMsg).toBeTruthy();
    const key = JSON.parse(fileMsg.content).file_key as string;
    const file = h.lark.files.get(key)!;
    expect(file.name).toBe(`${TITLE}.docx`);
    const paras = docxParagraphs(new Uint8Array(file.bytes));
    expect(paras).toContain(PREAMBLE);
    expect(paras.join("")).toContain("我局党组书记、局长认真履行推进法治建设第一责任人职责");
    // The file was version 1: 导出 now offers that same version.
    const links = await r.exportNow();
    expect(links.text).toContain("第 1 版");
    expect(links.text).toContain("内容与上次导出相同");
  });

  it("expired → 410 (the route reads the injected clock)", async () => {
    const { links } = await (await reportInProgress()).exportNow();
    const week = 7 * 24 * 3600_000 + 60_000;
    h.clock.advance(week);
    try {
      const r = await fetch(local(links.docx));
      expect(r.status).toBe(410);
      expect(r.headers.get("cache-control")).toBe("private, no-store");
      const body = await r.json();
      expect(body.error).toBe("expired");
      // A tampered expired link is still 403, not 410.
      // (The first character of the signature is changed, whatever it was: "Z" for "Z" would tamper nothing.)
      const tampered = local(links.docx).replace(/sig=(.)/, (_m, c: string) => `sig=${c === "Z" ? "Y" : "Z"}`);
      expect((await fetch(tampered)).status).toBe(403);
    } finally {
      h.clock.advance(-week);
    }
  });
});

describe("without DOWNLOAD_LINK_SECRET", () => {
  it("the card says links are unavailable and suggests 导出 文件; any /download link is refused", async () => {
    const h2 = await startHarness({ env: { DOWNLOAD_LINK_SECRET: "" } });
    try {
      const c = uid("oc_nosecret_");
      await h2.say({ chatId: c, sender: clerk, text: "新建报告 测试报告" });
      await h2.settle();
      await h2.say({ chatId: c, sender: clerk, text: "导出" });
      await h2.settle();
      const card = h2.lark.messages.filter((m) => m.msgType === "interactive" && /报告已生成/.test(cardText(cardOf(m)))).at(-1)!;
      const text = cardText(cardOf(card));
      expect(text).toContain("暂不能生成下载链接");
      expect(text).toContain("导出 文件");
      expect(text).not.toMatch(/\/download\//);
      const r = await fetch(`${h2.base}/download/rany/1.docx?exp=9999999999&sig=AAAA`);
      expect(r.status).toBe(403);
    } finally {
      await h2.close();
    }
  });
});
