"""Two checked playbooks → the changes between them, entity by entity, each with a severity (pure: no git here).

Each playbook is first flattened into a `Snapshot` (entities.py) with the fingerprints of its error findings.
`compare` matches the records of two snapshots by id, detects renames (same content under a new id, so a
renamed question is one change, not a removal and an addition with every reference changing), and grades
each change:

- breaking: a decision changes or an answer is removed for some customers, an owner is removed, or the
  change introduces an error finding;
- notable: `say` text, `when`/`effective`, a new or removed handoff, `carry` items, a new or removed question
  or journey;
- minor: everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from . import renames
from .answering import normalise_decision, overlap
from .entities import Entity, Snapshot, pair_answers
from .model import Answer, Effective

SEVERITIES = ("breaking", "notable", "minor")  # most severe first
RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES), start=1)}  # minor 1 … breaking 3
KINDS = (  # the order changes of one severity are listed in: what the frontline says first
    "answer",
    "finding",
    "owner",
    "question",
    "journey",
    "handoff",
    "step",
    "department",
    "person",
    "tool",
    "segment",
)


@dataclass(frozen=True)
class Change:
    """One change, in the fields of the JSON report (which never renames or removes them)."""

    kind: str
    id: str
    change: str  # added | removed | changed | renamed
    field: str | None
    before: Any
    after: Any
    severity: str  # breaking | notable | minor
    file: str
    line: int
    departments: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple:
        return (-RANK[self.severity], KINDS.index(self.kind), self.id, self.field or "", self.change)


# --- comparing ------------------------------------------------------------------------------


def compare(before: Snapshot, after: Snapshot) -> list[Change]:
    """Every change from `before` to `after`, most severe first."""
    old, new = dict(before.entities), after.entities
    old_answers = before.answers
    changes: list[Change] = []
    for kind in renames.RENAMEABLE:
        found = renames.find(old, new, kind, old_answers, after.answers)
        for old_key, new_key in sorted(found.items()):
            record = new[(kind, new_key)]
            changes.append(
                _change(
                    after,
                    record,
                    "renamed",
                    None,
                    renames.shown_id(kind, old_key),
                    renames.shown_id(kind, new_key),
                    "minor",
                )
            )
        old = renames.apply(old, kind, found)
        if kind == "question":
            old_answers = _answers_renamed(old_answers, {k[0]: v[0] for k, v in found.items()})
        if kind == "department":
            old_answers = _answers_by_renamed(old_answers, {k[0]: v[0] for k, v in found.items()})
    both = {key for key in old if key in new}
    for key in sorted(set(old) | set(new), key=repr):
        kind = key[0]
        if key in both:
            changes.extend(_field_changes(after, old[key], new[key]))
        elif kind == "owner":
            continue  # the owned thing itself was added or removed
        elif key in new:
            record = new[key]
            severity = "notable" if kind in ("question", "journey", "handoff") else "minor"
            changes.append(_change(after, record, "added", None, None, _summary(record), severity))
        else:
            record = old[key]
            severity = "notable" if kind in ("question", "journey", "handoff") else "minor"
            changes.append(_change(before, record, "removed", None, _summary(record), None, severity, removed=True))
    changes.extend(_answer_changes(before, after, old_answers, after.answers))
    for print_, (rule, message, file, line) in sorted(after.errors.items(), key=lambda item: item[1]):
        if print_ not in before.errors:
            changes.append(Change("finding", rule, "added", None, None, message, "breaking", _path(after, file), line))
    changes.sort(key=lambda change: change.sort_key)
    return changes


def _answers_renamed(answers: dict, questions: dict[str, str]) -> dict:
    result: dict[tuple[str, str], list[Entity]] = {}
    for (question, by), listed in answers.items():
        result.setdefault((questions.get(question, question), by), []).extend(listed)
    return result


def _answers_by_renamed(answers: dict, departments: dict[str, str]) -> dict:
    result: dict[tuple[str, str], list[Entity]] = {}
    for (question, by), listed in answers.items():
        result.setdefault((question, departments.get(by, by)), []).extend(listed)
    return result


def _summary(record: Entity) -> Any:
    """What an added or removed entity shows as its `before`/`after`."""
    for name in ("decision", "ask", "title", "name", "carry", "owner"):
        if name in record.fields:
            return record.fields[name]
    return None


def _path(side: Snapshot, file: str) -> str:
    return f"{side.prefix.rstrip('/')}/{file}" if side.prefix and file else file


def _change(
    side: Snapshot,
    record: Entity,
    change: str,
    name: str | None,
    before: Any,
    after: Any,
    severity: str,
    removed: bool = False,
) -> Change:
    line = record.lines.get(name, record.line) if name else record.line
    return Change(
        record.kind,
        record.id,
        change,
        name,
        before,
        after,
        severity,
        _path(side, record.file),
        line,
        record.departments,
    )


NOTABLE_FIELDS = {"answer": {"say", "when", "effective"}, "handoff": {"carry"}}


def _field_changes(after: Snapshot, old: Entity, new: Entity) -> list[Change]:
    found = []
    for name in dict.fromkeys([*new.fields, *old.fields]):
        before, value = old.fields.get(name), new.fields.get(name)
        if before == value:
            continue
        severity = "minor"
        if new.kind == "owner" and before is not None and value is None:
            severity = "breaking"
        elif name in NOTABLE_FIELDS.get(new.kind, ()):
            severity = "notable"
        found.append(_change(after, new, "changed", name, before, value, severity))
    return found


# --- answers --------------------------------------------------------------------------------


def _as_answer(record: Entity) -> Answer:
    """Enough of a model Answer to ask answering.overlap whether two reach the same customer."""
    effective = record.fields.get("effective")
    span = None
    if effective:
        start, end = effective.get("from"), effective.get("to")
        span = Effective(None, date.fromisoformat(start) if start else None, date.fromisoformat(end) if end else None)
    when = {dimension: tuple(values) for dimension, values in (record.fields.get("when") or {}).items()}
    return Answer(None, when=when, effective=span)  # type: ignore[arg-type]


def _answer_changes(before: Snapshot, after: Snapshot, old_answers: dict, new_answers: dict) -> list[Change]:
    changes = []
    for key in sorted(set(old_answers) | set(new_answers)):
        old, new = old_answers.get(key, []), new_answers.get(key, [])
        pairs, removed, added = pair_answers(old, new)
        for a, b in pairs:
            for change in _field_changes(after, a, b):
                if change.field == "decision" and normalise_decision(a.fields["decision"]) != normalise_decision(
                    b.fields["decision"]
                ):
                    change = _with(change, severity="breaking")
                elif change.field == "decision":
                    change = _with(change, severity="minor")  # "30 days" → "30d": no customer hears a difference
                changes.append(_with(change, id=b.id))
        for record in removed:
            changes.append(
                _change(before, record, "removed", None, record.fields["decision"], None, "breaking", removed=True)
            )
        for record in added:
            displaced = [
                a
                for a in old
                if overlap(_as_answer(a), _as_answer(record))
                and normalise_decision(a.fields["decision"]) != normalise_decision(record.fields["decision"])
            ]
            severity = "breaking" if displaced else "notable"
            before_value = displaced[0].fields["decision"] if displaced else None
            changes.append(_change(after, record, "added", None, before_value, record.fields["decision"], severity))
    return changes


def _with(change: Change, **values: Any) -> Change:
    data = {f.name: getattr(change, f.name) for f in fields(change)}
    data.update(values)
    return Change(**data)


def counts(changes: list[Change]) -> dict[str, int]:
    return {severity: sum(c.severity == severity for c in changes) for severity in SEVERITIES}


def worst(changes: list[Change]) -> str | None:
    return max((c.severity for c in changes), key=RANK.__getitem__, default=None)
