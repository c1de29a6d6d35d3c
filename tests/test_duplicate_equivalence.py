"""possible-duplicate-question finds exactly what it found before its filter was made faster.

The old filter is kept in benchmarks/duplicates_before.py. Both must keep the
same pairs and give the same clusters and findings, on the example playbook,
on generated playbooks with planted near-duplicates (M by default; L and 2L as
slow tests) and on random asks; the new one probes far fewer pairs.
"""

from __future__ import annotations

import random
import string
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXED_TODAY, ROOT
from journeybook.answering import candidate_pairs, similar_clusters, similar_pairs, trigrams
from journeybook.check import run_check
from test_answering import _brute_force

sys.path.insert(0, str(ROOT / "benchmarks"))
from duplicates_before import candidate_pairs_before, similar_clusters_before  # noqa: E402 - benchmarks/ is not a package
from gen.playbook import build  # noqa: E402
from gen.sizes import resolve_size  # noqa: E402

WORDS = ("can", "i", "return", "my", "laptop", "phone", "refund", "the", "warranty", "how", "long", "is", "café")


def assert_same(asks: list[str], threshold: float) -> tuple[int, int]:
    """Old and new agree on the pairs kept and the clusters; returns how many pairs each probed."""
    sets = list(dict.fromkeys(trigrams(ask) for ask in asks))
    old, new = candidate_pairs_before(sets, threshold), candidate_pairs(sets, threshold)
    assert new.pairs == old.pairs, threshold
    assert similar_clusters(asks, threshold) == similar_clusters_before(asks, threshold), threshold
    return old.probed, new.probed


def planted(asks: list[str], every: int, seed: int = 7) -> list[str]:
    """`asks` with a reworded copy of every `every`-th one: a letter changed, a word dropped or all in capitals."""
    rng = random.Random(seed)
    found = list(asks)
    for ask in asks[::every]:
        words = ask.split()
        kind = rng.randrange(3)
        if kind == 0:
            at = rng.randrange(len(ask))
            found.append(ask[:at] + rng.choice(string.ascii_lowercase) + ask[at + 1 :])
        elif kind == 1 and len(words) > 3:
            del words[rng.randrange(len(words))]
            found.append(" ".join(words))
        else:
            found.append(ask.upper())
    rng.shuffle(found)
    return found


def generated_asks(size: str) -> list[str]:
    playbook = build(resolve_size(size)[1], 1)
    return [q.ask for topic in playbook.topics for q in topic.questions]


def test_the_example_playbook_gets_the_same_duplicate_findings(playbook_dir, monkeypatch) -> None:
    base = ROOT / "playbooks"
    settings_text = (base / "journeybook.yaml").read_text(encoding="utf-8")
    for threshold in ("0.88", "0.6", "0.45"):
        changed = settings_text.replace("similarity: 0.88", f"similarity: {threshold}")
        folder = playbook_dir({"journeybook.yaml": changed}, base)
        found = {}
        for name, clusters in (("new", similar_clusters), ("old", similar_clusters_before)):
            monkeypatch.setattr("journeybook.rules.answers.similar_clusters", clusters)
            result = run_check(folder, FIXED_TODAY)
            found[name] = [f for f in result.findings if f.rule == "possible-duplicate-question"]
        assert found["new"] == found["old"], threshold
        if threshold == "0.45":
            assert len(found["new"]) >= 2  # not a vacuous comparison
    asks = [q.ask for q in run_check(base, FIXED_TODAY).playbook.questions.values()]
    for threshold in (1.0, 0.88, 0.7, 0.5, 0.3, 0.0):
        assert_same(asks, threshold)


def test_a_generated_playbook_with_planted_rewordings_gets_the_same_pairs() -> None:
    asks = planted(generated_asks("M"), every=25)
    assert len(similar_clusters(asks, 0.88)) >= 30  # the rewordings are found
    for threshold in (0.88, 0.8):
        old, new = assert_same(asks, threshold)
        assert new < old / 2, threshold  # two whole groups are rarer than one


@pytest.mark.slow
@pytest.mark.parametrize("size", ["L", "2L"])
def test_large_generated_playbooks_get_the_same_pairs(size: str) -> None:
    asks = planted(generated_asks(size), every=100)
    assert len(similar_clusters(asks, 0.88)) >= len(asks) // 200
    old, new = assert_same(asks, 0.88)
    assert new < old / 5


worded = st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(worded, st.text(alphabet="abcé ?-", max_size=12)), max_size=40),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_random_asks_get_the_same_pairs_and_clusters(asks: list[str], threshold: float) -> None:
    assert_same(asks, threshold)
    assert similar_pairs(asks, threshold) == _brute_force(asks, threshold)
