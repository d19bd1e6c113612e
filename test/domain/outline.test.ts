import { describe, expect, it } from "vitest";
import type { OutlineSettings } from "../../src/domain/model.js";
import { addPart, addSubsection, removeSubsection, setPartOrder, setTitle } from "../../src/domain/outline/settings.js";
import { availableSuggestions, defaultSettings, resolveOutline } from "../../src/domain/outline/resolve.js";
import { parseChineseNumeral, toChineseNumeral } from "../../src/domain/numerals.js";
import { ownSubheadingCount, printedOutline } from "../../src/domain/outline/printed.js";
import { parseSectionAddress } from "../../src/domain/outline/address.js";
import { fazhiAnnualTemplate as T } from "../../src/domain/templates/fazhi-annual.js";

const labelsOf = (s: OutlineSettings) => resolveOutline(T, s).map((x) => `${x.label}|${x.numericLabel}|${x.heading}`);
const keyAt = (s: OutlineSettings, label: string) => resolveOutline(T, s).find((x) => x.label === label)?.key;

function ok<R extends { ok: boolean }>(r: R): Extract<R, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r as Extract<R, { ok: true }>;
}

describe("Chinese numerals", () => {
  it("round-trips 1..99", () => {
    expect([1, 10, 11, 20, 21, 99].map(toChineseNumeral)).toEqual(["一", "十", "十一", "二十", "二十一", "九十九"]);
    for (let n = 1; n <= 99; n++) expect(parseChineseNumeral(toChineseNumeral(n))).toBe(n);
    expect(parseChineseNumeral("３")).toBe(3);
    expect(parseChineseNumeral("三五")).toBeNull();
    expect(parseChineseNumeral("零")).toBeNull();
  });
});

describe("defaultSettings / resolveOutline", () => {
  it("starts with the preamble, then parts with their default sub-sections in mandated order", () => {
    const s = defaultSettings(T);
    const outline = resolveOutline(T, s);
    expect(outline[0]).toMatchObject({ key: "preamble", level: 0, label: "开头", numericLabel: "0", heading: "", index: 0 });
    expect(outline[1]).toMatchObject({ key: "measures", level: 1, label: "一", numericLabel: "1", heading: "一、主要举措和成效" });
    expect(outline[2]).toMatchObject({
      key: "measures.study",
      parentKey: "measures",
      level: 2,
      index: 1,
      label: "一（一）",
      numericLabel: "1.1",
      heading: "（一）学习贯彻习近平法治思想",
    });
    expect(outline[3]).toMatchObject({ label: "一（二）", numericLabel: "1.2", heading: "（二）深化“放管服”改革，优化营商环境" });
    const parts = outline.filter((x) => x.level === 1);
    expect(parts.map((p) => p.heading)).toEqual([
      "一、主要举措和成效",
      "二、存在的不足和原因",
      "三、党政主要负责人履行推进法治建设第一责任人职责情况",
      "四、下一年度推进法治政府建设的主要安排",
      "五、其他需要报告的情况",
    ]);
    // Suggestions not in defaultSubsections are not in the outline.
    expect(outline.some((x) => x.key === "measures.digital")).toBe(false);
    expect(outline.filter((x) => x.parentKey === "measures")).toHaveLength(8);
  });

  it("applies a named part order (南岸 2023 puts 第一责任人 second)", () => {
    const s = defaultSettings(T, "第一责任人第二");
    expect(keyAt(s, "二")).toBe("leader");
    expect(keyAt(s, "三")).toBe("shortcomings");
    const first = defaultSettings(T, "第一责任人在前");
    expect(keyAt(first, "一")).toBe("leader");
    expect(keyAt(first, "一（一）")).toBeUndefined(); // leader has no default sub-sections
    expect(keyAt(first, "二（一）")).toBe("measures.study");
    expect(() => defaultSettings(T, "不存在")).toThrow(/法定顺序/);
  });

  it("repairs stale part orders instead of losing parts", () => {
    const s = { ...defaultSettings(T), partOrder: ["other", "bogus"] };
    expect(resolveOutline(T, s).filter((x) => x.level === 1).map((x) => x.key)).toEqual([
      "other",
      "measures",
      "shortcomings",
      "leader",
      "plan",
    ]);
  });
});

