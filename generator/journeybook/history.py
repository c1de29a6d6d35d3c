"""When each playbook file last changed, from git. No git, no answer: callers skip rather than guess."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path


def last_changes(source: Path, revision: str | None = None) -> dict[str, date] | None:
    """Map of path (relative to `source`, forward slashes) → date of the last commit touching it.

    With `revision`, as of that commit (`journeybook diff` and `check --new-since` check old revisions).

    One `git log` for the whole folder: per-file calls would cost a process per file.
    Files never committed are absent. Returns None when `source` is not in a git work tree.
    """
    output = git_output(
        source,
        "log",
        "-z",  # names as they are: without it git quotes `café.yaml` as "caf\303\251.yaml"
        "--format=%x00%ct",
        "--name-only",
        "--relative",
        "--no-renames",
        *([revision] if revision else []),
        "--",
        ".",
    )
    return None if output is None else _parse_log(output)


def git_output(source: Path, *args: str, stdin: bytes | None = None, timeout: float = 60) -> bytes | None:
    """What `git -C source ARGS` prints; None when git cannot be run, times out or fails (no git: no answer)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(source), *args], input=stdin, capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _parse_log(output: bytes) -> dict[str, date]:
    """Read `git log -z --format=%x00%ct --name-only`, newest commit first.

    Split at NUL it is, per commit: an empty field, the commit time, then the
    names, the first one after a line break. A name's first commit is its last change.
    """
    dates: dict[str, date] = {}
    current: date | None = None
    time_next = first_name = False
    for field in output.split(b"\0"):
        if not field:
            time_next = True
        elif time_next:
            current = _day(field)
            time_next, first_name = False, True
        elif current is not None:
            name = os.fsdecode(field[1:] if first_name and field.startswith(b"\n") else field)
            first_name = False
            dates.setdefault(name, current)
    return dates


def _day(seconds: bytes) -> date:
    """A commit time as a date; one beyond what a date can hold (year 11476) is date.max, clamped by the caller."""
    try:
        return datetime.fromtimestamp(int(seconds), tz=UTC).date()
    except (ValueError, OverflowError, OSError):
        return date.max if seconds.strip().lstrip(b"+").isdigit() else date.min


def history_problem(source: Path) -> str | None:
    """Why git cannot date the files of `source`, in words for a finding; None when it can."""
    if shutil.which("git") is None:
        return "`git` is not on PATH"
    try:
        result = subprocess.run(
            ["git", "-C", str(source), "rev-parse", "--is-shallow-repository"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "`git` could not be run"
    if result.returncode != 0:
        return "the playbook is not in a git repository"
    if result.stdout.strip() == b"true":
        return "the playbook is a shallow clone, which holds only the latest commits"
    return None


def read_objects(source: Path, names: list[str]) -> list[bytes | None] | None:
    """The contents of git objects (`<blob id>` or `<commit>:<path>`) through one `git cat-file --batch`, in the
    order asked; None for one that is missing or not a file. None altogether when git cannot be run here."""
    if not names:
        return []
    data = git_output(source, "cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode(), timeout=300)
    if data is None:
        return None
    found, position = [], 0
    for _ in names:  # git answers each line in turn: "<id> <type> <size>\n<content>\n", or "<name> missing\n"
        end = data.find(b"\n", position)
        if end < 0:  # output cut short: what was not read is not there
            found.append(None)
            continue
        header = data[position:end].split()
        position = end + 1
        if len(header) < 3:
            found.append(None)
            continue
        size = int(header[2])
        found.append(data[position : position + size] if header[1] == b"blob" else None)
        position += size + 1
    return found
