"""MkDocs with Material, in-process: the settings loaded as `mkdocs build` would, pages built by engine.py."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..engine import _quiet_mkdocs, full_build
from ..mdrender import safe_plugins
from .base import SiteSettings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def load(settings: SiteSettings, docs_dir: Path, site_dir: Path) -> MkDocsConfig:
    """The repository's mkdocs.yml (or the built-in settings) with journeybook's overrides and these folders."""
    from mkdocs.config import load_config

    overrides = {**settings.overrides, "docs_dir": str(docs_dir), "site_dir": str(site_dir)}
    with _quiet_mkdocs() as _:
        if settings.file is not None:
            return load_config(config_file=str(settings.file), **overrides)
        return load_config(
            config_file=io.StringIO(yaml.safe_dump(settings.raw)),
            config_file_path=str(docs_dir.parent / "mkdocs.yml"),
            **overrides,
        )


class MkDocs:
    name = "MkDocs"
    in_memory = True  # the engine reads the docs folder from memory (unless a plugin might read the files)

    def render(
        self, docs_dir: Path, settings: SiteSettings, site_dir: Path, documents: list[tuple[str, bytes]] | None = None
    ) -> list[str]:
        config = load(settings, docs_dir, site_dir)
        if documents is not None and not safe_plugins(config):
            _write(docs_dir, documents)  # a plugin or hook may read a page's file itself (file.abs_src_path)
            documents = None
        return full_build(config, documents).messages


def _write(docs_dir: Path, documents: list[tuple[str, bytes]]) -> None:
    for path, data in documents:
        (docs_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (docs_dir / path).write_bytes(data)
