"""STUB: to be written."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import RuleContext, rule


@rule("duplicate-id", Severity.ERROR, "two entities of one kind with the same id")
def duplicate_id(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())


@rule(
    "unknown-reference",
    Severity.ERROR,
    "a reference to a person, department, tool, channel, segment, question or step that does not exist",
)
def unknown_reference(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())
