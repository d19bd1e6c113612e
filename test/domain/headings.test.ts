import { describe, expect, it } from "vitest";
import * as documentHeadings from "../../src/adapters/document/headings.js";
import { classifyParagraph, endsWithSentenceEnd, headingMarker } from "../../src/domain/headings.js";

describe("classifyParagraph", () => {
  it("recognises the four GB/T 9704 levels as stand-alone headings", () => {
    expect(classifyParagraph("一、2023 年推进法治政府建设的主要举措和成效")).toEqual({ kind: "heading1", marker: "一、" });
    expect(classifyParagraph("十二、其他")).toEqual({ kind: "heading1", marker: "十二、" });
    expect(classifyParagraph("（三）强化政策法规引领，交通运输法规体系建设扎实推进")).toEqual({
      kind: "heading2",
      marker: "（三）",
    });
    expect(classifyParagraph("1.持续推进简政放权，审批服务快捷高效，提升政务服务水")).toEqual({
      kind: "heading3",
      marker: "1.",
    });
    expect(classifyParagraph("（2）规范执法文书")).toEqual({ kind: "heading4", marker: "（2）" });
  });

  it("accepts the half-width and full-width variants found in real drafts", () => {
    expect(classifyParagraph("(一)深入学习贯彻党的二十大精神,推动我区交通法治政府部门建设").kind).toBe("heading2");
    expect(classifyParagraph("2．机制的不足").kind).toBe("heading3");
    expect(classifyParagraph("3、加强内部审计").kind).toBe("heading3");
    expect(classifyParagraph("(4)其他").kind).toBe("heading4");
  });

  it("splits a run-on heading into a lead-in and the rest, losing nothing", () => {
    const p = "1.持续推进简政放权，审批服务快捷高效。推动“一件事一次办”，道路运输行政许可等全部实现电子证照。";
    const c = classifyParagraph(p);
    expect(c).toEqual({
      kind: "heading3",
      marker: "1.",
      leadIn: "1.持续推进简政放权，审批服务快捷高效。",
      rest: "推动“一件事一次办”，道路运输行政许可等全部实现电子证照。",
    });
    expect(c.leadIn! + c.rest!).toBe(p);

    const d = classifyParagraph("（一）强化组织领导。年初，以《**市**区…实施办法》为依据，及时调整领导小组成员。");
    expect(d.kind).toBe("heading2");
    expect(d.leadIn).toBe("（一）强化组织领导。");
    expect(d.rest).toBe("年初，以《**市**区…实施办法》为依据，及时调整领导小组成员。");
  });

  it("keeps a closing quote or bracket with the sentence it ends", () => {
    const c = classifyParagraph("2.落实“谁执法谁普法。”边执法边宣传。");
    expect(c.leadIn).toBe("2.落实“谁执法谁普法。”");
    expect(c.rest).toBe("边执法边宣传。");
  });

  it("handles the space after a marker as in the 南岸区 report", () => {
    const c = classifyParagraph("1. 观念的不足。进一步转变传统观念，积极适应形势发展要求。");
    expect(c).toMatchObject({ kind: "heading3", leadIn: "1. 观念的不足。", rest: "进一步转变传统观念，积极适应形势发展要求。" });
  });

  it("styles only the marker of a long numbered paragraph whose first sentence is not a heading", () => {
    const long =
      "2.紧紧围绕“打造一流的营商环境”，强化企业信用体系建设，深入重点项目、企业，实地了解企业需求和困难，指定业务骨干队伍帮助完善审批材料、整改现场查勘隐患。";
    expect(classifyParagraph(long)).toEqual({ kind: "heading3", marker: "2.", leadIn: "2.", rest: long.slice(2) });
  });

  it("accepts full-width digits (１．, （２）) as typed with a full-width input method", () => {
    expect(classifyParagraph("１．观念的不足。进一步转变传统观念。")).toMatchObject({ kind: "heading3", marker: "１．", leadIn: "１．观念的不足。" });
    expect(classifyParagraph("（２）规范执法文书").kind).toBe("heading4");
    expect(classifyParagraph("１．５亿元资金全部到位。").kind).toBe("body");
  });

  it("treats text that merely starts with numbers or 一是 as body", () => {
    expect(classifyParagraph("100 余件，及时受理和按期办结率达到 100%").kind).toBe("body");
    expect(classifyParagraph("2023年，我们将继续以习近平新时代中国特色社会主义思想为指导。").kind).toBe("body");
    expect(classifyParagraph("1.5亿元资金全部到位。").kind).toBe("body");
    expect(classifyParagraph("一是综合行政执法能力还有待于提高。").kind).toBe("body");
    expect(classifyParagraph("无。").kind).toBe("body");
    expect(classifyParagraph("一、").kind).toBe("body");
  });
});

describe("endsWithSentenceEnd", () => {
  it("detects run-in headings", () => {
    expect(endsWithSentenceEnd("（一）强化组织领导。")).toBe(true);
    expect(endsWithSentenceEnd("（一）强化组织领导")).toBe(false);
    expect(endsWithSentenceEnd("（一）强化。组织领导")).toBe(false);
  });
});

describe("headingMarker", () => {
  it("gives the marker and level of every numbering style, bare markers included", () => {
    expect(headingMarker("一、主要举措")).toEqual({ level: 1, marker: "一、" });
    expect(headingMarker("(十二)其他")).toEqual({ level: 2, marker: "(十二)" });
    expect(headingMarker("3、加强内部审计")).toEqual({ level: 3, marker: "3、" });
    expect(headingMarker("（4）细项")).toEqual({ level: 4, marker: "（4）" });
    expect(headingMarker("一、")).toEqual({ level: 1, marker: "一、" });
    expect(headingMarker("一是综合行政执法能力还有待于提高。")).toBeNull();
    expect(headingMarker("2023年，我们将继续")).toBeNull();
  });
});

describe("src/adapters/document/headings.ts", () => {
  it("re-exports the domain's classification (one definition for renderers and structure recognition)", () => {
    expect(documentHeadings.classifyParagraph).toBe(classifyParagraph);
    expect(documentHeadings.endsWithSentenceEnd).toBe(endsWithSentenceEnd);
  });
});
