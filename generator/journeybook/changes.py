"""Answer history from git, for the site's "What changed" page, its Atom feed and each question's last changes.

One `git log --raw` lists the commits of the last `days` days that touched policy files, with the blob of each
file before and after; one `git cat-file --batch` reads those blobs; each blob is parsed once (the "after" of a
commit is the "before" of the next). The answers of a commit's files before and after are matched as
`journeybook diff` matches them (question, department, conditions), and every answer whose `decision` or `say`
changed becomes an AnswerChange. No git, no history: callers show nothing rather than guess.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from .engine import workers_wanted
from .entities import Entity, answer_record, conditions_text, pair_answers
from .findings import Finding
from .history import read_objects
from .load import parse_bytes
from .model import TOPIC, classify
from .schema import INVALID, Context

DAYS = 90
_NO_BLOB = "0" * 40


@dataclass(frozen=True)
class AnswerChange:
    """An answer whose decision or words changed in one commit. `before`/`after` are (decision, say), None when
    the answer was added or removed."""

    day: date
    time: int  # commit time, seconds since the epoch
    commit: str
    message: str  # the commit's subject line
    question: str
    department: str  # "" when the answer has no `by` (it speaks for the question owner's department)
    conditions: str
    before: tuple[str, str] | None
    after: tuple[str, str] | None

    @property
    def decision_changed(self) -> bool:
        return self.before is None or self.after is None or self.before[0] != self.after[0]

    @property
    def say_changed(self) -> bool:
        return self.before is None or self.after is None or self.before[1] != self.after[1]


def answer_history(source: Path, today: date, days: int = DAYS) -> list[AnswerChange] | None:
    """Every answer change of the last `days` days up to `today`, newest first; None outside git."""
    try:
        head = _git(source, "rev-parse", "HEAD").strip().decode()
    except (OSError, subprocess.SubprocessError):
        return None
    return list(_cached(str(Path(source).resolve()), head, today, days))


@lru_cache(maxsize=8)
def _cached(source: str, head: str, today: date, days: int) -> tuple[AnswerChange, ...]:
    """The history only changes with a commit or a day: `serve` rebuilds without asking git again."""
    since = today - timedelta(days=days)
    log = _git(
        Path(source),
        "log",
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--relative",
        "--format=%x01%H %ct %s",
        f"--since={since.isoformat()}T00:00:00Z",
        f"--until={today.isoformat()}T23:59:59Z",
        head,
        "--",
        ".",
    )
    commits = _parse_log(log)
    blobs = {blob for _, _, _, files in commits for _, old, new in files for blob in (old, new) if blob != _NO_BLOB}
    wanted = sorted(blobs)
    found = read_objects(Path(source), wanted) or [None] * len(wanted)
    texts = {blob: data for blob, data in zip(wanted, found, strict=True) if data is not None}
    versions = sorted(
        {(path, blob) for _, _, _, files in commits for path, *pair in files for blob in pair if blob != _NO_BLOB}
    )
    parsed = _parse_all(versions, texts)

    def answers(path: str, blob: str) -> list[Entity]:
        return [] if blob == _NO_BLOB else parsed[(path, blob)]

    found: list[AnswerChange] = []
    for commit, time, message, files in commits:
        day = datetime.fromtimestamp(time, tz=UTC).date()
        if day < since or day > today:
            continue
        old = [a for path, before, _ in files for a in answers(path, before)]
        new = [a for path, _, after in files for a in answers(path, after)]
        found.extend(_commit_changes(day, time, commit, message, old, new))
    found.sort(key=lambda c: (-c.time, c.question, c.department, c.conditions))
    return tuple(found)


def _git(source: Path, *args: str) -> bytes:
    done = subprocess.run(
        ["git", "-C", str(source), *args], capture_output=True, timeout=120, check=False, stdin=subprocess.DEVNULL
    )
    if done.returncode != 0:
        raise subprocess.SubprocessError(done.stderr.decode("utf-8", "replace"))
    return done.stdout


def _parse_log(output: bytes) -> list[tuple[str, int, str, list[tuple[str, str, str]]]]:
    """`git log -z --raw --format=%x01%H %ct %s` → [(commit, time, subject, [(path, old blob, new blob)])] of
    the policy files each commit changed."""
    commits: list[tuple[str, int, str, list[tuple[str, str, str]]]] = []
    tokens = output.split(b"\0")
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        index += 1
        if token.startswith(b"\x01"):
            sha, _, rest = token[1:].decode("utf-8", "replace").partition(" ")
            time, _, subject = rest.partition(" ")
            commits.append((sha, int(time), subject, []))
        elif token.startswith(b":") and commits and index < len(tokens):
            meta = token.decode().split()
            path = os.fsdecode(tokens[index])
            index += 1
            if len(meta) >= 4 and classify(path) == "policy" and path.endswith((".yaml", ".yml")):
                commits[-1][3].append((path, meta[2], meta[3]))
    return [commit for commit in commits if commit[3]]


def _parse_all(versions: list[tuple[str, str]], texts: dict[str, bytes]) -> dict[tuple[str, str], list[Entity]]:
    """The answers of every (path, blob), parsed on every core when there are many (each version once)."""
    workers = workers_wanted(len(versions))  # as the pages: JOURNEYBOOK_WORKERS (clamped), never with threads
    if workers == 1:
        return {version: _answers(version[0], texts.get(version[1], b"")) for version in versions}
    chunks = [[(path, blob, texts.get(blob, b"")) for path, blob in versions[n::workers]] for n in range(workers)]
    parsed: dict[tuple[str, str], list[Entity]] = {}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for part in pool.map(_parse_chunk, chunks):
            parsed.update(part)
    return parsed


def _parse_chunk(chunk: list[tuple[str, str, bytes]]) -> dict[tuple[str, str], list[Entity]]:
    return {(path, blob): _answers(path, data) for path, blob, data in chunk}


def _answers(path: str, data: bytes) -> list[Entity]:
    """The answers of one version of a policy file (an unreadable version has none)."""
    root, _ = parse_bytes(data, path)
    if root is None:
        return []
    findings: list[Finding] = []
    topic = TOPIC.convert(root, Context(path, findings))
    if topic is INVALID:
        return []
    records = [answer_record(a, question.id, lines=False) for question in topic.questions for a in question.answers]
    return records + [answer_record(answer, answer.question, lines=False) for answer in topic.answers]


def _commit_changes(
    day: date, time: int, commit: str, message: str, old: list[Entity], new: list[Entity]
) -> list[AnswerChange]:
    groups: dict[tuple, tuple[list[Entity], list[Entity]]] = {}
    for side, records in ((0, old), (1, new)):
        for record in records:
            groups.setdefault(record.key, ([], []))[side].append(record)
    old_questions = {record.key[0] for record in old}
    new_questions = {record.key[0] for record in new}
    found = []

    def add(record: Entity, before: Entity | None, after: Entity | None) -> None:
        found.append(
            AnswerChange(
                day,
                time,
                commit,
                message,
                record.key[0],
                record.key[1],
                _conditions(record),
                _words(before),
                _words(after),
            )
        )

    for before_list, after_list in groups.values():
        pairs, removed, added = pair_answers(before_list, after_list)
        for before, after in pairs:
            if _words(before) != _words(after):
                add(after, before, after)
        for before in removed:
            if before.key[0] in new_questions:  # an answer dropped from a question that is still there
                add(before, before, None)
        for after in added:
            if after.key[0] in old_questions:  # a new answer to a question that already had answers
                add(after, None, after)
    return found


def _words(record: Entity | None) -> tuple[str, str] | None:
    return None if record is None else (record.fields["decision"], record.fields["say"])


def _conditions(record: Entity) -> str:
    return conditions_text(record.fields.get("when") or {}, record.fields.get("effective"))
