"""The playbook as typed, validated objects. Each object keeps its Source so rules can say where.

The declarations are the whole YAML contract (docs/reference.md, "Files and fields"), one module per kind of
file: model_settings (journeybook.yaml), model_org (org.yaml, segments.yaml), model_policies (policies/) and
model_journeys (journeys/); the same objects validate files and print the JSON Schema (`journeybook schema`).
References are kept as ids; whether they exist is the `unknown-reference`
rule's job, so a typo is reported once, in the rule's words. This module joins the files into one Playbook,
and the model's names can be imported from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .audits.model import AUDIT, CallLog
from .findings import Finding
from .load import Scalar, SourceFile
from .model_journeys import JOURNEY, Edge, Journey, Step
from .model_org import ORG, SEGMENTS, Department, OrgFile, Person, Segment, Tool
from .model_policies import AUDIENCE, TOPIC, Answer, Effective, Question, Topic
from .model_settings import SETTINGS, Settings
from .schema import INVALID, Context, Source
from .searchfiles import SEARCH_TESTS, SEARCH_TESTS_NAMES, SearchTest

__all__ = [  # what the rest of the package imports from here
    "AUDIENCE", "FILE_KINDS", "JOURNEY", "ORG", "SEGMENTS", "SETTINGS", "TOPIC", "Answer", "Department", "Duplicate",
    "Edge", "Effective", "Journey", "OrgFile", "Person", "Playbook", "Question", "Segment", "Settings", "Step",
    "Tool", "Topic", "build_playbook", "classify", "read_settings",
]  # fmt: skip

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
