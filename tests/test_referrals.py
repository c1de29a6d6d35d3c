"""`refer:` on the site: the question page says who puts the customer through to whom, with the words to use."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXED_TODAY, ROOT, write_tree
from journeybook.check import run_check
from test_pages import check, pages_by_path, to_html, visible_text

BASE = ROOT / "tests" / "fixtures" / "rules" / "_base"

CANCEL = """\
topic: cancelling
title: Cancelling
owner: dana-lee
questions:
  - id: cancel-policy
    ask: Can I cancel my policy?
    answers:
      - by: customer-care
        refer: sales
        say: I'll put you through to Sales, who can cancel it on this call.
      - by: sales
        decision: we cancel it on this call
        say: I can cancel it for you now.
"""


def test_the_question_page_shows_the_referral_with_its_words(tmp_path: Path) -> None:
    files = {p.name: p.read_text(encoding="utf-8") for p in BASE.glob("*.yaml")}
    result = check(tmp_path, {**files, "policies/cancel.yaml": CANCEL})
    assert [f.rule for f in result.findings] == []
    shown = visible_text(to_html(pages_by_path(result)["questions/cancel-policy.md"]))
    assert "Customer Care: put the customer through to Sales" in shown
    assert "I'll put you through to Sales, who can cancel it on this call." in shown
    assert "Decision: we cancel it on this call" in shown and shown.count("Decision:") == 1


def test_an_answer_needs_a_decision_or_a_referral_but_not_both(tmp_path: Path) -> None:
    both = CANCEL.replace("        refer: sales\n", "        refer: sales\n        decision: transfer\n")
    neither = CANCEL.replace("        refer: sales\n", "")
    for text, expected in (
        (both, "policies/cancel.yaml:9:9: this answer has both `decision` and `refer`"),
        (neither, "policies/cancel.yaml:8:9: this answer has no `decision`: add `decision:`"),
    ):
        folder = write_tree(tmp_path / str(len(text)), {"policies/cancel.yaml": text}, BASE)
        result = run_check(folder, today=FIXED_TODAY)
        found = [f"{f.location}: {f.message}" for f in result.findings if f.rule == "schema"]
        assert len(found) == 1 and found[0].startswith(expected), found
        assert [f.rule for f in result.findings if f.rule.startswith("answer-")] == []
