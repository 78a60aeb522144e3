// The callback queue refreshes itself: poll the JSON endpoint, redraw rows with textContent only.
// Rows mirror callbacks.html (a table on a desk, cards under 600 px: the CSS decides).
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

  function cell(row, className, ...children) {
    const td = element("td", className);
    children.filter(Boolean).forEach((child) => td.appendChild(child));
    row.appendChild(td);
    return td;
  }

  function small(text) { return element("small", "", text); }
  function text(value) { return document.createTextNode(value); }
  function isolated(value) { const node = element("bdi", "", value); return node; }

  function claimForm(ref) {
    const form = element("form", "inline");
    form.method = "post";
    form.action = table.dataset.claim.replace("REF", encodeURIComponent(ref));
    const token = element("input");
    token.type = "hidden"; token.name = "csrf_token"; token.value = csrfToken();
    const button = element("button", "action primary-inline", t("callbacks.action.claim"));
    button.type = "submit"; button.dataset.action = "claim";
    form.append(token, button);
    return form;
  }

  function link(href, action) {
    const anchor = element("a", "button action", t("callbacks.action." + action));
    anchor.href = href; anchor.dataset.action = action;
    return anchor;
  }

  function note(request) {
    const box = document.createDocumentFragment();
    if (request.note) {
      const div = element("div", "note"); div.dir = "auto";
      div.append(element("span", "full", request.note), element("span", "first-line", request.note_line));
      box.appendChild(div);
    }
    if (request.translation.state === "done") {
      const div = element("div", "note translation");
      const translated = element("bdi", "", request.translation.text); translated.dir = "auto";
      div.append(element("span", "label-mt", t("callbacks.machine_translation")), element("br"), translated);
      box.appendChild(div);
    }
    return box;
  }

  function stateCell(row, request) {
    const state = cell(row, "state", element("span", "badge " + request.status, t("callbacks.status." + request.status)));
    if (request.staff) {
      const who = element("small"); who.append(isolated(request.staff));
      if (request.mine) who.append(text(" (" + t("callbacks.mine") + ")"));
      state.append(text(" "), who);
    }
    if (request.attempts) state.append(text(" "), small(t("callbacks.attempts", {count: request.attempts})));
    if (request.unread) state.append(text(" "), element("span", "badge unread", t("callbacks.unread", {count: request.unread})));
  }

  function drawRow(request) {
    const row = element("tr"); row.dataset.ref = request.ref;
    const ref = element("a"); ref.href = request.case_url; ref.appendChild(element("strong", "", request.ref));
    const refCell = cell(row, "ref", ref);
    if (request.position) refCell.append(text(" "), small("#" + request.position));
    cell(row, "priority", element("span", "badge " + request.priority, t("callbacks.priority." + request.priority)));
    stateCell(row, request);
    cell(row, "about", text(request.language_name + " · " + request.topic_name));
    cell(row, "number", text(request.phone));
    const waited = cell(row, "waited", text(request.waited));
    if (request.expected) waited.append(element("br"), small(t("callbacks.expected", {when: request.expected})));
    cell(row, "note-cell", note(request));
    const actions = cell(row, "actions");
    request.actions.forEach((action) => actions.appendChild(
      action === "claim" ? claimForm(request.ref) : link(request.case_url + "#call", "call")));
    actions.appendChild(link(request.case_url, "open"));
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
