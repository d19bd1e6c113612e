// Props builders for card tests. Realistic Chinese content; overrides for each test.
import type { OverviewPart, OverviewProps, OverviewSection } from "../../cards/overview.card.js";
import type { SectionPromptProps } from "../../cards/section-prompt.card.js";

export const CN_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

export const PART_TITLES = [
  "2023年推进法治政府建设的主要举措和成效",
  "2023年推进法治政府建设存在的不足和原因",
  "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
  "2024年推进法治政府建设的主要安排",
  "其他需要报告的情况",
];

export function openId(i: number): string {
  return `ou_${(0x1f3a5c7e9b + i * 7919).toString(16).padStart(32, "0")}`;
}

export function smallOverview(over: Partial<OverviewProps> = {}): OverviewProps {
  const parts: OverviewPart[] = [
    {
      key: "measures",
      heading: "一、2023年推进法治政府建设的主要举措和成效",
      status: "draft",
      chars: 2380,
      owners: [{ openId: openId(1), name: "张伟" }],
      children: [
        { key: "measures.study", heading: "（一）深入学习贯彻习近平法治思想", status: "complete", chars: 820, owners: [{ openId: openId(1), name: "张伟" }] },
        {
          key: "measures.reform",
          heading: "（二）深化“放管服”改革",
          status: "attention",
          chars: 640,
          owners: [{ openId: openId(2), name: "李娜" }],
          warnings: ["含占位符「XX」", "缺少数字：办理事项数量（件）"],
        },
        { key: "measures.law", heading: "（三）严格规范公正文明执法", status: "draft", chars: 920, owners: [{ openId: openId(3), name: "王强" }] },
      ],
    },
    { key: "problems", heading: "二、2023年推进法治政府建设存在的不足和原因", status: "complete", chars: 610, owners: [{ openId: openId(4), name: "刘洋" }] },
    { key: "duty", heading: "三、党政主要负责人履行推进法治建设第一责任人职责情况", status: "complete", chars: 980, owners: [{ openId: openId(5), name: "陈静" }] },
    { key: "plans", heading: "四、2024年推进法治政府建设的主要安排", status: "empty", chars: 0 },
    { key: "other", heading: "五、其他需要报告的情况", status: "complete", chars: 1, owners: [{ openId: openId(4), name: "刘洋" }] },
  ];
  const base: Omit<OverviewProps, "progress"> & Partial<Pick<OverviewProps, "progress">> = {
    reportId: "rep_2023_nanan",
    stateVersion: 17,
    title: "南岸区人民政府关于2023年度法治政府建设情况的报告",
    status: "collecting",
    preamble: { key: "preamble", heading: "", status: "complete", chars: 230, owners: [{ openId: openId(0), name: "赵敏" }] },
    parts,
    deadlines: { internal: { date: "2024-01-15", workingDays: 5 }, submission: { date: "2024-01-31", workingDays: 16 } },
    updatedAt: "1月8日 10:20",
    ...over,
  };
  // What the completeness evaluator would count for these rows (every row here is required), unless a test says.
  const units = [...(base.preamble ? [base.preamble] : []), ...base.parts];
  return { ...base, progress: over.progress ?? { complete: units.filter((u) => u.status === "complete").length, total: units.length } };
}

const LONG_WARNING =
  "内容偏少（120/400 字），且含占位符「XX」「××」「某某」，请补充具体工作举措、数量和成效（例如办理行政复议案件件数、行政应诉出庭率），并核对数据口径与上年度报告是否一致。";

/** The largest realistic report: preamble + 5 parts × 12 sub-sections, every section with owners and long warnings. */
export function largestOverview(): OverviewProps {
  const parts: OverviewPart[] = PART_TITLES.map((t, pi) => {
    const children: OverviewSection[] = Array.from({ length: 12 }, (_, ci) => ({
      key: `part${pi + 1}.sub${ci + 1}`,
      heading: `（${CN_NUM[ci]}）${"持续深化行政执法体制改革全面推进严格规范公正文明执法".slice(0, 10 + ((ci * 3) % 18))}`,
      status: (["empty", "draft", "attention", "complete"] as const)[(pi + ci) % 4]!,
      chars: 100 * ci + pi,
      owners: [
        { openId: openId(pi * 12 + ci), name: `负责人${pi}${ci}` },
        { openId: openId(pi * 12 + ci + 100), name: `协办${pi}${ci}` },
      ],
      warnings: [LONG_WARNING, "缺少数字：行政复议案件数（件）", "与上年度表述重复较多", "第一责任人履职情况未提及述法"],
    }));
    return {
      key: `part${pi + 1}`,
      heading: `${CN_NUM[pi]}、${t}`,
      status: "attention" as const,
      chars: children.reduce((n, c) => n + c.chars, 0),
      owners: [{ openId: openId(900 + pi), name: `部分负责人${pi}` }],
      warnings: [LONG_WARNING, LONG_WARNING],
      children,
    };
  });
  return {
    ...smallOverview(),
    parts,
    warnings: Array.from({ length: 25 }, (_, i) => `第 ${i + 1} 条：${LONG_WARNING}`),
    returned: {
      by: { openId: openId(999), name: "区长" },
      at: "1月10日 16:05",
      comment: `${LONG_WARNING}\n${LONG_WARNING}\n${LONG_WARNING}`,
      sections: PART_TITLES.map((t, i) => `${CN_NUM[i]}、${t}`),
    },
    deadlines: { internal: { date: "2024-01-15", workingDays: -2 }, submission: { date: "2024-01-31", workingDays: 9 } },
    calendarNotCovered: true,
  };
}

export function promptProps(over: Partial<SectionPromptProps> = {}): SectionPromptProps {
  return {
    reportId: "rep_2023_nanan",
    stateVersion: 17,
    sectionKey: "measures.reform",
    label: "一（二）",
    title: "深化“放管服”改革",
    prompt: "写明本年度在简政放权、放管结合、优化服务方面的主要举措、数量和成效。",
    topics: [
      { label: "行政审批制度改革", mentioned: true },
      { label: "“一网通办”与政务服务", mentioned: false },
      { label: "营商环境优化", mentioned: true },
    ],
    example:
      "全面推行证明事项告知承诺制，梳理公布告知承诺事项清单 86 项；深化“一网通办”，政务服务事项网上可办率达 98.6%。",
    currentText: "全年取消行政许可事项 12 项，下放区级权限 23 项。",
    status: "draft",
    minLength: 400,
    owners: [{ openId: openId(2), name: "李娜" }],
    position: { index: 3, total: 14 },
    ...over,
  };
}
