// The one button-value protocol. Every callback button carries a small, versioned object:
//   { v: 1, a: <action>, r: <reportId>, s?: <sectionKey>, rv?: <report state version>, sv?: <section version>,
//     ap?: <approval id>, ver?: <document version>, p?: <pending message id>, n?: <section revision number>,
//     ref?: <another object's id: the report a new one copies (carry_from), a pending work plan (plan_*)> }
// Values grant nothing: the app checks the operator. They only say what was clicked, on which report
// and against which state (so stale cards can be detected).
// Import and move actions (src/app/features/imports/) name the pending message they decide on with `p`; an import into a
// report the group does not have yet carries r = NEW_REPORT.
import { z } from "zod";

export const ACTION_PROTOCOL_VERSION = 1 as const;

export const ACTIONS = [
  "next",
  "save_answer",
  "skip",
  "back",
  "goto",
  "status",
  "export",
  "submit",
  "submit_confirm",
  "approve",
  "reject_open",
  "reject",
  "refresh",
  "continue",
  "carry_from",
  "carry_text",
  "plan_confirm",
  "plan_cancel",
  "plan_deadline",
  "plan_offices",
  "intent_run",
  "intent_text",
  "restore",
  "reject_cancel",
  "import",
  "import_replace",
  "import_fill",
  "import_cancel",
  "move_text",
  "keep_text",
] as const;

/** `r` of an import that creates the report (a group without one). */
export const NEW_REPORT = "new";

export type ActionName = (typeof ACTIONS)[number];

/** The decoded, validated button value. */
export interface ActionValue {
  v: typeof ACTION_PROTOCOL_VERSION;
  a: ActionName;
  /** Report id. */
  r: string;
  /** Section key. */
  s?: string;
  /** Report state version the card was rendered from. */
  rv?: number;
  /** The section's version the card was rendered from (src/domain/answers.ts sectionVersion): a save is judged
   *  against the section it edits, never the whole report. */
  sv?: number;
  /** Approval id. */
  ap?: string;
  /** Document (export) version number. */
  ver?: number;
  /** Another object's id: the report a new one copies its structure from (carry_from), a work plan (plan_*). */
  ref?: string;
  /** A pending message (the id of the message the bot asked about). */
  p?: string;
  /** A section's revision number, as 历史 numbers them (恢复). */
  n?: number;
}

/** What card code passes in; the protocol version is added by `encodeAction`. */
export type ActionInput = Omit<ActionValue, "v">;

/** Actions that only make sense for a particular section. */
const NEEDS_SECTION: ReadonlySet<ActionName> = new Set<ActionName>(["save_answer", "skip", "goto", "restore", "carry_text"]);
/** Imports of a whole report and moves of pasted text between parts (src/app/features/imports/). */
export const IMPORT_ACTIONS: ReadonlySet<ActionName> = new Set<ActionName>(["import", "import_replace", "import_fill", "import_cancel", "move_text", "keep_text"]);
/** Actions that act on another object named by `ref`. */
const NEEDS_REF: ReadonlySet<ActionName> = new Set<ActionName>(["carry_from", "plan_confirm", "plan_cancel", "plan_deadline", "plan_offices"]);
/** Actions on a pending message. */
const NEEDS_PENDING: ReadonlySet<ActionName> = new Set<ActionName>(["intent_run", "intent_text", ...IMPORT_ACTIONS]);
/** Actions that act on one approval. */
const NEEDS_APPROVAL: ReadonlySet<ActionName> = new Set<ActionName>(["approve", "reject_open", "reject", "reject_cancel"]);

/** Largest accepted serialized value, in characters. Real values are well under 200. */
export const MAX_ACTION_JSON = 300;

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const sectionKey = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/);
const counter = z.number().int().min(0).max(1_000_000_000);

const schema = z
  .strictObject({
    v: z.literal(ACTION_PROTOCOL_VERSION),
    a: z.enum(ACTIONS),
    r: id,
    s: sectionKey.optional(),
    rv: counter.optional(),
    sv: counter.optional(),
    ap: id.optional(),
    ver: z.number().int().min(1).max(1_000_000).optional(),
    ref: id.optional(),
    p: id.optional(),
    n: z.number().int().min(1).max(1_000_000).optional(),
  })
  .superRefine((val, ctx) => {
    if (NEEDS_SECTION.has(val.a) && val.s === undefined) {
      ctx.addIssue({ code: "custom", message: `action ${val.a} needs a section`, path: ["s"] });
    }
    if (NEEDS_APPROVAL.has(val.a) && val.ap === undefined) {
      ctx.addIssue({ code: "custom", message: `action ${val.a} needs an approval id`, path: ["ap"] });
    }
    if (NEEDS_REF.has(val.a) && val.ref === undefined) {
      ctx.addIssue({ code: "custom", message: `action ${val.a} needs a ref`, path: ["ref"] });
    }
    if (NEEDS_PENDING.has(val.a) && val.p === undefined) {
      ctx.addIssue({ code: "custom", message: `action ${val.a} needs a pending message`, path: ["p"] });
    }
    if (val.a === "restore" && val.n === undefined) {
      ctx.addIssue({ code: "custom", message: "action restore needs a revision number", path: ["n"] });
    }
  });

export type DecodeResult = { ok: true; action: ActionValue } | { ok: false; reason: string };

/**
 * Build the value placed in a button's `behaviors[{type:"callback", value}]`.
 * Throws on values that `decodeAction` would reject: that is a programming error in a card.
 */
export function encodeAction(input: ActionInput): ActionValue {
  const out: ActionValue = { v: ACTION_PROTOCOL_VERSION, a: input.a, r: input.r };
  if (input.s !== undefined) out.s = input.s;
  if (input.rv !== undefined) out.rv = input.rv;
  if (input.ap !== undefined) out.ap = input.ap;
  if (input.ver !== undefined) out.ver = input.ver;
  if (input.ref !== undefined) out.ref = input.ref;
  if (input.sv !== undefined) out.sv = input.sv;
  if (input.p !== undefined) out.p = input.p;
  if (input.n !== undefined) out.n = input.n;
  const checked = decodeAction(out);
  if (!checked.ok) throw new Error(`invalid card action: ${checked.reason}`);
  return out;
}

/** Validate a raw `action.value` from a card callback (object, or a JSON string for old clients). */
export function decodeAction(raw: unknown): DecodeResult {
  let value: unknown = raw;
  if (typeof raw === "string") {
    if (raw.length > MAX_ACTION_JSON) return { ok: false, reason: "too_large" };
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, reason: "not_json" };
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, reason: "not_an_object" };
  }
  let size: number;
  try {
    size = JSON.stringify(value).length;
  } catch {
    return { ok: false, reason: "not_serializable" };
  }
  if (size > MAX_ACTION_JSON) return { ok: false, reason: "too_large" };
  const v = (value as Record<string, unknown>)["v"];
  if (v !== ACTION_PROTOCOL_VERSION) return { ok: false, reason: "unknown_version" };
  const a = (value as Record<string, unknown>)["a"];
  if (typeof a !== "string" || !(ACTIONS as readonly string[]).includes(a)) {
    return { ok: false, reason: "unknown_action" };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? first.path.join(".") : "value";
    return { ok: false, reason: `invalid:${where}` };
  }
  return { ok: true, action: parsed.data as ActionValue };
}
