/* journeybook answer finder: the meaning layer's page side (`site: {meaning: true}`). Once the words' index is
   ready, it loads in the background the tokenizer (wordpiece.js), onnxruntime-web (WebAssembly, one thread) and
   the sentence model; from then on `embed(text)` is what was said as the model's vector, which finder-core.js
   blends with the words. Nothing here is needed for the finder to work: if any of it cannot load (a page opened
   from disk, a browser without WebAssembly), the finder goes on matching words. */
(function () {
  "use strict";

  var me = document.currentScript;
  var BASE = me ? me.src.replace(/assets\/journeybook\/finder-meaning\.js([?#].*)?$/, "") : "";
  var VENDOR = BASE + "assets/journeybook/vendor/";
  var session = null;
  var tokenizer = null;
  var tokens = 0; // at most this many token ids, as the build cut the phrasings (data.meaning.tokens)
  var queue = Promise.resolve();
  var latest = null;
  var recent = new Map(); // the last texts' vectors

  function script(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.async = true;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(tag);
    });
  }

  function get(url, kind) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response[kind]();
    });
  }

  /* meaning.index's blob as useMeaning's arrays: centre, basis, scales (float32), vectors (int8). */
  function arrays(meta, buffer) {
    var floats = meta.size + meta.dims * meta.size + meta.docs;
    var f = new Float32Array(buffer, 0, floats);
    return {
      dims: meta.dims,
      size: meta.size,
      centre: f.subarray(0, meta.size),
      basis: f.subarray(meta.size, meta.size + meta.dims * meta.size),
      scales: f.subarray(meta.size + meta.dims * meta.size),
      vectors: new Int8Array(buffer, floats * 4, meta.docs * meta.dims),
    };
  }

  function run(text) {
    var ids = tokenizer.encode(text, tokens);
    var shape = [1, ids.length];
    return session.run({
      input_ids: new window.ort.Tensor("int64", BigInt64Array.from(ids, BigInt), shape),
      attention_mask: new window.ort.Tensor("int64", new BigInt64Array(ids.length).fill(BigInt(1)), shape),
    }).then(function (out) { return out.embedding.data; });
  }

  /* Load everything and give `finder` its vectors; resolves when `embed` works. */
  function start(data, finder) {
    if (!data.meaning || location.protocol === "file:" || typeof WebAssembly !== "object") {
      return Promise.reject(new Error("no meaning layer here"));
    }
    tokens = data.meaning.tokens;
    var words = script(BASE + "assets/journeybook/wordpiece.js")
      .then(function () { return get(VENDOR + "minilm/vocab.txt", "text"); })
      .then(function (vocab) { tokenizer = new window.JBWordPiece.Tokenizer(vocab); });
    var model = script(VENDOR + "ort.wasm.min.js").then(function () {
      var env = window.ort.env;
      env.wasm.wasmPaths = VENDOR;
      env.wasm.numThreads = 1; // several threads need a cross-origin-isolated page; one is fast enough
      env.wasm.proxy = false;
      env.logLevel = "error";
      return window.ort.InferenceSession.create(VENDOR + "minilm/minilm-int8.onnx", {
        executionProviders: ["wasm"],
        graphOptimizationLevel: "all",
      });
    }).then(function (s) { session = s; });
    var vectors = get(BASE + data.meaning.file, "arrayBuffer").then(function (buffer) {
      finder.useMeaning(arrays(data.meaning, buffer));
    });
    return Promise.all([words, model, vectors]).then(function () {
      // the first runs are slow while the browser compiles the WebAssembly's hot code: not on a caller's words
      return run("warm up").then(function () { return run("the first words a caller says"); });
    });
  }

  /* What was said as the model's vector. Queued (one model run at a time); a text overtaken by a newer one
     before its turn is dropped (rejected), so typing fast never builds a backlog. */
  function embed(text) {
    latest = text;
    if (recent.has(text)) return Promise.resolve(recent.get(text)); // a filter or the department changed
    var turn = queue.then(function () {
      if (text !== latest) throw new Error("overtaken");
      return run(text);
    }).then(function (vector) {
      if (recent.size >= 20) recent.delete(recent.keys().next().value);
      recent.set(text, vector);
      return vector;
    });
    queue = turn.catch(function () {});
    return turn;
  }

  window.JBMeaning = { start: start, embed: embed };
})();
