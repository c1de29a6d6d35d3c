"""The checked playbook as Markdown pages (pure: model in, list of pages out), rendered from site_templates/.

Every value that came from YAML is escaped by one function, `md`, which the
Jinja2 environment applies to every `{{ … }}` on its own (its `finalize`), so
a template cannot forget it: the text becomes inert as Markdown *and* HTML
(`<script>`, `{: onclick=… }`, `[x](javascript:…)` and `{{ 7*7 }}` show as
the characters they are). Only fragments this module builds itself (links
to validated ids, the swim-lane SVG) are marked as Markup and pass through.
YAML text is never used as a template.

Which pages exist depends on the audience: a public build renders only
`audience: public` questions and journeys and leaves out `internal` notes,
people, owners and the health page — what is never rendered cannot leak into
the search index, the sitemap or the 404 page.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment

from .affected import pages_affected
from .health import HEALTH_LIMIT
from .home import HOME_LIMIT, HOME_QUESTIONS
from .site import AUDIENCES, Site, make_site
from .text import TEMPLATES, Page, environment, md, plain, slug

if TYPE_CHECKING:
    from ..check import CheckResult

__all__ = [
    "AUDIENCES",
    "HEALTH_LIMIT",
    "HOME_LIMIT",
    "HOME_QUESTIONS",
    "TEMPLATES",
    "Page",
    "Site",
    "count_pages",
    "environment",
    "md",
    "page_paths",
    "pages_affected",
    "plain",
    "render_changes",
    "render_pages",
    "site_for",
    "slug",
]


def render_pages(
    result: CheckResult,
    audience: str = "staff",
    guides: Sequence[tuple[str, str]] = (),
    templates: Path = TEMPLATES,
) -> list[Page]:
    """Every generated page of the site for `audience` ("staff" or "public"), in navigation order.

    `guides` are the hand-written pages (path, title) the home page points to.
    """
    return make_site(result, audience, guides).render(environment(templates))


def render_changes(
    before: CheckResult,
    after: CheckResult,
    changed: Iterable[str],
    shown: Container[str],
    audience: str = "staff",
    guides: Sequence[tuple[str, str]] = (),
    env: Environment | None = None,
) -> tuple[list[str], list[Page]]:
    """For `serve`, after an edit of the playbook files `changed`: the path of every page of `after`, and the
    pages the edit can have changed (`pages_affected`) or that are new (not in `shown`), rendered exactly as
    `render_pages` renders them."""
    site = make_site(after, audience, guides)
    specs = site.plan()
    paths = [spec.path for spec in specs]
    affected = pages_affected(before, after, changed, audience, site=site)
    wanted = {path for path in paths if affected is None or path in affected or path not in shown}
    return paths, site.render(env or environment(), only=wanted, specs=specs)


def site_for(result: CheckResult, audience: str = "staff") -> Site:
    """The site's view of a checked playbook, for what is not a page (the changes feed)."""
    return make_site(result, audience, ())


def page_paths(result: CheckResult, audience: str = "staff") -> list[str]:
    """The path of every page `render_pages` returns, in the same order, without rendering any."""
    return [spec.path for spec in make_site(result, audience, ()).plan()]


def count_pages(result: CheckResult, audience: str = "staff") -> int:
    """How many pages `render_pages` will return, known before the (slower) rendering."""
    return len(page_paths(result, audience))
