// Ownership follows the outline, through the webhook and the fake Open API: `分配 一 @张三` on a part with
// sub-sections makes 张三 the owner of every sub-section of 一 without an owner of its own — he is @-mentioned in
// the group reminder for each of them, his private reminder lists them, his private walk goes through them, and the
// overview shows him on them. `分配 一（二） @李四` overrides for that sub-section only. Once 张三 pastes part 一
// whole with its own （一）…（六）, the part is complete and nobody is reminded about its unwritten suggestions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { once } from "../helpers/fixtures.js";
import { loadView } from "../../src/app/features/overview/overview.js";
import { resolveOutline } from "../../src/domain/outline/resolve.js";
import { cardOf, cardText, lastPrompt, overviews, prompts, textOf } from "../helpers/bot.js";
import type { FakeMessage } from "../helpers/fake-lark.js";
import { startHarness, type Harness } from "../helpers/harness.js";
import { uid } from "../helpers/lark-payloads.js";
import { fixture, seedParts } from "../helpers/seeds.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.clock.runFrom("2026-11-02T10:00:00+08:00");
});
afterAll(async () => h?.close());

const clerk = "ou_clerk_part";
const zhang = "ou_zhang_part";
const li = "ou_li_part";
const chat = uid("oc_partowner_");
const p2p = uid("oc_p2p_zhang_");
let reportId = "";


async function say(text: string, o: { sender?: string; mentions?: [string, string][]; chatType?: "group" | "p2p"; chatId?: string; parentId?: string; atBot?: boolean } = {}) {
  const r = await h.say({ chatId: o.chatId ?? chat, sender: o.sender ?? clerk, text, mentions: o.mentions, chatType: o.chatType, parentId: o.parentId, atBot: o.atBot });
  expect(r.status).toBe(200);
  await h.settle();
}

async function pass(iso: string) {
  h.clock.runFrom(iso);
  const before = h.lark.messages.length;
  const result = await h.server.huibao.runReminders(new Date(iso));
  await h.settle();
  const sent = h.lark.messages.slice(before);
  return { result, group: sent.filter((m) => m.receiveId === chat), to: (id: string) => sent.filter((m) => m.receiveId === id) };
}

const mentionsIn = (m: FakeMessage) => new Set([...m.current.matchAll(/<at id=([^>]+)><\/at>/g)].map((x) => x[1]));

/** The sub-sections of part 一 in the report's outline: label and title. */
async function measuresSubs() {
  const report = (await h.server.huibao.reports.getReport(reportId))!;
  return resolveOutline(report.template, report.settings).filter((s) => s.parentKey === "measures");
}

/** The report every test reads: a deadline, 一 assigned to 张三, 一（二） to 李四 — built once, by whichever test runs first. */
const setUp = once(async () => {
  await say("新建报告 南岸区交通局关于2026年法治政府建设情况的报告");
  reportId = lastPrompt(h.lark, chat).reportId;
  await say("截止 2026-11-20");
  await say("分配 一 @张三", { mentions: [[zhang, "张三"]] });
  const notice = h.lark.messages.filter((m) => m.receiveId === undefined && /已分配/.test(textOf(m))).at(-1)!;
  await say("分配 一（二） @李四", { mentions: [[li, "李四"]] });
  return { notice };
});

