"""How long a frontline employee waits for search results on a built site, measured in headless Chromium.

Why: the site's search runs in the browser. Material for MkDocs fetches
`search/search_index.json` and builds a Lunr index in a web worker, so a large
playbook makes the first search slow on every page load; only a real browser
shows how slow. This module serves a site folder over http (search needs
http, not file://), opens its home page and types queries into the search box
the way a person does, key by key.

The same serving, launching and searching code drives the browser tests
(tests/test_browser.py), so there is one way to do it.

Usage:
    python benchmarks/search_timing.py SITE_DIR [QUERY ...] [--json]

or from Python: `measure_search(Path("site"), ["tow truck damaged my car"])`.

What is measured, per query (milliseconds, from the page's own clock):
- `first_result_ms`: from the first keystroke to the first rendered result
  list (for some prefix of the query: what the person sees first);
- `final_result_ms`: from the last keystroke to the rendered results for the
  whole query. Material sends a query to the worker on every keystroke and
  the worker answers them one after another, so on a large index this
  includes the prefixes queued before the whole query;
- `worker_ms`: the worker's own time for the whole query alone.
The first query is typed as soon as the page's scripts have run, before the
index is ready, so its figures include fetching search_index.json and building
the index in the worker; `index_ready_ms` says when the index was ready, from
the start of navigation.
"""

from __future__ import annotations

import argparse
import http.server
import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")  # Debian's Chromium; `playwright install` cannot download browsers here
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 900}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SEARCH_INPUT = "input.md-search__input"
RESULT_ITEMS = ".md-search-result__list > li.md-search-result__item"
DEFAULT_QUERIES = ["tow truck damaged my car", "windscreen", "cancel my insurance", "claim"]
KEY_DELAY_MS = 40  # between keystrokes: a quick typist

# Runs in every page before its own scripts. Material talks to its search worker with messages
# {type: 2 (query), data: text} and {type: 1 (ready)} / {type: 3 (result)}; the worker answers queries in
# order, so pairing them tells which rendered result list belongs to which query. Keystrokes and renders
# are stamped with performance.now(), the clock of event.timeStamp.
WATCH_SEARCH = """
(() => {
  const jb = window.__journeybook = {ready: null, keys: [], answers: []};
  const unrendered = [];
  const Native = window.Worker;
  if (Native) {
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        const asked = [];
        const post = this.postMessage.bind(this);
        this.postMessage = (message, ...rest) => {
          if (message && message.type === 2) asked.push({query: message.data, sent: performance.now()});
          return post(message, ...rest);
        };
        this.addEventListener("message", (event) => {
          const data = event.data || {};
          if (data.type === 1 && jb.ready === null) jb.ready = performance.now();
          if (data.type === 3) {
            const answer = asked.shift() || {query: null, sent: null};
            answer.count = data.data.items.length;
            answer.answered = performance.now();
            answer.rendered = null;
            jb.answers.push(answer);
            unrendered.push(answer);
          }
        });
      }
    };
  }
  document.addEventListener("keydown", (event) => {
    if (event.target && event.target.matches && event.target.matches("input.md-search__input"))
      jb.keys.push(event.timeStamp);
  }, true);
  document.addEventListener("DOMContentLoaded", () => {
    const meta = document.querySelector(".md-search-result__meta");
    const list = document.querySelector(".md-search-result__list");
    if (!meta || !list) return;
    // Material updates the count and the list in the same task as the worker's message; this callback runs
    // right after that task, when the results are in the DOM.
    const observer = new MutationObserver(() => {
      const now = performance.now();
      while (unrendered.length) unrendered.shift().rendered = now;
    });
    observer.observe(meta, {childList: true, characterData: true, subtree: true});
    observer.observe(list, {childList: true});
  });
})();
"""


