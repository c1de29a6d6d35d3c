"""Findings: what the checker reports, where, and how severe it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    """Ordered so that `max()` gives the worst; OFF drops a finding entirely."""

    OFF = 0
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


SEVERITY_NAMES = ("error", "warning", "info", "off")


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a playbook file; `file` is relative to the source folder."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Related:
    """Another place that explains a finding (the other answer of a conflict)."""

    location: Location
    message: str


@dataclass(frozen=True)
class Finding:
    """One problem. Rules leave `severity` unset; the engine stamps the configured one.

    `scope` names the entity whose `suppress:` may accept this finding,
    e.g. ("journey", "laptop-will-not-charge").
    """

    rule: str
    message: str
    location: Location
    related: tuple[Related, ...] = ()
    scope: tuple[str, str] | None = None
    severity: Severity = Severity.ERROR
    suppressed: str | None = None  # the reason, when a `suppress:` entry accepted it

    @property
    def sort_key(self) -> tuple:
        return (self.location.file, self.location.line, self.location.column, self.rule, self.message)


@dataclass(frozen=True)
class Summary:
    """Counts for the one-line summary and the health page."""

    errors: int = 0
    warnings: int = 0
    infos: int = 0
    suppressed: int = 0
    files: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        parts = [count(self.errors, "error"), count(self.warnings, "warning")]
        if self.infos:
            parts.append(count(self.infos, "info"))
        text = ", ".join(parts) + f" in {count(self.files, 'file')}"
        if self.suppressed:
            text += f" ({self.suppressed} suppressed)"
        return text


def summarize(findings: list[Finding], files: int) -> Summary:
    active = [f for f in findings if f.suppressed is None]
    by_rule: dict[str, int] = {}
    for f in active:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    return Summary(
        errors=sum(f.severity == Severity.ERROR for f in active),
        warnings=sum(f.severity == Severity.WARNING for f in active),
        infos=sum(f.severity == Severity.INFO for f in active),
        suppressed=len(findings) - len(active),
        files=files,
        by_rule=by_rule,
    )
