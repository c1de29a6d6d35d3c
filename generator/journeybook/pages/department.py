"""A department's page: its journeys, the handoffs in and out, its answers and its people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Department, Journey, Step

if TYPE_CHECKING:
    from .site import Site


def department(site: Site, department: Department) -> dict:
    steps = site.steps_of.get(department.id, [])
    journeys: dict[str, tuple[Journey, list[Step]]] = {}
    for journey, step in steps:
        journeys.setdefault(journey.id, (journey, []))[1].append(step)
    handoffs_out, handoffs_in = [], []
    for journey_id in journeys:
        flow = site.flows.get(journey_id)
        for edge in getattr(flow, "edges", ()):
            if not edge.handoff:
                continue
            if edge.source.department == department.id:
                handoffs_out.append((journeys[journey_id][0], edge))
            elif edge.target.department == department.id:
                handoffs_in.append((journeys[journey_id][0], edge))
    answers = [a for a in site.book.answers if a.by == department.id and a.question in site.question_ids]
    return {
        "department": department,
        "lead": department.lead,
        "tools": [site.book.tools[t].name if t in site.book.tools else t for t in department.tools],
        "journeys": list(journeys.values()),
        "handoffs_out": handoffs_out,
        "handoffs_in": handoffs_in,
        "answers": answers,
        "people": [p for p in site.book.people.values() if p.department == department.id],
    }
