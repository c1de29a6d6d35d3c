"""Do we speak to customers as people? (impersonal-term)"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, Location, Severity
from .base import RuleContext, rule


def _patterns(terms: tuple[str, ...]) -> list[re.Pattern[str]]:
    """One pattern per distinct term: whole words, any case, any white space between the words of a phrase."""
    patterns: dict[str, re.Pattern[str]] = {}
    for term in terms:
        words = term.split()
        key = " ".join(words).casefold()
        if words and key not in patterns:
            body = r"\s+".join(re.escape(word) for word in words)
            patterns[key] = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
    return list(patterns.values())


@rule("impersonal-term", Severity.INFO, "customer-facing text calls the customer by an impersonal term")
def impersonal_term(ctx: RuleContext) -> Iterator[Finding]:
    """Why: a customer who hears "the policyholder must submit a ticket" feels
    processed, not helped. The words staff read out are the words they use, so
    customer-facing text (every answer's `say`, a journey's `problem` and
    `outcome`) should speak to the customer as "you", or of them as "the
    customer". The terms to avoid are listed in `impersonal_terms` in
    journeybook.yaml.

    Bad:
    ```yaml
    # journeybook.yaml: impersonal_terms: [policyholder, ticket]
    say: The policyholder can return it within 30 days of delivery.
    ```

    Good:
    ```yaml
    say: You can return it within 30 days of delivery for a full refund.
    ```

    Fix: say "you" to the customer, or "the customer" when speaking about them.
    """
    patterns = _patterns(ctx.settings.impersonal_terms)
    if not patterns:
        return
    book = ctx.playbook
    for answer in book.answers:
        department = book.departments.get(answer.by or "")
        whose = f"the answer {department.name} gives" if department else "the answer"
        yield from _check(
            f'{whose} to "{answer.question}"',
            answer.say,
            patterns,
            answer.src.loc("say"),
            ("question", answer.question),
        )
    for journey in book.journeys.values():
        scope = ("journey", journey.id)
        for name in ("problem", "outcome"):
            text = getattr(journey, name)
            if text:
                yield from _check(f'the {name} of journey "{journey.id}"', text, patterns, journey.src.loc(name), scope)


def _check(
    what: str, text: str, patterns: list[re.Pattern[str]], at: Location, scope: tuple[str, str]
) -> Iterator[Finding]:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            term = " ".join(match.group(0).split())
            yield Finding(
                "impersonal-term",
                f'{what} calls the customer "{term}": say "you" to the customer, or "the customer" when '
                "speaking about them",
                at,
                scope=scope,
            )
