"""policies/*.yaml as typed objects: topics, the questions customers ask and the answers departments give."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .schema import Choice, Date, Field, Id, ListOf, MapOf, Obj, Source, Text, suppress_field
from .schema_values import source_field


@dataclass(frozen=True)
class Effective:
    """The dates an answer applies, both ends inclusive; an open end is None."""

    src: Source = source_field()
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

    src: Source = source_field()
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
    src: Source = source_field()
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
    src: Source = source_field()
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
