"""Docs folder → MkDocs build → atomic replace of the site folder.

journeybook writes the docs folder itself (docsfolder.py, from pages/; its
mkdocs.yml from siteconfig.py) and then runs MkDocs on
it, in-process: no MkDocs plugin of ours, so the same folder and mkdocs.yml
build with any engine that reads them. A build goes into a temporary folder
beside the site folder (same file system) and replaces the site folder with
two renames only when it succeeded, so a failed or killed build never leaves
a half-written or empty site. `serve`, the live preview, is preview.py's;
the names other modules import from here before the split are still here.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import forked
from .docsfolder import SKIPPED_DOCS, DocsFile, docs_files, excluded_docs, navigation, read_handwritten, write_docs
from .keep import check_keep_folder, kept_config, write_kept_config
from .pages import count_pages
from .preview import SETTINGS_NAMES, Preview, serve
from .renderers import SiteSettings, renderer
from .siteconfig import (
    CONFIG_NAMES,
    CSS,
    DEFAULT_CONFIG,
    SHIM,
    SITE_MARKER_TEXT,
    build_date,
    mkdocs_config,
    mkdocs_settings,
    repository_config,
)

if TYPE_CHECKING:
    from .check import CheckResult

# What other modules and tests import from here, where it lived before site.py was split by concern.
__all__ = [
    "CONFIG_NAMES",
    "CSS",
    "DEFAULT_CONFIG",
    "SETTINGS_NAMES",
    "SHIM",
    "SITE_MARKER_TEXT",
    "SKIPPED_DOCS",
    "DocsFile",
    "Preview",
    "SiteBuild",
    "build_date",
    "build_site",
    "docs_files",
    "excluded_docs",
    "mkdocs_config",
    "navigation",
    "read_handwritten",
    "remove_stale",
    "repository_config",
    "serve",
    "write_docs",
]

_TEMP = ".journeybook-"


@dataclass
class SiteBuild:
    site_dir: Path
    pages: int
    seconds: float


# --- build ----------------------------------------------------------------------------------


def build_site(
    result: CheckResult,
    site_dir: Path,
    audience: str = "staff",
    progress: Callable[[str], None] = lambda message: None,
    trust_config: bool = False,
    keep_docs: Path | None = None,
    engine: str = "mkdocs",
    finder_files: Callable | None = None,
) -> SiteBuild:
    """Render the pages, build them with MkDocs beside `site_dir`, and replace `site_dir` only on success.

    Refused when mkdocs.yml or docs/ need trust (trust.py) and `trust_config` is not set. With `keep_docs`,
    that folder gets the docs folder and the mkdocs.yml the site is built from (keep.py). `engine` picks the
    site generator (renderers.ENGINES): MkDocs, or Zensical where it is installed. `finder_files`: the finder's
    files, started during the check (docsfolder.start_finder).
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
        if book.settings.site.meaning and book.settings.site.offline:
            progress("The finder matches words only: site.meaning needs a served site, and site.offline is on")
        files, pages = docs_files(result, audience, handwritten, finder_files)
        builder = renderer(engine)
        documents = [(f.path, f.data) for f in files] if builder.in_memory else None
        if documents is None:
            write_docs(work / "docs", files)
        else:
            (work / "docs").mkdir()  # MkDocs wants the folder; the engine reads its files from `documents`
        progress(f"Building the site with {builder.name}")
        nav = navigation(pages, handwritten)
        settings = SiteSettings(*mkdocs_settings(result, repo, work / "docs", work / "site", nav))
        kept = None
        if keep_docs is not None:  # kept even when the engine fails, so a failed build can be looked into
            kept = forked.start(write_docs, Path(keep_docs) / "docs", files)  # written while the engine builds
            base = settings.file and settings.file.parent
            write_kept_config(Path(keep_docs), kept_config(settings.raw, settings.overrides, base))
        try:
            with build_date(result.context.today):
                for warning in builder.render(work / "docs", settings, work / "site", documents):
                    progress(f"{builder.name}: {warning}")
        except Exception:
            if kept is not None:
                with contextlib.suppress(Exception):  # the engine's error is the one to report
                    kept()
            raise
        except BaseException:  # interrupted: stop writing the kept folder too
            if kept is not None:
                kept(cancel=True)
            raise
        if kept is not None:
            kept()
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
