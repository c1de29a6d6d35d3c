"""The playbook as the site sees it: what an audience may see, the cross-references pages need, and the plan of
every page (path, template, title, and the page-kind module that computes its context)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from jinja2 import Environment
from markupsafe import Markup

from .. import changes_page, svg
from ..answering import conditions_in_words
from ..audits.pages import audit_pages, audit_view
from ..findings import Finding
from ..model import Answer, Journey, Person, Playbook, Question, Step
from .department import department as department_context
from .department import department_lists, department_rows, department_specs
from .health import health as health_context
from .home import home as home_context
from .home import journeys_index, questions_index
from .home import topic as topic_context
from .journey import journey as journey_context
from .journey import unique_steps
from .lists import journey_lists, list_specs, people_list, topic_list
from .people import people as people_context
from .question import question as question_context
from .text import ID, Page, front_matter, link_to, md, slug, step_link

if TYPE_CHECKING:
    from ..check import CheckResult

AUDIENCES = ("staff", "public")


def make_site(result: CheckResult, audience: str, guides: Sequence[tuple[str, str]]) -> Site:
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    context = result.context
    return Site(
        result.playbook, result.findings, audience, context.today, context.file_dates, context.flows, tuple(guides)
    )


@dataclass(frozen=True)
class PageSpec:
    """A page before rendering: where it goes, its template, and how to get the template's context."""

    path: str
    template: str
    title: str
    context: Callable[[], dict]
    hide: tuple[str, ...] = ()
    nav_title: str | None = None


@dataclass(frozen=True)
class TopicView:
    """The questions of one topic as the site shows them; `id` is None for questions without a usable topic."""

    id: str | None
    title: str
    owner: str | None
    questions: tuple[Question, ...]


