"""The checked playbook as Markdown pages (pure: model in, list of pages out), rendered from site_templates/.

Every value that came from YAML is escaped by one function, `md`, which the
Jinja2 environment applies to every `{{ … }}` on its own (its `finalize`), so
a template cannot forget it: the text becomes inert as Markdown *and* HTML
(`<script>`, `{: onclick=… }`, `[x](javascript:…)` and `{{ 7*7 }}` show as
the characters they are). Only fragments this module builds itself (links
to validated ids, the swim-lane SVG) are marked as Markup and pass through.
YAML text is never used as a template.

Which pages exist depends on the audience: a public build renders only
`audience: public` questions and journeys and leaves out `internal` notes,
people, owners and the health page — what is never rendered cannot leak into
the search index, the sitemap or the 404 page.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import changes_page, svg
from .answering import answers_for_step, conditions_in_words
from .audits.pages import audit_affected, audit_pages, audit_view
from .finder import run_search_tests
from .findings import Finding, Severity
from .model import Answer, Department, Journey, Person, Playbook, Question, Step, classify
from .schema import ID_PATTERN, Source

if TYPE_CHECKING:
    from .check import CheckResult

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"  # a checkout: the repository's own folder
if not TEMPLATES.is_dir():  # installed: pyproject.toml ships site_templates/ as journeybook.site_templates
    TEMPLATES = Path(__file__).resolve().parent / "site_templates"
AUDIENCES = ("staff", "public")
HOME_LIMIT = 25  # journeys per segment and topics on the home page; the section pages list all
HOME_QUESTIONS = 10  # questions per topic on the home page; the topic's page lists all
RECENT_LIMIT = 10
HEALTH_LIMIT = 200  # findings listed per severity; `journeybook check` has them all

_ID = re.compile(ID_PATTERN)
_GUIDE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.md$")  # a hand-written top-level page the home page links

# --- escaping -------------------------------------------------------------------------------

# Characters Markdown (core and the usual extensions) or HTML give a meaning, as numeric character
# references: the browser shows the character, Markdown and the HTML parser see plain text.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_ENTITIES.update({c: f"&#{ord(c)};" for c in "\\`*_{}[]()#!|~^$"})
_ESCAPE = str.maketrans(_ENTITIES)
# Only at the start of a line: list items (- + 1. 1)), definition lists (:), setext underlines (=).
_LEADING = re.compile(r"^(?:(\d+)([.)])|([-+=:]))")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


def md(value: object) -> Markup:
    """Any value as inert inline Markdown: entities for every active character, line breaks as `<br>`.

    The result has no newline, so it can stand in a list item, a table cell,
    a heading or an indented admonition body without changing their structure.
    """
    lines = [
        _SPACES.sub(" ", line).strip() for line in str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    escaped = [_LEADING.sub(_escape_leading, line.translate(_ESCAPE)) for line in lines]
    return Markup("<br>".join(escaped))


def _escape_leading(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return f"{match.group(1)}&#{ord(match.group(2))};"
    return f"&#{ord(match.group(3))};"


_LOOKALIKE = str.maketrans({"<": "‹", ">": "›", "&": "+", '"': "”", "'": "’", "\\": "/", "`": "’"})


def plain(value: object) -> str:
    """A one-line label without `< > & " '` — for page titles, which themes print unescaped (<title>, nav)."""
    return _SPACES.sub(" ", " ".join(str(value).split())).translate(_LOOKALIKE).strip()


def _finalize(value: object) -> object:
    if isinstance(value, Markup):
        return value
    if value is None:
        raise TypeError("a template printed None: guard optional fields with {% if %}")
    return md(value)


def slug(value: str) -> str:
    """An id checked before it becomes part of a file name or address."""
    if not _ID.fullmatch(value):
        raise ValueError(f"not a valid id: {value!r}")
    return value


def front_matter(
    title: str,
    *,
    boost: float | None = None,
    exclude: bool = False,
    hide: Iterable[str] = (),
    search_terms: Iterable[str] = (),
) -> str:
    """YAML front matter written by code, never by template: the title is JSON-quoted (valid YAML).

    `search_terms` become Material's `tags`, the field its search weighs highest: what customers say
    (`also_asked`) must beat a title that merely shares a short word. The tags plugin is not enabled, so
    they are never shown on the page. Material inserts highlighted tags as HTML in search results, so
    they get the same markup-free `plain` form as titles.

    `render_macros: false` keeps mkdocs-macros (a plugin a repository's mkdocs.yml may enable for its own pages)
    from running generated pages through Jinja2; `md` escapes every `{`, so there is nothing to evaluate anyway.
    """
    lines = ["---", f"title: {json.dumps(plain(title), ensure_ascii=False)}", "render_macros: false"]
    if boost is not None or exclude:
        lines.append("search:")
        if boost is not None:
            lines.append(f"  boost: {boost}")
        if exclude:
            lines.append("  exclude: true")
    terms = [json.dumps(plain(term), ensure_ascii=False) for term in search_terms]
    if terms:
        lines.append(f"tags: [{', '.join(terms)}]")
    hidden = list(hide)
    if hidden:
        lines.append(f"hide: [{', '.join(hidden)}]")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# --- pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One Markdown file of the docs folder. `nav_title` set: it is a top-level entry of the navigation."""

    path: str  # relative to the docs folder, forward slashes
    text: str
    nav_title: str | None = None


def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,  # macros and blocks then return Markup, which `_finalize` passes through
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["item"] = svg.item_label
    env.filters["plain"] = plain
    return env


def render_pages(
    result: CheckResult,
    audience: str = "staff",
    guides: Sequence[tuple[str, str]] = (),
    templates: Path = TEMPLATES,
) -> list[Page]:
    """Every generated page of the site for `audience` ("staff" or "public"), in navigation order.

    `guides` are the hand-written pages (path, title) the home page points to.
    """
    return _site(result, audience, guides).render(environment(templates))


def render_changes(
    before: CheckResult,
    after: CheckResult,
    changed: Iterable[str],
    shown: Container[str],
    audience: str = "staff",
    guides: Sequence[tuple[str, str]] = (),
    env: Environment | None = None,
) -> tuple[list[str], list[Page]]:
    """For `serve`, after an edit of the playbook files `changed`: the path of every page of `after`, and the
    pages the edit can have changed (`pages_affected`) or that are new (not in `shown`), rendered exactly as
    `render_pages` renders them."""
    site = _site(after, audience, guides)
    specs = site.plan()
    paths = [spec.path for spec in specs]
    affected = pages_affected(before, after, changed, audience, site=site)
    wanted = {path for path in paths if affected is None or path in affected or path not in shown}
    return paths, site.render(env or environment(), only=wanted, specs=specs)


def site_for(result: CheckResult, audience: str = "staff") -> Site:
    """The site's view of a checked playbook, for what is not a page (the changes feed)."""
    return _site(result, audience, ())


def page_paths(result: CheckResult, audience: str = "staff") -> list[str]:
    """The path of every page `render_pages` returns, in the same order, without rendering any."""
    return [spec.path for spec in _site(result, audience, ()).plan()]


def count_pages(result: CheckResult, audience: str = "staff") -> int:
    """How many pages `render_pages` will return, known before the (slower) rendering."""
    return len(page_paths(result, audience))


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
    for result, shown in ((before, None), (after, site)):
        shown = shown or _site(result, audience, ())
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
    return paths


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


def _site(result: CheckResult, audience: str, guides: Sequence[tuple[str, str]]) -> Site:
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
    boost: float | None = None
    exclude: bool = False  # from the search index (lists of links: their targets are indexed themselves)
    hide: tuple[str, ...] = ()
    nav_title: str | None = None
    search_terms: tuple[str, ...] = ()


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
            j for j in book.journeys.values() if _ID.fullmatch(j.id) and (self.staff or j.audience == "public")
        ]
        self.questions = [
            q for q in book.questions.values() if _ID.fullmatch(q.id) and (self.staff or q.audience == "public")
        ]
        self.question_ids = {q.id for q in self.questions}
        self.journey_ids = {j.id for j in self.journeys}
        self.departments = [d for d in book.departments.values() if _ID.fullmatch(d.id)] if self.staff else []
        self.department_ids = {d.id for d in self.departments}
        # question id → [(journey, step)] that say it; department id → [(journey, step)]
        self.uses: dict[str, list[tuple[Journey, Step]]] = defaultdict(list)
        self.steps_of: dict[str, list[tuple[Journey, Step]]] = defaultdict(list)
        for journey in self.journeys:
            for step in _unique_steps(journey):
                for question_id in dict.fromkeys(step.say):
                    self.uses[question_id].append((journey, step))
                if step.department:
                    self.steps_of[step.department].append((journey, step))

    # -- rendering --

    def plan(self) -> list[PageSpec]:
        """Every page of the site in navigation order, not yet rendered (contexts are computed on demand)."""
        specs = [PageSpec("index.md", "home.md.j2", "Home", self.home, exclude=True, hide=("navigation",))]
        specs.append(
            PageSpec("journeys/index.md", "journeys_index.md.j2", "Journeys", self.journeys_index, exclude=True)
        )
        for journey in self.journeys:
            specs.append(
                PageSpec(
                    f"journeys/{slug(journey.id)}.md",
                    "journey.md.j2",
                    journey.title,
                    partial(self.journey, journey),
                    hide=("navigation",),  # the swim lanes need the width; the tabs still lead everywhere
                )
            )
        specs.append(
            PageSpec("questions/index.md", "questions_index.md.j2", "Questions", self.questions_index, exclude=True)
        )
        for topic in self.topics():
            if topic.id is not None:
                specs.append(
                    PageSpec(
                        f"topics/{slug(topic.id)}.md",
                        "topic.md.j2",
                        topic.title,
                        partial(self.topic, topic),
                        exclude=True,
                    )
                )
        for question in self.questions:
            specs.append(
                PageSpec(
                    f"questions/{slug(question.id)}.md",
                    "question.md.j2",
                    question.ask,
                    partial(self.question, question),
                    boost=2,
                    search_terms=question.also_asked,
                )
            )
        specs.append(
            PageSpec("changes/index.md", "changes.md.j2", "What changed", partial(changes_page.page_context, self))
        )
        if self.staff:
            specs.append(PageSpec("departments/index.md", "departments_index.md.j2", "Departments", dict, exclude=True))
            for department in self.departments:
                specs.append(
                    PageSpec(
                        f"departments/{slug(department.id)}.md",
                        "department.md.j2",
                        department.name,
                        partial(self.department, department),
                    )
                )
            specs.append(PageSpec("people.md", "people.md.j2", "People", self.people))
            specs.append(PageSpec("health.md", "health.md.j2", "Health", self.health, exclude=True))
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
                    boost=spec.boost,
                    exclude=spec.exclude,
                    hide=spec.hide,
                    search_terms=spec.search_terms,
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
        boost: float | None = None,
        exclude: bool = False,
        hide: Iterable[str] = (),
        search_terms: Iterable[str] = (),
    ) -> Page:
        root = "../" * path.count("/")
        helpers = {
            "site": self,
            "staff": self.staff,
            "book": self.book,
            "today": self.today,
            "organization": self.book.settings.organization,
            "link": partial(self.link, root),
            "page_link": lambda text, target, anchor=None: _link(root, text, target, anchor),
            "dept": partial(self.department_ref, root),
            "person": self.person_ref,
            "journey_link": partial(self.journey_link, root),
            "step_in": partial(self.step_in, root),
            "step_link": _step_link,
            "question_link": partial(self.question_link, root),
            "conditions": self.conditions,
            "audit": audit_view(self),  # test calls (audits/pages.py); empty in a public build
        }
        body = env.get_template(template).render(**helpers, **context)
        return Page(
            path, front_matter(title, boost=boost, exclude=exclude, hide=hide, search_terms=search_terms) + body
        )

    # -- links and names (used by templates) --

    def link(self, root: str, text: object, kind: str, entity_id: str, anchor: str | None = None) -> Markup:
        return _link(root, text, f"{kind}/{slug(entity_id)}.md", slug(anchor) if anchor else None)

    def journey_link(self, root: str, journey: Journey, step: Step | None = None) -> Markup:
        if journey.id not in self.journey_ids:
            return md(journey.title)
        return self.link(
            root, journey.title, "journeys", journey.id, step.id if step and _ID.fullmatch(step.id) else None
        )

    def step_in(self, root: str, journey: Journey, step: Step) -> Markup:
        """A step's title, linked to its section of the journey page."""
        if journey.id not in self.journey_ids or not _ID.fullmatch(step.id):
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

    # -- page contexts --

    def home(self) -> dict:
        example = next((q.also_asked[0] for q in self.questions if q.also_asked), None)
        if example is None and self.questions:
            example = self.questions[0].ask
        return {
            "example": example,
            "by_segment": self._journeys_by_segment(),
            "topics": self.topics(),
            "recent": self._recent(),
            "limit": HOME_LIMIT,
            "per_topic": HOME_QUESTIONS,
            "guides": [(path, title) for path, title in self.guides if _GUIDE.match(path)],
        }

    def journeys_index(self) -> dict:
        return {"by_segment": self._journeys_by_segment()}

    def questions_index(self) -> dict:
        return {"topics": self.topics()}

    def topic(self, topic: TopicView) -> dict:
        return {"topic": topic}

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
                if topic.id and _ID.fullmatch(topic.id):
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

    def _recent(self) -> list[tuple[date, Question, list[str]]]:
        """Questions whose answers changed most recently in git: (date, question, departments that answer)."""
        if not self.file_dates:
            return []
        changed: list[tuple[date, Question, list[str]]] = []
        for question in self.questions:
            dates = [self.file_dates.get(question.file)]
            dates += [self.file_dates.get(a.src.file) for a in self.book.answers_to(question.id) if a.src]
            known = [d for d in dates if d is not None]
            if known:
                by = list(dict.fromkeys(self.department_name(a.by) for a in self.book.answers_to(question.id)))
                changed.append((max(known), question, by))
        changed.sort(key=lambda c: (-c[0].toordinal(), c[1].id))
        return changed[:RECENT_LIMIT]

    def journey(self, journey: Journey) -> dict:
        flow = self.flows.get(journey.id)
        steps = _unique_steps(journey)
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
                    "says": [self._say(journey, step, q) for q in dict.fromkeys(step.say) if q in self.question_ids],
                    "capture": [(item, item in known) for item in step.capture],
                    "tools": [self.book.tools[t].name if t in self.book.tools else t for t in step.tools],
                    "handoffs": handoffs,
                    "nexts": nexts,
                }
            )
        handoffs, worst = flow.worst_path() if flow is not None else (0, [])
        max_handoffs = journey.targets.max_handoffs if journey.targets else None
        if max_handoffs is None:
            max_handoffs = self.book.settings.defaults.max_handoffs
        lanes = svg.swim_lane(journey, svg.arrows_from_flow(flow), self.department_name)
        owner_team = self.book.departments.get(self.book.department_of(journey.owner) or "")
        return {
            "journey": journey,
            "owner_team": owner_team,
            "steps": views,
            "lanes": Markup(lanes),
            "segments": [self._segment_name(s) for s in journey.segments],
            "worst_handoffs": handoffs,
            "worst_path": worst,
            "max_handoffs": max_handoffs,
            "review_due": self._review_due(journey.review_by, journey.src.file if journey.src else None),
        }

    def _say(self, journey: Journey, step: Step, question_id: str) -> dict:
        question = self.book.questions[question_id]
        answers = answers_for_step(
            self.book, question_id, step.department, journey.segments, journey.channels, self.today
        )
        return {"question": question, "answers": answers}

    def question(self, question: Question) -> dict:
        today = self.today
        answers = self.book.answers_to(question.id)
        current = [a for a in answers if a.effective is None or a.effective.covers(today)]
        later = [a for a in answers if a.effective is not None and (a.effective.start or date.min) > today]
        uses = [(j, s) for j, s in self.uses.get(question.id, [])]
        return {
            "question": question,
            "answers": current,
            "later": later,
            "uses": uses,
            "review_due": self._review_due(question.review_by, question.file),
            "changed": self.file_dates.get(question.file) if self.file_dates else None,
            "history": changes_page.question_history(self, question.id),
        }

    def _review_due(self, review_by: date | None, file: str | None) -> tuple[date, bool] | None:
        """(when the content is due for review, whether that has passed) — or None when nobody said."""
        due = review_by
        every = self.book.settings.defaults.review_every
        if due is None and every is not None and self.file_dates and file in self.file_dates:
            due = self.file_dates[file] + timedelta(minutes=every.minutes)
        return (due, due < self.today) if due is not None else None

    def department(self, department: Department) -> dict:
        steps = self.steps_of.get(department.id, [])
        journeys: dict[str, tuple[Journey, list[Step]]] = {}
        for journey, step in steps:
            journeys.setdefault(journey.id, (journey, []))[1].append(step)
        handoffs_out, handoffs_in = [], []
        for journey_id in journeys:
            flow = self.flows.get(journey_id)
            for edge in getattr(flow, "edges", ()):
                if not edge.handoff:
                    continue
                if edge.source.department == department.id:
                    handoffs_out.append((journeys[journey_id][0], edge))
                elif edge.target.department == department.id:
                    handoffs_in.append((journeys[journey_id][0], edge))
        answers = [a for a in self.book.answers if a.by == department.id and a.question in self.question_ids]
        return {
            "department": department,
            "lead": department.lead,
            "tools": [self.book.tools[t].name if t in self.book.tools else t for t in department.tools],
            "journeys": list(journeys.values()),
            "handoffs_out": handoffs_out,
            "handoffs_in": handoffs_in,
            "answers": answers,
            "people": [p for p in self.book.people.values() if p.department == department.id],
        }

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

    def people(self) -> dict:
        return {"rows": self.ownership()}

    def health(self) -> dict:
        active = [f for f in self.findings if f.suppressed is None]
        suppressed = [f for f in self.findings if f.suppressed is not None]
        by_severity = [
            (label, [f for f in active if f.severity == severity])
            for label, severity in (("Errors", Severity.ERROR), ("Warnings", Severity.WARNING), ("Info", Severity.INFO))
        ]
        handoffs = []
        for journey in self.journeys:
            flow = self.flows.get(journey.id)
            if flow is None:
                continue
            worst, path = flow.worst_path()
            limit = (
                journey.targets.max_handoffs
                if journey.targets and journey.targets.max_handoffs is not None
                else (self.book.settings.defaults.max_handoffs)
            )
            edges = [e for e in flow.edges if e.handoff]
            handoffs.append(
                {
                    "journey": journey,
                    "worst": worst,
                    "limit": limit,
                    "handoffs": len(edges),
                    "dropping": sum(1 for e in edges if e.dropped),
                }
            )
        # Worst first: the page lists the first HEALTH_LIMIT of each table, so its size does not grow with the book.
        handoffs.sort(key=lambda r: (r["worst"] - r["limit"], r["dropping"], r["worst"]), reverse=True)
        workload = sorted(self.ownership(), key=lambda r: (-r["total"], r["id"]))
        counts = defaultdict(int)
        for f in active:
            counts[f.rule] += 1
        return {
            "by_severity": by_severity,
            "suppressed": suppressed,
            "counts": sorted(counts.items()),
            "handoffs": handoffs,
            "workload": [r for r in workload if r["total"]],
            "files": len(self.book.files),
            "limit": HEALTH_LIMIT,
            "search_tests": run_search_tests(self.book, self.today) if self.staff else [],
        }


def _link(root: str, text: object, target: str, anchor: str | None = None) -> Markup:
    """A Markdown link whose text is escaped and whose address is built from validated ids only."""
    address = root + target + (f"#{anchor}" if anchor else "")
    return Markup(f"[{md(text)}]({address})")


def _unique_steps(journey: Journey) -> list[Step]:
    """The journey's steps in file order; the first of two same-id steps wins (duplicate-id reports the other)."""
    seen: set[str] = set()
    steps = []
    for step in journey.steps:
        if step.id not in seen and _ID.fullmatch(step.id):
            seen.add(step.id)
            steps.append(step)
    return steps


def _step_link(entry: dict) -> Markup:
    """A link to another step's section on the same journey page."""
    target: Step = entry["target"]
    text = md(f"{entry['number']}. {target.label}")
    return Markup(f"[{text}](#{slug(target.id)})")
