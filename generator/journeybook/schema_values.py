"""What the schema's fields check values against: ids, durations, and where a value came from (Source, Context)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding, Location
from .load import Mapping, Node, Sequence

# Ids name files and addresses (journeys/<id>.md → journeys/<id>/index.html), so besides the slug shape they
# may not be a Windows device name (CON, NUL, COM1 … with or without an extension: ids have no dot, so the name
# alone) nor `index`, the list page of each section. Ids are lowercase, so two different ids never collide on a
# case-insensitive file system, and each kind has its own folder.
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))})
RESERVED_IDS = WINDOWS_DEVICES | {"index"}
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
ID_PATTERN = rf"^(?!(?:{'|'.join(sorted(RESERVED_IDS))})$){_SLUG.pattern}$"  # also the JSON Schema's pattern
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
DURATION_UNITS = {
    "min": "minute",
    "mins": "minute",
    "minute": "minute",
    "minutes": "minute",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
}

MINUTES_PER = {"minute": 1, "hour": 60, "day": 1440, "week": 10080}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")
MAX_DURATION_DAYS = 36_525
"""100 years: longer is a typo, and date arithmetic on it would overflow."""

INVALID: Any = object()
"""Returned by a conversion that failed; the finding has already been recorded."""


def shown(text: str) -> str:
    """Text for a message, with characters nobody can see (zero-width, control, odd spaces) written as \\uXXXX."""
    return "".join(
        (f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        if c != " " and unicodedata.category(c) in _INVISIBLE_CATEGORIES
        else c
        for c in text
    )


def did_you_mean(word: str, choices: Any) -> str:
    """' (did you mean "x"?)' or '' — used by schema and unknown-reference messages."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if c.lower() == word.lower()][:1]
    return f' (did you mean "{close[0]}"?)' if close else ""


@dataclass(frozen=True)
class Duration:
    """A span such as `5 days`; compared by its length in minutes."""

    amount: float
    unit: str  # minute | hour | day | week

    @property
    def minutes(self) -> float:
        return self.amount * MINUTES_PER[self.unit]

    @property
    def days(self) -> float:
        return self.minutes / 1440

    def __str__(self) -> str:
        amount = int(self.amount) if self.amount == int(self.amount) else self.amount
        return f"{amount} {self.unit}{'' if amount == 1 else 's'}"


def parse_duration(text: str) -> Duration | None:
    match = _DURATION.match(text)
    if not match:
        return None
    unit = DURATION_UNITS.get(match.group(2).lower())
    return Duration(float(match.group(1)), unit) if unit else None


class Source:
    """Where an entity came from: its file and YAML node. Turns data paths into positions.

    `loc("steps", 2, "capture")` walks the node tree and falls back to the
    nearest existing parent, so a missing field is reported at its entity.
    """

    __slots__ = ("file", "node")

    def __init__(self, file: str, node: Node) -> None:
        self.file = file
        self.node = node

    def loc(self, *path: str | int) -> Location:
        node = self.node
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return Location(self.file, node.line, node.column)

    def key_loc(self, name: str) -> Location:
        """The position of a field's key (where "unknown field" is reported)."""
        if isinstance(self.node, Mapping) and name in self.node.pairs:
            key = self.node.pairs[name][0]
            return Location(self.file, key.line, key.column)
        return self.loc()

    def has(self, name: str) -> bool:
        return isinstance(self.node, Mapping) and name in self.node.pairs

    def __repr__(self) -> str:
        return f"Source({self.file}:{self.node.line})"


def _child(node: Node, part: str | int) -> Node | None:
    if isinstance(node, Mapping) and isinstance(part, str):
        pair = node.pairs.get(part)
        return pair[1] if pair else None
    if isinstance(node, Sequence) and isinstance(part, int) and 0 <= part < len(node.items):
        return node.items[part]
    return None


class Context:
    """Collects schema findings for one file while converting it."""

    def __init__(self, file: str, findings: list[Finding]) -> None:
        self.file = file
        self.findings = findings

    def error(self, message: str, node: Node, rule: str = "schema") -> Any:
        self.findings.append(Finding(rule, message, Location(self.file, node.line, node.column)))
        return INVALID


def source_field() -> Source:
    """A model object's `src`: where it came from, left out of comparisons and repr."""
    return field(compare=False, repr=False)  # type: ignore[return-value]