describe("parseSectionAddress", () => {
  const outline = resolveOutline(T, defaultSettings(T));
  it.each([
    ["开头", "preamble"],
    ["0", "preamble"],
    ["一", "measures"],
    ["二", "shortcomings"],
    ["第三部分", "leader"],
    ["第五", "other"],
    ["1", "measures"],
    ["５", "other"],
    ["一（二）", "measures.business"],
    ["一(二)", "measures.business"],
    [" 一 （ 二 ） ", "measures.business"],
    ["1.2", "measures.business"],
    ["1．8", "measures.publicity"],
    ["一（8）", "measures.publicity"],
    ["measures.rules", "measures.rules"],
    ["存在的不足和原因", "shortcomings"],
    ["二、存在的不足和原因", "shortcomings"],
  ])("%s → %s", (input, key) => {
    expect(parseSectionAddress(input, outline)).toEqual({ ok: true, key });
  });

  it.each(["六", "一（九）", "二（一）", "1.20", "七七", "xyz", "十一"])("rejects %s with the list of addresses", (input) => {
    const r = parseSectionAddress(input, outline);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(`找不到章节「${input}」`);
      expect(r.message).toContain("开头、一、一（一）");
    }
  });

  it("asks for an address when empty", () => {
    const r = parseSectionAddress("  ", outline);
    expect(r.ok).toBe(false);
  });
});

describe("setTitle", () => {
  it("applies a custom part title and keeps the numbering", () => {
    const s0 = defaultSettings(T);
    const s1 = ok(setTitle(T, s0, "measures", "依法行政，法治政府建设不断加强")).settings;
    expect(resolveOutline(T, s1)[1]!.heading).toBe("一、依法行政，法治政府建设不断加强");
    expect(s0.titles).toEqual({}); // input not mutated
    // Numbering typed by the user is dropped.
    const s2 = ok(setTitle(T, s1, "measures.business", "（二）持续深化“放管服”改革")).settings;
    expect(resolveOutline(T, s2).find((x) => x.key === "measures.business")!.heading).toBe("（二）持续深化“放管服”改革");
    // Setting back to the template title clears the override.
    const s3 = ok(setTitle(T, s2, "measures", "主要举措和成效")).settings;
    expect(s3.titles.measures).toBeUndefined();
  });

  it("rejects empty, too long, unknown, preamble and duplicate titles", () => {
    const s = defaultSettings(T);
    expect(setTitle(T, s, "measures", "   ")).toEqual({ ok: false, message: "标题不能为空" });
    expect(setTitle(T, s, "measures", "长".repeat(61))).toEqual({ ok: false, message: "标题不能超过 60 个字" });
    expect(setTitle(T, s, "measures", "长".repeat(60)).ok).toBe(true);
    expect(setTitle(T, s, "nope", "x").ok).toBe(false);
    expect(setTitle(T, s, "preamble", "x").ok).toBe(false);
    const dup = setTitle(T, s, "measures.rules", "学习贯彻习近平法治思想");
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.message).toContain("一（一）");
  });
});

describe("setPartOrder", () => {
  it("reorders by current labels", () => {
    const s0 = defaultSettings(T);
    const s1 = ok(setPartOrder(T, s0, ["三", "一", "二", "四", "五"])).settings;
    expect(s1.partOrder).toEqual(["leader", "measures", "shortcomings", "plan", "other"]);
    expect(keyAt(s1, "一")).toBe("leader");
    expect(keyAt(s1, "二（三）")).toBe("measures.rules");
    expect(resolveOutline(T, s1)[1]!.heading).toBe("一、党政主要负责人履行推进法治建设第一责任人职责情况");
    // Labels refer to the current positions: swapping 一 and 二 now moves 主要举措 to the front.
    const s2 = ok(setPartOrder(T, s1, ["2", "1", "3", "4", "5"])).settings;
    expect(s2.partOrder).toEqual(["measures", "leader", "shortcomings", "plan", "other"]);
    expect(s0.partOrder).toEqual(["measures", "shortcomings", "leader", "plan", "other"]);
  });

  it("accepts keys and named orders", () => {
    const s0 = defaultSettings(T);
    expect(ok(setPartOrder(T, s0, ["other", "plan", "leader", "shortcomings", "measures"])).settings.partOrder[0]).toBe("other");
    expect(ok(setPartOrder(T, s0, ["第一责任人第二"])).settings.partOrder).toEqual([
      "measures",
      "leader",
      "shortcomings",
      "plan",
      "other",
    ]);
  });

  it("rejects non-permutations with a hint", () => {
    const s0 = defaultSettings(T);
    const short = setPartOrder(T, s0, ["三", "一", "二"]);
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.message).toContain("全部 5 个部分");
    const dup = setPartOrder(T, s0, ["三", "三", "二", "四", "五"]);
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.message).toContain("重复");
    const bad = setPartOrder(T, s0, ["三", "六", "二", "四", "五"]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain("「六」不是当前的部分编号");
    expect(setPartOrder(T, s0, ["一（一）", "二", "三", "四", "五"]).ok).toBe(false);
  });
});

