"""Does someone take the customer's problem all the way to a confirmed close? (unreachable-step, dead-end,
closure-without-confirmation, closed-by-non-owner, too-many-handoffs)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..findings import Finding, Related, Severity
from ..load import Scalar, Sequence
from ..model import Journey, Playbook, Step
from .base import RuleContext, rule
from .flow_analysis import Flow, department_name, step_name


def describe(step: Step, book: Playbook) -> str:
    """`step "ship-part" (Parts)`: the id quoted, since that is what the editor types."""
    department = department_name(book, step.department)
    return f'step "{step.id}"' + (f" ({department})" if department else "")


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@rule("unreachable-step", Severity.ERROR, "a step no path from the first step reaches")
def unreachable_step(ctx: RuleContext) -> Iterator[Finding]:
    """Why: a step nobody is ever sent to is work that never happens. Usually
    a `next:` was forgotten or points elsewhere, and the customer skips a step
    the journey promised them (the callback, the refund).

    Bad:
    ```yaml
    steps:
      - id: first-contact
        department: customer-care
        next: [confirm-fixed]
      - id: ship-part            # nobody sends the customer here
        department: parts
        next: [confirm-fixed]
      - id: confirm-fixed
        department: customer-care
        closes: true
        confirm: The customer says the laptop charges.
    ```

    Good:
    ```yaml
    steps:
      - id: first-contact
        department: customer-care
        next: [ship-part]
      - id: ship-part
        department: parts
        next: [confirm-fixed]
      - id: confirm-fixed
        department: customer-care
        closes: true
        confirm: The customer says the laptop charges.
    ```

    Fix: list the step under `next:` of the step the customer comes from, or remove it.
    """
    book = ctx.playbook
    for journey in book.journeys.values():
        flow: Flow = ctx.flows[journey.id]
        if flow.first is None:
            continue
        for step in flow.steps.values():
            if step.id not in flow.reachable:
                yield Finding(
                    "unreachable-step",
                    f'no path from the first step "{flow.first.id}" reaches {describe(step, book)}: add "{step.id}" '
                    "to the `next:` of the step the customer comes from, or remove this step",
                    step.src.loc("id"),
                    scope=("journey", journey.id),
                )


@rule(
    "dead-end", Severity.ERROR, "a path that ends at a step that does not close the journey, or a loop with no way out"
)
def dead_end(ctx: RuleContext) -> Iterator[Finding]:
    """Why: every piece of the problem gets closed and the customer's problem
    stays open. A step with nowhere to go leaves the customer waiting for a
    call that never comes; a loop with no exit (test, repair, test again)
    keeps them there for ever.

    Bad:
    ```yaml
    steps:
      - id: first-contact
        department: customer-care
        next: [ship-part]
      - id: ship-part            # and then?
        department: parts
    ```

    Good:
    ```yaml
    steps:
      - id: first-contact
        department: customer-care
        next: [ship-part]
      - id: ship-part
        department: parts
        next: [confirm-fixed]
      - id: confirm-fixed
        department: customer-care
        closes: true
        confirm: The customer says the laptop charges.
    ```

    Fix: add a `next:` towards the step that closes the problem, or mark the step `closes: true` with a `confirm:`.
    """
    book = ctx.playbook
    for journey in book.journeys.values():
        flow: Flow = ctx.flows[journey.id]
        findings = [*_dead_steps(journey, flow, book), *_closed_loops(journey, flow, book)]
        if findings and not any(step.closes for step in flow.steps.values()):
            # With nothing that closes, every path is a dead end: one finding names the root cause.
            first = findings[0]
            yield replace(first, message=first.message + "; no step of this journey closes the customer's problem yet")
        else:
            yield from findings


def _dead_steps(journey: Journey, flow: Flow, book: Playbook) -> Iterator[Finding]:
    for step in flow.steps.values():
        if step.id in flow.reachable and not step.closes and not step.next and not _declares_next(step):
            yield Finding(
                "dead-end",
                f"the customer is left at {describe(step, book)} with nobody to take them further: "
                "add `next:` or `closes: true`",
                step.src.loc("id"),
                scope=("journey", journey.id),
            )


def _declares_next(step: Step) -> bool:
    """`next:` was written but none of it was valid: the schema rule has already said so."""
    if not step.src.has("next"):
        return False
    node = step.src.node.pairs["next"][1]
    return not (isinstance(node, Scalar) and node.null) and not (isinstance(node, Sequence) and not node.items)


def _closed_loops(journey: Journey, flow: Flow, book: Playbook) -> Iterator[Finding]:
    """Loops none of whose steps can reach closure and that nothing leaves: where the customer ends up stuck.

    A loop that leads out to other stuck steps is not reported: the step or
    loop where those paths end is, once. A loop with a `next` to a step that
    does not exist is unknown-reference's to report.
    """
    for loop in flow.loops():
        members = {step.id for step in loop}
        if members & flow.can_close:
            continue
        if any(e.target.id not in members for step in loop for e in flow.outgoing[step.id]):
            continue
        if any(flow.unknown_next[step.id] for step in loop):
            continue
        if len(loop) == 1:
            what = f"{describe(loop[0], book)} only leads back to itself"
        else:
            names = [describe(step, book).removeprefix("step ") for step in loop]
            what = f"steps {_and(names)} lead only to each other"
        yield Finding(
            "dead-end",
            f"the customer goes round a loop with no way out: {what}, never on to a step that closes the problem; "
            "add a `next:` out of the loop, or `closes: true` where the problem is solved",
            loop[0].src.loc("id"),
            related=tuple(Related(step.src.loc("id"), f'step "{step.id}" is part of the loop') for step in loop[1:]),
            scope=("journey", journey.id),
        )


@rule("closure-without-confirmation", Severity.ERROR, "a closing step without confirm")
def closure_without_confirmation(ctx: RuleContext) -> Iterator[Finding]:
    """Why: a problem is solved when the customer says so, not when a
    department finishes its piece. Without `confirm:` nobody knows what the
    customer must confirm, and the case is closed while the problem stays open.

    Bad:
    ```yaml
    - id: confirm-fixed
      department: customer-care
      closes: true
    ```

    Good:
    ```yaml
    - id: confirm-fixed
      department: customer-care
      closes: true
      confirm: The customer says the laptop charges and starts.
    ```

    Fix: add `confirm:` with what the customer says before the problem may be closed.
    """
    book = ctx.playbook
    for journey in book.journeys.values():
        for step in ctx.flows[journey.id].steps.values():
            if step.closes and not (step.confirm or "").strip():
                yield Finding(
                    "closure-without-confirmation",
                    f"{describe(step, book)} closes the customer's problem without `confirm:`: write what the customer "
                    "must confirm before it is closed, e.g. `confirm: The customer says the laptop charges.`",
                    step.src.key_loc("closes"),
                    scope=("journey", journey.id),
                )


@rule(
    "closed-by-non-owner", Severity.WARNING, "a department other than the journey owner's closes the customer's problem"
)
def closed_by_non_owner(ctx: RuleContext) -> Iterator[Finding]:
    """Why: the journey's owner answers for the customer's whole problem. When
    another department closes it, it closes its own piece, and nobody who owns
    the problem hears whether the customer is really helped.

    Bad:
    ```yaml
    owner: dana-lee                # Customer Care
    steps:
      - id: ship-part
        department: parts
        closes: true
        confirm: The part has been shipped.
    ```

    Good:
    ```yaml
    owner: dana-lee                # Customer Care
    steps:
      - id: ship-part
        department: parts
        next: [confirm-fixed]
      - id: confirm-fixed
        department: customer-care
        closes: true
        confirm: The customer says the laptop charges.
    ```

    Fix: let the owner's department close it with the customer, or make someone in the closing department the owner.
    """
    book = ctx.playbook
    for journey in book.journeys.values():
        owner = book.people.get(journey.owner or "")
        if owner is None or owner.department not in book.departments:
            continue  # owner-missing or unknown-reference reports it
        owning = book.departments[owner.department]
        for step in ctx.flows[journey.id].steps.values():
            closing = book.departments.get(step.department or "")
            if not step.closes or closing is None or closing.id == owning.id:
                continue
            yield Finding(
                "closed-by-non-owner",
                f"{describe(step, book)} closes the customer's problem, but the journey's owner {owner.name} is in "
                f"{owning.name}: let {owning.name} close it once the customer confirms it is solved, "
                f"or make someone in {closing.name} the owner",
                step.src.loc("department"),
                related=(Related(journey.src.loc("owner"), f"the journey's owner, {owner.name} ({owning.name})"),),
                scope=("journey", journey.id),
            )


@rule(
    "too-many-handoffs",
    Severity.WARNING,
    "a path from first contact to closure changes department more than max_handoffs times",
)
def too_many_handoffs(ctx: RuleContext) -> Iterator[Finding]:
    """Why: every handoff is a new person, a wait, and a chance to lose the
    customer's story. Customers passed from department to department give up
    or complain, even when each department did its piece right.

    Bad:
    ```yaml
    targets: {max_handoffs: 2}
    steps:
      - {id: first-contact, department: customer-care, next: [diagnose]}
      - {id: diagnose, department: hardware-support, next: [ship-part]}
      - {id: ship-part, department: parts, next: [confirm-fixed]}
      - {id: confirm-fixed, department: customer-care, closes: true, confirm: It charges.}
    ```

    Good:
    ```yaml
    targets: {max_handoffs: 2}
    steps:
      - {id: first-contact, department: customer-care, next: [diagnose]}
      - {id: diagnose, department: hardware-support, next: [ship-part]}
      - {id: ship-part, department: hardware-support, next: [confirm-fixed]}
      - {id: confirm-fixed, department: customer-care, closes: true, confirm: It charges.}
    ```

    Fix: let one department do more of the work, or raise `targets.max_handoffs` if every handoff is needed.
    """
    book = ctx.playbook
    for journey in book.journeys.values():
        own = journey.targets.max_handoffs if journey.targets else None
        allowed = own if own is not None else book.settings.defaults.max_handoffs
        count, path = ctx.flows[journey.id].worst_path()
        if count <= allowed:
            continue
        where = journey.targets.src.loc("max_handoffs") if own is not None else journey.src.loc("id")
        defaults = book.settings.defaults.src
        related = (
            (Related(defaults.loc("max_handoffs"), "the organisation's default limit"),)
            if own is None and defaults is not None and defaults.has("max_handoffs")
            else ()
        )
        route = " → ".join(step_name(step, book) for step in path)
        yield Finding(
            "too-many-handoffs",
            f"{route}: {count} handoffs, more than the {allowed} allowed; let one department do more of the work, "
            "or raise `targets.max_handoffs` if every handoff is needed",
            where,
            related=related,
            scope=("journey", journey.id),
        )
