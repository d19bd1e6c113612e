/**
 * Which mandated item each part of a report reports.
 *
 * The 法治政府建设年度报告 has five mandated items, the part keys of src/domain/templates/fazhi-annual.ts:
 * measures (主要举措和成效), leader (党政主要负责人履行第一责任人职责), shortcomings (存在的不足和原因),
 * plan (下一年度的主要安排), other (其他需要报告的情况). A part is matched
 *  - by its title's keywords (TITLE_RULES) — `mandatedBy: "title"`; when a title names two items, the one named
 *    first counts most ("存在的问题及下一步打算" → shortcomings);
 *    "头雁" (the leading goose: leaders setting the example) names the leader part, as in the district draft's
 *    "头雁领航，法治政府建设不断推进", whose text is about the 党政主要负责人 too;
 *  - otherwise by its text (CONTENT_TERMS: 第一责任人/述法 → leader, 不足/短板/差距 → shortcomings,
 *    下一步/将继续 → plan, 特色/亮点 or just "无" → other; MEASURES_TOPICS: ≥ 4 distinct topics of a year's work
 *    such as 放管服, 决策, 执法, 复议/信访, 普法 → measures), the first 150 characters counting three times, at
 *    least CONTENT_THRESHOLD — `mandatedBy: "content"`. Matching by content needs evidence that the text is a report at
 *    all (a part title naming an item, "报告如下" in the preamble, or "报告" in the title): a work plan's groups
 *    ("一、持续深化“放管服”改革…") are not taken for a report's parts.
 * Each item goes to at most one part and each part gets at most one item: the best (part, item) pairs win first.
 * Parts that match nothing are kept (`mandated: null`), never dropped. A part reporting two items gets the first.
 */
import { cleanPastedText } from "../text-clean.js";
import { parseHeading } from "./sections.js";
import { MANDATED_ITEMS, type MandatedItem, type RecognizedPart } from "./types.js";

interface TitleRule {
  item: MandatedItem;
  re: RegExp;
}

/** Title keywords of each mandated item. */
const TITLE_RULES: readonly TitleRule[] = [
  { item: "leader", re: /第一责任人|主要负责人|主要领导|党政(?:主要)?负责|一把手|述法|头雁/ },
  {
    item: "shortcomings",
    re: /不足|短板|差距|薄弱|存在(?:的)?(?:主要)?(?:问题|困难)|(?:问题|困难)(?:和|与|及)(?:不足|原因|困难|问题)|原因分析/,
  },
  { item: "plan", re: /下一步|下一年|下步|明年|来年|今后|安排|打算|计划|思路|设想|展望|努力方向/ },
  { item: "other", re: /其他|其它|特色|亮点|需要(?:报告|说明)|补充/ },
  { item: "measures", re: /举措和成效|举措及成效|主要举措|成效|做法|成绩|主要工作|工作(?:开展|推进|落实)?情况|进展/ },
];

/** Items a title names, the one named first first. */
export function titleItems(title: string): MandatedItem[] {
  const hits: { item: MandatedItem; at: number }[] = [];
  for (const { item, re } of TITLE_RULES) {
    const m = re.exec(title);
    if (m) hits.push({ item, at: m.index });
  }
  return hits.sort((a, b) => a.at - b.at).map((h) => h.item);
}

/** Terms in a part's text that speak for an item (measures: see MEASURES_TOPICS). */
const CONTENT_TERMS: Readonly<Record<Exclude<MandatedItem, "measures">, RegExp>> = {
  leader: /第一责任人|主要负责人|主要领导|一把手|述法|四个亲自|亲自(?:部署|过问|协调|督办)/g,
  shortcomings:
    /不足|短板|差距|薄弱|有待于?(?:提高|加强|提升|完善)|还不够|不够(?:高|强|完善|健全|到位)|尚未|滞后|欠缺|存在(?:的)?问题|不到位|不平衡/g,
  plan: /下一步|明年|下一年|今后|将(?:继续|进一步|持续|全面|加快|深入|着力|坚持)|我们将|我局将|力争/g,
  other: /特色|亮点|首创|表扬|肯定|推广|示范|获评|荣获/g,
};

/** The topics of a year's 法治政府建设 work: a part covering many of them reports the measures. */
const MEASURES_TOPICS: readonly RegExp[] = [
  /习近平法治思想|学法|中心组/,
  /放管服|营商环境|简政放权|一网通办|跨省通办|证照分离|政务服务/,
  /规范性文件|合法性审[查核]|制度建设/,
  /重大行政决策|依法决策|科学民主|法律顾问/,
  /行政执法|执法监督|三项制度|双随机|案卷评查|执法人员/,
  /监督|政务公开|制约/,
  /复议|应诉|信访|矛盾纠纷|调解/,
  /普法|法治宣传|宪法宣传/,
  /突发事件|应急/,
];
const FIGURE_RE = /\d+(?:\.\d+)?\s*(?:余|多)?(?:件|次|场|人次|条|家|名|个|项|万)/g;

