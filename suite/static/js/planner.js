// The planner without page reloads. Forms and links marked "live" are sent in the background
// and the planner is replaced by the server's fresh rendering; the dish search asks for its
// results as one types; dishes are dragged to another cell. Without JavaScript the same forms
// post, the links and the search reload the page, and "Move" / "Move here" replace dragging.
(function () {
  "use strict";
  var root = document.getElementById("planner");
  if (!root || !window.fetch) { return; }
  var HEADERS = { "X-Requested-With": "fetch" };
  var timer = null, asked = 0;

  function swap(html, focusId) {
    var active = document.activeElement;
    var id = focusId || (active && root.contains(active) ? active.id : "");
    root.innerHTML = html;
    var next = id && document.getElementById(id);
    if (next) {
      next.focus();
      if (next.select && focusId) { next.select(); }
    }
  }

  function send(url, options, fallback, focusId) {
    root.setAttribute("aria-busy", "true");
    options.credentials = "same-origin";
    options.headers = HEADERS;
    return fetch(url, options).then(function (response) {
      return response.text().then(function (html) {
        if (response.status === 200 || response.status === 400) {
          swap(html, focusId);
        } else {
          fallback();
        }
      });
    }).catch(fallback).finally(function () { root.removeAttribute("aria-busy"); });
  }

  function post(url, body, fallback, focusId) {
    return send(url, { method: "POST", body: body }, fallback, focusId);
  }

  function withQuery(href) {
    // links drawn before the last keystrokes carry the query of then: use the box's
    var url = new URL(href, window.location.href), box = document.getElementById("dish-q");
    if (box) {
      if (box.value.trim()) { url.searchParams.set("q", box.value.trim()); } else { url.searchParams.delete("q"); }
    }
    return url;
  }

  function search(form) {
    var params = new URLSearchParams(new FormData(form)), mine = ++asked;
    var target = document.getElementById("dish-results");
    fetch(form.getAttribute("data-results") + "?" + params.toString(), {
      credentials: "same-origin", headers: HEADERS
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      if (mine !== asked || !target) { return; }   // an older answer arriving late
      target.innerHTML = html;
      window.history.replaceState(null, "", form.getAttribute("action") + "?" + params.toString());
    }).catch(function () { form.submit(); });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "dish-search") {
      event.preventDefault();
      window.clearTimeout(timer);
      search(form);
      return;
    }
    if (!form.classList || !form.classList.contains("live")) { return; }
    event.preventDefault();
    var found = !!form.closest(".dish-results");   // added from the search: type the next one
    post(form.action, new FormData(form), function () { form.submit(); },
         found ? "dish-q" : "");
  });

  root.addEventListener("input", function (event) {
    if (event.target.id !== "dish-q") { return; }
    var form = event.target.form;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(form); }, 150);
  });

  root.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.live");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var url = withQuery(link.href);
    send(url.toString(), { method: "GET" }, function () { window.location.href = url.toString(); },
         link.id).then(function () { window.history.replaceState(null, "", url.toString()); });
  });

  root.addEventListener("keydown", function (event) {
    // links that act as buttons answer the space bar as buttons do
    if (event.key === " " && event.target.getAttribute("role") === "button" &&
        event.target.tagName === "A") {
      event.preventDefault();
      event.target.click();
    }
  });

  // drag a dish to another cell: the same move as "Move" then "Move here"
  var dragged = null;
  root.addEventListener("dragstart", function (event) {
    var dish = event.target.closest && event.target.closest(".dish[data-move]");
    if (!dish) { return; }
    dragged = dish;
    dish.classList.add("moving");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dish.getAttribute("data-item"));
  });
  root.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("moving"); }
    dragged = null;
    root.querySelectorAll("td.drop-over").forEach(function (td) { td.classList.remove("drop-over"); });
  });
  root.addEventListener("dragover", function (event) {
    var cell = dragged && event.target.closest && event.target.closest("td[data-cell]");
    if (!cell) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    cell.classList.add("drop-over");
  });
  root.addEventListener("dragleave", function (event) {
    var cell = event.target.closest && event.target.closest("td[data-cell]");
    if (cell && !cell.contains(event.relatedTarget)) { cell.classList.remove("drop-over"); }
  });
  root.addEventListener("drop", function (event) {
    var cell = dragged && event.target.closest && event.target.closest("td[data-cell]");
    if (!cell) { return; }
    event.preventDefault();
    var dish = dragged, token = root.querySelector("input[name=csrf_token]");
    dragged = null;
    if (dish.closest("td[data-cell]") === cell || !token) { return; }
    var body = new FormData();
    body.append("csrf_token", token.value);
    body.append("to", cell.getAttribute("data-cell"));
    var url = dish.getAttribute("data-move");
    post(url, body, function () { window.location.reload(); });
  });
})();
