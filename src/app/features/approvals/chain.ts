// The approver chain: `审批人 @甲 > @乙 @丙` (levels in order; anyone of a level may decide for it).
import { mention } from "../../../../cards/index.js";
import { chainText, mayConfigure, validateChain, type Person } from "../../../domain/approvals.js";
import type { ReportRecord } from "../../ports/report-store.js";
import { UserError } from "../../runtime/context.js";
import { replyNotice, type Where } from "../questionnaire/replies.js";
import { audit } from "./audit.js";
import type { ApprovalContext } from "./context.js";
import { refresh } from "./overview-extras.js";

export async function setApprovers(cx: ApprovalContext, where: Where, report: ReportRecord, actor: string, levels: Person[][]) {
  const { deps, approvals, t } = cx;
  const may = mayConfigure(report, actor);
  if (!may.ok) throw new UserError(may.message);
  const v = validateChain(levels, report.ownerOpenId);
  if (!v.ok) throw new UserError(v.message);
  await approvals.setChain(report.id, v.levels, actor, t.now);
  // They were @mentioned in the report's group: they are members, so their card taps are accepted.
  for (const l of v.levels) for (const p of l) await deps.store.touchMember(report.chatId, p.openId, t.now);
  await audit(cx, { reportId: report.id, kind: "approvers_set", actor, comment: chainText(v.levels) });
  await replyNotice(t, where, "已设置审批人", [
    ...v.levels.map((l, i) => `第 ${i + 1} 级：${l.map((p) => mention(p.openId)).join(" ")}${l.length > 1 ? "（任一人审批即可）" : ""}`),
    "",
    "填写完成后发送 `提交审批`。",
  ]);
  await refresh(cx, report.id);
}
