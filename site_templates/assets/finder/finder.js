/* journeybook answer finder: the search box on every page. Ranking lives in finder-core.js (shared with
   `journeybook check`); this file is the page: the box, the department picker, filters, keys, ?q= links.
   Independent of the theme's JavaScript. Every text from the playbook goes in with textContent, never as HTML. */
(function () {
  "use strict";

  var me = document.currentScript;
  var BASE = me ? me.src.replace(/assets\/journeybook\/finder\.js([?#].*)?$/, "") : "";
  var INDEX = BASE + "assets/journeybook/finder-index.js";
  var CHUNK = 1500; // documents indexed per task while the page stays responsive
  var SHOWN = 10;
  var STORE = "journeybook.department";
  var stats = (window.__jbFinderStats = { readyAt: null, searches: [] });

  var finder = null;
  var data = null;
  var meaning = false; // the meaning layer has loaded (finder-meaning.js)
  var state = { active: 0, results: [], lastKey: null, query: "" };
  var ui = {};

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function stored(value) {
    try {
      if (value === undefined) return window.localStorage.getItem(STORE) || "";
      window.localStorage.setItem(STORE, value);
    } catch (e) {
      /* storage off (private window, file:// policy): the picker still works for this page */
    }
    return value;
  }

  function select(label, name, options, emptyLabel) {
    var wrap = el("label", "jb-finder__control");
    wrap.appendChild(el("span", null, label));
    var box = el("select");
    box.setAttribute(name[0], name[1]);
    var none = el("option", null, emptyLabel);
    none.value = "";
    box.appendChild(none);
    wrap.appendChild(box);
    options.forEach(function (o) {
      var option = el("option", null, o[1]);
      option.value = o[0];
      box.appendChild(option);
    });
    return { wrap: wrap, box: box };
  }

  function mount() {
    var root = el("div", "jb-finder");
    root.setAttribute("data-jb-finder", "");
    var form = el("form", "jb-finder__form");
    form.setAttribute("role", "search");
    var input = el("input", "jb-finder__input");
    input.type = "search";
    input.setAttribute("data-jb-input", "");
    input.setAttribute("aria-label", "Find an answer: type what the customer said");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    input.setAttribute("aria-controls", "jb-finder-results");
    input.placeholder = "What did the customer say?  ( / )";
    form.appendChild(input);
    root.appendChild(form);

    var panel = el("div", "jb-finder__panel");
    panel.hidden = true;
    var controls = el("div", "jb-finder__controls");
    panel.appendChild(controls);
    var status = el("p", "jb-finder__status");
    status.setAttribute("aria-live", "polite");
    panel.appendChild(status);
    var list = el("ol", "jb-finder__results");
    list.id = "jb-finder-results";
    list.setAttribute("data-jb-results", "");
    list.setAttribute("role", "listbox");
    panel.appendChild(list);
    root.appendChild(panel);

    var header = document.querySelector(".md-header__inner");
    if (header) {
      root.classList.add("jb-finder--header");
      var after = header.querySelector(".md-header__source");
      header.insertBefore(root, after);
    } else {
      root.classList.add("jb-finder--top");
      document.body.insertBefore(root, document.body.firstChild);
    }
    ui = { root: root, form: form, input: input, panel: panel, controls: controls, status: status, list: list };
  }

  function addControls() {
    var mine = select("I work in", ["data-jb-department", ""], data.departments, "any department");
    var segment = select("Segment", ["data-jb-filter", "segment"], data.segments, "all segments");
    var channel = select(
      "Channel",
      ["data-jb-filter", "channel"],
      data.channels.map(function (c) { return [c, c]; }),
      "all channels"
    );
    var by = select("Answered by", ["data-jb-filter", "department"], data.departments, "any department");
    mine.box.value = stored();
    if (mine.box.value !== stored()) mine.box.value = "";
    [mine, segment, channel, by].forEach(function (s) {
      if (s.box.options.length > 1) ui.controls.appendChild(s.wrap);
    });
    ui.mine = mine.box;
    ui.filters = { segment: segment.box, channel: channel.box, department: by.box };
    mine.box.addEventListener("change", function () { stored(mine.box.value); run(false); });
    [segment, channel, by].forEach(function (s) { s.box.addEventListener("change", function () { run(false); }); });
  }

  function applies(list, value) {
    return !value || !list || !list.length || list.indexOf(value) >= 0;
  }

  function filterFn() {
    var f = ui.filters;
    if (!f) return null;
    var segment = f.segment.value, channel = f.channel.value, department = f.department.value;
    if (!segment && !channel && !department) return null;
    return function (doc) {
      if (doc.k === "j") {
        return applies(doc.sg, segment) && applies(doc.ch, channel) &&
          (!department || (doc.dp || []).indexOf(department) >= 0);
      }
      var answers = doc.an || [];
      if (!answers.length) return !department;
      return answers.some(function (a) {
        return applies(a.sg, segment) && applies(a.ch, channel) && (!department || a.by === department);
      });
    };
  }

  function departmentName(id) {
    for (var i = 0; i < data.departments.length; i++) if (data.departments[i][0] === id) return data.departments[i][1];
    return id || "";
  }

  function href(doc) {
    var url = doc.u;
    if (data.html) url = url.replace(/\/$/, ".html");
    else if (location.protocol === "file:") url += "index.html";
    return BASE + url;
  }

  function orderedAnswers(doc) {
    var mine = ui.mine ? ui.mine.value : "";
    var f = ui.filters || {};
    var segment = f.segment ? f.segment.value : "", channel = f.channel ? f.channel.value : "";
    function rank(a) {
      return (mine && a.by === mine ? 0 : 2) + (applies(a.sg, segment) && applies(a.ch, channel) ? 0 : 1);
    }
    return (doc.an || []).map(function (a, i) { return [rank(a), i, a]; })
      .sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; })
      .map(function (x) { return x[2]; });
  }

  /* A result's first line: what kind of result it is, and its title as the link to its page. */
  function renderHead(item, doc, kindClass, kind) {
    var head = el("div", "jb-result__head");
    head.appendChild(el("span", kindClass, kind));
    var link = el("a", "jb-result__title", doc.a);
    link.href = href(doc);
    head.appendChild(link);
    item.appendChild(head);
  }

  function renderQuestion(item, doc) {
    item.setAttribute("data-question", doc.id);
    renderHead(item, doc, "jb-result__kind", "Question");
    var answers = orderedAnswers(doc);
    if (!answers.length) item.appendChild(el("p", "jb-result__none", "No department answers this question yet."));
    answers.slice(0, 2).forEach(function (a, i) {
      var box = el("div", "jb-answer" + (i ? " jb-answer--other" : ""));
      var who = el("p", "jb-answer__who");
      who.appendChild(el("strong", null, departmentName(a.by)));
      if (a.w) who.appendChild(el("span", "jb-answer__when", " \u2014 " + a.w));
      box.appendChild(who);
      if (a.dc) {
        var decision = el("p", "jb-answer__decision");
        decision.appendChild(el("span", "jb-answer__label", "Decision: "));
        decision.appendChild(el("strong", null, a.dc));
        box.appendChild(decision);
      }
      box.appendChild(el("p", "jb-answer__say", a.s));
      if (a.n) box.appendChild(el("p", "jb-answer__internal", "Internal, don't read out: " + a.n));
      item.appendChild(box);
    });
    if (answers.length > 2) {
      item.appendChild(el("p", "jb-result__more", "+ " + (answers.length - 2) + " more answers on the question's page"));
    }
  }

  function renderJourney(item, doc) {
    item.setAttribute("data-journey", doc.id);
    renderHead(item, doc, "jb-result__kind jb-result__kind--journey", "The customer's problem");
    if (doc.p) item.appendChild(el("p", "jb-result__problem", "\u201c" + doc.p + "\u201d"));
  }

  function render() {
    var list = ui.list;
    while (list.firstChild) list.removeChild(list.firstChild);
    state.results.slice(0, SHOWN).forEach(function (r, i) {
      var item = el("li", "jb-result");
      item.id = "jb-result-" + i;
      item.setAttribute("role", "option");
      if (r.doc.k === "q") renderQuestion(item, r.doc);
      else renderJourney(item, r.doc);
      item.addEventListener("mousemove", function () { if (state.active !== i) highlight(i); });
      item.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest("a")) return;
        open(i);
      });
      list.appendChild(item);
    });
    highlight(state.results.length ? 0 : -1);
  }

  function highlight(i) {
    state.active = i;
    var items = ui.list.children;
    for (var n = 0; n < items.length; n++) {
      var on = n === i;
      items[n].classList.toggle("jb-result--active", on);
      items[n].setAttribute("aria-selected", on ? "true" : "false");
    }
    if (i >= 0 && items[i]) {
      ui.input.setAttribute("aria-activedescendant", items[i].id);
      if (items[i].scrollIntoView) items[i].scrollIntoView({ block: "nearest" });
    } else ui.input.removeAttribute("aria-activedescendant");
  }

  function open(i) {
    var r = state.results[i];
    if (r) window.location.href = href(r.doc);
  }

  function show(on) {
    ui.panel.hidden = !on;
    ui.root.classList.toggle("jb-finder--open", on);
  }

  function run(typing) {
    var query = ui.input.value;
    state.query = query;
    if (!query.trim()) {
      state.results = [];
      render();
      ui.status.textContent = "";
      show(false);
      return;
    }
    show(true);
    if (!finder || !finder.ready) {
      ui.status.textContent = "Loading the answers\u2026";
      return;
    }
    var entry = { query: query, keyAt: state.lastKey, startedAt: performance.now(), renderedAt: null, paintedAt: null };
    state.lastKey = null;
    var options = { typing: typing, filter: filterFn(), limit: SHOWN };
    if (!meaning) return finish(entry, options);
    // The meaning layer: one paint, once the model has read what was said (a few ms); words alone if it fails.
    window.JBMeaning.embed(query).then(
      function (vector) { if (state.query === query) finish(entry, options, vector); },
      function () { if (state.query === query) finish(entry, options); }
    );
  }

  function finish(entry, options, vector) {
    options.vector = vector;
    state.results = finder.search(entry.query, options);
    render();
    var n = state.results.length;
    ui.status.textContent = n ? "" : "Nothing found. Try the caller's other words, or fewer words.";
    entry.renderedAt = performance.now();
    stats.searches.push(entry);
    requestAnimationFrame(function () {
      setTimeout(function () { entry.paintedAt = performance.now(); }, 0);
    });
  }

  function onKey(event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      event.stopPropagation();
      ui.input.focus();
      ui.input.select();
      if (ui.input.value.trim()) show(true);
    }
  }

  function onInputKey(event) {
    state.lastKey = event.timeStamp;
    var n = Math.min(state.results.length, SHOWN);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (n) highlight((state.active + 1) % n);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (n) highlight((state.active - 1 + n) % n);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (state.active >= 0) open(state.active);
    } else if (event.key === "Escape") {
      show(false);
    }
  }

  function indexInSlices() {
    finder = new window.JBFinder.Finder(data, window.JB_FINDER_INDEX);
    window.JB_FINDER_INDEX = null; // loaded into the finder: let the collector have the serialised copy
    function step() {
      if (!finder.indexSome(CHUNK)) {
        setTimeout(step, 0);
        return;
      }
      stats.readyAt = performance.now();
      ui.root.setAttribute("data-jb-ready", "");
      if (state.query.trim()) run(!ui.fromLink);
      if (window.JBMeaning && data.meaning) startMeaning();
      else ui.root.setAttribute("data-jb-meaning", "off"); // the site has no meaning layer: words alone
    }
    step();
  }

  function startMeaning() {
    window.JBMeaning.start(data, finder).then(
      function () {
        meaning = true;
        stats.meaningAt = performance.now();
        ui.root.setAttribute("data-jb-meaning", "ready");
        if (state.query.trim()) run(!ui.fromLink);
      },
      function () { ui.root.setAttribute("data-jb-meaning", "off"); } // words alone, as without the layer
    );
  }

  function load() {
    if (window.JB_FINDER_DATA) return ready();
    var tag = document.querySelector('script[src$="assets/journeybook/finder-index.js"]');
    if (tag) {
      // The page loads the index itself (an async tag): it calls this when it has run.
      window.__jbFinderIndexLoaded = ready;
      tag.addEventListener("error", failed);
      return;
    }
    var script = document.createElement("script");
    script.src = INDEX;
    script.async = true;
    script.onload = ready;
    script.onerror = failed;
    document.head.appendChild(script);
  }

  function failed() {
    ui.status.textContent = "The answers could not be loaded; reload the page.";
  }

  function ready() {
    if (data) return;
    stats.loadedAt = performance.now();
    data = window.JB_FINDER_DATA;
    addControls();
    indexInSlices();
  }

  function start() {
    stats.startedAt = performance.now();
    mount();
    document.addEventListener("keydown", onKey, true);
    ui.input.addEventListener("keydown", onInputKey);
    ui.input.addEventListener("input", function () {
      ui.fromLink = false;
      var v = ui.input.value;
      run(v.length > 0 && !/\s$/.test(v));
    });
    ui.input.addEventListener("focus", function () { if (ui.input.value.trim()) show(true); });
    ui.form.addEventListener("submit", function (event) { event.preventDefault(); open(state.active); });
    document.addEventListener("click", function (event) {
      if (!ui.root.contains(event.target)) show(false);
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      ui.fromLink = true;
      ui.input.value = q;
      state.query = q;
      show(true);
      ui.status.textContent = "Loading the answers\u2026";
    }
    load();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
