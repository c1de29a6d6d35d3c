"""The call kit for one journey: a script for a test call, and a blank call log to fill in. Pure: text out.

The same content feeds `journeybook audit kit JOURNEY` and the journey's page in the staff site's Audits section.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from ..answering import applies_to
from ..model import Answer, Journey, Playbook, Question, Step
from .compare import max_handoffs


@dataclass(frozen=True)
class KitQuestion:
    question: Question
    step: Step
    answers: tuple[Answer, ...]  # those that apply on the day to one of the journey's segments and channels


@dataclass(frozen=True)
class Kit:
    journey: Journey
    day: date
    questions: tuple[KitQuestion, ...]
    departments: tuple[str | None, ...]  # in the order the journey's steps meet them, no repeats in a row
    says: tuple[tuple[str, ...], ...]  # per entry of `departments`: the question ids its steps say
    max_handoffs: int
    never_twice: tuple[tuple[str, Step], ...]  # (item, the step that first captures it)
    confirm: tuple[str, Step] | None
    names: dict[str, str] = field(default_factory=dict)  # department id → name

    def name(self, department: str | None) -> str:
        return self.names.get(department or "", department or "no department")


def _unique_steps(journey: Journey) -> list[Step]:
    seen: set[str] = set()
    return [s for s in journey.steps if not (s.id in seen or seen.add(s.id))]  # type: ignore[func-returns-value]


def make_kit(book: Playbook, journey: Journey, day: date) -> Kit:
    steps = _unique_steps(journey)
    cases = [(s, c) for s in journey.segments or (None,) for c in journey.channels or (None,)]
    questions, asked = [], set()
    for step in steps:
        for question_id in step.say:
            question = book.questions.get(question_id)
            if question is None or question_id in asked:
                continue
            asked.add(question_id)
            answers = [a for a in book.answers_to(question_id) if any(applies_to(a, s, c, day) for s, c in cases)]
            questions.append(KitQuestion(question, step, tuple(answers)))
    departments: list[str | None] = []
    says: list[list[str]] = []
    for step in steps:
        if not departments or departments[-1] != step.department:
            departments.append(step.department)
            says.append([])
        says[-1].extend(q for q in step.say if q in book.questions and q not in says[-1])
    captured: dict[str, Step] = {}
    for step in steps:
        for item in step.capture:
            captured.setdefault(item, step)
    closing = next((s for s in steps if s.closes and s.confirm), None)
    return Kit(
        journey,
        day,
        tuple(questions),
        tuple(departments),
        tuple(tuple(q) for q in says),
        max_handoffs(book, journey),
        tuple(captured.items()),
        (closing.confirm, closing) if closing and closing.confirm else None,
        {d.id: d.name for d in book.departments.values()},
    )


def conditions(answer: Answer) -> str:
    """ "for everyone", or "segment: premium · channel: phone · until 2026-12-31"."""
    parts = [f"{dimension}: {', '.join(values)}" for dimension, values in answer.when.items()]
    if answer.effective is not None:
        start, end = answer.effective.start, answer.effective.end
        if start:
            parts.append(f"from {start.isoformat()}")
        if end:
            parts.append(f"until {end.isoformat()}")
    return " · ".join(parts) or "for everyone"


def script(kit: Kit) -> str:
    """The kit as plain text for the terminal."""
    journey = kit.journey
    out = [f"Test call: {journey.title} ({journey.id})", ""]
    if journey.problem:
        out += ["Your problem, in the customer's words:", f'  "{journey.problem}"', ""]
    out.append(
        "Call as: "
        + (f"segment {' | '.join(journey.segments)}" if journey.segments else "any segment")
        + (f"; channel {' | '.join(journey.channels)}" if journey.channels else "")
        + " (pick one of each and write them in the call log)"
    )
    out += ["", "Ask, in this order:"]
    for n, entry in enumerate(kit.questions, 1):
        out.append(f"  {n}. {entry.question.ask} [{entry.question.id}] (step: {entry.step.label})")
    if not kit.questions:
        out.append("  (no step of this journey says a question)")
    out += ["", f"What each department should answer (as of {kit.day.isoformat()}):"]
    for entry in kit.questions:
        out.append(f"  {entry.question.id}:")
        for answer in entry.answers:
            out.append(f'    - {kit.name(answer.by)}: "{answer.decision}" ({conditions(answer)})')
            out.append(f"      say: {' '.join(answer.say.split())}")
        if not entry.answers:
            out.append("    (no answer applies: any answer heard is a finding for the question's owner)")
    out += [
        "",
        "Expected departments: " + " → ".join(kit.name(d) for d in kit.departments),
        f"At most {kit.max_handoffs} handoff{'s' if kit.max_handoffs != 1 else ''} between departments.",
        "",
        "Once given, never asked for again: "
        + (", ".join(item.replace("-", " ") for item, _ in kit.never_twice) or "nothing is captured"),
        "",
    ]
    if kit.confirm:
        out.append(f'Solved means ({kit.name(kit.confirm[1].department)} confirms): "{kit.confirm[0]}"')
    else:
        out.append("Solved means: the journey has no closing `confirm`; ask the journey's owner.")
    return "\n".join(out) + "\n"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted string


def blank_log(kit: Kit) -> str:
    """A call log to fill in: valid as it stands (empty values count as not given), so `check` stays clean."""
    journey = kit.journey
    lines = [
        f"# Call log of a test call: {' '.join(journey.title.split())}",
        f"# Written by `journeybook audit kit {journey.id}`. Fill in each contact in the order you dealt with",
        "# them (add or delete contacts as the call went), then run `journeybook audit`.",
        f"journey: {journey.id}",
        f"date: {kit.day.isoformat()}",
        "caller:  # your name and role",
        f"channel:  # {' | '.join(journey.channels) or 'the channel you used'}",
        f"segment:  # {' | '.join(journey.segments) or 'the kind of customer you played'}",
        "contacts:",
    ]
    items = ", ".join(item for item, _ in kit.never_twice)
    for department, heard in zip(kit.departments, kit.says, strict=True):
        lines.append(f"  - department: {department or ''}")
        if heard:
            lines.append("    heard:  # the decision you were given, in words")
            lines.extend(f"      {question_id}:" for question_id in heard)
        lines += [
            f"    asked_again: []  # what you had already given: {items}" if items else "    asked_again: []",
            "    knowledgeable:  # yes | no",
            "    defined_problem:  # yes | no",
            "    offered_solution:  # yes | no",
            "    treated:  # 1 (badly) .. 5 (very well)",
        ]
    confirm = f" — solved means: {' '.join(kit.confirm[0].split())}" if kit.confirm else ""
    lines += [
        "outcome:",
        f"  solved:  # yes | no{confirm}",
        "  closed_without_confirmation:  # yes | no",
        "  satisfied:  # 1 .. 5",
    ]
    return "\n".join(lines) + "\n"
