"""The mkdocs.yml a site is built with: the repository's (or the built-in one) with journeybook's settings over it."""

from __future__ import annotations

import calendar
import copy
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import finder
from .pages import TEMPLATES, plain
from .renderers import SiteSettings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .check import CheckResult

ASSETS = TEMPLATES / "assets"
CSS = "assets/journeybook/journeybook.css"
SHIM = "assets/journeybook/iframe-worker-shim.js"  # the offline plugin adds a CDN copy unless a name has this
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
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
    overrides["plugins"] = plugins = _search_off(raw.get("plugins") or [])
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


def _search_off(plugins: list | dict) -> list | dict:
    """The plugins with the theme's search off, not left out (MkDocs adds one to a configuration that lists no
    plugins, Zensical turns its own on unless told): the answer finder is the one search box."""
    names, off = ("search", "material/search"), {"enabled": False}
    if isinstance(plugins, dict):
        return {**{name: options for name, options in plugins.items() if name not in names}, "search": off}
    return [*(p for p in plugins if (next(iter(p)) if isinstance(p, dict) else p) not in names), {"search": off}]


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
