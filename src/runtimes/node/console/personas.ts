// The people of the local console: a 法规科 clerk who owns the report, two section owners and two leaders
// who approve. Open ids are fixed so that a console database stays meaningful across restarts.

export interface Persona {
  /** Short key used in console URLs (?as=clerk). */
  key: string;
  openId: string;
  name: string;
  /** Office and role, shown under the name. */
  role: string;
  /** Avatar colour. */
  color: string;
}

export const PERSONAS: readonly Persona[] = [
  { key: "clerk", openId: "ou_console_clerk", name: "王科员", role: "法规科 · 报告负责人", color: "#3370ff" },
  { key: "li", openId: "ou_console_owner_li", name: "李科长", role: "办公室 · 部分负责人", color: "#00b5a6" },
  { key: "zhang", openId: "ou_console_owner_zhang", name: "张科长", role: "执法监督科 · 部分负责人", color: "#f5a623" },
  { key: "liu", openId: "ou_console_leader_liu", name: "刘副局长", role: "分管领导 · 审批人", color: "#7f3bf5" },
  { key: "zhao", openId: "ou_console_leader_zhao", name: "赵局长", role: "主要负责人 · 审批人", color: "#d83931" },
];

/** The one group chat of the console. */
export const CONSOLE_GROUP = { chatId: "oc_console_group", name: "法治政府建设工作群" } as const;

/** How the bot is called in the console (typing "@汇报" mentions it). */
export const BOT_NAME = "汇报";

export function personaByKey(key: string | null | undefined): Persona | undefined {
  return PERSONAS.find((p) => p.key === key);
}

export function personaByOpenId(openId: string): Persona | undefined {
  return PERSONAS.find((p) => p.openId === openId);
}
