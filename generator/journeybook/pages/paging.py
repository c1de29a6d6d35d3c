"""Long lists cut into pages a browser opens quickly: in name order, in parts labelled by first letters (A–F)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
_LEADING = re.compile(r"^\W+")  # quotes and dashes before a name do not decide where it is filed


@dataclass(frozen=True)
class Part(Generic[T]):
    """One page of a list: where it goes (docs path), its label ("A–F"; "" when the list has one page), entries."""

    path: str
    label: str
    items: tuple[T, ...]


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One list (a segment's journeys, a department's people…) on one page or cut into parts."""

    title: str
    parts: tuple[Part[T], ...]

    @property
    def path(self) -> str:
        return self.parts[0].path

    @property
    def count(self) -> int:
        return sum(len(part.items) for part in self.parts)


def paged(
    title: str, base: str, items: Iterable[T], limit: int, name: Callable[[T], str], first: str | None = None
) -> Paged[T]:
    """`items` on `first` (default `base`.md) when there are at most `limit`, else sorted by `name` and cut into
    as few nearly equal parts as keep each within `limit`: the first there, the n-th at `base`/n.md. The order of
    equal names is the order given, so the parts are the same on every build."""
    items = list(items)
    first = first or f"{base}.md"
    if len(items) <= limit:
        return Paged(title, (Part(first, "", tuple(items)),))
    ordered = sorted(items, key=lambda item: _filed(name(item)))
    count = math.ceil(len(ordered) / limit)
    size = math.ceil(len(ordered) / count)
    chunks = [tuple(ordered[start : start + size]) for start in range(0, len(ordered), size)]
    labels = _labels([(_filed(name(chunk[0])), _filed(name(chunk[-1]))) for chunk in chunks])
    paths = [first] + [f"{base}/{n}.md" for n in range(2, len(chunks) + 1)]
    return Paged(
        title, tuple(Part(path, label, chunk) for path, label, chunk in zip(paths, labels, chunks, strict=True))
    )


def _filed(name: str) -> str:
    return _LEADING.sub("", name).casefold()


def _labels(ranges: list[tuple[str, str]]) -> list[str]:
    """ "A–F" for each part, from the first letters of its first and last names: one letter where that tells the
    parts apart, else two or three ("Ca–Co"), else numbered."""
    for width in (1, 2, 3):
        labels = [_range(first[:width], last[:width]) for first, last in ranges]
        if len(set(labels)) == len(labels):
            return labels
    return [f"{label} ({n})" for n, label in enumerate(labels, start=1)]


def _range(first: str, last: str) -> str:
    first, last = first.capitalize() or "#", last.capitalize() or "#"
    return first if first == last else f"{first}–{last}"
