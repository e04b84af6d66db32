// schemagen live preview. Plain JavaScript, no framework, no network access
// beyond this server: the page reads /api/state, listens to /api/events for
// new versions, and fetches a diagram or code tab only when it is shown.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const TAB_TITLES = { er: "ER", states: "States", flow: "Flow" };

  let state = null; // the last /api/state
  let tab = null; // the selected tab: a diagram kind or a code name
  const loaded = {}; // tab -> the version its content shows
  const views = {}; // diagram kind -> {x, y, k, user: panned or zoomed by hand}
  let codeFiles = []; // files of the code tab on screen
  let loadToken = 0; // drops responses that arrive after a newer request
  // The ER tab shows the whole design or, after a click on a box of the
  // overview of a big design, one group: {name} or {ungrouped: true}. The
  // address says which (#er/group/NAME, #er/ungrouped), so Back returns.
  let erGroup = null;

  // el builds an element; children are nodes or text (never parsed as HTML).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined || c === "") continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function plural(n, one, many) {
    return n === 1 ? "1 " + one : n + " " + many;
  }

  // ---- state ----------------------------------------------------------------

  let refreshing = false;
  let refreshAgain = false;

  async function refresh() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = true;
    try {
      do {
        refreshAgain = false;
        const res = await fetch("/api/state", { cache: "no-store" });
        if (!res.ok) throw new Error("state: HTTP " + res.status);
        state = await res.json();
        render();
      } while (refreshAgain);
    } catch (err) {
      setConnection("offline", String(err));
    } finally {
      refreshing = false;
    }
  }

  function render() {
    renderHeader();
    renderProblems();
    renderTabs();
    showTab(tab);
  }

  function renderHeader() {
    $("design-name").textContent = state.design || "schemagen";
    $("file").textContent = state.file;
    $("file").title = state.path;
    $("summary").textContent = state.summary ? "· " + state.summary : "";
    const counts = $("counts");
    counts.replaceChildren();
    const c = state.counts;
    if (state.status === "missing" || state.status === "unreadable") {
      counts.append(el("span", { class: "errors" }, state.status === "missing" ? "file missing" : "unreadable"));
    } else if (c.errors + c.warnings === 0) {
      counts.append(el("span", { class: "ok" }, "no problems"));
    } else {
      if (c.errors) counts.append(el("span", { class: "errors" }, plural(c.errors, "error", "errors")));
      if (c.errors && c.warnings) counts.append(", ");
      if (c.warnings) counts.append(el("span", { class: "warnings" }, plural(c.warnings, "warning", "warnings")));
    }
    const v = $("version");
    v.textContent = "version " + state.version;
    v.dataset.version = String(state.version);
    v.dataset.shown = String(state.shown);
    v.dataset.status = state.status;
    const mark = state.status === "ok" ? "" : "\u2717 ";
    document.title = mark + (state.design || state.file) + " \u2014 schemagen preview";
  }

  function renderProblems() {
    const banner = $("banner");
    let text = "";
    let stale = false;
    if (state.status === "missing" || state.status === "unreadable") {
      text = state.problem;
    } else if (state.status === "errors") {
      text = "The design has " + plural(state.counts.errors, "error", "errors") + ". ";
      text += state.shown
        ? "Showing the diagrams of version " + state.shown + ", the last one without errors."
        : "The diagrams appear once it has none.";
    }
    if (text && state.shown && state.status !== "errors") {
      text += " Showing the diagrams of version " + state.shown + ".";
    }
    if (state.status === "ok" && state.shown !== state.version) stale = true;
    banner.textContent = text;
    banner.classList.toggle("stale", stale);
    banner.hidden = text === "";

    // Errors and warnings in full; infos (suggestions) folded away.
    const list = $("diagnostics");
    const infos = $("infos");
    list.replaceChildren();
    infos.replaceChildren();
    for (const d of state.diagnostics) {
      const li = el("li", { class: d.severity, "data-rule": d.rule },
        el("span", { class: "sev" }, d.severity),
        el("span", { class: "pos" }, d.pos),
        d.link ? el("a", { href: d.link, title: "open in VS Code" }, "open") : null,
        " ",
        el("span", { class: "msg" }, d.message),
        el("span", { class: "rule" }, "[" + d.rule + "]"));
      if (d.hint) li.append(el("div", { class: "hint" }, "fix: " + d.hint));
      const rule = state.rules[d.rule];
      if (rule) {
        li.append(el("details", {}, el("summary", {}, "why: " + rule.title), el("pre", {}, rule.doc)));
      }
      (d.severity === "info" ? infos : list).append(li);
    }
    const notes = infos.children.length;
    $("notes").hidden = notes === 0;
    $("notes-summary").textContent = plural(notes, "suggestion", "suggestions") + " (info)";
    $("problems").hidden = banner.hidden && state.diagnostics.length === 0;
    $("problems").classList.toggle("bad", state.status !== "ok" || state.counts.warnings > 0);
  }

  function tabNames() {
    return state.diagrams.concat(state.code.map((c) => c.name));
  }

  function renderTabs() {
    const nav = $("tabs");
    const names = tabNames();
    if (nav.dataset.names !== names.join(",")) {
      nav.replaceChildren();
      for (const kind of state.diagrams) nav.append(tabButton(kind, TAB_TITLES[kind] || kind));
      for (const c of state.code) nav.append(tabButton(c.name, c.title));
      nav.dataset.names = names.join(",");
    }
    if (!names.includes(tab)) {
      const wanted = parseHash();
      tab = names.includes(wanted.tab) ? wanted.tab : names[0] || null;
      erGroup = tab === "er" ? wanted.group : null;
    }
  }

  // parseHash reads the address: a tab, and for the ER tab maybe a group.
  function parseHash() {
    const h = location.hash.slice(1);
    if (h.startsWith("er/group/")) {
      let name = h.slice("er/group/".length);
      try {
        name = decodeURIComponent(name);
      } catch (err) {
        // not percent-encoded: take it as written
      }
      return { tab: "er", group: { name: name } };
    }
    if (h === "er/ungrouped") return { tab: "er", group: { ungrouped: true } };
    return { tab: h, group: null };
  }

  // viewKey names what a diagram tab shows: its kind, or the ER tab's group.
  function viewKey(kind) {
    if (kind !== "er" || !erGroup) return kind;
    return erGroup.ungrouped ? "er/ungrouped" : "er/group/" + erGroup.name;
  }

  function diagramURL(kind, version) {
    if (kind === "er" && erGroup) {
      const which = erGroup.ungrouped ? "ungrouped=1" : "name=" + encodeURIComponent(erGroup.name);
      return "/api/diagram/group.svg?" + which + "&v=" + version;
    }
    return "/api/diagram/" + kind + ".svg?v=" + version;
  }

  // followLink shows where a link of a diagram leads, when that is a view of
  // this page (the overview's boxes lead to their groups); others are ignored.
  function followLink(a) {
    const href = a.getAttribute("href") || a.getAttribute("xlink:href") || "";
    if (href.startsWith("/#")) location.hash = href.slice(1); // hashchange shows it
  }

  function onHashChange() {
    if (!state) return;
    const wanted = parseHash();
    const names = tabNames();
    const next = names.includes(wanted.tab) ? wanted.tab : names[0] || null;
    erGroup = next === "er" ? wanted.group : null;
    showTab(next);
  }

  function tabButton(name, title) {
    const b = el("button", { type: "button", role: "tab", id: "tab-" + name, "data-tab": name }, title);
    b.addEventListener("click", () => {
      history.replaceState(null, "", "#" + name);
      if (name === "er") erGroup = null;
      showTab(name);
    });
    return b;
  }

  function showTab(name) {
    tab = name;
    for (const b of $("tabs").children) b.setAttribute("aria-selected", String(b.dataset.tab === name));
    const isDiagram = state.diagrams.includes(name);
    const isCode = state.code.some((c) => c.name === name);
    $("diagram-pane").hidden = !isDiagram;
    $("code-pane").hidden = !isCode;
    if (isDiagram) loadDiagram(name);
    if (isCode) loadCode(name);
  }

  // ---- diagrams ---------------------------------------------------------------

  function placeholder(cls, text) {
    $("canvas").replaceChildren(el("div", { class: cls }, text));
    const v = view(viewKey(tab));
    v.x = 0; v.y = 0; v.k = 1; v.user = false;
    applyView();
  }

  async function loadDiagram(kind) {
    if (!state.shown) {
      loaded[kind] = 0;
      placeholder("placeholder", "No diagram yet: the design has errors. Fix them and the diagram appears here.");
      $("diagram-note").textContent = "";
      return;
    }
    const key = viewKey(kind);
    $("back-overview").hidden = key === kind;
    if (loaded[key] === state.shown && $("canvas").dataset.kind === kind && $("canvas").dataset.view === key) return;
    const token = ++loadToken;
    const version = state.shown;
    let res, text;
    try {
      res = await fetch(diagramURL(kind, version), { cache: "no-store" });
      text = await res.text();
    } catch (err) {
      text = String(err);
    }
    if (token !== loadToken) return; // a newer request took over
    const canvas = $("canvas");
    canvas.dataset.kind = kind;
    canvas.dataset.view = key;
    if (!res || !res.ok) {
      loaded[key] = undefined;
      const empty = res && res.headers.get("X-Nothing-To-Draw") === "1";
      placeholder(empty ? "placeholder" : "failure", text);
      return;
    }
    const svg = parseSVG(text);
    if (!svg) {
      loaded[key] = undefined;
      placeholder("failure", "the server sent a diagram that is not valid SVG");
      return;
    }
    canvas.replaceChildren(svg);
    canvas.dataset.version = res.headers.get("X-Design-Version") || String(version);
    loaded[key] = version;
    const where = key === kind ? "" : (erGroup.ungrouped ? "ungrouped tables" : "group " + erGroup.name) + " \u00b7 ";
    $("diagram-note").textContent = where + "version " + canvas.dataset.version;
    // Fit each new drawing until the user pans or zooms; then keep their view.
    if (!view(key).user) fit();
    else applyView();
  }

  // parseSVG parses SVG text into a node for this document, without anything
  // that could run (the Content-Security-Policy blocks it too).
  function parseSVG(text) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    if (!root || root.nodeName.toLowerCase() !== "svg" || doc.getElementsByTagName("parsererror").length) return null;
    for (const bad of Array.from(root.querySelectorAll("script, foreignObject"))) bad.remove();
    for (const node of Array.from(root.querySelectorAll("*")).concat([root])) {
      for (const attr of Array.from(node.attributes)) {
        const name = attr.name.toLowerCase();
        const value = attr.value.trim().toLowerCase();
        if (name.startsWith("on") || ((name === "href" || name === "xlink:href") && value.startsWith("javascript:"))) {
          node.removeAttribute(attr.name);
        }
      }
    }
    return document.importNode(root, true);
  }

  function view(kind) {
    if (!views[kind]) views[kind] = { x: 0, y: 0, k: 1, user: false };
    return views[kind];
  }

  let appliedScale = 1; // the scale the canvas is drawn at now

  function applyView() {
    const v = view(viewKey(tab));
    appliedScale = v.k;
    $("canvas").style.transform = "translate(" + v.x + "px," + v.y + "px) scale(" + v.k + ")";
  }

  // naturalSize is the diagram's size at scale 1, from its width and height
  // (Graphviz writes them in pt), whatever transform the canvas has now.
  function naturalSize() {
    const svg = $("canvas").querySelector("svg");
    if (!svg) return null;
    try {
      const w = svg.width.baseVal.value;
      const h = svg.height.baseVal.value;
      if (w > 0 && h > 0) return { w: w, h: h };
    } catch (err) {
      // no usable width and height attributes: measure instead
    }
    const r = svg.getBoundingClientRect();
    const k = appliedScale || 1;
    return { w: r.width / k, h: r.height / k };
  }

  function fit() {
    const size = naturalSize();
    const vp = $("viewport").getBoundingClientRect();
    const v = view(viewKey(tab));
    v.user = false;
    if (!size || !size.w || !size.h || !vp.width || !vp.height) {
      v.x = 0; v.y = 0; v.k = 1;
    } else {
      v.k = Math.min(1.5, (vp.width - 24) / size.w, (vp.height - 24) / size.h);
      v.x = (vp.width - size.w * v.k) / 2;
      v.y = Math.max(12, (vp.height - size.h * v.k) / 2);
    }
    applyView();
  }

  function zoomAt(factor, px, py) {
    const v = view(viewKey(tab));
    const k = Math.min(8, Math.max(0.05, v.k * factor));
    const f = k / v.k;
    v.x = px - (px - v.x) * f;
    v.y = py - (py - v.y) * f;
    v.k = k;
    v.user = true;
    applyView();
  }

  function zoomCenter(factor) {
    const r = $("viewport").getBoundingClientRect();
    zoomAt(factor, r.width / 2, r.height / 2);
  }

  function setupPanZoom() {
    const vp = $("viewport");
    vp.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = vp.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    let drag = null;
    // The pointer is captured only once it moves a few pixels: a click on a
    // link of the diagram (a box of the overview) must reach the link.
    let dragged = false;
    vp.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, id: e.pointerId, start: [e.clientX, e.clientY] };
      dragged = false;
    });
    vp.addEventListener("pointermove", (e) => {
      if (!drag) return;
      if (!dragged) {
        if (Math.hypot(e.clientX - drag.start[0], e.clientY - drag.start[1]) < 4) return;
        dragged = true;
        vp.setPointerCapture(drag.id);
        vp.classList.add("dragging");
      }
      const v = view(viewKey(tab));
      v.x += e.clientX - drag.x;
      v.y += e.clientY - drag.y;
        v.user = true;
      drag.x = e.clientX;
      drag.y = e.clientY;
      applyView();
    });
    const end = () => { drag = null; vp.classList.remove("dragging"); };
    vp.addEventListener("pointerup", end);
    vp.addEventListener("pointercancel", end);
    vp.addEventListener("dblclick", fit);
    vp.addEventListener("click", (e) => {
      const a = e.target.closest && e.target.closest("a");
      if (!a) return;
      e.preventDefault(); // never leave the page; views of it are followed here
      if (!dragged) followLink(a);
    });
    vp.addEventListener("keydown", (e) => {
      if (e.key === "+" || e.key === "=") zoomCenter(1.25);
      else if (e.key === "-") zoomCenter(0.8);
      else if (e.key === "0") fit();
      else if (e.key === "1") { const v = view(viewKey(tab)); zoomCenter(1 / v.k); }
      else return;
      e.preventDefault();
    });
    $("zoom-in").addEventListener("click", () => zoomCenter(1.25));
    $("zoom-out").addEventListener("click", () => zoomCenter(0.8));
    $("zoom-fit").addEventListener("click", fit);
    $("zoom-reset").addEventListener("click", () => { const v = view(viewKey(tab)); zoomCenter(1 / v.k); });
    // Until the user pans or zooms, the diagram follows the viewport's size
    // (the window's, and the diagnostics above it coming and going).
    new ResizeObserver(() => {
      if (tab && state && $("canvas").dataset.view === viewKey(tab) && !view(viewKey(tab)).user && $("canvas").querySelector("svg")) fit();
    }).observe(vp);
  }

  // ---- generated code -----------------------------------------------------------

  async function loadCode(name) {
    const note = $("code-note");
    const code = $("code").firstElementChild;
    if (!state.shown) {
      loaded[name] = 0;
      codeFiles = [];
      fillFiles();
      code.textContent = "No code yet: the design has errors.";
      note.textContent = "";
      return;
    }
    if (loaded[name] === state.shown && $("code").dataset.tab === name) return;
    const token = ++loadToken;
    let body;
    try {
      const res = await fetch("/api/code/" + name + "?v=" + state.shown, { cache: "no-store" });
      body = res.ok ? await res.json() : { error: await res.text(), files: [] };
    } catch (err) {
      body = { error: String(err), files: [] };
    }
    if (token !== loadToken) return;
    $("code").dataset.tab = name;
    codeFiles = body.files || [];
    fillFiles();
    if (body.error) {
      loaded[name] = undefined;
      code.textContent = "Generating failed: " + body.error;
      note.textContent = "";
      return;
    }
    loaded[name] = state.shown;
    note.textContent = "version " + body.version;
    showFile();
  }

  function fillFiles() {
    const sel = $("code-file");
    const previous = sel.value;
    sel.replaceChildren();
    for (const f of codeFiles) sel.append(el("option", { value: f.name }, f.name));
    if (codeFiles.some((f) => f.name === previous)) sel.value = previous;
    sel.hidden = codeFiles.length < 2;
  }

  function showFile() {
    const sel = $("code-file");
    const f = codeFiles.find((x) => x.name === sel.value) || codeFiles[0];
    $("code").firstElementChild.textContent = f ? f.content : "";
  }

  function setupCode() {
    $("code-file").addEventListener("change", showFile);
    $("copy").addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText($("code").textContent);
        $("code-note").textContent = "copied";
      } catch (err) {
        $("code-note").textContent = "copy failed: " + err;
      }
    });
  }

  // ---- live updates -------------------------------------------------------------

  function setConnection(s, title) {
    const c = $("connection");
    c.dataset.state = s;
    c.textContent = s === "live" ? "live" : s === "offline" ? "disconnected, retrying" : "connecting";
    c.title = title || "";
  }

  function connect() {
    const es = new EventSource("/api/events");
    es.addEventListener("open", () => setConnection("live"));
    es.addEventListener("error", () => setConnection("offline", "the server is not reachable; retrying"));
    es.addEventListener("version", (e) => {
      setConnection("live");
      // After a server restart versions start again at 1: any difference counts.
      if (!state || Number(e.data) !== state.version) refresh();
    });
  }

  setupPanZoom();
  setupCode();
  window.addEventListener("hashchange", onHashChange);
  $("back-overview").addEventListener("click", () => {
    erGroup = null;
    history.pushState(null, "", "#er");
    showTab("er");
  });
  refresh();
  connect();
})();
