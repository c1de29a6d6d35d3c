"""Docs folder → MkDocs build → atomic replace of the site folder; and `serve`, the live preview for editors.

journeybook writes the docs folder itself (pages.py) and then runs MkDocs on
it, in-process: no MkDocs plugin of ours, so the same folder and mkdocs.yml
build with any engine that reads them. A build goes into a temporary folder
beside the site folder (same file system) and replaces the site folder with
two renames only when it succeeded, so a failed or killed build never leaves
a half-written or empty site.
"""

from __future__ import annotations

import calendar
import copy
import gc
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from . import finder, forked
from .changes_page import FEED_PATH, feed
from .keep import check_keep_folder, kept_config, write_kept_config
from .pages import TEMPLATES, Page, count_pages, environment, plain, render_pages, site_for
from .renderers import SiteSettings, renderer

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .check import CheckResult

ASSETS = TEMPLATES / "assets"
CSS = "assets/journeybook/journeybook.css"
SHIM = "assets/journeybook/iframe-worker-shim.js"  # the offline plugin adds a CDN copy unless a name has this
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
SETTINGS_NAMES = ("journeybook.yaml", "journeybook.yml")  # they can change the site name and offline use
SKIPPED_DOCS = ("screenshots",)  # folders of docs/ that are not part of the site (test screenshots)
_TEMP = ".journeybook-"
# The pages use admonitions (answers, handoff boxes), attr_list (stable step anchors), md_in_html (answers kept
# out of a journey's search entry) and tables; a repository's mkdocs.yml that lacks one gets it added.
REQUIRED_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables")

# Used when the repository has no mkdocs.yml: an organisation that installs journeybook into its own
# content repository gets a working site without writing one. Keep in step with the repository's mkdocs.yml.
DEFAULT_CONFIG: dict = {
    "theme": {
        "name": "material",
        "font": False,  # no Google Fonts: the site makes no request outside its own host
        "language": "en",
        "features": [
            "navigation.tabs",
            "navigation.indexes",
            "navigation.prune",
            "navigation.top",
            "toc.follow",
        ],
    },
    "plugins": [],  # no "search": journeybook's answer finder (finder.py) replaces Material's
    "markdown_extensions": ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}],
    "validation": {"nav": {"omitted_files": "ignore"}},  # pages are reached from section index pages, not the nav
    "extra": {"generator": False},  # no "Made with Material" link to an outside host
}


@dataclass
class SiteBuild:
    site_dir: Path
    pages: int
    seconds: float


@dataclass(frozen=True)
class DocsFile:
    """One file of the docs folder: a rendered page, a hand-written page or an asset."""

    path: str
    data: bytes


# --- build ----------------------------------------------------------------------------------


