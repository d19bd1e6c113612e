// A report sent as a file in the private chat with the bot: read through the message resource API (fake Open API),
// offered for import into one of the sender's reports, imported with the same result as pasting it; reports with
// text ask replace or fill-empty and keep the earlier revisions; files that cannot be imported get a clear answer
// and change nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sectionText } from "../../src/domain/answers.js";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { cardOf, cardText, lastPrompt } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { fixture } from "../helpers/seeds.js";
import { bodyParagraphs, clickAction, exportedParagraphs, lastOverviewText, replyCard, say, sendFile } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const docx = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, "..", "fixtures", name)));
const db = () => h.server.huibao.reports.db;

/** Everything an import could change. */
async function state() {
  return {
    answers: await db().answer.count(),
    reports: JSON.stringify(await db().report.findMany({ orderBy: { id: "asc" }, select: { id: true, settingsJson: true, title: true, year: true, office: true } })),
    pending: await db().pendingInput.count(),
  };
}

/** An owner (new for each test) with two reports in two groups, and their private chat with the bot. */
async function ownerWithTwoReports() {
  const owner = uid("ou_clerk_");
  const dm = `oc_p2p_${owner}`;
  const groupA = uid("oc_file_a_");
  const groupB = uid("oc_file_b_");
  await say(h, groupA, owner, "新建报告 关于2023年法治政府建设情况的报告");
  const a = lastPrompt(h.lark, groupA).reportId;
  await say(h, groupB, owner, "新建报告 另一份报告");
  const b = lastPrompt(h.lark, groupB).reportId;
  return { owner, dm, groupA, groupB, a, b };
}

/** The card answering a file, and a click on it that replaces it in place (the next card is the click's answer). */
function cardAfter(msg: string, answer: any) {
  return { message: h.lark.repliesTo(msg).find((m) => m.msgType === "interactive")!, card: answer.card.data };
}

describe("a .docx sent in the private chat", () => {
  it("is read and offered for import into the sender's own reports, one button each", async () => {
    const o = await ownerWithTwoReports();
    // A report someone else owns is not offered.
    await say(h, uid("oc_other_"), "ou_someone_else", "新建报告 别人的报告");
    const fileMsg = await sendFile(h, o.dm, o.owner, "南岸区交通局2023年法治政府建设情况报告.docx", docx("nanan-2023-report.docx"));
    const c = replyCard(h, fileMsg, /识别出/);
    expect(c.text).toContain("**识别出**：标题 · 开头 · 五个部分 · 小标题 6 个 · 占位符 0 处");
    expect(c.card.header.subtitle.content).toBe("南岸区交通局2023年法治政府建设情况报告.docx");
    const targets = c.card.body.elements.flatMap((e: any) => e.columns ?? []).flatMap((col: any) => col.elements).map((btn: any) => btn.text.content);
    expect(targets).toEqual(["导入到《关于2023年法治政府建设情况的报告》", "导入到《另一份报告》", "取消"]);
    // The fake Open API served the file to the bot.
    expect(h.lark.calls.some((x) => x.method === "GET" && x.path.startsWith(`/open-apis/im/v1/messages/${fileMsg}/resources/`))).toBe(true);
  });

  it("imported into the chosen report: the same outline and .docx as pasting the text; the group is told", async () => {
    const o = await ownerWithTwoReports();
    const fileMsg = await sendFile(h, o.dm, o.owner, "report.docx", docx("nanan-2023-report.docx"));
    const answer = await clickAction(h, replyCard(h, fileMsg, /识别出/), "import", { operator: o.owner, chatId: o.dm, r: o.a });
    expect(answer.toast.content).toBe("已导入（11 节）");
    const r = (await h.server.huibao.reports.getReport(o.a))!;
    // The report's title was the template's own for 2023 (新建报告 takes the year from it), so the document's full
    // title is taken; 发文机关 was not set, so it is taken too.
    expect(r.title).toBe("重庆市南岸区交通局关于2023年法治政府建设情况的报告");
    expect(r.office).toBe("重庆市南岸区交通局");
    expect(resolveOutline(r.template, r.settings).filter((s) => s.level > 0).map((s) => s.heading)).toHaveLength(11);
    expect(lastOverviewText(h, o.groupA)).toContain("6/6 部分完成 · 100%");
    expect(h.lark.sentTo(o.groupA).some((m) => m.msgType === "text" && /已由负责人导入一份完整报告（11 节）/.test(JSON.parse(m.content).text))).toBe(true);
    const paras = await exportedParagraphs(h, o.groupA, o.owner);
    const { body } = bodyParagraphs(fixture("nanan-2023-report.txt"));
    expect(paras.slice(paras.indexOf(body[0]!), paras.indexOf(body[0]!) + body.length)).toEqual(body);
    // The title (in as many lines as it takes), the body, office and date: nothing else.
    const titleLines = paras.slice(0, paras.indexOf(body[0]!));
    expect(titleLines.join("")).toBe(r.title);
    expect(paras).toHaveLength(titleLines.length + body.length + 2);
    // The other report is untouched.
    expect(await h.server.huibao.reports.answers(o.b)).toEqual([]);
  });

  it("the draft .docx into a report with text: replace or fill-empty is asked; fill keeps written sections", async () => {
    const o = await ownerWithTwoReports();
    await say(h, o.groupB, o.owner, "我局2022年度法治政府建设工作情况报告如下：（原有开头）", { parentId: lastPrompt(h.lark, o.groupB).message.messageId, atBot: false });
    const msg = await sendFile(h, o.dm, o.owner, "draft.docx", docx("district-2022-draft.docx"));
    const first = await clickAction(h, replyCard(h, msg, /识别出/), "import", { operator: o.owner, chatId: o.dm, r: o.b });
    expect(first.toast.content).toContain("报告中已有内容");
    expect(cardText(first.card.data)).toContain("已有 1 节填写了内容");
    const filled = await clickAction(h, cardAfter(msg, first), "import_fill", { operator: o.owner, chatId: o.dm });
    expect(filled.toast.content).toBe("已导入（17 节）");
    const answers = await h.server.huibao.reports.answers(o.b);
    expect(sectionText(answers, "preamble")).toBe("我局2022年度法治政府建设工作情况报告如下：（原有开头）");
    expect(sectionText(answers, "shortcomings")).toMatch(/^一是综合行政执法能力还有待于提高/);
  });

  it("replace: the document's opening replaces the old one, which stays in the history", async () => {
    const o = await ownerWithTwoReports();
    await say(h, o.groupB, o.owner, "我局2022年度法治政府建设工作情况报告如下：（原有开头）", { parentId: lastPrompt(h.lark, o.groupB).message.messageId, atBot: false });
    const msg = await sendFile(h, o.dm, o.owner, "draft.docx", docx("district-2022-draft.docx"));
    const first = await clickAction(h, replyCard(h, msg, /识别出/), "import", { operator: o.owner, chatId: o.dm, r: o.b });
    const replaced = await clickAction(h, cardAfter(msg, first), "import_replace", { operator: o.owner, chatId: o.dm });
    expect(replaced.toast.content).toBe("已导入（18 节）");
    const answers = await h.server.huibao.reports.answers(o.b);
    expect(sectionText(answers, "preamble")).toMatch(/^根据中共中央、国务院《法治政府建设实施纲要/);
    const old = answers.find((x) => x.sectionKey === "preamble" && x.text.includes("（原有开头）"))!;
    // Replaced by a revision (the old text is that revision's previous text in 历史), attributed to the sender.
    expect(answers.some((x) => x.sectionKey === "preamble" && !x.removed && x.replacesId === old.id && x.authorOpenId === o.owner && /^根据中共中央/.test(x.text))).toBe(true);
    const asked = await say(h, o.groupB, o.owner, "历史 开头");
    expect(replyCard(h, asked, /原有开头/).text).toContain("（原有开头）");
  });
});

