"""How possible-duplicate-question's similarity filter grows: CPU seconds per doubling of the asks, old beside new.

Why: the rule must scale linearly (at most 2.2 times the time for twice the
questions). Timing `similar_clusters` alone, on asks of generated playbooks,
shows its growth without the rest of `check` around it; the filter as it was
before (benchmarks/duplicates_before.py) runs in the same process on the same
asks, so a busy machine slows both alike and the two columns compare.

Usage:
    python benchmarks/duplicate_timing.py                  # 2.5k, 5k, 10k, 20k, 40k asks, best of 3
    python benchmarks/duplicate_timing.py --sizes 2500,5000 --repeat 1
    python benchmarks/duplicate_timing.py --source 4          # every size a sample of 4L: one fixed vocabulary
    python benchmarks/duplicate_timing.py --check /tmp/pb-L   # `check` of a playbook with each filter

n asks are those of the playbook `benchmarks/generate.py kL` would write
(seed 1, built in memory), with k = n / 10,000 rounded up: 10k is all of L,
20k all of 2L, 40k all of 4L; fewer than a playbook holds are a seeded random
sample of it (`--source` draws them all from one playbook instead). Each run
starts with an empty cache of word trigrams, as a `check` does. Both filters
must give the same clusters, or the script stops. With --check, each
`journeybook check` runs in a fresh process, the old filter patched in for
the old rows, and its stopwatch reads CPU time.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "generator"))

from duplicates_before import similar_clusters_before  # noqa: E402 - after the path is set
from gen.playbook import build  # noqa: E402
from gen.sizes import resolve_size  # noqa: E402
from journeybook.answering import _word_trigrams, similar_clusters  # noqa: E402

Clusters = Callable[[Sequence[str], float], list[list[int]]]


def asks_of(multiple: int) -> list[str]:
    """The distinct asks of the generated playbook `multiple` times L (seed 1), in topic order."""
    playbook = build(resolve_size(f"{multiple}L")[1], 1)
    return list(dict.fromkeys(q.ask for topic in playbook.topics for q in topic.questions))


def drawn(counts: list[int], source: int | None = None, seed: int = 1) -> dict[int, list[str]]:
    """`count` asks for each count: a whole playbook when it holds exactly that many, else a sample of one
    (of `source` times L when given, else of the smallest multiple of L that holds them)."""
    playbooks: dict[int, list[str]] = {}
    found = {}
    for count in counts:
        multiple = source or max(1, math.ceil(count / 10_000))
        if multiple not in playbooks:
            playbooks[multiple] = asks_of(multiple)
        asks = playbooks[multiple]
        if count > len(asks):
            raise SystemExit(f"{multiple}L holds {len(asks):,} asks, fewer than {count:,}")
        found[count] = asks if count == len(asks) else random.Random(seed).sample(asks, count)
    return found


def cpu_seconds(clusters: Clusters, asks: list[str], threshold: float) -> tuple[float, list[list[int]]]:
    """User + system CPU seconds of one call, from an empty trigram cache, and what it returned."""
    _word_trigrams.cache_clear()
    start = time.process_time()
    found = clusters(asks, threshold)
    return time.process_time() - start, found


def check_cpu_seconds(folder: str, which: str) -> dict[str, float]:
    """In this process: `journeybook check` of `folder` with the `which` ("old"/"new") filter, CPU seconds of
    the rule and of the whole check (the stopwatch reads CPU time, not wall time)."""
    time.perf_counter = time.process_time  # check's stopwatch reads it at each lap
    from journeybook import check
    from journeybook.rules import answers

    if which == "old":
        answers.similar_clusters = similar_clusters_before
    timings: dict[str, float] = {}
    start = time.process_time()
    check.run_check(Path(folder), timings=timings)
    return {"rule": timings["possible-duplicate-question"], "check": time.process_time() - start}


def compare_checks(folder: str, repeat: int) -> None:
    """`check` of `folder` with the old and the new filter, each in a fresh process, interleaved; best of `repeat`."""
    best = {name: {"rule": math.inf, "check": math.inf} for name in ("old", "new")}
    for _ in range(repeat):
        for name in best:
            command = [sys.executable, __file__, "--one-check", folder, name]
            found = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
            best[name] = {key: min(best[name][key], found[key]) for key in best[name]}
    load = os.getloadavg()[0]
    print(f"journeybook check {folder}, CPU seconds (user + system), best of {repeat}; load average {load:.1f}\n")
    print("| filter | possible-duplicate-question | whole check |")
    print("|---|---:|---:|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds['rule']:.2f} | {seconds['check']:.2f} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2500,5000,10000,20000,40000", help="ask counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each filter per size; the fastest counts")
    parser.add_argument("--source", type=int, help="draw every size from this multiple of L (4: samples of 4L)")
    parser.add_argument("--threshold", type=float, default=0.88, help="similarity threshold (journeybook's default)")
    parser.add_argument("--check", metavar="FOLDER", help="instead: time `journeybook check FOLDER` with each filter")
    parser.add_argument("--one-check", nargs=2, metavar=("FOLDER", "FILTER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_check:
        print(json.dumps(check_cpu_seconds(*args.one_check)))
        return
    if args.check:
        compare_checks(args.check, args.repeat)
        return
    counts = [int(size) for size in args.sizes.split(",")]
    load_before = os.getloadavg()[0]
    samples = drawn(counts, args.source)
    filters: dict[str, Clusters] = {"old": similar_clusters_before, "new": similar_clusters}
    rows = []
    for count in counts:
        best = {name: math.inf for name in filters}
        results = {}
        for _ in range(args.repeat):
            for name, clusters in filters.items():  # interleaved, so a burst of load hits both
                seconds, results[name] = cpu_seconds(clusters, samples[count], args.threshold)
                best[name] = min(best[name], seconds)
        if results["old"] != results["new"]:
            raise SystemExit(f"{count:,} asks: the filters found different clusters")
        rows.append((count, best["old"], best["new"], len(results["new"])))
    print(f"similar_clusters at threshold {args.threshold}, CPU seconds (user + system), best of {args.repeat}")
    print(f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores\n")
    print("| asks | old s | old × | new s | new × | new / old | clusters |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    previous = None
    for count, old, new, clusters in rows:
        growth = ("—", "—") if previous is None else (f"{old / previous[0]:.2f}", f"{new / previous[1]:.2f}")
        print(f"| {count:,} | {old:.2f} | {growth[0]} | {new:.2f} | {growth[1]} | {new / old:.2f} | {clusters} |")
        previous = (old, new)
    print("\n× is the time against the row above (twice the asks); linear is at most 2.2.")


if __name__ == "__main__":
    main()
