"""Hostile sizes give bounded output: one answer-conflict per question, one duplicate finding per cluster."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXED_TODAY, ROOT, write_tree
from journeybook.check import run_check

BASE = ROOT / "tests" / "fixtures" / "rules" / "_base"


def _many_answers(count: int) -> str:
    lines = ["topic: returns", "owner: dana-lee", "questions:", "  - id: refund-window", "    ask: How long?"]
    lines.append("    answers:")
    for n in range(count):
        lines += [f"      - decision: {n + 1} days", f"        say: You have {n + 1} days."]
    return "\n".join(lines) + "\n"


def _same_asks(count: int) -> str:
    lines = ["topic: returns", "owner: dana-lee", "questions:"]
    for n in range(count):
        lines += [f"  - id: q-{n}", "    ask: How long do I have to return a product for a refund?"]
    return "\n".join(lines) + "\n"


def test_a_question_with_many_decisions_is_one_finding_naming_a_few(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "pb", {"policies/returns.yaml": _many_answers(40)}, BASE)
    found = [f for f in run_check(folder, today=FIXED_TODAY).findings if f.rule == "answer-conflict"]
    assert [str(f.location) for f in found] == ["policies/returns.yaml:9:19"]
    assert found[0].message == (
        'answers that reach the same customers give 40 different decisions: "1 days" (Customer Care, '
        'policies/returns.yaml:7), "2 days" (Customer Care, policies/returns.yaml:9), "3 days" (Customer Care, '
        'policies/returns.yaml:11), "4 days" (Customer Care, policies/returns.yaml:13), "5 days" (Customer Care, '
        "policies/returns.yaml:15) and 35 more: agree on one decision, or make the `when`/`effective` conditions "
        "not overlap"
    )
    assert len(found[0].related) == 10


def test_many_questions_asked_the_same_way_are_one_finding(tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "pb", {"policies/returns.yaml": _same_asks(300)}, BASE)
    found = [f for f in run_check(folder, today=FIXED_TODAY).findings if f.rule == "possible-duplicate-question"]
    assert [str(f.location) for f in found] == ["policies/returns.yaml:7:10"]
    assert found[0].message.startswith(
        '300 questions are asked almost the same way as "How long do I have to return a product for a refund?": '
        "q-0 (policies/returns.yaml:5), q-1 (policies/returns.yaml:7), q-2 (policies/returns.yaml:9), "
        "q-3 (policies/returns.yaml:11), q-4 (policies/returns.yaml:13) and 295 more; "
    )
    assert len(found[0].related) == 10


@pytest.mark.parametrize(("name", "text"), [("answers", _many_answers(5000)), ("asks", _same_asks(1000))])
def test_hostile_sizes_check_within_two_seconds_and_300_mb(tmp_path: Path, name: str, text: str) -> None:
    folder = write_tree(tmp_path / "pb", {"policies/big.yaml": text}, BASE)
    script = (
        "import resource, sys, time; from journeybook.cli import main\n"
        "start = time.process_time()  # CPU seconds: other work on the machine does not count\n"
        "try:\n    main(['check', sys.argv[1], '--format', 'json', '--output', sys.argv[2]])\n"
        "except SystemExit:\n    pass\n"
        # VmHWM is this program's own peak; ru_maxrss would carry over the peak of the pytest worker that forked it
        "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
        "print(time.process_time() - start, hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = tmp_path / "findings.json"
    process = subprocess.run(
        [sys.executable, "-c", script, str(folder), str(out)], capture_output=True, text=True, check=True
    )
    seconds, kilobytes = process.stdout.splitlines()[-1].split()
    findings = json.loads(out.read_text(encoding="utf-8"))
    assert len(findings) == 1, [f["rule"] for f in findings]
    assert float(seconds) <= 2.0, seconds
    assert int(kilobytes) <= 300 * 1024, kilobytes
