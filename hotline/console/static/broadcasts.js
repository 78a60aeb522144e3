// Broadcasts: a live segment/encoding counter per language while composing, and a progress bar.
"use strict";
(function () {
  const {postJSON, format} = window.hotline;

  const kind = document.getElementById("audience_kind");
  if (kind) {  // show only the list that goes with the chosen kind of audience
    const pickers = document.querySelectorAll("#audience-picker label[data-kind]");
    const show = () => pickers.forEach((label) => { label.hidden = label.dataset.kind !== kind.value; });
    kind.addEventListener("change", show);
    show();
  }

  const compose = document.getElementById("compose-broadcast");
  if (compose) {
    const timers = {};
    async function count(area) {
      const lang = area.id.replace("text_", "");
      const counter = document.getElementById("counter-" + lang);
      if (!area.value.trim()) { counter.textContent = ""; return; }
      const result = await postJSON(compose.dataset.segmentsUrl, {text: area.value});
      if (!result.ok) return;
      const data = result.data;
      counter.textContent = format(compose.dataset.counter, {
        segments: data.segments, encoding: data.encoding, units: data.units,
        ucs2: data.ucs2.join(" ")});
      counter.classList.toggle("over", data.segments > 3);
    }
    compose.querySelectorAll("textarea.segment-count").forEach((area) => {
      area.addEventListener("input", () => {
        window.clearTimeout(timers[area.id]);
        timers[area.id] = window.setTimeout(() => count(area), 200);
      });
      count(area);
    });
  }

  const card = document.getElementById("progress-card");
  if (card) {
    const strings = JSON.parse(card.dataset.strings);
    const bar = document.getElementById("progress-bar");
    const status = document.getElementById("broadcast-status");
    function show(name, value) {
      document.getElementById("count-" + name).textContent = value;
    }
    async function poll() {
      const response = await fetch(card.dataset.url, {credentials: "same-origin"});
      if (!response.ok) return;
      const data = await response.json();
      const skipped = data.skipped + data.skipped_at_send;
      bar.max = data.total || 1;
      bar.value = data.sent + data.failed + skipped + data.stopped;
      ["total", "queued", "sent", "failed", "pending", "stopped", "delivered"].forEach(
        (name) => show(name, data[name]));
      show("skipped", skipped);
      document.getElementById("row-stopped").hidden = data.status !== "cancelled";
      document.getElementById("row-delivered").hidden = !data.delivered;
      status.textContent = strings.statuses[data.status] || data.status;
      if (!data.cancellable) {
        card.querySelectorAll("form").forEach((form) => { form.hidden = true; });
      }
      if (data.finished) window.clearInterval(timer);
    }
    const timer = window.setInterval(poll, 3000);
  }
})();
