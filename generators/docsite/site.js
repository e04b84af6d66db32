(function () {
  "use strict";
  var root = document.documentElement;
  var pages = Array.prototype.slice.call(document.querySelectorAll("section.page"));
  var index = JSON.parse(document.getElementById("search-index").textContent);
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  var kinds = { home: "overview", table: "table", machine: "state machine", failures: "failures" };

  // Theme: the system's, unless the reader chose one (remembered where the
  // browser lets a local file keep it).
  function storedTheme() { try { return localStorage.getItem("schemagen-docs-theme"); } catch (e) { return null; } }
  function setTheme(t) {
    root.setAttribute("data-theme", t);
    try { localStorage.setItem("schemagen-docs-theme", t); } catch (e) { /* file:// without storage */ }
  }
  var button = document.getElementById("theme");
  function isDark() {
    return root.getAttribute("data-theme") === "dark" ||
      (!root.getAttribute("data-theme") && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }
  function label() { button.textContent = isDark() ? "Light" : "Dark"; }
  var chosen = storedTheme();
  if (chosen) { root.setAttribute("data-theme", chosen); }
  label();
  button.addEventListener("click", function () { setTheme(isDark() ? "light" : "dark"); label(); });

  // One page at a time: #PATH shows the page, #PATH::ANCHOR a heading in it.
  function show() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var parts = hash.split("::");
    var page = document.getElementById("p:" + parts[0]);
    if (!page || !page.classList.contains("page")) { page = pages[0]; }
    pages.forEach(function (p) { p.hidden = p !== page; });
    document.querySelectorAll("nav a").forEach(function (a) {
      a.classList.toggle("current", "p:" + a.getAttribute("href").slice(1) === page.id);
    });
    document.title = page.getAttribute("data-title") + " · " + document.querySelector(".brand").textContent;
    var target = parts.length > 1 ? document.getElementById(parts[0] + "::" + parts[1]) : null;
    if (target) { target.scrollIntoView(); } else { window.scrollTo(0, 0); }
  }
  window.addEventListener("hashchange", function () { clear(); show(); });

  // Search: titles first (exact, then prefix, shortest first, then
  // substring), then pages
  // whose columns, descriptions or states mention every word.
  function find(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) { return []; }
    var scored = [];
    index.forEach(function (e) {
      var title = e.title.toLowerCase(), text = (e.title + " " + e.text).toLowerCase(), score = 0;
      if (words.length === 1 && title === words[0]) { score = 4; }
      else if (words.length === 1 && title.indexOf(words[0]) === 0) { score = 3; }
      else if (words.every(function (w) { return title.indexOf(w) >= 0; })) { score = 2; }
      else if (words.every(function (w) { return text.indexOf(w) >= 0; })) { score = 1; }
      if (score) { scored.push({ e: e, score: score }); }
    });
    scored.sort(function (a, b) {
      return b.score - a.score || a.e.title.length - b.e.title.length ||
        (a.e.title < b.e.title ? -1 : a.e.title > b.e.title ? 1 : 0);
    });
    return scored.slice(0, 50).map(function (s) { return s.e; });
  }
  function clear() { results.hidden = true; results.textContent = ""; }
  function render() {
    var q = search.value.trim();
    results.textContent = "";
    if (!q) { results.hidden = true; return; }
    var found = find(q);
    results.hidden = false;
    if (!found.length) {
      var none = document.createElement("p");
      none.className = "none";
      none.textContent = "Nothing matches \u201c" + q + "\u201d.";
      results.appendChild(none);
      return;
    }
    var ol = document.createElement("ol");
    found.forEach(function (e) {
      var li = document.createElement("li"), a = document.createElement("a"), k = document.createElement("span");
      a.href = "#" + e.path;
      a.textContent = e.title;
      k.className = "kind";
      k.textContent = kinds[e.kind] || e.kind;
      li.appendChild(a);
      li.appendChild(k);
      ol.appendChild(li);
    });
    results.appendChild(ol);
  }
  search.addEventListener("input", render);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var first = results.querySelector("a");
      if (first) { location.hash = first.getAttribute("href"); search.value = ""; clear(); }
    } else if (ev.key === "Escape") { search.value = ""; clear(); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && document.activeElement !== search) { ev.preventDefault(); search.focus(); }
  });

  // Pictures: click to see one at full size.
  document.addEventListener("click", function (ev) {
    if (ev.target.tagName === "IMG") { ev.target.classList.toggle("zoomed"); }
  });

  // ?q=WORDS opens the site with a search.
  var q = new URLSearchParams(location.search).get("q");
  show();
  if (q) { search.value = q; render(); }
})();
