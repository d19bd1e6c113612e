// The one entry the app imports cards from: the kit (Card JSON 2.0 types and builders), the button-value protocol
// and every card. The cards themselves import the kit's files directly.
export * from "./kit/types.js";
export * from "./kit/text.js";
export * from "./kit/tone.js";
export * from "./kit/elements.js";
export * from "./kit/form.js";
export * from "./kit/limits.js";
export * from "./kit/deadline.js";
export * from "./action.js";
export * from "./overview.card.js";
export * from "./section-prompt.card.js";
export * from "./answer-receipt.card.js";
export * from "./help.card.js";
export * from "./reminder.card.js";
export * from "./approval.card.js";
export * from "./report-ready.card.js";
export * from "./error.card.js";
export * from "./notice.card.js";
export * from "./history.card.js";
export * from "./workplan.card.js";
export * from "./compare.card.js";
export * from "./intent.card.js";
export * from "./import-confirm.card.js";
export * from "./paste-move.card.js";