def build_site(
    result: CheckResult,
    site_dir: Path,
    audience: str = "staff",
    progress: Callable[[str], None] = lambda message: None,
    trust_config: bool = False,
    keep_docs: Path | None = None,
    engine: str = "mkdocs",
) -> SiteBuild:
    """Render the pages, build them with MkDocs beside `site_dir`, and replace `site_dir` only on success.

    Refused when mkdocs.yml or docs/ need trust (trust.py) and `trust_config` is not set. With `keep_docs`,
    that folder gets the docs folder and the mkdocs.yml the site is built from (keep.py). `engine` picks the
    site generator (renderers.ENGINES): MkDocs, or Zensical where it is installed.
    """
    from .trust import refuse_untrusted
    from .workspace import SITE_MARKER, EnvironmentFailure, check_site_dir

    started = time.monotonic()
    site_dir = Path(site_dir)
    target = site_dir.resolve()
    book = result.playbook
    source = book.source_dir.resolve() if book.source_dir else None
    repo = source.parent if source else None
    refuse_untrusted(book.source_dir, trust_config)
    _check_site_dir(target, source)
    check_site_dir(site_dir, target, source)
    if keep_docs is not None:
        check_keep_folder(Path(keep_docs), target, source)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(target)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}{_TEMP}{os.getpid()}-", dir=target.parent))
    except OSError as error:
        raise EnvironmentFailure(f"cannot write the site to {site_dir}: {error.strerror or error}") from None
    try:
        handwritten = read_handwritten(
            repo / "docs" if repo else None, audience, book.settings.limits.max_file_bytes, excluded_docs(repo)
        )
        progress(f"Rendering {count_pages(result, audience) + sum(f.path.endswith('.md') for f in handwritten)} pages")
        files, pages = docs_files(result, audience, handwritten)
        write_docs(work / "docs", files)
        builder = renderer(engine)
        progress(f"Building the site with {builder.name}")
        nav = navigation(pages, handwritten)
        settings = SiteSettings(*mkdocs_settings(result, repo, work / "docs", work / "site", nav))
        if keep_docs is not None:  # before the engine runs: a build that fails can be looked into too
            write_docs(Path(keep_docs) / "docs", files)
            base = settings.file and settings.file.parent
            write_kept_config(Path(keep_docs), kept_config(settings.raw, settings.overrides, base))
        with build_date(result.context.today):
            for warning in builder.render(work / "docs", settings, work / "site"):
                progress(f"{builder.name}: {warning}")
        (work / "site" / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")  # ours to replace next time
        _replace(work / "site", target)
    except click.ClickException as error:
        raise type(error)(f"{error.format_message()}; {site_dir} was left as it was") from error
    except OSError as error:  # disk full, no permission: not a finding (exit 1) but the machine (exit 2)
        raise EnvironmentFailure(
            f"the site could not be written ({error.strerror or error}); {site_dir} was left as it was"
        ) from None
    except Exception as error:  # MkDocs, a theme or the file system: say what, keep the old site
        raise click.ClickException(
            f"the site could not be built ({type(error).__name__}: {error}); {site_dir} was left as it was"
        ) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return SiteBuild(
        site_dir, len(pages) + sum(f.path.endswith(".md") for f in handwritten), time.monotonic() - started
    )


def _check_site_dir(target: Path, source: Path | None) -> None:
    """Refuse a site folder whose replacement would delete the playbook, the repository or someone's files."""
    if source is not None and (target == source or target in source.parents or source in target.parents):
        raise click.ClickException(
            f"the site folder {target} would replace or sit inside the playbook folder {source}; "
            "choose another --site-dir (the default is ./site)"
        )
    if target.exists() and not target.is_dir():
        raise click.ClickException(f"the site folder {target} is a file; choose another --site-dir")


def remove_stale(target: Path) -> None:
    """Delete temporary folders left beside `target` by builds that were killed (their process is gone).

    A build killed between the two renames of `_replace` left no site folder and the previous site in its
    temporary folder's `old`: that is moved back first.
    """
    prefix = f".{target.name}{_TEMP}"
    for path in sorted(target.parent.glob(prefix + "*")):
        match = re.match(r"(\d+)-", path.name[len(prefix) :])
        if match and path.is_dir() and not _alive(int(match.group(1))):
            if not target.exists() and (path / "old" / "index.html").is_file():
                os.rename(path / "old", target)
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier build of this very process, e.g. a failed one in the same serve session
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours to signal
    return True


def _replace(built: Path, target: Path) -> None:
    """Move the new site in with renames: the old one aside, the new one in, the old one deleted."""
    if not (built / "index.html").is_file():
        raise click.ClickException(f"MkDocs finished without writing index.html; {target} was left as it was")
    old = None
    if target.exists():
        old = built.parent / "old"
        os.rename(target, old)
    try:
        os.rename(built, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# --- the docs folder ------------------------------------------------------------------------


def excluded_docs(repo: Path | None) -> Callable[[str], bool]:
    """What `exclude_docs` in the repository's mkdocs.yml leaves out of the site (gitignore patterns, as MkDocs
    reads them): such a file is never copied, linked from the home page or listed in the navigation."""
    import pathspec

    path = repository_config(repo)
    patterns = _raw_config(path).get("exclude_docs") if path is not None else None
    if not isinstance(patterns, str) or not patterns.strip():
        return lambda relative: False
    spec = pathspec.GitIgnoreSpec.from_lines(patterns.splitlines())
    return spec.match_file


def read_handwritten(
    docs: Path | None,
    audience: str,
    max_file_bytes: int = 20_000_000,
    excluded: Callable[[str], bool] = lambda relative: False,
) -> list[DocsFile]:
    """Hand-written pages from the repository's docs/ folder (welcome, glossary), minus screenshots and what
    mkdocs.yml's `exclude_docs` names.

    A public build takes only Markdown pages whose front matter says
    `audience: public`, and no other files: what is not meant for customers
    never reaches their site. Only regular files inside docs/ are read (walk.py: a link out of it, a linked
    folder, a device are left out, and `check` reports them), and raw HTML in pages is sanitised (sanitize.py).
    """
    from .sanitize import clean_html, clean_markdown
    from .walk import read_limited, walk

    if docs is None or docs.is_symlink() or not docs.is_dir():
        return []
    found = []
    for path in walk(docs, skip_top=SKIPPED_DOCS)[0]:
        relative = path.relative_to(docs)
        if excluded(relative.as_posix()):
            continue
        data = read_limited(path, max_file_bytes)
        if len(data) > max_file_bytes:
            raise click.ClickException(
                f"docs/{relative.as_posix()} is over the limit of {max_file_bytes:,} bytes (limits.max_file_bytes)"
            )
        if audience == "public" and not (path.suffix == ".md" and _front_matter(data).get("audience") == "public"):
            continue
        if path.suffix.lower() in (".md", ".html", ".htm"):
            text = data.decode("utf-8", "replace")
            clean = clean_markdown(text) if path.suffix.lower() == ".md" else clean_html(text)
            data = data if clean == text else clean.encode("utf-8")
        found.append(DocsFile(relative.as_posix(), data))
    return found


def _front_matter(data: bytes) -> dict:
    text = data.decode("utf-8", errors="replace")
    match = re.match(r"\A---\s*\n(.*?\n)(?:---|\.\.\.)\s*\n", text, re.DOTALL)
    if not match:
        return {}
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _title(file: DocsFile) -> str:
    meta = _front_matter(file.data)
    if isinstance(meta.get("title"), str):
        return meta["title"]
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", file.data.decode("utf-8", errors="replace"), re.MULTILINE)
    return match.group(1) if match else Path(file.path).stem.replace("-", " ").replace("_", " ").capitalize()


def docs_files(result: CheckResult, audience: str, handwritten: list[DocsFile]) -> tuple[list[DocsFile], list[Page]]:
    """Everything the docs folder holds: generated pages, hand-written pages and journeybook's assets."""
    today = result.context.today
    finder_files = forked.start(finder.site_files, result.playbook, audience, today)  # on another core meanwhile
    try:
        files, pages = _docs_files(result, audience, handwritten)
    except BaseException:
        finder_files(cancel=True)
        raise
    return files + [DocsFile(path, data) for path, data in finder_files()], pages


def _docs_files(result: CheckResult, audience: str, handwritten: list[DocsFile]) -> tuple[list[DocsFile], list[Page]]:
    pages = render_pages(result, audience, guides=guides_of(handwritten))
    generated = {_address(path): path for path in [*(page.path for page in pages), CSS, SHIM, FEED_PATH]}
    clashes = sorted((f.path, generated[_address(f.path)]) for f in handwritten if _address(f.path) in generated)
    if clashes:
        mine, theirs = clashes[0]
        raise click.ClickException(
            f"docs/{mine} would take the place of {theirs}, a page journeybook generates; rename it"
        )
    files = [DocsFile(page.path, page.text.encode("utf-8")) for page in pages]
    files += handwritten
    files.append(DocsFile(CSS, (ASSETS / "journeybook.css").read_bytes()))
    files.append(DocsFile(FEED_PATH, feed(site_for(result, audience))))
    if result.playbook.settings.site.offline:
        files.append(DocsFile(SHIM, (ASSETS / "iframe-worker-shim.js").read_bytes()))
    return files, pages


def guides_of(handwritten: list[DocsFile]) -> list[tuple[str, str]]:
    """(path, title) of the top-level hand-written pages, which the home page points to."""
    return [(f.path, _title(f)) for f in handwritten if f.path.endswith(".md") and "/" not in f.path]


def _address(path: str) -> str:
    """Where a docs file ends up, as a case-insensitive file system sees it: People.md, people/index.md → people."""
    return re.sub(r"(?:^|/)index$", "", path.casefold().removesuffix(".md"))


def write_docs(docs: Path, files: list[DocsFile]) -> int:
    """Make `docs` hold exactly `files`, writing only those whose bytes changed; returns how many were written."""
    written = 0
    wanted = set()
    for file in files:
        path = docs / file.path
        wanted.add(path)
        try:
            if path.read_bytes() == file.data:
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.data)
        written += 1
    if docs.is_dir():
        for path in sorted(docs.rglob("*"), reverse=True):  # children before their folders
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written


def navigation(pages: list[Page], handwritten: list[DocsFile]) -> list:
    """A short navigation: the section index pages and top-level hand-written pages, never every page.

    Material prints the whole navigation into every page, so listing 1,000
    journeys there would make each page carry all of them.
    """
    nav: list = [{page.nav_title: page.path} for page in pages if page.nav_title]
    guides = [{_nav_title(f.path): f.path} for f in handwritten if f.path.endswith(".md") and "/" not in f.path]
    return nav[:1] + guides + nav[1:]


def _nav_title(path: str) -> str:
    """A hand-written page's tab: its file name ("welcome.md" → "Welcome"), shorter than most first headings."""
    return plain(Path(path).stem.replace("-", " ").replace("_", " ").capitalize())


# --- MkDocs ---------------------------------------------------------------------------------


def repository_config(repo: Path | None) -> Path | None:
    for name in CONFIG_NAMES:
        if repo is not None and (repo / name).is_file():
            return repo / name
    return None


SITE_MARKER_TEXT = "This folder was built by journeybook, which replaces all of it on the next build.\n"


def mkdocs_config(result: CheckResult, repo: Path | None, docs: Path, site: Path, nav: list) -> MkDocsConfig:
    """The repository's mkdocs.yml (or the built-in default) with journeybook's folders, nav and assets."""
    from .renderers.mkdocs import load

    return load(SiteSettings(*mkdocs_settings(result, repo, docs, site, nav)), docs, site)


def mkdocs_settings(
    result: CheckResult, repo: Path | None, docs: Path, site: Path, nav: list
) -> tuple[Path | None, dict, dict]:
    """(the repository's mkdocs.yml or None, its settings or the built-in ones, what journeybook sets over them)."""

    path = repository_config(repo)
    raw = _raw_config(path) if path is not None else copy.deepcopy(DEFAULT_CONFIG)
    overrides: dict = {"docs_dir": str(docs), "site_dir": str(site)}
    if not raw.get("site_name"):
        organization = plain(result.playbook.settings.organization)
        overrides["site_name"] = f"{organization} playbook" if organization else "Playbook"
    if not raw.get("nav"):
        overrides["nav"] = nav
    extensions = list(raw.get("markdown_extensions") or [])
    names = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    missing = [e for e in REQUIRED_EXTENSIONS if e not in names]
    if missing:
        overrides["markdown_extensions"] = [*extensions, *missing]
    extra_css = list(raw.get("extra_css") or [])
    missing_css = [c for c in (CSS, finder.CSS[0]) if c not in extra_css]
    if missing_css:
        overrides["extra_css"] = [*extra_css, *missing_css]
    scripts = list(raw.get("extra_javascript") or [])
    # The index loads async from its own tag, so the browser fetches it while the theme's scripts still run.
    index = {"path": finder.INDEX, "async": True}
    overrides["extra_javascript"] = [*scripts, index, *(s for s in finder.SCRIPTS if s not in scripts)]
    # Always set: MkDocs adds its search plugin to a configuration that lists no plugins.
    overrides["plugins"] = plugins = _without_search(raw.get("plugins") or [])
    if result.playbook.settings.site.offline:
        names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins]
        if "offline" not in names and "material/offline" not in names:
            overrides["plugins"] = [*plugins, "offline"] if isinstance(plugins, list) else {**plugins, "offline": {}}
        extra = dict(raw.get("extra") or {})
        polyfills = list(extra.get("polyfills") or [])
        if not any("iframe-worker" in str(p) for p in polyfills):
            extra["polyfills"] = [*polyfills, SHIM]
        overrides["extra"] = extra
    return path, raw, overrides


