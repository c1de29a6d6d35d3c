"""Renames between two snapshots: an id gone on the older side whose content is that of exactly one new id.

Kinds are looked at in RENAMEABLE order (what others refer to first) and each kind's renames are applied to
the older side at once — to the renamed records and to every reference to them — so that a renamed question
is one change, not a removal, an addition and a changed step for every step that says it.
"""

from __future__ import annotations

from typing import Any

from .entities import Entity

RENAMEABLE = ("tool", "segment", "department", "person", "question", "journey", "step")

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


def _map_value(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, list):
        return [mapping.get(item, item) if isinstance(item, str) else item for item in value]
    return mapping.get(value, value) if isinstance(value, str) else value


def _rekey(record: Entity, key: tuple, shown: str, fields_: dict[str, Any] | None = None) -> Entity:
    return Entity(
        record.kind, key, shown, fields_ or record.fields, record.file, record.line, record.lines, record.departments
    )


def apply(old: dict[tuple[str, tuple], Entity], kind: str, renames: dict[tuple, tuple]) -> dict:
    """The older side with `kind`'s renames applied to the renamed records' keys and to references."""
    if not renames:
        return old
    flat = {key[-1]: new[-1] for key, new in renames.items()}
    referring = dict(REFERENCES[kind])
    result = {}
    for (record_kind, key), record in old.items():
        if record_kind == kind and key in renames:
            record = _rekey(record, renames[key], shown_id(kind, renames[key]))
        elif kind == "journey" and record_kind in ("step", "handoff", "owner") and key[0] in flat:
            if record_kind == "owner":
                if key[0] == "journey" and key[1] in flat:
                    new_key = ("journey", flat[key[1]])
                    record = _rekey(record, new_key, f"journey/{new_key[1]}")
            else:
                new_key = (flat[key[0]], *key[1:])
                record = _rekey(record, new_key, shown_id(record_kind, new_key))
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
                    result[(record_kind, new_key)] = _rekey(record, new_key, shown_id("handoff", new_key))
    return result


def shown_id(kind: str, key: tuple) -> str:
    if kind == "handoff":
        return f"{key[0]}/{key[1]}->{key[2]}"
    return "/".join(key)


def find(old: dict, new: dict, kind: str, old_answers: dict, new_answers: dict) -> dict[tuple, tuple]:
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
