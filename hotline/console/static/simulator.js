// The console's phone simulator: texts go to the real engine; replies are shown as text only.
"use strict";
(function () {
  const phone = document.getElementById("phone");
  if (!phone) return;
  const thread = document.getElementById("thread");
  const {postJSON, element, format} = window.hotline;

  function show(text, className) {
    thread.appendChild(element("div", className, text));
    thread.scrollTop = thread.scrollHeight;
  }

  document.getElementById("compose").addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = document.getElementById("sim-text");
    const text = input.value;
    input.value = "";
    show(text || phone.dataset.empty, "bubble out");
    const result = await postJSON(phone.dataset.url, {
      text,
      from: document.getElementById("sim-from").value,
      channel: document.getElementById("sim-channel").value,
      language: document.getElementById("sim-language").value,
    });
    if (!result.ok) { show(result.data.error || phone.dataset.error, "meta error"); return; }
    const data = result.data;
    show(data.reply || phone.dataset.noReply, data.reply ? "bubble in" : "meta");
    show(format(phone.dataset.segments, {
      segments: data.segments, encoding: data.encoding,
      topic: data.topic || "-", language: data.language, channel: data.channel,
    }), "meta");
  });
})();
