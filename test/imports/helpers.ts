// Shared steps of the import tests: messages (text and file) through the webhook, the cards the bot answers with,
// clicks, and the exported .docx read back.
import { expect } from "vitest";
import { recognizeStructure } from "../../src/domain/structure/recognize.js";
import { actionsOf, cardOf, cardText, overviews } from "../helpers/bot.js";
import type { FakeMessage } from "../helpers/fake-lark.js";
import type { Harness } from "../helpers/harness.js";
import { messageEvent, uid } from "../helpers/lark-payloads.js";
import { docxParagraphs } from "../export/docx-text.js";
import { cardViolations } from "../cards/card-rules.js";

export async function say(h: Harness, chat: string, sender: string, text: string, o: { parentId?: string; atBot?: boolean; chatType?: "group" | "p2p"; messageId?: string } = {}): Promise<string> {
  const messageId = o.messageId ?? uid("om_");
  const r = await h.say({ chatId: chat, sender, text, parentId: o.parentId, atBot: o.atBot, chatType: o.chatType, messageId });
  expect(r.status).toBe(200);
  await h.settle();
  return messageId;
}

/** A file message as Lark pushes it ({"file_key","file_name"}); the file itself is served by the fake Open API. */
export async function sendFile(h: Harness, chat: string, sender: string, fileName: string, bytes: Uint8Array, chatType: "group" | "p2p" = "p2p"): Promise<string> {
  const messageId = uid("om_file_");
  const fileKey = uid("file_v3_");
  h.lark.resources.set(`${messageId}/${fileKey}`, bytes);
  const ev = messageEvent({ chatId: chat, sender, chatType, messageId, atBot: false });
  ev.event.message.message_type = "file" as never;
  ev.event.message.content = JSON.stringify({ file_key: fileKey, file_name: fileName });
  ev.event.message.mentions = [];
  const r = await h.post(ev);
  expect(r.status).toBe(200);
  await h.settle();
  return messageId;
}


export function replyCard(h: Harness, messageId: string, re: RegExp): { message: FakeMessage; card: any; text: string } {
  const m = h.lark.repliesTo(messageId).find((x) => x.msgType === "interactive" && re.test(cardText(cardOf(x))));
  if (!m) throw new Error(`no reply card matching ${re} to ${messageId}; replies: ${h.lark.repliesTo(messageId).map((x) => cardText(cardOf(x)).slice(0, 80)).join(" | ")}`);
  const card = cardOf(m);
  expect(cardViolations(card)).toEqual([]);
  return { message: m, card, text: cardText(card) };
}

/** Clicks the button whose value has action `a` (and report `r` when given) on a card. */
export async function clickAction(h: Harness, card: { message: FakeMessage; card: any }, a: string, o: { operator: string; chatId: string; r?: string }): Promise<any> {
  const value = actionsOf(card.card).find((v) => v.a === a && (o.r === undefined || v.r === o.r));
  if (!value) throw new Error(`no ${a} button on the card: ${JSON.stringify(actionsOf(card.card))}`);
  const answer = await h.click({ operator: o.operator, value, chatId: o.chatId, messageId: card.message.messageId });
  await h.settle();
  if (answer.card?.data) expect(cardViolations(answer.card.data)).toEqual([]);
  return answer;
}

export function lastOverviewText(h: Harness, chat: string): string {
  const all = overviews(h.lark, chat);
  expect(all.length).toBeGreaterThan(0);
  return cardText(cardOf(all.at(-1)!));
}

/** 导出 → the report-ready card's .docx link → the file's paragraphs. */
export async function exportedParagraphs(h: Harness, chat: string, owner: string): Promise<string[]> {
  await say(h, chat, owner, "导出");
  const ready = h.lark.messages.filter((m) => m.msgType === "interactive" && /报告已生成/.test(cardText(cardOf(m)))).at(-1)!;
  const urls: string[] = [];
  const walk = (x: any) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x && typeof x === "object") {
      if (x.type === "open_url" && typeof x.default_url === "string") urls.push(x.default_url);
      for (const v of Object.values(x)) walk(v);
    }
  };
  walk(cardOf(ready));
  const docx = urls.find((u) => /\.docx\?/.test(u))!;
  const r = await fetch(docx.replace("http://huibao.test", h.base));
  expect(r.status).toBe(200);
  return docxParagraphs(new Uint8Array(await r.arrayBuffer()));
}

/** The paragraphs of a report text after its title lines, as the structure recognition cleans them. */
export function bodyParagraphs(text: string): { title: string | undefined; body: string[] } {
  const doc = recognizeStructure(text);
  return { title: doc.title, body: doc.text.split("\n").slice(doc.header.length) };
}
