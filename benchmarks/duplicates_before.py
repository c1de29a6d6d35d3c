"""possible-duplicate-question's similarity filter as it was before the bitsets ran backwards (commit 05bf135).

Kept, unchanged but for the names, so that benchmarks/duplicate_timing.py can time the old filter beside
the new one in the same run, and tests/test_duplicate_equivalence.py can show that both find exactly the
same pairs and clusters. Not used by journeybook itself.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Sequence
from itertools import chain
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generator"))

from journeybook.answering import _EPSILON, Candidates, similar_clusters  # noqa: E402 - after the path is set


def candidate_pairs_before(sets: Sequence[frozenset[str]], threshold: float) -> Candidates:
    """Pairs of sets with at least `threshold` Dice similarity, found without looking at all pairs.

    Why not the usual prefix filter (an index of each set's rarest tokens):
    asks share most of their trigrams, those of a language's common words,
    so even the rarest trigrams of an ask are in hundreds of others, and the
    index proposes a good part of all pairs. Instead a pigeonhole bound that
    needs every token of a group: when x is the smaller set of a pair with
    Dice ≥ t, the two share at least t·|x| tokens, so at most
    e = |x| − ceil(t·|x|) tokens of x are missing from the other. Cut x into
    e + 1 groups and one group lies wholly inside the other set.

    Sets are taken smallest first and look only at later ones, so each pair
    is proposed once. A set's tokens are ordered rarest first and dealt
    round-robin into its groups, so each group holds rare trigrams of
    different words and few sets hold a whole group. A group is looked up as
    the AND of its tokens' bitsets (one bit per set), at C speed. Each pair
    proposed is then checked by counting the tokens it shares, as the AND of
    two bitsets over tokens. Sets without a trigram in common are never
    pairs, even at threshold 0: each token is then its own group.
    """
    sizes = [len(tokens) for tokens in sets]
    order = sorted(range(len(sets)), key=sizes.__getitem__)  # position → set, smallest first
    frequency = Counter(chain.from_iterable(sets))
    rarest_first = sorted(frequency, key=lambda token: (frequency[token], token))
    rank = {token: n for n, token in enumerate(rarest_first)}
    ranked = [sorted(map(rank.__getitem__, sets[i])) for i in order]
    holders: list[list[int]] = [[] for _ in rarest_first]  # rank → positions of the sets holding that token
    for position, ranks in enumerate(ranked):
        for token in ranks:
            holders[token].append(position)
    shared_from = sum(1 for positions in holders if len(positions) == 1)  # ranks below hold one set each
    sets_holding = [_bitset(positions, len(sets)) for positions in holders]  # rank → bitset over positions
    tokens_of: dict[int, int] = {}  # position → bitset over its shared tokens, for the sets proposed
    pairs: set[tuple[int, int]] = set()
    probed = 0
    for position, ranks in enumerate(ranked):
        size = len(ranks)
        if size == 0:
            continue
        groups = min(size - math.ceil(threshold * size - _EPSILON) + 1, size)
        later = -1 << (position + 1)
        found = 0
        for group in range(groups):
            inside = later
            for token in ranks[group::groups]:
                inside &= sets_holding[token]
                if not inside:
                    break
            found |= inside
        for other in _members(found):
            probed += 1
            for known in (position, other):
                if known not in tokens_of:
                    tokens_of[known] = _token_bitset(ranked[known], shared_from, len(rarest_first))
            common = (tokens_of[position] & tokens_of[other]).bit_count()
            if common >= threshold * (size + len(ranked[other])) / 2 - _EPSILON:
                first, second = order[position], order[other]
                pairs.add((first, second) if first < second else (second, first))
    return Candidates(pairs, probed)


def _bitset(positions: list[int], count: int) -> int:
    """An int with bit p set for each position; 0 for a token only one set holds (it can pair with nobody)."""
    if len(positions) < 2:
        return 0
    digits = bytearray(b"0") * count
    for position in positions:
        digits[-1 - position] = 49  # "1"
    return int(digits, 2)


def _token_bitset(ranks: list[int], shared_from: int, count: int) -> int:
    """A set's tokens as bits, leaving out the ranks below `shared_from` (tokens no other set holds)."""
    digits = bytearray(b"0") * (count - shared_from + 1)
    for token in ranks:
        if token >= shared_from:
            digits[shared_from - 1 - token] = 49
    return int(digits, 2)


def _members(bitset: int) -> list[int]:
    """The positions of the set bits, lowest first: bit by bit when few, else through the binary text."""
    if bitset.bit_count() <= 32:
        found = []
        while bitset:
            low = (bitset & -bitset).bit_length() - 1
            found.append(low)
            bitset ^= 1 << low
        return found
    text = bin(bitset)[:1:-1]
    return [n for n, digit in enumerate(text) if digit == "1"]


def similar_clusters_before(texts: Sequence[str], threshold: float) -> list[list[int]]:
    """answering.similar_clusters with the earlier filter proposing the pairs."""
    return similar_clusters(texts, threshold, candidate_pairs_before)
