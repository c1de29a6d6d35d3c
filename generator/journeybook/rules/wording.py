"""Do we speak to customers as people? (impersonal-term)"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, Location, Severity
from .base import RuleContext, rule


def _term_bodies(terms: tuple[str, ...]) -> list[str]:
    """One regular expression per distinct term: its words with any white space between them."""
    bodies: dict[str, str] = {}
    for term in terms:
        words = term.split()
        key = " ".join(words).casefold()
        if words and key not in bodies:
            bodies[key] = r"\s+".join(re.escape(word) for word in words)
    return list(bodies.values())


def _whole_words(body: str) -> re.Pattern[str]:
    """`body` as whole words in any case. The word bounds sit outside the alternation of several terms, which
    lets the engine skip ahead three times faster than with bounds repeated inside each alternative."""
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


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
    bodies = _term_bodies(ctx.settings.impersonal_terms)
    if not bodies:
        return
    patterns = [_whole_words(body) for body in bodies]
    any_term = _whole_words("|".join(bodies))
    book = ctx.playbook
    for answer in book.answers:
        if not any_term.search(answer.say):  # most text names no term: skip building the message and place
            continue
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
            if text and any_term.search(text):
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
