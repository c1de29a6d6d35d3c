"""When each playbook file last changed, from git. No git, no answer: callers skip rather than guess."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path


def last_changes(source: Path) -> dict[str, date] | None:
    """Map of path (relative to `source`, forward slashes) → date of the last commit touching it.

    One `git log` for the whole folder: per-file calls would cost a process per file.
    Files never committed are absent. Returns None when `source` is not in a git work tree.
    """
    try:
        result = subprocess.run(
            [
                "git",
                "-C",
                str(source),
                "log",
                "--format=%x00%ct",
                "--name-only",
                "--relative",
                "--no-renames",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    dates: dict[str, date] = {}
    current: date | None = None
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            current = datetime.fromtimestamp(int(line[1:]), tz=UTC).date()
        elif line and current is not None and line not in dates:
            dates[line] = current
    return dates
