// Upload progress for large files: the form is sent in the background so the bar can show
// the bytes sent, then the server's answer replaces the page. Without JavaScript the form
// posts normally.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var bar = form.querySelector("progress");
    var status = form.querySelector(".upload-status");
    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) { return; }
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      bar.hidden = false;
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
        status.textContent = bar.value + "%";
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value");
        status.textContent = "…";
      });
      xhr.addEventListener("load", function () {
        document.open();
        document.write(xhr.responseText);
        document.close();
        if (xhr.responseURL) { window.history.replaceState(null, "", xhr.responseURL); }
      });
      xhr.addEventListener("error", function () { form.submit(); });
      xhr.send(new FormData(form));
    });
  });
})();
