"""The GitHub Actions report (`--format github`): workflow commands that annotate the pull request.

`::error file=F,line=L,col=C,title=rule-id::message` per finding (warning → `::warning`, info →
`::notice`), then the summary as a plain line. Everything that came from the playbook is escaped
the way the runner unescapes it, so a message cannot end its line and forge another command.
Related locations are appended to the message on their own lines. Suppressed findings are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..findings import Severity
from .escape import visible

if TYPE_CHECKING:
    from . import Report

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message part of a workflow command (controls and bidi characters shown as escapes, report/escape.py)."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property of a workflow command: `:` and `,` would end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for finding in sorted(report.findings, key=lambda f: f.sort_key):
        if finding.suppressed is not None or finding.severity not in COMMANDS:
            continue
        location = finding.location
        properties = ",".join(
            f"{key}={escape_property(str(value))}"
            for key, value in (
                ("file", location.file),
                ("line", location.line),
                ("col", location.column),
                ("title", finding.rule),
            )
        )
        message = "\n".join(
            [finding.message, *(f"{related.location}: {related.message}" for related in finding.related)]
        )
        lines.append(f"::{COMMANDS[finding.severity]} {properties}::{escape_data(message)}")
    lines.append(report.summary.line())
    return "\n".join(lines) + "\n"
