"""The held-out caller phrasings (tests/search/) stay valid and stay held out of the playbooks they measure."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from journeybook.check import run_check

ROOT = Path(__file__).resolve().parent.parent
SETS = [
    (ROOT / "playbooks", ROOT / "tests" / "search" / "heldout-example.yaml"),
    (ROOT / "tests" / "search" / "broadband", ROOT / "tests" / "search" / "heldout-broadband.yaml"),
]
SHARED_RUN = 5  # words in a row a phrasing may not share with the playbook's own wording


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9£']+", text.lower())


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.parametrize(("source", "heldout"), SETS, ids=["example", "broadband"])
def test_heldout_set_is_valid_and_not_in_the_playbook(source: Path, heldout: Path) -> None:
    entries = yaml.safe_load(heldout.read_text(encoding="utf-8"))
    book = run_check(source, today=date(2026, 12, 5)).playbook
    assert len(entries) == 40
    assert sum(1 for e in entries if e.get("slip")) == 10
    assert all(set(e) <= {"say", "expect", "slip"} for e in entries)
    unknown = [e["expect"] for e in entries if e["expect"] not in book.questions]
    assert unknown == []
    assert len({e["say"].lower() for e in entries}) == 40
    # The playbook's wording that search indexes: every ask, also_asked, say, and journey title/problem.
    own = [t for q in book.questions.values() for t in (q.ask, *q.also_asked)]
    own += [a.say for a in book.answers] + [t for j in book.journeys.values() for t in (j.title, j.problem or "")]
    own_runs = set().union(*(_runs(t, SHARED_RUN) for t in own))
    copied = [e["say"] for e in entries if _runs(e["say"], SHARED_RUN) & own_runs]
    assert copied == [], f"these share {SHARED_RUN} words in a row with the playbook's own wording"
    texts = {" ".join(_words(t)) for t in own}
    assert [e["say"] for e in entries if " ".join(_words(e["say"])) in texts] == []
