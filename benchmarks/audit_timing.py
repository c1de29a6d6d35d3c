"""How long `journeybook audit` takes with many call logs: writes N synthetic call logs into a generated playbook
and times the audit.

Why: an audit reads the whole playbook (to know what each department should have said) and every call log, so it
must stay quick however many calls a team logs. The target: 1,000 call logs on the L playbook in at most 3 s.

Usage:
    python benchmarks/generate.py L /tmp/pb-L
    python benchmarks/audit_timing.py /tmp/pb-L [--calls 1000] [--seed 1] [--repeat 3]

The calls walk each journey's steps in order (one contact per department change), hear the playbook's own
decision for the questions the steps say — or, one time in ten, another — and are asked again for a captured
item one time in five, so every audit rule has work. Logs go to PLAYBOOK/audits/ (replaced on each run).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generator"))


def write_calls(playbook: Path, calls: int, seed: int) -> int:
    """Write `calls` call logs under playbook/audits/; returns how many files were written."""
    from journeybook.check import run_check

    book = run_check(playbook, today=date(2026, 6, 1)).playbook  # the generator's playbooks check clean
    rng = random.Random(seed)
    folder = playbook / "audits"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    journeys = sorted(book.journeys.values(), key=lambda j: j.id)
    start = date(2025, 6, 1)
    for n in range(calls):
        journey = journeys[n % len(journeys)]
        day = start + timedelta(days=rng.randrange(360))
        lines = [f"journey: {journey.id}", f"date: {day.isoformat()}", f"caller: Tester {n % 17}"]
        if journey.channels:
            lines.append(f"channel: {rng.choice(journey.channels)}")
        if journey.segments:
            lines.append(f"segment: {rng.choice(journey.segments)}")
        lines.append("contacts:")
        captured: list[str] = []
        previous = object()
        for step in journey.steps:
            if step.department == previous:
                continue
            previous = step.department
            lines.append(f"  - department: {step.department}")
            heard = []
            for question_id in step.say:
                answers = book.answers_to(question_id)
                if answers:
                    decision = answers[0].decision if rng.random() > 0.1 else "we don't do that"
                    heard.append(f"      {question_id}: {json.dumps(decision)}")
            if heard:
                lines += ["    heard:", *heard]
            if captured and rng.random() < 0.2:
                lines.append(f"    asked_again: [{rng.choice(captured)}]")
            captured.extend(step.capture)
            lines += [
                f"    knowledgeable: {rng.choice(['yes', 'no'])}",
                f"    defined_problem: {rng.choice(['yes', 'no'])}",
                f"    offered_solution: {rng.choice(['yes', 'no'])}",
                f"    treated: {rng.randint(1, 5)}",
            ]
        lines += [
            "outcome:",
            f"  solved: {rng.choice(['yes', 'yes', 'no'])}",
            f"  closed_without_confirmation: {rng.choice(['no', 'no', 'no', 'yes'])}",
            f"  satisfied: {rng.randint(1, 5)}",
        ]
        (folder / f"call-{n:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return calls


def measure(playbook: Path) -> tuple[float, float, int, int]:
    """One `journeybook audit` run in a fresh interpreter: (seconds, CPU seconds, call logs, findings)."""
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[2]);"
        "from pathlib import Path; from datetime import date;"
        "from journeybook.audits.run import run_audit;"
        "t = time.perf_counter(); c = time.process_time(); r = run_audit(Path(sys.argv[1]), today=date(2026, 6, 1));"
        "print(time.perf_counter() - t, time.process_time() - c, len(r.playbook.audits), len(r.findings))"
    )
    generator = str(Path(__file__).resolve().parent.parent / "generator")
    output = subprocess.run(
        [sys.executable, "-c", code, str(playbook), generator], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(output[0]), float(output[1]), int(output[2]), int(output[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("playbook", type=Path)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    write_calls(args.playbook, args.calls, args.seed)
    runs = [measure(args.playbook) for _ in range(args.repeat)]
    seconds, cpu, logs, findings = min(runs)
    print(
        f"journeybook audit: {logs:,} call logs, {findings:,} findings in {seconds:.2f} s "
        f"({cpu:.2f} s of CPU; best of {args.repeat})"
    )


if __name__ == "__main__":
    main()