describe("分配 一 @张三 on a part with sub-sections", () => {
  it("sets up: a report with a deadline, 一 assigned to 张三, 一（二） to 李四", async () => {
    const { notice } = await setUp();
    expect(textOf(notice)).toContain("含其下没有单独分配负责人的小标题");
    expect((await measuresSubs()).map((s) => s.label)).toEqual(["一（一）", "一（二）", "一（三）", "一（四）", "一（五）", "一（六）", "一（七）", "一（八）"]);
  });

  it("the overview shows 张三 on every sub-section of 一 without its own owner, 李四 on 一（二）", async () => {
    await setUp();
    const card = cardOf(overviews(h.lark, chat).at(-1)!);
    const text = cardText(card);
    const subs = await measuresSubs();
    for (const s of subs) {
      const line = text.split("\n").find((l) => l.includes(s.heading.replace(/“|”/g, "")) || l.includes(s.heading))!;
      expect(line, s.label).toBeTruthy();
      expect(line, s.label).toContain(s.key === "measures.business" ? li : zhang);
    }
    const deps = h.server.huibao.deps;
    const view = await loadView(deps, (await deps.store.getReport(reportId))!, "2026-11-02");
    expect(view.byKey.get("measures.study")).toMatchObject({ ownerOpenIds: [zhang], ownersInherited: true });
    expect(view.byKey.get("measures.business")).toMatchObject({ ownerOpenIds: [li], ownersInherited: false });
  });

  it("reminders @-mention 张三 for every unwritten sub-section of 一; his private reminder lists exactly those", async () => {
    await setUp();
    const p = await pass("2026-11-17T09:30:00+08:00"); // 3 working days before the deadline
    expect(p.group).toHaveLength(1);
    const group = p.group[0]!;
    expect(mentionsIn(group)).toEqual(new Set([zhang, li]));
    const subs = await measuresSubs();
    const mine = subs.filter((s) => s.key !== "measures.business").map((s) => s.label);
    // The group reminder is about 张三 for each of his seven sub-sections, and @-mentions him (the card lists
    // the first four of a person's and counts the rest).
    const outcome = p.result.reminders.find((r) => r.kind === "before_deadline" && r.to === chat)!;
    expect(outcome.mentions).toEqual(expect.arrayContaining([zhang, li]));
    expect(outcome.owes.find((o) => o.openId === zhang)!.sections).toEqual(mine);
    expect(outcome.owes.find((o) => o.openId === li)!.sections).toEqual(["一（二）"]);
    // The part itself is not listed: its sub-sections are what is owed.
    expect(outcome.owes.flatMap((o) => o.sections)).not.toContain("一");
    expect(textOf(group)).toMatch(/等 7 项/);
    // 张三's own reminder lists every one of them, and not 李四's.
    const nudge = textOf(p.to(zhang)[0]!);
    for (const label of mine) expect(nudge, label).toContain(label);
    expect(nudge).not.toContain("一（二）");
    expect(textOf(p.to(li)[0]!)).toContain("一（二）");
    // None of 一's sub-sections is unowned.
    expect(outcome.owes.find((o) => o.openId === null)?.sections ?? []).not.toContain("一（一）");
    const unowned = textOf(p.to(clerk).find((m) => /待分配负责人/.test(textOf(m)))!);
    for (const s of subs) expect(unowned).not.toContain(`${s.label}${s.title}`);
  });

  it("张三's private walk goes through part 一, then its sub-sections that are his, skipping 李四's", async () => {
    await setUp();
    await say("继续", { sender: zhang, chatType: "p2p", chatId: p2p });
    const walked = [prompts(h.lark, p2p).at(-1)!.key];
    for (let i = 0; i < 8; i++) {
      await say("跳过", { sender: zhang, chatType: "p2p", chatId: p2p });
      const key = prompts(h.lark, p2p).at(-1)!.key;
      if (walked.includes(key)) break; // round again
      walked.push(key);
    }
    const subs = await measuresSubs();
    expect(walked).toEqual(["measures", ...subs.filter((s) => s.key !== "measures.business").map((s) => s.key)]);
  });

  it("once 张三 pastes part 一 whole, with its own sub-headings, nobody is reminded about its unwritten suggestions", async () => {
    await setUp();
    const part = seedParts(fixture("nanan-2023-report.txt"), 2).parts[0]!.text;
    // 张三 replies to the prompt for 一 his walk gave him (继续 in his private chat starts at 一), with the part as
    // the 2023 南岸 report has it.
    if (!prompts(h.lark, p2p).some((x) => x.key === "measures")) await say("继续", { sender: zhang, chatType: "p2p", chatId: p2p });
    const prompt = prompts(h.lark, p2p).find((x) => x.key === "measures")!;
    await say(part, { sender: zhang, chatType: "p2p", chatId: p2p, parentId: prompt.message.messageId, atBot: false });
    const deps = h.server.huibao.deps;
    const view = await loadView(deps, (await deps.store.getReport(reportId))!, "2026-11-19");
    expect(view.byKey.get("measures")).toMatchObject({ status: "complete", ownSubheadings: true });
    const p = await pass("2026-11-19T09:30:00+08:00"); // 1 working day before
    expect(p.to(zhang)).toEqual([]);
    expect(p.to(li)).toEqual([]);
    expect(mentionsIn(p.group[0]!)).toEqual(new Set());
    expect(textOf(p.group[0]!)).not.toContain("一（");
  });
});
