"""The home page and the section pages that list journeys, topics and a topic's questions."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..model import Question

if TYPE_CHECKING:
    from .paging import Paged
    from .site import Site, TopicView

HOME_LIMIT = 25  # journeys per segment and topics on the home page; the section pages list all
HOME_QUESTIONS = 10  # questions per topic on the home page; the topic's page lists all
RECENT_LIMIT = 10
_GUIDE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.md$")  # a hand-written top-level page the home page links


def home(site: Site) -> dict:
    example = next((q.also_asked[0] for q in site.questions if q.also_asked), None)
    if example is None and site.questions:
        example = site.questions[0].ask
    return {
        "example": example,
        "by_segment": site._journeys_by_segment(),
        "topics": site.topics(),
        "recent": recent(site),
        "limit": HOME_LIMIT,
        "per_topic": HOME_QUESTIONS,
        "guides": [(path, title) for path, title in site.guides if _GUIDE.match(path)],
    }


def journeys_index(site: Site, lists: list[Paged] | None = None) -> dict:
    """Every journey by segment, or (`lists`: a large playbook) each segment's count and pages."""
    return {"by_segment": [] if lists else site._journeys_by_segment(), "lists": lists}


def questions_index(site: Site, topics: Paged[TopicView]) -> dict:
    """The topics (in a large playbook, the first part of them: `lists.topic_list`) and the questions without one."""
    return {"topics": site.topics(), "list": topics, "part": topics.parts[0]}


def topic(site: Site, topic: TopicView) -> dict:
    return {"topic": topic}


def recent(site: Site) -> list[tuple[date, Question, list[str]]]:
    """Questions whose answers changed most recently in git: (date, question, departments that answer)."""
    if not site.file_dates:
        return []
    changed: list[tuple[date, Question, list[str]]] = []
    for question in site.questions:
        dates = [site.file_dates.get(question.file)]
        dates += [site.file_dates.get(a.src.file) for a in site.book.answers_to(question.id) if a.src]
        known = [d for d in dates if d is not None]
        if known:
            by = list(dict.fromkeys(site.department_name(a.by) for a in site.book.answers_to(question.id)))
            changed.append((max(known), question, by))
    changed.sort(key=lambda c: (-c[0].toordinal(), c[1].id))
    return changed[:RECENT_LIMIT]
