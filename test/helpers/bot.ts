// Reading what the bot sent through the fake Open API: prompt cards, notices, overview cards.
import type { FakeLark, FakeMessage } from "./fake-lark.js";

export function cardOf(m: FakeMessage): any {
  return JSON.parse(m.current);
}

/** Every callback value on a card (buttons anywhere, including inside forms and panels). */
export function actionsOf(card: any): any[] {
  const out: any[] = [];
  const walk = (x: any) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x && typeof x === "object") {
      if (x.tag === "button" && Array.isArray(x.behaviors)) for (const b of x.behaviors) if (b.type === "callback") out.push(b.value);
      for (const v of Object.values(x)) walk(v);
    }
  };
  walk(card);
  return out;
}

export function cardText(card: any): string {
  const parts: string[] = [];
  const walk = (x: any) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x && typeof x === "object") {
      if (typeof x.content === "string") parts.push(x.content);
      for (const v of Object.values(x)) walk(v);
    }
  };
  walk(card);
  return parts.join("\n");
}

/** Prompt cards (they carry a save_answer action) sent to a chat or user, oldest first. */
export function prompts(lark: FakeMessage[] | FakeLark, to?: string): { message: FakeMessage; key: string; reportId: string }[] {
  const list = Array.isArray(lark) ? lark : lark.messages;
  return list
    .filter((m) => m.msgType === "interactive" && (to === undefined || m.receiveId === to))
    .map((m) => ({ m, a: actionsOf(cardOf(m)).find((v) => v.a === "save_answer") }))
    .filter((x) => x.a)
    .map((x) => ({ message: x.m, key: x.a.s as string, reportId: x.a.r as string }));
}

export function lastPrompt(lark: FakeLark, to: string) {
  const p = prompts(lark, to);
  if (p.length === 0) throw new Error(`no prompt sent to ${to}`);
  return p[p.length - 1]!;
}

/** Overview cards (they carry a status-independent refresh/next action and the report title). */
export function overviews(lark: FakeLark, chatId: string): FakeMessage[] {
  return lark.messages.filter((m) => m.msgType === "interactive" && m.receiveId === chatId && /部分完成/.test(cardText(cardOf(m))));
}

export function textOf(m: FakeMessage): string {
  return m.msgType === "text" ? JSON.parse(m.current).text : cardText(cardOf(m));
}
