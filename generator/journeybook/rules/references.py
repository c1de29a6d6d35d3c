"""Does every id name exactly one thing, and does every reference name something that exists?

(duplicate-id, unknown-reference)
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from ..findings import Finding, Location, Related, Severity
from ..load import Mapping, Scalar, Sequence
from ..model import Answer, Playbook
from ..schema import Source, did_you_mean
from .base import RuleContext, rule

_STEP_KIND = "step of journey "  # model.Duplicate names step duplicates "step of journey <id>"


def _id_loc(kind: str, src: Source) -> Location:
    """Where an entity's id is written: a topic's is its `topic:` key, a channel is its own list item."""
    return src.loc("topic" if kind == "topic" else "id")


def _item_loc(src: Source, values: tuple[str, ...], index: int, *path: str | int) -> Location:
    """The position of `values[index]` in the list at `path`.

    The model drops list items the schema rejected, so the value's index in the
    model may be smaller than its index in the file: find it by value instead.
    """
    node = src.node
    for part in path:
        if isinstance(node, Mapping) and isinstance(part, str) and part in node.pairs:
            node = node.pairs[part][1]
        elif isinstance(node, Sequence) and isinstance(part, int) and 0 <= part < len(node.items):
            node = node.items[part]
        else:
            return src.loc(*path)
    if not isinstance(node, Sequence):
        return src.loc(*path)  # one bare value (`segment: consumer`): the value itself
    value = values[index]
    occurrence = values[:index].count(value)
    matches = [item for item in node.items if isinstance(item, Scalar) and item.value == value]
    if occurrence < len(matches):
        return Location(src.file, matches[occurrence].line, matches[occurrence].column)
    return src.loc(*path, index)


@rule("duplicate-id", Severity.ERROR, "two entities of one kind with the same id")
def duplicate_id(ctx: RuleContext) -> Iterator[Finding]:
    """Why: an id is how every other file points at a person, department,
    question or journey. When two things share one, references silently go to
    the first and the second is ignored: its answers, its steps or its owner
    never reach the staff who need them.

    Bad:
    ```yaml
    # policies/returns.yaml
    questions:
      - id: refund-window
        ask: How long do I have to return a product?
    # policies/business.yaml
    questions:
      - id: refund-window
        ask: Can a business return a laptop after 30 days?
    ```

    Good:
    ```yaml
    # policies/business.yaml
    questions:
      - id: business-refund-window
        ask: Can a business return a laptop after 30 days?
    ```

    Fix: rename one of the two, and update the references that meant it.
    """
    for duplicate in ctx.playbook.duplicates:
        first = _id_loc(duplicate.kind, duplicate.first)
        where = f"{first.file}:{first.line}"
        if duplicate.kind == "channel":
            message = (
                f'the channel "{duplicate.id}" is already listed at {where}; list each channel once: remove this one'
            )
            related = "listed first here"
        elif duplicate.kind.startswith(_STEP_KIND):
            message = (
                f'the step id "{duplicate.id}" is already used in this journey at {where}; step ids must be '
                "unique within a journey, or `next:` cannot tell them apart: rename one of them"
            )
            related = "the first step with this id"
        else:
            message = (
                f'the {duplicate.kind} id "{duplicate.id}" is already used at {where}; ids must be unique '
                "across the playbook: rename one of them"
            )
            related = f"the first {duplicate.kind} with this id"
        # No scope: the second entity is dropped from the playbook, so accepting the finding would hide it.
        yield Finding(
            "duplicate-id",
            message,
            _id_loc(duplicate.kind, duplicate.again),
            related=(Related(first, related),),
        )


@dataclass(frozen=True)
class _Kind:
    """One kind of thing a reference can name: what to call it and how to fix a reference to it."""

    noun: str
    where: str
    fix: str


_PERSON = _Kind("a person", "in org.yaml", "use the id of someone under `people:` in org.yaml, or add them there")
_DEPARTMENT = _Kind(
    "a department", "in org.yaml", "use the id of a department under `departments:` in org.yaml, or add it there"
)
_TOOL = _Kind("a tool", "in org.yaml", "use the id of a tool under `tools:` in org.yaml, or add it there")
_CHANNEL = _Kind("a channel", "in org.yaml", "use one of the `channels:` in org.yaml, or add it there")
_NO_CHANNELS = _Kind(
    "a channel",
    "(org.yaml has no usable `channels:`)",
    "list every way customers reach you in org.yaml by id, e.g. `channels: [phone, email, chat]`",
)
_SEGMENT = _Kind("a segment", "in segments.yaml", "use the id of a segment in segments.yaml, or add it there")
_QUESTION = _Kind(
    "a question", "in any file under policies/", "use the id of an existing question, or add the question there"
)
_STEP = _Kind("a step", "of this journey", "correct the id, or add that step to the journey")


def _unknown(
    subject: str, value: str, kind: _Kind, known: Collection[str], at: Location, scope: tuple[str, str] | None
) -> Finding:
    return Finding(
        "unknown-reference",
        f'{subject} "{value}", which is not {kind.noun} {kind.where}{did_you_mean(value, known)}: {kind.fix}',
        at,
        scope=scope,
    )


@rule(
    "unknown-reference",
    Severity.ERROR,
    "a reference to a person, department, tool, channel, segment, question or step that does not exist",
)
def unknown_reference(ctx: RuleContext) -> Iterator[Finding]:
    """Why: a typo in an id breaks the playbook quietly. The step is shown
    without its department, the answer without its owner, and the customer is
    sent to a step that does not exist, so staff improvise.

    Bad:
    ```yaml
    - id: diagnose
      department: hardware-suport
      next: [confirm-fix]
    ```

    Good:
    ```yaml
    - id: diagnose
      department: hardware-support
      next: [confirm-fixed]
    ```

    Fix: correct the id (the message suggests the closest one), or add the thing it names.
    """
    book = ctx.playbook
    yield from _org_references(book)
    yield from _policy_references(book)
    yield from _journey_references(book)
    yield from _search_test_references(book)


def _search_test_references(book: Playbook) -> Iterator[Finding]:
    for test in book.search_tests:
        if test.expect not in book.questions:
            yield _unknown(
                f'the search test "{test.say}" expects',
                test.expect,
                _QUESTION,
                book.questions,
                test.src.loc("expect"),
                None,
            )


def _org_references(book: Playbook) -> Iterator[Finding]:
    for person in book.people.values():
        if person.department and person.department not in book.departments:
            yield _unknown(
                f"{person.name} works in",
                person.department,
                _DEPARTMENT,
                book.departments,
                person.src.loc("department"),
                None,
            )
    for department in book.departments.values():
        scope = ("department", department.id)
        if department.lead and department.lead not in book.people:
            yield _unknown(
                f"{department.name} is led by", department.lead, _PERSON, book.people, department.src.loc("lead"), scope
            )
        for index, tool_id in enumerate(department.tools):
            if tool_id not in book.tools:
                yield _unknown(
                    f"{department.name} has the tool",
                    tool_id,
                    _TOOL,
                    book.tools,
                    _item_loc(department.src, department.tools, index, "tools"),
                    scope,
                )


def _own(src: Source, name: str, resolved: str | None) -> str | None:
    """The value written on the entity itself (not inherited); None when absent, empty or rejected by the schema."""
    if resolved is None or not src.has(name):
        return None
    node = src.node.pairs[name][1]  # type: ignore[union-attr]
    return resolved if getattr(node, "value", None) == resolved and not getattr(node, "null", True) else None


def _policy_references(book: Playbook) -> Iterator[Finding]:
    for topic in book.topics:
        topic_scope = ("topic", topic.id) if topic.id else None
        if topic.owner and topic.owner not in book.people:
            name = f'topic "{topic.id}"' if topic.id else "this file"
            yield _unknown(
                f"the default owner of the questions in {name} is",
                topic.owner,
                _PERSON,
                book.people,
                topic.src.loc("owner"),
                topic_scope,
            )
        for question in topic.questions:
            owner = _own(question.src, "owner", question.owner)
            if owner and owner not in book.people:
                yield _unknown(
                    f'question "{question.id}" is owned by',
                    owner,
                    _PERSON,
                    book.people,
                    question.src.loc("owner"),
                    ("question", question.id),
                )
        for answer in topic.answers:
            if answer.question not in book.questions:
                yield _unknown(
                    "this answer is to the question",
                    answer.question,
                    _QUESTION,
                    book.questions,
                    answer.src.loc("question"),
                    topic_scope,
                )
    for answer in book.answers:
        yield from _answer_references(book, answer)


def _answer_references(book: Playbook, answer: Answer) -> Iterator[Finding]:
    scope = ("question", answer.question)
    if answer.by and not answer.by_default and answer.by not in book.departments:
        yield _unknown(
            f'an answer to "{answer.question}" is given by',
            answer.by,
            _DEPARTMENT,
            book.departments,
            answer.src.loc("by"),
            scope,
        )
    if answer.refer and answer.refer not in book.departments:
        yield _unknown(
            f'an answer to "{answer.question}" puts the customer through to',
            answer.refer,
            _DEPARTMENT,
            book.departments,
            answer.src.loc("refer"),
            scope,
        )
    # Other `when` dimensions (product, region, ...) are declared in journeybook.yaml: rules/dimensions.py checks them.
    dimensions = (
        ("segment", _SEGMENT, book.segments),
        ("channel", _CHANNEL if book.channels else _NO_CHANNELS, book.channels),
    )
    for dimension, kind, known in dimensions:
        folded = {k.lower() for k in known}
        for index, value in enumerate(answer.when.get(dimension, ())):
            if value.strip().lower() not in folded:
                yield _unknown(
                    f'an answer to "{answer.question}" applies to the {dimension}',
                    value,
                    kind,
                    known,
                    _item_loc(answer.src, answer.when[dimension], index, "when", dimension),
                    scope,
                )


def _journey_references(book: Playbook) -> Iterator[Finding]:
    channel_kind = _CHANNEL if book.channels else _NO_CHANNELS
    for journey in book.journeys.values():
        scope = ("journey", journey.id)
        if journey.owner and journey.owner not in book.people:
            yield _unknown(
                f'journey "{journey.id}" is owned by',
                journey.owner,
                _PERSON,
                book.people,
                journey.src.loc("owner"),
                scope,
            )
        for index, segment in enumerate(journey.segments):
            if segment not in book.segments:
                yield _unknown(
                    f'journey "{journey.id}" serves the segment',
                    segment,
                    _SEGMENT,
                    book.segments,
                    _item_loc(journey.src, journey.segments, index, "segments"),
                    scope,
                )
        for index, channel in enumerate(journey.channels):
            if channel not in book.channels:
                yield _unknown(
                    f'journey "{journey.id}" is reached through the channel',
                    channel,
                    channel_kind,
                    book.channels,
                    _item_loc(journey.src, journey.channels, index, "channels"),
                    scope,
                )
        step_ids = {step.id for step in journey.steps}
        for step in journey.steps:
            subject = f'step "{step.id}"'
            if step.department and step.department not in book.departments:
                yield _unknown(
                    f"{subject} is done by",
                    step.department,
                    _DEPARTMENT,
                    book.departments,
                    step.src.loc("department"),
                    scope,
                )
            for j, question_id in enumerate(step.say):
                if question_id not in book.questions:
                    yield _unknown(
                        f"{subject} says the answers to",
                        question_id,
                        _QUESTION,
                        book.questions,
                        _item_loc(step.src, step.say, j, "say"),
                        scope,
                    )
            for j, tool_id in enumerate(step.tools):
                if tool_id not in book.tools:
                    yield _unknown(
                        f"{subject} uses the tool",
                        tool_id,
                        _TOOL,
                        book.tools,
                        _item_loc(step.src, step.tools, j, "tools"),
                        scope,
                    )
            for edge in step.next:
                if edge.step not in step_ids:
                    # A plain id's Source is the id itself; `{step:, carry:}` points at its `step` value.
                    yield _unknown(f"{subject} goes to", edge.step, _STEP, step_ids, edge.src.loc("step"), scope)
        for recovery in journey.recovery:
            if recovery.owner and recovery.owner not in book.people:
                yield _unknown(
                    f'the recovery for "{recovery.trigger}" is owned by',
                    recovery.owner,
                    _PERSON,
                    book.people,
                    recovery.src.loc("owner"),
                    scope,
                )
