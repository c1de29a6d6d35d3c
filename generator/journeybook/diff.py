"""Two checked playbooks → the changes between them, entity by entity, each with a severity (pure: no git here).

A playbook is first flattened into a `Snapshot`: plain, picklable records (`Entity`) of every question, answer,
journey, step, handoff, owner, department, person, tool and segment, with JSON-ready field values, the file and
line they are on and the departments whose frontline they reach; and the fingerprints of its error findings.
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

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .answering import normalise_decision, overlap
from .model import Answer, Effective
from .report.sarif import fingerprints

if TYPE_CHECKING:
    from .check import CheckResult

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
# Kinds whose entities carry an id of their own (renames are looked for among these), in the order renames are
# detected: what others refer to first, so that references are already mapped when the referrers are compared.
RENAMEABLE = ("tool", "segment", "department", "person", "question", "journey", "step")


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


# --- flattening -----------------------------------------------------------------------------


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


# --- renames --------------------------------------------------------------------------------

# Where each kind is referred to, as (kind, field) of the referring records: a rename is applied there on the
# older side before comparing, so the references that follow a rename do not show as changes of their own.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "tool": (("department", "tools"), ("step", "tools")),
    "segment": (("journey", "segments"),),
    "department": (("person", "department"), ("step", "department")),
    "person": (("owner", "owner"),),
    "question": (("step", "say"),),
    "journey": (),
    "step": (("step", "next"),),
}


def _content(record: Entity) -> tuple:
    return tuple(sorted((name, repr(value)) for name, value in record.fields.items()))


class _Renames:
    """Renamed ids per kind, old → new, found in RENAMEABLE order and applied to the older side as found."""

    def __init__(self) -> None:
        self.by_kind: dict[str, dict[tuple, tuple]] = {kind: {} for kind in RENAMEABLE}

    def id(self, kind: str, value: str | None) -> str | None:
        if value is None:
            return None
        return self.by_kind[kind].get((value,), (value,))[-1]


def _map_value(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, list):
        return [mapping.get(item, item) if isinstance(item, str) else item for item in value]
    return mapping.get(value, value) if isinstance(value, str) else value


def _rekey(record: Entity, key: tuple, shown: str, fields_: dict[str, Any] | None = None) -> Entity:
    return Entity(
        record.kind, key, shown, fields_ or record.fields, record.file, record.line, record.lines, record.departments
    )


def _apply(old: dict[tuple[str, tuple], Entity], kind: str, renames: dict[tuple, tuple]) -> dict:
    """The older side with `kind`'s renames applied to the renamed records' keys and to references."""
    if not renames:
        return old
    flat = {key[-1]: new[-1] for key, new in renames.items()}
    referring = dict(REFERENCES[kind])
    result = {}
    for (record_kind, key), record in old.items():
        if record_kind == kind and key in renames:
            record = _rekey(record, renames[key], _shown(kind, renames[key]))
        elif kind == "journey" and record_kind in ("step", "handoff", "owner") and key[0] in flat:
            if record_kind == "owner":
                if key[0] == "journey" and key[1] in flat:
                    new_key = ("journey", flat[key[1]])
                    record = _rekey(record, new_key, f"journey/{new_key[1]}")
            else:
                new_key = (flat[key[0]], *key[1:])
                record = _rekey(record, new_key, _shown(record_kind, new_key))
        elif kind == "question" and record_kind == "owner" and key[0] == "question" and key[1] in flat:
            record = _rekey(record, ("question", flat[key[1]]), f"question/{flat[key[1]]}")
        elif kind == "department" and record_kind == "owner" and key[0] == "department" and key[1] in flat:
            record = _rekey(record, ("department", flat[key[1]]), f"department/{flat[key[1]]}")
        if record_kind in referring:
            name = referring[record_kind]
            if kind == "step":  # step ids are unique per journey only
                journey_renames = {k[1]: v[1] for k, v in renames.items() if k[0] == record.key[0]}
                mapped = _map_value(record.fields.get(name), journey_renames)
            else:
                mapped = _map_value(record.fields.get(name), flat)
            if mapped != record.fields.get(name):
                record = _rekey(record, record.key, record.id, {**record.fields, name: mapped})
        result[(record_kind, record.key)] = record
    if kind == "step":  # a handoff is keyed by its steps
        for (record_kind, key), record in list(result.items()):
            if record_kind == "handoff":
                pairs = {k[1]: v[1] for k, v in renames.items() if k[0] == key[0]}
                new_key = (key[0], pairs.get(key[1], key[1]), pairs.get(key[2], key[2]))
                if new_key != key:
                    del result[(record_kind, key)]
                    result[(record_kind, new_key)] = _rekey(record, new_key, _shown("handoff", new_key))
    return result


def _shown(kind: str, key: tuple) -> str:
    if kind == "handoff":
        return f"{key[0]}/{key[1]}->{key[2]}"
    return "/".join(key)


def _find_renames(old: dict, new: dict, kind: str, old_answers: dict, new_answers: dict) -> dict[tuple, tuple]:
    """Keys of `kind` only on the older side whose content equals exactly one key only on the newer side."""
    gone = [key for (k, key) in old if k == kind and (kind, key) not in new]
    came = [key for (k, key) in new if k == kind and (kind, key) not in old]
    if not gone or not came:
        return {}

    def content(side: dict, answers: dict, key: tuple) -> tuple:
        record = side[(kind, key)]
        extra: tuple = ()
        if kind == "question":  # a question is also its answers
            extra = tuple(
                sorted(
                    (by, _content(answer))
                    for (question, by), listed in answers.items()
                    if question == key[0]
                    for answer in listed
                )
            )
        if kind == "step":  # renamed within its journey only
            extra = (key[0],)
        return (_content(record), extra)

    by_content: dict[tuple, list[tuple]] = {}
    for key in came:
        by_content.setdefault(content(new, new_answers, key), []).append(key)
    renames = {}
    for key in gone:
        candidates = by_content.get(content(old, old_answers, key), [])
        if len(candidates) == 1:
            renames[key] = candidates.pop()
    return renames


# --- comparing ------------------------------------------------------------------------------


def compare(before: Snapshot, after: Snapshot) -> list[Change]:
    """Every change from `before` to `after`, most severe first."""
    old, new = dict(before.entities), after.entities
    old_answers = before.answers
    changes: list[Change] = []
    for kind in RENAMEABLE:
        if kind == "question":
            old_answers = _answers_renamed(old_answers, {})
        renames = _find_renames(old, new, kind, old_answers, after.answers)
        for old_key, new_key in sorted(renames.items()):
            record = new[(kind, new_key)]
            changes.append(
                _change(after, record, "renamed", None, _shown(kind, old_key), _shown(kind, new_key), "minor")
            )
        old = _apply(old, kind, renames)
        if kind == "question":
            old_answers = _answers_renamed(old_answers, {k[0]: v[0] for k, v in renames.items()})
        if kind == "department":
            old_answers = _answers_by_renamed(old_answers, {k[0]: v[0] for k, v in renames.items()})
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
