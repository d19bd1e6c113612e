// A whole report pasted into the group as one message (the fixtures, whole and unshaped): the bot recognises it,
// shows what it found on a card, and on 导入 the report takes the document's own structure. Through the webhook,
// with the fake Open API; the .docx is read back from the download link. Each test makes its own chat and report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sectionText } from "../../src/domain/answers.js";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { lastPrompt } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { fixture } from "../helpers/seeds.js";
import { bodyParagraphs, clickAction, exportedParagraphs, lastOverviewText, replyCard, say } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const owner = "ou_clerk_wang";
const colleague = "ou_section_li";
const NANAN = fixture("nanan-2023-report.txt");
const DRAFT = fixture("district-2022-draft.txt");

const report = (id: string) => h.server.huibao.reports.getReport(id);
const answers = (id: string) => h.server.huibao.reports.answers(id);

/** A new group with a report (template title), and `text` pasted by the colleague as a reply to the first prompt. */
async function pasted(text: string) {
  const chat = uid("oc_imp_");
  await say(h, chat, owner, "新建报告");
  const prompt = lastPrompt(h.lark, chat);
  const messageId = await say(h, chat, colleague, text, { parentId: prompt.message.messageId, atBot: false });
  return { chat, reportId: prompt.reportId, messageId, card: () => replyCard(h, messageId, /识别出/) };
}

/** The same, imported by the owner. */
async function imported(text: string) {
  const p = await pasted(text);
  const answer = await clickAction(h, p.card(), "import", { operator: owner, chatId: p.chat });
  return { ...p, answer };
}

