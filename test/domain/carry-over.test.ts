import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { carriedContributions, isArchive, lastYearKeys, pickPrevious, planItems, planItemMentioned, titleForYear } from "../../src/domain/carry-over.js";
import { addSubsection, cloneSettings, setTitle } from "../../src/domain/outline/settings.js";
import { defaultSettings, resolveOutline } from "../../src/domain/outline/resolve.js";
import { recognizeStructure } from "../../src/domain/structure/recognize.js";
import { fazhiAnnualTemplate as T } from "../../src/domain/templates/fazhi-annual.js";
import { contextReasons } from "../../src/domain/year-context.js";
import type { Answer } from "../../src/domain/model.js";

const nanan = recognizeStructure(readFileSync(join(import.meta.dirname, "..", "fixtures", "nanan-2023-report.txt"), "utf8"));

describe("planItems: last year's plan part", () => {
  it("一是……二是……: one item per ordinal, labelled by its first clause", () => {
    const items = planItems(nanan.parts[3]!.body);
    expect(items.map((i) => i.label)).toEqual(["进一步加强法治政府建设工作的组织和领导", "加大投入", "进一步做好法治宣传和政策指导", "加强对交通法治信息的收集和报送工作"]);
    // A short label takes the terms of its whole sentence.
    expect(items[1]!.terms).toContain("人力");
  });
  it("numbered sub-headings, else sentences", () => {
    expect(planItems("（一）进一步提高政治站位。坚持……\n（二）深化执法改革。推进……").map((i) => i.label)).toEqual(["进一步提高政治站位", "深化执法改革"]);
    expect(planItems("明年我们将：持续推进简政放权。加强执法队伍建设。").map((i) => i.label)).toEqual(["持续推进简政放权", "加强执法队伍建设"]);
    expect(planItems("")).toEqual([]);
  });
  it("mentioned by this year's text", () => {
    const [first, , third] = planItems(nanan.parts[3]!.body);
    expect(planItemMentioned(third!, "全年开展法治宣传进社区活动12场，加强政策指导。")).toBe(true);
    expect(planItemMentioned(third!, "完成整改3681起。")).toBe(false);
    expect(first!.terms.length).toBeGreaterThan(0);
  });
});

describe("structure and sections across years", () => {
  it("cloneSettings shares nothing and keeps parts the report added; lastYearKeys by key, else by title at the same place", () => {
    let s = defaultSettings(T);
    s = (addSubsection(T, s, "measures", "深化成渝执法协同", "measures.cabc") as { settings: typeof s }).settings;
    const withPart = { ...s, addedParts: [{ key: "extra.features", title: "特色亮点" }] };
    const copy = cloneSettings(withPart);
    expect(copy).toEqual(withPart);
    copy.added[0]!.title = "x";
    copy.addedParts![0]!.title = "y";
    expect(s.added[0]!.title).toBe("深化成渝执法协同");
    expect(withPart.addedParts[0]!.title).toBe("特色亮点");
    const before = resolveOutline(T, s);
    // This year: the custom sub-section was added again under another key.
    let now = defaultSettings(T);
    now = (addSubsection(T, now, "measures", "深化成渝执法协同", "measures.cxyz") as { settings: typeof s }).settings;
    now = (setTitle(T, now, "plan", "2025年工作安排") as { settings: typeof s }).settings;
    const keys = lastYearKeys(resolveOutline(T, now), before);
    expect(keys.get("measures.cxyz")).toBe("measures.cabc");
    expect(keys.get("plan")).toBe("plan");
  });
  it("titleForYear, isArchive and pickPrevious", () => {
    expect(titleForYear("重庆市南岸区交通局关于2023年法治政府建设情况的报告", 2023, 2024)).toBe("重庆市南岸区交通局关于2024年法治政府建设情况的报告");
    const r = (id: string, year: number, status: string, archived: boolean, at: number) => ({ id, title: id, year, status, archived, createdAt: new Date(at) });
    expect(isArchive(r("a", 2023, "collecting", true, 0), 2024)).toBe(true);
    expect(isArchive(r("a", 2023, "approved", false, 0), 2024)).toBe(true);
    expect(isArchive(r("a", 2023, "collecting", false, 0), 2024)).toBe(false);
    expect(isArchive(r("a", 2024, "approved", true, 0), 2024)).toBe(false);
    const list = [r("draft2023", 2023, "collecting", false, 3), r("archive2022", 2022, "approved", false, 1), r("this", 2024, "collecting", false, 4)];
    expect(pickPrevious(list, 2024)!.id).toBe("archive2022");
    expect(pickPrevious(list.slice(0, 1), 2024)!.id).toBe("draft2023");
    expect(pickPrevious(list, 2022)).toBeNull();
  });
});

describe("carried text in completeness", () => {
  const outline = resolveOutline(T, defaultSettings(T));
  const text = nanan.parts[2]!.body; // 存在的不足, long enough to be complete on its own
  const rev = (id: string, o: Partial<Answer>): Answer => ({ id, sectionKey: "shortcomings", authorOpenId: "ou_a", text, createdAt: `2026-12-01T00:00:0${id}Z`, ...o });
  it("carried and unedited: 需更新 (blocking); edited: nothing", () => {
    const carried = [rev("1", { carriedFrom: "r2023" })];
    expect(carriedContributions(carried, "shortcomings")).toEqual(["1"]);
    const reasons = contextReasons(outline, new Map([["shortcomings", text]]), carried, { previous: { reportId: "r2023", year: 2023, title: "", texts: new Map(), fullTexts: new Map(), planItems: [] } });
    expect(reasons.get("shortcomings")).toEqual([{ code: "carried_over", severity: "blocking", message: "沿用2023年文字，需更新" }]);
    const edited = [...carried, rev("2", { replacesId: "1", text: text.replace("5人", "6人") })];
    expect(carriedContributions(edited, "shortcomings")).toEqual([]);
    expect(contextReasons(outline, new Map([["shortcomings", text]]), edited, {}).get("shortcomings")).toBeUndefined();
  });
});
