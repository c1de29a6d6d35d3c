"""Does the customer's story travel with them, so they never tell it twice? (customer-repeats, context-unavailable)"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from ..findings import Finding, Location, Related, Severity
from ..load import Scalar, Sequence
from ..model import Playbook, Step
from .base import RuleContext, rule
from .flow import describe
from .flow_analysis import EdgeFlow, Flow, department_name, step_name


@rule("customer-repeats", Severity.WARNING, "a step asks the customer for something they already gave")
def customer_repeats(ctx: RuleContext) -> Iterator[Finding]:
    """Why: customers hate telling their story, customer number and problem
    again at every handoff. If they gave it on every way to this step, the
    department must receive it with the handoff instead of asking again.

    Bad:
    ```yaml
    - id: diagnose
      department: hardware-support
      capture: [serial-number]
      next: [ship-part]          # a plain id carries nothing to Parts
    - id: ship-part
      department: parts
      capture: [serial-number]   # the customer is asked again
    ```

    Good:
    ```yaml
    - id: diagnose
      department: hardware-support
      capture: [serial-number]
      next:
        - step: ship-part
          carry: [serial-number]
    - id: ship-part
      department: parts
    ```

    Fix: add the item to the `carry` of the handoff that dropped it, and remove it from the step's `capture`.
    """
    book = ctx.playbook
    for journey in book.journeys.values():
        flow: Flow = ctx.flows[journey.id]
        trail = _Trail(flow)
        for step in flow.steps.values():
            if step.id not in flow.reachable:
                continue  # unreachable-step reports it
            for item in dict.fromkeys(step.capture):
                if item not in flow.gave_in[step.id]:
                    continue
                start = f"{describe(step, book)} asks the customer again for {item}, which they already gave; "
                related: tuple[Related, ...] = ()
                if item in flow.known_in[step.id]:
                    holder = department_name(book, step.department) or "this step"
                    message = start + f"{holder} already has it: remove it from capture"
                else:
                    dropped = trail.dropped_by(step, item)
                    if dropped is None:
                        message = start + "make sure it reaches this step and remove it from capture"
                    else:
                        message = (
                            start + f"{_handoff(dropped, book)} did not carry it: {_carry_fix(dropped, item)} "
                            "and remove it from capture"
                        )
                        related = (_related(dropped, item),)
                yield Finding(
                    "customer-repeats",
                    message,
                    _item_loc(step, "capture", item),
                    related=related,
                    scope=("journey", journey.id),
                )


@rule(
    "context-unavailable", Severity.ERROR, "a step needs something neither captured there nor known on every path to it"
)
def context_unavailable(ctx: RuleContext) -> Iterator[Finding]:
    """Why: the person sent to help cannot do it without the claim number or
    the serial number, so they call the customer back or guess. What a step
    needs must be asked for before and travel with every handoff to it.

    Bad:
    ```yaml
    - id: first-contact
      department: customer-care
      capture: [claim-number]
      next: [assess-damage]      # a plain id carries nothing to Claims
    - id: assess-damage
      department: claims
      needs: [claim-number]
    ```

    Good:
    ```yaml
    - id: first-contact
      department: customer-care
      capture: [claim-number]
      next:
        - step: assess-damage
          carry: [claim-number]
    - id: assess-damage
      department: claims
      needs: [claim-number]
    ```

    Fix: capture the item at an earlier step (or here) and add it to the `carry` of every handoff on the way.
    """
    book = ctx.playbook
    for journey in book.journeys.values():
        flow: Flow = ctx.flows[journey.id]
        trail = _Trail(flow)
        for step in flow.steps.values():
            if step.id not in flow.reachable:
                continue
            for item in dict.fromkeys(step.needs):
                if item in step.capture or item in flow.known_in[step.id]:
                    continue
                start = f"{describe(step, book)} needs {item}, but "
                related: tuple[Related, ...] = ()
                dropped = trail.dropped_by(step, item)
                if dropped is not None:
                    message = start + f"{_handoff(dropped, book)} did not carry it: {_carry_fix(dropped, item)}"
                    related = (_related(dropped, item),)
                elif flow.first is None or step.id == flow.first.id:
                    message = start + f"nobody has asked the customer for it yet: add {item} to this step's capture"
                elif (losing := _not_bringing(flow, step, item)) is not None:
                    message = (
                        start + f"it does not arrive over {_handoff(losing, book)}: "
                        f"{_carry_fix(losing, item)}, or capture it here"
                    )
                    related = (_related(losing, item),)
                elif trail.asked_before(step, item):
                    message = (
                        start + f"not every way to this step asks the customer for {item}: "
                        f"capture it at {flow.first.id} or here"
                    )
                else:
                    message = (
                        start + f"no step before asks the customer for {item}: capture it at {flow.first.id} or here"
                    )
                yield Finding(
                    "context-unavailable",
                    message,
                    _item_loc(step, "needs", item),
                    related=related,
                    scope=("journey", journey.id),
                )


def lost_at_handoffs(flow: Flow) -> dict[tuple[str, int], frozenset[str]]:
    """(source step id, index in its `next`) → the items whose loss there customer-repeats or context-unavailable
    reports: what the swim lanes draw red. An item left behind that no later step asks for again or needs is not
    a loss, and is not here."""
    trail = _Trail(flow)
    lost: dict[tuple[str, int], set[str]] = {}

    def blame(edge: EdgeFlow | None, item: str) -> None:
        if edge is not None:
            lost.setdefault((edge.source.id, edge.index), set()).add(item)

    for step in flow.steps.values():
        if step.id not in flow.reachable:
            continue
        for item in step.capture:  # customer-repeats
            if item in flow.gave_in[step.id] and item not in flow.known_in[step.id]:
                blame(trail.dropped_by(step, item), item)
        for item in step.needs:  # context-unavailable
            if item in step.capture or item in flow.known_in[step.id]:
                continue
            dropped = trail.dropped_by(step, item)
            if dropped is None and flow.first is not None and step.id != flow.first.id:
                dropped = _not_bringing(flow, step, item)
            blame(dropped, item)
    return {key: frozenset(items) for key, items in lost.items()}


class _Trail:
    """Where an item was lost or asked for on the way to each step of one journey, worked out once per item.

    Both questions are asked for many steps; answering them with one forward
    walk per item keeps the rules linear in the size of the journey.
    """

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self._dropped: dict[str, dict[str, EdgeFlow]] = {}
        self._asked: dict[str, set[str]] = {}

    def dropped_by(self, step: Step, item: str) -> EdgeFlow | None:
        """The nearest handoff before `step` that knew `item` and did not pass it on.

        Only edges over which the item did not arrive lead back to the
        culprit: a path that delivered it is not to blame for what happened
        before. A breadth-first walk forward from every dropping handoff finds,
        for every step, the one fewest steps back.
        """
        if item not in self._dropped:
            blame: dict[str, EdgeFlow] = {}
            queue: deque[str] = deque()
            for edge in self.flow.edges:
                if edge.source.id in self.flow.reachable and item in edge.dropped and edge.target.id not in blame:
                    blame[edge.target.id] = edge
                    queue.append(edge.target.id)
            while queue:
                step_id = queue.popleft()
                for edge in self.flow.outgoing[step_id]:
                    if item not in edge.carried and edge.target.id not in blame:
                        blame[edge.target.id] = blame[step_id]
                        queue.append(edge.target.id)
            self._dropped[item] = blame
        return self._dropped[item].get(step.id)

    def asked_before(self, step: Step, item: str) -> bool:
        """Does a step on some way to this one ask the customer for `item`?"""
        if item not in self._asked:
            after: set[str] = set()
            work = [s.id for s in self.flow.steps.values() if s.id in self.flow.reachable and item in s.capture]
            while work:
                for edge in self.flow.outgoing[work.pop()]:
                    if edge.target.id not in after:
                        after.add(edge.target.id)
                        work.append(edge.target.id)
            self._asked[item] = after
        return step.id in self._asked[item]


def _not_bringing(flow: Flow, step: Step, item: str) -> EdgeFlow | None:
    """The first handoff into `step` over which `item` does not arrive, when another way in does bring it.

    In a loop nobody is to blame by the forward walk (the item is lost on one
    way round), but the editor still needs to know which `next` entry to fix.
    """
    ways_in = [edge for edge in flow.incoming.get(step.id, []) if edge.source.id in flow.reachable]
    if not any(item in edge.carried for edge in ways_in):
        return None
    return next((edge for edge in ways_in if edge.handoff and item not in edge.carried), None)


def _handoff(edge: EdgeFlow, book: Playbook) -> str:
    return f"the handoff from {step_name(edge.source, book)} → {step_name(edge.target, book)}"


def _carry_fix(edge: EdgeFlow, item: str) -> str:
    if edge.edge.plain:
        return f"write that `next` entry as `{{step: {edge.target.id}, carry: [{item}]}}`"
    return f"add {item} to that handoff's carry"


def _related(edge: EdgeFlow, item: str) -> Related:
    return Related(edge.edge.src.loc("carry"), f"the handoff that did not carry {item}")


def _item_loc(step: Step, field: str, item: str) -> Location:
    """The item's own entry in the list (found by value: invalid entries were dropped from the model's tuple)."""
    if step.src.has(field):
        node = step.src.node.pairs[field][1]
        if isinstance(node, Sequence):
            for position, entry in enumerate(node.items):
                if isinstance(entry, Scalar) and entry.value == item:
                    return step.src.loc(field, position)
    return step.src.loc(field)
