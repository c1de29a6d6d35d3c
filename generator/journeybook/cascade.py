"""One finding per cause: what follows from a file that did not load, or an answer that did not validate, is folded in.

A file with a YAML error is not in the playbook, so every reference to a
question, person or department it defines would look unknown; an answer
rejected by the schema (no `decision`, a date that is not a date) would make
its question look unanswered, or wider than written. Those follow-on
findings say nothing the first one does not: they are left out, and the
file's first finding says how many references wait for it to load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .findings import Finding
from .load import Mapping, Node, Scalar, Sequence, SourceFile
from .model import Playbook, classify

# An id or question reference as written on a line of a file YAML could not read.
_WRITTEN_ID = re.compile(
    r"^[ \t-]*(id|question|topic)[ \t]*:[ \t]*[\"']?([a-z0-9][a-z0-9-]{0,63})[\"']?[ \t]*(?:#.*)?$", re.M
)
_UNKNOWN = re.compile(r'"([^"]*)", which is not (a person|a department|a tool|a channel|a segment|a question) ')
_KINDS_OF_FILE = {"org": ("a person", "a department", "a tool", "a channel"), "segments": ("a segment",)}
_LOAD_RULES = ("yaml-syntax", "yaml-duplicate-key", "yaml-alias", "schema")


@dataclass
class FollowOns:
    """What cannot be checked yet: ids a broken file may define, and questions whose answers may be incomplete."""

    unloaded: dict[str, dict[str, set[str] | None]] = field(default_factory=dict)  # file → kind → ids (None: any)
    doubtful_questions: set[str] = field(default_factory=set)  # answer-missing and answer-conflict wait for these
    texts: dict[str, str] = field(default_factory=dict)

    def fold(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings without unknown references into broken files; each such file's first finding counts them."""
        kept: list[Finding] = []
        waiting: dict[str, int] = {}
        for finding in findings:
            into = self._into(finding) if finding.rule == "unknown-reference" else None
            if into is None:
                kept.append(finding)
            else:
                waiting[into] = waiting.get(into, 0) + 1
        noted: set[str] = set()
        for n, finding in enumerate(kept):
            file = finding.location.file
            if file in waiting and file not in noted and finding.rule in _LOAD_RULES:
                noted.add(file)
                count = waiting[file]
                note = f"; {count} reference{'s' if count > 1 else ''} into this file {'are' if count > 1 else 'is'}"
                kept[n] = replace(finding, message=f"{finding.message}{note} not checked until it loads")
        return kept

    def _into(self, finding: Finding) -> str | None:
        match = _UNKNOWN.search(finding.message)
        if match is None:
            return None
        value, kind = match.groups()
        for file, kinds in self.unloaded.items():
            if kind in kinds and (kinds[kind] is None or value in kinds[kind]):  # type: ignore[operator]
                return file
        return None


def find_follow_ons(files: list[SourceFile], book: Playbook, findings: list[Finding], read) -> FollowOns:
    """`read(path)` gives a file's text (for ids in a file YAML could not read), or None."""
    found = FollowOns()
    for file in files:
        kind = classify(file.path)
        if file.root is not None or kind in (None, "settings", "journey"):
            continue
        text = read(file.path) or ""
        written: dict[str, set[str]] = {}
        for key, value in _WRITTEN_ID.findall(text):
            written.setdefault(key, set()).add(value)
        if kind == "policy":
            found.unloaded[file.path] = {"a question": written.get("id", set())}
            found.doubtful_questions |= written.get("question", set())  # its answers to questions defined elsewhere
        else:
            ids = written.get("id", set())
            found.unloaded[file.path] = {k: (None if k == "a channel" else ids) for k in _KINDS_OF_FILE[kind]}
    found.doubtful_questions |= _questions_with_rejected_answers(book, findings)
    return found


def _questions_with_rejected_answers(book: Playbook, findings: list[Finding]) -> set[str]:
    """Questions with a schema finding inside one of their answers (or an answer the schema dropped)."""
    lines: dict[str, list[int]] = {}
    for finding in findings:
        if finding.rule == "schema":
            lines.setdefault(finding.location.file, []).append(finding.location.line)
    doubtful = {  # inverted-dates reports these; until fixed the answer applies on no day, and is not compared
        a.question
        for a in book.answers
        if a.effective is not None and a.effective.start and a.effective.end and a.effective.start > a.effective.end
    }
    for topic in book.topics:
        found = lines.get(topic.src.file)
        if not found:
            continue
        for question in topic.questions:
            answers = _child(question.src.node, "answers")
            if answers is not None and _any_within(answers, found):
                doubtful.add(question.id)
        listed = _child(topic.src.node, "answers")
        for item in getattr(listed, "items", ()):
            target = _child(item, "question")
            if isinstance(target, Scalar) and _any_within(item, found):
                doubtful.add(target.value)
    return doubtful


def _child(node: Node, name: str) -> Node | None:
    pair = node.pairs.get(name) if isinstance(node, Mapping) else None
    return pair[1] if pair else None


def _any_within(node: Node, lines: list[int]) -> bool:
    first, last = node.line, _last_line(node)
    return any(first <= line <= last for line in lines)


def _last_line(node: Node) -> int:
    last, stack = node.line, [node]
    while stack:
        current = stack.pop()
        last = max(last, current.line)
        if isinstance(current, Mapping):
            for key, value in current.pairs.values():
                stack += (key, value)
        elif isinstance(current, Sequence):
            stack += current.items
    return last
