"""MkDocs' file list of a docs folder that is held in memory: what `get_files` finds on disk, without the disk.

A build writes some 12,000 Markdown files at company size only for MkDocs
to read them back and for the build to delete them afterwards: seconds of a
build spent on the file system. The engine takes the docs folder's files as
data instead. `files_in_memory` gives the same `File` objects in the same
order as MkDocs 1.6's `get_files` walking a folder that holds exactly those
files (os.walk top-down, folders sorted, `index`/`README` first, the same
README-beside-index handling), each carrying its bytes, so MkDocs reads the
page and copies the asset from memory. Pinned by the tests that compare the
engine's build with plain `mkdocs build` of the kept docs folder.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def files_in_memory(config: MkDocsConfig, documents: Iterable[tuple[str, bytes]]) -> Files:
    """`get_files(config)` for a docs folder holding `documents` ((path relative to it, bytes), "/"-separated)."""
    from mkdocs.structure.files import File, Files, _file_sort_key, set_exclusions

    folders: dict[str, tuple[set[str], list[tuple[str, bytes]]]] = {".": (set(), [])}
    for path, data in documents:
        parent, _, name = path.rpartition("/")
        parent = parent or "."
        folders.setdefault(parent, (set(), []))[1].append((name, data))
        while parent != ".":  # every folder above it, down from the top
            above, _, child = parent.rpartition("/")
            above = above or "."
            known = above in folders
            folders.setdefault(above, (set(), []))[0].add(child)
            if known:
                break
            parent = above
    files: list[File] = []
    conflicting: list[tuple[File, File]] = []

    def walk(folder: str) -> None:  # os.walk, top-down, as get_files sorts it
        subfolders, names = folders[folder]
        by_dest: dict[str, File] = {}
        for name, data in sorted(names, key=lambda item: _file_sort_key(item[0])):
            file = File(os.path.join(folder, name), config.docs_dir, config.site_dir, config.use_directory_urls)
            file.content_bytes = data
            first = by_dest.setdefault(file.dest_uri, file)
            if first is not file:
                conflicting.append((first, file))
            files.append(file)
        for subfolder in sorted(subfolders):
            walk(subfolder if folder == "." else f"{folder}/{subfolder}")

    walk(".")
    set_exclusions(files, config)
    for a, b in conflicting:  # README.md beside an index.md: as get_files (its warning, too)
        if b.inclusion.is_included():
            if a.inclusion.is_included():
                logging.getLogger("mkdocs.structure.files").warning(
                    f"Excluding '{a.src_uri}' from the site because it conflicts with '{b.src_uri}'."
                )
            _remove(files, a)
        else:
            _remove(files, b)
    return Files(files)


def _remove(files: list, file) -> None:
    with contextlib.suppress(ValueError):  # the same file twice
        files.remove(file)
