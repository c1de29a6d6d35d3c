"""`serve`, the live preview for editors: a docs and a site folder kept between rebuilds, rebuilt page by page."""

from __future__ import annotations

import gc
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import finder
from .docsfolder import (
    DocsFile,
    _address,
    docs_files,
    excluded_docs,
    guides_of,
    navigation,
    read_handwritten,
    write_docs,
)
from .pages import TEMPLATES, Page, environment
from .siteconfig import CONFIG_NAMES, SITE_MARKER_TEXT, mkdocs_config

if TYPE_CHECKING:
    from .check import CheckResult

SETTINGS_NAMES = ("journeybook.yaml", "journeybook.yml")  # they can change the site name and offline use


class Preview:
    """The state of `serve`: a docs and a site folder kept between rebuilds, rewritten only where pages changed.

    The first rebuild renders and builds everything and keeps the MkDocs build (engine.MkDocsSession). After
    a save, only the pages the saved files can reach are rendered again (pages.pages_affected), and only
    those whose Markdown differs are rebuilt by MkDocs. A change to journeybook.yaml, the hand-written
    pages, mkdocs.yml or the templates, or anything the kept build cannot take, makes a full build.
    """

    def __init__(
        self, source: Path, audience: str, echo: Callable[[str], None], work: Path, trust_config: bool = False
    ) -> None:
        self.source = Path(source)
        self.trust_config = trust_config
        self.repo = self.source.resolve().parent
        self.audience = audience
        self.echo = echo
        self.docs, self.site = work / "docs", work / "site"
        self.site.mkdir(parents=True, exist_ok=True)
        self._session = None  # the kept MkDocs build, None until a full build succeeded
        self._result: CheckResult | None = None  # the check the site shows
        self._texts: dict[str, str] = {}  # generated page path → the Markdown the site was built from
        self._yaml: dict[str, tuple[int, int]] = {}  # file stamps of the playbook the site shows
        self._rest: dict[str, tuple[int, int]] = {}  # … and of docs/, mkdocs.yml and the templates
        self._templates = None  # the Jinja2 environment, compiled templates kept while they do not change
        self._good: dict = {}  # file name → the SourceFile it last loaded as (lastgood.py)
        self._marked: set[str] = set()  # pages showing a "not updated" banner

    def watched(self) -> list[Path]:
        """What triggers a rebuild when it changes: the YAML, the hand-written pages, mkdocs.yml and the templates."""
        paths = [self.source, self.repo / "docs", TEMPLATES, *(self.repo / name for name in CONFIG_NAMES)]
        return [path for path in paths if path.exists()]

    def rebuild(self) -> bool:
        """Check, render, build. Findings are printed, never fatal; a failed build keeps the last good site."""
        started = time.monotonic()
        collecting = gc.isenabled()
        gc.disable()  # see `serve`: collecting during a rebuild walks every object it makes, for seconds at L
        try:
            return self._rebuild(started)
        finally:
            if collecting:
                gc.enable()

    def _rebuild(self, started: float) -> bool:
        from .check import run_check
        from .engine import StaleSession, file_stamps
        from .load import yaml_files
        from .report import REPORTERS, Report, relocate

        yaml_stamps = file_stamps(yaml_files(self.source)) if self.source.is_dir() else {}
        rest = file_stamps([path for path in self.watched() if path != self.source])
        try:
            result = run_check(self.source, last_good=self._good)  # a file that no longer loads: as it last did
        except click.ClickException as error:
            self.echo(f"Not rebuilt: {error.format_message()}")
            return False
        checked = time.monotonic() - started
        shown = [f for f in relocate(result.findings, self.source) if f.suppressed is None]
        self.echo(REPORTERS["text"](Report(shown, result.summary)).rstrip())
        try:
            limit = result.playbook.settings.limits.max_file_bytes
            handwritten = read_handwritten(self.repo / "docs", self.audience, limit, excluded_docs(self.repo))
            done = None
            if self._session is not None and rest == self._rest:
                try:
                    done = self._update(result, handwritten, yaml_stamps)
                except StaleSession:
                    done = None
            if done is None:
                done = self._build_all(result, handwritten)
        except Exception as error:  # keep serving the last good site; the editor fixes the file and saves again
            self._session = None  # what was kept may be half updated: the next rebuild is a full one
            message = error.format_message() if isinstance(error, click.ClickException) else repr(error)
            self.echo(f"Not rebuilt: {message}")
            return False
        self._result, self._yaml, self._rest = result, yaml_stamps, rest
        self._good = {name: file for name, file in result.loaded.items() if file.root is not None}
        seconds = time.monotonic() - started
        self.echo(f"Rebuilt in {seconds:.1f} s (check {checked:.1f} s): {done}; the browser reloads.")
        return True

    def _build_all(self, result: CheckResult, handwritten: list[DocsFile]) -> str:
        from .engine import MkDocsSession
        from .lastgood import banners
        from .trust import refuse_untrusted

        refuse_untrusted(self.source, self.trust_config)  # before MkDocs reads mkdocs.yml
        gc.unfreeze()
        gc.enable()  # a full build leaves cyclic garbage behind every page: collect as it goes
        try:
            self._session = self._templates = None
            gc.collect()  # the previous build's pages (they hold cycles) go before the new ones come
            files, pages = docs_files(result, self.audience, handwritten)
            files, pages = _with_banners(result, files, pages)
            self._marked = set(banners(result))
            written = write_docs(self.docs, files)
            config = mkdocs_config(result, self.repo, self.docs, self.site, navigation(pages, handwritten))
            session = MkDocsSession(config)
            for warning in session.build():
                self.echo(f"MkDocs: {warning}")
            (self.site / ".journeybook-site").write_text(SITE_MARKER_TEXT, encoding="utf-8")  # as a build's
        finally:
            gc.disable()  # as `rebuild` found it
        self._session, self._texts = session, {page.path: page.text for page in pages}
        # The kept build is hundreds of thousands of long-lived objects: frozen, the garbage collector stops
        # walking them on every later rebuild (at 11,000 pages that walk alone took over a second).
        gc.collect()
        gc.freeze()
        return f"{written} of {len(files)} files changed"

    def _update(self, result: CheckResult, handwritten: list[DocsFile], yaml_stamps: dict) -> str:
        """Render what the saved files can reach, write the pages that differ, let the kept build rebuild them."""
        from .engine import StaleSession, changed_files
        from .lastgood import banners, with_banners
        from .pages import render_changes

        changed = {Path(path).relative_to(self.source).as_posix() for path in changed_files(self._yaml, yaml_stamps)}
        if any(name in SETTINGS_NAMES for name in changed) or self._result is None:
            raise StaleSession("journeybook.yaml changed: the site name, offline use or the navigation may differ")
        if self._templates is None:
            self._templates = environment()
        marked = banners(result)
        redo = set(marked) | self._marked  # pages that get or lose a banner: rendered again as if new
        shown = {p: t for p, t in self._texts.items() if p not in redo} if redo else self._texts
        guides = guides_of(handwritten)
        paths, pages = render_changes(self._result, result, changed, shown, self.audience, guides, self._templates)
        pages, self._marked = with_banners(pages, marked), set(marked)
        wanted = set(paths)
        added = [path for path in paths if path not in self._texts]
        removed = [path for path in self._texts if path not in wanted]
        taken = {_address(f.path) for f in handwritten}
        if any(_address(path) in taken for path in added):
            raise StaleSession("a new page has the name of a hand-written page")  # the full build says which
        differ = [page for page in pages if self._texts.get(page.path) != page.text]
        for page in differ:
            path = self.docs / page.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page.text, encoding="utf-8")
        for path in removed:
            (self.docs / path).unlink(missing_ok=True)
        for warning in self._session.update([p.path for p in differ if p.path not in added], added, removed):
            self.echo(f"MkDocs: {warning}")
        # Without the pre-built index (seconds at company size): the preview's pages index the documents themselves.
        for path, data in finder.index_files(result.playbook, self.audience, result.context.today, prebuilt=False):
            for folder in (self.docs, self.site):  # a static file: the kept build would not copy it again
                (folder / path).write_bytes(data)
        for path in removed:
            del self._texts[path]
        self._texts.update((page.path, page.text) for page in differ)
        rendered = f"{len(pages)} of {len(paths)} pages rendered"
        return f"{rendered}, {len(differ)} rebuilt" + (f", {len(removed)} removed" if removed else "")


