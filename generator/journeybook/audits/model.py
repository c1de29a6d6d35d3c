"""Call logs (audits/**/*.yaml) as typed objects: the declaration that validates them and prints their JSON Schema.

Kept apart from model.py, which imports it to register the `audit` kind: this module depends on schema.py only.
The field names are a contract with the teams who log calls (add fields, never rename).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..load import Mapping, Node, Scalar
from ..schema import INVALID, Context, Date, Field, FieldType, Id, Integer, ListOf, MapOf, Obj, Source, Text

_YES = {"yes": True, "no": False, "true": True, "false": False}


class YesNo(FieldType):
    """`yes` or `no` (also `true`/`false`), read by the field itself: the loader keeps every scalar as text."""

    label = "yes or no"

    def convert(self, node: Node, ctx: Context) -> Any:
        value = self.scalar(node, ctx)
        if value is INVALID:
            return value
        answer = _YES.get(value.strip().lower())
        if answer is None:
            return ctx.error(f'"{value}" is not yes or no: write `yes` or `no`', node)
        return answer

    def json_schema(self) -> dict:
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": ["yes", "no", "true", "false"]}]}


class Heard(MapOf):
    """question id → words; an empty value (`refund-window:` in a blank log) means not heard, and is left out."""

    def __init__(self) -> None:
        super().__init__(Id("question"), Text(), "a mapping of question id: the decision heard")

    def convert(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, Mapping):
            node = _without_empty(node)
        return super().convert(node, ctx)


def _without_empty(node: Mapping) -> Mapping:
    kept = Mapping(node.line, node.column)
    kept.pairs = {k: pair for k, pair in node.pairs.items() if not (isinstance(pair[1], Scalar) and pair[1].null)}
    return kept


@dataclass(frozen=True)
class Contact:
    """One person the caller dealt with, in the order the call went."""

    src: Source = field(compare=False, repr=False)  # type: ignore[assignment]
    department: str = ""
    heard: dict[str, str] = field(default_factory=dict)
    asked_again: tuple[str, ...] = ()
    knowledgeable: bool | None = None
    defined_problem: bool | None = None
    offered_solution: bool | None = None
    treated: int | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Outcome:
    src: Source = field(compare=False, repr=False)  # type: ignore[assignment]
    solved: bool | None = None
    closed_without_confirmation: bool | None = None
    satisfied: int | None = None


@dataclass(frozen=True)
class CallLog:
    """One test call: which journey was played, when, through which channel and as which kind of customer."""

    src: Source = field(compare=False, repr=False)  # type: ignore[assignment]
    journey: str = ""
    day: date = date.min
    caller: str | None = None
    channel: str | None = None
    segment: str | None = None
    contacts: tuple[Contact, ...] = ()
    outcome: Outcome | None = None
    notes: str | None = None

    @property
    def file(self) -> str:
        return self.src.file


SCORE = Integer(1, 5)

CONTACT = Obj(
    Contact,
    "a contact",
    {
        "department": Field(Id("department"), "the department the caller dealt with", required=True),
        "heard": Field(Heard(), "question id → the decision the caller was given, in words"),
        "asked_again": Field(ListOf(Id()), "things the caller had already given and was asked for again"),
        "knowledgeable": Field(YesNo(), "yes: they knew the answer without guessing"),
        "defined_problem": Field(YesNo(), "yes: they said back what the problem was"),
        "offered_solution": Field(YesNo(), "yes: they offered a way to solve it"),
        "treated": Field(SCORE, "how the caller was treated, 1 (badly) to 5 (very well)"),
        "notes": Field(Text(), "anything else worth knowing"),
    },
)

OUTCOME = Obj(
    Outcome,
    "an outcome",
    {
        "solved": Field(YesNo(), "yes: the problem was solved by the end"),
        "closed_without_confirmation": Field(
            YesNo(), "yes: someone closed it while the customer's problem stayed open"
        ),
        "satisfied": Field(SCORE, "how satisfied a real customer would be, 1 to 5"),
    },
)

AUDIT = Obj(
    CallLog,
    "a call log",
    {
        "journey": Field(Id("journey"), "the journey the call played", required=True),
        "date": Field(Date(), "the day of the call", required=True, attr="day"),
        "caller": Field(Text(), "who made the call (free text)"),
        "channel": Field(Id("channel"), "the channel used, e.g. phone"),
        "segment": Field(Id("segment"), "the kind of customer played"),
        "contacts": Field(ListOf(CONTACT), "everyone the caller dealt with, in order", required=True),
        "outcome": Field(OUTCOME, "how the call ended"),
        "notes": Field(Text(), "anything else worth knowing"),
    },
    doc="one test call (staff only; never in a public build)",
)
