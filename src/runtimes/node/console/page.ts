// The console page: server-rendered HTML that looks like a Feishu chat window (chat list, messages,
// composer, persona switcher, clock control). The script in client.ts only adds behaviour.
import { escapeHtml, type RenderContext } from "./render/html.js";
import { messageSnippet, renderMessageBody } from "./render/message.js";
import type { LocalMessage } from "../../../adapters/lark/local-gateway.js";
import { BOT_NAME, CONSOLE_GROUP, personaByOpenId, type Persona } from "./personas.js";

export interface PageContext {
  render: RenderContext;
  botOpenId: string;
  timeZone: string;
  byId(messageId: string): LocalMessage | undefined;
}

export interface ChatLink {
  key: string;
  chatId: string;
  title: string;
  subtitle: string;
  count: number;
}

export interface ClockInfo {
  now: string;
  offsetMs: number;
  nextReminderRun: string | null;
  canAdvance: boolean;
  remindersAvailable: boolean;
}

export interface PageState {
  persona: Persona;
  personas: readonly Persona[];
  chat: { chatId: string; chatType: "group" | "p2p"; key: string };
  chats: ChatLink[];
  messages: { message: LocalMessage; rev: string }[];
  version: number;
  clock: ClockInfo;
}

const BOT_COLOR = "#3370ff";

