"""STUB: to be written."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import RuleContext, rule


@rule("answer-conflict", Severity.ERROR, "two answers to one question that overlap and give different decisions")
def answer_conflict(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())


@rule(
    "answer-missing",
    Severity.ERROR,
    "a step says a question that has no answer for the journey's segments and channels",
)
def answer_missing(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())


@rule("possible-duplicate-question", Severity.WARNING, "two questions asked almost the same way under different ids")
def possible_duplicate_question(ctx: RuleContext) -> Iterator[Finding]:
    """STUB"""
    return iter(())
