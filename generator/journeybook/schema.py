"""Field types: one declaration both validates a YAML node (errors at its position) and describes it as JSON Schema.

Hand-written rather than pydantic or jsonschema because every error must point
at a YAML line and column, every scalar arrives as text and is converted only
where the field asks for it, and the same declarations print the JSON Schema
editors use for autocompletion (`journeybook schema`).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .findings import Finding, Location
from .load import Mapping, Node, Scalar, Sequence, kind_of

# Ids name files and addresses (journeys/<id>.md → journeys/<id>/index.html), so besides the slug shape they
# may not be a Windows device name (CON, NUL, COM1 … with or without an extension: ids have no dot, so the name
# alone) nor `index`, the list page of each section. Ids are lowercase, so two different ids never collide on a
# case-insensitive file system, and each kind has its own folder.
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))})
RESERVED_IDS = WINDOWS_DEVICES | {"index"}
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
ID_PATTERN = rf"^(?!(?:{'|'.join(sorted(RESERVED_IDS))})$){_SLUG.pattern}$"  # also the JSON Schema's pattern
_ID = re.compile(ID_PATTERN)  # use with fullmatch: `$` alone lets a trailing newline through
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^[+-]?\d{1,15}$")
_NUMBER = re.compile(r"^[+-]?(\d{1,15}(\.\d*)?|\.\d+)$")
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

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


class FieldType:
    """Base: convert a node to a Python value (or INVALID), and describe it as JSON Schema."""

    label = "a value"

    def convert(self, node: Node, ctx: Context) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def scalar(self, node: Node, ctx: Context) -> str | Any:
        if isinstance(node, Scalar) and not node.null:
            return node.value
        return ctx.error(f"expected {self.label} here, found {kind_of(node)}", node)


class Text(FieldType):
    label = "text"

    def convert(self, node: Node, ctx: Context) -> Any:
        value = self.scalar(node, ctx)
        if value is INVALID:
            return value
        if _BIDI.search(value):
            return ctx.error(
                "this text contains invisible bidirectional control characters that can "
                "disguise what it says; remove them",
                node,
            )
        return value.strip() if "\n" in value else value

    def json_schema(self) -> dict:
        return {"type": ["string", "number", "boolean"]}


class Id(FieldType):
    """A lowercase slug. References use the same form; whether they exist is a rule's job."""

    label = "an id (lowercase letters, digits and hyphens)"

    def __init__(self, refers_to: str | None = None) -> None:
        self.refers_to = refers_to

    def convert(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, Mapping) and "id" in node.pairs:  # `- {id: phone, name: Phone}` where a list of ids belongs
            written = node.pairs["id"][1]
            example = f"`- {written.value}`" if isinstance(written, Scalar) else "`- phone`"
            return ctx.error(
                f"expected {self.label} here, found a mapping: this list takes ids only; write {example}", node
            )
        value = self.scalar(node, ctx)
        if value is INVALID:
            return value
        what = f"a {self.refers_to} id" if self.refers_to else "an id"
        if not _SLUG.fullmatch(value):
            hint = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:64]
            suggestion = f', e.g. "{hint}"' if hint and _ID.fullmatch(hint) else ""
            return ctx.error(
                f'"{shown(value)}" is not valid as {what}: write lowercase letters, digits and hyphens '
                f"(at most 64, starting with a letter or digit){suggestion}",
                node,
            )
        if value in RESERVED_IDS:
            why = (
                f"{value.upper()} is a device name on Windows, where no file can have it"
                if value in WINDOWS_DEVICES
                else "it is the name of each section's list page"
            )
            return ctx.error(f'"{value}" cannot be {what}: {why}; choose another, e.g. "{value}-1"', node)
        return value

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": ID_PATTERN}


class Date(FieldType):
    label = "a date (YYYY-MM-DD)"

    def convert(self, node: Node, ctx: Context) -> Any:
        value = self.scalar(node, ctx)
        if value is INVALID:
            return value
        if not _DATE.match(value.strip()):
            return ctx.error(f'"{value}" is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31', node)
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return ctx.error(
                f'"{value}" is not a real calendar date: check the year, month and day (YYYY-MM-DD, e.g. 2027-02-28)',
                node,
            )

    def json_schema(self) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}


