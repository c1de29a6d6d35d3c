"""How long wordpiece.js takes in V8 (mini-racer, as `journeybook check` runs it): building the tokenizer from
vocab.txt, and encoding 10,000 and 30,000 phrasings in one call. Prints CPU seconds (user+sys of this process,
which V8's threads are part of) and wall seconds, and what the browser downloads for the vocabulary.

    .venv/bin/python benchmarks/wordpiece_timing.py            # the project's venv (mini-racer)
    /tmp/meaning/bin/python benchmarks/wordpiece_timing.py     # the same, plus HuggingFace tokenizers beside it
    .venv/bin/python benchmarks/wordpiece_timing.py --browser  # the same in headless Chromium (performance.now)

The phrasings are the `say:` of tests/search/dev-*.yaml, each made distinct by a number and a word from another
phrasing ("fresh": few words repeat, as a first check of a new playbook) or repeated as they are ("repeated").
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORDPIECE = ROOT / "site_templates" / "assets" / "finder" / "wordpiece.js"
VOCAB = ROOT / "site_templates" / "assets" / "vendor" / "minilm" / "vocab.txt"


def says() -> list[str]:
    found = []
    for path in sorted((ROOT / "tests" / "search").glob("dev-*.yaml")):
        found += [str(e["say"]) for e in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    return found


def phrasings(count: int, fresh: bool) -> list[str]:
    base = says()
    if not fresh:
        return [base[n % len(base)] for n in range(count)]
    words = sorted({w for s in base for w in s.split()})
    return [f"{base[n % len(base)]} {words[(n * 7919) % len(words)]}{n}" for n in range(count)]


def clock() -> tuple[float, float]:
    return time.process_time(), time.perf_counter()


def since(start: tuple[float, float]) -> tuple[float, float]:
    cpu, wall = clock()
    return cpu - start[0], wall - start[1]


BROWSER = """([vocab, texts]) => {
  var t0 = performance.now(); var T = new JBWordPiece.Tokenizer(vocab); var t1 = performance.now();
  var one = [];
  for (var i = 0; i < 200; i++) { var s = performance.now(); T.encode(texts[i]); one.push(performance.now() - s); }
  one.sort((a, b) => a - b);
  var s2 = performance.now(); var n = 0; T.encodeAll(texts).forEach(ids => { n += ids.length; });
  return {build: t1 - t0, median: one[100], worst: one[199], all: performance.now() - s2, ids: n};
}"""


def browser() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from search_timing import chromium, open_page

    with chromium() as engine, open_page(engine) as (page, _):
        page.set_content("<!doctype html><title>wordpiece</title>")
        page.add_script_tag(content=WORDPIECE.read_text(encoding="utf-8"))
        for count in (10_000, 30_000):
            took = page.evaluate(BROWSER, [VOCAB.read_text(encoding="utf-8"), phrasings(count, True)])
            print(
                f"Chromium: build {took['build']:.1f} ms; one query (first 200, fresh tokenizer) median "
                f"{took['median']:.3f} ms, worst {took['worst']:.3f} ms; {count:,} fresh in one call "
                f"{took['all']:.0f} ms wall, {took['ids']:,} ids"
            )


def main() -> None:
    if "--browser" in sys.argv:
        browser()
        return
    from py_mini_racer import MiniRacer

    vocab = VOCAB.read_text(encoding="utf-8")
    raw = VOCAB.read_bytes()
    print(f"vocab.txt: {len(raw):,} bytes, {len(gzip.compress(raw, 9)):,} gzip -9")
    js = WORDPIECE.read_bytes()
    print(f"wordpiece.js: {len(js):,} bytes, {len(gzip.compress(js, 9)):,} gzip -9")
    v8 = MiniRacer()
    print(f"V8 {v8.v8_version}")
    v8.eval(WORDPIECE.read_text(encoding="utf-8"))
    v8.eval(f"var VOCAB = {json.dumps(vocab)};")
    runs = []
    for _ in range(5):  # the first build also compiles the code: report the first and the best
        start = clock()
        v8.eval("var T = new JBWordPiece.Tokenizer(VOCAB); T.vocab.size")
        runs.append(since(start))
    best = min(r[0] for r in runs)
    print(f"build from vocab text: first {runs[0][0] * 1000:.1f} ms CPU, best of 5 {best * 1000:.1f} ms CPU")
    v8.eval(
        "function run(texts) { var T2 = new JBWordPiece.Tokenizer(VOCAB); var all = T2.encodeAll(JSON.parse(texts));"
        " var n = 0; for (var i = 0; i < all.length; i++) n += all[i].length; return n; }"
    )
    for count in (10_000, 30_000):
        for fresh in (True, False):
            texts = json.dumps(phrasings(count, fresh))
            start = clock()
            tokens = v8.call("run", texts)
            cpu, wall = since(start)
            kind = "fresh" if fresh else "repeated"
            print(
                f"encode {count:,} {kind} phrasings in one call (new tokenizer): {cpu:.3f} s CPU, {wall:.3f} s wall, "
                f"{tokens:,} ids, {tokens / cpu:,.0f} ids/s CPU"
            )
    texts = json.dumps(phrasings(30_000, True))
    start = clock()
    ids = json.loads(
        v8.eval(f"JSON.stringify(new JBWordPiece.Tokenizer(VOCAB).encodeAll(JSON.parse({json.dumps(texts)})))")
    )
    cpu, wall = since(start)
    print(f"encode 30,000 fresh with the ids back in Python (JSON): {cpu:.3f} s CPU, {wall:.3f} s wall")
    v8.close()
    try:
        import all_minilm_l6_v2  # noqa: F401
        from tokenizers import Tokenizer
    except ImportError:
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from wordpiece_cases import tokenizer_json

    hf = Tokenizer.from_str(tokenizer_json())
    hf.no_padding()
    hf.no_truncation()
    for count in (10_000, 30_000):
        texts = phrasings(count, True)
        start = clock()
        tokens = sum(len(e.ids) for e in hf.encode_batch(texts))
        cpu, wall = since(start)
        if count == 30_000:
            truncated = [e.ids if len(e.ids) <= 128 else e.ids[:127] + e.ids[-1:] for e in hf.encode_batch(texts)]
            same = sum(a == b for a, b in zip(ids, truncated, strict=True))
            print(f"wordpiece.js and HF tokenizers agree on {same:,} of {count:,} fresh phrasings")
        print(f"HF tokenizers encode_batch {count:,} fresh: {cpu:.3f} s CPU, {wall:.3f} s wall, {tokens:,} ids")


if __name__ == "__main__":
    main()