function timeLabel(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

function avatar(name: string, color: string, cls = "hb-avatar"): string {
  return `<span class="${cls}" style="background:${color}">${escapeHtml(Array.from(name)[0] ?? "?")}</span>`;
}

/** One message row (avatar, name, time, reply quote, body). Replaced as a whole when the message changes. */
export function renderMessageItem(ctx: PageContext, m: LocalMessage, rev: string, viewer: Persona): string {
  const isBot = m.senderOpenId === ctx.botOpenId;
  const person = personaByOpenId(m.senderOpenId);
  const name = isBot ? BOT_NAME : (person?.name ?? ctx.render.nameOf(m.senderOpenId) ?? m.senderOpenId);
  const color = isBot ? BOT_COLOR : (person?.color ?? "#8f959e");
  const mine = m.senderOpenId === viewer.openId;
  let quote = "";
  if (m.parentId) {
    const parent = ctx.byId(m.parentId);
    const pName = parent ? (parent.senderOpenId === ctx.botOpenId ? BOT_NAME : (personaByOpenId(parent.senderOpenId)?.name ?? parent.senderOpenId)) : "";
    quote = `<a class="hb-reply-quote" href="#m-${escapeHtml(m.parentId)}">回复 ${escapeHtml(pName)}：${escapeHtml(parent ? messageSnippet(parent) : "（消息不可见）")}</a>`;
  }
  const edited = m.updatedAt > m.createdAt ? `<span class="hb-msg-edited">已更新 ${escapeHtml(timeLabel(m.updatedAt, ctx.timeZone))}</span>` : "";
  return (
    `<div class="hb-msg${mine ? " hb-mine" : ""}${isBot ? " hb-from-bot" : ""}" id="m-${escapeHtml(m.messageId)}" data-message-id="${escapeHtml(m.messageId)}" data-rev="${escapeHtml(rev)}" data-type="${escapeHtml(m.msgType)}">` +
    avatar(name, color) +
    `<div class="hb-msg-main"><div class="hb-msg-meta"><span class="hb-msg-name">${escapeHtml(name)}${isBot ? `<span class="hb-bot-badge">机器人</span>` : ""}</span><span class="hb-msg-time">${escapeHtml(timeLabel(m.createdAt, ctx.timeZone))}</span>${edited}</div>` +
    quote +
    `<div class="hb-bubble">${renderMessageBody(m, ctx.render, { fileUrl: (id) => `/console/api/files/${encodeURIComponent(id)}` })}</div>` +
    `<div class="hb-msg-tools"><button type="button" class="hb-reply-btn" data-reply="${escapeHtml(m.messageId)}" data-reply-label="${escapeHtml(`${name}：${messageSnippet(m, 24)}`)}">回复</button></div>` +
    `</div></div>`
  );
}

export function renderPage(ctx: PageContext, s: PageState): string {
  const q = (as: string, chat: string) => `/console?as=${encodeURIComponent(as)}&chat=${encodeURIComponent(chat)}`;
  const personas = s.personas
    .map(
      (p) =>
        `<a class="hb-persona${p.key === s.persona.key ? " hb-active" : ""}" href="${q(p.key, s.chat.key === "p2p" ? "p2p" : s.chat.key)}" data-persona="${escapeHtml(p.key)}" title="${escapeHtml(`${p.name} · ${p.role} · ${p.openId}`)}">${avatar(p.name, p.color, "hb-avatar hb-avatar-sm")}<span class="hb-persona-name">${escapeHtml(p.name)}</span></a>`,
    )
    .join("");
  const chats = s.chats
    .map(
      (c) =>
        `<a class="hb-chat-link${c.key === s.chat.key ? " hb-active" : ""}" href="${q(s.persona.key, c.key)}" data-chat="${escapeHtml(c.key)}" data-count="${c.count}">` +
        avatar(c.key === "p2p" ? BOT_NAME : c.title, c.key === "p2p" ? BOT_COLOR : "#00b5a6", "hb-avatar") +
        `<span class="hb-chat-text"><span class="hb-chat-title">${escapeHtml(c.title)}</span><span class="hb-chat-sub">${escapeHtml(c.subtitle)}</span></span><span class="hb-unread" hidden></span></a>`,
    )
    .join("");
  const current = s.chats.find((c) => c.key === s.chat.key);
  const title = current?.title ?? CONSOLE_GROUP.name;
  const messages = s.messages.map(({ message, rev }) => renderMessageItem(ctx, message, rev, s.persona)).join("");
  const placeholder = s.chat.chatType === "group" ? `发送给 ${title}（自动 @${BOT_NAME}；回复消息时输入 @${BOT_NAME} 才会 @）` : `发送给 ${BOT_NAME}`;
  const clock = s.clock;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · 汇报本地控制台</title>
<style>${CSS}</style>
</head>
<body data-as="${escapeHtml(s.persona.key)}" data-chat="${escapeHtml(s.chat.key)}" data-version="${s.version}" data-open-id="${escapeHtml(s.persona.openId)}">
<header class="hb-top">
  <div class="hb-brand">汇报 · 本地控制台 <span class="hb-brand-sub">未连接飞书：消息与卡片在本机模拟</span></div>
  <nav class="hb-personas" aria-label="切换身份">${personas}</nav>
  <div class="hb-clock" data-can-advance="${clock.canAdvance}" data-reminders="${clock.remindersAvailable}">
    <span class="hb-clock-now" title="应用时钟（可快进）">🕒 <span id="hb-clock-now" data-now="${escapeHtml(clock.now)}">${escapeHtml(timeLabel(Date.parse(clock.now), ctx.timeZone))}</span></span>
    <button type="button" id="hb-next-reminder" class="hb-btn hb-btn-default hb-btn-small"${clock.canAdvance ? "" : " disabled"} title="把时钟快进到下一次提醒时间并运行提醒">⏩ 下一次提醒${clock.nextReminderRun ? ` ${escapeHtml(timeLabel(Date.parse(clock.nextReminderRun), ctx.timeZone))}` : ""}</button>
    <button type="button" id="hb-plus-day" class="hb-btn hb-btn-text hb-btn-small"${clock.canAdvance ? "" : " disabled"}>+1 天</button>
    <span id="hb-clock-status" class="hb-clock-status">${clock.remindersAvailable ? "" : "提醒：not available"}</span>
  </div>
</header>
<div class="hb-shell">
  <aside class="hb-sidebar">
    <div class="hb-me">${avatar(s.persona.name, s.persona.color)}<div><div class="hb-me-name">${escapeHtml(s.persona.name)}</div><div class="hb-me-role">${escapeHtml(s.persona.role)}</div></div></div>
    <div class="hb-chats">${chats}</div>
  </aside>
  <main class="hb-main">
    <div class="hb-chat-head"><span class="hb-chat-head-title">${escapeHtml(title)}</span><span class="hb-chat-head-sub">${s.chat.chatType === "group" ? "群聊" : "单聊"} · 当前身份：${escapeHtml(s.persona.name)}</span></div>
    <div class="hb-messages" id="hb-messages">${messages || ""}<div class="hb-empty"${messages ? " hidden" : ""}>还没有消息。试试输入「帮助」或「新建报告」。</div></div>
    <form class="hb-composer" id="hb-composer" autocomplete="off">
      <div class="hb-replying" id="hb-replying" hidden><span id="hb-replying-label"></span><button type="button" id="hb-reply-cancel" class="hb-btn hb-btn-text hb-btn-small">取消回复</button></div>
      <div class="hb-compose-row">
        <textarea id="hb-input" name="text" rows="2" placeholder="${escapeHtml(placeholder)}"></textarea>
        <button type="submit" id="hb-send" class="hb-btn hb-btn-primary">发送</button>
      </div>
      <div class="hb-compose-hint">Enter 发送，Shift+Enter 换行；输入 @李科长 等可 @ 同事</div>
    </form>
  </main>
</div>
<div id="hb-toasts" class="hb-toasts" aria-live="polite"></div>
<div id="hb-modal" class="hb-modal" hidden><div class="hb-modal-box" role="dialog" aria-modal="true"><div class="hb-modal-title" id="hb-modal-title"></div><div class="hb-modal-text" id="hb-modal-text"></div><div class="hb-modal-actions"><button type="button" class="hb-btn hb-btn-default" id="hb-modal-cancel">取消</button><button type="button" class="hb-btn hb-btn-primary" id="hb-modal-ok">确定</button></div></div></div>
<script src="/console/client.js"></script>
</body>
</html>`;
}

const CSS = `
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2329;background:#f2f3f5;height:100vh;display:flex;flex-direction:column}
a{color:#3370ff;text-decoration:none}a:hover{text-decoration:underline}
.hb-top{display:flex;align-items:center;gap:16px;padding:8px 16px;background:#fff;border-bottom:1px solid #dee0e3;flex-wrap:wrap}
.hb-brand{font-weight:600}.hb-brand-sub{font-weight:400;color:#8f959e;font-size:12px;margin-left:6px}
.hb-personas{display:flex;gap:4px;flex-wrap:wrap}
.hb-persona{display:flex;align-items:center;gap:6px;padding:3px 10px 3px 4px;border-radius:16px;color:#1f2329;border:1px solid transparent}
.hb-persona:hover{background:#f2f3f5;text-decoration:none}.hb-persona.hb-active{background:#e1eaff;border-color:#3370ff}
.hb-clock{margin-left:auto;display:flex;align-items:center;gap:6px;font-size:13px;color:#646a73}
.hb-clock-status{color:#8f959e;font-size:12px}
.hb-shell{flex:1;display:flex;min-height:0}
.hb-sidebar{width:260px;background:#fff;border-right:1px solid #dee0e3;display:flex;flex-direction:column}
.hb-me{display:flex;gap:10px;align-items:center;padding:14px;border-bottom:1px solid #eff0f1}.hb-me-name{font-weight:600}.hb-me-role{color:#8f959e;font-size:12px}
.hb-chat-link{display:flex;gap:10px;align-items:center;padding:10px 14px;color:#1f2329;position:relative}
.hb-chat-link:hover{background:#f2f3f5;text-decoration:none}.hb-chat-link.hb-active{background:#e1eaff}
.hb-chat-text{display:flex;flex-direction:column;min-width:0}.hb-chat-title{font-weight:500;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.hb-chat-sub{font-size:12px;color:#8f959e}
.hb-unread{position:absolute;right:12px;background:#f54a45;color:#fff;border-radius:9px;font-size:11px;padding:0 6px;line-height:18px}
.hb-avatar{flex:0 0 auto;width:36px;height:36px;border-radius:50%;color:#fff;display:inline-flex;align-items:center;justify-content:center;font-weight:600}
.hb-avatar-sm{width:24px;height:24px;font-size:12px}
.hb-main{flex:1;display:flex;flex-direction:column;min-width:0}
.hb-chat-head{padding:12px 20px;background:#fff;border-bottom:1px solid #dee0e3}.hb-chat-head-title{font-weight:600;font-size:16px}.hb-chat-head-sub{color:#8f959e;font-size:12px;margin-left:10px}
.hb-messages{flex:1;overflow-y:auto;padding:16px 20px}
.hb-empty{color:#8f959e;text-align:center;margin-top:40px}
.hb-msg{display:flex;gap:10px;margin:0 0 18px;align-items:flex-start}
.hb-msg.hb-mine{flex-direction:row-reverse}.hb-mine .hb-msg-main{align-items:flex-end}.hb-mine .hb-msg-meta{flex-direction:row-reverse}
.hb-msg-main{display:flex;flex-direction:column;max-width:min(640px,80%);min-width:0}
.hb-msg-meta{display:flex;gap:8px;font-size:12px;color:#8f959e;margin-bottom:4px;align-items:center}
.hb-msg-name{color:#646a73}.hb-bot-badge{background:#e1eaff;color:#3370ff;border-radius:3px;padding:0 4px;margin-left:4px;font-size:11px}
.hb-msg-edited{color:#b0b3b8}
.hb-reply-quote{display:block;font-size:12px;color:#646a73;border-left:2px solid #bbbfc4;padding-left:6px;margin-bottom:4px;max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.hb-bubble{max-width:100%}
.hb-text{background:#fff;border-radius:8px;padding:8px 12px;white-space:normal;word-break:break-word}
.hb-mine .hb-text{background:#cce0ff}
.hb-msg-tools{height:18px}.hb-reply-btn{visibility:hidden;border:0;background:none;color:#8f959e;font-size:12px;cursor:pointer;padding:0}
.hb-msg:hover .hb-reply-btn{visibility:visible}
.hb-at{color:#3370ff}
.hb-file{display:flex;gap:8px;align-items:center;background:#fff;border:1px solid #dee0e3;border-radius:8px;padding:10px 14px;color:#1f2329;min-width:240px}
.hb-file-name{font-weight:500}.hb-file-size{color:#8f959e;font-size:12px}.hb-file-missing{opacity:.6}
.hb-composer{background:#fff;border-top:1px solid #dee0e3;padding:10px 20px}
.hb-compose-row{display:flex;gap:8px;align-items:flex-end}
#hb-input{flex:1;resize:none;border:1px solid #d0d3d6;border-radius:6px;padding:8px 10px;font:inherit}
#hb-input:focus{outline:none;border-color:#3370ff}
.hb-compose-hint{font-size:12px;color:#b0b3b8;margin-top:4px}
.hb-replying{display:flex;gap:8px;align-items:center;font-size:12px;color:#646a73;margin-bottom:6px;background:#f2f3f5;padding:4px 8px;border-radius:4px}
.hb-toasts{position:fixed;top:64px;left:50%;transform:translateX(-50%);display:flex;flex-direction:column;gap:8px;z-index:20}
.hb-toast{background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.15);border-radius:6px;padding:8px 16px;border-left:4px solid #3370ff}
.hb-toast-success{border-color:#2ea121}.hb-toast-error{border-color:#f54a45}.hb-toast-warning{border-color:#ff8800}
.hb-modal{position:fixed;inset:0;background:rgba(31,35,41,.45);display:flex;align-items:center;justify-content:center;z-index:30}
.hb-modal[hidden]{display:none}
.hb-modal-box{background:#fff;border-radius:8px;padding:20px 24px;width:400px;max-width:90vw}
.hb-modal-title{font-weight:600;font-size:16px;margin-bottom:8px}.hb-modal-text{color:#646a73;margin-bottom:20px;white-space:pre-wrap}
.hb-modal-actions{display:flex;justify-content:flex-end;gap:8px}
.hb-card{background:#fff;border:1px solid #dee0e3;border-radius:8px;overflow:hidden;width:520px;max-width:100%}
.hb-card.hb-width-compact{width:400px}.hb-card.hb-width-fill{width:100%}
.hb-card-bad{padding:12px;color:#f54a45}
.hb-card-header{padding:12px 14px 10px}
.hb-card-title-row{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.hb-card-title{font-weight:600;font-size:16px}.hb-card-title .md-p{display:inline}
.hb-card-subtitle{color:#646a73;font-size:12px;margin-top:2px}
.hb-tpl-blue{background:linear-gradient(#e1eaff,#f0f4ff)}.hb-tpl-wathet{background:#e1f3fc}.hb-tpl-turquoise{background:#d9f5f5}.hb-tpl-green{background:#d9f5d6}
.hb-tpl-yellow{background:#faf1d1}.hb-tpl-orange{background:linear-gradient(#feead2,#fff5eb)}.hb-tpl-red{background:linear-gradient(#fde2e2,#fff0f0)}.hb-tpl-carmine{background:#fbe1ea}
.hb-tpl-violet{background:linear-gradient(#f0e0fa,#f8f0fd)}.hb-tpl-purple{background:#ece2fe}.hb-tpl-indigo{background:#e0e2fa}.hb-tpl-grey{background:#eff0f1}.hb-tpl-default{background:#fff;border-bottom:1px solid #eff0f1}
.hb-card-body{padding:10px 14px 14px;display:flex;flex-direction:column;gap:8px}
.hb-md{word-break:break-word}.md-gap{height:.6em}.md-h{font-weight:600}.md-h1{font-size:20px}.md-h2{font-size:18px}.md-h3{font-size:16px}
.md-quote{border-left:3px solid #dee0e3;padding-left:8px;color:#646a73}
.hb-size-notation{font-size:12px;color:#8f959e}.hb-size-heading-0,.hb-size-heading-1{font-size:20px;font-weight:600}.hb-size-heading-2{font-size:18px;font-weight:600}.hb-size-heading-3,.hb-size-heading-4{font-size:16px;font-weight:600}
code{background:#f2f3f5;border-radius:3px;padding:0 3px}
.hb-hr{border:0;border-top:1px solid #dee0e3;margin:4px 0;width:100%}
.hb-fields{display:flex;flex-wrap:wrap;gap:4px 12px}.hb-field-cell{flex:1 1 100%}.hb-field-cell.hb-short{flex:1 1 45%}
.hb-columns{display:flex;gap:8px}.hb-flex-flow{flex-wrap:wrap}.hb-flex-bisect>.hb-column{flex:1 1 0!important}.hb-flex-trisect>.hb-column{flex:1 1 0!important}
.hb-column{display:flex;flex-direction:column;gap:6px;min-width:0}
.hb-panel{border:1px solid #dee0e3;border-radius:5px}.hb-panel-title{cursor:pointer;padding:6px 10px;list-style-position:inside}.hb-panel-title>.md-p,.hb-panel-title>div{display:inline}
.hb-panel-body{padding:0 10px 10px;display:flex;flex-direction:column;gap:8px}
.hb-form{display:flex;flex-direction:column;gap:8px;border:1px dashed transparent}
.hb-labelled{display:flex;flex-direction:column;gap:4px}.hb-label{font-size:13px;color:#646a73}.hb-req{color:#f54a45;margin-right:2px}
.hb-input,.hb-select{font:inherit;border:1px solid #d0d3d6;border-radius:6px;padding:6px 8px;background:#fff;width:100%}
.hb-input:focus,.hb-select:focus{outline:none;border-color:#3370ff}.hb-invalid{border-color:#f54a45!important}
.hb-btn{font:inherit;border-radius:6px;padding:5px 14px;cursor:pointer;border:1px solid #d0d3d6;background:#fff;color:#1f2329;white-space:nowrap}
.hb-btn:hover:not(:disabled){filter:brightness(.96)}.hb-btn:disabled{opacity:.45;cursor:not-allowed}
.hb-btn-primary,.hb-btn-primary_filled{background:#3370ff;border-color:#3370ff;color:#fff}
.hb-btn-danger{color:#f54a45;border-color:#f54a45}.hb-btn-danger_filled{background:#f54a45;border-color:#f54a45;color:#fff}
.hb-btn-text,.hb-btn-primary_text,.hb-btn-danger_text{border-color:transparent;background:none}.hb-btn-primary_text{color:#3370ff}.hb-btn-danger_text{color:#f54a45}
.hb-btn-laser{background:linear-gradient(90deg,#3370ff,#a83fd1);color:#fff;border:0}
.hb-btn-tiny,.hb-btn-small{padding:2px 10px;font-size:12px}.hb-btn-large{padding:8px 20px}.hb-btn.hb-fill{width:100%}
.hb-tag{display:inline-block;font-size:12px;line-height:18px;padding:0 6px;border-radius:4px;font-weight:400}
.hb-tag-neutral{background:#eff0f1;color:#646a73}.hb-tag-blue{background:#e1eaff;color:#245bdb}.hb-tag-turquoise{background:#d5f6f2;color:#078372}.hb-tag-lime{background:#eef6c6;color:#5d7b00}
.hb-tag-orange{background:#fee7cd;color:#c25705}.hb-tag-violet{background:#f2e6fc;color:#8a2bbd}.hb-tag-indigo{background:#e0e2fa;color:#3b43c4}.hb-tag-wathet{background:#d9f3fd;color:#037eaa}
.hb-tag-green{background:#d9f5d6;color:#237b19}.hb-tag-yellow{background:#faf1d1;color:#aa7803}.hb-tag-red{background:#fde2e2;color:#d83931}.hb-tag-purple{background:#ece2fe;color:#6425d0}.hb-tag-carmine{background:#fbe1ea;color:#c71e59}
.hb-unknown{font-size:12px;color:#c25705;background:#fff5eb;border:1px dashed #ff8800;border-radius:4px;padding:4px 8px}
.hb-flash{animation:hbflash 1.2s}@keyframes hbflash{from{box-shadow:0 0 0 3px #3370ff55}to{box-shadow:none}}
`;
