// Suggestions under a food input: <input data-food-suggest="/nutrition/foods/suggest">.
// Typing a name, an alias, a code or pinyin ("xhs") lists matching foods; choosing one puts
// the food's name in the input. Without this script the input is plain text and the form
// resolves what was typed on the server, as before.
(function () {
  "use strict";
  function attach(input) {
    var url = input.getAttribute("data-food-suggest");
    var list = document.createElement("ul");
    var timer = null, items = [], active = -1, seq = 0;
    list.className = "food-suggest";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("autocomplete", "off");
    input.parentNode.insertBefore(list, input.nextSibling);

    function close() { list.hidden = true; list.innerHTML = ""; items = []; active = -1; }
    function choose(food) { input.value = food.name; close(); input.focus(); }
    function mark(k) {
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === k ? "true" : "false"); });
      active = k;
    }
    function show(foods) {
      close();
      foods.forEach(function (food) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.textContent = food.name + " · " + food.code;
        if (food.matched !== food.name && food.via !== "code") {
          var from = document.createElement("span");
          from.className = "muted";
          from.textContent = " ← " + food.matched;
          li.appendChild(from);
        }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(food); });
        li.food = food;
        list.appendChild(li);
        items.push(li);
      });
      list.hidden = items.length === 0;
    }
    function fetchNow() {
      var q = input.value.trim(), mine = ++seq;
      if (!q) { close(); return; }
      fetch(url + "?q=" + encodeURIComponent(q), {credentials: "same-origin",
        headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : {foods: []}; })
        .then(function (body) { if (mine === seq) { show(body.foods || []); } })
        .catch(close);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchNow, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var n = items.length, step = event.key === "ArrowDown" ? 1 : -1;
        mark((active + step + n) % n);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(items[active].food);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }
  document.querySelectorAll("input[data-food-suggest]").forEach(attach);
})();
