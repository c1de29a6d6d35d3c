"""How often the site's search puts the right question first, typed in headless Chromium as staff would type it.

Why: a search engine is easy to tune until it answers its own test words. This script measures it on
held-out caller phrasings (tests/search/heldout-*.yaml: what callers really say, some with typing slips,
never copied into the playbooks) and, with --own, on the playbook's own `ask` and `also_asked` wording.
It builds each playbook's site, serves it on 127.0.0.1, types every phrasing into the search box and
records the rank of the expected question.

Readers (which search box to drive):
- material: Material for MkDocs' built-in search (`.md-search__input`, `.md-search-result__item`); the
  rank counts every result shown (journeys, topics and the glossary too), as staff see them.
- finder: journeybook's own finder: input `[data-jb-input]` (or `input[type=search]` inside
  `[data-jb-finder]`), results `[data-jb-results] [data-question]` in rank order; the rank counts
  question results. With --via-url it opens `?q=words` instead of typing.

Usage:
    python benchmarks/search_quality.py [--reader material|finder] [--own] [--misses]
    python benchmarks/search_quality.py --playbook tests/search/broadband --heldout tests/search/heldout-broadband.yaml
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

from finder_timing import wait_ready
from search_timing import chromium, open_page, serve

ROOT = Path(__file__).resolve().parent.parent
SETS = {  # name: (playbook folder, held-out phrasings)
    "example": (ROOT / "playbooks", ROOT / "tests" / "search" / "heldout-example.yaml"),
    "broadband": (ROOT / "tests" / "search" / "broadband", ROOT / "tests" / "search" / "heldout-broadband.yaml"),
}
SETTLED_MS = 300  # results unchanged this long count as final
EMPTY_SETTLED_MS = 1500  # "no results" must hold longer: an index may still be loading
QUESTION_URL = re.compile(r"/questions/([^/#?]+)/")


@dataclass
class Case:
    say: str
    expect: str
    kind: str  # "words" (callers' own words), "slip" (with typing slips) or "own" (the YAML's ask/also_asked)


@dataclass
class Outcome:
    case: Case
    rank: int | None  # 1-based rank of the expected question; None when not among the results shown
    shown: list[str]  # what came back, best first (question ids; other pages as their path)


# --- readers: how to type into a search box and read its results ----------------------------


class MaterialReader:
    name = "material"
    input = "input.md-search__input"
    # The signature of what is on screen: each result page's path, and the "N matching documents" line.
    results_js = """() => {
        const items = [...document.querySelectorAll('.md-search-result__item')];
        const meta = document.querySelector('.md-search-result__meta');
        return {shown: items.map(li => { const a = li.querySelector('a'); return a ? new URL(a.href).pathname : ''; }),
                note: meta ? meta.textContent.trim() : ''};
    }"""

    def open(self, page, base: str) -> None:
        page.goto(base, wait_until="domcontentloaded")
        # search_timing's init script records when Material's search worker reports its index ready.
        page.wait_for_function("window.__journeybook && window.__journeybook.ready !== null", timeout=60_000)

    def type(self, page, base: str, query: str) -> None:
        box = page.locator(self.input)
        box.click()
        box.fill("")
        box.press("Backspace")  # Material searches on keyup: an empty query clears the old results
        _settle(page, self, lambda shown: not shown, timeout_s=5, empty_ms=0)
        box.fill(query[:-1])  # one input event for all but the last character, as from a paste
        box.press_sequentially(query[-1])

    def read(self, page) -> list[str]:
        shown = page.evaluate(self.results_js)["shown"]
        return [_question_id(path) or path for path in shown]


class FinderReader:
    name = "finder"
    input = "[data-jb-input], [data-jb-finder] input[type=search]"
    results_js = """() => ({
        shown: [...document.querySelectorAll('[data-jb-results] [data-question]')].map(e => e.dataset.question),
        note: ''})"""

    def __init__(self, via_url: bool = False) -> None:
        self.via_url = via_url

    def open(self, page, base: str) -> None:
        page.goto(base, wait_until="load")
        # as a member of staff who searches once the page has settled: with the meaning layer, once it has loaded
        wait_ready(page, 120_000)

    def type(self, page, base: str, query: str) -> None:
        if self.via_url:
            page.goto(f"{base}?q={quote(query)}", wait_until="load")
            return
        box = page.locator(self.input).first
        if not box.is_visible():
            page.keyboard.press("/")  # the finder's shortcut; it may be closed until then
        box.fill("")
        _settle(page, self, lambda shown: not shown, timeout_s=5, empty_ms=0)
        box.fill(query[:-1])
        box.press_sequentially(query[-1])

    def read(self, page) -> list[str]:
        return page.evaluate(self.results_js)["shown"]


def _question_id(path: str) -> str | None:
    found = QUESTION_URL.search(path)
    return found.group(1) if found else None


def _settle(page, reader, done=lambda shown: True, timeout_s: float = 10, empty_ms: float = EMPTY_SETTLED_MS) -> None:
    """Wait until the results on screen stop changing (Material answers from a worker, asynchronously)."""
    start = last_change = time.monotonic()
    seen = None
    while time.monotonic() - start < timeout_s:
        now_seen = page.evaluate(reader.results_js)
        now = time.monotonic()
        if now_seen != seen:
            seen, last_change = now_seen, now
        quiet_ms = (now - last_change) * 1000
        if done(seen["shown"]) and quiet_ms >= (SETTLED_MS if seen["shown"] else empty_ms):
            return
        page.wait_for_timeout(50)


# --- the run --------------------------------------------------------------------------------


def load_cases(heldout: Path, source: Path, own: bool) -> list[Case]:
    """The held-out phrasings, and with `own` every ask and also_asked of the playbook's questions."""
    cases = [
        Case(e["say"], e["expect"], "slip" if e.get("slip") else "words") for e in yaml.safe_load(heldout.read_text())
    ]
    if own:
        from journeybook.check import run_check

        for question in run_check(source).playbook.questions.values():
            cases += [Case(text, question.id, "own") for text in (question.ask, *question.also_asked)]
    return cases


