// The callback queue refreshes itself: poll the JSON endpoint, redraw rows with textContent only.
"use strict";
(function () {
  const table = document.getElementById("queue");
  if (!table) return;
  const strings = JSON.parse(document.getElementById("queue-strings").textContent);
  const {element, csrfToken, format} = window.hotline;
  const body = table.querySelector("tbody");
  const status = document.getElementById("queue-updated");
  const POLL_MS = 5000;
  let last = "";

  function t(key, fields) { return format(strings[key] || key, fields || {}); }

  function when(iso) {
    if (!iso) return "—";
    return new Date(iso).toLocaleString(strings.locale, {
      timeZone: "Europe/Brussels", dateStyle: "short", timeStyle: "short"});
  }

  function cell(row, ...children) {
    const td = element("td");
    children.filter(Boolean).forEach((child) => td.appendChild(child));
    row.appendChild(td);
    return td;
  }

  function small(text) { const node = element("small", "", text); return node; }

  function actionForm(ref, action) {
    const form = element("form", "inline");
    form.method = "post";
    form.action = table.dataset.action.replace("REF", encodeURIComponent(ref)).replace("ACTION", action);
    const token = element("input");
    token.type = "hidden"; token.name = "csrf_token"; token.value = csrfToken();
    const button = element("button", "small", t("callbacks.action." + action));
    button.type = "submit"; button.dataset.action = action;
    form.append(token, button);
    return form;
  }

  function note(request) {
    const box = document.createDocumentFragment();
    if (request.note) {
      const div = element("div", "note", request.note); div.dir = "auto"; box.appendChild(div);
    }
    if (request.note_translation) {
      const div = element("div", "note translation");
      const text = element("bdi", "", request.note_translation.text); text.dir = "auto";
      div.append(element("span", "label-mt", t("callbacks.machine_translation")), element("br"), text);
      box.appendChild(div);
    }
    return box;
  }

  function drawRow(request) {
    const row = element("tr"); row.dataset.ref = request.ref;
    const ref = cell(row, element("strong", "", request.ref));
    if (request.position) ref.append(element("br"), small("#" + request.position));
    cell(row, element("span", "badge " + request.priority, t("callbacks.priority." + request.priority)));
    const state = cell(row, element("span", "badge " + request.status, t("callbacks.status." + request.status)));
    if (request.staff) state.append(element("br"), small(request.staff));
    if (request.attempts) state.append(element("br"), small(t("callbacks.attempts", {count: request.attempts})));
    cell(row, document.createTextNode(request.language + " · " + (request.topic || "—")));
    const reveal = element("a", "", t("callbacks.reveal"));
    reveal.href = table.dataset.reveal.replace("REF", encodeURIComponent(request.ref));
    cell(row, document.createTextNode(request.phone), element("br"), reveal);
    cell(row, document.createTextNode(when(request.created_at)));
    cell(row, note(request));
    const actions = cell(row);
    actions.className = "actions";
    request.actions.forEach((action) => actions.appendChild(actionForm(request.ref, action)));
    return row;
  }

  function draw(requests) {
    const rows = requests.map(drawRow);
    if (!rows.length) {
      const empty = element("tr", "empty");
      const td = element("td", "hint", t("callbacks.empty")); td.colSpan = 8;
      empty.appendChild(td); rows.push(empty);
    }
    body.replaceChildren(...rows);
  }

  async function poll() {
    try {
      const response = await fetch(table.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}});
      if (response.status === 401) { window.location.reload(); return; }
      const data = await response.json();
      const fingerprint = JSON.stringify(data.requests);
      if (fingerprint !== last) { if (last) draw(data.requests); last = fingerprint; }
      status.textContent = t("callbacks.updated", {time: new Date().toLocaleTimeString(strings.locale)});
    } catch (error) {
      status.textContent = t("callbacks.offline");
    }
  }
  poll();
  window.setInterval(poll, POLL_MS);
})();