describe("addSubsection / removeSubsection", () => {
  it("adds a custom sub-section last under its part", () => {
    const s0 = defaultSettings(T);
    const r = ok(addSubsection(T, s0, "shortcomings", "观念的不足", "custom-1"));
    expect(r.key).toBe("custom-1");
    const sec = resolveOutline(T, r.settings).find((x) => x.key === "custom-1")!;
    expect(sec).toMatchObject({ label: "二（一）", numericLabel: "2.1", heading: "（一）观念的不足", level: 2, parentKey: "shortcomings" });
    expect(sec.spec.minLength).toBeGreaterThan(0);
    expect(s0.added).toEqual([]);
    const r2 = ok(addSubsection(T, r.settings, "shortcomings", "机制的不足", "custom-2"));
    expect(keyAt(r2.settings, "二（二）")).toBe("custom-2");
  });

  it("includes a matching template suggestion instead of a custom section", () => {
    const s0 = defaultSettings(T);
    expect(availableSuggestions(T, s0, "measures").map((c) => c.key)).toEqual(["measures.emergency", "measures.digital"]);
    const r = ok(addSubsection(T, s0, "measures", "推进数字法治建设", "custom-1"));
    expect(r.key).toBe("measures.digital");
    expect(r.settings.added).toEqual([]);
    expect(keyAt(r.settings, "一（九）")).toBe("measures.digital");
    // Punctuation and quotes are ignored when matching.
    const r2 = ok(addSubsection(T, r.settings, "measures", "依法预防处置重大突发事件", "custom-2"));
    expect(keyAt(r2.settings, "一（十）")).toBe("measures.emergency");
  });

  it("rejects duplicates, bad titles, parents that are not parts, and more than 20 sub-sections", () => {
    const s0 = defaultSettings(T);
    expect(addSubsection(T, s0, "measures", "深化放管服改革优化营商环境", "c1").ok).toBe(false);
    expect(addSubsection(T, s0, "measures", "", "c1").ok).toBe(false);
    expect(addSubsection(T, s0, "measures.study", "x", "c1").ok).toBe(false);
    expect(addSubsection(T, s0, "preamble", "x", "c1").ok).toBe(false);
    expect(addSubsection(T, s0, "measures", "新的", "measures").ok).toBe(false); // key taken
    let s = s0;
    for (let i = 0; i < 12; i++) s = ok(addSubsection(T, s, "measures", `自定义小标题${i}`, `custom-${i}`)).settings;
    expect(resolveOutline(T, s).filter((x) => x.parentKey === "measures")).toHaveLength(20);
    expect(keyAt(s, "一（二十）")).toBe("custom-11");
    const full = addSubsection(T, s, "measures", "第二十一个", "custom-99");
    expect(full.ok).toBe(false);
    if (!full.ok) expect(full.message).toContain("最多 20 个");
  });

  it("removes sub-sections (labels shift), never parts, and restores on re-adding", () => {
    const s0 = defaultSettings(T);
    const s1 = ok(removeSubsection(T, s0, "measures.business")).settings;
    expect(keyAt(s1, "一（二）")).toBe("measures.rules");
    expect(labelsOf(s1)).toContain("一（二）|1.2|（二）加强制度建设");
    expect(s0.removed).toEqual([]);
    const part = removeSubsection(T, s1, "measures");
    expect(part.ok).toBe(false);
    if (!part.ok) expect(part.message).toContain("不能删除");
    expect(removeSubsection(T, s1, "preamble").ok).toBe(false);
    expect(removeSubsection(T, s1, "measures.business").ok).toBe(false); // already gone
    const back = ok(addSubsection(T, s1, "measures", "深化“放管服”改革，优化营商环境", "c1"));
    expect(back.key).toBe("measures.business");
    expect(back.settings.removed).toEqual([]);
    expect(keyAt(back.settings, "一（八）")).toBe("measures.business");
    // Custom sections are restored too, keeping their key (and so their answers).
    const c = ok(addSubsection(T, s0, "plan", "深化理论学习", "custom-7"));
    const gone = ok(removeSubsection(T, c.settings, "custom-7")).settings;
    expect(resolveOutline(T, gone).some((x) => x.key === "custom-7")).toBe(false);
    expect(ok(addSubsection(T, gone, "plan", "深化理论学习", "custom-8")).key).toBe("custom-7");
  });

  it("renames custom sub-sections in place", () => {
    const c = ok(addSubsection(T, defaultSettings(T), "plan", "深化理论学习", "custom-7"));
    const r = ok(setTitle(T, c.settings, "custom-7", "深化理论学习，加强理想信念建设")).settings;
    expect(resolveOutline(T, r).find((x) => x.key === "custom-7")!.heading).toBe("（一）深化理论学习，加强理想信念建设");
  });
});

