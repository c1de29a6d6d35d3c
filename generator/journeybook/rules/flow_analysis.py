"""How a journey's steps connect and what information reaches each step, computed once per journey.

The flow and handoff rules and the site's swim-lane diagram read the same
`Flow`, so a diagram never disagrees with the checker. Everything here is
iterative (no recursion), so a journey of any length is safe, and linear or
close to it in the number of steps and edges.

Information flow is a "must" analysis over the step graph:

- known_out(s) = known_in(s) ∪ capture(s): what the step's department knows
  when it hands over.
- Over an edge to a step of the same department (or of an unknown or missing
  department, or anywhere when `shared_record: true`) everything known
  travels; over a handoff (both departments known and different) only
  `carry` ∩ known_out(s) travels. A plain-id `next` carries nothing.
- known_in(first) = ∅; known_in(s) = ∩ over incoming edges from reachable
  steps of what travelled over them.
- gave_out(s) = gave_in(s) ∪ capture(s); gave_in(first) = ∅; gave_in(s) =
  ∩ over incoming edges from reachable steps of gave_out(source): what the
  customer has already told us on every path, whether or not it travelled.

Loops are solved by starting every step other than the first at "everything"
and intersecting until nothing changes (the classic fixed point; visiting
steps in reverse post-order makes it converge in a few passes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..model import Edge, Journey, Playbook, Step


@dataclass(frozen=True)
class EdgeFlow:
    """One `next` entry whose target exists, and what travels over it."""

    source: Step
    target: Step
    edge: Edge
    index: int  # position in source.next
    handoff: bool  # both departments known and different
    carried: frozenset[str]  # what actually reaches the target's department over this edge
    dropped: frozenset[str]  # handoff only: known at the source (after its capture) but not carried


@dataclass
class Flow:
    """A journey's step graph and information flow. Step ids index every map; the first of two same-id steps wins.

    `known_in` and `gave_in` hold every step; an unreachable step holds ∅
    there (nothing reaches it), and rules skip unreachable steps anyway.
    """

    journey: Journey
    first: Step | None
    reachable: set[str]  # step ids reachable from the first step
    edges: list[EdgeFlow]  # every edge whose target exists, in file order
    incoming: dict[str, list[EdgeFlow]]
    known_in: dict[str, frozenset[str]]  # what the step's department knows on arrival, on every path
    gave_in: dict[str, frozenset[str]]  # what the customer already gave on every path to the step
    can_close: set[str]  # steps from which a closing step is reachable (closing steps included)
    steps: dict[str, Step] = field(default_factory=dict)  # id → step, in file order
    outgoing: dict[str, list[EdgeFlow]] = field(default_factory=dict)
    unknown_next: dict[str, list[Edge]] = field(default_factory=dict)  # `next` entries to steps that do not exist

    def known_out(self, step_id: str) -> frozenset[str]:
        """What the step's department knows when it hands over: known_in ∪ capture."""
        return self.known_in.get(step_id, frozenset()) | frozenset(self.steps[step_id].capture)

    def gave_out(self, step_id: str) -> frozenset[str]:
        """What the customer has given on every path up to and including this step."""
        return self.gave_in.get(step_id, frozenset()) | frozenset(self.steps[step_id].capture)

    @cached_property
    def back_edges(self) -> set[tuple[str, int]]:
        """The edges that go back into a loop, as (source id, index in its `next`).

        Found by a depth-first walk from the first step that follows `next`
        entries in order; the site draws them as rework arrows.
        """
        back: set[tuple[str, int]] = set()
        if self.first is None:
            return back
        on_stack: set[str] = {self.first.id}
        done: set[str] = set()
        stack: list[tuple[str, int]] = [(self.first.id, 0)]
        while stack:
            step_id, position = stack[-1]
            out = self.outgoing[step_id]
            if position == len(out):
                stack.pop()
                on_stack.discard(step_id)
                done.add(step_id)
                continue
            stack[-1] = (step_id, position + 1)
            target = out[position].target.id
            if target in on_stack:
                back.add((step_id, out[position].index))
            elif target not in done:
                on_stack.add(target)
                stack.append((target, 0))
        return back

    def forward_order(self) -> list[str]:
        """Reachable step ids in topological order once back edges are ignored (first step first)."""
        back = self.back_edges
        pending = {sid: 0 for sid in self.reachable}
        for e in self.edges:
            if e.source.id in self.reachable and (e.source.id, e.index) not in back:
                pending[e.target.id] += 1
        ready = [self.first.id] if self.first is not None else []
        order: list[str] = []
        while ready:
            step_id = ready.pop()
            order.append(step_id)
            for e in reversed(self.outgoing[step_id]):
                if (e.source.id, e.index) in back:
                    continue
                pending[e.target.id] -= 1
                if pending[e.target.id] == 0:
                    ready.append(e.target.id)
        return order

    def worst_path(self) -> tuple[int, list[Step]]:
        """The path from the first step to a closing step with the most handoffs, and that number.

        Loops are walked once: the back edges of a depth-first walk from the
        first step are ignored. Ties go to the path found first (earlier
        `next` entries, earlier steps). (0, []) when no closing step is reachable.
        """
        back = self.back_edges
        best: dict[str, tuple[int, EdgeFlow | None]] = {}
        worst: tuple[int, str] | None = None
        for step_id in self.forward_order():
            if step_id not in best:
                best[step_id] = (0, None)  # the first step
            count = best[step_id][0]
            if self.steps[step_id].closes and (worst is None or count > worst[0]):
                worst = (count, step_id)
            for e in self.outgoing[step_id]:
                if (e.source.id, e.index) in back:
                    continue
                candidate = count + e.handoff
                if e.target.id not in best or candidate > best[e.target.id][0]:
                    best[e.target.id] = (candidate, e)
        if worst is None:
            return 0, []
        path = [self.steps[worst[1]]]
        via = best[worst[1]][1]
        while via is not None:
            path.append(via.source)
            via = best[via.source.id][1]
        return worst[0], path[::-1]

    def loops(self) -> list[list[Step]]:
        """Groups of reachable steps the customer can go round and round (strongly connected, with a cycle).

        Each loop lists its steps in file order; loops are ordered by their
        first step. Tarjan's algorithm, written iteratively.
        """
        order = {sid: n for n, sid in enumerate(self.steps)}
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        components: list[list[str]] = []
        for root in self.steps:
            if root not in self.reachable or root in index:
                continue
            work: list[tuple[str, int]] = [(root, 0)]
            index[root] = low[root] = len(index)
            stack.append(root)
            on_stack.add(root)
            while work:
                step_id, position = work[-1]
                out = self.outgoing[step_id]
                if position < len(out):
                    work[-1] = (step_id, position + 1)
                    target = out[position].target.id
                    if target not in index:
                        index[target] = low[target] = len(index)
                        stack.append(target)
                        on_stack.add(target)
                        work.append((target, 0))
                    elif target in on_stack:
                        low[step_id] = min(low[step_id], index[target])
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[step_id])
                if low[step_id] == index[step_id]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == step_id:
                            break
                    components.append(component)
        result = []
        for component in components:
            members = set(component)
            if len(component) > 1 or any(e.target.id in members for e in self.outgoing[component[0]]):
                result.append([self.steps[sid] for sid in sorted(component, key=order.__getitem__)])
        result.sort(key=lambda loop: order[loop[0].id])
        return result


