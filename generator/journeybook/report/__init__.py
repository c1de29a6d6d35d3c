"""Reporters: pure functions from the finished findings (and rule metadata) to the text of a report.

Adding a format: write a module with `render(report: Report) -> str` and list it in REPORTERS;
`journeybook check --format` takes its choices from there.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from .. import __version__
from ..findings import Finding, Location, Summary
from . import github, json_report, sarif, text

if TYPE_CHECKING:
    from ..rules.base import Rule


@dataclass(frozen=True)
class Report:
    """Everything a reporter needs. `findings` are sorted, with file paths already as they are to be shown."""

    findings: Sequence[Finding]
    summary: Summary
    rules: Sequence[Rule] = ()
    color: bool = False  # text only: style with ANSI codes (the CLI strips them when not on a terminal)
    version: str = __version__


Reporter = Callable[[Report], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
}


def display_base(source: Path, cwd: Path | None = None) -> PurePath:
    """The folder findings' paths are shown under: SOURCE relative to the current directory when it is
    inside it (so `playbooks/journeys/x.yaml:3:5` is clickable and SARIF uris are repository-relative),
    else SOURCE as given."""
    cwd = Path.cwd() if cwd is None else cwd
    try:
        return Path(os.path.realpath(source)).relative_to(os.path.realpath(cwd))
    except (ValueError, OSError):
        return PurePath(source)


def relocate(findings: Sequence[Finding], source: Path, cwd: Path | None = None) -> list[Finding]:
    """Findings with every file (relative to SOURCE in the model) re-rooted for display; the one place
    where report paths are decided."""
    base = display_base(source, cwd)

    def move(location: Location) -> Location:
        return replace(location, file=posixpath.normpath((base / location.file).as_posix()))  # ../docs: docs

    moved = [
        replace(
            finding,
            location=move(finding.location),
            related=tuple(replace(r, location=move(r.location)) for r in finding.related),
        )
        for finding in findings
    ]
    moved.sort(key=lambda f: f.sort_key)
    return moved


__all__ = ["REPORTERS", "Report", "Reporter", "display_base", "relocate"]
