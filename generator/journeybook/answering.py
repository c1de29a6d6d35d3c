"""Which answers apply to whom, when two answers speak to the same customers, and which questions read alike.

Shared by the answer rules (rules/answers.py) and the site's pages, so a
journey page shows exactly the answers the checker reasoned about.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import chain, pairwise

# Kept importable from here (the explicit re-export): other modules compare decisions by it.
from .decisions import normalise_decision as normalise_decision
from .model import Answer, Playbook

_SPACE = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_EPSILON = 1e-9  # keeps float rounding on the safe side of the filter's bounds


# --- decisions ------------------------------------------------------------------------------


def decision_key(answer: Answer) -> str | None:
    """The normalised decision an answer is compared by; None for an answer that decides nothing itself
    (a referral to another department, or one whose missing `decision` the schema reports)."""
    if answer.refer is not None or not answer.decision:
        return None
    return normalise_decision(answer.decision)


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


def conditions_in_words(answer: Answer, segment_name: Callable[[str], str], staff: bool) -> str:
    """Who and when an answer applies to, in words: "Small-business fleets · phone, chat · from 2027-01-01".

    Dimensions other than segment and channel ("risk flag: fraud-watchlist") are staff's business only: a
    public page or search index never names them. The question page and the answer finder both use this.
    """
    parts = []
    for dimension, values in answer.when.items():
        if dimension == "segment":
            parts.append(", ".join(segment_name(v) for v in values))
        elif dimension == "channel":
            parts.append(", ".join(values))
        elif staff:
            parts.append(f"{dimension.replace('-', ' ')}: {', '.join(values)}")
    if answer.effective is not None:
        start, end = answer.effective.start, answer.effective.end
        if start and end:
            parts.append(f"from {start.isoformat()} to {end.isoformat()}")
        elif start:
            parts.append(f"from {start.isoformat()}")
        elif end:
            parts.append(f"until {end.isoformat()}")
    return " · ".join(parts)


def overlap(a: Answer, b: Answer) -> bool:
    """Whether some customer on some day gets both answers (docs/reference.md, "How answers are compared").

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
    """The character trigrams of an ask, after `normalise_ask`.

    Built word by word, since asks repeat their words: those of " w1 w2 " are
    those of " w1 " and " w2 " (each worked out once) and the "1 w" across the space.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)  # "café" typed either way is one word
    words = _PUNCTUATION.sub("", text.casefold()).split()
    found = set().union(*map(_word_trigrams, words))
    found.update(f"{before[-1]} {after[0]}" for before, after in pairwise(words))
    return frozenset(found)


@lru_cache(maxsize=1 << 16)
def _word_trigrams(word: str) -> frozenset[str]:
    padded = f" {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two trigram sets: 1.0 for the same text, 0.0 for nothing in common."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass
class Candidates:
    """What the filter found: `pairs` (i < j) that reach the threshold, and how many pairs it had to check."""

    pairs: set[tuple[int, int]]
    probed: int  # pairs the group filter proposed, each then checked by counting the tokens they share


def candidate_pairs(sets: Sequence[frozenset[str]], threshold: float) -> Candidates:
    """Pairs of sets with at least `threshold` Dice similarity, found without looking at all pairs.

    Why not the usual prefix filter (an index of each set's rarest tokens):
    asks share most of their trigrams, those of a language's common words,
    so even the rarest trigrams of an ask are in hundreds of others, and the
    index proposes a good part of all pairs. Nor its variants: at 40,000
    generated asks, signatures of two prefix trigrams collide 458 million
    times, and those of a partition of all trigrams 12 to 102 million times,
    where this filter probes 11,500 pairs. Instead a pigeonhole bound that
    needs every token of a group: when x is the smaller set of a pair with
    Dice ≥ t, the two share at least t·|x| tokens, so at most
    e = |x| − ceil(t·|x|) tokens of x are missing from the other. Cut x into
    e + 2 groups and two groups lie wholly inside the other set: a set that
    holds two whole groups is a candidate, and few sets do by chance (26
    times fewer than hold one of e + 1 groups, at 40,000 asks). A set too
    small for e + 2 groups has one group per token and needs one of them.

    Sets are taken smallest first and look only at later ones, so each pair
    is proposed once. A set's tokens are ordered rarest first and dealt
    round-robin into its groups, so each group holds rare trigrams of
    different words and few sets hold a whole group. A group is looked up as
    the AND of its tokens' bitsets (one bit per set), at C speed. The bits
    run backwards (the first set is the highest bit), so masking a group's
    first bitset to the later sets shortens the int, and every AND after it
    costs only the width of the sets still ahead: half the work of a
    full-width lookup. The last group is looked up only among the sets that
    already hold a whole one, so e + 2 groups cost e + 1 such lookups. Each
    pair proposed is then checked by counting the tokens it shares, as the
    AND of two bitsets over tokens. Sets without a trigram in common are
    never pairs, even at threshold 0: each token is then its own group.

    What still grows with the square (benchmarks/duplicate_timing.py, 2.24
    to 2.33 times per doubling from 20,000 to 40,000 asks): the lookups, 0.4
    of 2 seconds at 20,000 asks and 1.3 of 4.6 at 40,000. Each set looks at
    all larger ones (N²/2 bits), in e + 2 groups of about five ANDs each
    before a group comes out empty, because an ask's rarest trigram is still
    in about one ask in 25. Tried at 20,000 and 40,000 generated asks and
    left out, so nobody retries them: the size bound |y| ≤ |x|·(2 − t)/t
    keeps 97–98% of the larger sets (asks of 99 to 182 trigrams), so
    narrower masks or length bands save nothing; one lookup shared by the
    groups whose first tokens have the same holders cut the ANDs by 5% and
    took 6 to 18% longer; only the first 4 or 5 tokens of a group cut them
    by 29% or 18% but probed 23 or 5 times as many pairs, no faster; groups
    of whole token classes (tokens held by the same sets), with a weighted
    pigeonhole bound, need 8 to 16 groups but proposed 117 million pairs at
    40,000 (with heavy classes 4 to a group: 9% fewer ANDs, no faster);
    dealing the tokens back and forth instead of round-robin took 65%
    longer, and at random (for groups of unrelated words) 10% more ANDs and
    3 times the probes; functools.reduce per group (C speed, no early stop)
    16 to 32% longer; visiting the sets in order of their rarest tokens (for
    the cache) 6 to 12% longer; starting each group from bitsets cut once
    per block of 1,024 sets, to save the mask's AND, 33% longer: a set is in
    its own tokens' bitsets, so its groups never come out empty before the
    mask. With the bits in set order and shifted down per block of 2,048
    sets instead, a group needs no mask and stops as soon as it is below the
    set's own bit: 20% fewer ANDs, 15% fewer bits ANDed, but between 2%
    slower and 4% faster. Bands of partners by size, each with the tighter e
    of its smallest member: 2, 4, 8 or 16 bands AND 10, 18, 23 or 26% fewer
    bits but need 23, 36, 59 or 106 lookups per set instead of 17 (counted
    exactly on the 20,000 and 40,000 asks), more Python than they save.
    """
    count = len(sets)
    order = sorted(range(count), key=lambda n: len(sets[n]))  # position → set, smallest first
    frequency = Counter(chain.from_iterable(sets))
    rarest_first = sorted(frequency, key=lambda token: (frequency[token], token))
    rank = {token: n for n, token in enumerate(rarest_first)}
    ranked = [sorted(map(rank.__getitem__, sets[n])) for n in order]
    holders: list[list[int]] = [[] for _ in rarest_first]  # rank → positions of the sets holding that token
    for position, ranks in enumerate(ranked):
        for token in ranks:
            holders[token].append(position)
    # rank → bitset with bit count-1-p for each position p holding it; 0 for a token only one set holds
    sets_holding = [_bitset(positions, count) if len(positions) > 1 else 0 for positions in holders]
    tokens_of = [_bitset(ranks, len(rarest_first)) for ranks in ranked]  # position → its tokens, for checking
    pairs: set[tuple[int, int]] = set()
    probed = 0
    last = count - 1
    for position, ranks in enumerate(ranked):
        size = len(ranks)
        if size == 0 or position == last:
            continue
        missing = size - math.ceil(threshold * size - _EPSILON)  # e: at most this many tokens not in the other
        groups = min(missing + 2, size)
        later = (1 << (last - position)) - 1  # the sets after this one are the bits below its own
        two = groups - missing >= 2
        once = twice = 0  # the sets holding at least one whole group, and at least two
        for group in range(groups):
            inside = later
            if two and group == groups - 1:  # the last group can only make a second for a set that has a first
                inside = once
            for token in ranks[group::groups]:
                inside &= sets_holding[token]
                if not inside:
                    break
            else:
                twice |= once & inside
                once |= inside
        found = twice if two else once
        if not found:
            continue
        mine = tokens_of[position]
        for bit in _members(found):
            other = last - bit
            probed += 1
            common = (mine & tokens_of[other]).bit_count()
            if common >= threshold * (size + len(ranked[other])) / 2 - _EPSILON:
                first, second = order[position], order[other]
                pairs.add((first, second) if first < second else (second, first))
    return Candidates(pairs, probed)


def _bitset(members: list[int], width: int) -> int:
    """An int of `width` bits with bit width-1-m set for each member m (built as binary text, at C speed)."""
    digits = bytearray(b"0") * width
    for member in members:
        digits[member] = 49  # "1"
    return int(digits, 2) if width else 0


_NONZERO = re.compile(rb"[^\x00]")
_BITS_OF_BYTE = tuple(tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256))


def _members(bitset: int) -> list[int]:
    """The positions of the set bits: one by one from the top when few, else by the non-zero bytes."""
    if bitset.bit_count() <= 64:
        found = []
        while bitset:
            high = bitset.bit_length() - 1
            found.append(high)
            bitset ^= 1 << high
        return found
    data = bitset.to_bytes((bitset.bit_length() + 7) // 8, "little")
    return [8 * at + bit for at in (m.start() for m in _NONZERO.finditer(data)) for bit in _BITS_OF_BYTE[data[at]]]


def similar_pairs(texts: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (i < j, similarity) of texts whose trigram Dice similarity is at least `threshold`, sorted."""
    sets = [trigrams(text) for text in texts]
    found = []
    for i, j in candidate_pairs(sets, threshold).pairs:
        similarity = dice(sets[i], sets[j])
        if similarity >= threshold:
            found.append((i, j, similarity))
    return sorted(found)


def similar_clusters(
    texts: Sequence[str], threshold: float, candidates: Callable[..., Candidates] = candidate_pairs
) -> list[list[int]]:
    """Groups (each ≥ 2 indices, ascending; groups ordered by their first) of texts that read alike.

    Texts with the same trigrams are one entry before any pair is looked at, so
    1,000 copies of one ask cost what one costs; similar pairs then join their
    groups (a chain a~b~c is one group, the way a reviewer would merge them).
    `candidates` proposes the pairs (benchmarks/duplicates_before.py passes the earlier filter).
    """
    sets = [trigrams(text) for text in texts]
    same: dict[frozenset[str], list[int]] = {}
    for index, found in enumerate(sets):
        if found:  # an ask without letters resembles nothing
            same.setdefault(found, []).append(index)
    unique = list(same)
    parent = list(range(len(unique)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, j in candidates(unique, threshold).pairs:
        if dice(unique[i], unique[j]) >= threshold:
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for n, found in enumerate(unique):
        groups.setdefault(root(n), []).extend(same[found])
    return sorted((sorted(members) for members in groups.values() if len(members) > 1), key=lambda m: m[0])