def is_handoff(source: Step, target: Step, book: Playbook) -> bool:
    """A change between two known departments. A missing or unknown department is never a handoff."""
    return (
        source.department in book.departments
        and target.department in book.departments
        and source.department != target.department
    )


def department_name(book: Playbook, department_id: str | None) -> str | None:
    """The department's name as staff know it; its id when it is not in org.yaml; None when missing."""
    if department_id is None:
        return None
    department = book.departments.get(department_id)
    return department.name if department else department_id


def step_name(step: Step, book: Playbook) -> str:
    """`ship-part (Parts)`: how messages and diagrams name a step."""
    department = department_name(book, step.department)
    return f"{step.id} ({department})" if department else step.id


def analyse(journey: Journey, book: Playbook) -> Flow:
    """Build the step graph of one journey and solve what is known and given at each step."""
    steps: dict[str, Step] = {}
    for step in journey.steps:
        steps.setdefault(step.id, step)  # a repeated id is duplicate-id's to report; the first one counts
    first = journey.steps[0] if journey.steps else None
    shared = book.settings.shared_record

    links: list[tuple[Step, Step, Edge, int, bool]] = []
    unknown_next: dict[str, list[Edge]] = {sid: [] for sid in steps}
    for step in steps.values():
        for position, edge in enumerate(step.next):
            target = steps.get(edge.step)
            if target is None:
                unknown_next[step.id].append(edge)  # unknown-reference reports it
            else:
                links.append((step, target, edge, position, is_handoff(step, target, book)))

    successors: dict[str, list[str]] = {sid: [] for sid in steps}
    predecessors: dict[str, list[tuple[Step, Edge, bool]]] = {sid: [] for sid in steps}
    for source, target, edge, _, handoff in links:
        successors[source.id].append(target.id)
        predecessors[target.id].append((source, edge, handoff))

    order = _reverse_post_order(first.id, successors) if first is not None else []
    reachable = set(order)
    known_in, gave_in = _solve(steps, order, predecessors, first, shared)

    edges: list[EdgeFlow] = []
    incoming: dict[str, list[EdgeFlow]] = {sid: [] for sid in steps}
    outgoing: dict[str, list[EdgeFlow]] = {sid: [] for sid in steps}
    for source, target, edge, position, handoff in links:
        known = known_in[source.id] | frozenset(source.capture)
        carried = _travels(known, edge, handoff, shared)
        flow_edge = EdgeFlow(
            source, target, edge, position, handoff, carried, known - carried if handoff else frozenset()
        )
        edges.append(flow_edge)
        incoming[target.id].append(flow_edge)
        outgoing[source.id].append(flow_edge)

    return Flow(
        journey=journey,
        first=first,
        reachable=reachable,
        edges=edges,
        incoming=incoming,
        known_in=known_in,
        gave_in=gave_in,
        can_close=_can_close(steps, predecessors),
        steps=steps,
        outgoing=outgoing,
        unknown_next=unknown_next,
    )