/** Characters at the start of a part's text that weigh more: where a part says what it is about. */
const OPENING_CHARS = 150;
/** Minimum content score for a match by content alone. */
const CONTENT_THRESHOLD = 6;
/** Bodies that only the 'other' item may have. */
const NOTHING_RE = /^(?:无|暂无|没有|无其他需要报告的情况)[。.]?$/;

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

/** How strongly a part's text speaks for each item (0 … ~20). */
function contentScores(body: string): Record<MandatedItem, number> {
  const opening = body.slice(0, OPENING_CHARS);
  const score = (re: RegExp) => 3 * Math.min(countMatches(re, opening), 3) + Math.min(countMatches(re, body), 10);
  const topics = MEASURES_TOPICS.filter((re) => re.test(body)).length;
  const figures = countMatches(FIGURE_RE, body);
  return {
    measures: topics >= 4 ? 2 * topics + (figures >= 5 ? 2 : 0) : 0,
    leader: score(CONTENT_TERMS.leader),
    shortcomings: score(CONTENT_TERMS.shortcomings),
    plan: score(CONTENT_TERMS.plan),
    other: NOTHING_RE.test(body.trim()) ? 20 : score(CONTENT_TERMS.other),
  };
}

interface Candidate {
  part: number;
  item: MandatedItem;
  score: number;
  by: "title" | "content";
}

/** Score of a title match: far above any content score; the item named first wins, content breaks ties. */
const TITLE_SCORE = 100;

function candidatesFor(part: number, title: string, body: string, byContent: boolean): Candidate[] {
  const content = contentScores(body);
  const named = titleItems(title);
  const out: Candidate[] = named.map((item, rank) => ({
    part,
    item,
    score: TITLE_SCORE - 20 * rank + Math.min(content[item], 19) / 20,
    by: "title",
  }));
  if (byContent) {
    for (const item of MANDATED_ITEMS) {
      if (named.includes(item) || content[item] < CONTENT_THRESHOLD) continue;
      out.push({ part, item, score: content[item], by: "content" });
    }
  }
  return out;
}

/** Best (part, item) pairs first; each item and each part once; ties go to the earlier part. */
function assign(candidates: Candidate[]): Map<number, Candidate> {
  const sorted = [...candidates].sort((a, b) => b.score - a.score || a.part - b.part);
  const byPart = new Map<number, Candidate>();
  const taken = new Set<MandatedItem>();
  for (const c of sorted) {
    if (byPart.has(c.part) || taken.has(c.item)) continue;
    byPart.set(c.part, c);
    taken.add(c.item);
  }
  return byPart;
}

/**
 * The mandated item a part reports, from its title (marker allowed: "二、党政主要负责人…") or, when the title
 * names none, from its text. Null when neither is clear. Used alone, without the rest of a document: for text
 * pasted into the wrong part.
 */
export function classifyPartTitle(title: string, body?: string): MandatedItem | null {
  const t = cleanPastedText(title).replace(/\n/g, "");
  const h = parseHeading(t);
  const named = titleItems(h ? h.title : t);
  if (named.length > 0) return named[0]!;
  if (!body) return null;
  const best = assign(candidatesFor(0, "", cleanPastedText(body), true)).get(0);
  return best ? best.item : null;
}

/**
 * Matches a document's parts to the mandated items: sets each part's `mandated` and `mandatedBy`, and returns the
 * items no part reports, in the template's 法定顺序. `preamble` and `title` are the document's: evidence that the
 * text is a report, which matching explicit parts by their text needs.
 */
export function assignMandated(parts: readonly RecognizedPart[], preamble: string | undefined, title: string | undefined): MandatedItem[] {
  const explicit = parts.filter((p) => !p.implicit);
  const isReport =
    explicit.some((p) => titleItems(p.title).length > 0) ||
    /报告如下/.test(preamble ?? "") ||
    /报告/.test(title ?? "");
  const candidates = parts.flatMap((p, i) => candidatesFor(i, p.title, p.body, isReport || p.implicit));
  for (const [i, c] of assign(candidates)) {
    parts[i]!.mandated = c.item;
    parts[i]!.mandatedBy = c.by;
  }
  const found = new Set(parts.map((p) => p.mandated));
  return MANDATED_ITEMS.filter((m) => !found.has(m));
}
