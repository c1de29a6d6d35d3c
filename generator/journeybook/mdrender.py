"""A page's Markdown to HTML as MkDocs' `Page.render` does it, with one Markdown instance per process.

MkDocs builds a new `markdown.Markdown` for every page: loading the
extensions and building some forty processors, a fifth of the Markdown time of
a short question page. Where the site's extensions are ones this module knows
keep no state between documents beyond what `Markdown.reset` clears
(fastblocks.SAFE_EXTENSIONS, and no plugin that could add others), the
engine converts every page with one instance, reset in between, and the plain
blocks of a page are converted by fastblocks. The MkDocs parts are MkDocs
1.6's own (its raw-HTML, anchor, link and title processors, made afresh for
each page), so the output is the same; the tests that compare the engine's
build with plain `mkdocs build` pin that.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from .fastblocks import SAFE_EXTENSIONS, PlainBlocks

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Plugins known to add no Markdown extension or processor, keep no per-page state besides the search index the
# engine merges, and read no page's file: the engine's shortcuts (this module, navcache, memdocs, pages on every
# core) apply only with these (`safe_plugins`).
SAFE_PLUGINS = frozenset({"search", "material/search", "offline", "material/offline"})
# An id or name attribute could be in the page's raw HTML: only then is it worth parsing for anchors.
_MAY_HAVE_ANCHORS = re.compile(r"""(?i)(?:^|[\s'"/])(?:id|name)(?:[\s/>=]|$)""")

_instance: tuple[object, object] | None = None  # (the configuration, its Markdown instance) in this process


def safe_plugins(config: MkDocsConfig) -> bool:
    """Whether every plugin of the site is one of SAFE_PLUGINS (so the engine's shortcuts may apply)."""
    return set(config.plugins) <= SAFE_PLUGINS


def fast_pages(config: MkDocsConfig) -> bool:
    """Whether pages of this site can be converted by `render` (else MkDocs' own `Page.render`)."""
    extensions = config.markdown_extensions
    names = {e for e in extensions if isinstance(e, str)}
    return len(names) == len(extensions) and names <= SAFE_EXTENSIONS and safe_plugins(config)


def render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """What `page.render(config, files)` does, with the process's Markdown instance and fastblocks."""
    from mkdocs.structure.pages import (
        _ExtractAnchorsTreeprocessor,
        _ExtractTitleTreeprocessor,
        _RawHTMLPreprocessor,
        _RelativePathTreeprocessor,
    )
    from mkdocs.structure.toc import get_toc

    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    md = _markdown(config)
    raw_html_ext = _RawHTMLPreprocessor() if _MAY_HAVE_ANCHORS.search(page.markdown) else _NoAnchors()
    raw_html_ext._register(md)
    extract_anchors_ext = _ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = _RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = _ExtractTitleTreeprocessor()
    extract_title_ext._register(md)

    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    found = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    page.present_anchor_ids = found | getattr(md, "journeybook_raw_ids", set())  # in blocks rawblocks stashed
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors


def _markdown(config: MkDocsConfig):
    """This process's Markdown instance for `config`, reset for a new document."""
    import markdown

    global _instance
    if _instance is None or _instance[0] is not config:
        md = markdown.Markdown(
            extensions=[*config["markdown_extensions"], PlainBlocks()],
            extension_configs=config["mdx_configs"] or {},
        )
        _instance = (config, md)
    md = _instance[1]
    md.reset()
    if "admonition" in md.parser.blockprocessors:  # state it keeps between blocks, never cleared by reset
        admonition = md.parser.blockprocessors["admonition"]
        admonition.current_sibling, admonition.content_indent = None, 0
    return md


class _NoAnchors:
    """MkDocs' raw-HTML anchor finder for a page whose text has no id or name attribute: it finds nothing."""

    def __init__(self) -> None:
        self.present_anchor_ids: set[str] = set()

    def _register(self, md) -> None:
        if "mkdocs_raw_html" in md.preprocessors:
            md.preprocessors.deregister("mkdocs_raw_html")
