"""Does someone own the customer's problem, and is there a way to make things right? (owner-missing, no-recovery)"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Location, Severity
from ..load import Scalar
from ..schema import Source
from .base import RuleContext, rule


def _written(src: Source | None, name: str) -> bool:
    """A non-empty value is written: when the model has none, the schema rejected it and already said so."""
    if src is None or not src.has(name):
        return False
    node = src.node.pairs[name][1]  # type: ignore[union-attr]
    return not (isinstance(node, Scalar) and node.null)


def _where(src: Source, name: str) -> tuple[Location, str]:
    """The empty `owner:` key when it is written but empty, else the entity's id; and what to do about it."""
    return (src.key_loc(name), f"fill in `{name}:`") if src.has(name) else (src.loc("id"), f"add `{name}:`")


@rule("owner-missing", Severity.ERROR, "a journey, question, department, step or recovery without an owner")
def owner_missing(ctx: RuleContext) -> Iterator[Finding]:
    """Why: when every department owns a piece of the problem, nobody owns the
    customer's problem: each piece is closed as "solved" while the customer
    still waits. Every journey, question, department, step and recovery needs
    one named person or department who answers for it.

    Bad:
    ```yaml
    id: laptop-will-not-charge
    title: My laptop won't charge
    steps:
      - id: first-contact
        title: Take the call
    ```

    Good:
    ```yaml
    id: laptop-will-not-charge
    title: My laptop won't charge
    owner: dana-lee
    steps:
      - id: first-contact
        title: Take the call
        department: customer-care
    ```

    Fix: add `owner:` (a person's id), `lead:` to a department, or `department:` to a step.
    """
    book = ctx.playbook
    for journey in book.journeys.values():
        scope = ("journey", journey.id)
        if journey.owner is None and not _written(journey.src, "owner"):
            at, fix = _where(journey.src, "owner")
            yield Finding(
                "owner-missing",
                f'journey "{journey.id}" has no owner: {fix} with the id of the one person accountable '
                "for the customer's problem from first contact until the customer confirms it is solved",
                at,
                scope=scope,
            )
        for step in journey.steps:
            if step.department is None and not _written(step.src, "department"):
                at, fix = _where(step.src, "department")
                yield Finding(
                    "owner-missing",
                    f'step "{step.id}" has no department: {fix} with the id of the department that does this '
                    "step, so staff know who picks up the customer here",
                    at,
                    scope=scope,
                )
        for recovery in journey.recovery:
            if recovery.owner is None and not _written(recovery.src, "owner"):
                fix = "fill in `owner:`" if recovery.src.has("owner") else "add `owner:`"
                yield Finding(
                    "owner-missing",
                    f'the recovery for "{recovery.trigger}" has no owner: {fix} with the id of the person '
                    "who makes it right with the customer",
                    recovery.src.key_loc("owner"),
                    scope=scope,
                )
    topics_by_file = {topic.src.file: topic for topic in book.topics}
    for question in book.questions.values():
        topic = topics_by_file.get(question.file)
        if (
            question.owner is None
            and not _written(question.src, "owner")
            and not _written(topic and topic.src, "owner")
        ):
            at, _ = _where(question.src, "owner")
            fix = (
                "fill in its `owner:`, or add `owner:` to the topic"
                if question.src.has("owner")
                else "add `owner:` to the question, or to the topic"
            )
            yield Finding(
                "owner-missing",
                f'question "{question.id}" has no owner: {fix} at the top of the file, with the id of the person '
                "accountable for its answers",
                at,
                scope=("question", question.id),
            )
    for department in book.departments.values():
        if department.lead is None and not _written(department.src, "lead"):
            at, fix = _where(department.src, "lead")
            yield Finding(
                "owner-missing",
                f"{department.name} has no lead: {fix} with the id of the person accountable for the "
                "department, who answers for its part of every journey",
                at,
                scope=("department", department.id),
            )


@rule("no-recovery", Severity.INFO, "a journey without a service recovery path")
def no_recovery(ctx: RuleContext) -> Iterator[Finding]:
    """Why: parts arrive late, call backs get missed. A customer whose problem
    went wrong once and then meets staff with no plan tells everyone. A recovery
    entry says who makes it right and what they do, before it happens.

    Bad:
    ```yaml
    id: laptop-will-not-charge
    owner: dana-lee
    steps: [...]
    ```

    Good:
    ```yaml
    id: laptop-will-not-charge
    owner: dana-lee
    steps: [...]
    recovery:
      - trigger: The replacement part arrives damaged or late
        owner: dana-lee
        do: [Call the customer the same day, Ship by express at our cost]
    ```

    Fix: add `recovery:` with what goes wrong most often, who makes it right and what they do.
    """
    for journey in ctx.playbook.journeys.values():
        if not journey.recovery:
            yield Finding(
                "no-recovery",
                f'journey "{journey.id}" has no service recovery: add `recovery:` with what most often goes '
                "wrong for the customer (a late part, a missed call back), who makes it right and what they do",
                journey.src.loc("id"),
                scope=("journey", journey.id),
            )
