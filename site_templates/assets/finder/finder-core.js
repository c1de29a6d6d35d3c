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
    "s t d ll m re ve " +
    // the rest of spoken English's contractions ("what's" is "whats" once the apostrophe goes) and call talk
    "whats wheres whens whos hows thats theres heres havent hasnt hadnt arent werent shouldnt mustnt shes hes weve " +
    "theyre theyve youll youd itd gonna wanna gotta um erm uh er yeah yep hey hiya sorry wondering wondered " +
    "apparently actually basically literally honestly obviously said says guess suppose"
  ).split(" "));
  // Negations that matter for meaning are kept out of STOP: "not", "no", "never".

  var GROUP = "\u00a7"; // synonym group tokens are "§3": no typed word can contain it

  function words(text) {
    var lower = String(text || "").toLowerCase();
    if (/[^\x00-\x7f]/.test(lower)) lower = lower.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    return lower.replace(/['\u2019\u2018`]/g, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  var stems = new Map(); // a playbook has a few thousand distinct words and millions of uses of them
  function stem(word) {
    var found = stems.get(word);
    if (found === undefined) {
      found = /^\p{L}+$/u.test(word) && word.length > 2 ? root.stemmer(word) : word;
      stems.set(word, found);
    }
    return found;
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
    var concepts = []; // per meaningful word: its stem and the synonym group starting there, matched as one
    String(text || "").split("\n").forEach(function (line) {
      var ws = words(line);
      var stems = ws.map(stem);
      var spanStart = -1, spanEnd = 0; // the phrase matched furthest: one that starts inside it is part of it
      for (var i = 0; i < stems.length; i++) {
        // "one" stems to "on": a stem that is a stop word is one ("no one" must not search "on")
        var concept = STOP.has(ws[i]) || STOP.has(stems[i]) ? [] : [stems[i]];
        if (concept.length) terms.push(stems[i]);
        var candidates = vocabulary.get(stems[i]);
        if (candidates) {
          for (var c = 0; c < candidates.length; c++) {
            var p = candidates[c].stems;
            var ok = true;
            for (var k = 1; k < p.length; k++) if (stems[i + k] !== p[k]) { ok = false; break; }
            // "turned up" inside "never turned up" is part of it, not a second meaning (arrival)
            if (ok && p.length > 1 && i > spanStart && i + p.length <= spanEnd) ok = false;
            if (ok && p.length > 1 && i + p.length > spanEnd) { spanStart = i; spanEnd = i + p.length; }
            // A word may belong to several groups (the built-in ones and the playbook's): it joins each.
            if (ok && concept.indexOf(candidates[c].group) < 0) {
              groups.push(candidates[c].group);
              concept.push(candidates[c].group);
            }
          }
        }
        if (concept.length) concepts.push(concept);
      }
    });
    return { terms: terms, groups: groups, concepts: concepts, words: words(text) };
  }

  /* Edit distance of a and b, or max + 1 as soon as it must exceed max. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev = [];
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      var cur = [i];
      var low = i;
      for (var j2 = 1; j2 <= b.length; j2++) {
        var cost = a.charCodeAt(i - 1) === b.charCodeAt(j2 - 1) ? 0 : 1;
        cur[j2] = Math.min(prev[j2] + 1, cur[j2 - 1] + 1, prev[j2 - 1] + cost);
        if (cur[j2] < low) low = cur[j2];
      }
      if (low > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  var FIELDS = ["ask", "also", "text", "topic"];
  // What a caller says is closest to how a question is asked; answers and topic titles only support it.
  var BOOST = { ask: 3, also: 2.5, text: 0.8, topic: 0.6 };
  var JOURNEY_WEIGHT = 0.6; // questions above journeys: the answer is what staff need first
  // re-rank the engine's best by how well the words fit one phrasing; weigh meaning (when on) against words
  var TUNE = { rerank: 40, phrase: 1, exact: 1, prefixFrom: 5, meaning: 3, meaningAlone: 0.3 };

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

  /* A finder over the index data the site ships (finder-index.js) or `journeybook check` builds. `prebuilt` is
     MiniSearch's own serialisation of the index (JSON.stringify of a finder's `index`), made at build time so
     that a page only loads it instead of analysing every text again. */
  function Finder(data, prebuilt) {
    this.data = data;
    this.docs = data.docs;
    this.vocabulary = compileVocabulary(data.vocabulary);
    var vocabulary = this.vocabulary;
    var docs = this.docs;
    docs.forEach(function (doc, n) { doc.n = n; });
    var options = {
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
    };
    if (prebuilt) {
      this.index = root.MiniSearch.loadJS(prebuilt, options);
      this._pending = [];
      this.ready = true;
    } else {
      this.index = new root.MiniSearch(options);
      this._pending = docs.slice();
      this.ready = false;
    }
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
     (prefix search on it, from 3 letters). `options.filter(doc)` keeps a document. `options.vector`: the
     sentence model's vector of what was said (the meaning layer, when the index has one; see useMeaning). */
  Finder.prototype.search = function (query, options) {
    options = options || {};
    if (options.vector && this.meaning) {
      var words = this.lexical(query, { typing: options.typing, filter: options.filter, limit: TUNE.rerank });
      return this.blend(words, options.vector, options.filter, options.limit || 20);
    }
    return this.lexical(query, options);
  };

  /* The finder on words alone: MiniSearch's best, re-ranked by how well the words fit one phrasing. */
  Finder.prototype.lexical = function (query, options) {
    var found = analyse(query, this.vocabulary);
    var terms = found.terms.slice();
    var prefixed = new Set();
    var last = found.words[found.words.length - 1];
    if (options.typing && last && last.length >= 3 && !STOP.has(last)) {
      var lastStem = stem(last);
      prefixed.add(lastStem);
      if (last !== lastStem && terms.indexOf(last) < 0) { terms.push(last); prefixed.add(last); }
    }
    if (TUNE.prefixFrom) {
      // Stems of 5+ letters also find longer words the stemmer keeps apart ("month" → "monthly").
      terms.forEach(function (t) { if (t.length >= TUNE.prefixFrom) prefixed.add(t); });
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
    var top = results.length ? results[0].score : 1;
    var said = found.words.join(" ");
    var concepts = found.concepts.length ? found.concepts : found.words.map(function (w) { return [stem(w)]; });
    var self = this;
    var ranked = results.slice(0, TUNE.rerank).map(function (r) {
      var doc = docs[r.id];
      var phrase = phraseScore(concepts, self.phrasings(doc), prefixed);
      var weight = doc.k === "j" ? JOURNEY_WEIGHT : 1;
      var exact = self.exact(doc).has(said) ? TUNE.exact : 0; // word for word one of its phrasings
      var score = r.score / top + (TUNE.phrase * phrase + exact) * weight;
      return { doc: doc, score: score, engine: r.score, phrase: phrase, exact: exact > 0 };
    });
    ranked.sort(function (a, b) { return b.score - a.score; });
    for (var i = TUNE.rerank; i < results.length && ranked.length < limit; i++) {
      ranked.push({ doc: docs[results[i].id], score: results[i].score / top, engine: results[i].score, phrase: 0 });
    }
    return ranked.slice(0, limit);
  };

  /* The meaning layer: `m` is one vector per document (data.docs order), made at build time by the same
     sentence model from the document's phrasings, reduced to m.dims directions and kept as int8:
     {dims, size, centre[size], basis[dims × size], scales[docs], vectors[docs × dims]} (typed or plain arrays). */
  Finder.prototype.useMeaning = function (m) {
    if (m.scales.length !== this.docs.length || m.vectors.length !== this.docs.length * m.dims) {
      throw new Error("the meaning vectors do not belong to this index");
    }
    this.meaning = m;
    return this;
  };

  /* What was said, in the index's directions: (vector − centre) · basis, at unit length. */
  function project(m, vector) {
    var centred = new Float64Array(m.size);
    for (var i = 0; i < m.size; i++) centred[i] = vector[i] - m.centre[i];
    var out = new Float64Array(m.dims);
    var norm = 0;
    for (var d = 0; d < m.dims; d++) {
      var sum = 0;
      for (var k = 0, row = d * m.size; k < m.size; k++) sum += centred[k] * m.basis[row + k];
      out[d] = sum;
      norm += sum * sum;
    }
    norm = Math.sqrt(norm) || 1;
    for (var d2 = 0; d2 < m.dims; d2++) out[d2] /= norm;
    return out;
  }

  /* Every document scored by its words' score (normalised to the best) plus TUNE.meaning × the cosine of
     what was said to it: a question the words missed ("a van reversed into me") can still come first. */
  Finder.prototype.blend = function (lexical, vector, filter, limit) {
    var m = this.meaning;
    var q = project(m, vector);
    var best = lexical.length ? lexical[0].score : 1;
    var byWords = new Map();
    lexical.forEach(function (r) { byWords.set(r.doc.n, r); });
    var docs = this.docs;
    var dims = m.dims, vectors = m.vectors, scales = m.scales;
    var scored = [];
    for (var i = 0; i < docs.length; i++) {
      var doc = docs[i];
      var r = byWords.get(i);
      var cosine = 0;
      for (var d = 0, at = i * dims; d < dims; d++) cosine += q[d] * vectors[at + d];
      cosine *= scales[i];
      if (!r && cosine < TUNE.meaningAlone) continue; // meaning alone must be close, or it is noise
      if (filter && !filter(doc)) continue;
      // word for word one of its phrasings: first, whatever the model makes of it (the YAML's own words)
      var meaning = TUNE.meaning * ((r && r.exact) || cosine) * (doc.k === "j" ? JOURNEY_WEIGHT : 1);
      scored.push({ doc: doc, score: (r ? r.score / best : 0) + meaning, engine: r ? r.engine : 0,
        phrase: r ? r.phrase : 0, meaning: cosine });
    }
    scored.sort(function (a, b) { return b.score - a.score; });
    return scored.slice(0, limit);
  };

  Finder.prototype.exact = function (doc) {
    if (!doc._ex) {
      var texts = doc.k === "q" ? [doc.a].concat(doc.aa || []) : [doc.a, doc.p || ""];
      doc._ex = new Set(texts.map(function (t) { return words(t).join(" "); }));
    }
    return doc._ex;
  };

  /* Each way the document is asked (a question's ask and also_asked; a journey's title and problem), as
     concepts: a word with the synonym groups it belongs to counts once. */
  Finder.prototype.phrasings = function (doc) {
    if (!doc._ph) {
      var vocabulary = this.vocabulary;
      var texts = doc.k === "q" ? [doc.a].concat(doc.aa || []) : [doc.a, doc.p || ""];
      doc._ph = texts.map(function (t) { return analyse(t, vocabulary).concepts; })
        .filter(function (concepts) { return concepts.length; });
    }
    return doc._ph;
  };

  function termMatch(q, term, prefixed) {
    if (q === term) return 1;
    if (q.charAt(0) === GROUP || term.charAt(0) === GROUP) return 0;
    if (prefixed.has(q) && term.indexOf(q) === 0) return 0.8;
    var max = fuzziness(q);
    return max && distance(q, term, max) <= max ? 0.7 : 0;
  }

  function conceptMatch(asked, written, prefixed) {
    var best = 0;
    for (var i = 0; i < asked.length && best < 1; i++) {
      for (var j = 0; j < written.length; j++) {
        var v = termMatch(asked[i], written[j], prefixed);
        if (v > best) best = v;
      }
    }
    return best;
  }

  /* How well the caller's words fit one single way the question is asked: the share of their concepts it
     has, times how much of that phrasing they cover. What a caller says is usually close to one phrasing,
     while BM25 over all phrasings at once rewards a question that merely repeats a word in many. */
  function phraseScore(concepts, phrasings, prefixed) {
    var best = 0;
    for (var p = 0; p < phrasings.length; p++) {
      var written = phrasings[p];
      var covered = new Array(written.length).fill(0);
      var got = 0;
      for (var c = 0; c < concepts.length; c++) {
        var m = 0;
        for (var w = 0; w < written.length; w++) {
          var v = conceptMatch(concepts[c], written[w], prefixed);
          if (v > 0) { if (v > covered[w]) covered[w] = v; if (v > m) m = v; }
        }
        got += m;
      }
      var recall = got / concepts.length;
      var precision = covered.reduce(function (a, b) { return a + b; }, 0) / written.length;
      var score = recall * (0.5 + 0.5 * Math.min(1, precision));
      if (score > best) best = score;
    }
    return best;
  }

  root.JBFinder = { Finder: Finder, tune: TUNE, analyse: analyse, compileVocabulary: compileVocabulary, words: words };
})(typeof globalThis !== "undefined" ? globalThis : this);
