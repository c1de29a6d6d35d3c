"""A department's page: its journeys, the handoffs in and out, its answers and its people; long lists on pages
of their own."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from ..model import Department, Journey, Step
from .paging import Paged, Part, paged
from .text import slug

if TYPE_CHECKING:
    from .site import Site

PAGE_BYTES = 90_000  # of list rows on one page: about 110 KB of HTML with the theme's frame (~10 KB)
# list → (file name beside the department's page, title, a row's usual size in bytes of Markdown at size L)
SECTIONS = {
    "journeys": ("journeys", "Journeys and steps", 400),
    "handoffs_in": ("handed-in", "Cases handed to {}", 450),
    "handoffs_out": ("handed-on", "Cases {} hands on", 450),
    "answers": ("answers", "Questions {} answers", 250),
}


def department_rows(site: Site, department: Department) -> dict:
    """The department's lists (computed when the site is planned: their length decides its pages)."""
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
    answers = site.answers_by.get(department.id, [])
    return {
        "journeys": list(journeys.values()),
        "handoffs_out": handoffs_out,
        "handoffs_in": handoffs_in,
        "answers": answers,
    }


def department_lists(site: Site, department: Department, rows: dict) -> dict[str, Paged]:
    """The lists that move to pages of their own, longest first, until the rest fit the department's page (none
    in a small playbook); each in parts of at most `PAGE_BYTES` of rows, by name."""
    size = {key: len(rows[key]) * row_bytes for key, (_, _, row_bytes) in SECTIONS.items()}
    moved: list[str] = []
    for key in sorted(size, key=lambda key: -size[key]):
        if sum(size[key] for key in size if key not in moved) <= PAGE_BYTES:
            break
        moved.append(key)
    questions = site.book.questions
    name = {"answers": lambda answer: questions[answer.question].ask}
    lists = {}
    for key in [key for key in SECTIONS if key in moved]:  # in the page's order
        file, title, row_bytes = SECTIONS[key]
        base = f"departments/{slug(department.id)}/{file}"
        by = name.get(key, lambda row: row[0].title)
        lists[key] = paged(title.format(department.name), base, rows[key], PAGE_BYTES // row_bytes, by)
    return lists


def department(site: Site, department: Department, rows: dict, lists: dict[str, Paged]) -> dict:
    return {
        "department": department,
        "lead": department.lead,
        "tools": [site.book.tools[t].name if t in site.book.tools else t for t in department.tools],
        **rows,
        "lists": lists,
        "people": [p for p in site.book.people.values() if p.department == department.id],
    }


def department_specs(department: Department, lists: dict[str, Paged]) -> Iterator[dict]:
    """The pages of the department's long lists, as PageSpec fields (`Site.plan` makes them PageSpecs)."""
    for section, group in lists.items():
        for part in group.parts:
            title = f"{group.title}" + (f" ({part.label})" if part.label else "")
            context = partial(department_part, department, section, group, part)
            yield {"path": part.path, "template": "department_part.md.j2", "title": title, "context": context}


def department_part(department: Department, section: str, group: Paged, part: Part) -> dict:
    """One page of a department's long list."""
    return {"department": department, "section": section, "list": group, "part": part}
