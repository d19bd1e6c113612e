// What every use case gets: storage, calendar, settings, logging; plus, per event, the outbound queue
// and the instant the event is handled at.
import type { Calendar } from "../../domain/calendar.js";
import type { Template } from "../../domain/model.js";
import { localDate } from "../../domain/time-zone.js";
import type { Outbound } from "./outbound.js";
import type { LarkApi, Logger, ReadDocx } from "../ports/platform.js";
import type { ReportStore } from "../ports/report-store.js";
import type { VersionRecord, VersionStore } from "../features/exports/versions.js";
import type { ReportDocument } from "../../domain/report-document.js";
import type { OverviewProps } from "../../../cards/index.js";
import type { ReportView } from "../features/overview/report-view.js";
import type { YearStore } from "../ports/year-store.js";

export interface AppSettings {
  publicBaseUrl: string;
  downloadLinkSecret: string | null;
  timeZone: string;
  /** Templates offered besides the built-in ones (loaded from files by the entry). */
  templates: Template[];
  /** REMINDER_TIME: local 'HH:mm' from which reminders go out on working days (default 09:30). */
  reminderTime?: string;
}

export interface AppDeps {
  store: ReportStore;
  versions: VersionStore;
  /** Files sent to the bot (imports). */
  larkFiles: Pick<LarkApi, "getMessageResource">;
  /** Reads a .docx's text (imports). */
  readDocx: ReadDocx;
  calendar: Calendar;
  settings: AppSettings;
  log: Logger;
  /** What capabilities add to every overview card of a report (approvals: approvers, the return comment). */
  overviewExtra?: (view: ReportView) => Promise<Partial<OverviewProps>>;
  /** The document as delivered for a version: approvals add the audit trail appendix to an approved one. */
  deliveredDocument?: (v: VersionRecord) => Promise<ReportDocument>;
  /** Last year's report (参照, archives) and the year's work plan (工作要点): src/app/features/year-over-year/year-over-year.ts, workplan.ts. */
  year?: YearStore;
}

export interface Turn {
  out: Outbound;
  now: Date;
  /** Today's date in the report time zone. */
  today: string;
}

export function turn(deps: AppDeps, out: Outbound, now: Date): Turn {
  // `today` is computed on first use: ordinary group chatter never needs it.
  let today: string | undefined;
  return {
    out,
    now,
    get today() {
      return (today ??= localDate(now, deps.settings.timeZone));
    },
  };
}

/** A refusal with a message for the user; nothing was changed. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}
