"""Hit@1 and hit@3 of the answer finder on the development phrasings, in a second, without a browser.

Why: tuning the finder (its built-in vocabulary, stop words, weights) needs a quick, honest measure. This runs
every dev phrasing (tests/search/dev-*.yaml, never the held-out sets) through finder-core.js in embedded V8,
as the site's search box ranks a typed query, and prints hit@1 / hit@3 per dev set, and the playbooks' own
`ask` and `also_asked` at rank 1 (they must stay at 100%). `benchmarks/search_quality.py` measures the held-out
sets in Chromium; run it rarely, and never tune against it.

Usage:
    python benchmarks/search_dev.py [--misses] [--no-vocabulary] [--meaning] [--beta 3]

`--meaning`: with the meaning layer (`site: {meaning: true}`), whatever the playbooks' settings say; `--beta`
sets its weight (finder-core.js's TUNE.meaning) for a tuning run.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import yaml

from journeybook.check import run_check
from journeybook.finder import BASE_VOCABULARY, Engine, documents

ROOT = Path(__file__).resolve().parent.parent
SEARCH = ROOT / "tests" / "search"
PLAYBOOKS = {"harbor": ROOT / "playbooks", "broadband": SEARCH / "broadband"}


def dev_sets() -> dict[str, str | None]:
    """Every dev file (tests/search/dev-*.yaml) → the playbook its name ends with, None for a file whose entries
    each name theirs (`playbook:`)."""
    return {
        path.name: next((name for name in PLAYBOOKS if path.stem.endswith(f"-{name}")), None)
        for path in sorted(SEARCH.glob("dev-*.yaml"))
    }


TODAY = date(2026, 12, 5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Hit@1 and hit@3 of the finder on the dev phrasings (in V8).")
    parser.add_argument("--misses", action="store_true", help="list each phrasing whose question was not first")
    parser.add_argument(
        "--no-vocabulary", action="store_true", help="the built-in groups only, without the playbooks' own"
    )
    parser.add_argument("--meaning", action="store_true", help="with the meaning layer (sentence model)")
    parser.add_argument("--beta", type=float, help="the meaning layer's weight (TUNE.meaning)")
    parser.add_argument("--alone", type=float, help="the least cosine for a result the words missed")
    args = parser.parse_args(argv)
    books = {name: run_check(path, today=TODAY).playbook for name, path in PLAYBOOKS.items()}
    engines = {}
    for name, book in books.items():
        data = documents(book, "staff", TODAY)
        if args.no_vocabulary:
            data["vocabulary"] = [list(group) for group in BASE_VOCABULARY]
        engines[name] = Engine(data)
        if args.meaning:
            engines[name].use_meaning()
        for key, value in (("meaning", args.beta), ("meaningAlone", args.alone)):
            if value is not None:
                engines[name]._v8.eval(f"JBFinder.tune.{key} = {value};")
    try:
        print(f"{'set':<34} {'n':>4}  {'hit@1':>13}  {'hit@3':>13}")
        totals = [0, 0, 0]
        for file, default in dev_sets().items():
            entries = yaml.safe_load((SEARCH / file).read_text(encoding="utf-8"))
            for name in PLAYBOOKS:
                cases = [e for e in entries if e.get("playbook", default) == name]
                if not cases:
                    continue
                ranks = []
                for case in cases:
                    found = _questions(engines[name], case["say"])
                    rank = found.index(case["expect"]) + 1 if case["expect"] in found else None
                    ranks.append(rank)
                    if args.misses and rank != 1:
                        print(f"  {f'#{rank}' if rank else '--':>3} {case['say']!r} -> {case['expect']}; {found[:3]}")
                hit1 = sum(1 for r in ranks if r == 1)
                hit3 = sum(1 for r in ranks if r is not None and r <= 3)
                totals = [totals[0] + len(ranks), totals[1] + hit1, totals[2] + hit3]
                _row(f"{file[:-5]} ({name})", len(ranks), hit1, hit3)
        _row("all dev phrasings", *totals)
        for name, book in books.items():
            own = [(said, q.id) for q in book.questions.values() for said in (q.ask, *q.also_asked)]
            first = sum(1 for said, i in own if _questions(engines[name], said)[:1] == [i])
            _row(f"own ask+also_asked ({name})", len(own), first)
    finally:
        for engine in engines.values():
            engine.close()
    return 0


def _questions(engine: Engine, said: str) -> list[str]:
    """Question ids in rank order, as the site's search box ranks what was typed."""
    return [i for kind, i in engine.search(said, 10, typing=True) if kind == "q"]


def _row(label: str, n: int, hit1: int, hit3: int | None = None) -> None:
    rates = [f"{100 * hits / n:5.1f}% ({hits:>3})" for hits in (hit1, hit3) if hits is not None]
    print(f"{label:<34} {n:>4}  " + "  ".join(rates))


if __name__ == "__main__":
    sys.exit(main())
