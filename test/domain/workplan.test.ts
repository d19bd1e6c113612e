import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyPlanGroups } from "../../src/domain/workplan/apply-groups.js";
import { reportDeadline } from "../../src/domain/workplan/deadlines.js";
import { keyTerms, taskMentioned } from "../../src/domain/workplan/mentioned.js";
import { groupsLedBy, officeClauses, resolveOffice } from "../../src/domain/workplan/offices.js";
import { NO_TASKS_MESSAGE, parseWorkPlan } from "../../src/domain/workplan/parse.js";
import type { WorkPlan } from "../../src/domain/workplan/plan.js";
import { defaultSettings, resolveOutline } from "../../src/domain/outline/resolve.js";
import { fazhiAnnualTemplate } from "../../src/domain/templates/fazhi-annual.js";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");

function parsed(text: string): WorkPlan {
  const r = parseWorkPlan(text);
  if (!r.ok) throw new Error(r.message);
  return r.plan;
}

describe("parseWorkPlan: the 2023 plan", () => {
  const plan = parsed(fixture("2023-workplan.txt"));
  it("26 tasks in 9 groups, numbered in plan order, titles without markers", () => {
    expect(plan.shape).toBe("headings");
    expect(plan.title).toBe("2023年交通法治工作要点");
    expect(plan.year).toBe(2023);
    expect(plan.groups).toHaveLength(9);
    expect(plan.tasks).toHaveLength(26);
    expect(plan.tasks.map((t) => t.number)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(plan.tasks.filter((t) => t.group === 4).map((t) => t.number)).toEqual([13, 14, 15, 16]);
    expect(plan.tasks[7]!.title).toBe("严格行政规范性文件制定和备案管理");
    expect(plan.groups[1]!.title).toBe("持续深化“放管服”改革优化营商环境");
  });
  it("offices: lead clauses, abbreviations after the first (组教科 → 局组教科), several clauses per task, collectives dropped", () => {
    expect(plan.offices).toEqual(["局法规科", "局组教科", "局建管科", "局港航科", "局运输科", "局铁路民航科", "局财审科", "局办公室", "区交通执法支队", "局安监科"]);
    expect(plan.tasks[0]!.leads).toEqual(["局法规科", "局组教科"]);
    expect(plan.tasks[4]!.leads).toEqual(["局法规科", "局建管科", "局港航科", "局运输科", "局铁路民航科"]);
    expect(plan.tasks[6]!.leads).toEqual(["局法规科", "局财审科"]); // three clauses, two offices
    expect(plan.tasks[9]!.leads).toEqual(["局办公室", "局法规科"]); // the clause on its own line
    expect(plan.tasks[13]!.leads).toEqual(["区交通执法支队", "局法规科", "局安监科"]);
    expect(plan.tasks[17]!.leads).toEqual(["局办公室", "局法规科", "局财审科"]); // "局办公室、法规科、财审科"
    expect(plan.tasks[3]!.responsible).toEqual(["区公路中心", "区港航中心", "区道运中心", "区交通执法支队", "局建管科", "局港航科", "局运输科"]);
    expect(plan.tasks[0]!.responsible).toEqual([]); // 局属各单位、局机关各科室
    // No 牵头 clause: the responsible unit leads.
    expect(plan.tasks[15]!.leads).toEqual(["区交通执法支队"]);
    expect(plan.unassigned).toEqual([]);
    // The text keeps its clauses; the title never has them.
    expect(plan.tasks.every((t) => !/牵头/.test(t.title))).toBe(true);
  });
  it("deadlines: 10月31日之前 in task 13, 11月20日前 … 报告 in task 26 offered for the report", () => {
    expect(plan.deadlines.map((d) => [d.task, d.month, d.day, d.forReport])).toEqual([
      [13, 10, 31, false],
      [26, 11, 20, true],
    ]);
    expect(reportDeadline(plan)!.sentence).toBe("11月20日前，将年度法治建设情况报告市交通局，有特色、亮点的工作需及时做好报送。");
  });
  it("the groups each office leads", () => {
    expect(groupsLedBy(plan, "局法规科")).toEqual([0, 1, 2, 3, 4, 6, 7, 8]);
    expect(groupsLedBy(plan, "区交通执法支队")).toEqual([4, 5]);
    expect(groupsLedBy(plan, "局组教科")).toEqual([0]);
  });
  it("resolveOffice: exact, without the prefix, a unique fragment; ambiguous or unknown → null", () => {
    expect(resolveOffice(plan, "局法规科")).toBe("局法规科");
    expect(resolveOffice(plan, "法规科")).toBe("局法规科");
    expect(resolveOffice(plan, "执法支队")).toBe("区交通执法支队");
    expect(resolveOffice(plan, "科")).toBeNull();
    expect(resolveOffice(plan, "财务科")).toBeNull();
  });
});

describe("parseWorkPlan: other shapes", () => {
  it("a group-level 牵头科室 applies to its tasks; tasks as （一）; tasks without any office are unassigned", () => {
    const plan = parsed(
      [
        "2024年依法行政工作要点",
        "一、深化改革（牵头科室：局法规科）",
        "（一）推进简政放权。动态调整权责清单。",
        "（二）优化营商环境。（牵头科室：局办公室、运输科）",
        "二、加强普法",
        "（一）开展宪法宣传周活动。",
        "（二）落实谁执法谁普法责任制。",
      ].join("\n"),
    );
    expect(plan.groups.map((g) => [g.title, g.leads])).toEqual([
      ["深化改革", ["局法规科"]],
      ["加强普法", []],
    ]);
    expect(plan.tasks.map((t) => [t.number, t.group, t.title, t.leads])).toEqual([
      [1, 0, "推进简政放权", ["局法规科"]],
      [2, 0, "优化营商环境", ["局法规科", "局办公室", "局运输科"]],
      [3, 1, "开展宪法宣传周活动", []],
      [4, 1, "落实谁执法谁普法责任制", []],
    ]);
    expect(plan.unassigned).toEqual([3, 4]);
    expect(plan.offices).toEqual(["局法规科", "局办公室", "局运输科"]);
  });
  it("numbered tasks without groups", () => {
    const plan = parsed("1.严格落实重大行政决策程序。（牵头单位：局办公室）\n2.充分发挥法律顾问作用。\n3.持续深化政务公开。");
    expect(plan.groups).toEqual([]);
    expect(plan.tasks.map((t) => [t.group, t.title])).toEqual([
      [null, "严格落实重大行政决策程序"],
      [null, "充分发挥法律顾问作用"],
      [null, "持续深化政务公开"],
    ]);
    expect(plan.unassigned).toEqual([2, 3]);
  });
  it("a table pasted from Word (tabs) or as markdown (|), with group rows and a deadline column", () => {
    const tabs = parsed(
      [
        "序号\t工作任务\t牵头科室\t责任单位\t完成时限",
        "一、深化改革",
        "1\t持续推进简政放权。动态调整权责清单。\t局法规科\t局属各单位\t",
        "2\t加强事中事后监管\t局法规科、运输科\t区道运中心\t",
        "二、报告工作",
        "3\t报送年度法治政府建设情况报告\t局法规科\t\t11月20日",
        "4\t其他工作\t\t\t",
      ].join("\n"),
    );
    expect(tabs.shape).toBe("table");
    expect(tabs.groups.map((g) => g.title)).toEqual(["深化改革", "报告工作"]);
    expect(tabs.tasks.map((t) => [t.group, t.title, t.leads, t.responsible])).toEqual([
      [0, "持续推进简政放权", ["局法规科"], []],
      [0, "加强事中事后监管", ["局法规科", "局运输科"], ["区道运中心"]],
      [1, "报送年度法治政府建设情况报告", ["局法规科"], []],
      [1, "其他工作", [], []],
    ]);
    expect(tabs.unassigned).toEqual([4]);
    expect(reportDeadline(tabs)).toMatchObject({ month: 11, day: 20, task: 3, forReport: true });
    const md = parsed("| 序号 | 工作内容 | 牵头单位 |\n|---|---|---|\n| 1 | 推进行政执法规范化建设 | 区交通执法支队 |\n| 2 | 健全大普法工作格局 | 局法规科 |");
    expect(md.tasks.map((t) => [t.title, t.leads])).toEqual([
      ["推进行政执法规范化建设", ["区交通执法支队"]],
      ["健全大普法工作格局", ["局法规科"]],
    ]);
  });
  it("no recognisable task: an error saying what a plan looks like", () => {
    expect(parseWorkPlan("今年要继续抓好法治建设各项工作，争取取得更大成绩。")).toEqual({ ok: false, message: NO_TASKS_MESSAGE });
    expect(parseWorkPlan("")).toEqual({ ok: false, message: NO_TASKS_MESSAGE });
    expect(parseWorkPlan("长".repeat(60_001)).ok).toBe(false);
  });
  it("officeClauses: roles, prefixes inherited within one list only", () => {
    expect(officeClauses("（牵头科室：局办公室、法规科，责任单位：区公路中心、港航中心）")).toEqual({
      leads: ["局办公室", "局法规科"],
      responsible: ["区公路中心", "区港航中心"],
      rest: "",
    });
    expect(officeClauses("（配合单位：区司法局）正文").responsible).toEqual(["区司法局"]);
  });
});

describe("mentioned: key terms of the task title", () => {
  it("key terms drop generic verbs and joints", () => {
    expect(keyTerms("严格行政规范性文件制定和备案管理")).toEqual(["行政规范性文件制定", "备案管理"]);
    expect(keyTerms("依法开展行政复议和应诉相关工作")).toEqual(["行政复议", "应诉"]);
    expect(keyTerms("持续推进简政放权")).toEqual(["简政放权"]);
    expect(keyTerms("加强")).toEqual(["加强"]);
  });
  it("at least half of the terms found; a long term is found by any four characters of it", () => {
    const task = { title: "严格行政规范性文件制定和备案管理" };
    expect(taskMentioned(task, "严格落实《行政规范性文件管理办法》，定期清理规范性文件。")).toBe(true);
    expect(taskMentioned(task, "全年规范性文件备案管理 3 件。")).toBe(true);
    expect(taskMentioned(task, "配合制定高速公路管理办法，配合修订航道管理条例。")).toBe(false);
    expect(taskMentioned({ title: "提高制度建设的质量和效率" }, "制度建设质量明显提高。")).toBe(true);
  });
});

describe("applyPlanGroups", () => {
  const plan = parsed(fixture("2023-workplan.txt"));
  const keyFor = (title: string) => `measures.p${Array.from(title).length}x${title.charCodeAt(2).toString(16)}`;
  it("the groups become the part's sub-sections in plan order; empty template sub-sections go, written ones stay after", () => {
    const settings = defaultSettings(fazhiAnnualTemplate);
    const r = applyPlanGroups(fazhiAnnualTemplate, settings, "measures", plan, new Set(["measures.disputes"]), keyFor);
    if (!r.ok) throw new Error(r.message);
    const children = resolveOutline(fazhiAnnualTemplate, r.settings).filter((s) => s.parentKey === "measures");
    expect(children.map((s) => s.title)).toEqual([...plan.groups.map((g) => g.title), "依法化解矛盾纠纷"]);
    expect(children.slice(0, 9).map((s) => s.key)).toEqual(r.sections);
    expect(r.settings.removed).toContain("measures.study");
    // Applying again changes nothing.
    const again = applyPlanGroups(fazhiAnnualTemplate, r.settings, "measures", plan, new Set(), keyFor);
    if (!again.ok) throw new Error(again.message);
    expect(again.sections).toEqual(r.sections);
  });
  it("more groups than a part may hold: refused", () => {
    const many = { groups: Array.from({ length: 21 }, (_, i) => ({ title: `第${i + 1}组任务`, leads: [] })) };
    const r = applyPlanGroups(fazhiAnnualTemplate, defaultSettings(fazhiAnnualTemplate), "measures", many, new Set(), keyFor);
    expect(r.ok).toBe(false);
  });
});