class DurationType(FieldType):
    label = "a duration such as `5 days`"

    def convert(self, node: Node, ctx: Context) -> Any:
        value = self.scalar(node, ctx)
        if value is INVALID:
            return value
        parsed = parse_duration(value)
        if parsed is None:
            return ctx.error(
                f'"{value}" is not a duration: write a number and a unit, e.g. "30 minutes", '
                '"4 hours", "5 days", "2 weeks"',
                node,
            )
        if parsed.days > MAX_DURATION_DAYS:
            return ctx.error(f'"{value}" is longer than 100 years: write the duration you mean, e.g. "180 days"', node)
        return parsed

    def json_schema(self) -> dict:
        units = "|".join(sorted(DURATION_UNITS, key=len, reverse=True))
        return {"type": "string", "pattern": rf"^\s*\d+(\.\d+)?\s*({units})\s*$"}


class Integer(FieldType):
    def __init__(self, minimum: int = 0, maximum: int = 10**9) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.label = f"a whole number from {minimum} to {maximum}"

    def convert(self, node: Node, ctx: Context) -> Any:
        value = self.scalar(node, ctx)
        if value is INVALID:
            return value
        if not _INT.match(value.strip()) or not self.minimum <= int(value) <= self.maximum:
            return ctx.error(f'"{value}" is not {self.label}', node)
        return int(value)

    def json_schema(self) -> dict:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


class Number(FieldType):
    def __init__(self, minimum: float = 0, maximum: float = 1e15) -> None:
        self.minimum, self.maximum = minimum, maximum
        self.label = f"a number from {minimum:g} to {maximum:g}"

    def convert(self, node: Node, ctx: Context) -> Any:
        value = self.scalar(node, ctx)
        if value is INVALID:
            return value
        cleaned = value.strip().replace("_", "")
        if (
            not _NUMBER.match(cleaned)
            or not math.isfinite(float(cleaned))
            or not self.minimum <= float(cleaned) <= self.maximum
        ):
            return ctx.error(f'"{value}" is not {self.label}', node)
        return float(cleaned)

    def json_schema(self) -> dict:
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


_TRUTHY = {
    **dict.fromkeys(("yes", "y", "on", "1", "true"), "true"),
    **dict.fromkeys(("no", "n", "off", "0", "false"), "false"),
}


class Boolean(FieldType):
    label = "true or false"

    def convert(self, node: Node, ctx: Context) -> Any:
        value = self.scalar(node, ctx)
        if value is INVALID:
            return value
        if value not in ("true", "false"):
            meant = _TRUTHY.get(value.strip().lower())
            fix = f"write `{meant}`" if meant else "write `true` or `false`"
            return ctx.error(
                f'"{value}" is not true or false: {fix} (journeybook reads only `true` and `false` '
                "as yes or no, never `yes`, `on` or `1`)",
                node,
            )
        return value == "true"

    def json_schema(self) -> dict:
        return {"type": "boolean"}


class Choice(FieldType):
    def __init__(self, *choices: str) -> None:
        self.choices = choices
        self.label = " or ".join(f"`{c}`" for c in choices)

    def convert(self, node: Node, ctx: Context) -> Any:
        value = self.scalar(node, ctx)
        if value is INVALID:
            return value
        if value not in self.choices:
            return ctx.error(
                f'"{value}" is not allowed here: use {self.label}{did_you_mean(value, self.choices)}', node
            )
        return value

    def json_schema(self) -> dict:
        return {"type": "string", "enum": list(self.choices)}


class ListOf(FieldType):
    """A list; `single_ok` also accepts one bare value (`channel: phone`)."""

    def __init__(self, item: FieldType, single_ok: bool = False) -> None:
        self.item = item
        self.single_ok = single_ok
        self.label = f"a list (each item {item.label})"

    def convert(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, Scalar) and self.single_ok and not node.null:
            value = self.item.convert(node, ctx)
            return INVALID if value is INVALID else (value,)
        if not isinstance(node, Sequence):
            return ctx.error(
                f"expected {self.label} here, found {kind_of(node)}; "
                "write each item on its own line starting with `- `",
                node,
            )
        values = [self.item.convert(item, ctx) for item in node.items]
        return tuple(v for v in values if v is not INVALID)

    def json_schema(self) -> dict:
        schema = {"type": "array", "items": self.item.json_schema()}
        if self.single_ok:
            return {"anyOf": [schema, self.item.json_schema()]}
        return schema


