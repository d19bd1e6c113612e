import { describe, expect, it } from "vitest";
import {
  currentContributions,
  history,
  lastContributionBy,
  planUndo,
  sectionText,
} from "../../src/domain/answers.js";
import type { Answer } from "../../src/domain/model.js";

let clock = 0;
function rev(p: Partial<Answer> & { id: string; text?: string }): Answer {
  clock += 1;
  return {
    sectionKey: "measures.disputes",
    authorOpenId: "ou_zhang",
    authorName: "张三",
    text: "",
    createdAt: new Date(Date.UTC(2026, 10, 1, 8, 0, clock)).toISOString(),
    ...p,
  };
}

const A1 = "1.依法开展行政复议和应诉相关工作。行政机关负责人出庭应诉率100%，自觉履行人民法院生效裁判。";
const A2 = "2.多元化解社会矛盾纠纷。2023年，我局共处理信访案件100余件。";
const A2b = "2.多元化解社会矛盾纠纷。2023年，我局共处理信访案件100余件，及时受理和按期办结率达到100%。";
const B1 = "3.依法预防处置重大突发事件。处置“突发事件直报快响”信息209条。";

describe("answers fold", () => {
  const log: Answer[] = [
    rev({ id: "r1", text: A1 }),
    rev({ id: "r2", text: A2, authorOpenId: "ou_li", authorName: "李四" }),
    rev({ id: "x1", text: "其他章节", sectionKey: "plan" }),
    rev({ id: "r3", text: B1 }),
    rev({ id: "r4", text: A2b, replacesId: "r2", authorOpenId: "ou_zhang" }),
    rev({ id: "r5", text: "", replacesId: "r1", removed: true }),
  ];
  const frozen = JSON.stringify(log);

  it("current contributions: order of first creation, replacement in place, removal dropped", () => {
    const cs = currentContributions(log, "measures.disputes");
    expect(cs.map((c) => c.id)).toEqual(["r2", "r3"]);
    expect(cs[0]).toMatchObject({
      id: "r2",
      text: A2b,
      authorOpenId: "ou_li",
      authorName: "李四",
      revisionId: "r4",
      lastEditorOpenId: "ou_zhang",
      revisions: 2,
    });
    expect(sectionText(log, "measures.disputes")).toBe(`${A2b}\n${B1}`);
    expect(sectionText(log, "plan")).toBe("其他章节");
    expect(sectionText(log, "nothing")).toBe("");
    expect(JSON.stringify(log)).toBe(frozen); // input untouched
  });

  it("history lists every revision with what it did", () => {
    const h = history(log, "measures.disputes");
    expect(h.map((e) => [e.revision.id, e.action, e.contributionId])).toEqual([
      ["r1", "added", "r1"],
      ["r2", "added", "r2"],
      ["r3", "added", "r3"],
      ["r4", "replaced", "r2"],
      ["r5", "removed", "r1"],
    ]);
    expect(h[3]!.previousText).toBe(A2);
    expect(h[3]!.text).toBe(A2b);
    expect(h[4]!.previousText).toBe(A1);
    expect(h[4]!.text).toBe("");
  });

  it("a chain of replacements stays one contribution; replacing a removed one restores it in place", () => {
    const chain: Answer[] = [
      rev({ id: "a", text: "第一稿" }),
      rev({ id: "b", text: "另一段" }),
      rev({ id: "a2", text: "第二稿", replacesId: "a" }),
      rev({ id: "a3", text: "第三稿", replacesId: "a2" }),
      rev({ id: "a4", text: "", replacesId: "a3", removed: true }),
      rev({ id: "a5", text: "恢复稿", replacesId: "a4" }),
    ];
    expect(sectionText(chain, "measures.disputes")).toBe("恢复稿\n另一段");
    expect(history(chain, "measures.disputes").map((e) => e.action)).toEqual([
      "added",
      "added",
      "replaced",
      "replaced",
      "removed",
      "restored",
    ]);
  });

  it("orders by time, not by position in the list", () => {
    const later = rev({ id: "late", text: "后写" });
    const earlier = rev({ id: "early", text: "先写", createdAt: "2020-01-01T00:00:00.000Z" });
    expect(currentContributions([later, earlier], "measures.disputes").map((c) => c.id)).toEqual(["early", "late"]);
  });

  it("keeps revisions whose target is unknown, ignores removals of unknown targets", () => {
    const odd = [
      rev({ id: "o1", text: "孤立的替换", replacesId: "missing" }),
      rev({ id: "o2", text: "", replacesId: "missing", removed: true }),
    ];
    expect(sectionText(odd, "measures.disputes")).toBe("孤立的替换");
    expect(history(odd, "measures.disputes")).toHaveLength(1);
  });
});

describe("undo support", () => {
  it("lastContributionBy finds the person's latest live contribution", () => {
    const log: Answer[] = [
      rev({ id: "z1", text: "张三第一段" }),
      rev({ id: "l1", text: "李四一段", authorOpenId: "ou_li" }),
      rev({ id: "z2", text: "张三第二段" }),
    ];
    expect(lastContributionBy(log, "measures.disputes", "ou_zhang")?.id).toBe("z2");
    expect(lastContributionBy(log, "measures.disputes", "ou_li")?.id).toBe("l1");
    expect(lastContributionBy(log, "measures.disputes", "ou_wang")).toBeUndefined();
    // After 张三 removes z2, his last live contribution is z1.
    const after = [...log, rev({ id: "z3", text: "", replacesId: "z2", removed: true })];
    expect(lastContributionBy(after, "measures.disputes", "ou_zhang")?.id).toBe("z1");
    // Someone else edited z1 since: it is no longer 张三's to undo.
    const edited = [...after, rev({ id: "l2", text: "李四改过", replacesId: "z1", authorOpenId: "ou_li" })];
    expect(lastContributionBy(edited, "measures.disputes", "ou_zhang")).toBeUndefined();
    expect(lastContributionBy(edited, "measures.disputes", "ou_li")?.id).toBe("z1");
  });

  it("planUndo removes an addition and reverts a replacement; applying it gives the previous text", () => {
    const log: Answer[] = [rev({ id: "p1", text: "原文" })];
    const undoAdd = planUndo(log, "measures.disputes", "ou_zhang");
    expect(undoAdd).toMatchObject({ kind: "remove", replacesId: "p1" });
    const removed = [...log, rev({ id: "p2", text: "", replacesId: "p1", removed: true })];
    expect(sectionText(removed, "measures.disputes")).toBe("");

    const replaced = [...log, rev({ id: "p3", text: "改后", replacesId: "p1" })];
    const undoReplace = planUndo(replaced, "measures.disputes", "ou_zhang");
    expect(undoReplace).toEqual(expect.objectContaining({ kind: "revert", replacesId: "p3", text: "原文" }));
    if (undoReplace?.kind !== "revert") throw new Error("expected revert");
    const reverted = [...replaced, rev({ id: "p4", text: undoReplace.text, replacesId: undoReplace.replacesId })];
    expect(sectionText(reverted, "measures.disputes")).toBe("原文");
    expect(history(reverted, "measures.disputes")).toHaveLength(3);
    expect(planUndo(replaced, "measures.disputes", "ou_li")).toBeNull();
  });
});
