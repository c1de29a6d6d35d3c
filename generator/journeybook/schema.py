"""Field types: one declaration both validates a YAML node (errors at its position) and describes it as JSON Schema.

Hand-written rather than pydantic or jsonschema because every error must point
at a YAML line and column, every scalar arrives as text and is converted only
where the field asks for it, and the same declarations print the JSON Schema
editors use for autocompletion (`journeybook schema`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .load import Mapping, Node, Scalar, Sequence, kind_of
from .schema_values import _SLUG
from .schema_values import DURATION_UNITS as DURATION_UNITS
from .schema_values import ID_PATTERN as ID_PATTERN
from .schema_values import INVALID as INVALID
from .schema_values import MAX_DURATION_DAYS as MAX_DURATION_DAYS
from .schema_values import MINUTES_PER as MINUTES_PER
from .schema_values import RESERVED_IDS as RESERVED_IDS
from .schema_values import WINDOWS_DEVICES as WINDOWS_DEVICES
from .schema_values import Context as Context
from .schema_values import Duration as Duration
from .schema_values import Source as Source
from .schema_values import did_you_mean as did_you_mean
from .schema_values import parse_duration as parse_duration
from .schema_values import shown as shown

_ID = re.compile(ID_PATTERN)  # use with fullmatch: `$` alone lets a trailing newline through
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^[+-]?\d{1,15}$")
_NUMBER = re.compile(r"^[+-]?(\d{1,15}(\.\d*)?|\.\d+)$")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


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