class MapOf(FieldType):
    """A mapping with free keys (`when:` dimensions, `suppress:` rule ids)."""

    def __init__(self, key: FieldType, value: FieldType, label: str = "a mapping") -> None:
        self.key, self.value, self.label = key, value, label

    def convert(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, Mapping):
            return ctx.error(f"expected {self.label} here, found {kind_of(node)}", node)
        result = {}
        for key_node, value_node in node.pairs.values():
            key = self.key.convert(key_node, ctx)
            value = self.value.convert(value_node, ctx)
            if key is not INVALID and value is not INVALID:
                result[key] = value
        return result

    def json_schema(self) -> dict:
        return {"type": "object", "additionalProperties": self.value.json_schema()}


@dataclass(frozen=True)
class Field:
    """One field of an object; `attr` renames YAML keys that are Python keywords (`from`)."""

    type: FieldType
    doc: str
    required: bool = False
    attr: str | None = None


class Obj(FieldType):
    """A mapping with known fields, converted into `cls(src=Source, **fields)`.

    Unknown fields are reported with a "did you mean". An empty value (`owner:`)
    counts as absent, so ownership rules — not the schema — report missing owners.
    """

    def __init__(self, cls: Callable[..., Any], label: str, fields: dict[str, Field], doc: str = "") -> None:
        self.cls, self.label, self.fields, self.doc = cls, label, fields, doc

    def convert(self, node: Node, ctx: Context, **extra: Any) -> Any:
        if not isinstance(node, Mapping):
            return ctx.error(
                f"expected {self.label} here, written as `field: value` lines, but found {kind_of(node)}", node
            )
        values: dict[str, Any] = {}
        for name, (key_node, value_node) in node.pairs.items():
            spec = self.fields.get(name)
            if spec is None:
                ctx.error(
                    f'unknown field "{name}" in {self.label}{did_you_mean(name, self.fields)}; '
                    f"known fields: {', '.join(self.fields)}",
                    key_node,
                )
                continue
            if isinstance(value_node, Scalar) and value_node.null:
                continue
            value = spec.type.convert(value_node, ctx)
            if value is not INVALID:
                values[spec.attr or name] = value
        complete = True
        for name, spec in self.fields.items():
            if not spec.required or (spec.attr or name) in values:
                continue
            complete = False  # every missing field is reported, not just the first
            pair = node.pairs.get(name)
            if pair is None:
                ctx.error(f"{self._this} has no `{name}`: add `{name}:` with {spec.doc}", node)
            elif isinstance(pair[1], Scalar) and pair[1].null:
                ctx.error(f"`{name}` is empty: fill in {spec.doc}", pair[0])
        if not complete:
            return INVALID
        return self.cls(src=Source(ctx.file, node), **values, **extra)

    @property
    def _this(self) -> str:
        """Turns "a step" into "this step", for messages about one object."""
        article, _, noun = self.label.partition(" ")
        return f"this {noun}" if article in ("a", "an") else self.label

    def json_schema(self) -> dict:
        return {
            "type": "object",
            "description": self.doc or self.label,
            "properties": {
                name: {**spec.type.json_schema(), "description": spec.doc} for name, spec in self.fields.items()
            },
            "required": [name for name, spec in self.fields.items() if spec.required],
            "additionalProperties": False,
        }


class OneOf(FieldType):
    """Text or a mapping: `next: [confirm-fixed]` or `next: [{step: x, carry: [...]}]`."""

    def __init__(self, scalar: FieldType, mapping: Obj, from_scalar: Callable[[Any, Source], Any]) -> None:
        self.scalar_type, self.mapping, self.from_scalar = scalar, mapping, from_scalar
        self.label = f"{scalar.label} or {mapping.label}"

    def convert(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, Mapping):
            return self.mapping.convert(node, ctx)
        value = self.scalar_type.convert(node, ctx)
        return INVALID if value is INVALID else self.from_scalar(value, Source(ctx.file, node))

    def json_schema(self) -> dict:
        return {"anyOf": [self.scalar_type.json_schema(), self.mapping.json_schema()]}


def suppress_field() -> Field:
    return Field(
        MapOf(Id(), Text(), "a mapping of rule id: reason"),
        "accepted findings on this entity: `rule-id: why this is acceptable`",
    )
