"""Material's navigation and tabs rendered once per place in the site, not once per page.

Material prints the navigation and the tabs into every page: at 11,000 pages,
a tenth of the template time, for HTML that is the same on every page that
is not itself in the navigation. What those two partials read of a page is
whether it or its section is active, which navigation item it is, and the
relative address of every link they print. For a page outside the navigation
with no item active, that address is all that differs: the engine renders the
partials once per (base_url, the relative address of every navigation page)
and gives the same text to every page with the same key. Only for Material's
own templates (no `custom_dir`: an override could read anything); the tests
comparing the engine's build with plain `mkdocs build` pin the output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

PARTIALS = ("partials/nav.html", "partials/tabs.html")


def cache_partials(env, config: MkDocsConfig, nav: Navigation) -> dict | None:
    """Make `env`'s navigation and tabs partials reuse their text; returns the cache (clear it when pages
    change), None where the theme is not Material's own."""
    from jinja2 import TemplateNotFound
    from mkdocs.structure.nav import Link

    if config.theme.name != "material" or config.theme.custom_dir:
        return None
    in_nav = {id(page) for page in nav.pages}
    urls = [page.url for page in nav.pages]
    urls += [item.url for item in _walk(nav.items) if isinstance(item, Link)]
    cache: dict = {}
    for name in PARTIALS:
        try:
            template = env.get_template(name)
        except TemplateNotFound:
            continue
        template.root_render_func = _cached(name, template.root_render_func, cache, nav, in_nav, urls)
    return cache


def _walk(items):
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or [])


def _cached(name, render, cache: dict, nav, in_nav: set[int], urls: list[str]):
    from mkdocs.utils import get_relative_url

    def root(context):
        page = context.get("page")
        if page is None or id(page) in in_nav or any(item.active for item in nav.items):
            yield from render(context)
            return
        key = (name, context.get("base_url"), tuple(get_relative_url(url, page.url) for url in urls))
        text = cache.get(key)
        if text is None:
            text = cache[key] = "".join(render(context))
        yield text

    return root
