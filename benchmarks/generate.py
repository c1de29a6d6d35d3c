"""Generate synthetic, realistic and clean journeybook playbooks of a chosen size.

Why: journeybook's checks join across files (answers against journeys,
handoffs against what downstream steps need), so their cost grows with the
playbook. To measure `check` and `build` on something the size of a large
organisation we need playbooks that are big, realistic in shape and text, and
*clean*: a benchmark that stops at the first error measures nothing.
Everything is derived from one `random.Random(seed)`, so the same size and seed
always give byte-identical files, and timings compare like with like.

Usage:
    python benchmarks/generate.py L /tmp/pb-L [--seed 1]
    python benchmarks/generate.py --scale 100 /tmp/pb-100x
    python benchmarks/generate.py 2L /tmp/pb-2L          # twice L (up to 57,121 questions)

or from Python: `generate("M", Path("/tmp/pb-M"), seed=1)` returns the counts.

How the rules are kept by construction:

- Asks never look alike: each question is a point (x, y) of a prime grid,
  mapped to five vocabulary slots (product, kind of question, context,
  problem, place) by x, y, x+y, x+2y and x+3y (mod q). Two distinct points
  agree in at most one slot, so any two asks differ in at least four of five
  (measured: trigram Dice at most 0.77 at size L, the checker warns at 0.88).
- Answers never conflict: a second answer either repeats the owner
  department's decision, or both answers carry disjoint `when` conditions.
  Journeys only `say` questions whose first answer has no condition.
- Journeys follow four shapes whose department changes are O → A (→ B) → O,
  at most three, with rework loops inside one department. What a handoff
  carries is computed from what later steps need, so nothing needed is lost
  and nothing is asked twice.

The YAML is written as text (f-strings), not with yaml.dump, because that is an
order of magnitude faster; `text()` quotes every scalar that YAML could read
as anything other than the text written.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the `gen` package beside this script

from gen.asks import MAX_QUESTIONS, Slots, Vocabulary, smallest_prime_grid  # noqa: E402
from gen.names import slug  # noqa: E402
from gen.playbook import PLAYBOOK_ENTRIES, build, generate  # noqa: E402
from gen.render import render  # noqa: E402
from gen.sizes import EXAMPLE, SIZES, Size, resolve_size, scaled  # noqa: E402
from gen.yamltext import text  # noqa: E402

__all__ = [
    "EXAMPLE", "MAX_QUESTIONS", "PLAYBOOK_ENTRIES", "SIZES", "Size", "Slots", "Vocabulary", "build", "generate",
    "main", "render", "resolve_size", "scaled", "slug", "smallest_prime_grid", "text",
]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "size", nargs="?", help=f"one of {', '.join(SIZES)}, or a multiple of one such as 2L (or use --scale)"
    )
    parser.add_argument("out_dir", type=Path, help="folder to write the playbook into")
    parser.add_argument("--scale", type=int, help="N times the example playbook instead of a named size")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="replace a playbook already in OUT_DIR")
    args = parser.parse_args(argv)
    if (args.size is None) == (args.scale is None):
        parser.error("give either a size or --scale N")
    started = time.perf_counter()
    try:
        counts = generate(args.scale if args.scale is not None else args.size, args.out_dir, args.seed, args.force)
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    summary = ", ".join(f"{value:,} {key}" for key, value in counts.items())
    print(f"wrote {args.out_dir} in {seconds:.2f} s: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
