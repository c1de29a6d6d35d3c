"""The answers of the playbook as they were on a past day, from git: a call is judged by what was true that day.

One `git log` lists the commits that changed policies/; a call dated before the newest of them is judged by
the policy files of the newest commit on or before its day, read with one `git cat-file --batch` per commit
(not per file) and converted with the same declarations as today's files. No git, or a git error: None, and
callers fall back to today's answers filtered by their `effective` dates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from ..history import git_output, read_objects
from ..load import parse_bytes
from ..model import TOPIC, Answer, Playbook
from ..schema import INVALID, Context


def policy_commits(source: Path) -> list[tuple[date, str]] | None:
    """(day, commit) of every commit that changed policies/, oldest first; None outside git."""
    output = git_output(source, "log", "--format=%H %ct", "--", "policies")
    if output is None:
        return None
    commits = []
    for line in output.decode().splitlines():
        commit, _, seconds = line.partition(" ")
        if seconds.isdigit():
            commits.append((datetime.fromtimestamp(int(seconds), tz=UTC).date(), commit))
    return commits[::-1]


def answers_at(source: Path, commit: str, book: Playbook) -> dict[str, list[Answer]] | None:
    """Question id → answers, as the policy files of `commit` had them (`by` defaulted with today's people)."""
    listing = git_output(source, "ls-tree", "-r", "-z", "--full-name", "--name-only", commit, "--", "policies")
    prefix = git_output(source, "rev-parse", "--show-prefix")
    if listing is None or prefix is None:
        return None
    base = prefix.decode().strip()
    names = [n.decode() for n in listing.split(b"\0") if n.endswith((b".yaml", b".yml"))]
    if not names:
        return {}
    batch = read_objects(source, [f"{commit}:{name}" for name in names])
    if batch is None:
        return None
    answers: dict[str, list[Answer]] = {}
    owners: dict[str, str | None] = {}
    for name, data in zip(names, batch, strict=True):
        if data is not None:
            _read_topic(data, name.removeprefix(base), answers, owners)
    for question_id, found in answers.items():
        department = book.department_of(owners.get(question_id))
        answers[question_id] = [a if a.by is not None else replace(a, by=department, by_default=True) for a in found]
    return answers


def _read_topic(data: bytes, name: str, answers: dict[str, list[Answer]], owners: dict[str, str | None]) -> None:
    root, _ = parse_bytes(data, name)
    if root is None:
        return
    topic = TOPIC.convert(root, Context(name, []))  # an old version's problems were reported back then
    if topic is INVALID:
        return
    for question in topic.questions:
        owners.setdefault(question.id, question.owner or topic.owner)
        answers.setdefault(question.id, []).extend(replace(a, question=question.id) for a in question.answers)
    for answer in topic.answers:
        answers.setdefault(answer.question, []).append(answer)


class History:
    """Which answers were the playbook's on a day: a past commit's, or today's files after the newest change."""

    def __init__(self, source: Path | None, book: Playbook) -> None:
        self.book = book
        self.source = source
        self.commits = policy_commits(source) if source is not None else None
        self._versions: dict[str, dict[str, list[Answer]] | None] = {}

    def commit_on(self, day: date) -> str | None:
        """The commit whose policies were current on `day`; None for today's files (the newest, or no git)."""
        if not self.commits:
            return None
        chosen = None
        for commit_day, commit in self.commits:
            if commit_day <= day:
                chosen = commit
        if chosen is None or chosen == self.commits[-1][1]:
            return None  # before git knew the policies, or the newest version: today's files
        return chosen

    def answers_to(self, question_id: str, day: date) -> list[Answer]:
        commit = self.commit_on(day)
        if commit is not None:
            if commit not in self._versions:
                self._versions[commit] = answers_at(self.source, commit, self.book)  # type: ignore[arg-type]
            version = self._versions[commit]
            if version is not None:
                return version.get(question_id, [])
        return self.book.answers_to(question_id)
