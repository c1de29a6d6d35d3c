"""Which answers to one question disagree, found without comparing every pair of answers.

Answers are grouped twice: by normalised decision (what they say) and by
their conditions (`when` and `effective`, to whom they say it). Conditions
are compared bucket by bucket, so a question with 5,000 unconditional
answers costs one comparison, not 12.5 million; and what comes out is one
result per question, naming the decisions that meet, never a list of pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import Answer


@dataclass(frozen=True)
class Conflict:
    """The decisions of one question that reach a shared customer.

    `groups` are the normalised decisions involved, each with its answers in
    file order, ordered by their first answer; `first` is the earliest answer
    that disagrees with an earlier one it overlaps, and `earlier` that one.
    """

    groups: tuple[tuple[str, tuple[Answer, ...]], ...]
    first: Answer
    earlier: Answer


_FEW = 12  # up to this many answers, comparing each pair is quicker than grouping them first


def _find_among_few(
    answers: Sequence[Answer], decisions: Sequence[str | None], overlap: Callable[[Answer, Answer], bool]
) -> Conflict | None:
    """The same result as the grouped search, pair by pair: for the two or three answers most questions have."""
    pair: tuple[int, int] | None = None
    involved: set[str] = set()
    for later in range(1, len(answers)):
        if decisions[later] is None:
            continue
        for earlier in range(later):
            if decisions[earlier] is None or decisions[earlier] == decisions[later]:
                continue
            if overlap(answers[earlier], answers[later]):
                involved.update((decisions[earlier], decisions[later]))  # type: ignore[arg-type]
                if pair is None:
                    pair = (earlier, later)
    if pair is None:
        return None
    return _result(answers, decisions, involved, pair)


def _result(
    answers: Sequence[Answer], decisions: Sequence[str | None], involved: set[str], pair: tuple[int, int]
) -> Conflict:
    grouped: dict[str, list[Answer]] = {}
    for index, decision in enumerate(decisions):
        if decision in involved:
            grouped.setdefault(decision, []).append(answers[index])  # type: ignore[arg-type]
    groups = tuple((decision, tuple(found)) for decision, found in grouped.items())
    return Conflict(groups, answers[pair[1]], answers[pair[0]])


def _conditions(answer: Answer) -> tuple:
    when = tuple(sorted((dim, frozenset(v.strip().casefold() for v in values)) for dim, values in answer.when.items()))
    dates = (answer.effective.start, answer.effective.end) if answer.effective is not None else None
    return when, dates


def find_conflict(
    answers: Sequence[Answer], decisions: Sequence[str | None], overlap: Callable[[Answer, Answer], bool]
) -> Conflict | None:
    """The conflict among `answers` (in file order), or None. A decision of None (a referral) never conflicts."""
    if len(answers) <= _FEW:
        return _find_among_few(answers, decisions, overlap)
    buckets: dict[tuple, list[int]] = {}
    for index, decision in enumerate(decisions):
        if decision is not None:
            buckets.setdefault(_conditions(answers[index]), []).append(index)
    keys = list(buckets)
    reps = [answers[buckets[key][0]] for key in keys]
    bucket_of = {index: n for n, key in enumerate(keys) for index in buckets[key]}
    meets: list[list[int]] = [[] for _ in keys]  # bucket → the buckets whose answers reach a customer of its own
    for a in range(len(keys)):
        for b in range(a, len(keys)):
            if overlap(reps[a], reps[b]):
                meets[a].append(b)
                if a != b:
                    meets[b].append(a)
    decided = [{decisions[i] for i in buckets[key]} for key in keys]
    involved: set[str] = set()
    for a in range(len(keys)):
        for b in meets[a]:
            if b >= a:
                together = decided[a] | decided[b]
                if len(together) > 1:
                    involved |= together  # type: ignore[arg-type]
    if not involved:
        return None
    # The earliest answer that disagrees with an earlier one: per bucket, the first answer of each decision.
    firsts: list[dict[str, int]] = [{} for _ in keys]
    pair: tuple[int, int] | None = None
    for index, decision in enumerate(decisions):
        if decision is None:
            continue
        bucket = bucket_of[index]
        for other in meets[bucket]:
            earlier = next((i for d, i in firsts[other].items() if d != decision), None)
            if earlier is not None:
                pair = (earlier, index)
                break
        if pair is not None:
            break
        firsts[bucket].setdefault(decision, index)  # type: ignore[arg-type]
    assert pair is not None  # `involved` is not empty, so some two answers meet
    return _result(answers, decisions, involved, pair)
