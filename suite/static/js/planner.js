// The planner without page reloads: forms marked "live" are sent in the background and the
// planner is replaced by the server's fresh rendering. Without JavaScript the same forms post
// normally and the page reloads with the result.
(function () {
  "use strict";
  var root = document.getElementById("planner");
  if (!root || !window.fetch) { return; }
  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("live")) { return; }
    event.preventDefault();
    root.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.text().then(function (html) {
        if (response.status === 200 || response.status === 400) {
          root.innerHTML = html;
        } else {
          form.submit();
        }
      });
    }).catch(function () { form.submit(); })
      .finally(function () { root.removeAttribute("aria-busy"); });
  });
})();
