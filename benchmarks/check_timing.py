"""Where `journeybook check` spends its time: seconds per phase and per rule, for one or more playbooks.

Why: a rule whose cost grows with the square of the questions or journeys
hides on a small playbook and dominates a large one. Timing every rule on
playbooks of two sizes (benchmarks/generate.py M and L, with ten times the
questions and journeys) shows how each one grows.

Usage:
    python benchmarks/check_timing.py /tmp/pb-M /tmp/pb-L [--repeat 3]

Each playbook is checked in its own process (so peak memory is its own),
`--repeat` times; the table shows the fastest run of each phase, and the
last column how many times longer the last playbook took than the first.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generator"))


def measure(folder: Path) -> dict[str, float]:
    """One check of `folder` in this process: seconds per phase, plus `total` and `peak MB`."""
    from journeybook.check import run_check

    timings: dict[str, float] = {}
    start = time.perf_counter()
    result = run_check(folder, timings=timings)
    timings["total"] = time.perf_counter() - start
    timings["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings["findings"] = len(result.findings)
    return timings


def measure_apart(folder: Path, repeat: int) -> dict[str, float]:
    """The fastest of `repeat` runs per phase, each run in a fresh interpreter."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        output = subprocess.run(
            [sys.executable, __file__, "--one", str(folder)], capture_output=True, text=True, check=True
        ).stdout
        for phase, seconds in json.loads(output).items():
            best[phase] = min(best.get(phase, seconds), seconds)
    return best


def table(folders: list[Path], results: list[dict[str, float]]) -> str:
    phases = list(dict.fromkeys(phase for result in results for phase in result))
    header = ["phase", *(folder.name for folder in folders)] + (["growth"] if len(folders) > 1 else [])
    lines = ["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    for phase in phases:
        values = [result.get(phase, 0.0) for result in results]
        cells = [f"{value:.0f}" if phase in ("peak MB", "findings") else f"{value:.3f}" for value in values]
        if len(folders) > 1:
            cells.append(f"{values[-1] / values[0]:.1f}×" if values[0] >= 0.001 else "")
        lines.append("| " + " | ".join([phase, *cells]) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="playbook folders, smallest first")
    parser.add_argument("--repeat", type=int, default=1, help="runs per playbook; the fastest counts")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # internal: one run, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.folders[0])))
        return
    results = [measure_apart(folder, args.repeat) for folder in args.folders]
    print(table(args.folders, results))


if __name__ == "__main__":
    main()
