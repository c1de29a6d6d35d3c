"""STUB: to be written."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import RuleContext, rule


@rule("unreachable-step", Severity.ERROR, "a step no path from the first step reaches")
def unreachable_step(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())


@rule(
    "dead-end", Severity.ERROR, "a path that ends at a step that does not close the journey, or a loop with no way out"
)
def dead_end(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())


@rule("closure-without-confirmation", Severity.ERROR, "a closing step without confirm")
def closure_without_confirmation(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())


@rule(
    "closed-by-non-owner", Severity.WARNING, "a department other than the journey owner's closes the customer's problem"
)
def closed_by_non_owner(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())


@rule(
    "too-many-handoffs",
    Severity.WARNING,
    "a path from first contact to closure changes department more than max_handoffs times",
)
def too_many_handoffs(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())
