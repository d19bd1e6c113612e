// The prompt for one section: what to write, guidance, example, current text, and an answer form.
import type { SectionStatus } from "../src/domain/model.js";
import { CARRIED_OVER_WORD } from "../src/domain/vocabulary.js";
import type { Card, CardElement } from "./kit/types.js";
import { type Person, escapeMd, escapeMdBlock, formatCount, personMd, quoteMd, truncate } from "./kit/text.js";
import { SECTION_STATUS_MARK, SECTION_STATUS_WORD } from "../src/domain/vocabulary.js";
import { button, buttonRow, card, md, note, panel } from "./kit/elements.js";
import { form, input, selectStatic } from "./kit/form.js";
import { countChars, charLength } from "../src/domain/text.js";

export type AnswerMode = "append" | "replace";

export interface SectionPromptProps {
  reportId: string;
  stateVersion: number;
  /** The section's version (src/domain/answers.ts sectionVersion): what 保存 is judged against. */
  sectionVersion?: number;
  sectionKey: string;
  /** Address as users type it: "一（二）". */
  label: string;
  title: string;
  /** What to write. */
  prompt: string;
  /** Guidance topics; `mentioned` (when known) marks the ones the current text already covers. */
  topics?: { label: string; mentioned?: boolean }[];
  /** Example excerpt from a real report (shown folded). */
  example?: string;
  /**
   * A part's suggested sub-sections (the template's outline): aspects to cover, ticked when written. The part
   * may be answered whole, with its own sub-headings, or sub-section by sub-section.
   */
  aspects?: { label: string; title: string; written?: boolean }[];
  /** Current text of the section, if any. */
  currentText?: string;
  /** Size of the current text as the domain counts it; default: non-whitespace code points. */
  currentChars?: number;
  status?: SectionStatus;
  /** Minimum length for the section to count as complete. */
  minLength?: number;
  owners?: Person[];
  /** An approver's return comment for this section. */
  returnComment?: { by: Person; at?: string; comment: string };
  /** Position in the walk-through: 第 index/total 节. */
  position?: { index: number; total: number };
  /** False hides 上一节 (first section). Default true. */
  hasPrevious?: boolean;
  /** Initial choice of the 追加/替换 select. Default: replace when the form is prefilled, else append. */
  defaultMode?: AnswerMode;
  /** Checklists (the work plan's tasks, last year's plans); `mentioned` when known. */
  checklists?: { title: string; items: { label: string; mentioned?: boolean; note?: string }[] }[];
  /** Last year's text of this section (参照), shown folded, its figures highlighted; `canCarry` offers 沿用去年文字. */
  lastYear?: { year: number; segments: { text: string; figure: boolean }[]; canCarry: boolean };
  /** The current text still holds last year's text, not yet edited. */
  carriedOver?: { year: number };
  /** Text the answer form starts with (carried-over text to edit). */
  draftText?: string;
  /** The report is in approval or approved: the text is shown read-only, with this note, and no form. */
  locked?: string;
  /** Text typed before and not saved (the section changed meanwhile): put back into the input, with a note. */
  draft?: { text: string; note: string };
}

/** Current text shorter than this is shown inline; longer goes into a folded panel. */
const INLINE_TEXT = 300;
/** At most this many characters of the current text are shown. */
export const SHOWN_TEXT = 1500;
const EXAMPLE_CHARS = 800;

/** Lark's limit for one input (input.max_length ≤ 1000). */
export const FORM_MAX_CHARS = 1000;

export const ANSWER_FIELD = "answer";
export const MODE_FIELD = "mode";

