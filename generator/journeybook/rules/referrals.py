"""A department that puts the customer through to another instead of answering: `refer:` (referral-loop).

A referral never conflicts with an answer: Customer Care saying "I'll put
you through to Retentions" does not contradict Retentions' "we cancel it on
this call". What the customer hears is the department referred to, so
`answer-missing` looks there; and a referral that comes back round to where
it started leaves the customer with nobody who answers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from ..answering import applies_to, overlap
from ..findings import Finding, Related, Severity
from ..load import Scalar
from ..model import Answer, Playbook
from .base import RuleContext, rule

MAX_CHAIN = 32  # referrals followed in a row; longer chains are loops or mistakes, and loops are reported


def covered(answers: Sequence[Answer], segment: str | None, channel: str | None, day: date) -> bool:
    """Whether some answer gives this customer a decision, directly or through the departments referred to."""
    departments: list[str | None] = [None]  # None: any department (the answers given to the question)
    seen: set[str] = set()
    for _ in range(MAX_CHAIN):
        referred: list[str] = []
        for answer in answers:
            if departments != [None] and answer.by not in departments:
                continue
            if not applies_to(answer, segment, channel, day):
                continue
            if answer.refer is None:
                return True
            if answer.refer not in seen:
                seen.add(answer.refer)
                referred.append(answer.refer)
        if not referred:
            return False
        departments = referred  # type: ignore[assignment]
    return False


def referral_schema_findings(book: Playbook) -> list[Finding]:
    """`schema` findings: an answer needs a `decision` or a `refer`, and not both."""
    found = []
    for answer in book.answers:
        if answer.refer is not None and answer.decision:
            found.append(
                Finding(
                    "schema",
                    "this answer has both `decision` and `refer`: keep `decision` if this department answers the "
                    "question itself, or `refer` if it puts the customer through to another",
                    answer.src.key_loc("refer"),
                    scope=("question", answer.question),
                )
            )
        elif answer.refer is None and not answer.decision and _empty(answer, "decision"):
            found.append(
                Finding(
                    "schema",
                    "`decision` is empty: fill in the short value compared across departments, e.g. 30 days",
                    answer.src.key_loc("decision"),
                    scope=("question", answer.question),
                )
            )
        elif answer.refer is None and not answer.decision and not answer.src.has("decision"):
            found.append(
                Finding(
                    "schema",
                    "this answer has no `decision`: add `decision:` with the short value compared across "
                    "departments, e.g. 30 days, or `refer:` with the department that answers instead",
                    answer.src.loc(),
                    scope=("question", answer.question),
                )
            )
    return found


def _empty(answer: Answer, name: str) -> bool:
    """`decision:` written with no value (a rejected value was reported by the schema already)."""
    node = answer.src.node.pairs[name][1] if answer.src.has(name) else None  # type: ignore[union-attr]
    return isinstance(node, Scalar) and node.null


def _name(book: Playbook, department: str | None) -> str:
    found = book.departments.get(department or "")
    return found.name if found else f'department "{department}"'


@rule("referral-loop", Severity.ERROR, "departments that refer a question to each other, so nobody answers it")
def referral_loop(ctx: RuleContext) -> Iterator[Finding]:
    """Why: `refer:` lets a department put the customer through to the one
    that answers. When that department refers them back (or on round a
    circle), every department sends the customer on and nobody answers.

    Bad:
    ```yaml
    answers:
      - by: customer-care
        refer: retentions
        say: I'll put you through to our Retentions team.
      - by: retentions
        refer: customer-care
        say: Customer Care handles cancellations.
    ```

    Good:
    ```yaml
    answers:
      - by: customer-care
        refer: retentions
        say: I'll put you through to our Retentions team, who can cancel it today.
      - by: retentions
        decision: cancel on this call
        say: I can cancel it for you now.
    ```

    Fix: let one department in the circle answer the question with a `decision`.
    """
    book = ctx.playbook
    for question in book.questions.values():
        referrals = [a for a in book.answers_to(question.id) if a.refer is not None]
        if not referrals:
            continue
        reported: set[frozenset[int]] = set()
        for start in referrals:
            cycle = _cycle_from(start, referrals, book.answers_to(question.id))
            if cycle is None or frozenset(map(id, cycle)) in reported:
                continue
            reported.add(frozenset(map(id, cycle)))
            path = " → ".join([_name(book, cycle[0].by), *(_name(book, a.refer) for a in cycle)])
            yield Finding(
                "referral-loop",
                f'for "{question.ask}" ({question.id}) the customer is put through {path}, and nobody in between '
                "answers it: let one of these departments give a `decision`",
                cycle[0].src.loc("refer"),
                related=tuple(Related(a.src.loc("refer"), f"{_name(book, a.by)} refers here") for a in cycle[1:10]),
                scope=("question", question.id),
            )


def _cycle_from(start: Answer, referrals: list[Answer], answers: list[Answer]) -> list[Answer] | None:
    """The referrals from `start` that lead back to its department with no decision on the way, or None."""
    chain = [start]
    while len(chain) <= MAX_CHAIN:
        last = chain[-1]
        if any(a.refer is None and a.by == last.refer and overlap(a, last) for a in answers):
            return None  # the department referred to answers these customers
        if last.refer == start.by:
            return chain
        following = next((a for a in referrals if a.by == last.refer and overlap(a, last) and a not in chain), None)
        if following is None:
            return None
        chain.append(following)
    return None
