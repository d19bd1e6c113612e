// Built-in template: 法治政府建设年度报告 (the annual report required by
// 《法治政府建设与责任落实督察工作规定》: five mandated items).
// Prompts, guidance and examples are drawn from real reports (test/fixtures): the 2023 南岸区交通局 report,
// a 2022 district transport bureau draft, and the 2023 交通法治工作要点 (work plan).
import type { FigureRule, GuidanceTopic, SectionTemplate, Template } from "../model.js";

const topic = (label: string, ...keywords: string[]): GuidanceTopic => ({ label, keywords });
const figure = (label: string, pattern: string): FigureRule => ({ label, pattern });

/** A sub-section suggestion (level 2): required once included, about 80 characters at least. */
function sub(
  key: string,
  title: string,
  prompt: string,
  topics: GuidanceTopic[],
  example: string,
  figures: FigureRule[] = [],
): SectionTemplate {
  return {
    key,
    title,
    prompt,
    guidance: { topics, example },
    required: true,
    minLength: 80,
    completeAnswers: [],
    figures,
    children: [],
  };
}

const preamble: SectionTemplate = {
  key: "preamble",
  title: "开头",
  prompt:
    "用一段话概括指导思想、工作依据和总体情况，以“现将……报告如下：”结尾。",
  guidance: {
    topics: [
      topic("指导思想", "习近平新时代中国特色社会主义思想", "习近平法治思想", "二十大"),
      topic("工作依据", "纲要", "要点", "实施方案", "工作计划"),
      topic("引出正文", "报告如下"),
    ],
    example:
      "南岸区交通局以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神和习近平法治思想，对照《2023年全市交通法治工作要点》，结合《2023年全区法治政府建设工作要点》，扎实推进我区交通法治政府建设工作。现将我局法治政府建设工作情况报告如下：",
  },
  required: true,
  minLength: 60,
  completeAnswers: [],
  figures: [],
  children: [],
};

