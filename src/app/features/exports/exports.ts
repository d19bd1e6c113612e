// Export: `导出` / `/export` and the 查看报告 button freeze (or reuse) the report's current version and answer with
// the report-ready card holding signed, expiring links (.docx and .md); `导出 文件` uploads the .docx into the
// chat. The links are served by src/adapters/http/download-route.ts, mounted for the feature's `downloads`.
//
// Nothing is rendered to answer a card callback (Lark wants an answer within 3 s): a link only needs the
// version's content hash and a signature; the document is rendered when the link is opened.
import { monthDayTime } from "../../../domain/date-format.js";
import { md, note, reportReadyCard, toast, type CardElement } from "../../../../cards/index.js";
import { localDateTime } from "../../../domain/time-zone.js";
import type { Command } from "../../../domain/commands/command.js";
import { gapLines, gapsFromDocument, gapSummary, hasGaps } from "../../../domain/gaps.js";
import { downloadFileName, downloadPath, type DownloadFormat } from "./download-link.js";
import type { ActionHandler, CardAction, CommandHandler, Feature, Message } from "../../runtime/feature.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import { shortHash } from "../../runtime/outbound.js";
import { loadView } from "../overview/overview.js";
import { gapsOf } from "../overview/report-view.js";
import type { Clock, RenderDocx } from "../../ports/platform.js";
import { replyCard, replyNotice, type Where } from "../questionnaire/replies.js";
import { currentReport } from "../questionnaire/reports.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { freezeVersion, type VersionRecord } from "./versions.js";

/** Days a download link stays valid. */
export const LINK_VALID_DAYS = 7;

/** Version ids derive from the report and the number, so a re-run of the same export finds the same row. */
export const versionId = (reportId: string, number: number) => `v${shortHash(`version:${reportId}:${number}`)}`;

/** Freezes the report as it stands now (成文日期 = today in the report time zone), or reuses the unchanged latest version. */
export async function currentVersion(deps: AppDeps, t: Turn, report: ReportRecord, requestedBy: string): Promise<{ version: VersionRecord; created: boolean }> {
  const view = await loadView(deps, report, t.today);
  return freezeVersion(deps.versions, view, { requestedBy, now: t.now, date: t.today, newId: (n) => versionId(report.id, n) });
}

/** Signed links for a version, or null when no DOWNLOAD_LINK_SECRET is configured. */
export async function downloadLinks(deps: AppDeps, v: VersionRecord, now: Date, days = LINK_VALID_DAYS): Promise<Record<DownloadFormat, string> | null> {
  const secret = deps.settings.downloadLinkSecret;
  const base = deps.settings.publicBaseUrl.replace(/\/+$/, "");
  if (!secret || !base) return null;
  const expiresAt = Math.floor(now.getTime() / 1000) + days * 86_400;
  const link = async (format: DownloadFormat) => base + (await downloadPath({ secret, reportId: v.reportId, version: v.number, format, expiresAt }));
  return { docx: await link("docx"), md: await link("md") };
}

/** The report-ready card for a version, with the notes that apply. */
export async function readyCard(deps: AppDeps, t: Turn, v: VersionRecord, created: boolean) {
  const links = await downloadLinks(deps, v, t.now);
  // What is still missing, by section — as the other gates (提交审批, the approval card) name it: from the report as
  // it stands (the version was frozen from it), else from the document itself (【待补充】 and placeholders).
  const report = await deps.store.getReport(v.reportId);
  const gaps = report ? gapsOf(await loadView(deps, report, t.today)) : gapsFromDocument(v.document.blocks);
  const at = localDateTime(v.createdAt, deps.settings.timeZone);
  const card = reportReadyCard({
    title: v.document.title,
    version: v.number,
    hash: v.contentHash,
    docxUrl: links?.docx,
    mdUrl: links?.md,
    generatedAt: monthDayTime(at.date, at.time),
    validDays: LINK_VALID_DAYS,
    unchanged: !created,
    ...(hasGaps(gaps) ? { gaps: { summary: gapSummary(gaps), lines: gapLines(gaps) } } : {}),
    ...(report ? { report: { id: report.id, stateVersion: report.stateVersion } } : {}),
  });
  const notes: CardElement[] = [];
  if (!links) {
    notes.push(note({ zh: "未配置下载链接密钥（DOWNLOAD_LINK_SECRET），暂不能生成下载链接。请发送“导出 文件”在群内直接接收 Word 文件。", en: "Download links are not configured. Send “导出 文件” to receive the file in this chat." }));
  }
  if (!v.document.office.trim()) {
    notes.push(md({ zh: "⚠️ 尚未设置**发文机关**，文末署名为空。发送“发文机关 <名称>”设置后重新导出。", en: "⚠️ No issuing office set: the signature is empty. Send “发文机关 <name>”, then export again." }));
  }
  card.body.elements.splice(1, 0, ...notes);
  return card;
}

async function exportFile(deps: AppDeps, t: Turn, where: Where, v: VersionRecord, renderDocx: RenderDocx) {
  const bytes = await renderDocx(deps.deliveredDocument ? await deps.deliveredDocument(v) : v.document);
  await t.out.sendFile({ chatId: where.chatId }, downloadFileName(v.document.title, "docx"), bytes);
  if (!v.document.office.trim()) {
    await replyNotice(t, where, `已导出：${v.document.title}`, [`第 ${v.number} 版。⚠️ 尚未设置发文机关，文末署名为空；发送“发文机关 <名称>”设置后重新导出。`]);
  }
}

async function reportForMessage(deps: AppDeps, m: Message): Promise<ReportRecord> {
  if (m.chatType !== "p2p") return currentReport(deps, m.chatId);
  throw new UserError("请在报告所在的群里发送「导出」。");
}

export function exportFeature(deps: AppDeps, clock: Clock, renderDocx: RenderDocx): Feature {
  const command: CommandHandler = async (d, t, m, cmd: Command, where) => {
    if (cmd.kind !== "export") return false;
    const report = await reportForMessage(d, m);
    const { version, created } = await currentVersion(d, t, report, m.senderOpenId);
    d.log.info("export.version", { reportId: report.id, version: version.number, created, asFile: cmd.asFile });
    if (cmd.asFile) await exportFile(d, t, where, version, renderDocx);
    else await replyCard(t, where, await readyCard(d, t, version, created));
    return true;
  };

  const action: ActionHandler = async (d, t, a: CardAction, v, report): Promise<CallbackAnswer | null> => {
    if (v.a !== "export") return null;
    const { version, created } = await currentVersion(d, t, report, a.operatorOpenId);
    await t.out.send({ chatId: a.chatId ?? report.chatId }, await readyCard(d, t, version, created));
    return {
      toast: toast("success", {
        zh: created ? `已生成第 ${version.number} 版，下载链接已发到群里` : `第 ${version.number} 版（内容未变），下载链接已发到群里`,
        en: `Version ${version.number}: download links posted`,
      }),
    };
  };

  return {
    commands: [command],
    actions: [action],
    downloads: {
      secret: () => deps.settings.downloadLinkSecret,
      now: () => clock.now(),
      load: async (reportId, number) => {
        const v = await deps.versions.get(reportId, number);
        return v ? (deps.deliveredDocument ? deps.deliveredDocument(v) : v.document) : null;
      },
      log: deps.log,
    },
  };
}
