"""YAML written as text: scalars quoted only where YAML would read them as something else."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import cache

_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN = re.compile(r"[A-Za-zÀ-ÿ][\w ,.'()/?!;&+@€’–—-]*")
_PLAIN_NUMBER_FIRST = re.compile(r"\d+ [A-Za-z][\w ,.'()/?!;&+@€’–—-]*")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@cache
def text(value: str) -> str:
    """A YAML scalar that always reads back as exactly `value`, as text.

    Plain when it is obviously text (starts with a letter, no `:` or `#`, not
    a YAML 1.1 boolean or null word); otherwise double-quoted, which JSON's
    string syntax is a valid subset of.
    """
    plain = _PLAIN.fullmatch(value) or _PLAIN_NUMBER_FIRST.fullmatch(value)
    if plain and value == value.strip() and value.lower() not in _YAML_WORDS:
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    # JSON leaves these raw, but YAML reads them as line breaks
    return quoted.replace("\u0085", "\\N").replace("\u2028", "\\L").replace("\u2029", "\\P")


def ident(value: str) -> str:
    """An id as YAML, after checking it is a slug of at most 64 characters."""
    if not _ID.fullmatch(value) or len(value) > 64:
        raise ValueError(f"generated an invalid id: {value!r}")
    return text(value)


def flow(ids: Iterable[str]) -> str:
    """A flow list of ids: `[a, b]`."""
    return "[" + ", ".join(ident(i) for i in ids) + "]"


def block(lines: list[str], indent: str, key: str, items: Sequence[str]) -> None:
    """Append `key:` followed by a block list of texts."""
    lines.append(f"{indent}{key}:")
    lines.extend(f"{indent}  - {text(item)}" for item in items)
