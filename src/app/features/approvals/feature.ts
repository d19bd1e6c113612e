// Approvals: the approver chain (`审批人 @甲 > @乙 @丙`), submission (`提交审批` or the overview's button), approval
// cards to each approver of the current level (private) plus a group notice, 同意/退回 by card callbacks, 撤回审批,
// 重新打开, and the audit trail (`审批记录`, and as an optional .docx appendix). The feature as the runtime plugs it in
// (src/app/runtime/feature.ts): its commands, card actions, delivery bookkeeping and sweep. The dependencies are
// captured here once; each event's use case gets them with its turn as one ApprovalContext (./context.ts).
import { approvalCard, toast } from "../../../../cards/index.js";
import type { ApprovalStore } from "../../ports/approval-store.js";
import type { OutboxStore } from "../../ports/outbox-store.js";
import type { AppDeps, Turn } from "../../runtime/context.js";
import type { ActionHandler, CommandHandler, Feature } from "../../runtime/feature.js";
import type { CallbackAnswer } from "../../runtime/ingress.js";
import { Outbound } from "../../runtime/outbound.js";
import { loadView } from "../overview/overview.js";
import { currentReport } from "../questionnaire/reports.js";
import { showAudit } from "./audit.js";
import { base, requestCard, sectionChoices } from "./cards.js";
import { setApprovers } from "./chain.js";
import type { ApprovalContext } from "./context.js";
import { approve, authorize, returnReport, warn } from "./decide.js";
import { runDueEffects } from "./follow-up.js";
import { submit } from "./submit.js";
import { reopen, withdraw } from "./withdraw.js";

export function approvalFeature(deps: AppDeps, approvals: ApprovalStore): Feature {
  const on = (t: Turn): ApprovalContext => ({ deps, approvals, t });

  const command: CommandHandler = async (_d, t, m, cmd, where) => {
    if (cmd.kind !== "approvers" && cmd.kind !== "submit" && cmd.kind !== "withdraw" && cmd.kind !== "reopen" && cmd.kind !== "audit") return false;
    if (m.chatType === "p2p") return false; // "please use this in the report's group"
    const cx = on(t);
    const report = await currentReport(deps, m.chatId);
    switch (cmd.kind) {
      case "approvers":
        await setApprovers(cx, where, report, m.senderOpenId, cmd.levels);
        break;
      case "submit":
        await submit(cx, where, report, { actor: m.senderOpenId, eventId: m.eventId, confirmed: false });
        break;
      case "withdraw":
        await withdraw(cx, where, report, m.senderOpenId);
        break;
      case "reopen":
        await reopen(cx, where, report, m.senderOpenId);
        break;
      case "audit":
        await showAudit(cx, where, report);
        break;
    }
    return true;
  };

  const action: ActionHandler = async (_d, t, a, v, report): Promise<CallbackAnswer | null> => {
    const cx = on(t);
    switch (v.a) {
      case "submit":
      case "submit_confirm": {
        // The overview's button asks for confirmation itself when the report is incomplete; a card drawn from an
        // older state (or the confirmation card of an older state) asks again.
        const confirmed = v.rv !== undefined && v.rv === report.stateVersion;
        const where = { chatId: report.chatId };
        const r = await submit(cx, where, report, { actor: a.operatorOpenId, eventId: a.eventId, confirmed });
        return r === "submitted" ? { toast: toast("success", "已提交审批") } : { toast: toast("info", "报告已变化，请再次确认") };
      }
      case "approve":
      case "reject_open":
      case "reject_cancel":
      case "reject": {
        const auth = await authorize(cx, a, v.ap, v.ver, report);
        if (!("round" in auth)) return auth;
        if (v.a === "approve") return approve(cx, a, report, auth);
        if (v.a === "reject") return returnReport(cx, a, report, auth);
        if (v.a === "reject_cancel") {
          // Back to the 同意/退回 card the form replaced.
          const version = await deps.versions.get(report.id, auth.round.versionNumber);
          if (!version) return warn("找不到这一版文档。");
          return { toast: toast("info", "已取消退回"), card: { type: "raw", data: await requestCard(cx, report, auth.round, auth.level, version) } };
        }
        const view = await loadView(deps, report, t.today);
        const form = approvalCard({ ...base(report, auth.round, auth.level), variant: "reject_form", sections: sectionChoices(view) });
        return { toast: toast("info", "请填写退回意见"), card: { type: "raw", data: form } };
      }
      default:
        return null;
    }
  };

  return {
    commands: [command],
    actions: [action],
    sweep: (outbox: OutboxStore, now: Date) => runDueEffects(deps, approvals, new Outbound(outbox, `effects:${now.toISOString()}`, now), now),
    recover: (now: Date) => approvals.releaseEffects(now),
    /** Remembers every delivered copy of an approval card ("approval:<round>:<level>:<recipient>"). */
    delivered: async (purpose: string, messageId: string, now: Date) => {
      const [kind, roundId, level, recipient] = purpose.split(":");
      if (kind !== "approval" || !roundId || level === undefined || !recipient) return;
      await approvals.addCard({ messageId, roundId, level: Number(level), recipient }, now);
    },
  };
}
