"""How big a generated playbook is: named sizes, scale factors, multiples of a named size."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    """How many of each entity a generated playbook holds."""

    questions: int
    journeys: int
    departments: int
    people: int
    tools: int


EXAMPLE = Size(questions=15, journeys=6, departments=6, people=13, tools=8)
"""Roughly the shipped example playbook; `--scale N` multiplies every count by N."""

SIZES: dict[str, Size] = {
    "XS": EXAMPLE,
    "M": Size(questions=1_000, journeys=100, departments=20, people=200, tools=50),
    "L": Size(questions=10_000, journeys=1_000, departments=100, people=1_000, tools=200),
}

QUESTIONS_PER_TOPIC = 20
REVIEW_FROM, REVIEW_UNTIL = dt.date(2027, 1, 1), dt.date(2028, 12, 31)


def scaled(n: int) -> Size:
    """The example playbook, N times larger in every count."""
    if n < 1:
        raise ValueError("--scale must be at least 1")
    e = EXAMPLE
    return Size(e.questions * n, e.journeys * n, e.departments * n, e.people * n, e.tools * n)


def times(size: Size, n: int) -> Size:
    """`size`, N times larger in every count (2L: twice L)."""
    if n < 1:
        raise ValueError("a multiple of a size must be at least 1")
    return Size(size.questions * n, size.journeys * n, size.departments * n, size.people * n, size.tools * n)


def resolve_size(size: str | int) -> tuple[str, Size]:
    """A size name (XS, M, L), a multiple of one ("2L", "4L") or a scale factor (int, or "100x")."""
    if isinstance(size, int):
        return f"{size}x", scaled(size)
    if size.upper() in SIZES:
        return size.upper(), SIZES[size.upper()]
    if size.lower().endswith("x") and size[:-1].isdigit():
        return size.lower(), scaled(int(size[:-1]))
    multiple = re.fullmatch(r"(\d+)([A-Za-z]+)", size)
    if multiple and multiple[2].upper() in SIZES:
        return f"{int(multiple[1])}{multiple[2].upper()}", times(SIZES[multiple[2].upper()], int(multiple[1]))
    raise ValueError(f"unknown size {size!r}: use one of {', '.join(SIZES)}, a multiple like 2L, or a scale like 100x")