def _raw_config(path: Path) -> dict:
    """The repository's mkdocs.yml as MkDocs' own YAML loader reads it (its `!ENV` and `INHERIT` included)."""
    from mkdocs.utils.yaml import yaml_load

    with open(path, "rb") as handle:
        raw = yaml_load(handle)
    return raw if isinstance(raw, dict) else {}


def _without_search(plugins: list | dict) -> list | dict:
    """The plugins minus Material's search: the answer finder replaces it (one search box, not two)."""
    names = ("search", "material/search")
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if name not in names}
    return [p for p in plugins if (next(iter(p)) if isinstance(p, dict) else p) not in names]


@contextmanager
def build_date(today: date) -> Iterator[None]:
    """Pin the date MkDocs writes into sitemap.xml(.gz) to the day the playbook was checked for (00:00 UTC).

    The pages already depend on that day (reviews due, answers in force), so the site is then a function of
    the playbook and that day only: two builds give the same bytes. A SOURCE_DATE_EPOCH set by the caller wins.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(today.timetuple()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


# --- serve ----------------------------------------------------------------------------------


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
        data = finder.documents(result.playbook, self.audience, result.context.today)
        index = finder.index_script(data, prebuilt=False)
        for folder in (self.docs, self.site):  # a static file: the kept build would not copy it again
            (folder / finder.INDEX).write_bytes(index)
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