@dataclass
class Site:
    """The playbook seen from the site: what an audience may see, and the cross-references pages need."""

    book: Playbook
    findings: list[Finding]
    audience: str
    today: date
    file_dates: dict[str, date] | None
    flows: dict = field(default_factory=dict)
    guides: tuple[tuple[str, str], ...] = ()
    _topic_views: list[TopicView] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.staff = self.audience == "staff"
        book = self.book
        self.journeys = [
            j for j in book.journeys.values() if ID.fullmatch(j.id) and (self.staff or j.audience == "public")
        ]
        self.questions = [
            q for q in book.questions.values() if ID.fullmatch(q.id) and (self.staff or q.audience == "public")
        ]
        self.question_ids = {q.id for q in self.questions}
        self.journey_ids = {j.id for j in self.journeys}
        self.departments = [d for d in book.departments.values() if ID.fullmatch(d.id)] if self.staff else []
        self.department_ids = {d.id for d in self.departments}
        # question id → [(journey, step)] that say it; department id → [(journey, step)]
        self.uses: dict[str, list[tuple[Journey, Step]]] = defaultdict(list)
        self.steps_of: dict[str, list[tuple[Journey, Step]]] = defaultdict(list)
        for journey in self.journeys:
            for step in unique_steps(journey):
                for question_id in dict.fromkeys(step.say):
                    self.uses[question_id].append((journey, step))
                if step.department:
                    self.steps_of[step.department].append((journey, step))
        self.answers_by: dict[str, list[Answer]] = defaultdict(list)  # department id → its answers, in file order
        for answer in book.answers:
            if answer.question in self.question_ids:
                self.answers_by[answer.by].append(answer)

    # -- rendering --

    def plan(self) -> list[PageSpec]:
        """Every page of the site in navigation order, not yet rendered (contexts are computed on demand)."""
        specs = [PageSpec("index.md", "home.md.j2", "Home", partial(home_context, self), hide=("navigation",))]
        journeys = journey_lists(self)  # None: one page; else a page per segment, in parts when long
        specs.append(
            PageSpec("journeys/index.md", "journeys_index.md.j2", "Journeys", partial(journeys_index, self, journeys))
        )
        specs.extend(PageSpec(**spec) for spec in list_specs("Journeys", journeys, "journeys_part.md.j2"))
        for journey in self.journeys:
            specs.append(
                PageSpec(
                    f"journeys/{slug(journey.id)}.md",
                    "journey.md.j2",
                    journey.title,
                    partial(journey_context, self, journey),
                    hide=("navigation",),  # the swim lanes need the width; the tabs still lead everywhere
                )
            )
        topics = topic_list(self)  # past a size, by title in parts: questions/index.md the first
        specs.append(
            PageSpec("questions/index.md", "questions_index.md.j2", "Questions", partial(questions_index, self, topics))
        )
        specs.extend(PageSpec(**spec) for spec in list_specs(None, [topics], "questions_part.md.j2", skip=1))
        for topic in self.topics():
            if topic.id is not None:
                specs.append(
                    PageSpec(
                        f"topics/{slug(topic.id)}.md",
                        "topic.md.j2",
                        topic.title,
                        partial(topic_context, self, topic),
                    )
                )
        for question in self.questions:
            specs.append(
                PageSpec(
                    f"questions/{slug(question.id)}.md",
                    "question.md.j2",
                    question.ask,
                    partial(question_context, self, question),
                )
            )
        specs.append(
            PageSpec("changes/index.md", "changes.md.j2", "What changed", partial(changes_page.page_context, self))
        )
        if self.staff:
            specs.append(PageSpec("departments/index.md", "departments_index.md.j2", "Departments", dict))
            for department in self.departments:
                rows = department_rows(self, department)
                lists = department_lists(self, department, rows)  # its long lists, on pages of their own
                specs.append(
                    PageSpec(
                        f"departments/{slug(department.id)}.md",
                        "department.md.j2",
                        department.name,
                        partial(department_context, self, department, rows, lists),
                    )
                )
                specs.extend(PageSpec(**spec) for spec in department_specs(department, lists))
            people = people_list(self)  # past a size, by name in parts: people.md the first
            specs.append(PageSpec("people.md", "people.md.j2", "People", partial(people_context, people)))
            specs.extend(PageSpec(**spec) for spec in list_specs(None, [people], "people_part.md.j2", skip=1))
            specs.append(PageSpec("health.md", "health.md.j2", "Health", partial(health_context, self)))
            specs.extend(PageSpec(**spec) for spec in audit_pages(self))  # once there are call logs
        nav = {"index.md": "Home", "journeys/index.md": "Journeys", "questions/index.md": "Questions"}
        nav["changes/index.md"] = "What changed"
        nav.update({"departments/index.md": "Departments", "people.md": "People", "health.md": "Health"})
        return [replace(spec, nav_title=nav[spec.path]) if spec.path in nav else spec for spec in specs]

    def render(self, env: Environment, only: set[str] | None = None, specs: list[PageSpec] | None = None) -> list[Page]:
        pages = []
        for spec in self.plan() if specs is None else specs:
            if only is None or spec.path in only:
                page = self._page(
                    env,
                    spec.path,
                    spec.template,
                    spec.title,
                    spec.context(),
                    hide=spec.hide,
                )
                pages.append(Page(page.path, page.text, spec.nav_title))
        return pages

    def _page(
        self,
        env: Environment,
        path: str,
        template: str,
        title: str,
        context: dict,
        *,
        hide: Iterable[str] = (),
    ) -> Page:
        root = "../" * path.count("/")
        helpers = {
            "site": self,
            "staff": self.staff,
            "book": self.book,
            "today": self.today,
            "organization": self.book.settings.organization,
            "link": partial(self.link, root),
            "page_link": lambda text, target, anchor=None: link_to(root, text, target, anchor),
            "dept": partial(self.department_ref, root),
            "person": self.person_ref,
            "journey_link": partial(self.journey_link, root),
            "step_in": partial(self.step_in, root),
            "step_link": step_link,
            "question_link": partial(self.question_link, root),
            "conditions": self.conditions,
            "audit": audit_view(self),  # test calls (audits/pages.py); empty in a public build
        }
        body = env.get_template(template).render(**helpers, **context)
        return Page(path, front_matter(title, hide=hide) + body)

    # -- links and names (used by templates) --

    def link(self, root: str, text: object, kind: str, entity_id: str, anchor: str | None = None) -> Markup:
        return link_to(root, text, f"{kind}/{slug(entity_id)}.md", slug(anchor) if anchor else None)

    def journey_link(self, root: str, journey: Journey, step: Step | None = None) -> Markup:
        if journey.id not in self.journey_ids:
            return md(journey.title)
        return self.link(
            root, journey.title, "journeys", journey.id, step.id if step and ID.fullmatch(step.id) else None
        )

    def step_in(self, root: str, journey: Journey, step: Step) -> Markup:
        """A step's title, linked to its section of the journey page."""
        if journey.id not in self.journey_ids or not ID.fullmatch(step.id):
            return md(step.label)
        return self.link(root, step.label, "journeys", journey.id, step.id)

    def question_link(self, root: str, question_id: str) -> Markup:
        question = self.book.questions.get(question_id)
        if question is None or question_id not in self.question_ids:
            return md(question_id)
        return self.link(root, question.ask, "questions", question_id)

    def department_ref(self, root: str, department_id: str | None) -> Markup:
        """The department's name, linked to its page where there is one."""
        if department_id is None:
            return md("no department")
        department = self.book.departments.get(department_id)
        if department is None:
            return md(department_id)
        if department_id in self.department_ids:
            return self.link(root, department.name, "departments", department_id)
        return md(department.name)

    def department_name(self, department_id: str | None) -> str:
        department = self.book.departments.get(department_id or "")
        return department.name if department else (department_id or svg.NO_DEPARTMENT)

    def person_ref(self, person_id: str | None, contact: bool = True) -> Markup:
        """A person's name (and how to reach them): staff pages only."""
        if not self.staff:
            raise RuntimeError("a public page asked for a person's name")
        person = self.book.people.get(person_id or "")
        if person is None:
            return md(person_id or "nobody")
        parts = [md(person.name)]
        department = self.book.departments.get(person.department or "")
        if department is not None:
            parts[0] = Markup(f"{parts[0]} ({md(department.name)})")
        if contact:
            parts.extend(md(c) for c in (person.email, person.phone) if c)
        return Markup(" · ").join(parts)

    def conditions(self, answer: Answer) -> str:
        """Who and when an answer applies to, in words (other dimensions than segment and channel: staff only)."""
        return conditions_in_words(answer, self._segment_name, self.staff)

    def _segment_name(self, segment_id: str) -> str:
        segment = self.book.segments.get(segment_id)
        return segment.name if segment else segment_id

    # -- what several kinds of page share --

    def _journeys_by_segment(self) -> list[tuple[str, list[Journey]]]:
        groups: dict[str, list[Journey]] = {segment_id: [] for segment_id in self.book.segments}
        everyone: list[Journey] = []
        for journey in self.journeys:
            for segment_id in dict.fromkeys(journey.segments):
                groups.setdefault(segment_id, []).append(journey)
            if not journey.segments:
                everyone.append(journey)
        named = [(self._segment_name(s), js) for s, js in groups.items() if js]
        return named + ([("All customers", everyone)] if everyone else [])

    def topics(self) -> list[TopicView]:
        """The visible questions by topic, in file order; questions without a usable topic id come last.

        Each topic gets a page of its own, so the questions index lists topics, not every question:
        no page grows with the whole playbook.
        """
        if self._topic_views is None:
            first = {}
            for topic in self.book.topics:
                if topic.id and ID.fullmatch(topic.id):
                    first.setdefault(topic.id, topic)
            groups: dict[str | None, list[Question]] = {}
            for question in self.questions:
                key = question.topic if question.topic in first else None
                groups.setdefault(key, []).append(question)
            views = [
                TopicView(key, first[key].title or key, first[key].owner, tuple(questions))
                for key, questions in groups.items()
                if key is not None
            ]
            if None in groups:
                views.append(TopicView(None, "Other questions", None, tuple(groups[None])))
            self._topic_views = views
        return self._topic_views

    def _review_due(self, review_by: date | None, file: str | None) -> tuple[date, bool] | None:
        """(when the content is due for review, whether that has passed) — or None when nobody said."""
        due = review_by
        every = self.book.settings.defaults.review_every
        if due is None and every is not None and self.file_dates and file in self.file_dates:
            due = self.file_dates[file] + timedelta(minutes=every.minutes)
        return (due, due < self.today) if due is not None else None

    def ownership(self) -> list[dict]:
        """Per person: what they own or lead, most first."""
        owned: dict[str, dict[str, list]] = defaultdict(lambda: {"journeys": [], "questions": [], "departments": []})
        recoveries: dict[str, int] = defaultdict(int)
        for journey in self.journeys:
            if journey.owner:
                owned[journey.owner]["journeys"].append(journey)
            for recovery in journey.recovery:
                if recovery.owner:
                    recoveries[recovery.owner] += 1
        for question in self.questions:
            if question.owner:
                owned[question.owner]["questions"].append(question)
        for department in self.departments:
            if department.lead:
                owned[department.lead]["departments"].append(department)
        rows = []
        for person_id in dict.fromkeys([*self.book.people, *owned]):
            things = owned.get(person_id, {"journeys": [], "questions": [], "departments": []})
            person: Person | None = self.book.people.get(person_id)
            total = len(things["journeys"]) + len(things["questions"]) + len(things["departments"])
            rows.append(
                {
                    "id": person_id,
                    "person": person,
                    "total": total + recoveries[person_id],
                    "recoveries": recoveries[person_id],
                    "topics": self._owned_topics(things["questions"]),
                    **things,
                }
            )
        return rows

    def _owned_topics(self, questions: list[Question]) -> list[tuple[TopicView, int]]:
        """(topic, how many of its questions) for a person's questions: the people page counts them per topic
        instead of listing every question, so it stays small when people own hundreds."""
        by_id = {topic.id: topic for topic in self.topics()}
        counts: dict[str | None, int] = {}
        for question in questions:
            key = question.topic if question.topic in by_id else None
            counts[key] = counts.get(key, 0) + 1
        return [(by_id[key], n) for key, n in counts.items()]
