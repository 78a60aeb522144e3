// Shared helpers for console pages. Untrusted text is always set with textContent.
"use strict";
window.hotline = (function () {
  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }
  async function postJSON(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (error) { data = {}; }
    return {ok: response.ok, status: response.status, data};
  }
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function format(template, fields) {
    return template.replace(/\{(\w+)\}/g, (match, name) => (name in fields ? fields[name] : match));
  }
  document.querySelectorAll("form.autosubmit select").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll("form.autosubmit .nojs").forEach((button) => { button.hidden = true; });
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  return {csrfToken, postJSON, element, format};
})();
