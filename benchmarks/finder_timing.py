"""How long a frontline employee waits for the answer finder, measured in headless Chromium.

Usage:
    python benchmarks/finder_timing.py SITE_DIR [QUERY ...] [--json] [--offline]

or from Python: `measure_finder(Path("site"), ["tow truck damaged my car"])`.

The finder (site_templates/assets/finder/) records, for every search it runs, the time of the key press
that caused it (the key event's timeStamp), when the results were in the page and when the frame after
that had been painted (a task queued from requestAnimationFrame runs after the frame is drawn). Both are
read from `window.__jbFinderStats`; all times are on the page's own clock (performance.now()).

What is measured:
- `first_results_ms`: from the start of navigation to `?q=...` until its results are painted (the index
  script is fetched, parsed and indexed on the way);
- `index_ready_ms`: from the start of navigation until the index is ready (a plain page load);
- key press → results painted, for every key of every query typed key by key at `KEY_DELAY_MS`:
  median and worst;
- `index_bytes` and `index_gzip_bytes`: the index script a browser downloads, raw and gzip-compressed.

The same serving and launching code as the Material search harness (search_timing.py) is used, so the
two can be printed side by side.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from journeybook.finder import MEANING, VECTORS  # noqa: E402
from search_timing import chromium, open_page, serve  # noqa: E402 - benchmarks/ is not a package

INPUT = "[data-jb-input]"
RESULTS = "[data-jb-results]"
INDEX = "assets/journeybook/finder-index.js"
DEFAULT_QUERIES = ["tow truck damaged my car", "windscreen", "cancel my insurance", "claim", "curtesy car"]
KEY_DELAY_MS = 40  # between keystrokes: a quick typist


# The finder has its index, and its meaning layer when the site has one (loaded, or given up: "off").
SETTLED = """() => { const f = document.querySelector('[data-jb-finder]');
    return !!f && f.hasAttribute('data-jb-ready') && (!(window.JB_FINDER_DATA || {}).meaning
        || f.hasAttribute('data-jb-meaning')); }"""


def wait_ready(page, timeout_ms: float = 60_000) -> None:
    page.wait_for_function(SETTLED, timeout=timeout_ms)


def result_ids(page) -> list[str]:
    """The results in rank order: "question-id" for questions, "journey:id" for journeys."""
    return page.evaluate(
        """(sel) => [...document.querySelectorAll(sel + ' > li')].map(li =>
            li.dataset.question || ('journey:' + li.dataset.journey))""",
        RESULTS,
    )


def find(page, query: str, key_delay_ms: float = 0, paste: bool = False, timeout_ms: float = 30_000) -> list[str]:
    """Type `query` into the finder (key by key, or all at once with `paste`) and return the result ids."""
    box = page.locator(INPUT)
    box.click()
    box.fill("")
    before = page.evaluate("window.__jbFinderStats.searches.length")
    if paste:
        box.fill(query)
    else:
        box.press_sequentially(query, delay=key_delay_ms)
    page.wait_for_function(
        """([query, before]) => {
            const s = window.__jbFinderStats.searches;
            return s.length > before && s[s.length - 1].query === query && s[s.length - 1].paintedAt !== null;
        }""",
        arg=[query, before],
        timeout=timeout_ms,
        polling=20,
    )
    return result_ids(page)


def measure_finder(site_dir: Path, queries: list[str], key_delay_ms: float = KEY_DELAY_MS) -> dict:
    """Serve `site_dir`, open it in headless Chromium and time the finder (see the module docstring)."""
    site_dir = Path(site_dir)
    index = (site_dir / INDEX).read_bytes()
    with serve(site_dir) as base, chromium() as browser:
        with open_page(browser) as (page, watch):
            page.goto(base + "?q=" + quote(queries[0]), wait_until="commit")
            page.wait_for_function(
                "() => (window.__jbFinderStats || {searches: []}).searches.some(s => s.paintedAt !== null)",
                timeout=120_000,
                polling=20,
            )
            first = page.evaluate("window.__jbFinderStats.searches.find(s => s.paintedAt !== null).paintedAt")
            first_hit = result_ids(page)[:1]
        with open_page(browser) as (page, watch):
            page.goto(base, wait_until="commit")
            wait_ready(page, 120_000)
            ready = page.evaluate("window.__jbFinderStats.readyAt")
            meaning_ready = page.evaluate("window.__jbFinderStats.meaningAt || null")
            per_query = []
            delays: list[float] = []
            for query in queries:
                before = page.evaluate("window.__jbFinderStats.searches.length")
                ids = find(page, query, key_delay_ms=key_delay_ms)
                page.wait_for_timeout(100)  # the last frame's paint stamp
                runs = page.evaluate("(n) => window.__jbFinderStats.searches.slice(n)", before)
                waits = [r["paintedAt"] - r["keyAt"] for r in runs if r["keyAt"] is not None and r["paintedAt"]]
                delays.extend(waits)
                per_query.append(
                    {
                        "query": query,
                        "first": ids[0] if ids else None,
                        "keys": len(waits),
                        "median_ms": statistics.median(waits) if waits else None,
                        "worst_ms": max(waits) if waits else None,
                        "search_ms": max((r["renderedAt"] - r["startedAt"] for r in runs), default=None),
                    }
                )
            problems = watch.problems()
    return {
        "site_dir": str(site_dir),
        "index_bytes": len(index),
        "index_gzip_bytes": len(gzip.compress(index, 6)),
        "first_results_ms": first,
        "first_results_query": queries[0],
        "first_results_hit": first_hit[0] if first_hit else None,
        "index_ready_ms": ready,
        "meaning_ready_ms": meaning_ready,  # None: the site has no meaning layer (or it could not load)
        "meaning_files": _meaning_files(site_dir),
        "keypress_to_paint_median_ms": statistics.median(delays) if delays else None,
        "keypress_to_paint_worst_ms": max(delays) if delays else None,
        "keys": len(delays),
        "queries": per_query,
        "problems": problems,
    }


def _meaning_files(site_dir: Path) -> dict[str, list[int]]:
    """The meaning layer's files a browser downloads once (raw, gzip bytes), when the site has them."""
    downloaded = [VECTORS, *(name for name in MEANING if ".LICENSE" not in name)]  # licences sit beside, unread
    return {
        name: [len(data), len(gzip.compress(data, 6))]
        for name in downloaded
        if (site_dir / name).is_file() and (data := (site_dir / name).read_bytes())
    }


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time journeybook's answer finder on a built site.")
    parser.add_argument("site_dir", type=Path, help="a folder `journeybook build` wrote")
    parser.add_argument("queries", nargs="*", help=f"what to type (default: {', '.join(DEFAULT_QUERIES)})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        figures = measure_finder(args.site_dir, args.queries or DEFAULT_QUERIES)
    except FileNotFoundError as error:
        print(f"finder_timing: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    f = figures
    print(f"{f['site_dir']}: finder index {f['index_bytes'] / 1e6:.2f} MB, {f['index_gzip_bytes'] / 1e6:.2f} MB gzip")
    print(f"first results (?q={f['first_results_query']}) painted {_ms(f['first_results_ms'])} after navigation")
    print(f"index ready {_ms(f['index_ready_ms'])} after navigation")
    if f["meaning_files"]:
        raw, packed = (sum(v[i] for v in f["meaning_files"].values()) for i in (0, 1))
        print(
            f"meaning layer ready {_ms(f['meaning_ready_ms'])} after navigation "
            f"({raw / 1e6:.1f} MB, {packed / 1e6:.1f} MB gzip, loaded once; the vectors "
            f"{f['meaning_files'][VECTORS][1] / 1e6:.2f} MB gzip)"
        )
    print(
        f"key press → results painted: median {_ms(f['keypress_to_paint_median_ms'])}, "
        f"worst {_ms(f['keypress_to_paint_worst_ms'])} over {f['keys']} keys"
    )
    print(f"{'query':<32} {'keys':>5} {'median':>9} {'worst':>9} {'search':>9}  first hit")
    for q in f["queries"]:
        print(
            f"{q['query']:<32} {q['keys']:>5} {_ms(q['median_ms']):>9} {_ms(q['worst_ms']):>9}"
            f" {_ms(q['search_ms']):>9}  {q['first'] or '-'}"
        )
    for problem in f["problems"]:
        print(f"problem: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
