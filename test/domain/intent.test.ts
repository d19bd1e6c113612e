// Intent before text: near-miss commands are run or offered, never saved as text; real report prose is never
// taken for a command.
import { describe, expect, it } from "vitest";
import { resembleCommand } from "../../src/domain/commands/near-miss.js";
import { classifyMessage, type MessageContext } from "../../src/domain/intent.js";
import { fixture } from "../helpers/seeds.js";

const mentions = [{ key: "@_user_2", openId: "ou_zhang", name: "张科长" }];
const classify = (text: string, context: MessageContext = "mention") => classifyMessage({ text, mentions, context });

describe("near misses", () => {
  it.each([
    ["进 度", "进度", "status", true],
    ["撤 销", "撤销", "undo", false],
    ["跳到二", "跳到 二", "goto", true],
    ["导出word", "导出 word", "export", true],
    ["截至 2026-12-20", "截止 2026-12-20", "deadline", false],
    ["分配一（三）@_user_2", "分配 一（三）@_user_2", "assign", false],
    ["恢复二1", "恢复 二1", "restore", false],
    ["/stauts", "/status", "status", false],
    ["转到 三", "跳到 三", "goto", false],
    ["一（三）@_user_2", "分配 一（三）@_user_2", "assign", false],
  ])("%s → %s", (text, canonical, kind, direct) => {
    const r = resembleCommand({ text, mentions });
    expect(r).not.toBeNull();
    expect(r!.canonical).toBe(canonical);
    expect(r!.command.kind).toBe(kind);
    expect(r!.runDirectly).toBe(direct);
  });

  it("the assignment keeps the section and the person", () => {
    expect(resembleCommand({ text: "分配一（三）@_user_2", mentions })?.command).toEqual({ kind: "assign", section: "一（三）", assignees: [{ openId: "ou_zhang", name: "张科长" }] });
  });

  it.each(["报告期内，我局", "继续加强", "进度方面", "跳到了二楼", "导出数据", "截至目前", "历史性突破", "恢复生产", "分配资金", "撤销行政许可 3 件"])("%s is not a command", (text) => {
    expect(resembleCommand({ text, mentions })).toBeNull();
  });
});

describe("classifyMessage", () => {
  it("each mistyped command of the issue is run or offered, in every context", () => {
    for (const context of ["mention", "reply", "walk"] as const) {
      for (const text of ["进 度", "导出word", "截至 2026-12-20", "分配一（三）@_user_2", "跳到二", "撤 销"]) {
        const i = classify(text, context);
        expect(["command", "suggest"], `${context}: ${text}`).toContain(i.kind);
      }
    }
    expect(classify("进 度")).toMatchObject({ kind: "command", command: { kind: "status" } });
    expect(classify("截至 2026-12-20")).toMatchObject({ kind: "suggest", canonical: "截止 2026-12-20" });
    expect(classify("/stauts")).toMatchObject({ kind: "suggest", canonical: "/status" });
    expect(classify("/nonsense")).toMatchObject({ kind: "invalid" });
  });

  it("exact commands still run; free-text commands in a reply are offered, not run", () => {
    expect(classify("进度")).toEqual({ kind: "command", command: { kind: "status" } });
    expect(classify("撤销", "reply")).toEqual({ kind: "command", command: { kind: "undo" } });
    expect(classify("报告 如下", "reply")).toMatchObject({ kind: "suggest" });
  });

  it("short answers in a reply or a walk are text; addressed to the bot in the group they are asked about", () => {
    expect(classify("无。", "reply")).toEqual({ kind: "text" });
    expect(classify("同上", "walk")).toEqual({ kind: "text" });
    expect(classify("你好")).toEqual({ kind: "unclear" });
    expect(classify("全年办理行政复议案件 3 件，行政机关负责人出庭应诉率 100%。")).toEqual({ kind: "text" });
  });

  it("导入工作要点 with the plan on the next lines is the command in every context, though it reads as prose", () => {
    const plan = `导入工作要点\n${fixture("2023-workplan.txt")}`;
    for (const context of ["mention", "reply", "walk"] as const) {
      expect(classify(plan, context), context).toMatchObject({ kind: "command", command: { kind: "import_plan" } });
    }
    expect(classify("对比 一")).toEqual({ kind: "command", command: { kind: "compare", section: "一" } });
    expect(classify("科室 局法规科 @_user_2")).toMatchObject({ kind: "command", command: { kind: "office_people", office: "局法规科", people: [{ openId: "ou_zhang" }] } });
    expect(classify("新建报告 2024年度法治政府建设情况报告 参照 1")).toMatchObject({ kind: "command", command: { kind: "new_report", from: { by: "index", index: 1 } } });
  });

  it("prose that starts with a command word is text", () => {
    for (const text of [
      "报告期内，我局坚持以习近平法治思想为指导，全面推进依法行政。",
      "继续加强行政执法队伍建设，全年组织执法培训 6 期",
      "进度方面，各项任务均按计划推进，重点项目完成率 95%",
      "截至 2026 年 11 月底，共办理行政许可 2810 件",
      "导出率、办结率均达到 100%",
      "恢复重建工作有序推进，完成道路修复 12 公里",
      "分配到各科室的任务已全部完成",
      "撤销不合规的行政许可 3 件，纠正执法行为 12 次",
    ]) {
      for (const context of ["reply", "walk"] as const) expect(classify(text, context), `${context}: ${text}`).toEqual({ kind: "text" });
      // Addressed to the bot in the group: never a command or an offer to run one (short ones are asked about).
      expect(["text", "unclear"], text).toContain(classify(text).kind);
    }
  });

  it("every paragraph of the real reports, as a reply to a prompt or in a walk, is text", () => {
    const paragraphs = ["nanan-2023-report.txt", "district-2022-draft.txt", "2023-workplan.txt"].flatMap((f) =>
      fixture(f)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== ""),
    );
    expect(paragraphs.length).toBeGreaterThan(90);
    for (const p of paragraphs) {
      expect(classify(p, "reply"), p.slice(0, 30)).toEqual({ kind: "text" });
      expect(classify(p, "walk"), p.slice(0, 30)).toEqual({ kind: "text" });
    }
  });
});
