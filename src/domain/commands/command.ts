// What a chat command is: the parsed form of a message (parse.ts reads one, near-miss.ts guesses one).

export interface MentionInput {
  key: string;
  openId: string;
  name: string;
}

export interface CommandInput {
  text: string;
  mentions: MentionInput[];
}

export interface Person {
  openId: string;
  name: string;
}

/** A report named in a command: its number in 报告列表, a fragment of its title, or "last year's" (参照去年). */
export type ReportTarget = { by: "index"; index: number } | { by: "title"; title: string } | { by: "latest" };

export type Command =
  /**
   * 新建报告 [标题] [模板 名称] [参照 <报告>]; title null → the app builds it (from the template's titlePattern, or
   * from last year's title). `from`: take last year's structure and owners (参照).
   */
  | { kind: "new_report"; title: string | null; template: string | null; from?: ReportTarget }
  | { kind: "templates" }
  /** 截止 2026-11-20 [提交 2026-12-01]: internal deadline, optionally the submission deadline too. */
  | { kind: "deadline"; internal: string; submission: string | null }
  | { kind: "submission_deadline"; date: string }
  | { kind: "office"; name: string }
  | { kind: "year"; year: number }
  | { kind: "title"; section: string; title: string }
  | { kind: "report_title"; title: string }
  /** parts: current part labels/keys (["三","一","二","四","五"]) or a single template order name; see setPartOrder. */
  | { kind: "order"; parts: string[] }
  | { kind: "add"; part: string; title: string }
  | { kind: "remove"; section: string }
  | { kind: "assign"; section: string; assignees: Person[] }
  | { kind: "next" }
  | { kind: "back" }
  | { kind: "skip" }
  | { kind: "goto"; section: string }
  | { kind: "undo" }
  /** 恢复 <节> <版本>: make version `version` of the section current again (as a new revision). */
  | { kind: "restore"; section: string; version: number }
  /** section null → the current section. */
  | { kind: "history"; section: string | null }
  | { kind: "help" }
  | { kind: "status" }
  /** asFile: 导出 文件 (a .docx) rather than a preview in the chat. */
  | { kind: "export"; asFile: boolean }
  | { kind: "submit" }
  /** Approval levels in order; people within one level approve in parallel. */
  | { kind: "approvers"; levels: Person[][] }
  | { kind: "withdraw" }
  | { kind: "reopen" }
  | { kind: "audit" }
  | { kind: "snooze"; days: number }
  | { kind: "use"; target: { by: "index"; index: number } | { by: "title"; title: string } }
  | { kind: "reports" }
  /** 对比 [节]: the section against last year's; null → the current section. */
  | { kind: "compare"; section: string | null }
  /** 导入工作要点 + the plan's text (same message, several lines). */
  | { kind: "import_plan"; text: string }
  /** 科室 <科室名> @某人: people for an office of the work plan; office null (no arguments) → the office card. */
  | { kind: "office_people"; office: string | null; people: Person[] }
  | { kind: "not_command" }
  /** A command with bad arguments; `command` is the canonical Chinese name, `message` says what was expected. */
  | { kind: "invalid"; command: string; message: string };

export type CommandKind = Command["kind"];

type Invalid = Extract<Command, { kind: "invalid" }>;

export const invalid = (command: string, message: string): Invalid => ({ kind: "invalid", command, message });