const measuresChildren: SectionTemplate[] = [
  sub(
    "measures.study",
    "学习贯彻习近平法治思想",
    "写明理论学习的组织方式和次数：党委（党组）理论中心组学法、专题宣讲、培训等。",
    [
      topic("中心组学法", "中心组", "理论学习", "专题学习"),
      topic("宣讲培训", "宣讲", "党课", "培训"),
      topic("习近平法治思想", "习近平法治思想"),
    ],
    "坚持把学习贯彻党的二十大精神、习近平法治思想作为当前及今后一个时期首要政治任务来抓，组织党委理论中心组学习12次，交流发言48次。",
    [figure("学习次数", "学习\\s*\\d+\\s*次"), figure("宣讲场次", "\\d+\\s*场")],
  ),
  sub(
    "measures.business",
    "深化“放管服”改革，优化营商环境",
    "写明简政放权、事中事后监管、政务服务和信用建设的做法，列出办件量等数据。",
    [
      topic("简政放权", "简政放权", "告知承诺", "证照分离", "权责清单"),
      topic("政务服务", "一网通办", "跨省通办", "电子证照", "一件事一次办", "政务服务"),
      topic("事中事后监管", "事中事后", "双随机", "互联网+监管"),
      topic("信用建设", "信用"),
    ],
    "推动“一件事一次办”，道路运输行政许可等全部实现电子证照，办理“跨省通办”10850件、行政许可2810件、公共服务事项29956件。",
    [figure("办件数量", "\\d+\\s*件"), figure("检查次数", "检查\\s*\\d+\\s*次")],
  ),
  sub(
    "measures.rules",
    "加强制度建设",
    "写明行政规范性文件的制定、备案、清理和合法性审查情况。",
    [
      topic("规范性文件管理", "规范性文件", "备案"),
      topic("文件清理", "清理"),
      topic("合法性审查", "合法性审查", "合法性审核", "公平竞争审查"),
    ],
    "按上级部门要求，严格落实《行政规范性文件管理办法》，定期清理规范性文件。",
    [figure("审查件数", "审[查核]\\s*\\d+\\s*件")],
  ),
  sub(
    "measures.decision",
    "推进依法科学民主决策",
    "写明重大行政决策程序、集体讨论、法律顾问和合法性审查的落实情况；有统计的，写明合法性审查、合同审查件数。",
    [
      topic("决策程序", "重大行政决策", "决策程序", "议事规则"),
      topic("集体讨论", "集体讨论", "集体决策", "三重一大"),
      topic("法律顾问", "法律顾问", "公职律师"),
    ],
    "落实重大行政决策专家咨询论证和法律顾问制度，发挥法律顾问在重大复杂疑难案件、合法性审查等方面的参谋作用，确保所有重大行政决策都严格履行合法性审查和集体讨论程序。",
    // No required figure: decision-making is reported as procedure (the finished 2023 南岸 report gives none);
    // the prompt asks for 审查件数 where they are counted.
    [],
  ),
  sub(
    "measures.enforcement",
    "严格规范公正文明执法",
    "写明行政执法“三项制度”、执法检查和行政处罚情况，列出检查次数和案件数。",
    [
      topic("三项制度", "三项制度", "执法公示", "全过程记录", "法制审核"),
      topic("执法检查", "检查", "专项整治", "执法行动"),
      topic("裁量基准", "裁量"),
      topic("执法队伍", "执法人员", "执法证", "案卷评查"),
    ],
    "持续落实“双随机一公开”监督，完成各类检查3785次，完成整改3681起。",
    [
      figure("执法检查次数", "检查\\s*\\d+\\s*次"),
      figure("行政处罚件数", "处罚[^。]{0,10}?\\d+\\s*件"),
    ],
  ),
  sub(
    "measures.oversight",
    "强化对行政权力的制约和监督",
    "写明接受人大、政协、司法、社会监督和内部审计、政务公开的情况。",
    [
      topic("外部监督", "人大", "政协", "司法建议", "社会监督"),
      topic("内部监督", "审计", "内部监督", "巡察"),
      topic("政务公开", "政务公开", "信息公开"),
    ],
    "制定了《重庆市南岸区交通局内部审计制度》，明确了内部审计职责和程序，按要求开展内部审计工作。",
    [figure("公开信息条数", "\\d+\\s*条")],
  ),
  sub(
    "measures.disputes",
    "依法化解矛盾纠纷",
    "写明行政复议、行政应诉、信访和矛盾纠纷化解情况，列出案件数、出庭应诉率、办结率。",
    [
      topic("行政复议", "行政复议", "复议"),
      topic("行政应诉", "应诉", "出庭"),
      topic("信访", "信访", "12345", "投诉"),
      topic("矛盾化解", "矛盾", "纠纷", "枫桥经验"),
    ],
    "依法开展行政应诉工作，行政机关负责人出庭应诉率100%，自觉履行人民法院生效裁判。",
    [
      figure("行政复议/应诉", "(?:复议|应诉|诉讼)[^。]{0,12}?\\d+(?:\\.\\d+)?\\s*(?:件|%|％)"),
      figure("信访件数", "信访[^。]{0,12}?\\d+"),
    ],
  ),
  sub(
    "measures.emergency",
    "依法预防处置重大突发事件",
    "写明应急预案、应急队伍和应急演练情况。",
    [
      topic("应急预案", "预案"),
      topic("应急演练", "演练"),
      topic("舆情", "舆情"),
    ],
    "落实3支应急救援队伍，组织开展道路运输、公路抢险和水上防汛抢险应急演练及督促企业完成应急演练40余次。",
    [figure("演练次数", "演练[^。]{0,10}?\\d+\\s*余?次")],
  ),
  sub(
    "measures.publicity",
    "深入推进普法",
    "写明“八五”普法、干部法治教育、“谁执法谁普法”和对外普法宣传活动，列出活动场次和覆盖人数。",
    [
      topic("八五普法", "八五", "普法规划"),
      topic("干部法治教育", "学法", "培训", "法治教育"),
      topic("谁执法谁普法", "谁执法谁普法"),
      topic("普法活动", "宪法", "民法典", "宣传月", "宣传周"),
    ],
    "全面落实“谁执法谁普法”工作机制，边执法边宣传法律法规，使法治宣传落到实处。",
    // Scale (场次, 人次…) or a stated regularity (每月组织…培训), as the finished 2023 南岸 report writes it.
    [figure("普法活动", "\\d+\\s*(?:场|场次|期|人次|份)|每(?:月|季度?|周|年|半年)[^。]{0,24}?(?:学法|培训|普法|宣传|讲座|学习)")],
  ),
  sub(
    "measures.digital",
    "推进数字法治建设",
    "写明执法信息化、网上办理、电子证照和数据共享的进展。",
    [
      topic("执法信息化", "信息化", "执法系统", "非现场执法", "移动执法"),
      topic("网上办理", "网上办", "一网通办", "平台"),
      topic("电子证照", "电子证照"),
    ],
    "推进省“一体化”在线交通政务服务平台使用，全面落实“证照分离”便民举措，积极推进信息化服务。",
    [figure("电子证照数量", "\\d+\\s*张")],
  ),
];

const leaderChildren: SectionTemplate[] = [
  sub(
    "leader.organization",
    "强化组织领导",
    "写明法治建设领导小组的设立和调整、专题会议情况。",
    [topic("领导小组", "领导小组"), topic("专题会议", "会议", "专题研究")],
    "及时调整领导小组成员，先后2次召开年度依法行政工作会议。",
    [figure("会议次数", "\\d+\\s*次")],
  ),
  sub(
    "leader.duties",
    "落实第一责任人职责制度",
    "写明“四个亲自”、述法、年度报告和督促考核的落实情况。",
    [topic("四个亲自", "四个亲自", "亲自部署"), topic("述法", "述法"), topic("考核", "考核")],
    "主要领导做到重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要案件亲自督办，带动班子成员坚持科学民主依法决策。",
  ),
];

