"""The playbook as typed, validated objects. Each object keeps its Source so rules can say where.

The declarations below are the whole YAML contract (docs/reference.md, "Files and fields"): the same
objects validate files and print the JSON Schema (`journeybook schema`).
References are kept as ids; whether they exist is the `unknown-reference`
rule's job, so a typo is reported once, in the rule's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .audits.model import AUDIT, CallLog
from .findings import Finding
from .load import Limits as LoadLimits
from .load import Scalar, SourceFile
from .schema import (
    INVALID,
    Boolean,
    Choice,
    Context,
    Date,
    Duration,
    DurationType,
    Field,
    Id,
    Integer,
    ListOf,
    MapOf,
    Number,
    Obj,
    OneOf,
    Source,
    Text,
    suppress_field,
)
from .searchfiles import SEARCH_TESTS, SEARCH_TESTS_NAMES, VOCABULARY_FIELD, SearchTest

SEVERITIES = ("error", "warning", "info", "off")


def _src() -> Source:
    return field(compare=False, repr=False)  # type: ignore[return-value]


# --- settings: journeybook.yaml -------------------------------------------------------------


@dataclass(frozen=True)
class Defaults:
    src: Source = _src()
    max_handoffs: int = 3
    review_every: Duration | None = None


@dataclass(frozen=True)
class SiteSettings:
    src: Source = _src()
    offline: bool = False


@dataclass(frozen=True)
class Settings:
    src: Source | None = field(default=None, compare=False, repr=False)
    organization: str = ""
    defaults: Defaults = field(default_factory=lambda: Defaults(src=None))  # type: ignore[arg-type]
    shared_record: bool = False
    similarity: float = 0.88
    impersonal_terms: tuple[str, ...] = ()
    rules: dict[str, str] = field(default_factory=dict)
    limits: LoadLimits = LoadLimits()
    site: SiteSettings = field(default_factory=lambda: SiteSettings(src=None))  # type: ignore[arg-type]
    vocabulary: tuple[tuple[str, ...], ...] = ()  # synonym groups for the answer finder (searchfiles.py)
    dimensions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # `when` dimensions besides segment/channel


def _limits(
    src: Source, max_file_bytes: int = LoadLimits.max_file_bytes, max_total_bytes: int = LoadLimits.max_total_bytes
) -> LoadLimits:
    return LoadLimits(max_file_bytes, max_total_bytes)


SETTINGS = Obj(
    Settings,
    "journeybook.yaml",
    {
        "organization": Field(Text(), "the organisation's name, shown in the site's title"),
        "defaults": Field(
            Obj(
                Defaults,
                "defaults",
                {
                    "max_handoffs": Field(
                        Integer(0, 100), "handoffs allowed per journey unless it sets targets.max_handoffs"
                    ),
                    "review_every": Field(
                        DurationType(), "content without review_by is due this long after its last git change"
                    ),
                },
            ),
            "defaults for journeys and questions",
        ),
        "shared_record": Field(Boolean(), "true: every department sees everything captured on the case"),
        "similarity": Field(Number(0, 1), "threshold for possible-duplicate-question, from 0 to 1"),
        "impersonal_terms": Field(ListOf(Text()), "words that must not name the customer in customer-facing text"),
        "rules": Field(
            MapOf(Text(), Choice(*SEVERITIES), "a mapping of rule id: severity"),
            "severity per rule: error, warning, info or off",
        ),
        "limits": Field(
            Obj(
                _limits,
                "limits",
                {
                    "max_file_bytes": Field(Integer(1, 10**12), "largest YAML file read, in bytes"),
                    "max_total_bytes": Field(Integer(1, 10**13), "largest playbook read, in bytes"),
                },
            ),
            "input size caps, checked before parsing",
        ),
        "site": Field(
            Obj(
                SiteSettings,
                "site",
                {
                    "offline": Field(Boolean(), "true: the built site also works opened straight from disk"),
                },
            ),
            "site build options",
        ),
        "vocabulary": VOCABULARY_FIELD,
        "dimensions": Field(
            MapOf(Id(), ListOf(Text()), "a mapping of dimension: values"),
            "`when` dimensions besides segment and channel, with their values, e.g. {product: [car, van]}",
        ),
    },
    doc="journeybook settings (every key optional)",
)


# --- org.yaml and segments.yaml -------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    src: Source = _src()
    id: str = ""
    name: str = ""
    email: str | None = None
    phone: str | None = None
    department: str | None = None
    role: str | None = None
    github: str | None = None


@dataclass(frozen=True)
class Department:
    src: Source = _src()
    id: str = ""
    name: str = ""
    lead: str | None = None
    contact: str | None = None
    tools: tuple[str, ...] = ()
    description: str | None = None
    suppress: dict[str, str] = field(default_factory=dict)
    github_team: str | None = None


@dataclass(frozen=True)
class Tool:
    src: Source = _src()
    id: str = ""
    name: str = ""
    description: str | None = None


@dataclass(frozen=True)
class OrgFile:
    src: Source = _src()
    people: tuple[Person, ...] = ()
    departments: tuple[Department, ...] = ()
    tools: tuple[Tool, ...] = ()
    channels: tuple[str, ...] = ()


ORG = Obj(
    OrgFile,
    "org.yaml",
    {
        "people": Field(
            ListOf(
                Obj(
                    Person,
                    "a person",
                    {
                        "id": Field(Id(), "a unique id such as dana-lee", required=True),
                        "name": Field(Text(), "the person's full name", required=True),
                        "email": Field(Text(), "how colleagues reach them"),
                        "phone": Field(Text(), "phone or extension"),
                        "department": Field(Id("department"), "the department they work in"),
                        "role": Field(Text(), "job title, shown in the directory"),
                        "github": Field(Text(), "GitHub user name, for `journeybook codeowners`"),
                    },
                )
            ),
            "everyone who owns or leads something",
        ),
        "departments": Field(
            ListOf(
                Obj(
                    Department,
                    "a department",
                    {
                        "id": Field(Id(), "a unique id such as customer-care", required=True),
                        "name": Field(Text(), "the name staff know it by", required=True),
                        "lead": Field(Id("person"), "the person accountable for the department"),
                        "contact": Field(Text(), "how other departments reach it"),
                        "tools": Field(ListOf(Id("tool")), "tools the department has access to"),
                        "description": Field(Text(), "what the department does"),
                        "suppress": suppress_field(),
                        "github_team": Field(Text(), "GitHub team (org/team), for `journeybook codeowners`"),
                    },
                )
            ),
            "departments that answer customers or work on their problems",
        ),
        "tools": Field(
            ListOf(
                Obj(
                    Tool,
                    "a tool",
                    {
                        "id": Field(Id(), "a unique id such as crm", required=True),
                        "name": Field(Text(), "the tool's name", required=True),
                        "description": Field(Text(), "what staff use it for"),
                    },
                )
            ),
            "systems staff use",
        ),
        "channels": Field(ListOf(Id()), "ways customers reach us, e.g. [phone, email, chat]"),
    },
    doc="people, departments, tools and channels",
)


@dataclass(frozen=True)
class Segment:
    src: Source = _src()
    id: str = ""
    name: str = ""
    lifetime_value: float | None = None
    expectations: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class SegmentsFile:
    src: Source = _src()
    segments: tuple[Segment, ...] = ()


SEGMENTS = Obj(
    SegmentsFile,
    "segments.yaml",
    {
        "segments": Field(
            ListOf(
                Obj(
                    Segment,
                    "a segment",
                    {
                        "id": Field(Id(), "a unique id such as small-business", required=True),
                        "name": Field(Text(), "the segment's name", required=True),
                        "lifetime_value": Field(Number(), "typical customer lifetime value, shown as why this matters"),
                        "expectations": Field(ListOf(Text()), "what these customers expect, most important first"),
                        "description": Field(Text(), "who these customers are"),
                    },
                )
            ),
            "customer segments",
        ),
    },
    doc="customer segments",
)


# --- policies/*.yaml ------------------------------------------------------------------------


@dataclass(frozen=True)
class Effective:
    """The dates an answer applies, both ends inclusive; an open end is None."""

    src: Source = _src()
    start: date | None = None
    end: date | None = None

    def overlaps(self, other: Effective | None) -> bool:
        if other is None:
            return True
        return (self.start or date.min) <= (other.end or date.max) and (other.start or date.min) <= (
            self.end or date.max
        )

    def covers(self, day: date) -> bool:
        return (self.start or date.min) <= day <= (self.end or date.max)


@dataclass(frozen=True)
class Answer:
    """What one department tells the customer. `by` is filled from the owner when omitted."""

    src: Source = _src()
    question: str = ""
    by: str | None = None
    decision: str = ""
    say: str = ""
    internal: str | None = None
    when: dict[str, tuple[str, ...]] = field(default_factory=dict)
    effective: Effective | None = None
    by_default: bool = False  # `by` was taken from the question's owner
    refer: str | None = None  # instead of a decision: the department this one puts the customer through to


@dataclass(frozen=True)
class Question:
    src: Source = _src()
    id: str = ""
    ask: str = ""
    also_asked: tuple[str, ...] = ()
    owner: str | None = None  # the question's own, else its topic's
    audience: str = "staff"
    review_by: date | None = None  # the question's own, else its topic's
    answers: tuple[Answer, ...] = ()
    suppress: dict[str, str] = field(default_factory=dict)
    topic: str | None = None
    file: str = ""


@dataclass(frozen=True)
class Topic:
    src: Source = _src()
    id: str | None = None
    title: str | None = None
    owner: str | None = None
    review_by: date | None = None
    audience: str | None = None
    questions: tuple[Question, ...] = ()
    answers: tuple[Answer, ...] = ()
    suppress: dict[str, str] = field(default_factory=dict)


def _answer_fields(with_question: bool) -> dict[str, Field]:
    fields = {
        "by": Field(Id("department"), "the department giving this answer (default: the owner's department)"),
        # Required unless `refer` is given: rules/referrals.py says so, since a schema field cannot be "one of two".
        "decision": Field(Text(), "the short value compared across departments, e.g. 30 days"),
        "refer": Field(Id("department"), "instead of `decision`: the department this one puts the customer through to"),
        "say": Field(Text(), "the words to use with the customer", required=True),
        "internal": Field(Text(), "staff-only notes; never shown in a public build"),
        "when": Field(
            # Text keys: an undeclared dimension is reported by dimensions.py with a "did you mean", not as a bad id.
            MapOf(Text(), ListOf(Text(), single_ok=True), "a mapping of dimension: values"),
            "who this answer applies to, e.g. {segment: [small-business], channel: [phone]}",
        ),
        "effective": Field(
            Obj(
                Effective,
                "effective",
                {
                    "from": Field(Date(), "first day this answer applies", attr="start"),
                    "to": Field(Date(), "last day this answer applies", attr="end"),
                },
            ),
            "the dates this answer applies, both inclusive",
        ),
    }
    if with_question:
        return {
            "question": Field(Id("question"), "the question answered (defined in another file)", required=True),
            **fields,
        }
    return fields


AUDIENCE = Choice("public", "staff")

QUESTION = Obj(
    Question,
    "a question",
    {
        "id": Field(Id(), "a unique id such as refund-window", required=True),
        "ask": Field(Text(), "the question as a customer asks it", required=True),
        "also_asked": Field(ListOf(Text()), "other ways customers put it (searchable)"),
        "owner": Field(Id("person"), "the one person accountable for the answer (default: the topic owner)"),
        "audience": Field(AUDIENCE, "public: shown in the customer FAQ; staff (default): staff only"),
        "review_by": Field(Date(), "when the answers must be checked again"),
        "answers": Field(ListOf(Obj(Answer, "an answer", _answer_fields(False))), "each department's answer"),
        "suppress": suppress_field(),
    },
)

TOPIC = Obj(
    Topic,
    "a policy file",
    {
        "topic": Field(Id(), "a unique id for this topic, e.g. returns", attr="id"),
        "title": Field(Text(), "the topic's title, e.g. Returns and refunds"),
        "owner": Field(Id("person"), "default owner of the questions in this file"),
        "review_by": Field(Date(), "default review date of the questions in this file"),
        "audience": Field(AUDIENCE, "default audience of the questions in this file"),
        "questions": Field(ListOf(QUESTION), "questions customers ask"),
        "answers": Field(
            ListOf(Obj(Answer, "an answer", _answer_fields(True))), "answers given here to questions defined elsewhere"
        ),
        "suppress": suppress_field(),
    },
    doc="questions customers ask, and the answers departments give",
)


# --- journeys/*.yaml ------------------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    """A `next` entry. Across departments only `carry` travels (a plain id carries nothing)."""

    src: Source = _src()
    step: str = ""
    carry: tuple[str, ...] = ()
    plain: bool = False


@dataclass(frozen=True)
class Step:
    src: Source = _src()
    id: str = ""
    title: str | None = None
    department: str | None = None
    do: tuple[str, ...] = ()
    say: tuple[str, ...] = ()
    capture: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    next: tuple[Edge, ...] = ()
    closes: bool = False
    confirm: str | None = None

    @property
    def label(self) -> str:
        return self.title or self.id.replace("-", " ").capitalize()


@dataclass(frozen=True)
class Targets:
    src: Source = _src()
    resolution: Duration | None = None
    max_handoffs: int | None = None


@dataclass(frozen=True)
class Recovery:
    src: Source = _src()
    trigger: str = ""
    owner: str | None = None
    do: tuple[str, ...] = ()


@dataclass(frozen=True)
class Journey:
    src: Source = _src()
    id: str = ""
    title: str = ""
    problem: str | None = None
    outcome: str | None = None
    owner: str | None = None
    segments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    targets: Targets | None = None
    review_by: date | None = None
    audience: str = "staff"
    steps: tuple[Step, ...] = ()
    recovery: tuple[Recovery, ...] = ()
    suppress: dict[str, str] = field(default_factory=dict)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


ITEM = Id()  # information items (case-id, serial-number) are slugs so they compare exactly
EDGE = Obj(
    Edge,
    "a next entry",
    {
        "step": Field(Id("step"), "the step the customer moves to", required=True),
        "carry": Field(ListOf(ITEM), "what travels with the handoff"),
    },
)

STEP = Obj(
    Step,
    "a step",
    {
        "id": Field(Id(), "a step id, unique in the journey", required=True),
        "title": Field(Text(), "what happens, in a few words"),
        "department": Field(Id("department"), "the department doing this step"),
        "do": Field(ListOf(Text()), "what to do, one line per action"),
        "say": Field(ListOf(Id("question")), "question ids whose answers are said here"),
        "capture": Field(ListOf(ITEM), "what this step asks the customer for"),
        "needs": Field(ListOf(ITEM), "what this step must have to do its work"),
        "tools": Field(ListOf(Id("tool")), "tools this step uses"),
        "next": Field(
            ListOf(OneOf(Id("step"), EDGE, lambda step, src: Edge(src=src, step=step, plain=True))),
            "the steps that can follow: an id, or {step: id, carry: [...]}",
        ),
        "closes": Field(Boolean(), "true: this step closes the customer's problem"),
        "confirm": Field(Text(), "what the customer confirms before closing (required on a closing step)"),
    },
)

JOURNEY = Obj(
    Journey,
    "a journey",
    {
        "id": Field(Id(), "a unique id such as laptop-will-not-charge", required=True),
        "title": Field(Text(), "the journey's name, from the customer's side", required=True),
        "problem": Field(Text(), "the problem in the customer's own words"),
        "outcome": Field(Text(), "done, as the customer sees it"),
        "owner": Field(Id("person"), "the ONE person accountable end to end"),
        "segments": Field(ListOf(Id("segment")), "customer segments this journey serves"),
        "channels": Field(ListOf(Id("channel")), "channels the customer arrives through"),
        "targets": Field(
            Obj(
                Targets,
                "targets",
                {
                    "resolution": Field(DurationType(), "how long the customer may wait for a solution"),
                    "max_handoffs": Field(Integer(0, 100), "department changes allowed on any path"),
                },
            ),
            "targets for this journey",
        ),
        "review_by": Field(Date(), "when this journey must be checked again"),
        "audience": Field(AUDIENCE, "public or staff (default)"),
        "steps": Field(ListOf(STEP), "the steps; the first one is where the customer starts", required=True),
        "recovery": Field(
            ListOf(
                Obj(
                    Recovery,
                    "a recovery",
                    {
                        "trigger": Field(Text(), "what went wrong", required=True),
                        "owner": Field(Id("person"), "who makes it right"),
                        "do": Field(ListOf(Text()), "what to do"),
                    },
                )
            ),
            "service recovery when things go wrong",
        ),
        "suppress": suppress_field(),
    },
    doc="one customer journey",
)

FILE_KINDS = {
    "settings": SETTINGS,
    "org": ORG,
    "segments": SEGMENTS,
    "policy": TOPIC,
    "journey": JOURNEY,
    "audit": AUDIT,  # test-call logs, declared in audits/model.py
    "search-tests": SEARCH_TESTS,
}


# --- the playbook ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicate:
    kind: str
    id: str
    first: Source
    again: Source


@dataclass
class Playbook:
    """Everything, indexed by id. The first of two same-id entities wins; duplicates are kept for the rule."""

    settings: Settings = field(default_factory=Settings)
    people: dict[str, Person] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    tools: dict[str, Tool] = field(default_factory=dict)
    channels: dict[str, Source] = field(default_factory=dict)
    segments: dict[str, Segment] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)
    journeys: dict[str, Journey] = field(default_factory=dict)
    audits: list[CallLog] = field(default_factory=list)  # staff-only test-call logs, in file order
    duplicates: list[Duplicate] = field(default_factory=list)
    search_tests: list[SearchTest] = field(default_factory=list)  # search-tests.yaml, run by rules/search.py
    files: list[str] = field(default_factory=list)
    source_dir: Path | None = None

    def answers_to(self, question_id: str) -> list[Answer]:
        return self._answers_by_question.get(question_id, [])

    def index_answers(self) -> None:
        self._answers_by_question: dict[str, list[Answer]] = {}
        for answer in self.answers:
            self._answers_by_question.setdefault(answer.question, []).append(answer)

    def department_of(self, person_id: str | None) -> str | None:
        person = self.people.get(person_id) if person_id else None
        return person.department if person else None


def classify(path: str) -> str | None:
    """Which kind of file a path is, by the playbook layout; None for a file journeybook does not know."""
    if path in ("journeybook.yaml", "journeybook.yml"):
        return "settings"
    if path in ("org.yaml", "org.yml"):
        return "org"
    if path in ("segments.yaml", "segments.yml"):
        return "segments"
    if path in SEARCH_TESTS_NAMES:
        return "search-tests"
    if path.startswith("policies/"):
        return "policy"
    if path.startswith("journeys/"):
        return "journey"
    if path.startswith("audits/"):
        return "audit"
    return None


def read_settings(file: SourceFile | None, findings: list[Finding]) -> Settings:
    if file is None or file.root is None:
        return Settings(src=None)
    converted = SETTINGS.convert(file.root, Context(file.path, findings))
    return Settings(src=None) if converted is INVALID else converted


def build_playbook(files: list[SourceFile], settings: Settings, findings: list[Finding]) -> Playbook:
    """Convert every composed file into the model; schema problems go to `findings`."""
    book = Playbook(settings=settings, files=[f.path for f in files])
    seen: dict[tuple[str, str], Source] = {}

    def add(kind: str, index: dict, entity: object, entity_id: str, src: Source) -> None:
        first = seen.get((kind, entity_id))
        if first is not None:
            book.duplicates.append(Duplicate(kind, entity_id, first, src))
            return
        seen[(kind, entity_id)] = src
        index[entity_id] = entity

    for file in files:
        kind = classify(file.path)
        if file.root is None or kind == "settings":
            continue
        ctx = Context(file.path, findings)
        if kind is None:
            ctx.error(
                "journeybook does not know what this file is: settings go in journeybook.yaml, people and "
                "departments in org.yaml, segments in segments.yaml, questions under policies/ and journeys "
                "under journeys/",
                file.root,
            )
            continue
        converted = FILE_KINDS[kind].convert(file.root, ctx)
        if converted is INVALID:
            continue
        if kind == "org":
            for person in converted.people:
                add("person", book.people, person, person.id, person.src)
            for department in converted.departments:
                add("department", book.departments, department, department.id, department.src)
            for tool in converted.tools:
                add("tool", book.tools, tool, tool.id, tool.src)
            _add_channels(book, converted, file.path, add)
        elif kind == "search-tests":
            book.search_tests.extend(converted.tests)
        elif kind == "segments":
            for segment in converted.segments:
                add("segment", book.segments, segment, segment.id, segment.src)
        elif kind == "policy":
            _add_topic(book, converted, file.path, add, ctx)
        elif kind == "audit":
            book.audits.append(converted)
        elif kind == "journey":
            add("journey", book.journeys, converted, converted.id, converted.src)
            steps_seen: dict[str, Source] = {}
            for step in converted.steps:
                if step.id in steps_seen:
                    book.duplicates.append(
                        Duplicate(f"step of journey {converted.id}", step.id, steps_seen[step.id], step.src)
                    )
                else:
                    steps_seen[step.id] = step.src

    book.answers = [_default_by(book, answer) for answer in book.answers]
    book.index_answers()
    return book


def _add_channels(book: Playbook, org: OrgFile, path: str, add) -> None:
    """Channels are bare ids, so each keeps the position of its own list item."""
    node = org.src.node.pairs["channels"][1] if org.src.has("channels") else None
    valid = set(org.channels)
    for item in getattr(node, "items", ()):
        if isinstance(item, Scalar) and item.value in valid:
            src = Source(path, item)
            add("channel", book.channels, src, item.value, src)


def _add_topic(book: Playbook, topic: Topic, path: str, add, ctx: Context) -> None:
    if topic.questions and topic.id is None:
        ctx.error("a policy file with questions needs `topic:` (an id for the topic, e.g. returns)", topic.src.node)
    if topic.id is not None:
        add("topic", {}, topic, topic.id, topic.src)
    resolved = []
    for question in topic.questions:
        question = replace(
            question,
            owner=question.owner or topic.owner,
            review_by=question.review_by or topic.review_by,
            audience=question.audience if question.src.has("audience") else (topic.audience or "staff"),
            answers=tuple(replace(a, question=question.id) for a in question.answers),
            topic=topic.id,
            file=path,
        )
        resolved.append(question)
        add("question", book.questions, question, question.id, question.src)
        book.answers.extend(question.answers)
    book.answers.extend(topic.answers)
    book.topics.append(replace(topic, questions=tuple(resolved)))


def _default_by(book: Playbook, answer: Answer) -> Answer:
    """An answer without `by` speaks for its question owner's department."""
    if answer.by is not None:
        return answer
    question = book.questions.get(answer.question)
    department = book.department_of(question.owner) if question else None
    return replace(answer, by=department, by_default=True)
