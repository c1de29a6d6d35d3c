"""journeys/*.yaml as typed objects: a journey's steps, the edges between them, targets and recovery."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .model_policies import AUDIENCE
from .schema import (
    Boolean,
    Date,
    Duration,
    DurationType,
    Field,
    Id,
    Integer,
    ListOf,
    Obj,
    OneOf,
    Source,
    Text,
    suppress_field,
)
from .schema_values import source_field


@dataclass(frozen=True)
class Edge:
    """A `next` entry. Across departments only `carry` travels (a plain id carries nothing)."""

    src: Source = source_field()
    step: str = ""
    carry: tuple[str, ...] = ()
    plain: bool = False


@dataclass(frozen=True)
class Step:
    src: Source = source_field()
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
    src: Source = source_field()
    resolution: Duration | None = None
    max_handoffs: int | None = None


@dataclass(frozen=True)
class Recovery:
    src: Source = source_field()
    trigger: str = ""
    owner: str | None = None
    do: tuple[str, ...] = ()


@dataclass(frozen=True)
class Journey:
    src: Source = source_field()
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
