import { describe, expect, it } from "vitest";
import {
  auditAction,
  chainText,
  checkDecision,
  checkReopen,
  checkReturn,
  checkSubmit,
  checkWithdraw,
  decide,
  levelOf,
  mayConfigure,
  pendingApprovers,
  startRound,
  validateChain,
  type RoundState,
} from "../../src/domain/approvals.js";

const p = (openId: string, name = openId) => ({ openId, name });
const chain = [[p("ou_ke", "科长")], [p("ou_fu", "副局长"), p("ou_zheng", "局长")], [p("ou_shu", "书记")]];
const owner = "ou_owner";
const collecting = { status: "collecting" as const, ownerOpenId: owner };

describe("the chain", () => {
  it("accepts ordered levels, dedupes within a level, refuses a person on two levels", () => {
    const r = validateChain([[p("a"), p("a"), p("b")], [p("c")]], owner);
    expect(r).toEqual({ ok: true, levels: [[p("a"), p("b")], [p("c")]] });
    expect(validateChain([[p("a")], [p("b"), p("a")]], owner)).toMatchObject({ ok: false, message: expect.stringContaining("第 1 级和第 2 级") });
    expect(validateChain([], owner)).toMatchObject({ ok: false });
    expect(validateChain([[p("a")], []], owner)).toMatchObject({ ok: false, message: "第 2 级没有审批人" });
    expect(validateChain([[p("a")], [p("b")], [p("c")], [p("d")], [p("e")], [p("f")]], owner)).toMatchObject({ ok: false });
  });

  it("refuses the report's owner as an approver, on any level, naming them", () => {
    const refused = { ok: false, message: "王科员 是这份报告的负责人，不能担任审批人（不能审批自己的报告）。请 @ 其他人。" };
    expect(validateChain([[p(owner, "王科员")]], owner)).toEqual(refused);
    expect(validateChain([[p("ou_ke", "科长")], [p("ou_fu"), p(owner, "王科员")]], owner)).toEqual(refused);
    expect(validateChain([[p(owner, "")]], owner)).toMatchObject({ ok: false, message: expect.stringMatching(/^报告负责人 是这份报告的负责人/) });
    expect(validateChain(chain, owner)).toEqual({ ok: true, levels: chain });
  });

  it("only the owner configures it, and not during a running approval", () => {
    expect(mayConfigure(collecting, owner)).toEqual({ ok: true });
    expect(mayConfigure(collecting, "ou_x")).toMatchObject({ ok: false });
    expect(mayConfigure({ ...collecting, status: "in_approval" }, owner)).toMatchObject({ ok: false, message: expect.stringContaining("撤回审批") });
    expect(mayConfigure({ ...collecting, status: "approved" }, owner)).toEqual({ ok: true });
  });

  it("finds levels and prints the chain", () => {
    expect(levelOf(chain, "ou_zheng")).toBe(1);
    expect(levelOf(chain, "ou_x")).toBe(-1);
    expect(chainText(chain)).toBe("科长 > 副局长、局长 > 书记");
  });
});

describe("submission", () => {
  const base = { report: collecting, actor: owner, chain, incompleteParts: 0, confirmed: false };
  it("needs the owner, a chain, a collecting report", () => {
    expect(checkSubmit(base)).toEqual({ ok: true, incomplete: false });
    expect(checkSubmit({ ...base, actor: "ou_x" })).toMatchObject({ ok: false });
    expect(checkSubmit({ ...base, chain: null })).toMatchObject({ ok: false, message: "还没有设置审批人。" });
    expect(checkSubmit({ ...base, report: { ...collecting, status: "in_approval" } })).toMatchObject({ ok: false });
    expect(checkSubmit({ ...base, report: { ...collecting, status: "approved" } })).toMatchObject({ ok: false, hint: expect.stringContaining("重新打开") });
  });
  it("a chain that holds the owner (set before, or before the report changed hands) cannot be submitted", () => {
    const withOwner = [[p("ou_ke", "科长")], [p(owner, "王科员")]];
    expect(checkSubmit({ ...base, chain: withOwner })).toMatchObject({ ok: false, message: expect.stringContaining("王科员 是这份报告的负责人"), hint: expect.stringContaining("重新设置审批人") });
  });
  it("an incomplete report asks for confirmation, then records it was incomplete", () => {
    expect(checkSubmit({ ...base, incompleteParts: 2 })).toEqual({ ok: "confirm", incompleteParts: 2 });
    expect(checkSubmit({ ...base, incompleteParts: 2, confirmed: true })).toEqual({ ok: true, incomplete: true });
  });
  it("a round copies the chain and starts at the first level", () => {
    const r = startRound("ap1", 3, chain);
    expect(r).toMatchObject({ id: "ap1", versionNumber: 3, currentLevel: 0, status: "running" });
    expect(r.levels).toEqual(chain);
    expect(r.levels[0]).not.toBe(chain[0]);
    expect(pendingApprovers(r)).toEqual([p("ou_ke", "科长")]);
  });
});

