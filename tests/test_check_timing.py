"""The timing hook benchmarks/check_timing.py reads, and the cycle collector left as the caller had it."""

from __future__ import annotations

import gc
import sys

import pytest

from conftest import FIXED_TODAY, ROOT
from journeybook.check import run_check
from journeybook.rules import RULES

sys.path.insert(0, str(ROOT / "benchmarks"))
from check_timing import measure, table  # noqa: E402

EXAMPLE = ROOT / "playbooks"


def test_every_phase_and_every_rule_that_runs_is_timed(playbook_dir) -> None:
    folder = playbook_dir({"journeybook.yaml": "rules:\n  missing-tool: off\n"}, base=EXAMPLE)
    timings: dict[str, float] = {}
    result = run_check(folder, today=FIXED_TODAY, timings=timings)
    checked = [rule.id for rule in RULES if rule.check is not None and rule.id != "missing-tool"]
    assert list(timings) == ["load", "model", "flows", *checked, "suppressions and sorting"]
    assert all(seconds >= 0 for seconds in timings.values())
    assert result.findings == run_check(folder, today=FIXED_TODAY).findings  # timing changes nothing found


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_left_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        run_check(EXAMPLE, today=FIXED_TODAY)
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0  # nothing stays frozen
    finally:
        gc.enable() if was else gc.disable()


def test_the_benchmark_table_shows_each_phase_for_each_playbook(tmp_path) -> None:
    timings = measure(EXAMPLE)
    assert {"load", "model", "possible-duplicate-question", "total", "peak MB"} <= timings.keys()
    assert timings["findings"] == len(run_check(EXAMPLE).findings)
    small, large = tmp_path / "M", tmp_path / "L"
    lines = table([small, large], [{"load": 0.1, "peak MB": 40.0}, {"load": 1.2, "peak MB": 300.0}]).splitlines()
    assert lines == [
        "| phase | M | L | growth |",
        "|---|---:|---:|---:|",
        "| load | 0.100 | 1.200 | 12.0× |",
        "| peak MB | 40 | 300 | 7.5× |",
    ]
