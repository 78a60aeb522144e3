// The case view: the lease countdown, the thread's polling, ready-made replies, the live counter.
// Texters' words are set with textContent only (and dir="auto"), never as markup.
"use strict";
(function () {
  const page = document.getElementById("case");
  if (!page) return;
  const {element, postJSON, format} = window.hotline;

  const left = document.getElementById("lease-left");
  if (left) {
    let seconds = Number(left.dataset.seconds);
    const tick = () => {
      if (seconds <= 0) { left.textContent = left.dataset.over; return; }
      const minutes = Math.floor(seconds / 60), rest = String(seconds % 60).padStart(2, "0");
      left.textContent = minutes + ":" + rest;
      seconds -= 1;
    };
    tick();
    window.setInterval(tick, 1000);
  }

  const list = document.getElementById("thread-list");
  let shown = list ? list.querySelectorAll("li.msg").length : 0;
  function message(row) {
    const item = element("li", "msg " + row.direction);
    const meta = element("span", "meta");
    meta.append(element("bdi", "", row.who), document.createTextNode(" · " + row.channel_name + " · " + row.at));
    const body = element("div", "bubble-text", row.text); body.dir = "auto";
    item.append(meta, body);
    return item;
  }
  async function poll() {
    try {
      const response = await fetch(page.dataset.threadUrl, {credentials: "same-origin"});
      if (!response.ok) return;
      const data = await response.json();
      if (data.messages.length > shown) {
        list.querySelectorAll("li.empty").forEach((node) => node.remove());
        data.messages.slice(shown).forEach((row) => list.appendChild(message(row)));
        shown = data.messages.length;
      }
    } catch (error) { /* offline: the next poll tries again */ }
  }
  if (list) window.setInterval(poll, 5000);

  const form = document.getElementById("write-form");
  if (!form) return;
  const area = document.getElementById("reply-text");
  const channel = document.getElementById("reply-channel");
  const counter = document.getElementById("reply-counter");
  const readyData = document.getElementById("ready-texts");
  const ready = readyData ? JSON.parse(readyData.textContent) : [];
  const picker = document.getElementById("ready-reply");
  let timer = 0;

  async function count() {
    const value = area.value;
    if (!value.trim()) { counter.textContent = ""; return; }
    if (channel.value === "whatsapp") {
      counter.textContent = format(form.dataset.whatsapp, {count: [...value].length});
      counter.classList.remove("over");
      return;
    }
    const result = await postJSON(form.dataset.segmentsUrl, {text: value});
    if (!result.ok) return;
    const data = result.data;
    counter.textContent = format(form.dataset.sms, {
      segments: data.segments, encoding: data.encoding, units: data.units, ucs2: data.ucs2.join(" ")});
    counter.classList.toggle("over", data.segments > 3);
  }
  function later() { window.clearTimeout(timer); timer = window.setTimeout(count, 200); }
  area.addEventListener("input", later);
  channel.addEventListener("change", () => { fill(); count(); });
  function fill() {
    const chosen = ready.find((row) => picker && row.topic === picker.value);
    if (chosen) area.value = channel.value === "whatsapp" ? chosen.whatsapp : chosen.sms;
  }
  if (picker) picker.addEventListener("change", () => { fill(); count(); });
  count();
})();
