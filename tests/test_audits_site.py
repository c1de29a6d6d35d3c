"""Test calls on the staff site: the Audits section, its charts, and what journey and question pages say of them;
and the example playbook's calls, which tell their story through `journeybook audit`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import FIXED_TODAY, ROOT
from journeybook.audits.run import run_audit
from journeybook.check import run_check
from journeybook.pages import render_pages
from test_audits import CLEAN_LOG, heard_log, playbook

HOSTILE_CALLER = "<script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }}"


def pages(tmp_path: Path, audience: str = "staff") -> dict[str, str]:
    wrong = heard_log("2026-04-20", "60 days").replace("caller: Dana (quality lead)", f'caller: "{HOSTILE_CALLER}"')
    source = playbook(tmp_path, {"audits/a.yaml": CLEAN_LOG, "audits/b.yaml": wrong})
    return {page.path: page.text for page in render_pages(run_check(source, today=FIXED_TODAY), audience)}


def test_the_staff_site_has_an_audits_section_with_charts_and_a_page_per_journey(tmp_path: Path) -> None:
    staff = pages(tmp_path)
    nav = [path for path in staff if path.startswith("audits/")]
    assert nav == ["audits/index.md", "audits/laptop-will-not-charge.md"]
    index = staff["audits/index.md"]
    assert "2 test calls logged from 2026-04-20 to 2026-05-04, with 4 contacts: **2** wrong answers" in index
    assert index.count('<svg class="jb-chart"') == 3 and "<script" not in index and "http" not in index
    row = "| [My laptop won&#39;t charge](../audits/laptop-will-not-charge.md) | 2 | 1&#46;0 / 2 | 0 | 2 | 0 |"
    assert row in index  # calls, mean handoffs / target, over target, wrong answers, mixed messages
    journey_audit = staff["audits/laptop-will-not-charge.md"]
    assert "## Call kit { #call-kit }" in journey_audit and "<pre><code># Call log of a test call" in journey_audit
    assert "&lt;script&gt;" in journey_audit and "<script" not in journey_audit  # the caller's name, escaped
    assert "[Test calls:" not in journey_audit
    journey = staff["journeys/laptop-will-not-charge.md"]
    assert "- **Test calls:** [2 logged](../audits/laptop-will-not-charge.md) — 2 wrong answers" in journey
    question = staff["questions/refund-window.md"]
    assert '!!! warning "Heard differently in 1 test call"' in question
    assert "Customer Care said “60 days” on 2026-04-20" in question


def test_a_public_site_shows_nothing_of_test_calls(tmp_path: Path) -> None:
    public = pages(tmp_path, "public")
    assert not [path for path in public if path.startswith("audits/")]
    everything = "\n".join(public.values())
    assert "Test calls" not in everything and "Heard differently" not in everything and "script" not in everything


def test_the_example_playbook_s_calls_show_claims_sending_callers_to_the_tow_company() -> None:
    result = run_audit(ROOT / "playbooks", today=FIXED_TODAY)
    assert Counter(f.rule for f in result.findings) == {
        "audit-wrong-answer": 4,
        "audit-mixed-messages": 3,
        "audit-repeated": 7,
        "audit-handoffs": 2,
        "audit-not-confirmed": 3,
    }
    wrong = [f.message for f in result.findings if f.rule == "audit-wrong-answer"]
    assert wrong[0].startswith('Claims told the caller "the tow company\'s insurer pays" for tow-damage-who-pays')
    assert sum('Repair Network told the caller "£115"' in message for message in wrong) == 2  # 2027's excess, early
    assert len(result.playbook.audits) == 7 and result.fails()
