"""STUB: to be written."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import RuleContext, rule


@rule("customer-repeats", Severity.WARNING, "a step asks the customer for something they already gave")
def customer_repeats(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())


@rule(
    "context-unavailable", Severity.ERROR, "a step needs something neither captured there nor known on every path to it"
)
def context_unavailable(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())