export function sectionPromptCard(p: SectionPromptProps): Card {
  const r = p.reportId;
  const rv = p.stateVersion;
  const s = p.sectionKey;
  const els: CardElement[] = [];

  els.push(md({ zh: `**写什么**\n${escapeMdBlock(p.prompt)}`, en: `**What to write**\n${escapeMdBlock(p.prompt)}` }));

  const topics = p.topics ?? [];
  if (topics.length > 0) {
    const lines = topics.map((t) => {
      const mark = t.mentioned === true ? "<font color='green'>✓</font>" : t.mentioned === false ? "○" : "•";
      return `${mark} ${escapeMd(t.label)}`;
    });
    const known = topics.filter((t) => t.mentioned !== undefined);
    const covered = known.filter((t) => t.mentioned).length;
    const head = known.length > 0 ? `**建议涵盖的要点**（已涉及 ${covered}/${topics.length}）` : "**建议涵盖的要点**";
    els.push(md(`${head}\n${lines.join("\n")}`));
  }

  for (const list of p.checklists ?? []) {
    if (list.items.length === 0) continue;
    const lines = list.items.map((it) => {
      const mark = it.mentioned === true ? "<font color='green'>✓</font>" : it.mentioned === false ? "○" : "•";
      const extra = it.note ? ` <font color='grey'>${escapeMd(it.note)}</font>` : "";
      return `${mark} ${escapeMd(it.label)}${extra}`;
    });
    const known = list.items.filter((it) => it.mentioned !== undefined);
    const head = known.length > 0 ? `**${escapeMd(list.title)}**（已涉及 ${known.filter((it) => it.mentioned).length}/${list.items.length}）` : `**${escapeMd(list.title)}**`;
    els.push(md(`${head}\n${lines.join("\n")}`));
  }

  if (p.lastYear && p.lastYear.segments.length > 0) {
    const body: CardElement[] = [md(highlightFigures(p.lastYear.segments, SHOWN_TEXT))];
    if (p.lastYear.canCarry) {
      body.push(
        buttonRow([
          button({ text: { zh: "沿用去年文字", en: "Start from last year's text" }, role: "normal", action: { a: "carry_text", r, s, rv } }),
        ]),
      );
      body.push(note(`沿用后请逐句更新数据和表述；未修改前本节显示“${CARRIED_OVER_WORD}”，不计为完成。`));
    }
    els.push(panel({ zh: `📅 去年此节（${p.lastYear.year}）`, en: `📅 Last year (${p.lastYear.year})` }, body));
  }

  const aspects = p.aspects ?? [];
  if (aspects.length > 0) {
    const lines = aspects.map((a) => `${a.written ? "<font color='green'>✓</font>" : "•"} ${escapeMd(`${a.label}${a.title}`)}`);
    els.push(
      md({
        zh: `**建议涵盖的方面**\n${lines.join("\n")}\n<font color='grey'>可整段粘贴本部分（自带（一）（二）……小标题即可），也可点“跳过”按小标题逐个填写。</font>`,
        en: `**Aspects to cover**\n${lines.join("\n")}\n<font color='grey'>Paste the whole part (with its own sub-headings), or press Skip to write it sub-section by sub-section.</font>`,
      }),
    );
  }

  if (p.example && p.example.trim() !== "") {
    els.push(panel({ zh: "📄 参考示例", en: "📄 Example" }, [md(escapeMdBlock(truncate(p.example.trim(), EXAMPLE_CHARS)))]));
  }

  const meta: string[] = [];
  if (p.owners && p.owners.length > 0) meta.push(`负责人：${p.owners.map(personMd).join(" ")}`);
  if (p.status) meta.push(`状态：${SECTION_STATUS_MARK[p.status]} ${SECTION_STATUS_WORD[p.status].zh}`);
  if (meta.length > 0) els.push(md(meta.join(" · ")));

  if (p.returnComment) {
    const at = p.returnComment.at ? `（${escapeMd(p.returnComment.at)}）` : "";
    els.push(md(`↩️ **${personMd(p.returnComment.by)} 的退回意见**${at}\n${quoteMd(truncate(p.returnComment.comment, 500))}`));
  }

  const current = p.currentText?.trim() ?? "";
  if (current !== "") {
    const n = p.currentChars ?? countChars(current);
    const carried = p.carriedOver ? `，含沿用${p.carriedOver.year}年的文字，尚未修改` : "";
    const lenInfo = (p.minLength ? `${formatCount(n)}/${formatCount(p.minLength)} 字` : `${formatCount(n)} 字`) + carried;
    const shown = escapeMdBlock(truncate(current, SHOWN_TEXT));
    const total = charLength(current);
    const cut = total > SHOWN_TEXT ? [note(`仅显示前 ${formatCount(SHOWN_TEXT)} 字（共 ${formatCount(n)} 字），完整内容请点“查看进度”后导出查看。`)] : [];
    if (total <= INLINE_TEXT) {
      els.push(md(`**当前内容**（${lenInfo}）\n${shown}`));
    } else {
      els.push(panel(`📝 当前内容（${lenInfo}）`, [md(shown), ...cut]));
    }
  } else {
    els.push(md({ zh: "**当前内容**：尚未填写", en: "**Current text**: empty" }));
  }

  if (p.locked) {
    els.push(md(`🔒 ${escapeMd(p.locked)}`));
    els.push(buttonRow([button({ text: { zh: "查看进度", en: "Progress" }, role: "normal", action: { a: "status", r, rv } })]));
  } else {
    // The form starts from the current text when it fits, so a correction is an edit, not a retype.
    const fits = current !== "" && charLength(current) <= FORM_MAX_CHARS;
    const initial = p.draft ? p.draft.text : p.draftText !== undefined && charLength(p.draftText) <= FORM_MAX_CHARS ? p.draftText : fits ? current : undefined;
    const mode = p.defaultMode ?? (fits || (p.draft && current !== "") ? "replace" : "append");
    if (p.draft) els.push(md(`<font color='orange'>⚠️ ${escapeMd(p.draft.note)}</font>`));
    else if (current !== "" && !fits) {
      els.push(note(`本节已有 ${formatCount(charLength(current))} 字，超过表单上限（${formatCount(FORM_MAX_CHARS)} 字），未预填；表单中输入的内容默认追加在后面。修改全文请直接回复本卡片发送。`));
    }
    els.push(
      form("answer_form", [
        input({
          name: ANSWER_FIELD,
          multiline: true,
          rows: 6,
          maxLength: FORM_MAX_CHARS,
          required: true,
          placeholder: { zh: `在此输入本节内容（最多 ${formatCount(FORM_MAX_CHARS)} 字）`, en: `Type this section's text (up to ${FORM_MAX_CHARS} characters)` },
          ...(initial !== undefined ? { defaultValue: initial } : {}),
        }),
        selectStatic({
          name: MODE_FIELD,
          options: [
            { text: { zh: "追加到现有内容之后", en: "Append" }, value: "append" },
            { text: { zh: "替换本节全部内容", en: "Replace the whole section" }, value: "replace" },
          ],
          initialValue: mode,
        }),
        button({
          text: { zh: "保存", en: "Save" },
          role: "main",
          name: "save",
          submit: true,
          action: { a: "save_answer", r, s, rv, ...(p.sectionVersion !== undefined ? { sv: p.sectionVersion } : {}) },
        }),
      ]),
    );
    els.push(note({ zh: "较长内容请直接回复本卡片发送消息。", en: "For longer text, reply to this card with a message." }));

    const nav = [button({ text: { zh: "跳过", en: "Skip" }, role: "normal", action: { a: "skip", r, s, rv } })];
    if (p.hasPrevious !== false) nav.push(button({ text: { zh: "上一节", en: "Previous" }, role: "quiet", action: { a: "back", r, s, rv } }));
    nav.push(button({ text: { zh: "查看进度", en: "Progress" }, role: "quiet", action: { a: "status", r, rv } }));
    els.push(buttonRow(nav));
  }

  const heading = `${p.label} ${p.title}`.trim();
  const pos = p.position ? `第 ${p.position.index}/${p.position.total} 节 · ` : "";
  const posEn = p.position ? `Section ${p.position.index}/${p.position.total} · ` : "";
  return card({
    header: {
      title: truncate(heading, 60),
      subtitle: p.locked ? { zh: `${pos}只读`, en: `${posEn}Read-only` } : { zh: `${pos}请填写本节`, en: `${posEn}Please fill in this section` },
      tone: p.locked ? "neutral" : p.returnComment ? "attention" : "collecting",
      tags: p.status ? [{ text: SECTION_STATUS_WORD[p.status], color: p.status === "complete" ? "green" : p.status === "empty" ? "neutral" : "orange" }] : [],
    },
    elements: els,
    summary: p.locked ? `只读：${heading}` : `请填写：${heading}`,
  });
}

/** Escaped text with its figures in orange bold, cut to `max` characters. */
function highlightFigures(segments: readonly { text: string; figure: boolean }[], max: number): string {
  let left = max;
  let out = "";
  for (const seg of segments) {
    if (left <= 0) break;
    const chars = Array.from(seg.text);
    const piece = chars.length > left ? chars.slice(0, left).join("") + "…" : seg.text;
    left -= chars.length;
    out += seg.figure ? `<font color='orange'>**${escapeMd(piece)}**</font>` : escapeMdBlock(piece);
  }
  return out;
}
