"""Reports of `journeybook diff`: pure functions from the changes (diff.py) to text, Markdown, JSON or GitHub
workflow commands.

The JSON report is a list of objects with exactly these fields, sorted most severe first (none will be
renamed or removed): `kind`, `id`, `change` (added | removed | changed | renamed), `field` (the field that
changed, or null), `before`, `after` (JSON values), `severity` (breaking | notable | minor), `file` (relative
to the repository's top; for a removal, where it was), `line`, `departments` (whose frontline it reaches).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..diff import SEVERITIES, Change, counts
from .github import escape_data, escape_property
from .text import one_line

MARKER = "<!-- journeybook-diff -->"  # lets a workflow find and update its own (sticky) comment
SHOWN_PER_SEVERITY = 20  # in Markdown, the rest of a severity is folded under <details>
ANNOTATIONS = {"breaking": "error", "notable": "warning", "minor": "notice"}


@dataclass(frozen=True)
class ChangeReport:
    changes: Sequence[Change]
    base: str = "BASE"
    head: str = "HEAD"


def value_text(value: Any) -> str:
    """A before/after value in words: text in quotes, lists comma-separated, conditions as `a=b; from …`."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "[" + ", ".join(value_text(item) if not isinstance(item, str) else item for item in value) + "]"
    if isinstance(value, dict):
        if set(value) == {"from", "to"}:
            parts = [f"from {value['from']}" if value["from"] else "", f"to {value['to']}" if value["to"] else ""]
            return " ".join(p for p in parts if p) or "(always)"
        return "{" + "; ".join(f"{key}: {value_text(item)}" for key, item in value.items()) + "}"
    return str(value)


def describe(change: Change) -> str:
    """One sentence for a change, the same in every report."""
    if change.kind == "finding":
        return f"new error {change.id}: {change.after}"
    if change.change == "renamed":
        return f"renamed {change.kind} {change.before} → {change.after}"
    if change.change == "added":
        shown = f"added {change.kind} {change.id}"
        if change.kind == "answer" and change.before is not None:
            return f"{shown}: {value_text(change.after)} where customers were told {value_text(change.before)}"
        return shown + (f": {value_text(change.after)}" if change.after is not None else "")
    if change.change == "removed":
        return f"removed {change.kind} {change.id}" + (
            f" (was {value_text(change.before)})" if change.before is not None else ""
        )
    return f"{change.kind} {change.id}: {change.field} {value_text(change.before)} → {value_text(change.after)}"


def counts_line(changes: Sequence[Change]) -> str:
    number = counts(list(changes))
    return ", ".join(f"{number[severity]} {severity}" for severity in SEVERITIES)


def render_text(report: ChangeReport) -> str:
    lines = [f"Changes from {report.base} to {report.head}: {counts_line(report.changes)}"]
    if report.changes:
        lines.append("")
    for change in report.changes:
        where = f"{change.file}:{change.line}" if change.file else ""
        reach = f" [{', '.join(change.departments)}]" if change.departments else ""
        lines.append(one_line(f"{change.severity:<8}  {describe(change)}{reach}  {where}".rstrip()))
    if not report.changes:
        lines.append("No changes to the playbook.")
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#!|<>&~]")


def md(text: str) -> str:
    """Playbook text inert in a GitHub comment: Markdown and HTML characters as numeric references, one line."""
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", " ".join(text.split()))


def render_markdown(report: ChangeReport) -> str:
    """A pull-request comment: the counts first, then the changes most severe first, the long tail folded."""
    number = counts(list(report.changes))
    lines = [MARKER, "### Playbook changes", ""]
    if not report.changes:
        lines += [f"No changes to the playbook between {code(report.base)} and {code(report.head)}.", ""]
        return "\n".join(lines)
    lines += ["| breaking | notable | minor |", "|---:|---:|---:|"]
    lines += [f"| {number['breaking']} | {number['notable']} | {number['minor']} |", ""]
    lines += [f"Compared {code(report.base)} with {code(report.head)}.", ""]
    for severity in SEVERITIES:
        listed = [c for c in report.changes if c.severity == severity]
        if not listed:
            continue
        shown = [] if severity == "minor" else listed[:SHOWN_PER_SEVERITY]
        folded = listed[len(shown) :]
        lines += [f"#### {severity.capitalize()} ({len(listed)})", ""]
        lines += [_item(change) for change in shown]
        if folded:
            summary = f"{len(folded)} {'more ' if shown else ''}{severity} change{'s' if len(folded) != 1 else ''}"
            lines += ["", f"<details><summary>{summary}</summary>", ""]
            lines += [_item(change) for change in folded]
            lines += ["", "</details>"]
        lines.append("")
    return "\n".join(lines)


def code(text: str) -> str:
    """Text as an inline code span (where Markdown and HTML are never read)."""
    return "`" + " ".join(text.replace("`", "'").split()) + "`"


def _item(change: Change) -> str:
    reach = f" — reaches {md(', '.join(change.departments))}" if change.departments else ""
    where = f" ({code(f'{change.file}:{change.line}')})" if change.file else ""
    return f"- {md(describe(change))}{reach}{where}"


def change_to_dict(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "id": change.id,
        "change": change.change,
        "field": change.field,
        "before": change.before,
        "after": change.after,
        "severity": change.severity,
        "file": change.file,
        "line": change.line,
        "departments": list(change.departments),
    }


def render_json(report: ChangeReport) -> str:
    return json.dumps([change_to_dict(c) for c in report.changes], indent=2, ensure_ascii=False) + "\n"


def render_github(report: ChangeReport) -> str:
    """Workflow commands: an annotation per change on its line (breaking → error, notable → warning, minor →
    notice), then the counts as a plain line."""
    lines = []
    for change in report.changes:
        properties = [("title", f"journeybook diff: {change.severity}")]
        if change.file:
            properties = [("file", change.file), ("line", str(change.line)), *properties]
        joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
        lines.append(f"::{ANNOTATIONS[change.severity]} {joined}::{escape_data(describe(change))}")
    lines.append(f"Changes from {report.base} to {report.head}: {counts_line(report.changes)}")
    return "\n".join(lines) + "\n"


CHANGE_REPORTERS: dict[str, Callable[[ChangeReport], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "github": render_github,
}