# --- serving --------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No access log: the tests and the timing output stay readable."""


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that closes a connection early is not an error worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve `site_dir` on 127.0.0.1 (a free port) from a thread; yields the base URL, ending in '/'."""
    if not (Path(site_dir) / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir} has no index.html; build the site first (journeybook build)")
    server = _QuietServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, name=f"serve {site_dir}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --- the browser ----------------------------------------------------------------------------


_RUNNING: dict = {"users": 0, "playwright": None, "browser": None}


@contextmanager
def chromium() -> Iterator:
    """Headless Debian Chromium through Playwright; raises FileNotFoundError when it is not installed.

    One browser per process, shared by nested users (two test modules' session fixtures): Playwright's sync
    API cannot run twice in one process."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        raise FileNotFoundError(f"{CHROMIUM} is missing; install Debian's chromium package (apt-get install chromium)")
    if _RUNNING["users"] == 0:
        playwright = sync_playwright().start()
        try:
            _RUNNING["browser"] = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception:
            playwright.stop()
            raise
        _RUNNING["playwright"] = playwright
    _RUNNING["users"] += 1
    try:
        yield _RUNNING["browser"]
    finally:
        _RUNNING["users"] -= 1
        if _RUNNING["users"] == 0:
            try:
                _RUNNING["browser"].close()
            finally:
                _RUNNING["playwright"].stop()
                _RUNNING["browser"] = _RUNNING["playwright"] = None


@dataclass
class Watch:
    """What a page did that a user would notice or should never happen: dialogs, errors, requests elsewhere."""

    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [
            *(f"dialog: {m}" for m in self.dialogs),
            *(f"console error: {m}" for m in self.console_errors),
            *(f"page error: {m}" for m in self.page_errors),
            *(f"request outside localhost: {u}" for u in self.outside_requests),
        ]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about", "file") or parts.hostname in LOCAL_HOSTS


@contextmanager
def open_page(browser, viewport: dict | None = None) -> Iterator[tuple[object, Watch]]:
    """A fresh browser context and page that records into a Watch; requests off localhost are aborted."""
    context = browser.new_context(viewport=viewport or VIEWPORT, service_workers="block")
    watch = Watch()

    def route(route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            watch.outside_requests.append(route.request.url)
            route.abort()

    def dialog(dialog) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", route)
    context.add_init_script(WATCH_SEARCH)
    page = context.new_page()
    page.on("dialog", dialog)
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(message.text))
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    try:
        yield page, watch
    finally:
        context.close()


# --- searching ------------------------------------------------------------------------------


@dataclass
class SearchResult:
    """What the search box showed for one query: the result pages in order, and the time it took."""

    query: str
    count: int  # matching pages, as the worker counted them (Material renders 10, then more on scrolling)
    titles: list[str]
    paths: list[str]  # each result page's path, e.g. "/questions/tow-damage-who-pays/"
    first_result_ms: float | None
    final_result_ms: float
    worker_ms: float  # the worker's own time for the whole query, without the prefixes queued before it


def search(
    page, query: str, timeout_ms: float = 30_000, key_delay_ms: float = KEY_DELAY_MS, paste: bool = False
) -> SearchResult:
    """Type `query` into the search box, wait for its results and read them as the user sees them.

    Key by key by default; with `paste`, all but the last character arrive at once (as from the clipboard)
    and only the last key is typed, so the worker gets the one whole query.
    """
    box = page.locator(SEARCH_INPUT)
    box.click()
    if box.input_value():
        box.press("Control+a")
        box.press("Backspace")
    before = page.evaluate("[window.__journeybook.keys.length, window.__journeybook.answers.length]")
    if paste and len(query) > 1:
        box.fill(query[:-1])  # an input event, no keyup: Material does not search yet
        box.press_sequentially(query[-1])
    else:
        box.press_sequentially(query, delay=key_delay_ms)
    page.wait_for_function(
        """([query, answered]) => {
            const jb = window.__journeybook;
            const last = jb.answers[jb.answers.length - 1];
            return jb.answers.length > answered && last.query === query && last.rendered !== null;
        }""",
        arg=[query, before[1]],
        timeout=timeout_ms,
        polling=50,
    )
    keys, answers = page.evaluate(
        "([k, a]) => [window.__journeybook.keys.slice(k), window.__journeybook.answers.slice(a)]", before
    )
    shown = [a["rendered"] for a in answers if a["count"] > 0 and a["rendered"] is not None]
    items = page.locator(RESULT_ITEMS)
    paths = [
        urlsplit(item.locator("a.md-search-result__link").first.get_attribute("href") or "").path
        for item in items.all()
    ]
    titles = [item.locator("article h1, article h2").first.inner_text() for item in items.all()]
    return SearchResult(
        query=query,
        count=answers[-1]["count"],
        titles=titles,
        paths=paths,
        first_result_ms=(shown[0] - keys[0]) if shown and keys else None,
        final_result_ms=answers[-1]["rendered"] - keys[-1],
        worker_ms=answers[-1]["answered"] - max([answers[-1]["sent"], *(a["answered"] for a in answers[:-1])]),
    )


def measure_search(site_dir: Path, queries: list[str], timeout_ms: float = 300_000) -> dict:
    """Serve `site_dir`, open its home page in headless Chromium and time each query in the search box.

    The first query is typed as soon as the page's scripts have run, so it waits for the search index;
    the others run against the ready index. Returns the figures as a dict (see the module docstring).
    """
    if not queries:
        raise ValueError("give at least one query")
    index = Path(site_dir) / "search" / "search_index.json"
    with serve(Path(site_dir)) as base, chromium() as browser, open_page(browser) as (page, watch):
        page.goto(base, wait_until="domcontentloaded")
        results = [search(page, query, timeout_ms) for query in queries]
        ready = page.evaluate("window.__journeybook.ready")
        return {
            "site_dir": str(site_dir),
            "index_bytes": index.stat().st_size if index.is_file() else None,
            "index_ready_ms": ready,
            "queries": [
                {
                    "query": r.query,
                    "results": r.count,
                    "first": r.paths[0] if r.paths else None,
                    "first_result_ms": r.first_result_ms,
                    "final_result_ms": r.final_result_ms,
                    "worker_ms": r.worker_ms,
                }
                for r in results
            ],
            "problems": watch.problems(),
        }


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time Material's search on a built journeybook site.")
    parser.add_argument("site_dir", type=Path, help="a folder `journeybook build` wrote")
    parser.add_argument("queries", nargs="*", help=f"what to type (default: {', '.join(DEFAULT_QUERIES)})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        figures = measure_search(args.site_dir, args.queries or DEFAULT_QUERIES)
    except FileNotFoundError as error:
        print(f"search_timing: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    size = figures["index_bytes"]
    print(f"{figures['site_dir']}: search index {size / 1e6:.1f} MB" if size else figures["site_dir"])
    print(f"index ready {_ms(figures['index_ready_ms'])} after navigation started")
    print(f"{'query':<36} {'results':>7} {'first result':>13} {'final result':>13} {'worker':>10}  first hit")
    for i, q in enumerate(figures["queries"]):
        label = q["query"] + (" (cold)" if i == 0 else "")
        print(
            f"{label:<36} {q['results']:>7} {_ms(q['first_result_ms']):>13} {_ms(q['final_result_ms']):>13}"
            f" {_ms(q['worker_ms']):>10}"
            f"  {q['first'] or '-'}"
        )
    for problem in figures["problems"]:
        print(f"problem: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
