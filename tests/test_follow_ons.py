"""One finding per cause: a file that does not load, or an answer that does not validate, brings no follow-ons."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXED_TODAY, ROOT, write_tree
from journeybook.check import run_check

BASE = ROOT / "tests" / "fixtures" / "rules" / "_base"

RETURNS = """\
topic: returns
title: Returns
owner: dana-lee
questions:
  - id: refund-window
    ask: How long do I have to return a product?
    answers:
      - decision: 30 days
        say: You can return it within 30 days.
  - id: restocking-fee
    ask: Do you charge a restocking fee?
    answers:
      - decision: "no"
        say: No.
"""

SALES = """\
answers:
  - question: open-box
    by: sales
    decision: "no"
    say: Not once opened.
"""

OPEN_BOX = """\
topic: boxes
title: Boxes
owner: dana-lee
questions:
  - id: open-box
    ask: Can I return an opened box?
"""

JOURNEY = """\
id: return-it
title: I want to return it
owner: dana-lee
segments: [consumer]
steps:
  - id: first-contact
    department: customer-care
    say: [refund-window, restocking-fee, open-box]
    closes: true
    confirm: The customer knows what to do.
  - id: other
    department: customer-care
    say: [no-such-question]
"""


def _found(tmp_path: Path, files: dict[str, str]) -> list[str]:
    folder = write_tree(tmp_path / "pb", files, BASE)
    result = run_check(folder, today=FIXED_TODAY)
    wanted = ("yaml-syntax", "schema", "unknown-reference", "answer-missing", "answer-conflict")
    return [f"{f.location}: {f.rule} {f.message}" for f in result.findings if f.rule in wanted]


def test_a_policy_file_that_does_not_load_brings_no_unknown_references_or_missing_answers(tmp_path: Path) -> None:
    broken = RETURNS.replace("say: No.", "say: No: never.")  # one unquoted `: `
    found = _found(
        tmp_path,
        {
            "policies/returns.yaml": broken,
            "policies/sales.yaml": SALES.replace("Not once", "Note: not once"),
            "policies/boxes.yaml": OPEN_BOX,
            "journeys/return-it.yaml": JOURNEY,
        },
    )
    assert [line.split(" ", 2)[:2] for line in found] == [
        ["journeys/return-it.yaml:13:11:", "unknown-reference"],  # a real typo elsewhere is still reported
        ["policies/returns.yaml:14:16:", "yaml-syntax"],
        ["policies/sales.yaml:5:14:", "yaml-syntax"],
    ]
    assert found[1].endswith("; 2 references into this file are not checked until it loads")
    assert "not checked" not in found[2]  # open-box is defined in a file that loads: no answer-missing either


def test_an_answer_without_decision_or_with_a_bad_date_brings_no_answer_missing_or_conflict(tmp_path: Path) -> None:
    policy = RETURNS.replace("      - decision: 30 days\n", "      - by: customer-care\n").replace(
        '      - decision: "no"\n        say: No.\n',
        '      - decision: "no"\n        say: No.\n      - by: sales\n        decision: "yes"\n        say: Yes.\n'
        "        effective: {from: 2026-13-01}\n",
    )
    found = _found(
        tmp_path,
        {
            "policies/returns.yaml": policy,
            "policies/boxes.yaml": OPEN_BOX + '    answers:\n      - decision: "no"\n        say: No.\n',
            "journeys/return-it.yaml": JOURNEY,
        },
    )
    assert [line.split(" ", 2)[1] for line in found] == ["unknown-reference", "schema", "schema"]
    assert found[1].startswith("policies/returns.yaml:8:9: schema this answer has no `decision`")
    assert found[2].startswith('policies/returns.yaml:18:27: schema "2026-13-01" is not a real calendar date')
