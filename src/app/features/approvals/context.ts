// What the approval use cases work with, captured once per event instead of passed to every function: the app's
// dependencies, the approval store, and the turn being handled (its outbound queue and instant). ./feature.ts makes
// one per command, tap or sweep run; the follow-up of a decision keys its outbound by the decision (keyed). Also
// the small helpers the use cases share: a time as the cards show it, a person as the chain names them, the
// report's status moved.
import { monthDayTime } from "../../../domain/date-format.js";
import { nameIn, type Person } from "../../../domain/approvals.js";
import { localDateTime } from "../../../domain/time-zone.js";
import type { ApprovalStore } from "../../ports/approval-store.js";
import type { ReportPatch, ReportRecord } from "../../ports/report-store.js";
import { UserError, type AppDeps, type Turn } from "../../runtime/context.js";

export interface ApprovalContext {
  readonly deps: AppDeps;
  readonly approvals: ApprovalStore;
  /** The outbound queue and the instant of the event (or sweep run) being handled. */
  readonly t: Turn;
}

/** The same context, its outbound rows' uuids derived from `key` (see Outbound.derive). */
export function keyed(cx: ApprovalContext, key: string): ApprovalContext {
  const t = cx.t;
  const out = t.out.derive(key);
  return {
    ...cx,
    t: {
      out,
      now: t.now,
      get today() {
        return t.today;
      },
    },
  };
}

/** A moment as the approval cards show it ("3月5日 14:20"), in the report time zone. */
export function at(deps: AppDeps, d: Date): string {
  const { date, time } = localDateTime(d, deps.settings.timeZone);
  return monthDayTime(date, time);
}

/** A person as the chain names them (the name given when the approvers were set), else by open id. */
export function person(levels: Person[][], openId: string): { openId: string; name?: string } {
  const name = nameIn(levels, openId);
  return name ? { openId, name } : { openId };
}

/** Moves the report from one status to another, retrying over concurrent (non-status) changes. */
export async function moveReport(cx: ApprovalContext, reportId: string, from: ReportRecord["status"], patch: ReportPatch): Promise<ReportRecord | null> {
  const { deps, t } = cx;
  for (let i = 0; i < 5; i++) {
    const r = await deps.store.getReport(reportId);
    if (!r || r.status !== from) return null;
    const updated = await deps.store.updateReport(reportId, r.stateVersion, patch, t.now);
    if (updated) return updated;
  }
  throw new UserError("报告刚被他人修改，请重试。");
}
