"""What `check` says about call logs: ids that name nothing in the playbook, and dates that cannot be right.

The schema (field names, yes/no, 1..5, dates) is checked while the model is built; this adds the references,
reported under `unknown-reference` and `schema` like those of every other file, at the id's own line.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date

from ..findings import Finding, Location
from ..load import Mapping, Scalar, Sequence
from ..model import Journey, Playbook
from ..schema import Source, did_you_mean
from .model import CallLog


def journey_items(journey: Journey) -> set[str]:
    """Every information item the journey captures, needs or carries: what a caller can be asked again for."""
    items: set[str] = set()
    for step in journey.steps:
        items.update(step.capture, step.needs)
        for edge in step.next:
            items.update(edge.carry)
    return items


def key_loc(src: Source, field: str, key: str) -> Location:
    """The position of `key` inside the mapping under `field` (a `heard:` entry), else of the field."""
    node = src.node.pairs.get(field, (None, None))[1] if isinstance(src.node, Mapping) else None
    if isinstance(node, Mapping) and key in node.pairs:
        key_node = node.pairs[key][0]
        return Location(src.file, key_node.line, key_node.column)
    return src.loc(field)


def item_loc(src: Source, field: str, value: str) -> Location:
    """The position of the list item `value` under `field` (an `asked_again` entry), else of the field."""
    node = src.node.pairs.get(field, (None, None))[1] if isinstance(src.node, Mapping) else None
    if isinstance(node, Sequence):
        for item in node.items:
            if isinstance(item, Scalar) and item.value == value:
                return Location(src.file, item.line, item.column)
    return src.loc(field)


def _unknown(what: str, value: str, where: str, known: Collection[str], fix: str, at: Location) -> Finding:
    return Finding(
        "unknown-reference",
        f'{what} "{value}", which is not {where}{did_you_mean(value, known)}: {fix}',
        at,
    )


def check_logs(book: Playbook, today: date) -> Iterator[Finding]:
    """Findings for every call log: unknown journey, department, question, segment, channel or item; a date
    after today."""
    for log in book.audits:
        yield from _check_log(book, log, today)


def _check_log(book: Playbook, log: CallLog, today: date) -> Iterator[Finding]:
    src = log.src
    if log.day > today:
        yield Finding(
            "schema",
            f"the call is dated {log.day.isoformat()}, after today ({today.isoformat()}): "
            "write the day the call was made",
            src.loc("date"),
        )
    journey = book.journeys.get(log.journey)
    if journey is None:
        yield _unknown(
            "the call log plays the journey",
            log.journey,
            "a journey in journeys/",
            book.journeys,
            "correct the id (the `id:` of a file under journeys/)",
            src.loc("journey"),
        )
    if log.segment is not None and log.segment not in book.segments:
        yield _unknown(
            "the caller played the segment",
            log.segment,
            "a segment in segments.yaml",
            book.segments,
            "correct the id, or add the segment",
            src.loc("segment"),
        )
    if log.channel is not None and log.channel not in book.channels:
        yield _unknown(
            "the call came through the channel",
            log.channel,
            "a channel in org.yaml",
            book.channels,
            "correct the id, or add the channel to org.yaml",
            src.loc("channel"),
        )
    items = journey_items(journey) if journey is not None else None
    for contact in log.contacts:
        if contact.department not in book.departments:
            yield _unknown(
                "the caller dealt with the department",
                contact.department,
                "a department in org.yaml",
                book.departments,
                "correct the id",
                contact.src.loc("department"),
            )
        for question_id in contact.heard:
            if question_id not in book.questions:
                yield _unknown(
                    "the caller heard an answer to the question",
                    question_id,
                    "a question under policies/",
                    book.questions,
                    "write the question's id as its policy file has it",
                    key_loc(contact.src, "heard", question_id),
                )
        for item in contact.asked_again if items is not None else ():
            if item not in items:
                yield _unknown(
                    "the caller was asked again for",
                    item,
                    f"something the journey {log.journey} captures, needs or carries",
                    items,
                    "use the item's id as the journey's steps write it under `capture`",
                    item_loc(contact.src, "asked_again", item),
                )