describe("the 2023 南岸区 report pasted whole into the group", () => {
  it("is recognised and shown on a card: title, opening, five parts with their titles, sub-sections, placeholders; the text is kept", async () => {
    const p = await pasted(NANAN);
    const c = p.card();
    expect(c.text).toContain("**识别出**：标题 · 开头 · 五个部分 · 小标题 6 个 · 占位符 0 处");
    expect(c.text).toContain("标题：重庆市南岸区交通局关于2023年法治政府建设情况的报告");
    for (const part of ["一、2023年推进法治政府建设的主要举措和成效", "二、党政主要负责人严格履行法治建设第一责任人职责，推进法治政府建设落实", "三、2023年推进法治政府建设存在的不足", "四、2024年推进法治政府建设的工作思路目标举措", "五、其他需要报告的情况"]) {
      expect(c.text).toContain(part);
    }
    expect(c.text).toContain("导入到：**关于");
    // Pasted as a reply to the opening's prompt: not saved into the opening; kept until someone decides.
    expect(await answers(p.reportId)).toEqual([]);
    const row = await h.server.huibao.reports.db.pendingInput.findUnique({ where: { id: p.messageId } });
    expect(row).toMatchObject({ kind: "import", resolvedAt: null, reportId: p.reportId, authorOpenId: colleague, chatType: "group" });
    expect(row!.text).toBe(NANAN.replace(/^\s+|\s+$/g, ""));
  });

  it("only the report's owner imports; the colleague's click changes nothing", async () => {
    const p = await pasted(NANAN);
    const answer = await clickAction(h, p.card(), "import", { operator: colleague, chatId: p.chat });
    expect(answer.toast.content).toContain("只有报告负责人可以导入");
    expect(await answers(p.reportId)).toEqual([]);
    expect(lastOverviewText(h, p.chat)).toContain("0/6 部分完成");
  });

  it("on 导入 the report takes the document's order, titles and sub-sections; every section attributed to the sender; 100 %", async () => {
    const p = await pasted(NANAN);
    const t0 = performance.now();
    const answer = await clickAction(h, p.card(), "import", { operator: owner, chatId: p.chat });
    console.log(`导入 (11 sections, SQLite): callback answered and settled in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(answer.toast.content).toBe("已导入（11 节）");
    expect(JSON.stringify(answer.card.data)).toContain("已导入报告");
    const r = (await report(p.reportId))!;
    expect(r.title).toBe("重庆市南岸区交通局关于2023年法治政府建设情况的报告");
    expect(r.office).toBe("重庆市南岸区交通局");
    expect(r.year).toBe(2023);
    const outline = resolveOutline(r.template, r.settings);
    expect(outline.filter((s) => s.level === 1).map((s) => s.heading)).toEqual([
      "一、2023年推进法治政府建设的主要举措和成效",
      "二、党政主要负责人严格履行法治建设第一责任人职责，推进法治政府建设落实",
      "三、2023年推进法治政府建设存在的不足",
      "四、2024年推进法治政府建设的工作思路目标举措",
      "五、其他需要报告的情况",
    ]);
    expect(outline.filter((s) => s.level === 2)).toHaveLength(6);
    const all = await answers(p.reportId);
    expect(all).toHaveLength(11);
    expect(new Set(all.map((a) => a.authorOpenId))).toEqual(new Set([colleague]));
    expect(lastOverviewText(h, p.chat)).toContain("6/6 部分完成 · 100%");
  });

  it("the .docx holds every paragraph of the report in order, the title once, each part heading once, nothing else", async () => {
    const p = await imported(NANAN);
    const paras = await exportedParagraphs(h, p.chat, owner);
    const { title, body } = bodyParagraphs(NANAN);
    // Title lines (split at 关于 for the 2号 line length), the body, the signature (office, date).
    const titleLines = paras.slice(0, paras.indexOf(body[0]!));
    expect(titleLines.join("")).toBe(title);
    expect(paras.slice(titleLines.length, titleLines.length + body.length)).toEqual(body);
    const rest = paras.slice(titleLines.length + body.length);
    expect(rest[0]).toBe("重庆市南岸区交通局");
    expect(rest[1]).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(rest).toHaveLength(2);
    expect(paras.join("\n")).not.toContain("【待补充】");
    for (const part of ["一、", "二、", "三、", "四、", "五、"]) expect(paras.filter((x) => x.startsWith(part))).toHaveLength(1);
  });

  it("a second click on the same card imports nothing twice", async () => {
    const p = await imported(NANAN);
    const before = (await answers(p.reportId)).length;
    const answer = await clickAction(h, p.card(), "import", { operator: owner, chatId: p.chat });
    expect(answer.toast.content).toBe("已处理：已导入");
    expect(await answers(p.reportId)).toHaveLength(before);
  });

  it("撤销 by the sender takes the whole import's text back out (one change); 历史 keeps it", async () => {
    const p = await imported(NANAN);
    await say(h, p.chat, colleague, "撤销");
    const after = await answers(p.reportId);
    const r = (await report(p.reportId))!;
    for (const s of resolveOutline(r.template, r.settings)) expect(sectionText(after, s.key)).toBe("");
    expect(after.filter((a) => a.removed)).toHaveLength(11);
    const asked = await say(h, p.chat, owner, "历史 五");
    expect(replyCard(h, asked, /无。/).text).toMatch(/无。/);
  });
});

describe("the 2022 district draft pasted whole", () => {
  it("five parts with the draft's own titles, placeholders counted per part, no title or signature", async () => {
    const c = (await pasted(DRAFT)).card();
    expect(c.text).toContain("**识别出**：开头 · 五个部分 · 小标题 13 个 · 占位符 79 处");
    expect(c.text).toContain("年度：2022");
    expect(c.text).toContain("一、头雁领航，法治政府建设不断推进（3 个小标题，占位符 7 处）");
    expect(c.text).toContain("二、依法行政，法治政府建设不断加强（8 个小标题，占位符 60 处）");
    expect(c.text).toContain("三、推进法治政府建设存在的不足和原因及对策建议");
    expect(c.text).toContain("四、2023年推进法治政府建设的主要安排（2 个小标题，占位符 4 处）");
    expect(c.text).toContain("五、其他需要报告的内容（特色、亮点工作）（占位符 5 处）");
  });

  it("imported: the draft's part order and titles, year 2022 taken; every section written, placeholders flagged where they are", async () => {
    const p = await imported(DRAFT);
    const r = (await report(p.reportId))!;
    expect(r.year).toBe(2022);
    expect(r.title).toBe("关于2022年法治政府建设情况的报告");
    const outline = resolveOutline(r.template, r.settings);
    expect(outline.filter((s) => s.level === 1).map((s) => `${s.key}:${s.heading}`)).toEqual([
      "leader:一、头雁领航，法治政府建设不断推进",
      "measures:二、依法行政，法治政府建设不断加强",
      "shortcomings:三、推进法治政府建设存在的不足和原因及对策建议",
      "plan:四、2023年推进法治政府建设的主要安排",
      "other:五、其他需要报告的内容（特色、亮点工作）",
    ]);
    const all = await answers(p.reportId);
    expect(all.length).toBe(18); // 开头, 一 lead + 3, 二's 8, 三, 四 lead + 2, 五
    // Completeness: nothing empty or short; the sections holding placeholders need attention (a draft is not final).
    const { buildView } = await import("../../src/app/features/overview/report-view.js");
    const v = buildView(r, all, [], h.server.huibao.deps.calendar, "2026-12-01");
    const statuses = v.completeness.sections.map((s) => s.status);
    expect(statuses.filter((s) => s === "empty" || s === "draft")).toEqual([]);
    const flagged = v.completeness.sections.filter((s) => s.placeholders.length > 0);
    expect(flagged.every((s) => s.status === "attention")).toBe(true);
    expect(v.completeness.sections.reduce((n, s) => n + s.placeholders.length, 0)).toBe(79);
    expect(lastOverviewText(h, p.chat)).toContain("占位符");
  });

  it("the .docx holds every paragraph of the draft in order and nothing else (template title with the year, no signature office)", async () => {
    const p = await imported(DRAFT);
    const paras = await exportedParagraphs(h, p.chat, owner);
    const { body } = bodyParagraphs(DRAFT);
    expect(paras[0]).toBe("关于2022年法治政府建设情况的报告");
    expect(paras.slice(1, 1 + body.length)).toEqual(body);
    expect(paras.slice(1 + body.length)).toHaveLength(1); // the date; no office was given
    expect(paras.join("\n")).not.toContain("【待补充】");
  });
});

describe("a group without a report; 取消", () => {
  it("新建报告并导入: the report is created (owned by whoever clicks), titled and shaped by the document", async () => {
    const chat = uid("oc_imp_new_");
    const msg = await say(h, chat, colleague, NANAN);
    const c = replyCard(h, msg, /识别出/);
    expect(c.text).not.toContain("导入到");
    const answer = await clickAction(h, c, "import", { operator: owner, chatId: chat, r: "new" });
    expect(answer.toast.content).toBe("已导入（11 节）");
    const id = (await h.server.huibao.reports.currentReportId(chat))!;
    const r = (await report(id))!;
    expect(r).toMatchObject({ ownerOpenId: owner, title: "重庆市南岸区交通局关于2023年法治政府建设情况的报告", chatId: chat, year: 2023 });
    expect(lastOverviewText(h, chat)).toContain("100%");
    // The card cannot create a second report.
    const again = await say(h, chat, colleague, DRAFT);
    const forged = await h.click({ operator: owner, chatId: chat, value: { v: 1, a: "import", r: "new", p: again } });
    expect(forged.toast.content).toContain("这张卡片已失效");
    expect((await h.server.huibao.reports.reportsInChat(chat)).length).toBe(1);
  });

  it("取消 by the sender: nothing imported, the text stays kept as cancelled", async () => {
    const p = await pasted(DRAFT);
    const answer = await clickAction(h, p.card(), "import_cancel", { operator: colleague, chatId: p.chat });
    expect(answer.toast.content).toBe("已取消导入");
    expect(await answers(p.reportId)).toEqual([]);
    const row = await h.server.huibao.reports.db.pendingInput.findUnique({ where: { id: p.messageId } });
    expect(row).toMatchObject({ outcome: "已取消导入", text: DRAFT.replace(/^\s+|\s+$/g, "") });
    expect(row!.resolvedAt).not.toBeNull();
    const late = await clickAction(h, p.card(), "import", { operator: owner, chatId: p.chat });
    expect(late.toast.content).toBe("已处理：已取消导入");
    expect(await answers(p.reportId)).toEqual([]);
  });
});

describe("a whole report sent as the answer to one section", () => {
  it("the card also offers to save it there as it is; 不导入 saves the whole text into that section only", async () => {
    const chat = uid("oc_imp_keep_");
    await say(h, chat, owner, "新建报告");
    await say(h, chat, owner, "跳到 二");
    const p = lastPrompt(h.lark, chat);
    expect(p.key).toBe("shortcomings");
    const msg = await say(h, chat, colleague, DRAFT, { parentId: p.message.messageId, atBot: false });
    const c = replyCard(h, msg, /识别出/);
    expect(c.text).toContain("不导入，保存到「二、存在的不足和原因」");
    const answer = await clickAction(h, c, "keep_text", { operator: colleague, chatId: chat });
    expect(answer.toast.content).toBe("已保留在 二、存在的不足和原因");
    const all = await answers(p.reportId);
    expect(all.map((a) => [a.sectionKey, a.authorOpenId])).toEqual([["shortcomings", colleague]]);
    expect(all[0]!.text).toMatch(/^根据中共中央/);
    const r = (await report(p.reportId))!;
    expect(r.settings.partOrder).toEqual(["measures", "shortcomings", "leader", "plan", "other"]); // outline untouched
  });
});

describe("forged or stray clicks change nothing", () => {
  it("取消 by someone who owns another report; an import into another report; a move of an import", async () => {
    const p = await pasted(DRAFT);
    // "ou_other_owner" owns a report elsewhere and names it on forged values.
    const elsewhere = uid("oc_elsewhere_");
    await say(h, elsewhere, "ou_other_owner", "新建报告 另一个群的报告");
    const otherReport = lastPrompt(h.lark, elsewhere).reportId;
    const cancel = await h.click({ operator: "ou_other_owner", chatId: p.chat, value: { v: 1, a: "import_cancel", r: otherReport, p: p.messageId } });
    expect(cancel.toast.content).toContain("只有发送人或报告负责人可以取消");
    const into = await h.click({ operator: "ou_other_owner", chatId: p.chat, value: { v: 1, a: "import", r: otherReport, p: p.messageId } });
    expect(into.toast.content).toContain("这张卡片已失效");
    const move = await h.click({ operator: colleague, chatId: p.chat, value: { v: 1, a: "move_text", r: p.reportId, p: p.messageId } });
    expect(move.toast.content).toContain("这张卡片已失效");
    await h.settle();
    expect(await answers(p.reportId)).toEqual([]);
    expect(await answers(otherReport)).toEqual([]);
    expect(await h.server.huibao.reports.db.pendingInput.findUnique({ where: { id: p.messageId } })).toMatchObject({ resolvedAt: null });
  });
});