describe("files that cannot be imported: a clear answer, nothing changed", () => {
  const sender = "ou_file_sender";
  const chat = `oc_p2p_${sender}`;

  it("a file over 5 MB", async () => {
    const before = await state();
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    const msg = await sendFile(h, chat, sender, "大报告.docx", big);
    const reply = replyCard(h, msg, /文件过大/);
    expect(reply.text).toContain("文件过大（5.0 MB），最多 5 MB。");
    expect(await state()).toEqual(before);
  });

  it("a .docx that is not a zip; an old .doc; a text file that is not a report", async () => {
    const before = await state();
    const notZip = await sendFile(h, chat, sender, "报告.docx", strToU8("这其实是一个文本文件"));
    expect(replyCard(h, notZip, /不是有效的 \.docx/).text).toContain("文件不是有效的 .docx（无法解压）。");
    const doc = await sendFile(h, chat, sender, "报告.doc", strToU8("x"));
    expect(replyCard(h, doc, /\.doc/).text).toContain("另存为 .docx");
    const txt = await sendFile(h, chat, sender, "note.txt", strToU8("今天的会议纪要。\n大家讨论了很多事情。"));
    expect(replyCard(h, txt, /没有在文件中识别出报告的结构/).text).toBeTruthy();
    expect(await state()).toEqual(before);
  });

  it("a .txt in GB18030 and a .md are read too", async () => {
    const gbk = new Uint8Array([0xb1, 0xa8, 0xb8, 0xe6]); // "报告" in GBK
    const { decodeText, markdownText } = await import("../../src/app/features/imports/files.js");
    expect(decodeText(gbk)).toBe("报告");
    expect(decodeText(strToU8("\ufeff报告"))).toBe("报告");
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0xa5, 0x62, 0x4a, 0x54]))).toBe("报告"); // UTF-16LE with BOM
    expect(decodeText(new Uint8Array([0xff, 0xff, 0xff]))).toBeNull();
    expect(markdownText("# 标题\n## 一、主要举措\n**1\\.学习。**正文\\*\\*区")).toBe("标题\n一、主要举措\n1.学习。正文**区");
    const md = await sendFile(h, chat, sender, "draft.md", strToU8(fixture("district-2022-draft.txt").split("\n").map((l) => (/^[一二三四五]、/.test(l) ? `## ${l}` : l)).join("\n")));
    expect(replyCard(h, md, /识别出/).text).toContain("五个部分");
  });
});
