/* journeybook answer finder: the ranking. One file, run by the browser and by `journeybook check` (embedded V8),
   so a search test in CI ranks exactly as the site does. Needs MiniSearch and stemmer (vendored) loaded first.
   Plain ES2017, no DOM: it must run where there is no `window`. */
(function (root) {
  "use strict";

  // Words that carry no meaning on their own in what a caller says; they would otherwise match everywhere.
  var STOP = new Set((
    "a about above after again against all am an and any are as at be because been before being below between " +
    "both but by can could did do does doing down during each few for from further had has have having he her " +
    "here hers herself him himself his how i if in into is it its itself just let me might more most must my " +
    "myself of off on once only or other ought our ours ourselves out over own same shall she should so some " +
    "such than that the their theirs them themselves then there these they this those through to too under " +
    "until up very was we were what when where which while who whom why will with would you your yours " +
    "yourself yourselves im ive id ill youre youve dont doesnt didnt isnt wasnt cant couldnt wont wouldnt " +
    "please hi hello thanks thank yes ok okay also get got still now really want need like know tell " +
    "s t d ll m re ve"
  ).split(" "));
  // Negations that matter for meaning are kept out of STOP: "not", "no", "never".

  var GROUP = "\u00a7"; // synonym group tokens are "§3": no typed word can contain it

  function words(text) {
    return String(text || "")
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/['\u2019\u2018`]/g, "")
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  }

  function stem(word) {
    return /^\p{L}+$/u.test(word) && word.length > 2 ? root.stemmer(word) : word;
  }

  /* The vocabulary as phrases of stems: [{stems: [...], group: 3}], longest first so "front window" wins
     over "window". */
  function compileVocabulary(groups) {
    var phrases = [];
    (groups || []).forEach(function (group, n) {
      group.forEach(function (entry) {
        var stems = words(entry).map(stem);
        if (stems.length) phrases.push({ stems: stems, group: GROUP + n });
      });
    });
    phrases.sort(function (a, b) { return b.stems.length - a.stems.length; });
    var byFirst = new Map();
    phrases.forEach(function (p) {
      if (!byFirst.has(p.stems[0])) byFirst.set(p.stems[0], []);
      byFirst.get(p.stems[0]).push(p);
    });
    return byFirst;
  }

  /* Text → the terms MiniSearch indexes or looks up: stems without stop words, plus one token per synonym
     group a phrase of the text belongs to. Lines are matched separately (a phrase never spans two). */
  function analyse(text, vocabulary) {
    var terms = [];
    var groups = [];
    String(text || "").split("\n").forEach(function (line) {
      var ws = words(line);
      var stems = ws.map(stem);
      for (var i = 0; i < stems.length; i++) {
        if (!STOP.has(ws[i])) terms.push(stems[i]);
        var candidates = vocabulary.get(stems[i]);
        if (!candidates) continue;
        for (var c = 0; c < candidates.length; c++) {
          var p = candidates[c].stems;
          var ok = true;
          for (var k = 1; k < p.length; k++) if (stems[i + k] !== p[k]) { ok = false; break; }
          if (ok) { groups.push(candidates[c].group); break; }
        }
      }
    });
    return { terms: terms, groups: groups, words: words(text) };
  }

  var FIELDS = ["ask", "also", "text", "topic"];
  // What a caller says is closest to how a question is asked; answers and topic titles only support it.
  var BOOST = { ask: 3, also: 2.5, text: 0.8, topic: 0.6 };
  var JOURNEY_WEIGHT = 0.6; // questions above journeys: the answer is what staff need first

  function fieldText(doc, field) {
    if (doc.k === "q") {
      if (field === "ask") return doc.a;
      if (field === "also") return (doc.aa || []).join("\n");
      if (field === "topic") return doc.t || "";
      return (doc.an || []).map(function (a) { return [a.dc, a.s, a.n || ""].join("\n"); }).join("\n");
    }
    if (field === "ask") return doc.a;
    if (field === "also") return doc.p || "";
    if (field === "text") return doc.o || "";
    return "";
  }

  function fuzziness(term) {
    if (term.charAt(0) === GROUP || /\p{N}/u.test(term) || term.length < 4) return false;
    return term.length < 7 ? 1 : 2;
  }

  /* A finder over the index data the site ships (finder-index.js) or `journeybook check` builds. */
  function Finder(data) {
    this.data = data;
    this.docs = data.docs;
    this.vocabulary = compileVocabulary(data.vocabulary);
    var vocabulary = this.vocabulary;
    var docs = this.docs;
    this.index = new root.MiniSearch({
      idField: "n",
      fields: FIELDS,
      extractField: function (doc, field) { return field === "n" ? doc.n : fieldText(doc, field); },
      tokenize: function (text) {
        var found = analyse(text, vocabulary);
        return found.terms.concat(found.groups);
      },
      processTerm: function (term) { return term; },
      searchOptions: {
        boost: BOOST,
        boostDocument: function (n) { return docs[n].k === "j" ? JOURNEY_WEIGHT : 1; },
        weights: { fuzzy: 0.5, prefix: 0.4 },
      },
    });
    this._pending = docs.map(function (doc, n) { doc.n = n; return doc; });
    this.ready = false;
  }

  Finder.prototype.indexAll = function () {
    this.index.addAll(this._pending);
    this._pending = [];
    this.ready = true;
    return this;
  };

  /* Index a slice of the documents; returns true when all are indexed. Lets a page index between frames. */
  Finder.prototype.indexSome = function (count) {
    var slice = this._pending.splice(0, count);
    if (slice.length) this.index.addAll(slice);
    this.ready = this._pending.length === 0;
    return this.ready;
  };

  /* What the caller said → [{doc, score}] best first. `options.typing`: the last word may be unfinished
     (prefix search on it, from 3 letters). `options.filter(doc)` keeps a document. */
  Finder.prototype.search = function (query, options) {
    options = options || {};
    var found = analyse(query, this.vocabulary);
    var terms = found.terms.slice();
    var prefixed = new Set();
    var last = found.words[found.words.length - 1];
    if (options.typing && last && last.length >= 3 && !STOP.has(last)) {
      var lastStem = stem(last);
      prefixed.add(lastStem);
      if (last !== lastStem && terms.indexOf(last) < 0) { terms.push(last); prefixed.add(last); }
    }
    if (!terms.length && found.words.length) {
      // Only stop words ("can I"): search them after all rather than show nothing.
      terms = found.words.map(stem);
    }
    terms = terms.concat(found.groups);
    if (!terms.length) return [];
    var docs = this.docs;
    var filter = options.filter;
    var results = this.index.search(query, {
      tokenize: function () { return terms; },
      processTerm: function (term) { return term; },
      prefix: function (term) { return prefixed.has(term); },
      fuzzy: fuzziness,
      filter: filter ? function (r) { return filter(docs[r.id]); } : undefined,
    });
    var limit = options.limit || 20;
    var out = [];
    for (var i = 0; i < results.length && out.length < limit; i++) {
      out.push({ doc: docs[results[i].id], score: results[i].score });
    }
    return out;
  };

  root.JBFinder = { Finder: Finder, analyse: analyse, compileVocabulary: compileVocabulary, words: words };
})(typeof globalThis !== "undefined" ? globalThis : this);
