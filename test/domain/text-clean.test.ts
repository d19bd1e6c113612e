import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanPastedText } from "../../src/domain/text-clean.js";
import { countChars } from "../../src/domain/text.js";

const nanan = readFileSync(new URL("../fixtures/nanan-2023-report.txt", import.meta.url), "utf8");

/** The fixture text between two markers (inclusive of start, exclusive of end). */
function excerpt(start: string, end: string): string {
  const i = nanan.indexOf(start);
  const j = nanan.indexOf(end, i + 1);
  if (i < 0 || j < 0) throw new Error(`excerpt not found: ${start} … ${end}`);
  return nanan.slice(i, j);
}

describe("cleanPastedText on real excerpts", () => {
  it("joins the Word break inside 水\\n\\n平 and keeps numbered items on their own lines", () => {
    const raw = excerpt("1.持续推进简政放权", "（三）强化政策法规引领");
    expect(raw).toContain("水\n\n平。");
    const out = cleanPastedText(raw);
    expect(out).toContain("1.持续推进简政放权，审批服务快捷高效，提升政务服务水平。推动“一件事一次办”");
    const lines = out.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]!.startsWith("2.紧紧围绕“打造一流的营商环境”")).toBe(true);
    expect(lines[2]!.startsWith("3.加强和规范事前事中事后监管")).toBe(true);
    expect(out).not.toMatch(/\n\n/);
  });

  it("removes the spaces in the title line and the preamble's half-width punctuation", () => {
    expect(cleanPastedText("关于 2023 年法治政府建设情况的报告")).toBe("关于2023年法治政府建设情况的报告");
    const raw = excerpt("南岸区交通局以习近平", "一、2023 年");
    const out = cleanPastedText(raw);
    expect(out).toBe(
      "南岸区交通局以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神和习近平法治思想，对照《2023年全市交通法治工作要点》，结合《2023年全区法治政府建设工作要点》，扎实推进我区交通法治政府建设工作。现将我局法治政府建设工作情况报告如下：",
    );
  });

  it("keeps the sub-heading with half-width comma on its own line and fixes the body's spaced figures", () => {
    const raw = excerpt("(一)深入学习贯彻", "(二)持续深化");
    const out = cleanPastedText(raw);
    const [heading, body, ...rest] = out.split("\n");
    expect(heading).toBe("（一）深入学习贯彻党的二十大精神，推动我区交通法治政府部门建设");
    expect(body).toContain("组织党委理论中心组学习12次，交流发言48次。");
    expect(rest).toEqual([]);
  });

  it("joins a sentence broken across a page (信访案件 / 100 余件)", () => {
    const raw = excerpt("2.多元化解社会矛盾纠纷", "3.依法预防处置");
    const out = cleanPastedText(raw);
    expect(out).toBe(
      "2.多元化解社会矛盾纠纷。2023年，我局共处理信访案件100余件，及时受理和按期办结率达到100%，满意率90%以上。妥善处置城南、长汇驾校投诉，货拉拉司机维权等不稳定事件，妥善化解交通工程征地拆迁、劳资纠纷等问题10件。",
    );
  });

  it("joins 法律咨\\n\\n询制度 inside a paragraph that follows a heading", () => {
    const raw = excerpt("（三）强化政策法规引领", "（四）加强权力监督制约");
    const lines = cleanPastedText(raw).split("\n");
    expect(lines[0]).toBe("（三）强化政策法规引领，交通运输法规体系建设扎实推进");
    expect(lines[1]).toContain("重大决策法律咨询制度，2023年以来，合同审查55件，5名干部职工");
    expect(lines).toHaveLength(2);
  });

  it("keeps 1. items and normalises '1. 观念' spacing", () => {
    const raw = excerpt("1. 观念的不足", "四、2024年");
    const lines = cleanPastedText(raw).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]!.startsWith("1.观念的不足。")).toBe(true);
    expect(lines[1]!.startsWith("2.机制的不足。")).toBe(true);
  });

  it("the whole report keeps its headings on their own lines", () => {
    const out = cleanPastedText(nanan);
    const lines = out.split("\n");
    expect(lines).toContain("一、2023年推进法治政府建设的主要举措和成效");
    expect(lines).toContain("（四）加强权力监督制约，科学民主依法决策");
    expect(lines).toContain("五、其他需要报告的情况");
    expect(lines[lines.length - 1]).toBe("无。");
    expect(lines.filter((l) => /^（[一二三四五六]）/.test(l))).toHaveLength(6);
    expect(out).not.toContain("水平。推动“一件事一次办”，道路运输行政许可等全部实现电子证照，办理“跨省通办” 10850");
    expect(out).not.toMatch(/[\u4e00-\u9fff] [\u4e00-\u9fff0-9]/);
  });
});

