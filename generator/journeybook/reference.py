"""What users read about the files: JSON Schema for editors and the reference page's field tables, both
written from the same declarations that validate the files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .schema import (
    Boolean,
    Choice,
    Date,
    DurationType,
    Field,
    FieldType,
    Id,
    Integer,
    ListOf,
    MapOf,
    Number,
    Obj,
    OneOf,
    Text,
)

# The file kinds of model.FILE_KINDS (a test keeps the two in step), with where such files live.
SCHEMA_KINDS = {
    "journey": "journeys/**/*.yaml",
    "policy": "policies/**/*.yaml",
    "org": "org.yaml",
    "segments": "segments.yaml",
    "settings": "journeybook.yaml",
    "audit": "audits/**/*.yaml",
    "search-tests": "search-tests.yaml",
}
JSON_SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"


def schema_document(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft-07) of one kind of file, from the same declarations that validate it."""
    from .model import FILE_KINDS

    body = dict(FILE_KINDS[kind].json_schema())
    description = body.pop("description", "")
    return {
        "$schema": JSON_SCHEMA_DRAFT,
        "title": f"journeybook {kind} file ({SCHEMA_KINDS[kind]})",
        "description": description,
        **body,
    }


def form(kind: FieldType) -> str:
    """How a value of this type is written, in a reader's words."""
    if isinstance(kind, Id):
        return f"{kind.refers_to} id" if kind.refers_to else "id"
    if isinstance(kind, ListOf):
        return f"list of {form(kind.item)}" + (" (or one)" if kind.single_ok else "")
    if isinstance(kind, MapOf):
        return f"mapping {form(kind.key)} → {form(kind.value)}"
    if isinstance(kind, OneOf):
        return f"{form(kind.scalar_type)} or mapping"
    if isinstance(kind, Choice):
        return " \\| ".join(f"`{choice}`" for choice in kind.choices)
    if isinstance(kind, Obj):
        return "mapping"
    simple = {Text: "text", Date: "date YYYY-MM-DD", DurationType: "duration", Boolean: "`true` \\| `false`"}
    for cls, name in simple.items():
        if isinstance(kind, cls):
            return name
    if isinstance(kind, Integer):
        return f"whole number {kind.minimum}–{kind.maximum:,}"
    if isinstance(kind, Number):
        return f"number {kind.minimum:g}–{kind.maximum:g}"
    return kind.label


def _inner(kind: FieldType) -> Obj | None:
    """The object a field holds, directly, in a list or as the mapping form of a OneOf."""
    while isinstance(kind, ListOf):
        kind = kind.item
    if isinstance(kind, OneOf):
        return kind.mapping
    return kind if isinstance(kind, Obj) else None


def rows(obj: Obj, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field of `obj` and of the objects inside it, as (dotted path, field); lists add `[]`."""
    for name, spec in obj.fields.items():
        path = f"{prefix}{name}"
        yield path, spec
        inner = _inner(spec.type)
        if inner is not None:
            yield from rows(inner, f"{path}[]." if isinstance(spec.type, ListOf) else f"{path}.")


def field_tables() -> str:
    """One Markdown table per kind of file, in the order of the layout."""
    from .model import FILE_KINDS

    out = []
    for kind, declaration in FILE_KINDS.items():
        doc = declaration.json_schema().get("description") or declaration.label
        out.append(f"### `{SCHEMA_KINDS[kind]}` — {doc}\n")
        if isinstance(declaration, ListOf):  # a file that is one list (search-tests.yaml)
            out.append("The file is a list; each item has these fields.\n")
        out.append("| field | form | required | meaning |")
        out.append("|---|---|---|---|")
        top = _inner(declaration)
        for path, spec in rows(top, "[]." if isinstance(declaration, ListOf) else "") if top else ():
            doc = spec.doc.replace("|", "\\|")
            out.append(f"| `{path}` | {form(spec.type)} | {'yes' if spec.required else ''} | {doc} |")
        out.append("")
    return "\n".join(out)
