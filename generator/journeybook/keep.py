"""`build --keep-docs DIR`: the generated docs folder and the mkdocs.yml it was built with, for any engine."""

from __future__ import annotations

import os
from pathlib import Path

import click
import yaml

# What a kept folder holds: ours, and what a user's build of it leaves (the site, Zensical's cache).
KEPT = ("docs", "mkdocs.yml", "site", ".cache")
HEADER = """\
# Written by `journeybook build --keep-docs`: the settings journeybook built the site with (your mkdocs.yml
# or the built-in one, plus the navigation, stylesheet and extensions journeybook adds). Build it yourself
# from this folder with `mkdocs build` (the site goes to ./site), or with another engine that reads mkdocs.yml.
# Each `journeybook build --keep-docs` replaces docs/ and this file.
"""


def check_keep_folder(folder: Path, site_dir: Path, source: Path | None) -> None:
    """Refuse a folder whose docs/ and mkdocs.yml would overwrite someone's files or vanish with the site."""
    folder, site_dir = folder.resolve(), site_dir.resolve()
    if folder == site_dir or site_dir in folder.parents:
        raise click.ClickException(
            f"--keep-docs {folder} is inside the site folder {site_dir}, which each build replaces; "
            "choose a folder outside it"
        )
    if source is not None and (folder == source or source in folder.parents or folder in source.parents):
        raise click.ClickException(
            f"--keep-docs {folder} would overlap the playbook folder {source}; choose a folder of its own"
        )
    if folder.exists() and not folder.is_dir():
        raise click.ClickException(f"--keep-docs {folder} is a file; choose a folder")
    if folder.is_dir():
        others = sorted(path.name for path in folder.iterdir() if path.name not in KEPT)
        if others:
            raise click.ClickException(
                f"--keep-docs {folder} holds other files ({', '.join(others[:3])}); journeybook replaces its docs/ "
                "and mkdocs.yml, so choose an empty or new folder, or one it kept before"
            )


def kept_config(raw: dict, overrides: dict, base: Path | None, docs: str = "docs", site: str = "site") -> str:
    """The effective mkdocs.yml for the kept folder: its folders relative to it, the repository's paths absolute."""
    settings = {key: value for key, value in raw.items() if key != "INHERIT"}  # already merged in when read
    settings.update(overrides)
    settings["docs_dir"], settings["site_dir"] = docs, site
    theme = settings.get("theme")
    if isinstance(theme, dict) and theme.get("name") == "material" and "variant" not in theme:
        # Zensical reads mkdocs.yml with a new look by default; `classic` is Material's. MkDocs ignores the key.
        settings["theme"] = {**theme, "variant": "classic"}
    if base is not None:  # paths in the repository's mkdocs.yml are relative to it, not to the kept folder
        theme = settings.get("theme")
        if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
            settings["theme"] = {**theme, "custom_dir": _absolute(theme["custom_dir"], base)}
        if isinstance(settings.get("hooks"), list):
            settings["hooks"] = [_absolute(hook, base) if isinstance(hook, str) else hook for hook in settings["hooks"]]
    try:
        body = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True)
    except yaml.YAMLError as error:  # a tag only MkDocs can read (!relative, !!python/name)
        raise click.ClickException(f"cannot write the site settings for --keep-docs as YAML: {error}") from None
    return HEADER + body


def write_kept_config(folder: Path, text: str) -> None:
    """Write mkdocs.yml whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / ".mkdocs.yml.journeybook"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, folder / "mkdocs.yml")


def _absolute(path: str, base: Path) -> str:
    return path if os.path.isabs(path) else str((base / path).resolve())
