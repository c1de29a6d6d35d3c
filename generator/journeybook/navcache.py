"""Material's navigation, tabs and page-independent blocks rendered once per place in the site, not per page.

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

The same goes for the blocks of Material's base template that print only
the configuration and addresses of the site's files (`BLOCKS`: styles,
scripts, the JSON configuration, the footer without its previous/next
links): their text is the same on every page with the same `base_url`,
unless a page lives in a folder those addresses start with, which renders
them itself.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from .mdrender import safe_plugins

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

PARTIALS = ("partials/nav.html", "partials/tabs.html")
BLOCKS = ("styles", "libs", "fonts", "analytics", "config", "scripts", "footer")


def cache_templates(env, config: MkDocsConfig, nav: Navigation) -> dict | None:
    """`cache_partials` and `cache_blocks` for a build's `env`, which then also stops checking on every use
    whether Material's files changed (they are the installed package's); returns the partials' cache."""
    if not config.theme.custom_dir:
        env.auto_reload = False
    if not safe_plugins(config):
        return None  # a plugin may give pages another context (language, configuration): render every page whole
    cache_blocks(env, config)
    return cache_partials(env, config, nav)


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
        yield _remembered(cache, key, render, context)

    return root


def cache_blocks(env, config: MkDocsConfig) -> dict | None:
    """Make the page-independent blocks of Material's base.html reuse their text per `base_url`; returns the
    cache, None where the theme is not Material's own."""
    from jinja2 import TemplateNotFound

    if config.theme.name != "material" or config.theme.custom_dir:
        return None
    try:
        base = env.get_template("base.html")
    except TemplateNotFound:
        return None
    features = config.theme.get("features") or []
    names = [n for n in BLOCKS if n in base.blocks and (n != "footer" or "navigation.footer" not in features)]
    paths = [str(p) for p in (*config.extra_css, *config.extra_javascript, *(config.extra.get("polyfills") or []))]
    # Pages in a folder that an address printed by the blocks starts with get another relative address. MkDocs'
    # url filter reads "\\" as "/" and resolves "./" and "../" (at the top, nothing), so the folder is that of
    # the resolved address: `./js/x.js` and `../js/x.js` are in js/.
    resolved = [posixpath.normpath("/" + path.replace("\\", "/")).lstrip("/") for path in paths]
    folders = {"assets"} | {path.split("/", 1)[0] for path in resolved if "/" in path}
    cache: dict = {}
    for name in names:
        base.blocks[name] = _cached_block(name, base.blocks[name], cache, folders)
    return cache


def _cached_block(name, render, cache: dict, folders: set[str]):
    def block(context):
        page = context.get("page")
        url = getattr(page, "url", None)
        if url is None or ("/" in url and url.split("/", 1)[0] in folders):
            yield from render(context)
            return
        yield _remembered(cache, (name, context.get("base_url")), render, context)

    return block


def _remembered(cache: dict, key: tuple, render, context) -> str:
    """The text `render` gives in `context`, rendered the first time `key` is asked for."""
    text = cache.get(key)
    if text is None:
        text = cache[key] = "".join(render(context))
    return text
