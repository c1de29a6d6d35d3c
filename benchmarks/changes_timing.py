"""Time `journeybook diff` against `check`, and the "What changed" page over a long git history.

Why: the issue's targets are that `diff` between two revisions of an L playbook (10,000 questions) costs at
most twice a `check`, and that the "What changed" page over 1,000 commits adds at most 5 s to a build.

1. diff: an L playbook (generate.py, seed 1) is committed, then a second commit changes 100 answers' words,
   50 decisions, renames 10 questions (and the steps that say them) and drops a handoff's carry. Timed in
   this process: `check` of the working tree, and `diff HEAD~1 HEAD` (both revisions extracted from git
   and checked, the base in a forked process beside the head) — each the best of --repeat runs.
2. history: on top of that, `git fast-import` writes --commits commits within the last 90 days, each
   changing one answer's `say` or `decision` in one policy file. Timed: everything a build does for the
   feature — the git history (cold cache), the audience filter, the changes page's context and Markdown,
   every question page's history lookup and the Atom feed.

Usage:
    python benchmarks/changes_timing.py                    # L, 1,000 commits
    python benchmarks/changes_timing.py --size M --commits 200 --work /tmp/jb-changes
    python benchmarks/changes_timing.py --size M --skip diff   # the page only: its cost is per commit
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402
from journeybook import changes, changes_page  # noqa: E402
from journeybook.check import run_check  # noqa: E402
from journeybook.pages import environment, site_for  # noqa: E402
from journeybook.revisions import diff  # noqa: E402

TODAY = date(2026, 6, 1)
ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def git(repo: Path, *args: str, stdin: bytes | None = None, day: date | None = None) -> bytes:
    env = dict(ENV)
    if day is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day.isoformat()}T12:00:00+00:00"
    return subprocess.run(["git", "-C", str(repo), *args], input=stdin, env=env, capture_output=True, check=True).stdout


def cpu() -> float:
    """CPU seconds of this process and its finished children (git, the forked workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best(repeat: int, work) -> tuple[float, float, object]:
    """(best wall seconds, CPU seconds of that run, the result) of `repeat` runs. On a busy machine wall time
    varies with the load; CPU time much less."""
    runs, result = [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), cpu()
        result = work()
        runs.append((time.perf_counter() - started, cpu() - started_cpu))
    wall, spent = min(runs)
    return wall, spent, result


def second_revision(source: Path) -> None:
    """Change words, decisions, question ids and a carry, as a busy week of pull requests would."""
    policies = sorted((source / "policies").rglob("*.yaml"))
    renamed: dict[str, str] = {}
    for number, path in enumerate(policies[:150]):
        text = path.read_text(encoding="utf-8")
        if number < 100:
            text = re.sub(r"(\n\s+say: )(.*)", r"\1\2 (updated)", text, count=1)
        else:
            text = re.sub(r"(\n\s+decision: )(.*)", r"\g<1>changed \2", text, count=1)
        if number < 10:
            match = re.search(r"\n  - id: (\S+)", text)
            if match:
                renamed[match.group(1)] = match.group(1) + "-renamed"
                text = text.replace(f"id: {match.group(1)}\n", f"id: {match.group(1)}-renamed\n", 1)
        path.write_text(text, encoding="utf-8")
    for path in sorted((source / "journeys").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        changed = text
        for old, new in renamed.items():
            changed = re.sub(rf"\b{re.escape(old)}\b(?!-)", new, changed)
        if changed != text:
            path.write_text(changed, encoding="utf-8")


def long_history(repo: Path, folder: str, commits: int) -> None:
    """`commits` commits in the last 90 days, each changing one answer in one policy file (git fast-import)."""
    source = repo / folder
    files = sorted(p.relative_to(repo).as_posix() for p in (source / "policies").rglob("*.yaml"))
    texts = {name: (repo / name).read_text(encoding="utf-8") for name in files}
    start = int(time.mktime((TODAY - timedelta(days=89)).timetuple()))
    step = (89 * 86400) // max(commits, 1)
    stream = []
    head = git(repo, "rev-parse", "HEAD").decode().strip()
    for number in range(commits):
        name = files[number % len(files)]
        field = "say" if number % 3 else "decision"
        texts[name] = re.sub(
            rf"(\n\s+{field}: )(.*)", lambda m, n=number: f"{m.group(1)}{m.group(2)} v{n}", texts[name], count=1
        )
        data = texts[name].encode("utf-8")
        message = f"Change {field} in {name} ({number})".encode()
        when = start + number * step
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Bench <bench@example.com> {when} +0000\n".encode())
        stream.append(b"data %d\n%s\n" % (len(message), message))
        if number == 0:
            stream.append(f"from {head}\n".encode())
        stream.append(f"M 100644 inline {name}\n".encode())
        stream.append(b"data %d\n%s\n" % (len(data), data))
    git(repo, "fast-import", "--quiet", stdin=b"".join(stream))
    git(repo, "reset", "--quiet", "--hard", "main")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="L")
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--work", type=Path, help="keep the repository here (default: a temporary folder)")
    parser.add_argument("--skip", choices=["diff", "history"], help="leave out one of the two measurements")
    options = parser.parse_args()
    work = options.work or Path(tempfile.mkdtemp(prefix="jb-changes-"))
    repo = work / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    source = repo / "playbooks"
    generate(options.size, source, seed=1)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "Generated playbook", day=TODAY - timedelta(days=120))
    second_revision(source)
    git(repo, "commit", "--quiet", "-am", "A week of changes", day=TODAY - timedelta(days=100))
    os.environ["JOURNEYBOOK_TODAY"] = TODAY.isoformat()

    if options.skip != "diff":
        measure_diff(source, options)
    if options.skip != "history":
        measure_history(repo, source, options)
    if options.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def measure_diff(source: Path, options: argparse.Namespace) -> None:
    check_seconds, check_cpu, _ = best(options.repeat, lambda: run_check(source, TODAY))
    diff_seconds, diff_cpu, found = best(options.repeat, lambda: diff(source, "HEAD~1", "HEAD", TODAY))
    print(
        f"{options.size}: check {check_seconds:.2f} s ({check_cpu:.2f} s CPU); diff HEAD~1 HEAD {diff_seconds:.2f} s "
        f"({diff_cpu:.2f} s CPU, both revisions) = {diff_seconds / check_seconds:.2f}x a check (target <= 2x); "
        f"{len(found[0])} changes",
        flush=True,
    )


def measure_history(repo: Path, source: Path, options: argparse.Namespace) -> None:
    long_history(repo, "playbooks", options.commits)
    result = run_check(source, TODAY)
    env = environment()

    def feature() -> int:
        changes._cached.cache_clear()  # cold: as the first build after a commit
        site = site_for(result, "staff")
        shown = changes_page.history(site)
        env.get_template("changes.md.j2").render(
            **changes_page.page_context(site),
            staff=True,
            site=site,
            page_link=lambda *a, **k: "",
            question_link=lambda q: q,
        )
        for question in site.questions:
            changes_page.question_history(site, question.id)
        changes_page.feed(site)
        return len(shown)

    history_seconds, history_cpu, shown = best(options.repeat, feature)
    print(
        f"{options.size}: What changed over {options.commits} commits adds {history_seconds:.2f} s to a build "
        f"({history_cpu:.2f} s CPU; target <= 5 s); {shown} answer changes in the last 90 days",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
