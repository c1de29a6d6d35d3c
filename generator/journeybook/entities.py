"""The playbook flattened for comparison: plain, picklable records of every question, answer, journey, step,
handoff, owner, department, person, tool and segment, with JSON-ready field values, the file and line they
are on and the departments whose frontline they reach (used by diff.py and the answer history, changes.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .model import Answer, Effective
from .report.sarif import fingerprints

if TYPE_CHECKING:
    from .check import CheckResult


@dataclass(frozen=True)
class Entity:
    """One thing of the playbook as plain data. `key` identifies it for matching; `fields` are compared."""

    kind: str
    key: tuple
    id: str
    fields: dict[str, Any]
    file: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)  # field → line of its value, where written
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """A playbook flattened for comparison. `prefix` is the folder its files are shown under."""

    entities: dict[tuple[str, tuple], Entity]
    answers: dict[tuple[str, str], list[Entity]]  # (question, department) → its answers
    errors: dict[str, tuple[str, str, str, int]]  # fingerprint → (rule, message, file, line) of an error finding
    prefix: str = ""


def plain(value: Any) -> Any:
    """A model value as JSON data: dates as ISO text, tuples as lists, dataclasses as mappings without `src`."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Effective):
        return {"from": plain(value.start), "to": plain(value.end)}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value) if f.name not in ("src", "plain")}
    return str(value)


def _lines(entity: Any, names: list[str]) -> dict[str, int]:
    src = getattr(entity, "src", None)
    if src is None:
        return {}
    return {name: src.loc(name).line for name in names if src.has(name)}


def _record(
    kind: str, key: tuple, shown: str, entity: Any, values: dict[str, Any], departments, lines: bool = True
) -> Entity:
    src = getattr(entity, "src", None)
    return Entity(
        kind,
        key,
        shown,
        {name: plain(value) for name, value in values.items()},
        src.file if src else "",
        src.node.line if src else 1,
        _lines(entity, list(values)) if lines else {},
        tuple(sorted({d for d in departments if d})),
    )


def conditions_text(when: dict, effective: dict | None) -> str:
    """An answer's conditions, short: `segment=business; from 2027-01-01`."""
    parts = [f"{dimension}={','.join(values)}" for dimension, values in sorted(when.items())]
    if effective:
        if effective.get("from"):
            parts.append(f"from {effective['from']}")
        if effective.get("to"):
            parts.append(f"to {effective['to']}")
    return "; ".join(parts)


def answer_id(question: str, by: str | None, when: dict, effective: dict | None) -> str:
    text = conditions_text(when, effective)
    return f"{question}/{by or '-'}" + (f"[{text}]" if text else "")


def answer_record(answer: Answer, question: str, lines: bool = True) -> Entity:
    """An answer as a record keyed by (question, department); `lines` False skips each field's line (history)."""
    values = {"decision": answer.decision, "say": answer.say, "internal": answer.internal}
    values.update(when=answer.when, effective=answer.effective)
    shown = answer_id(question, answer.by, plain(answer.when), plain(answer.effective))
    return _record("answer", (question, answer.by or ""), shown, answer, values, [answer.by], lines)