def _travels(known: frozenset[str], edge: Edge, handoff: bool, shared: bool) -> frozenset[str]:
    if not handoff or shared:
        return known
    return known & frozenset(edge.carry)


def _reverse_post_order(start: str, successors: dict[str, list[str]]) -> list[str]:
    """Steps reachable from `start`, each before the steps it leads to (loops aside)."""
    seen = {start}
    post: list[str] = []
    stack: list[tuple[str, int]] = [(start, 0)]
    while stack:
        step_id, position = stack[-1]
        out = successors[step_id]
        if position == len(out):
            stack.pop()
            post.append(step_id)
            continue
        stack[-1] = (step_id, position + 1)
        target = out[position]
        if target not in seen:
            seen.add(target)
            stack.append((target, 0))
    return post[::-1]


def _solve(
    steps: dict[str, Step],
    order: list[str],
    predecessors: dict[str, list[tuple[Step, Edge, bool]]],
    first: Step | None,
    shared: bool,
) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """known_in and gave_in for every step: the greatest fixed point of the intersections (see module doc)."""
    everything = frozenset(item for step in steps.values() for item in step.capture)
    reachable = set(order)
    known_in = {sid: (everything if sid in reachable else frozenset()) for sid in steps}
    gave_in = dict(known_in)
    if first is not None:
        known_in[first.id] = gave_in[first.id] = frozenset()
    changed = True
    while changed:
        changed = False
        for step_id in order:
            if step_id == first.id:
                continue
            known, gave = everything, everything
            for source, edge, handoff in predecessors[step_id]:
                if source.id not in reachable:
                    continue
                captured = frozenset(source.capture)
                known &= _travels(known_in[source.id] | captured, edge, handoff, shared)
                gave &= gave_in[source.id] | captured
            if known != known_in[step_id] or gave != gave_in[step_id]:
                known_in[step_id], gave_in[step_id] = known, gave
                changed = True
    return known_in, gave_in


def _can_close(steps: dict[str, Step], predecessors: dict[str, list[tuple[Step, Edge, bool]]]) -> set[str]:
    found = {sid for sid, step in steps.items() if step.closes}
    work = list(found)
    while work:
        for source, _, _ in predecessors[work.pop()]:
            if source.id not in found:
                found.add(source.id)
                work.append(source.id)
    return found
