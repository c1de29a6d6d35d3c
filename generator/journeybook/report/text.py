"""The terminal report: findings grouped per file, `file:line:col: severity rule-id message`, then a summary.

Suppressed findings are left out here (the summary counts them). Every line starts with its full
path so editors and CI problem matchers can jump to it:

    playbooks/journeys/charge.yaml
    playbooks/journeys/charge.yaml:11:24: warning missing-tool step "ship-part" uses ...
        playbooks/org.yaml:31:5: Parts's tools

    0 errors, 1 warning in 4 files
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import TYPE_CHECKING

import click

from ..findings import Severity

if TYPE_CHECKING:
    from . import Report

STYLES = {
    Severity.ERROR: {"fg": "red", "bold": True},
    Severity.WARNING: {"fg": "yellow", "bold": True},
    Severity.INFO: {"fg": "cyan"},
}

# Control characters (a YAML "\e" escape can put an ESC into a message) and bidirectional overrides
# could rewrite the terminal or disguise a line; show them escaped instead.
_UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Text made safe for a single terminal line: control and bidi characters escaped, tabs as spaces."""
    text = text.replace("\t", " ")
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def render(report: Report) -> str:
    def style(text: str, **styles: object) -> str:
        return click.style(text, **styles) if report.color else text  # type: ignore[arg-type]

    shown = sorted((f for f in report.findings if f.suppressed is None), key=lambda f: f.sort_key)
    lines: list[str] = []
    for file, group in groupby(shown, key=lambda f: f.location.file):
        lines.append(style(one_line(file), bold=True, underline=True))
        for finding in group:
            where = one_line(str(finding.location))
            severity = style(finding.severity.label, **STYLES.get(finding.severity, {}))
            lines.append(f"{where}: {severity} {style(finding.rule, dim=True)} {one_line(finding.message)}")
            for related in finding.related:
                lines.append(f"    {one_line(str(related.location))}: {one_line(related.message)}")
        lines.append("")
    summary = report.summary
    if not shown:
        lines.append(style(f"No problems in {summary.files} file{'' if summary.files == 1 else 's'}.", fg="green"))
    colour = "red" if summary.errors else "yellow" if summary.warnings else "green"
    lines.append(style(summary.line(), fg=colour, bold=True))
    return "\n".join(lines) + "\n"
