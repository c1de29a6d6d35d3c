"""What a generated playbook holds before it is written as YAML."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Person:
    id: str
    name: str
    email: str
    department: str


@dataclass
class Department:
    id: str
    name: str
    function: str  # the id in FUNCTIONS: `billing` for `billing-north`
    front: bool
    contact: str
    lead: str = ""
    tools: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


@dataclass
class Answer:
    by: str
    decision: str
    say: str
    show_by: bool = True
    internal: str = ""
    when: tuple[str, tuple[str, ...]] | None = None  # (dimension, values)
    effective_from: str = ""


@dataclass
class Question:
    id: str
    ask: str
    also_asked: list[str]
    owner: str
    show_owner: bool
    public: bool
    review_by: str
    product: str
    answers: list[Answer] = field(default_factory=list)
    sayable: bool = False  # first answer unconditioned, second agrees


@dataclass
class Topic:
    id: str
    title: str
    owner: str
    department: str
    review_by: str
    questions: list[Question] = field(default_factory=list)


@dataclass
class Step:
    id: str
    title: str
    department: str
    do: list[str]
    next: list[str]
    capture: list[str]
    needs: list[str]
    say: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    carry: dict[str, list[str]] = field(default_factory=dict)  # handoff target → what travels
    confirm: str = ""


@dataclass
class Journey:
    id: str
    area: str
    title: str
    problem: str
    outcome: str
    owner: str
    segments: list[str]
    channels: list[str]
    resolution: str
    max_handoffs: int | None
    review_by: str
    public: bool
    steps: list[Step]
    recovery: list[tuple[str, str, list[str]]]  # (trigger, owner, do)


@dataclass
class Playbook:
    people: list[Person]
    departments: list[Department]
    tools: list[tuple[str, str]]
    topics: list[Topic]
    journeys: list[Journey]
    extra_answers: dict[str, list[tuple[str, Answer]]]  # department → (question id, answer) for its own file