describe("parts the report adds (addPart)", () => {
  it("an added part takes its place in the part order, is numbered, addressable, titled and holds sub-sections", () => {
    const base = { ...defaultSettings(T), included: [] };
    const a = ok(addPart(T, base, "三、安全生产工作情况", "extra-ab12cd"));
    expect(a.key).toBe("extra-ab12cd");
    // Appended after the template's five parts, title without the typed numbering.
    expect(labelsOf(a.settings).filter((l) => !l.startsWith("开头"))).toEqual([
      "一|1|一、主要举措和成效",
      "二|2|二、存在的不足和原因",
      "三|3|三、党政主要负责人履行推进法治建设第一责任人职责情况",
      "四|4|四、下一年度推进法治政府建设的主要安排",
      "五|5|五、其他需要报告的情况",
      "六|6|六、安全生产工作情况",
    ]);
    // Moved into third place by the ordinary part order.
    const moved = ok(setPartOrder(T, a.settings, ["一", "二", "六", "三", "四", "五"])).settings;
    expect(keyAt(moved, "三")).toBe("extra-ab12cd");
    expect(ok(parseSectionAddress("三", resolveOutline(T, moved))).key).toBe("extra-ab12cd");
    // Renamed and given a sub-section like any part.
    const titled = ok(setTitle(T, moved, "extra-ab12cd", "安全生产和应急管理")).settings;
    expect(titled.addedParts).toEqual([{ key: "extra-ab12cd", title: "安全生产和应急管理" }]);
    const sub = ok(addSubsection(T, titled, "extra-ab12cd", "隐患排查", "extra-ab12cd.c1"));
    const outline = resolveOutline(T, sub.settings);
    expect(outline.find((s) => s.key === "extra-ab12cd.c1")).toMatchObject({ level: 2, parentKey: "extra-ab12cd", label: "三（一）", heading: "（一）隐患排查" });
    expect(outline.find((s) => s.key === "extra-ab12cd")).toMatchObject({ level: 1, heading: "三、安全生产和应急管理", spec: { required: true } });
  });

  it("an added part can be removed (a template part cannot); its key cannot be reused; the input is never mutated", () => {
    const base = defaultSettings(T);
    const a = ok(addPart(T, base, "安全生产", "extra-1"));
    expect(base.addedParts).toBeUndefined();
    const removed = ok(removeSubsection(T, a.settings, "extra-1")).settings;
    expect(resolveOutline(T, removed).some((s) => s.key === "extra-1")).toBe(false);
    expect(removeSubsection(T, a.settings, "measures").ok).toBe(false);
    expect(addPart(T, a.settings, "另一个", "extra-1").ok).toBe(false);
    expect(addPart(T, a.settings, "另一个", "measures").ok).toBe(false);
    expect(addSubsection(T, a.settings, "measures", "小标题", "extra-1").ok).toBe(false);
    expect(addPart(T, a.settings, "  ", "extra-2").ok).toBe(false);
  });
});

describe("the outline as the report stands: sub-sections are suggestions", () => {
  it("ownSubheadingCount counts lines that start with （一）/(一) and go on; not a marker inside a sentence, not a bare marker", () => {
    expect(ownSubheadingCount("（一）强化组织领导。年初…\n（二）落实职责制度\n正文")).toBe(2);
    expect(ownSubheadingCount("(一)深入学习\n\u3000\u3000（十二）其他")).toBe(2);
    expect(ownSubheadingCount("按照（一）类标准办理。\n（一）\n1.持续推进")).toBe(0);
    expect(ownSubheadingCount("")).toBe(0);
  });

  it("printedOutline: preamble and parts always, sub-sections only when written, numbered as printed, after the part's own", () => {
    const outline = resolveOutline(T, defaultSettings(T));
    const texts: Record<string, string> = {
      preamble: "开头。",
      measures: "",
      "measures.business": "放管服。",
      "measures.disputes": "化解纠纷。",
      shortcomings: "（一）人员不足。\n（二）机制不足。",
    };
    const printed = printedOutline(outline, (k) => texts[k] ?? "");
    expect(printed.map((p) => p.heading)).toEqual([
      "",
      "一、主要举措和成效",
      "（一）深化“放管服”改革，优化营商环境",
      "（二）依法化解矛盾纠纷",
      "二、存在的不足和原因",
      "三、党政主要负责人履行推进法治建设第一责任人职责情况",
      "四、下一年度推进法治政府建设的主要安排",
      "五、其他需要报告的情况",
    ]);
    // a part that brings its own （一）（二）: a written sub-section under it goes on with （三）
    let s = defaultSettings(T);
    const added = addSubsection(T, s, "shortcomings", "执法力量不足", "shortcomings.c1");
    if (!added.ok) throw new Error(added.message);
    s = added.settings;
    const withOwn = printedOutline(resolveOutline(T, s), (k) => (k === "shortcomings.c1" ? "执法人员少。" : texts[k] ?? ""));
    expect(withOwn.find((p) => p.section.key === "shortcomings.c1")!.heading).toBe("（三）执法力量不足");
  });
});
