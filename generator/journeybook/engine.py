"""Running MkDocs in-process: a full build on every core, and `serve`'s page-by-page updates.

MkDocs builds one page after another. At 11,000 pages that is a minute of one
core while the others idle, so `full_build` does what
`mkdocs.commands.build.build` does — same plugin events, same page functions,
same order of search entries — but renders the pages in forked worker
processes, each taking every n-th page, and merges what they report (search
entries, anchors, warnings) before the search index is written. It forks only
where that is safe: on Linux-like systems, in a process without other threads,
for a site whose plugins are known to keep no per-page state of their own
(Material's search and offline); otherwise it renders in this process.

`MkDocsSession` keeps one build in memory for `serve`: after the full build it
holds the configuration, the file list, the navigation, the theme's templates
and the search index, and rebuilds only the pages whose Markdown changed, then
rewrites the search index and, when pages came or went, the sitemap. Anything
it cannot take raises `StaleSession`, and the caller builds everything again:
slower, never wrong. Which pages an edit can change is pages.pages_affected's
business; `file_stamps` tells which files were saved.

Both use MkDocs' build internals (`mkdocs.commands.build`), pinned by the
tests that compare these builds with plain `mkdocs build` output. Pages are
converted by mdrender (one Markdown instance per process, plain blocks by
fastblocks) where the site's extensions and plugins allow it; Material's
navigation, tabs and fixed blocks are rendered once per place (navcache); a
full build can take the docs folder from memory (memdocs). The same HTML,
sooner. With those, the MkDocs-specific modules: they import nothing else of
journeybook's; site.py and renderers/mkdocs.py import this one.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import mdrender
from .memdocs import files_in_memory
from .navcache import cache_templates

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

MIN_PAGES_PER_WORKER = 200  # below this, starting a process costs more than it saves
MAX_WORKERS_PER_CORE = 4  # JOURNEYBOOK_WORKERS above this many per core is clamped
WORKERS_VARIABLE = "JOURNEYBOOK_WORKERS"  # how many processes render pages; 1 turns forking off


class StaleSession(Exception):
    """The kept build cannot take this change page by page; build everything again."""


def workers_wanted(pages: int) -> int:
    """Processes to render `pages` pages with: one per usable core, fewer for small sites, 1 where unsafe."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1  # a fork copies only this thread: a lock another thread holds would stay locked in the child
    setting = os.environ.get(WORKERS_VARIABLE, "").strip()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if setting.isdigit() and int(setting) > 0:
        return min(int(setting), MAX_WORKERS_PER_CORE * cores)  # 100000 would exhaust processes and open files
    return max(1, min(cores, pages // MIN_PAGES_PER_WORKER))


def full_build(config: MkDocsConfig, documents: Iterable[tuple[str, bytes]] | None = None) -> MkDocsSession:
    """Build the whole site (pages rendered by several processes where that is safe); returns the kept build.

    With `documents` ((path, bytes)), those are the docs folder (memdocs), not what is on disk. MkDocs'
    warnings are in `session.messages`. Errors raise, as `mkdocs build` does.
    """
    session = MkDocsSession(config)
    session.build(documents)
    return session


def file_stamps(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """(modification time in ns, size) of every file under `paths`: what tells a save from no change."""
    stamps: dict[str, tuple[int, int]] = {}
    for root in paths:
        if root.is_file():
            stat = root.stat()
            stamps[str(root)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, folders, names in os.walk(root):
            folders[:] = [f for f in folders if not f.startswith(".") and f != "__pycache__"]
            for name in names:
                if name.startswith(".") or name.endswith((".pyc", "~")):
                    continue  # editors' swap and backup files, Python's caches: not what the site is made of
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:  # deleted while we looked: the next save is seen again
                    continue
                stamps[path] = (stat.st_mtime_ns, stat.st_size)
    return stamps


def changed_files(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """Files added, removed or saved between two `file_stamps`."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class MkDocsSession:
    """One MkDocs build kept in memory, so later saves rebuild only the pages they changed."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.files = self.nav = self.env = None
        self.search_plugin, self.search = None, None  # Material's search plugin and index (False: another kind)
        self.messages: list[str] = []
        self.workers = 1
        self.fast = False  # pages converted by mdrender (one Markdown instance, fastblocks), not Page.render
        self.partials: dict | None = None  # navcache's texts of Material's navigation and tabs

    # -- the full build --

    def build(self, documents: Iterable[tuple[str, bytes]] | None = None) -> list[str]:
        """What `mkdocs build` does, with pages rendered by `workers_wanted` processes; returns the warnings."""
        from mkdocs.commands.build import _build_extra_template, _build_theme_template
        from mkdocs.exceptions import Abort
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page
        from mkdocs.utils import clean_directory

        config = self.config
        with _quiet_mkdocs() as messages:
            try:
                config = self.config = config.plugins.on_config(config)
                self.fast = mdrender.fast_pages(config)
                config.plugins.on_pre_build(config=config)
                clean_directory(config.site_dir)
                files = get_files(config) if documents is None else files_in_memory(config, documents)
                env = config.theme.get_env()
                files.add_files_from_theme(env, config)
                files = config.plugins.on_files(files, config=config)
                set_exclusions(files, config)
                nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
                in_site = files.documentation_pages(inclusion=InclusionLevel.is_included)
                for file in in_site:
                    if file.page is None and file.inclusion.is_not_in_nav():
                        Page(None, file, config)
                pages = [file.page for file in in_site]
                in_nav = [page for page in pages if page in nav.pages]
                for page in in_nav:  # every process sees the navigation's pages rendered, as in a serial build
                    self._populate(page, files)
                env = config.plugins.on_env(env, config=config, files=files)
                self.partials = cache_templates(env, config, nav)
                files.copy_static_files(inclusion=InclusionLevel.is_included)
                for template in config.theme.static_templates:
                    _build_theme_template(template, env, files, config, nav)
                for template in config.extra_templates:
                    _build_extra_template(template, files, config, nav)
                self.files, self.nav, self.env = files, nav, env
                self.search_plugin, self.search = self._search_index()
                self.workers = workers_wanted(len(pages)) if self._parallel_safe() else 1
                self._render(pages, populated=set(map(id, in_nav)))
                level = config.validation.links.anchors
                for page in pages:
                    page.validate_anchor_links(files=files, log_level=level)
                config.plugins.on_post_build(config=config)
                if config.strict and messages:
                    raise Abort(f"Aborted with {len(messages)} warnings in strict mode!")
            except Exception as error:
                config.plugins.on_build_error(error=error)
                raise
        self.messages = messages
        return messages

    def _populate(self, page: Page, files) -> None:
        """MkDocs' `_populate_page`, converting the Markdown with mdrender where the site allows it."""
        from mkdocs.commands.build import _populate_page

        if self.fast:
            page.render = functools.partial(mdrender.render, page)  # what MkDocs calls as page.render(config, files)
        _populate_page(page, self.config, files)

    def _parallel_safe(self) -> bool:
        return mdrender.safe_plugins(self.config) and self.search is not False

    def _render(self, pages: list[Page], populated: set[int]) -> None:
        """Populate and build `pages`: here, or in workers that each take every n-th page."""
        workers = self.workers
        if workers <= 1:
            self._render_share(pages, populated)
            return
        children = []
        try:
            for number in range(1, workers):
                reader, writer = os.pipe()
                pid = os.fork()
                if pid == 0:  # the worker: render its share, report, and leave without running any cleanup
                    os.close(reader)
                    self._work(pages[number::workers], populated, writer)
                children.append((pid, reader))
                os.close(writer)
            mine = self._render_share(pages[0::workers], populated)
            reports = [_read_report(pid, reader) for pid, reader in children]
            children = []
        finally:
            for pid, reader in children:  # the parent failed: stop the workers it started
                _stop_worker(pid, reader)
        self._merge(pages, workers, [mine, *reports])

    def _render_share(self, pages: list[Page], populated: set[int]) -> dict:
        """Render these pages here; returns what a serial build would have learnt from them, as plain data."""
        from mkdocs.commands.build import _build_page
        from mkdocs.structure.files import InclusionLevel

        in_site = self.files.documentation_pages(inclusion=InclusionLevel.is_included)
        entries, anchors = [], []
        for page in pages:
            if id(page) not in populated:
                self._populate(page, self.files)
            before = len(self.search.entries) if self.search else 0
            _build_page(page, self.config, in_site, self.nav, self.env)
            entries.append(self.search.entries[before:] if self.search else [])
            links = {file.src_uri: dict(targets) for file, targets in (page.links_to_anchors or {}).items()}
            anchors.append((sorted(page.present_anchor_ids or ()), links))
        return {"entries": entries, "anchors": anchors}

    def _work(self, pages: list[Page], populated: set[int], writer: int) -> None:
        """A worker's whole life: render, send the report (or the error) through `writer`, exit."""
        code = 0
        try:
            with _quiet_mkdocs() as messages:
                if self.search:
                    self.search.entries[:] = []
                report = self._render_share(pages, populated)
            report["messages"] = messages
        except BaseException as error:  # noqa: BLE001 — reported to the parent, which raises it there
            report, code = {"error": f"{type(error).__name__}: {error}"}, 1
        try:
            with os.fdopen(writer, "wb") as out:
                out.write(json.dumps(report).encode("utf-8"))
        finally:
            os._exit(code)

    def _merge(self, pages: list[Page], workers: int, reports: list[dict]) -> None:
        """Put the workers' findings back in page order: search entries, anchors (for link checks), warnings."""
        errors = [report["error"] for report in reports if "error" in report]
        if errors:
            raise RuntimeError(f"a page could not be built: {errors[0]}")
        by_page: list = [None] * len(pages)
        for number, report in enumerate(reports):
            for offset, (entries, anchors) in enumerate(zip(report["entries"], report["anchors"], strict=True)):
                by_page[number + offset * workers] = (entries, anchors)
        if self.search:
            self.search.entries[:] = [entry for entries, _ in by_page for entry in entries]
        known = self.files.src_uris
        for page, (_, (present, links)) in zip(pages, by_page, strict=True):
            page.present_anchor_ids = set(present)
            page.links_to_anchors = {known[uri]: targets for uri, targets in links.items() if uri in known}
        logger = logging.getLogger("mkdocs")
        for report in reports[1:]:
            for message in report.get("messages", []):
                logger.warning(message)

    def _search_index(self):
        """(plugin, its index) for Material's search; (None, None) without one (or one turned off); (None, False)
        for a search plugin of another kind, whose index cannot be merged or updated page by page."""
        plugins = self.config.plugins.items()
        searches = [p for n, p in plugins if n.split("/")[-1] == "search" and p.config.get("enabled") is not False]
        if not searches:
            return None, None
        index = getattr(searches[0], "search_index", None)
        if len(searches) == 1 and isinstance(getattr(index, "entries", None), list):
            return searches[0], index
        return None, False

    # -- serve: page by page --

    def update(self, changed: Iterable[str], added: Iterable[str] = (), removed: Iterable[str] = ()) -> list[str]:
        """Rebuild the pages at these docs paths (already written to the docs folder); returns MkDocs' warnings.

        Raises StaleSession when it cannot: the caller then makes a full build.
        """
        from mkdocs.commands.build import _build_page, _build_theme_template
        from mkdocs.structure.files import File, InclusionLevel, set_exclusions
        from mkdocs.structure.pages import Page

        if self.files is None or self.nav is None or self.env is None or self.search is False:
            raise StaleSession("the first build did not finish, or the site's search plugin is not Material's")
        config, files = self.config, self.files
        added, removed = list(added), list(removed)
        if self.search_plugin is not None:
            # MkDocs keeps one instance of a plugin per process and Material starts a new index on every full
            # build: put this build's index back in case another build ran in between.
            self.search_plugin.search_index = self.search
        if self.partials is not None:
            self.partials.clear()  # a page of the navigation may change its title
        with _quiet_mkdocs() as messages:
            pages = []
            for path in removed:
                file = files.get_file_from_path(path)
                if file is None:
                    continue
                files.remove(file)
                self._forget(file.url)
                _remove_output(Path(file.abs_dest_path), Path(config.site_dir))
            for path in added:
                file = File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
                set_exclusions([file], config)
                files.append(file)
                pages.append(Page(None, file, config))
            for path in changed:
                file = files.get_file_from_path(path)
                if file is None or file.page is None:
                    raise StaleSession(f"{path} is not a page of the kept build")
                self._forget(file.url)
                pages.append(file.page)
            for page in pages:
                self._populate(page, files)
            in_site = files.documentation_pages(inclusion=InclusionLevel.is_included)
            for page in pages:
                _build_page(page, config, in_site, self.nav, self.env)
            if added or removed:  # the sitemap lists every page
                for template in config.theme.static_templates:
                    _build_theme_template(template, self.env, files, config, self.nav)
            config.plugins.on_post_build(config=config)  # Material's search writes search_index.json here
        return messages

    def _forget(self, url: str) -> None:
        """Drop a page's entries (the page and its sections) from the search index before it is rebuilt."""
        if self.search:
            url = "" if url in (".", "./") else url
            self.search.entries[:] = [e for e in self.search.entries if e["location"].split("#", 1)[0] != url]


def _read_report(pid: int, reader: int) -> dict:
    with os.fdopen(reader, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return {"error": f"the worker process ended without a report (status {status})"}
    return json.loads(data)


def _stop_worker(pid: int, reader: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    try:
        os.close(reader)
    except OSError:
        pass


def _remove_output(path: Path, site: Path) -> None:
    """Delete a removed page's HTML and the folders it leaves empty, up to the site folder."""
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site and site in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _quiet_mkdocs() -> Iterator[list[str]]:
    """MkDocs logs to the terminal; journeybook is a library here, so its warnings are collected instead."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    saved = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield handler.messages
    except Exception as error:
        if handler.messages:
            raise click.ClickException(
                f"MkDocs could not build the site: {'; '.join(handler.messages)} ({error})"
            ) from error
        raise
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = saved
