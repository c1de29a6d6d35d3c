"""A journey's page: swim lanes, each step with what to say and capture, handoffs, targets."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import svg
from ..answering import answers_for_step
from ..model import Journey, Step
from .text import ID

if TYPE_CHECKING:
    from .site import Site


def journey(site: Site, journey: Journey) -> dict:
    flow = site.flows.get(journey.id)
    steps = unique_steps(journey)
    number = {step.id: n for n, step in enumerate(steps, 1)}
    outgoing: dict[str, list] = defaultdict(list)
    for edge in getattr(flow, "edges", ()):
        outgoing[edge.source.id].append(edge)
    views = []
    for step in steps:
        known = flow.known_in.get(step.id, frozenset()) if flow is not None else frozenset()
        handoffs, nexts = [], []
        for edge in outgoing[step.id]:
            order = list(edge.edge.carry)
            carried = [i for i in order if i in edge.carried] + sorted(edge.carried - set(order))
            entry = {
                "target": edge.target,
                "number": number.get(edge.target.id),
                "carried": carried,
                "dropped": sorted(edge.dropped),
            }
            (handoffs if edge.handoff else nexts).append(entry)
        views.append(
            {
                "step": step,
                "number": number[step.id],
                "says": [_say(site, journey, step, q) for q in dict.fromkeys(step.say) if q in site.question_ids],
                "capture": [(item, item in known) for item in step.capture],
                "tools": [site.book.tools[t].name if t in site.book.tools else t for t in step.tools],
                "handoffs": handoffs,
                "nexts": nexts,
            }
        )
    handoffs, worst = flow.worst_path() if flow is not None else (0, [])
    max_handoffs = journey.targets.max_handoffs if journey.targets else None
    if max_handoffs is None:
        max_handoffs = site.book.settings.defaults.max_handoffs
    lanes = svg.swim_lane(journey, svg.arrows_from_flow(flow), site.department_name)
    owner_team = site.book.departments.get(site.book.department_of(journey.owner) or "")
    return {
        "journey": journey,
        "owner_team": owner_team,
        "steps": views,
        "lanes": Markup(lanes),
        "segments": [site._segment_name(s) for s in journey.segments],
        "worst_handoffs": handoffs,
        "worst_path": worst,
        "max_handoffs": max_handoffs,
        "review_due": site._review_due(journey.review_by, journey.src.file if journey.src else None),
    }


def _say(site: Site, journey: Journey, step: Step, question_id: str) -> dict:
    question = site.book.questions[question_id]
    answers = answers_for_step(site.book, question_id, step.department, journey.segments, journey.channels, site.today)
    return {"question": question, "answers": answers}


def unique_steps(journey: Journey) -> list[Step]:
    """The journey's steps in file order; the first of two same-id steps wins (duplicate-id reports the other)."""
    seen: set[str] = set()
    steps = []
    for step in journey.steps:
        if step.id not in seen and ID.fullmatch(step.id):
            seen.add(step.id)
            steps.append(step)
    return steps
