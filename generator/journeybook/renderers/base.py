"""What every renderer takes and does: the site's settings, and `render(docs_dir, settings, site_dir)`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class SiteSettings:
    """The site's mkdocs.yml settings as journeybook builds with them."""

    file: Path | None  # the repository's mkdocs.yml (its relative paths are relative to it); None: built in
    raw: dict  # that file's settings, or the built-in ones
    overrides: dict  # what journeybook sets over them: navigation, stylesheet, extensions, site name

    def effective(self) -> dict:
        return {**{key: value for key, value in self.raw.items() if key != "INHERIT"}, **self.overrides}


class Renderer(Protocol):
    name: str  # shown in progress messages: "Building the site with MkDocs"
    in_memory: bool  # takes the docs folder's files as data (render's `documents`), not from docs_dir

    def render(
        self, docs_dir: Path, settings: SiteSettings, site_dir: Path, documents: list[tuple[str, bytes]] | None = None
    ) -> list[str]:
        """Build the pages in `docs_dir` (or `documents`, (path, bytes) of its files, when given) into `site_dir`;
        returns the engine's warnings. Failures raise."""
        ...
