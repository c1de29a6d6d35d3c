"""Does what is written make sense on its own? (inverted-dates, carry-unused)"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from ..schema import did_you_mean
from .base import RuleContext, rule
from .references import _item_loc


@rule("inverted-dates", Severity.ERROR, "an answer whose effective dates end before they start")
def inverted_dates(ctx: RuleContext) -> Iterator[Finding]:
    """Why: `effective: {from: 2027-01-01, to: 2026-01-01}` applies on no day
    at all. It is almost always two dates swapped or a year mistyped, and the
    answer staff were meant to give is silently never shown. Until the dates
    are fixed, the question's other answers are not compared with it.

    Bad:
    ```yaml
    effective: {from: 2027-01-01, to: 2026-01-01}
    ```

    Good:
    ```yaml
    effective: {from: 2026-01-01, to: 2027-01-01}
    ```

    Fix: swap the two dates, or correct the year, so `from` is on or before `to`.
    """
    for answer in ctx.playbook.answers:
        effective = answer.effective
        if effective is None or effective.start is None or effective.end is None or effective.start <= effective.end:
            continue
        yield Finding(
            "inverted-dates",
            f'this answer to "{answer.question}" applies from {effective.start} to {effective.end}, which is no day '
            "at all: swap the two dates, or correct the year, so `from` is on or before `to`",
            answer.src.loc("effective", "to"),
            scope=("question", answer.question),
        )


@rule("carry-unused", Severity.WARNING, "a handoff carries an item no step of the journey captures or needs")
def carry_unused(ctx: RuleContext) -> Iterator[Finding]:
    """Why: `carry` lists what travels with the customer at a handoff. An
    item no step captures or needs is a name nobody else uses — usually a
    typo (`case-number` where every step says `case-id`) — so the item
    meant to travel does not, and the next department asks again.

    Bad:
    ```yaml
    - id: first-contact
      capture: [case-id]
      next:
        - step: diagnose
          carry: [case-number]
    ```

    Good:
    ```yaml
    - id: first-contact
      capture: [case-id]
      next:
        - step: diagnose
          carry: [case-id]
    ```

    Fix: write the item as the steps that capture and need it do, or remove it from `carry`.
    """
    for journey in ctx.playbook.journeys.values():
        used = {item for step in journey.steps for item in (*step.capture, *step.needs)}
        for step in journey.steps:
            for edge in step.next:
                for index, item in enumerate(edge.carry):
                    if item in used:
                        continue
                    yield Finding(
                        "carry-unused",
                        f'the handoff from "{step.id}" to "{edge.step}" carries {item}, but no step of this journey '
                        f"captures or needs it{did_you_mean(item, sorted(used))}: write the item as the steps that "
                        "capture and need it do, or remove it from `carry`",
                        _item_loc(edge.src, edge.carry, index, "carry"),
                        scope=("journey", journey.id),
                    )
