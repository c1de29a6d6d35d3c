"""possible-duplicate-question stays fast when asks are written from the same few templates.

Asks in a real playbook repeat their wording ("What happens if my ... during ...?"),
so even their rarest trigrams are shared by many other asks. The similarity
filter must still look at a handful of pairs per ask, not a share of all pairs.
"""

from __future__ import annotations

from journeybook.answering import candidate_pairs, similar_pairs, trigrams
from test_answering import CONTENT, _brute_force

TEMPLATES = (
    "My {0} shows a {1} warning after the {2}; can you check the {3} before the {4}?",
    "Why does the {0} on my {1} stop when the {2} is near the {3} during {4}?",
    "Who pays for the {0} if the {1} breaks the {2} on the way to the {3} in {4}?",
)


def template_asks(size: int = 31) -> list[str]:
    """size² asks from three templates and five slots; two asks share at most one slot word (a prime grid)."""
    slots = [CONTENT[k * size : (k + 1) * size] for k in range(5)]
    return [
        TEMPLATES[(x + y) % 3].format(*(slots[k][(x + k * y) % size] for k in range(5)))
        for x in range(size)
        for y in range(size)
    ]


def test_template_asks_cost_a_few_pairs_per_ask_not_a_share_of_all_pairs() -> None:
    asks = template_asks()
    sets = [trigrams(ask) for ask in asks]
    for threshold in (0.88, 0.8):
        found = candidate_pairs(sets, threshold)
        assert found.probed < 25 * len(asks), threshold  # all pairs: 461,280; an index of rare trigrams: ~70,000
        assert found.pairs == set(), threshold  # no two asks are that alike


def test_template_asks_and_their_rewordings_are_found_exactly() -> None:
    asks = template_asks(13)
    asks += [asks[5].replace("My ", "Today my "), asks[40].upper(), asks[77].replace("?", " please?")]
    for threshold in (0.9, 0.88, 0.8, 0.7):
        expected = _brute_force(asks, threshold)
        assert similar_pairs(asks, threshold) == expected, threshold
    assert {(i, j) for i, j, _ in similar_pairs(asks, 0.88)} == {(5, 169), (40, 170), (77, 171)}
