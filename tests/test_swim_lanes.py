"""Red in the swim lanes means what a rule reports: a loss customer-repeats or context-unavailable finds."""

from __future__ import annotations

from conftest import FIXED_TODAY, ROOT
from journeybook import svg
from journeybook.check import run_check


def test_a_clean_playbook_has_no_red_arrow_though_its_handoffs_leave_things_behind() -> None:
    result = run_check(ROOT / "playbooks", today=FIXED_TODAY)
    assert not [f for f in result.findings if f.rule in ("customer-repeats", "context-unavailable")]
    arrows = [a for flow in result.context.flows.values() for a in svg.arrows_from_flow(flow)]
    assert [a for a in arrows if a.lost] == []
    assert any(a.handoff and a.dropped for a in arrows)  # left behind, needed by nobody: drawn dark, not red
    for journey_id, flow in result.context.flows.items():
        drawn = svg.swim_lane(result.playbook.journeys[journey_id], svg.arrows_from_flow(flow), str)
        assert 'stroke-dasharray="6 4"' not in drawn, journey_id
