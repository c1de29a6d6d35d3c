"""Zensical, through its command line: the effective settings written as mkdocs.yml beside the docs folder.

Zensical reads mkdocs.yml but drops what it does not implement (hooks, `search.boost`, most plugins) and shows
front-matter `tags` as chips. Tested with Zensical 0.0.73 (tests/test_zensical.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click

from ..keep import kept_config
from .base import SiteSettings

ROUTINE = ("Build started", "Build finished", "No issues found")  # what Zensical prints on every build


def executable() -> str | None:
    """The `zensical` command: beside this Python (same environment) first, then on PATH."""
    return shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")


class Zensical:
    name = "Zensical"
    in_memory = False  # a separate program: it reads the docs folder

    def render(
        self, docs_dir: Path, settings: SiteSettings, site_dir: Path, documents: list[tuple[str, bytes]] | None = None
    ) -> list[str]:
        command = executable()
        if command is None:
            raise click.ClickException(
                "Zensical is not installed; install it with: pip install 'journeybook[zensical]'"
            )
        folder = docs_dir.parent
        config = folder / "mkdocs.yml"
        docs, site = os.path.relpath(docs_dir, folder), os.path.relpath(site_dir, folder)
        config.write_text(kept_config(settings.raw, settings.overrides, _base(settings), docs, site), encoding="utf-8")
        done = subprocess.run(
            [command, "build", "--clean", "-f", str(config)], cwd=folder, capture_output=True, text=True, check=False
        )
        lines = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        if done.returncode != 0:
            raise click.ClickException(f"Zensical could not build the site: {' '.join(lines[-5:]) or done.returncode}")
        return [line for line in lines if not line.startswith(ROUTINE)]


def _base(settings: SiteSettings) -> Path | None:
    return settings.file.parent if settings.file is not None else None