def _with_banners(result: CheckResult, files: list[DocsFile], pages: list[Page]) -> tuple[list[DocsFile], list[Page]]:
    """docs_files' output with lastgood's banners on the pages of files shown as they last loaded."""
    from .lastgood import banners, with_banners

    shown = banners(result)
    if not shown:
        return files, pages
    pages = with_banners(pages, shown)
    texts = {page.path: page.text for page in pages}
    return [DocsFile(f.path, texts[f.path].encode("utf-8")) if f.path in shown else f for f in files], pages


def serve(
    source: Path, audience: str, host: str, port: int, echo: Callable[[str], None], trust_config: bool = False
) -> None:
    """Preview the site: rebuild when a YAML file (or docs/, mkdocs.yml, a template) changes; browsers reload.

    Check findings go to the terminal and the health page; they never stop the server.

    Python's garbage collector is off while serving and runs once, a few seconds after each rebuild, when
    the browser has reloaded: at 11,000 pages a collection takes most of a second, and an automatic one
    would land in the middle of a rebuild or of the reload. What survives it is frozen (never walked
    again) until the next full build.
    """
    from .workspace import LocalOnlyServer as LiveReloadServer  # answers only localhost Host headers

    work = Path(tempfile.mkdtemp(prefix="journeybook-serve-"))
    collecting = gc.isenabled()
    gc.disable()
    stopping = _stop_on_terminate()
    try:
        preview = Preview(source, audience, echo, work, trust_config)
        rebuilding = threading.Lock()

        def rebuild() -> bool:
            with rebuilding:
                done = preview.rebuild()
            later = threading.Timer(COLLECT_AFTER, _collect_and_freeze, args=(rebuilding,))
            later.daemon = True
            later.start()
            return done

        rebuild()
        server = LiveReloadServer(
            builder=rebuild, host=host, port=port, root=str(preview.site), polling_interval=POLL_EVERY
        )
        for path in preview.watched():
            server.watch(str(path))
        echo(f"Serving {source} at {server.url} (save a file and the page reloads; Ctrl+C stops)")
        try:
            server.serve()
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the site of a large playbook is hundreds of megabytes
        gc.unfreeze()
        if collecting:
            gc.enable()
        if stopping is not None:
            signal.signal(signal.SIGTERM, stopping)


def _stop_on_terminate():
    """Let SIGTERM (a process manager, `kill`) stop `serve` the way Ctrl+C does, so its temporary folder is
    removed; returns the handler it replaced, None when it could not (not the main thread)."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:
        return None


POLL_EVERY = 0.25  # seconds between looks at the watched files (MkDocs' default 0.5 is a tenth of serve's budget)
COLLECT_AFTER = 3.0  # seconds after a rebuild: the browser has fetched the reloaded page by then


def _collect_and_freeze(rebuilding: threading.Lock) -> None:
    """Collect and freeze, unless a rebuild is running: it would wait for the collection (that rebuild
    schedules its own)."""
    if rebuilding.acquire(blocking=False):
        try:
            gc.collect()
            gc.freeze()
        finally:
            rebuilding.release()
