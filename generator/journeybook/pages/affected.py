"""What an edit of playbook files can change in the site, so `serve` re-renders only those pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..audits.pages import audit_affected
from ..model import Answer, classify
from ..schema import Source
from .lists import with_their_parts
from .site import Site, make_site

if TYPE_CHECKING:
    from ..check import CheckResult


def pages_affected(
    before: CheckResult, after: CheckResult, changed: Iterable[str], audience: str = "staff", site: Site | None = None
) -> set[str] | None:
    """The pages whose Markdown an edit of the playbook files `changed` can have changed — or None for "any page".

    `serve` re-renders only these. Within the changed journey and policy files, the journeys, questions,
    answers and topics that differ (compared without their line numbers, so an entity that only moved
    does not count) reach: a journey's page, the questions its steps say and its steps' departments; a
    question's page, its topic's page, the journeys that say it and the departments that answer it; an
    answer's question and department — each as it was before the edit and as it is after. The lists that
    show them are re-rendered too, the home and health pages always. Settings, org.yaml and segments.yaml
    reach every page, as does a new day or a new commit (review dates). `site` is `after`'s, when the caller
    has it already.
    """
    changed = set(changed)
    if any(classify(path) not in ("journey", "policy") for path in changed):
        return None
    if before.context.today != after.context.today or before.context.file_dates != after.context.file_dates:
        return None
    old, new = before.playbook, after.playbook
    try:
        journeys = _differing_ids(old.journeys, new.journeys, changed, lambda j: j.src.file if j.src else None)
        questions = _differing_ids(old.questions, new.questions, changed, lambda q: q.file)
        answers = _differing(old.answers, new.answers, changed)
        listed = _differing(old.answers, new.answers, changed, key=_as_listed)  # on their department's page
        topics = _differing(old.topics, new.topics, changed)
    except TypeError:  # a value that cannot be compared this way: take every page of the changed files' kind
        return None
    paths = set()
    if journeys:
        paths |= {"index.md", "journeys/index.md", "people.md"}
    if questions or topics:
        paths |= {"index.md", "questions/index.md", "people.md"}
    if questions or any(a.effective and (a.effective.start or date.min) > after.context.today for a in answers):
        paths.add("changes/index.md")  # its "Changing soon" list (the history itself changes only with a commit)
    if journeys or questions or topics or before.findings != after.findings or len(old.files) != len(new.files):
        paths.add("health.md")  # findings, handoffs per journey, owners' workload
    paths.update(f"topics/{topic.id}.md" for topic in topics if topic.id)
    asked = set(questions)  # their words or owner changed: shown on topic pages and departments' lists too
    answered = {answer.question for answer in answers}  # what they are answered changed
    departments = {answer.by for answer in listed}
    site = site or make_site(after, audience, ())
    for result, shown in ((before, make_site(before, audience, ())), (after, site)):
        book = result.playbook
        for journey_id in journeys:
            paths.add(f"journeys/{journey_id}.md")
            journey = book.journeys.get(journey_id)
            for step in journey.steps if journey else ():
                paths.update(f"questions/{question_id}.md" for question_id in step.say)  # "Used in"
                departments.add(step.department)
        for question_id in asked | answered:
            paths.add(f"questions/{question_id}.md")
            paths.update(f"journeys/{journey.id}.md" for journey, _ in shown.uses.get(question_id, ()))
        for question_id in asked:
            departments.update(answer.by for answer in book.answers_to(question_id))
            question = book.questions.get(question_id)
            if question is not None and question.topic:
                paths.add(f"topics/{question.topic}.md")
    paths.update(f"departments/{department}.md" for department in departments if department)
    paths |= audit_affected((old, new), set(journeys), asked | answered)  # test calls: kits, what was heard
    return with_their_parts(paths, [spec.path for spec in site.plan()])  # a long list's other pages


def _differing_ids(before: dict, after: dict, files: set[str], file_of: Callable) -> set[str]:
    """Ids of the entities defined in `files`, before or after, that are not the same on both sides."""
    ids = {key for side in (before, after) for key, entity in side.items() if file_of(entity) in files}
    return {key for key in ids if _content(before.get(key)) != _content(after.get(key))}


def _differing(before: list, after: list, files: set[str], key: Callable | None = None) -> list:
    """The entities from `files` (with a `src`) on one side that have no equal (by `key`, default all of their
    content) on the other."""
    key = key or _content
    counts: dict = {}
    for sign, side in ((1, before), (-1, after)):
        for entity in side:
            if entity.src is not None and entity.src.file in files:
                identity = key(entity)
                count, entities = counts.get(identity, (0, []))
                counts[identity] = (count + sign, [*entities, entity])
    return [entity for count, entities in counts.values() if count for entity in entities]


# A question's answers and a topic's questions are compared on their own: an edited answer is not an edited topic.
_COMPARED_APART = {"Question": ("answers",), "Topic": ("questions", "answers")}


def _as_listed(answer: Answer) -> tuple:
    """What a department's page shows of an answer (department.md.j2): its question, decision and conditions."""
    return (
        answer.question,
        answer.by,
        answer.decision,
        answer.refer,
        _content(answer.when),
        _content(answer.effective),
    )


def _content(value: object) -> object:
    """A value as hashable, comparable data without where it came from (`Source`): moving an entity within
    its file does not change it. Raises TypeError for a value that is not hashable."""
    if isinstance(value, Source):
        return None
    if is_dataclass(value) and not isinstance(value, type):
        kind = type(value).__name__
        skip = _COMPARED_APART.get(kind, ())
        return (kind, *(_content(getattr(value, f.name)) for f in fields(value) if f.name not in skip))
    if isinstance(value, (list, tuple)):
        return tuple(_content(item) for item in value)
    if isinstance(value, dict):
        return tuple((key, _content(item)) for key, item in value.items())
    if isinstance(value, (set, frozenset)):
        return frozenset(_content(item) for item in value)
    hash(value)
    return value
