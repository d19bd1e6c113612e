// The console's only script, served at /console/client.js: live updates (long polling), sending messages,
// replying, card clicks and form submits (as card callbacks), confirm dialogs, toasts, the clock control.
// Plain browser JavaScript in a string: no build step.
export const CLIENT_JS = String.raw`(function () {
  "use strict";
  var body = document.body;
  var as = body.getAttribute("data-as");
  var chat = body.getAttribute("data-chat");
  var version = Number(body.getAttribute("data-version") || "0");
  var list = document.getElementById("hb-messages");
  var input = document.getElementById("hb-input");
  var replyTo = null;
  var busy = 0;

  function seenKey(key) { return "hb-seen:" + as + ":" + key; }

  function toast(type, text) {
    var box = document.getElementById("hb-toasts");
    var t = document.createElement("div");
    t.className = "hb-toast hb-toast-" + (type || "info");
    t.textContent = text;
    box.appendChild(t);
    body.setAttribute("data-last-toast", text);
    setTimeout(function () { t.remove(); }, 4000);
  }

  function api(method, url, data) {
    busy++;
    body.setAttribute("data-busy", String(busy));
    var init = { method: method, headers: {} };
    if (data !== undefined) { init.headers["content-type"] = "application/json"; init.body = JSON.stringify(data); }
    return fetch(url, init).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error((j && (j.message || j.error)) || ("HTTP " + r.status));
        return j;
      });
    }).finally(function () {
      busy--;
      body.setAttribute("data-busy", String(busy));
    });
  }

  function nearBottom() { return list.scrollHeight - list.scrollTop - list.clientHeight < 80; }
  function toBottom() { list.scrollTop = list.scrollHeight; }

  function updateChats(chats) {
    chats.forEach(function (c) {
      var link = document.querySelector('.hb-chat-link[data-chat="' + CSS.escape(c.key) + '"]');
      if (c.key === chat) { localStorage.setItem(seenKey(c.key), String(c.count)); }
      if (!link) return;
      var badge = link.querySelector(".hb-unread");
      var seen = Number(localStorage.getItem(seenKey(c.key)) || "0");
      var unread = c.key === chat ? 0 : Math.max(0, c.count - seen);
      badge.hidden = unread === 0;
      badge.textContent = String(unread);
    });
  }

  function updateClock(clock) {
    if (!clock) return;
    var el = document.getElementById("hb-clock-now");
    var d = new Date(clock.now);
    el.setAttribute("data-now", clock.now);
    el.textContent = fmt(d);
    var next = document.getElementById("hb-next-reminder");
    if (clock.nextReminderRun) next.textContent = "⏩ 下一次提醒 " + fmt(new Date(clock.nextReminderRun));
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function fmt(d) { return pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes()); }

  function refresh() {
    return api("GET", "/console/api/chat?as=" + encodeURIComponent(as) + "&chat=" + encodeURIComponent(chat)).then(function (j) {
      var stick = nearBottom();
      var appended = false;
      var empty = list.querySelector(".hb-empty");
      j.messages.forEach(function (m) {
        var el = document.getElementById("m-" + m.id);
        if (el && el.getAttribute("data-rev") === m.rev) return;
        var tmp = document.createElement("div");
        tmp.innerHTML = m.html;
        var fresh = tmp.firstElementChild;
        if (el) {
          el.replaceWith(fresh);
          fresh.classList.add("hb-flash");
        } else {
          list.insertBefore(fresh, empty);
          appended = true;
        }
      });
      if (empty) empty.hidden = j.messages.length > 0;
      if (appended || stick) toBottom();
      updateChats(j.chats);
      updateClock(j.clock);
      version = Math.max(version, j.version);
      body.setAttribute("data-version", String(version));
    });
  }

  function poll() {
    fetch("/console/api/events?since=" + version).then(function (r) { return r.json(); }).then(function (j) {
      if (j.version > version) return refresh();
    }).then(poll, function () { setTimeout(poll, 2000); });
  }

  // ---- composer
  function setReply(id, label) {
    replyTo = id;
    document.getElementById("hb-replying").hidden = !id;
    document.getElementById("hb-replying-label").textContent = id ? "回复 " + label : "";
    if (id) input.focus();
  }
  document.getElementById("hb-reply-cancel").addEventListener("click", function () { setReply(null, ""); });

  function send() {
    var text = input.value.trim();
    if (!text) return;
    var payload = { as: as, chat: chat, text: text, parentId: replyTo };
    input.value = "";
    setReply(null, "");
    api("POST", "/console/api/send", payload).then(refresh).catch(function (e) {
      input.value = text;
      toast("error", "发送失败：" + e.message);
    });
  }
  document.getElementById("hb-composer").addEventListener("submit", function (ev) { ev.preventDefault(); send(); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); send(); }
  });

  // ---- confirm dialog
  function confirmBox(title, text) {
    return new Promise(function (resolve) {
      var modal = document.getElementById("hb-modal");
      document.getElementById("hb-modal-title").textContent = title || "确认";
      document.getElementById("hb-modal-text").textContent = text || "";
      modal.hidden = false;
      function done(v) {
        modal.hidden = true;
        ok.removeEventListener("click", yes);
        cancel.removeEventListener("click", no);
        resolve(v);
      }
      var ok = document.getElementById("hb-modal-ok");
      var cancel = document.getElementById("hb-modal-cancel");
      function yes() { done(true); }
      function no() { done(false); }
      ok.addEventListener("click", yes);
      cancel.addEventListener("click", no);
      ok.focus();
    });
  }

  // ---- cards
  function tzOffset() {
    var m = -new Date().getTimezoneOffset();
    var s = m >= 0 ? "+" : "-";
    m = Math.abs(m);
    return s + pad(Math.floor(m / 60)) + pad(m % 60);
  }

  function fieldValue(el) {
    var kind = el.getAttribute("data-field");
    if (kind === "multi") return Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
    if (kind === "date") return el.value ? el.value + " " + tzOffset() : "";
    return el.value;
  }

  function collectForm(form) {
    var values = {};
    var missing = [];
    form.querySelectorAll("[data-field]").forEach(function (el) {
      var v = fieldValue(el);
      var empty = Array.isArray(v) ? v.length === 0 : v === "";
      el.classList.toggle("hb-invalid", empty && el.hasAttribute("data-required"));
      if (empty && el.hasAttribute("data-required")) missing.push(el);
      if (!empty) values[el.getAttribute("name")] = v;
    });
    return { values: values, missing: missing };
  }

  function resetForm(form) {
    form.querySelectorAll("[data-field]").forEach(function (el) {
      if (el.tagName === "SELECT") Array.prototype.forEach.call(el.options, function (o) { o.selected = o.defaultSelected; });
      else el.value = el.defaultValue;
      el.classList.remove("hb-invalid");
    });
  }

  function messageIdOf(el) {
    var msg = el.closest("[data-message-id]");
    return msg ? msg.getAttribute("data-message-id") : null;
  }

  function callback(el, extra) {
    var raw = el.getAttribute("data-callback");
    var payload = { as: as, messageId: messageIdOf(el), value: raw ? JSON.parse(raw) : {}, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone };
    for (var k in extra) payload[k] = extra[k];
    el.setAttribute("data-pending", "1");
    return api("POST", "/console/api/action", payload).then(function (j) {
      if (j.toast) toast(j.toast.type, j.toast.content);
      return refresh();
    }).catch(function (e) {
      toast("error", "回调失败：" + e.message);
    }).finally(function () { el.removeAttribute("data-pending"); });
  }

  list.addEventListener("click", function (ev) {
    var reply = ev.target.closest("[data-reply]");
    if (reply) { setReply(reply.getAttribute("data-reply"), reply.getAttribute("data-reply-label")); return; }
    var btn = ev.target.closest("button[data-button]");
    if (!btn || btn.disabled || btn.hasAttribute("data-pending")) return;
    var formAction = btn.getAttribute("data-form-action");
    var form = btn.closest(".hb-form");
    var extra = { tag: "button" };
    if (btn.getAttribute("data-name")) extra.name = btn.getAttribute("data-name");
    if (form && formAction === "reset") { resetForm(form); return; }
    if (form && formAction === "submit") {
      var collected = collectForm(form);
      if (collected.missing.length) { toast("warning", "请填写必填项"); collected.missing[0].focus(); return; }
      extra.formValue = collected.values;
    }
    var title = btn.getAttribute("data-confirm-title");
    var text = btn.getAttribute("data-confirm-text");
    var go = title || text ? confirmBox(title, text) : Promise.resolve(true);
    go.then(function (ok) {
      if (!ok) return;
      var url = btn.getAttribute("data-url");
      if (url) window.open(url, "_blank", "noopener");
      if (btn.hasAttribute("data-callback") || extra.formValue) return callback(btn, extra);
    });
  });

  // Standalone pickers with a callback: the choice arrives as action.option.
  list.addEventListener("change", function (ev) {
    var el = ev.target;
    if (!el.hasAttribute || !el.hasAttribute("data-callback") || el.closest(".hb-form")) return;
    var kind = el.getAttribute("data-field");
    var tag = kind === "date" ? "date_picker" : kind === "person" ? "select_person" : kind === "multi" ? "multi_select_static" : kind === "input" ? "input" : "select_static";
    var extra = { tag: tag, name: el.getAttribute("name") || undefined };
    if (kind === "input") extra.inputValue = el.value; else extra.option = fieldValue(el);
    callback(el, extra);
  });

  // ---- clock
  function clockStatus(j) {
    var s = document.getElementById("hb-clock-status");
    if (j.reminders === "ran") s.textContent = "已运行提醒（" + fmt(new Date(j.at)) + (j.summary ? "，发送 " + j.summary.sent + " 条" + (j.summary.sent === 0 && j.summary.reason ? "：" + j.summary.reason : "") : "") + "）";
    else if (j.reminders === "failed") s.textContent = "提醒运行失败：" + (j.error || "");
    else if (j.reminders === "skipped") s.textContent = "时间已快进";
    else s.textContent = "提醒：not available（时间已快进）";
    updateClock(j);
  }
  document.getElementById("hb-next-reminder").addEventListener("click", function () {
    api("POST", "/console/api/clock", { to: "next-reminder" }).then(clockStatus).then(refresh).catch(function (e) { toast("error", e.message); });
  });
  document.getElementById("hb-plus-day").addEventListener("click", function () {
    api("POST", "/console/api/clock", { hours: 24 }).then(clockStatus).then(refresh).catch(function (e) { toast("error", e.message); });
  });

  toBottom();
  refresh().then(poll, poll);
  body.setAttribute("data-ready", "1");
})();
`;
