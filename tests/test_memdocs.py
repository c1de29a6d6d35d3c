"""The engine's docs folder in memory (memdocs) is the file list MkDocs' get_files makes of the same folder on disk."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from journeybook.memdocs import files_in_memory

FILES = {
    "index.md": b"# Home\n",
    "README.md": b"# Readme beside an index: MkDocs drops one of them and says so\n",
    "people.md": b"# People\n",
    "a-guide.md": b"# A guide\n",
    "questions/index.md": b"# Questions\n",
    "questions/b.md": b"# B\n",
    "questions/a.md": b"# A \xe2\x80\x94 with UTF-8\n",
    "questions/deep/er/page.md": b"# Deep\n",
    "journeys/README.md": b"# Journeys, from a README\n",
    "assets/journeybook/journeybook.css": b"body{}\n",
    "assets/journeybook/finder-index.js": b"var x = 1;\n",
    ".hidden.md": b"# Hidden: excluded by MkDocs' defaults\n",
    "drafts/.secret/notes.md": b"# In a hidden folder\n",
    "zzz.txt": b"plain\n",
}


def _config(tmp_path: Path, docs: Path, extra: str = ""):
    from mkdocs.config import load_config

    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\ndocs_dir: {docs}\n{extra}", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))


def _described(files) -> list[tuple]:
    return [(f.src_path, f.src_uri, f.dest_uri, f.url, f.inclusion, f.content_bytes) for f in files]


@pytest.mark.parametrize("extra", ["", "use_directory_urls: false\nexclude_docs: 'people.md'\n"])
def test_the_files_in_memory_are_those_get_files_finds_on_disk(tmp_path: Path, caplog, extra: str) -> None:
    from mkdocs.structure.files import get_files

    docs = tmp_path / "docs"
    for path, data in FILES.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(data)
    config = _config(tmp_path, docs, extra)
    with caplog.at_level(logging.WARNING):
        on_disk = _described(get_files(config))
        disk_warnings = [r.getMessage() for r in caplog.records]
        caplog.clear()
        in_memory = _described(files_in_memory(config, sorted(FILES.items(), reverse=True)))
        memory_warnings = [r.getMessage() for r in caplog.records]
    assert in_memory == on_disk
    conflict = "Excluding 'README.md' from the site because it conflicts with 'index.md'."
    assert memory_warnings == disk_warnings == [conflict]
    assert on_disk[0][1] == "index.md" and ("questions/deep/er/page.md" in [row[1] for row in on_disk])


def test_a_page_in_memory_is_read_from_memory(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    files = files_in_memory(_config(tmp_path, docs), [("index.md", "# Caf\u00e9\n".encode())])
    (page,) = files.documentation_pages()
    assert page.content_string == "# Caf\u00e9\n" and not (docs / "index.md").exists()