def snapshot(result: CheckResult, prefix: str = "") -> Snapshot:
    """Flatten a checked playbook (see the module docstring)."""
    book = result.playbook
    entities: dict[tuple[str, tuple], Entity] = {}

    def add(record: Entity) -> None:
        entities.setdefault((record.kind, record.key), record)

    answers: dict[tuple[str, str], list[Entity]] = {}
    answered_by: dict[str, set[str]] = {}
    for answer in book.answers:
        answered_by.setdefault(answer.question, set()).add(answer.by or "")
        record = answer_record(answer, answer.question)
        answers.setdefault(record.key, []).append(record)

    for question in book.questions.values():
        values = {name: getattr(question, name) for name in ("ask", "also_asked", "audience", "review_by", "topic")}
        departments = answered_by.get(question.id, set())
        add(_record("question", (question.id,), question.id, question, values, departments))
        add(_record("owner", ("question", question.id), f"question/{question.id}", question, _owner(question), ()))
    for journey in book.journeys.values():
        names = ("title", "problem", "outcome", "segments", "channels", "targets", "review_by", "audience", "recovery")
        values = {name: getattr(journey, name) for name in names}
        steps = {step.id: step for step in reversed(journey.steps)}  # the first of two same-id steps wins
        departments = [step.department for step in steps.values()]
        add(_record("journey", (journey.id,), journey.id, journey, values, departments))
        add(_record("owner", ("journey", journey.id), f"journey/{journey.id}", journey, _owner(journey), ()))
        for step in steps.values():
            names = ("title", "department", "do", "say", "capture", "needs", "tools", "closes", "confirm")
            values = {name: getattr(step, name) for name in names}
            values["next"] = [edge.step for edge in step.next]
            add(_record("step", (journey.id, step.id), f"{journey.id}/{step.id}", step, values, [step.department]))
            for edge in step.next:
                target = steps.get(edge.step)
                if target is None or target.department == step.department:
                    continue  # not a handoff: the step's `next` covers it
                add(
                    _record(
                        "handoff",
                        (journey.id, step.id, edge.step),
                        f"{journey.id}/{step.id}->{edge.step}",
                        edge,
                        {"carry": edge.carry},
                        [step.department, target.department],
                    )
                )
    for department in book.departments.values():
        values = {"name": department.name, "contact": department.contact, "tools": department.tools}
        values.update(description=department.description, github_team=getattr(department, "github_team", None))
        add(_record("department", (department.id,), department.id, department, values, [department.id]))
        owner = {"owner": department.lead}
        add(_record("owner", ("department", department.id), f"department/{department.id}", department, owner, ()))
    for person in book.people.values():
        names = ("name", "email", "phone", "department", "role", "github")
        values = {name: getattr(person, name, None) for name in names}
        add(_record("person", (person.id,), person.id, person, values, [person.department]))
    for tool in book.tools.values():
        departments = [d.id for d in book.departments.values() if tool.id in d.tools]
        add(
            _record(
                "tool", (tool.id,), tool.id, tool, {"name": tool.name, "description": tool.description}, departments
            )
        )
    for segment in book.segments.values():
        values = {name: getattr(segment, name) for name in ("name", "lifetime_value", "expectations", "description")}
        add(_record("segment", (segment.id,), segment.id, segment, values, ()))

    errors = {}
    active = [f for f in result.findings if f.suppressed is None and f.severity.label == "error"]
    for finding, print_ in zip(active, fingerprints(active), strict=True):
        errors[print_] = (finding.rule, finding.message, finding.location.file, finding.location.line)
    return Snapshot(entities, answers, errors, prefix)


def _owner(entity: Any) -> dict[str, Any]:
    return {"owner": entity.owner}


def pair_answers(
    old: list[Entity], new: list[Entity]
) -> tuple[list[tuple[Entity, Entity]], list[Entity], list[Entity]]:
    """Match one question-and-department's answers: same conditions, then same `when` with the same decision,
    then same `when`, then the same decision under other conditions. Returns (pairs, removed, added)."""
    old, new = list(old), list(new)
    pairs = []
    tests = (
        lambda a, b: a.fields["when"] == b.fields["when"] and a.fields["effective"] == b.fields["effective"],
        lambda a, b: a.fields["when"] == b.fields["when"] and a.fields["decision"] == b.fields["decision"],
        lambda a, b: a.fields["when"] == b.fields["when"] and a.fields["say"] == b.fields["say"],
        lambda a, b: a.fields["when"] == b.fields["when"] and len(old) == len(new) == 1,
        lambda a, b: a.fields["decision"] == b.fields["decision"],
    )
    for test in tests:
        for a in list(old):
            match = next((b for b in new if test(a, b)), None)
            if match is not None:
                pairs.append((a, match))
                old.remove(a)
                new.remove(match)
    return pairs, old, new
