"""The docs folder a site is built from: generated pages, the repository's hand-written ones, journeybook's assets."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from . import finder, forked
from .changes_page import FEED_PATH, feed
from .pages import Page, environment, make_site, plain, site_for
from .siteconfig import ASSETS, CSS, SHIM, _raw_config, repository_config

if TYPE_CHECKING:
    from datetime import date

    from .check import CheckResult
    from .model import Playbook

SPLIT_FROM = 1000  # pages from which rendering them in two processes saves more than forking costs
SKIPPED_DOCS = ("screenshots",)  # folders of docs/ that are not part of the site (test screenshots)


@dataclass(frozen=True)
class DocsFile:
    """One file of the docs folder: a rendered page, a hand-written page or an asset."""

    path: str
    data: bytes


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


def docs_files(
    result: CheckResult, audience: str, handwritten: list[DocsFile], finder_files: Callable | None = None
) -> tuple[list[DocsFile], list[Page]]:
    """Everything the docs folder holds: generated pages, hand-written pages and journeybook's assets.

    `finder_files`: the answer finder's files, from `start_finder` called earlier (during the check)."""
    finder_files = finder_files or start_finder(result.playbook, audience, result.context.today)
    try:
        files, pages = _docs_files(result, audience, handwritten)
    except BaseException:
        finder_files(cancel=True)
        raise
    return files + [DocsFile(path, data) for path, data in finder_files()], pages


def start_finder(book: Playbook, audience: str, today: date) -> Callable:
    """Start building the answer finder's files on another core (forked.start); call the result for them."""
    return forked.start(finder.site_files, book, audience, today)


def _docs_files(result: CheckResult, audience: str, handwritten: list[DocsFile]) -> tuple[list[DocsFile], list[Page]]:
    pages = _render_pages(result, audience, guides_of(handwritten))
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


def _render_pages(result: CheckResult, audience: str, guides: list[tuple[str, str]]) -> list[Page]:
    """pages.render_pages, with every other page rendered by a forked process (forked.start) at the same time:
    rendering is a few seconds of one core at company size. Same pages, same order."""
    site = make_site(result, audience, guides)
    specs = site.plan()
    env = environment()
    if len(specs) < SPLIT_FROM:
        return site.render(env, specs=specs)
    theirs = forked.start(site.render, env, None, specs[1::2])
    try:
        mine = site.render(env, specs=specs[0::2])
    except BaseException:
        theirs(cancel=True)
        raise
    pages = [None] * len(specs)
    pages[0::2], pages[1::2] = mine, theirs()
    return pages


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
