// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Work that takes seconds says it is being done: a status after the element counts the
  // seconds ({s} in its data-wait text); the element is aria-busy meanwhile. Returns `done`.
  function waitFor(element) {
    var started = Date.now();
    var box = document.createElement("span");
    box.className = "wait";
    box.setAttribute("role", "status");
    var bar = document.createElement("progress");
    var text = document.createElement("span");
    box.appendChild(bar);
    box.appendChild(text);
    element.insertAdjacentElement("afterend", box);
    element.setAttribute("aria-busy", "true");
    function tick() {
      text.textContent = element.getAttribute("data-wait")
        .replace("{s}", String(Math.floor((Date.now() - started) / 1000)));
    }
    tick();
    var timer = window.setInterval(tick, 1000);
    return function done() {
      window.clearInterval(timer);
      box.remove();
      element.removeAttribute("aria-busy");
    };
  }
  // Reports (a county's PDF or workbook): <a data-wait="… {s} …" [data-download]>. A page the
  // browser opens (a PDF) replaces this one when it arrives; a download is fetched and saved.
  document.querySelectorAll("a[data-wait]").forEach(function (link) {
    var stop = null;
    function done() {
      if (stop) { stop(); stop = null; }
    }
    function filename(response) {
      var header = response.headers.get("Content-Disposition") || "";
      var coded = /filename\*=UTF-8''([^;]+)/i.exec(header);
      if (coded) { return decodeURIComponent(coded[1]); }
      var plain = /filename="?([^";]+)"?/i.exec(header);
      return plain ? plain[1] : "";
    }
    link.addEventListener("click", function (event) {
      if (link.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
      stop = waitFor(link);
      if (!link.hasAttribute("data-download") || !window.fetch || !window.URL) { return; }
      event.preventDefault();
      window.fetch(link.href, {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        var name = filename(response);
        return response.blob().then(function (blob) {
          var save = document.createElement("a");
          save.href = window.URL.createObjectURL(blob);
          save.download = name;
          document.body.appendChild(save);
          save.click();
          save.remove();
          window.setTimeout(function () { window.URL.revokeObjectURL(save.href); }, 60000);
          done();
        });
      }).catch(function () { done(); window.location.href = link.href; });
    });
    window.addEventListener("pageshow", done);  // back from the opened report
  });
  // A form whose answer takes seconds (the menu solver): <form data-wait="… {s} …">. The
  // status counts until the answer replaces the page; a second press meanwhile is ignored.
  document.querySelectorAll("form[data-wait]").forEach(function (form) {
    var stop = null;
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
      stop = waitFor(form);
    });
    window.addEventListener("pageshow", function () {
      if (stop) { stop(); stop = null; }
    });
  });
  // A table or box that scrolls sideways (a wide table on a phone) takes the keyboard focus,
  // so that it can be scrolled without a mouse (WCAG 2.1.1); one that fits does not.
  function scrollers() {
    document.querySelectorAll("main table, main .scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("data-scrolls", "");
        }
      } else if (box.hasAttribute("data-scrolls")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scrolls");
      }
    });
  }
  scrollers();
  window.addEventListener("load", scrollers);
  window.addEventListener("resize", scrollers);
  // A fieldset's "all" box (<input data-check-all>) ticks or clears the boxes beside it and
  // shows whether all are ticked. Without a script the server reads it as all of them.
  document.querySelectorAll("input[data-check-all]").forEach(function (all) {
    var set = all.closest("fieldset");
    if (!set) { return; }
    var boxes = Array.prototype.filter.call(
      set.querySelectorAll("input[type=checkbox]"), function (box) { return box !== all; });
    set.addEventListener("change", function (event) {
      if (event.target === all) {
        boxes.forEach(function (box) { box.checked = all.checked; });
      } else {
        all.checked = boxes.every(function (box) { return box.checked; });
      }
    });
  });
  // Forms that change something important ask first: <form data-confirm="...">
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
