// Issue 4, must-show 1, through the app with the BUILT-IN template: the 2022 district draft fed in part by part
// (answers via the webhook) is flagged section by section for its placeholder figures; the finished 2023 南岸
// report reads 100 %, both in the computed view and on the live overview card in the chat.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadView } from "../../src/app/features/overview/overview.js";
import type { ReportView } from "../../src/app/features/overview/report-view.js";
import { cardOf, cardText, overviews } from "../helpers/bot.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { fixture } from "../helpers/seeds.js";
import { answerAll, createNanan, say, type Walker } from "../export/walk-2023.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function view(reportId: string): Promise<ReportView> {
  const deps = h.server.huibao.deps;
  const report = (await deps.store.getReport(reportId))!;
  return loadView(deps, report, "2026-11-23");
}

const describeView = (v: ReportView) =>
  v.outline.map((s) => {
    const c = v.byKey.get(s.key)!;
    return { label: s.label, status: c.status, reasons: c.reasons.filter((r) => r.severity !== "hint").map((r) => r.message) };
  });

/** The 2022 draft cut like its author wrote it: run-in sub-headings "（一）强化组织领导。正文…". */
interface DraftPiece {
  label: string;
  title: string | null;
  text: string;
}
function draftPieces(): DraftPiece[] {
  const lines = fixture("district-2022-draft.txt").split(/\r?\n/).filter((l) => l.trim() !== "");
  const out: DraftPiece[] = [{ label: "开头", title: null, text: "" }];
  const numerals = "一二三四五六七八九十";
  let part = 0;
  let sub = 0;
  for (const line of lines) {
    const p = /^([一二三四五六七八九十]+)、(.*)$/.exec(line);
    const s = /^（([一二三四五六七八九十]+)）([^。]*)。(.*)$/.exec(line);
    if (p) {
      part++;
      sub = 0;
      out.push({ label: numerals[part - 1]!, title: p[2]!.trim(), text: "" });
    } else if (s) {
      sub++;
      out.push({ label: `${numerals[part - 1]}（${numerals[sub - 1]}）`, title: s[2]!.trim(), text: s[3]!.trim() });
    } else {
      const last = out[out.length - 1]!;
      last.text = last.text ? `${last.text}\n${line}` : line;
    }
  }
  return out;
}

describe("completeness through the app, built-in template", () => {
  it("the 2022 draft, fed in part by part, is flagged for its placeholder figures section by section", async () => {
    const w: Walker = { h, chat: uid("oc_draft2022_"), sender: "ou_clerk_sun" };
    const pieces = draftPieces();
    await say(w, "新建报告 XX区交通运输局2022年法治政府建设情况报告");
    await say(w, "顺序 第一责任人在前");
    // Shape the outline like the draft: 一 has three sub-sections, 二 eight, 四 two.
    for (const piece of pieces) {
      if (!piece.title) continue;
      const parent = piece.label.replace(/（.*$/, "");
      const isSub = piece.label !== parent;
      if (isSub && (parent === "一" || parent === "四")) await say(w, `增加 ${parent} ${piece.title}`);
      else await say(w, `标题 ${piece.label} ${piece.title}`);
    }
    const reportId = (await h.server.huibao.reports.currentReportId(w.chat))!;
    const before = await view(reportId);
    expect(before.outline.map((s) => s.label)).toEqual(pieces.map((p) => p.label));

    // Answer part by part, checking after each that exactly the parts with placeholders so far are flagged.
    const flagged: string[] = [];
    for (const piece of pieces) {
      if (!piece.text) continue;
      const section = before.outline.find((s) => s.label === piece.label)!;
      await answerAll(w, before.outline, (key) => (key === section.key ? piece.text : ""));
      const v = await view(reportId);
      const c = v.byKey.get(section.key)!;
      const ph = c.reasons.find((r) => r.code === "placeholders");
      if (/\*|XX|××/.test(piece.text)) {
        expect(ph, `${piece.label} should be flagged`).toBeTruthy();
        expect(c.status).toBe("attention");
        flagged.push(piece.label);
      } else {
        expect(ph, `${piece.label} has no placeholders`).toBeUndefined();
      }
      const now = v.outline.filter((s) => v.byKey.get(s.key)!.reasons.some((r) => r.code === "placeholders")).map((s) => s.label);
      expect(now).toEqual(flagged);
    }
    expect(flagged).toEqual(["开头", "一（一）", "一（三）", "二（一）", "二（二）", "二（三）", "二（四）", "二（五）", "二（六）", "二（七）", "二（八）", "四（二）", "五"]);
    const v = await view(reportId);
    const c13 = v.byKey.get(v.outline.find((s) => s.label === "一（三）")!.key)!;
    expect(c13.reasons.find((r) => r.code === "placeholders")).toMatchObject({ placeholders: ["***件", "****件"], count: 3 });
    expect(v.completeness.percent).toBeLessThan(50);
    expect(v.completeness.ready).toBe(false);
    // The live overview card in the chat says so too.
    const card = cardText(cardOf(overviews(h.lark, w.chat)[0]!));
    expect(card.replace(/&#42;/g, "*")).toContain("有 3 处待填写的占位符：***件、****件");
  }, 120_000);

  it("the finished 2023 南岸 report reads 100 %", async () => {
    const w: Walker = { h, chat: uid("oc_nanan2023_"), sender: "ou_clerk_zhao" };
    const { reportId, outline, blocks } = await createNanan(w);
    await answerAll(w, outline, (key) => blocks[outline.findIndex((s) => s.key === key)]!.text);
    const v = await view(reportId);
    expect(describeView(v).filter((s) => s.status !== "complete" || s.reasons.length > 0)).toEqual([]);
    expect(v.completeness.percent).toBe(100);
    expect(v.completeness.ready).toBe(true);
    expect(v.completeness.warnings).toEqual([]);
    const card = cardText(cardOf(overviews(h.lark, w.chat)[0]!));
    expect(card).toMatch(/6\/6 部分完成 · 100%/);
  }, 120_000);
});
