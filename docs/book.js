// cnnbook: the search box and the menu button. No library, nothing loaded
// from elsewhere; the index is window.bookIndex (search-index.js).
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  var toggle = document.querySelector(".navtoggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = root.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  if (!input || !list) return;

  // search returns the sections holding every word of q, best first: a
  // word in the heading counts five times one in the text.
  function search(q) {
    var words = q.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    if (words.length === 0 || !window.bookIndex) return [];
    var hits = [];
    window.bookIndex.forEach(function (e) {
      var title = (e.p + " " + e.t).toLowerCase(), text = e.x.toLowerCase(), score = 0;
      for (var i = 0; i < words.length; i++) {
        var inTitle = title.indexOf(words[i]) >= 0, n = text.split(words[i]).length - 1;
        if (!inTitle && n === 0) return;
        score += (inTitle ? 5 : 0) + Math.min(n, 5);
      }
      hits.push({ e: e, score: score, at: text.indexOf(words[0]) });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 12);
  }

  function show() {
    var hits = search(input.value);
    list.textContent = "";
    if (input.value.trim() === "") { list.hidden = true; return; }
    if (hits.length === 0) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = "Nothing found.";
      list.appendChild(none);
    }
    hits.forEach(function (h) {
      var li = document.createElement("li"), a = document.createElement("a"), s = document.createElement("span");
      a.href = h.e.u;
      a.textContent = h.e.t === h.e.p ? h.e.p : h.e.p + " › " + h.e.t;
      var from = Math.max(0, h.at - 40);
      s.textContent = (from > 0 ? "…" : "") + h.e.x.substr(from, 110) + "…";
      li.appendChild(a);
      li.appendChild(s);
      list.appendChild(li);
    });
    list.hidden = false;
  }
  input.addEventListener("input", show);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { input.value = ""; show(); }
    if (ev.key === "Enter") {
      var first = list.querySelector("a");
      if (first) window.location.href = first.href;
    }
  });
})();
