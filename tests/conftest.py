"""Shared test helpers: write a small playbook into a folder and check it."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "tests" / "corpora"  # test data kept in the repository: see its README.md
sys.path.insert(0, str(ROOT / "generator"))  # tests run against the working tree, installed or not

FIXED_TODAY = date(2026, 6, 1)


def write_tree(folder: Path, files: dict[str, str | None], base: Path | None = None) -> Path:
    """Lay `files` over `base` (a folder of defaults); a None value leaves a base file out."""
    folder.mkdir(parents=True, exist_ok=True)
    merged: dict[str, str | None] = {}
    if base is not None:
        for path in sorted(base.rglob("*.yaml")):
            merged[path.relative_to(base).as_posix()] = path.read_text(encoding="utf-8")
    merged.update(files)
    for name, text in merged.items():
        if text is None:
            continue
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    return folder


@pytest.fixture
def playbook_dir(tmp_path: Path):
    """Factory: playbook_dir({"org.yaml": "...", ...}) → a folder with those files."""

    def make(files: dict[str, str | None], base: Path | None = None) -> Path:
        return write_tree(tmp_path / "playbook", files, base)

    return make


@pytest.fixture(autouse=True, scope="session")
def _meaning_cache(tmp_path_factory: pytest.TempPathFactory):
    """The meaning layer's vectors cache in a folder of the test run's own, never the user's (~/.cache)."""
    import os

    folder = tmp_path_factory.mktemp("xdg-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before
