"""Walking and reading a folder a pull request controls: regular files only, no link out, never more than a cap.

Both the playbook (YAML) and the repository's docs/ folder come from contributors. A symbolic link can point at
/proc/self/environ, /dev/zero or another folder of the build machine; a device or a pipe reports size 0 and never
ends. So a walk never follows a linked folder, keeps a linked file only when it resolves inside the walked folder,
and reports every place it skipped; a read opens the file once, checks it is a regular file, and reads at most
`limit + 1` bytes, so "too big" is known without trusting the size the file system reports.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Skipped:
    """A place the walk did not read: `rule` is symlink-outside or skipped-path; `message` says why and what to do."""

    path: Path
    rule: str
    message: str


class NotRegular(OSError):
    """The path is a device, a pipe, a socket or a folder: never read as a file."""


def inside(path: Path, folder: Path) -> bool:
    """Whether `path` (resolved) is `folder` (resolved) or below it."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return False
    root = folder.resolve()
    return resolved == root or root in resolved.parents


def walk(
    root: Path, keep: tuple[str, ...] | None = None, skip_top: tuple[str, ...] = ()
) -> tuple[list[Path], list[Skipped]]:
    """Regular files below `root` (names ending in one of `keep`, or all), sorted, skipping hidden names and the
    top-level folders `skip_top`; and every place that was not read, with the reason."""
    found: list[Path] = []
    skipped: list[Skipped] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else root
        skipped.append(
            Skipped(
                where,
                "skipped-path",
                f"this folder cannot be read ({error.strerror or error}), so nothing in it is checked or "
                "published; give the user running journeybook read access to it",
            )
        )

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        here = Path(folder)
        top = here == root
        kept_dirs = []
        for name in sorted(dirs):
            if name.startswith(".") or (top and name in skip_top):
                continue
            path = here / name
            if path.is_symlink():
                skipped.append(_link(path, root, folder_link=True))
            else:
                kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(files):
            if name.startswith(".") or (keep is not None and not name.endswith(keep)):
                continue
            path = here / name
            problem = _file_problem(path, root)
            if problem is None:
                found.append(path)
            else:
                skipped.append(problem)
    found.sort(key=lambda p: p.relative_to(root).as_posix())
    skipped.sort(key=lambda s: s.path.as_posix())
    return found, skipped


def _file_problem(path: Path, root: Path) -> Skipped | None:
    if path.is_symlink() and not inside(path, root):
        return _link(path, root, folder_link=False)
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if path.is_symlink():
            return Skipped(path, "skipped-path", "this symbolic link points at nothing; delete it or fix its target")
        return Skipped(path, "skipped-path", f"this file cannot be read ({error.strerror or error})")
    if not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):  # a link to a folder inside the walked one, reached as a file name: not followed
            return _link(path, root, folder_link=True)
        return Skipped(
            path,
            "skipped-path",
            f"this is {_kind(mode)}, not a regular file, so it is never read; replace it with a regular file or "
            "delete it",
        )
    return None


def _link(path: Path, root: Path, folder_link: bool) -> Skipped:
    if not inside(path, root):
        what = "folder" if folder_link else "file"
        return Skipped(
            path,
            "symlink-outside",
            f"this symbolic link leads out of {root.name}/, so journeybook never follows it (a pull request could "
            f"publish any {what} of the build machine this way); put the {what} itself in the repository",
        )
    return Skipped(
        path,
        "skipped-path",
        "this is a symbolic link to a folder, and linked folders are never followed, so nothing in it is checked "
        "or published; move the folder here instead of linking it",
    )


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_limited(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of a regular file (so a caller sees "over the limit" without reading it all).

    Raises NotRegular for anything else, checked on the opened file (a swap between a check and the open
    cannot smuggle a device in), and OSError when it cannot be opened."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)  # a pipe must not block the open
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(0, f"{_kind(mode)}, not a regular file", str(path))
        chunks = []
        wanted = limit + 1
        while wanted > 0:
            chunk = os.read(descriptor, min(wanted, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