describe("decisions", () => {
  const round: RoundState = startRound("ap1", 2, chain);
  const attempt = (actor: string, o: Partial<Parameters<typeof checkDecision>[0]> = {}) =>
    checkDecision({ actor, round, latestRoundId: "ap1", cardVersion: 2, cardLevel: 0, ownerOpenId: owner, ...o });

  it("accepts an approver of the current level for the current version", () => {
    expect(attempt("ou_ke")).toEqual({ ok: true, level: 0 });
    expect(attempt("ou_ke", { cardLevel: null, cardVersion: undefined })).toEqual({ ok: true, level: 0 });
  });
  it("refuses anyone else, other levels, older versions and closed rounds", () => {
    expect(attempt("ou_x")).toMatchObject({ ok: false, code: "not_approver" });
    expect(attempt("ou_zheng", { cardLevel: null })).toMatchObject({ ok: false, code: "other_level", message: expect.stringContaining("第 2 级审批人") });
    expect(attempt("ou_ke", { latestRoundId: "ap2" })).toMatchObject({ ok: false, code: "stale_version" });
    expect(attempt("ou_ke", { cardVersion: 1 })).toMatchObject({ ok: false, code: "stale_version" });
    expect(attempt("ou_ke", { round: { ...round, status: "withdrawn" } })).toMatchObject({ ok: false, code: "round_closed" });
    const atTwo = { ...round, currentLevel: 1 };
    // A level-2 approver tapping the (already decided) level-1 card, and the level-1 approver tapping it again.
    expect(attempt("ou_fu", { round: atTwo, cardLevel: 0 })).toMatchObject({ ok: false, code: "level_done" });
    expect(attempt("ou_ke", { round: atTwo, cardLevel: null })).toMatchObject({ ok: false, code: "other_level" });
    expect(attempt("ou_fu", { round: atTwo, cardLevel: 1 })).toEqual({ ok: true, level: 1 });
  });
  it("refuses the report's owner even when the round's chain names them (the report changed hands)", () => {
    expect(attempt("ou_ke", { ownerOpenId: "ou_ke" })).toEqual({ ok: false, code: "own_report", message: "你是这份报告的负责人，不能审批自己的报告。" });
    expect(attempt("ou_ke", { ownerOpenId: owner })).toEqual({ ok: true, level: 0 });
  });

  it("同意 moves level by level; the last makes the report approved; 退回 returns it", () => {
    const e1 = decide(round, "approved");
    expect(e1).toMatchObject({ kind: "next_level", nextLevel: 1, approvers: chain[1] });
    const e2 = decide(e1.round, "approved");
    expect(e2.kind).toBe("next_level");
    const e3 = decide(e2.round, "approved");
    expect(e3).toMatchObject({ kind: "approved", report: "approved", round: { status: "approved", currentLevel: 2 } });
    expect(pendingApprovers(e3.round)).toEqual([]);
    expect(decide(e1.round, "returned")).toMatchObject({ kind: "returned", report: "collecting", round: { status: "returned", currentLevel: 1 } });
    expect(() => decide(e3.round, "approved")).toThrow();
  });

  it("退回 needs a comment; named sections are kept in outline order, unknown ones dropped", () => {
    const known = ["preamble", "measures", "leader"];
    expect(checkReturn("  ", [], known)).toMatchObject({ ok: false, message: "请填写退回意见。" });
    expect(checkReturn(undefined, undefined, known)).toMatchObject({ ok: false });
    expect(checkReturn("x".repeat(1001), [], known)).toMatchObject({ ok: false });
    expect(checkReturn(" 数据要核实 ", ["leader", "nope", "preamble", "leader"], known)).toEqual({ ok: true, comment: "数据要核实", sections: ["preamble", "leader"] });
    expect(checkReturn("改", "measures", known)).toEqual({ ok: true, comment: "改", sections: ["measures"] });
  });
});

describe("withdraw and reopen", () => {
  it("withdraw: the owner, while in approval", () => {
    const running = startRound("ap1", 1, chain);
    expect(checkWithdraw({ ...collecting, status: "in_approval" }, owner, running)).toEqual({ ok: true, hasRound: true });
    expect(checkWithdraw({ ...collecting, status: "in_approval" }, owner, null)).toEqual({ ok: true, hasRound: false });
    expect(checkWithdraw({ ...collecting, status: "in_approval" }, "ou_ke", running)).toMatchObject({ ok: false });
    expect(checkWithdraw(collecting, owner, null)).toMatchObject({ ok: false });
    expect(checkWithdraw({ ...collecting, status: "approved" }, owner, null)).toMatchObject({ ok: false, message: expect.stringContaining("重新打开") });
  });
  it("reopen: the owner, an approved report", () => {
    expect(checkReopen({ ...collecting, status: "approved" }, owner)).toEqual({ ok: true });
    expect(checkReopen({ ...collecting, status: "approved" }, "ou_ke")).toMatchObject({ ok: false });
    expect(checkReopen(collecting, owner)).toMatchObject({ ok: false });
    expect(checkReopen({ ...collecting, status: "in_approval" }, owner)).toMatchObject({ ok: false });
  });
});

describe("audit wording", () => {
  it("names decisions with their level", () => {
    expect(auditAction({ kind: "submitted", level: null })).toBe("提交审批");
    expect(auditAction({ kind: "approved", level: 1 })).toBe("第 1 级同意");
    expect(auditAction({ kind: "returned", level: 2 })).toBe("第 2 级退回");
    expect(auditAction({ kind: "reopened", level: null })).toBe("重新打开");
  });
});