describe("cleanPastedText rules", () => {
  it("joins lines that do not end a sentence; keeps ones that do", () => {
    expect(cleanPastedText("提升政务服务水\n\n平。")).toBe("提升政务服务水平。");
    expect(cleanPastedText("第一句。\n第二句；\n第三句")).toBe("第一句。\n第二句；\n第三句");
    expect(cleanPastedText("依法开展行政应诉，\r\n行政机关负责人出庭应诉率100%。")).toBe("依法开展行政应诉，行政机关负责人出庭应诉率100%。");
  });

  it("keeps headings of every style on their own lines", () => {
    const raw = "（一）强化组织领导\n年初，及时调整领导小组成员。\n(二)落实职责制度\n1、制度一\n（1）细项\n二、依法行政";
    expect(cleanPastedText(raw).split("\n")).toEqual([
      "（一）强化组织领导",
      "年初，及时调整领导小组成员。",
      "（二）落实职责制度",
      "1、制度一",
      "（1）细项",
      "二、依法行政",
    ]);
    // A marker alone on a line is joined with its text.
    expect(cleanPastedText("（一）\n强化组织领导。")).toBe("（一）强化组织领导。");
  });

  it("keeps a title line longer than 30 characters apart from the preamble when it ends in its 文种", () => {
    const title = "重庆市南岸区交通运输委员会关于2023年度法治政府建设工作情况的报告"; // 34 characters
    expect(cleanPastedText(`${title}\n南岸区交通局以习近平法治思想为指导。现将报告如下：`).split("\n")).toEqual([
      title,
      "南岸区交通局以习近平法治思想为指导。现将报告如下：",
    ]);
    // A line of that length without a 文种 at its end is still joined with the next.
    expect(cleanPastedText("重庆市南岸区交通运输委员会二〇二三年度法治政府建设工作情况汇总表格\n中的数据由各科室填报。")).toBe(
      "重庆市南岸区交通运输委员会二〇二三年度法治政府建设工作情况汇总表格中的数据由各科室填报。",
    );
  });

  it("handles spaces: CJK vs Latin", () => {
    expect(cleanPastedText("我局 使用 Word 文档 和 the Lark app 办公")).toBe("我局使用Word文档和the Lark app办公");
    expect(cleanPastedText("完成 各类检查 3785 次 ， 完成整改 3681 起 。")).toBe("完成各类检查3785次，完成整改3681起。");
    expect(cleanPastedText("　　南岸区交通局\t以习近平法治思想为指导。")).toBe("南岸区交通局以习近平法治思想为指导。");
    expect(cleanPastedText("plain English\ntext here")).toBe("plain English text here");
  });

  it("widens half-width punctuation next to CJK only", () => {
    expect(cleanPastedText("思想为指导,全面贯彻;如下:")).toBe("思想为指导，全面贯彻；如下：");
    expect(cleanPastedText("《法治政府建设实施纲要(2021-2025年)》")).toBe("《法治政府建设实施纲要（2021-2025年）》");
    expect(cleanPastedText("会议于 12:30 召开,共 1,000 人")).toBe("会议于12:30召开，共1,000人");
    expect(cleanPastedText("f(x) = y")).toBe("f(x) = y");
    expect(cleanPastedText("是否完成?已完成!")).toBe("是否完成？已完成！");
  });

  it("keeps the zero-width joiner inside emoji sequences and drops stray zero-width characters", () => {
    const family = "👨\u200d👩\u200d👧\u200d👦";
    const coder = "👩🏽\u200d💻"; // after a skin tone
    const rainbow = "🏳\ufe0f\u200d🌈"; // after a variation selector
    const runner = "🏃\u200d♂\ufe0f"; // joined to a symbol that is itself a pictograph
    expect(cleanPastedText(`全家${family}参加，${coder}值守，${rainbow}与${runner}。`)).toBe(`全家${family}参加，${coder}值守，${rainbow}与${runner}。`);
    // Joiners between letters, at the ends, or next to only one emoji are stray; so are the other zero-width characters.
    expect(cleanPastedText("法\u200d治\u200b政\u200c府\u2060建\ufeff设")).toBe("法治政府建设");
    expect(cleanPastedText("\u200d开头👍\u200d结尾\u200d")).toBe("开头👍结尾");
    expect(cleanPastedText("文字\u200d👍")).toBe("文字👍");
  });

  it("drops blank lines, zero-width characters and page numbers", () => {
    expect(cleanPastedText("第一段。\n\n\n\n- 3 -\n\n第二段。\u200b\n第 2 页 共 5 页\n")).toBe("第一段。\n第二段。");
    expect(cleanPastedText("  \n\n ")).toBe("");
  });
});

describe("countChars", () => {
  it("counts non-whitespace characters", () => {
    expect(countChars("无")).toBe(1);
    expect(countChars(" 无。 \n")).toBe(2);
    expect(countChars("组织党委理论中心组学习 12 次")).toBe(14);
    expect(countChars("Word 文档\u3000\t")).toBe(6);
    expect(countChars("𠀀a")).toBe(2); // astral CJK counts once
    expect(countChars("")).toBe(0);
  });
});
