"""STUB: to be written."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import RuleContext, rule


@rule("owner-missing", Severity.ERROR, "a journey, question, department, step or recovery without an owner")
def owner_missing(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())


@rule("no-recovery", Severity.INFO, "a journey without a service recovery path")
def no_recovery(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())
