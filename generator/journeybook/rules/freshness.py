"""STUB: to be written."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import RuleContext, rule


@rule("stale", Severity.WARNING, "review_by has passed, or review_every has elapsed since the last change")
def stale(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())
