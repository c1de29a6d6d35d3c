"""Site generators behind one interface (renderers.base.Renderer): a docs folder and its settings in, a site out.

MkDocs with Material is the default and the fast path (engine.py renders its pages on every core); Zensical
builds the same docs folder where it is installed. journeybook's logic stays in the docs folder it writes, so
every engine renders the same pages.
"""

from __future__ import annotations

from .base import Renderer, SiteSettings

ENGINES = ("mkdocs", "zensical")

__all__ = ["ENGINES", "Renderer", "SiteSettings", "renderer"]


def renderer(name: str) -> Renderer:
    """The renderer called `name` (one of ENGINES)."""
    if name == "mkdocs":
        from .mkdocs import MkDocs

        return MkDocs()
    if name == "zensical":
        from .zensical import Zensical

        return Zensical()
    raise ValueError(f"unknown engine {name!r}: use one of {', '.join(ENGINES)}")