def build_site(source: Path, site_dir: Path) -> None:
    installed = Path(sys.executable).with_name("journeybook")  # the one beside this Python, e.g. in .venv/bin
    journeybook = str(installed) if installed.exists() else "journeybook"
    command = [journeybook, "build", str(source), "--site-dir", str(site_dir)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"search_quality: {' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def measure(source: Path, cases: list[Case], reader, timeout_s: float) -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="jb-search-quality-") as tmp:
        site = Path(tmp) / "site"
        build_site(source, site)
        with serve(site) as base, chromium() as browser, open_page(browser) as (page, watch):
            reader.open(page, base)
            for case in cases:
                reader.type(page, base, case.say)
                _settle(page, reader, timeout_s=timeout_s)
                shown = reader.read(page)
                rank = shown.index(case.expect) + 1 if case.expect in shown else None
                outcomes.append(Outcome(case, rank, shown))
            for problem in watch.problems():
                print(f"problem on the page: {problem}", file=sys.stderr)
    return outcomes


def _rate(outcomes: list[Outcome], k: int) -> str:
    hits = sum(1 for o in outcomes if o.rank is not None and o.rank <= k)
    return f"{100 * hits / len(outcomes):5.1f}% ({hits}/{len(outcomes)})" if outcomes else "-"


GROUPS = [
    ("all held-out", lambda o: o.case.kind != "own"),
    ("callers' words", lambda o: o.case.kind == "words"),
    ("typing slips", lambda o: o.case.kind == "slip"),
    ("YAML ask+also_asked", lambda o: o.case.kind == "own"),
]


def print_table(results: dict[str, list[Outcome]], reader_name: str) -> None:
    print(f"reader: {reader_name}   hit@k = the expected question is among the first k results")
    print(f"{'set':<10} {'phrasings':<20} {'n':>4}  {'hit@1':>15}  {'hit@3':>15}")
    for name, outcomes in results.items():
        for label, keep in GROUPS:
            group = [o for o in outcomes if keep(o)]
            if group:
                print(f"{name:<10} {label:<20} {len(group):>4}  {_rate(group, 1):>15}  {_rate(group, 3):>15}")


def print_misses(results: dict[str, list[Outcome]]) -> None:
    for name, outcomes in results.items():
        for o in outcomes:
            if o.rank != 1:
                rank = f"#{o.rank}" if o.rank else "--"
                print(f"{name:<10} {rank:>3} {o.case.kind:<5} {o.case.say!r} -> {o.case.expect}; first: {o.shown[:3]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Hit@1 and hit@3 of a built site's search, on held-out caller phrasings."
    )
    parser.add_argument(
        "--reader", choices=["material", "finder"], default="material", help="which search box to drive"
    )
    parser.add_argument("--playbook", type=Path, help="one playbook folder (default: both sets, example and broadband)")
    parser.add_argument("--heldout", type=Path, help="its held-out phrasings (a YAML list of {say, expect, slip})")
    parser.add_argument("--own", action="store_true", help="also type every ask and also_asked of the playbook")
    parser.add_argument("--via-url", action="store_true", help="finder only: open ?q=words instead of typing")
    parser.add_argument("--misses", action="store_true", help="list each phrasing whose question was not first")
    parser.add_argument("--json", type=Path, help="also write every outcome to this JSON file")
    parser.add_argument("--timeout", type=float, default=10, help="seconds to wait for results to settle (default 10)")
    args = parser.parse_args(argv)

    if args.playbook:
        known = {source.resolve(): heldout for source, heldout in SETS.values()}
        heldout = args.heldout or known.get(args.playbook.resolve())
        if heldout is None:
            parser.error("--heldout is required for a playbook other than the two known sets")
        name = next((n for n, (s, _) in SETS.items() if s.resolve() == args.playbook.resolve()), args.playbook.name)
        sets = {name: (args.playbook, heldout)}
    else:
        sets = SETS
    reader = MaterialReader() if args.reader == "material" else FinderReader(args.via_url)
    results = {}
    for name, (source, heldout) in sets.items():
        cases = load_cases(heldout, source, args.own)
        print(f"{name}: {len(cases)} phrasings on {os.path.relpath(source)} ...", file=sys.stderr, flush=True)
        results[name] = measure(source, cases, reader, args.timeout)
    print_table(results, reader.name)
    if args.misses:
        print_misses(results)
    if args.json:
        rows = [
            {"set": n, **vars(o.case), "rank": o.rank, "shown": o.shown[:10]}
            for n, outs in results.items()
            for o in outs
        ]
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
