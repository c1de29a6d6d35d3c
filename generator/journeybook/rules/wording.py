"""STUB: to be written."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import RuleContext, rule


@rule("impersonal-term", Severity.INFO, "customer-facing text calls the customer by an impersonal term")
def impersonal_term(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())