/** The built-in 法治政府建设年度报告 template. */
export const fazhiAnnualTemplate: Template = {
  id: "fazhi-annual",
  name: "法治政府建设年度报告",
  version: 1,
  titlePattern: "{office}关于{year}年法治政府建设情况的报告",
  preamble,
  parts: [
    {
      key: "measures",
      title: "主要举措和成效",
      prompt:
        "写明本年度推进法治政府建设的主要举措和取得的成效，分小标题（一）（二）……逐项写，尽量给出数据。篇幅按本部分及其小标题合计。",
      guidance: {
        topics: [
          topic("学习贯彻习近平法治思想", "习近平法治思想"),
          topic("放管服改革", "放管服", "营商环境"),
          topic("依法决策", "决策"),
          topic("规范执法", "执法"),
          topic("化解矛盾纠纷", "复议", "应诉", "信访", "纠纷"),
          topic("普法", "普法"),
        ],
        example:
          "2023年，我局共处理信访案件100余件，及时受理和按期办结率达到100%，满意率90%以上。",
      },
      required: true,
      minLength: 300,
      completeAnswers: [],
      figures: [figure("数据", "\\d+(?:\\.\\d+)?\\s*(?:次|件|场|人次|条|家|%|％)")],
      mandatedItem: 1,
      children: measuresChildren,
    },
    {
      key: "shortcomings",
      title: "存在的不足和原因",
      prompt: "实事求是写明存在的不足，并分析原因；可附对策建议。",
      guidance: {
        topics: [
          topic("不足", "不足", "问题", "差距", "有待"),
          topic("原因", "原因", "由于", "因此"),
          topic("对策", "对策", "建议", "下一步"),
        ],
        example:
          "交通建设领域执法人员不足。我局仅涉及工程质监执法，虽有5人考取执法证件，但只有两人在相关的科室工作，其余人员对工程质监工作业务完全不了解。",
      },
      required: true,
      minLength: 150,
      completeAnswers: [],
      figures: [],
      mandatedItem: 2,
      children: [],
    },
    {
      key: "leader",
      title: "党政主要负责人履行推进法治建设第一责任人职责情况",
      prompt:
        "写明党政主要负责人履行推进法治建设第一责任人职责、落实“四个亲自”、带头述法和督促考核的情况。",
      guidance: {
        topics: [
          topic("四个亲自", "四个亲自", "亲自部署", "亲自过问"),
          topic("领导机制", "领导小组", "领导机制"),
          topic("述法", "述法"),
          topic("考核", "考核", "督促", "督导"),
        ],
        example:
          "按上级部署，把推进法治建设作为党政主要负责人的第一责任人职责予以认真履行，严格落实“四个亲自”要求。",
      },
      required: true,
      minLength: 200,
      completeAnswers: [],
      figures: [],
      mandatedItem: 3,
      children: leaderChildren,
    },
    {
      key: "plan",
      title: "下一年度推进法治政府建设的主要安排",
      prompt: "写明下一年度推进法治政府建设的工作思路和主要安排，可用“一是……二是……”分项。",
      guidance: {
        topics: [
          topic("总体思路", "习近平法治思想", "指导", "思路"),
          topic("制度机制", "制度", "机制"),
          topic("普法", "普法"),
          topic("执法", "执法"),
        ],
        example:
          "一是进一步加强法治政府建设工作的组织和领导，完善相关制度机制。二是加大投入，保障工作所需的人力、物力、财力。",
      },
      required: true,
      minLength: 200,
      completeAnswers: [],
      figures: [],
      mandatedItem: 4,
      children: [],
    },
    {
      key: "other",
      title: "其他需要报告的情况",
      prompt: "写明其他需要报告的情况，如特色、亮点工作；没有的写“无”。",
      guidance: {
        topics: [topic("特色亮点", "特色", "亮点", "首创", "表扬")],
        example: "首创开通“惠畅交通与法同行”公交605路普法专线。",
      },
      required: true,
      minLength: 20,
      completeAnswers: ["无", "无。"],
      figures: [],
      mandatedItem: 5,
      children: [],
    },
  ],
  partOrders: [
    { name: "法定顺序", keys: ["measures", "shortcomings", "leader", "plan", "other"] },
    // 南岸区交通局 2023: 一 举措 二 第一责任人 三 不足 四 安排 五 其他.
    { name: "第一责任人第二", keys: ["measures", "leader", "shortcomings", "plan", "other"] },
    // District draft 2022: 一 “头雁领航”（第一责任人）二 依法行政（举措）三 不足 四 安排 五 其他.
    { name: "第一责任人在前", keys: ["leader", "measures", "shortcomings", "plan", "other"] },
  ],
  defaultSubsections: [
    "measures.study",
    "measures.business",
    "measures.rules",
    "measures.decision",
    "measures.enforcement",
    "measures.oversight",
    "measures.disputes",
    "measures.publicity",
  ],
};

export const builtInTemplates: Template[] = [fazhiAnnualTemplate];

const norm = (s: string) => s.replace(/[\s\u3000]+/g, "").toLowerCase();

/** Finds a template by id or name (exact after removing spaces, case-insensitive), or undefined. */
export function findTemplate(nameOrId: string, templates: readonly Template[] = builtInTemplates): Template | undefined {
  const q = norm(nameOrId);
  if (!q) return undefined;
  return templates.find((t) => norm(t.id) === q) ?? templates.find((t) => norm(t.name) === q);
}
