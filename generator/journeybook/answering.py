"""Which answers apply to whom, when two answers speak to the same customers, and which questions read alike.

Shared by the answer rules (rules/answers.py) and the site's pages, so a
journey page shows exactly the answers the checker reasoned about.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .model import Answer, Playbook
from .schema import parse_duration

_SPACE = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
# A plain amount; a leading zero ("010", "007") marks a code, which stays text.
_PLAIN_NUMBER = re.compile(r"^[+-]?(0|[1-9]\d*)(\.\d+)?$")
_EPSILON = 1e-9  # keeps float rounding on the safe side of the prefix-filter bounds


# --- decisions ------------------------------------------------------------------------------


def normalise_decision(text: str) -> str:
    """The form in which two decisions are compared: "30 Days", "30d" and "720 hours" all become "43200 minutes".

    Case and white space never matter. A `<number> <unit>` duration (SPEC §2.1's
    units) becomes its length in minutes, and a plain number its shortest form
    ("30.0" → "30"). Anything else — "1 month", "no", "phone or chat" — is
    compared as case-folded text.
    """
    folded = _SPACE.sub(" ", text).strip().casefold()
    duration = parse_duration(folded)
    if duration is not None:
        return f"{_number(duration.minutes)} minutes"
    if _PLAIN_NUMBER.match(folded):
        return _number(float(folded))
    return folded


def _number(value: float) -> str:
    if value == 0:
        return "0"  # also folds "-0" into "0"
    return str(int(value)) if value.is_integer() else repr(value)


# --- conditions -----------------------------------------------------------------------------


def _values(values: Iterable[str]) -> set[str]:
    """`when` values compare case-insensitively: `NO` (Norway) and `no` are one region."""
    return {v.strip().casefold() for v in values}


def _allows(answer: Answer, dimension: str, value: str | None) -> bool:
    if dimension not in answer.when:
        return True
    return value is not None and value.strip().casefold() in _values(answer.when[dimension])


def applies_to(answer: Answer, segment: str | None, channel: str | None, day: date) -> bool:
    """Whether the answer is the one to give a customer of `segment` on `channel` on `day`.

    None means "all segments" (or channels): only an answer without that
    condition applies to everyone. Other `when` dimensions (product, region)
    narrow an answer further but never stop it applying here.
    """
    if answer.effective is not None and not answer.effective.covers(day):
        return False
    return _allows(answer, "segment", segment) and _allows(answer, "channel", channel)


def overlap(a: Answer, b: Answer) -> bool:
    """Whether some customer on some day gets both answers (SPEC §2.4).

    For every dimension both answers name, their values share one; a
    dimension only one names does not separate them. Effective dates are
    inclusive at both ends, so `to: 2026-12-31` and `from: 2027-01-01` do not meet.
    """
    for dimension in a.when.keys() & b.when.keys():
        if not _values(a.when[dimension]) & _values(b.when[dimension]):
            return False
    return a.effective is None or a.effective.overlaps(b.effective)


def answers_for_step(
    book: Playbook,
    question_id: str,
    department: str | None,
    segments: tuple[str, ...],
    channels: tuple[str, ...],
    day: date,
) -> list[Answer]:
    """The answers a step shows: those that apply on `day` to at least one (segment, channel) of the journey.

    The step's own department's answers come first, then the question
    owner's department's, then the rest; each group keeps file order.
    """
    question = book.questions.get(question_id)
    owner_department = book.department_of(question.owner) if question else None
    cases = [(s, c) for s in segments or (None,) for c in channels or (None,)]
    found = [a for a in book.answers_to(question_id) if any(applies_to(a, s, c, day) for s, c in cases)]

    def group(answer: Answer) -> int:
        if department is not None and answer.by == department:
            return 0
        if owner_department is not None and answer.by == owner_department:
            return 1
        return 2

    return sorted(found, key=group)  # sorted() is stable: file order within each group


# --- questions asked the same way -----------------------------------------------------------


def normalise_ask(text: str) -> str:
    """Lowercase, punctuation stripped, white space collapsed, one space of padding each side."""
    words = _SPACE.sub(" ", _PUNCTUATION.sub("", text.casefold())).strip()
    return f" {words} " if words else ""


def trigrams(text: str) -> frozenset[str]:
    """The character trigrams of an ask, after `normalise_ask`."""
    padded = normalise_ask(text)
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two trigram sets: 1.0 for the same text, 0.0 for nothing in common."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass
class Candidates:
    """What the prefix index proposed: `pairs` (i < j) still to verify, and how many pairs it looked at."""

    pairs: set[tuple[int, int]]
    probed: int  # pairs sharing an indexed rare trigram, each checked against the bitmap bound


def candidate_pairs(sets: Sequence[frozenset[str]], threshold: float) -> Candidates:
    """Pairs of sets that may reach `threshold` Dice similarity: a superset of those that do, found without all pairs.

    Prefix filtering (Bayardo et al., "Scaling up all pairs similarity
    search"): Dice ≥ t exactly when Jaccard ≥ j = t/(2−t), and then two sets
    share at least t·(|x|+|y|)/2 ≥ j·max(|x|, |y|) tokens. With tokens ordered
    rarest first across all sets, the rarest token two such sets share is
    among the first n − ceil(j·n) + 1 of each, so a set probes the index with
    only those. Sets are taken smallest first, so every set already indexed
    is no larger than the one probing, shares at least t·n of its own n
    tokens with it, and needs only its first n − ceil(t·n) + 1 indexed (as
    in Xiao et al.'s PPJoin). Ordering by rarity keeps the lists short.

    Two exact bounds then drop most probed pairs before the real comparison:
    sizes (the smaller set needs at least j times the larger's tokens, so
    lists are read from the first large enough set) and a parity bitmap per
    set (Sandes et al.'s bitmap filter): tokens both sets hold cancel out, so
    the bits the two bitmaps differ in are at most the tokens the sets differ
    in, which Dice ≥ t caps at (1−t)·(|x|+|y|). Sets without a trigram in
    common are never candidates, even at threshold 0.
    """
    jaccard, slack = threshold / (2 - threshold), 1 - threshold
    frequency = Counter(token for tokens in sets for token in tokens)
    rank = {token: n for n, token in enumerate(sorted(frequency, key=lambda token: (frequency[token], token)))}
    sizes = [len(tokens) for tokens in sets]
    bitmaps = [_parity(tokens, rank) for tokens in sets]
    index: dict[str, list[int]] = defaultdict(list)  # token → sets, in the order taken (so by size)
    first_large_enough: dict[str, int] = defaultdict(int)
    pairs: set[tuple[int, int]] = set()
    probed = 0
    for i in sorted(range(len(sets)), key=sizes.__getitem__):
        size = sizes[i]
        if size == 0:
            continue
        ordered = sorted(sets[i], key=rank.__getitem__)
        smallest = jaccard * size - _EPSILON
        postings = []
        for token in ordered[: size - max(math.ceil(jaccard * size - _EPSILON), 1) + 1]:
            sets_with_token, start = index[token], first_large_enough[token]
            while start < len(sets_with_token) and sizes[sets_with_token[start]] < smallest:
                start += 1
            first_large_enough[token] = start
            postings.append(sets_with_token[start:])
        others = set().union(*postings)
        probed += len(others)
        bitmap = bitmaps[i]
        pairs.update(
            (k, i) if k < i else (i, k)
            for k in others
            if (bitmap ^ bitmaps[k]).bit_count() <= slack * (size + sizes[k]) + _EPSILON
        )
        for token in ordered[: size - max(math.ceil(threshold * size - _EPSILON), 1) + 1]:
            index[token].append(i)
    return Candidates(pairs, probed)


def _parity(tokens: frozenset[str], rank: dict[str, int]) -> int:
    """A 256-bit fingerprint: each token flips one bit, so tokens two sets share cancel in the XOR of their prints."""
    bits = 0
    for token in tokens:
        bits ^= 1 << (rank[token] & 255)
    return bits


def similar_pairs(texts: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (i < j, similarity) of texts whose trigram Dice similarity is at least `threshold`, sorted."""
    sets = [trigrams(text) for text in texts]
    found = []
    for i, j in candidate_pairs(sets, threshold).pairs:
        similarity = dice(sets[i], sets[j])
        if similarity >= threshold:
            found.append((i, j, similarity))
    return sorted(found)
