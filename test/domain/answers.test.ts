import { describe, expect, it } from "vitest";
import {
  currentContributions,
  history,
  planReplaceSection,
  planRestore,
  planUndo,
  restoreChangeId,
  sectionText,
  sectionVersion,
  sectionVersions,
  undoChangeId,
  type PlannedRevision,
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

/** Appends planned revisions as the app does: one change id, the author, the next ids. */
function apply(log: Answer[], planned: PlannedRevision[], author: string, changeId: string): Answer[] {
  return [...log, ...planned.map((p, i) => rev({ id: `${changeId}/${i}`, sectionKey: p.sectionKey, text: p.text, replacesId: p.replacesId, removed: p.removed, authorOpenId: author, changeId }))];
}

describe("undo: one change further back each time, never someone else's", () => {
  const S = "measures.disputes";

  it("undoes an addition, then says there is nothing left", () => {
    let log: Answer[] = [rev({ id: "p1", text: "原文", changeId: "m1" })];
    const first = planUndo(log, "ou_zhang");
    if (first.kind !== "undo") throw new Error(first.kind);
    expect(first.what).toBe("added");
    log = apply(log, first.revisions, "ou_zhang", undoChangeId("m1"));
    expect(sectionText(log, S)).toBe("");
    expect(planUndo(log, "ou_zhang")).toEqual({ kind: "nothing" });
    expect(planUndo(log, "ou_li")).toEqual({ kind: "nothing" });
  });

  it("undoes a replacement back to the previous text, then the addition before it (no redo ping-pong)", () => {
    let log: Answer[] = [rev({ id: "p1", text: "原文", changeId: "m1" }), rev({ id: "p2", text: "改后", replacesId: "p1", changeId: "m2" })];
    const u1 = planUndo(log, "ou_zhang");
    if (u1.kind !== "undo") throw new Error(u1.kind);
    expect(u1.what).toBe("replaced");
    log = apply(log, u1.revisions, "ou_zhang", undoChangeId(u1.change.id));
    expect(sectionText(log, S)).toBe("原文");
    const u2 = planUndo(log, "ou_zhang");
    if (u2.kind !== "undo") throw new Error(u2.kind);
    expect(u2.change.id).toBe("m1");
    log = apply(log, u2.revisions, "ou_zhang", undoChangeId(u2.change.id));
    expect(sectionText(log, S)).toBe("");
    expect(planUndo(log, "ou_zhang").kind).toBe("nothing");
  });

  it("refuses, naming who, when someone else changed the person's latest change since", () => {
    const log: Answer[] = [rev({ id: "z1", text: "张三写的", changeId: "m1" }), rev({ id: "l1", text: "李四改过", replacesId: "z1", authorOpenId: "ou_li", changeId: "m2" })];
    expect(planUndo(log, "ou_zhang")).toMatchObject({ kind: "changed", sectionKey: S, by: "ou_li" });
    // 李四 can undo his own replacement.
    const li = planUndo(log, "ou_li");
    if (li.kind !== "undo") throw new Error(li.kind);
    expect(sectionText(apply(log, li.revisions, "ou_li", undoChangeId("m2")), S)).toBe("张三写的");
  });

  it("a whole-section replacement is one change: undone in one go", () => {
    let log: Answer[] = [rev({ id: "a", text: "甲段", changeId: "m1" }), rev({ id: "b", text: "乙段", authorOpenId: "ou_li", changeId: "m2" })];
    log = apply(log, planReplaceSection(log, S, "合并后的一段"), "ou_wang", "m3");
    expect(sectionText(log, S)).toBe("合并后的一段");
    const u = planUndo(log, "ou_wang");
    if (u.kind !== "undo") throw new Error(u.kind);
    log = apply(log, u.revisions, "ou_wang", undoChangeId("m3"));
    expect(sectionText(log, S)).toBe("甲段\n乙段");
  });

  it("legacy removals (stored before change ids) count as undos of their target", () => {
    const log: Answer[] = [rev({ id: "p1", text: "原文" }), rev({ id: "p2", text: "", replacesId: "p1", removed: true })];
    expect(planUndo(log, "ou_zhang").kind).toBe("nothing");
  });
});

describe("versions and restore", () => {
  const S = "measures.disputes";

  it("numbers every revision with the section's text after it; restoring a version is a new revision", () => {
    let log: Answer[] = [rev({ id: "p1", text: "第一稿", changeId: "m1" })];
    const u = planUndo(log, "ou_zhang");
    if (u.kind !== "undo") throw new Error(u.kind);
    log = apply(log, u.revisions, "ou_zhang", undoChangeId("m1"));
    const r = planRestore(log, S, 1);
    if (!r.ok) throw new Error(r.reason);
    log = apply(log, r.revisions, "ou_zhang", restoreChangeId(1, "m9"));
    expect(sectionText(log, S)).toBe("第一稿");
    const versions = sectionVersions(log, S);
    expect(versions.map((v) => [v.n, v.action, v.sectionText, v.restoredFrom])).toEqual([
      [1, "added", "第一稿", null],
      [2, "removed", "", null],
      [3, "restored", "第一稿", 1],
    ]);
    // The restore can itself be undone.
    const again = planUndo(log, "ou_zhang");
    expect(again).toMatchObject({ kind: "undo", what: "restored" });
  });

  it("refuses versions that do not exist, are empty or are already current", () => {
    const log: Answer[] = [rev({ id: "p1", text: "第一稿", changeId: "m1" }), rev({ id: "p2", text: "", replacesId: "p1", removed: true, changeId: undoChangeId("m1") })];
    expect(planRestore(log, S, 3)).toMatchObject({ ok: false, reason: "no_such_version", versions: 2 });
    expect(planRestore(log, S, 2)).toMatchObject({ ok: false, reason: "empty_version" });
    expect(planRestore([log[0]!], S, 1)).toMatchObject({ ok: false, reason: "already_current" });
  });

  it("sectionVersion moves only with the section's own revisions", () => {
    const log: Answer[] = [rev({ id: "a", text: "甲" }), rev({ id: "b", text: "乙", sectionKey: "plan" })];
    expect(sectionVersion(log, S)).toBe(1);
    expect(sectionVersion([...log, rev({ id: "c", text: "丙", sectionKey: "plan" })], S)).toBe(1);
    expect(sectionVersion([...log, rev({ id: "d", text: "丁" })], S)).toBe(2);
  });
});
