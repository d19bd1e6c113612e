import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { escapeMarkdown, renderMarkdown } from "../../src/adapters/document/markdown.js";
import type { ReportDocument } from "../../src/domain/report-document.js";
import { splitSeed } from "./seed-split.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");

/** Undoes the backslash escapes and strong emphasis, to compare the visible text. */
const visible = (md: string) => md.replace(/\*\*/g, "").replace(/\\([\\`*_[\]<>&|~#.+\-=)])/g, "$1");

describe("renderMarkdown", () => {
  const nanan = splitSeed(fixture("nanan-2023-report.txt"), {
    titleLines: 2,
    office: "重庆市南岸区交通局",
    date: "2024-01-15",
    recipient: "区委、区政府",
  });
  const md = renderMarkdown(nanan.doc);
  const lines = md.split("\n");

  it("puts the whole title on one # line and the 主送机关 after it", () => {
    expect(lines[0]).toBe("# 重庆市南岸区交通局关于 2023 年法治政府建设情况的报告");
    expect(lines[2]).toBe("区委、区政府：");
  });

  it("uses ## for 一、 and ### for （一） headings", () => {
    expect(lines.filter((l) => l.startsWith("## ")).map((l) => l.slice(3, 5))).toEqual(["一、", "二、", "三、", "四、", "五、"]);
    expect(lines.filter((l) => l.startsWith("### "))).toHaveLength(6);
    expect(lines).toContain("### （三）强化政策法规引领，交通运输法规体系建设扎实推进");
  });

  it("bolds lead-ins so that CommonMark closes the emphasis before CJK text", () => {
    // The closing ** must follow a letter, not "。", or CommonMark leaves it literal.
    expect(lines).toContain(
      "**3\\.加强和规范事前事中事后监管，交通运输环境持续向好**。深入开展和加强交通运输事中事后三年行动，将安全稳定工作纳入党委会固定议题，组织开展工作部署、专题研究17次；扎实开展交通行业安全生产重大隐患排查等专项整治工作，持续落实“双随机一公开”监督，完成各类检查3785次，完成整改3681起。",
    );
    expect(lines).toContain("**1\\.持续推进简政放权,审批服务快捷高效,提升政务服务水**");
  });

  it("contains every paragraph of the report in order, and ends with the signature", () => {
    const paras = md.trimEnd().split("\n\n").map((p) => visible(p).replace(/^#+ /, ""));
    expect(paras.slice(2, 2 + nanan.body.length)).toEqual(nanan.body);
    expect(md.endsWith("重庆市南岸区交通局  \n2024年1月15日\n")).toBe(true);
  });

  it("escapes Markdown syntax in the district draft's ** placeholders", () => {
    const d = splitSeed(fixture("district-2022-draft.txt"), {
      titleLines: 0,
      title: "**区交通运输局关于2022年度法治政府建设情况的报告",
      office: "**区交通运输局",
      date: "2023-02-20",
    });
    const out = renderMarkdown(d.doc);
    expect(out.startsWith("# \\*\\*区交通运输局关于2022年度法治政府建设情况的报告\n")).toBe(true);
    expect(out).toContain("**（一）强化组织领导**。年初，以《\\*\\*市\\*\\*区进一步贯彻落实");
    expect(out).toContain("共办理12345等平台信访投诉和市局交办工单\\*\\*\\*\\*件");
    // No unescaped * outside the bold markers.
    expect(out.replace(/\\\*/g, "").replace(/\*\*/g, "")).not.toContain("*");
  });

  it("renders empty required sections, hostile text and the appendix", () => {
    const doc: ReportDocument = {
      title: "测试局关于2026年度法治政府建设情况的报告",
      office: "测试局",
      date: "2027-02-20",
      blocks: [
        { level: 0, heading: "", text: "- 不是列表 <script> & a|b 🚀\u0001", required: true },
        { level: 1, heading: "一、主要举措", text: "", required: true },
      ],
      appendix: { title: "填报记录", rows: [["部分", "填报人"], ["一、主要举措", "法规科|张某"]] },
    };
    const out = renderMarkdown(doc);
    expect(out).toContain("\n\n\\- 不是列表 \\<script\\> \\& a\\|b 🚀\n\n");
    expect(out).toContain("## 一、主要举措\n\n【待补充】");
    expect(out).toContain("附件：填报记录");
    expect(out).toContain("| 部分 | 填报人 |\n| --- | --- |\n| 一、主要举措 | 法规科\\|张某 |");
    expect(out).not.toContain("\u0001");
  });
});

describe("escapeMarkdown", () => {
  it("escapes line-start syntax and inline specials, leaves CJK alone", () => {
    expect(escapeMarkdown("# 标题")).toBe("\\# 标题");
    expect(escapeMarkdown("- 项")).toBe("\\- 项");
    expect(escapeMarkdown("2) 项")).toBe("2\\) 项");
    expect(escapeMarkdown("a_b*c`d[e]")).toBe("a\\_b\\*c\\`d\\[e\\]");
    expect(escapeMarkdown("法治政府建设，“八五”普法。")).toBe("法治政府建设，“八五”普法。");
  });
});
