"""Last-change dates from git (`review_every`): every file name as written, and one git process per check."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

import test_freshness
from conftest import FIXED_TODAY, write_tree
from journeybook import history
from journeybook.check import run_check
from test_freshness import JOURNEY, RETURNS, SETTINGS, commit, git, stale

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
repo = test_freshness.repo  # the fixture: an empty git repository


def test_a_file_name_with_accents_spaces_and_quotes_gets_its_date(repo: Path) -> None:
    """git quotes such names in its normal output; a quoted name matched no file, so it was never due."""
    name = 'policies/retours et "échanges" été.yaml'
    commit(repo, {"journeybook.yaml": SETTINGS, name: RETURNS}, "2025-10-01")
    found = stale(repo)
    assert [line.split(": ", 1)[0] for line in found] == [f"{name}:5:9", f"{name}:10:9"]
    assert all("last changed on 2025-10-01, so it was due for review on 2026-03-30" in line for line in found)


def test_the_latest_commit_of_a_file_counts_across_merges(repo: Path) -> None:
    commit(repo, {"journeybook.yaml": SETTINGS, "journeys/charge.yaml": JOURNEY}, "2025-01-01")
    git(repo, "checkout", "--quiet", "-b", "side")
    commit(repo, {"policies/returns.yaml": RETURNS}, "2025-02-01")
    git(repo, "checkout", "--quiet", "-")
    commit(repo, {"journeys/charge.yaml": JOURNEY.replace("won't", "will not")}, "2025-03-01")
    git(repo, "merge", "--quiet", "--no-edit", "side", day="2025-04-01")
    assert history.last_changes(repo) == {
        "journeybook.yaml": date(2025, 1, 1),
        "journeys/charge.yaml": date(2025, 3, 1),
        "policies/returns.yaml": date(2025, 2, 1),
    }


def test_one_git_process_dates_every_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        f"policies/topic-{n}.yaml": RETURNS.replace("returns", f"returns-{n}")
        .replace("refund-window", f"refund-window-{n}")
        .replace("restocking-fee", f"restocking-fee-{n}")
        for n in range(5)
    }
    commit(repo, {"journeybook.yaml": SETTINGS, "journeys/charge.yaml": JOURNEY, **files}, "2025-10-01")
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args, *rest, **options):
        calls.append(list(args))
        return real_run(args, *rest, **options)

    monkeypatch.setattr(history.subprocess, "run", counting_run)
    findings = [f for f in run_check(repo, today=FIXED_TODAY).findings if f.rule == "stale"]
    assert len({f.location.file for f in findings}) == 6  # the journey and the five policy files
    # One log for every file, after one question: is this a shallow clone?
    assert [args[3] for args in calls] == ["rev-parse", "log"]


def _info(folder: Path) -> list[str]:
    result = run_check(folder, today=FIXED_TODAY)
    return [f"{f.location}: {f.severity.label} {f.message}" for f in result.findings if f.rule == "history-unavailable"]


def test_a_shallow_clone_turns_staleness_from_history_off_with_one_info_finding(repo: Path, tmp_path: Path) -> None:
    commit(repo, {"journeybook.yaml": SETTINGS, "journeys/charge.yaml": JOURNEY}, "2025-01-01")
    commit(repo, {"policies/returns.yaml": RETURNS}, "2026-05-30")
    assert len(stale(repo)) == 1  # the full history: the journey is due
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    assert stale(clone) == []  # the one commit it holds would date everything 2026-05-30: not guessed
    assert _info(clone) == [
        "journeybook.yaml:3:17: info review_every: 180 days needs each file's last change from git, but the "
        "playbook is a shallow clone, which holds only the latest commits, so staleness from history is off: "
        "1 journey and 2 questions without `review_by:` are never due. To turn it on, fetch the whole history: "
        "`fetch-depth: 0` on actions/checkout (as in examples/github-workflow.yml), or `git fetch --unshallow`"
    ]
    assert _info(repo) == []


def test_without_git_on_path_staleness_from_history_is_off(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commit(repo, {"journeybook.yaml": SETTINGS, "journeys/charge.yaml": JOURNEY}, "2025-01-01")
    monkeypatch.setenv("PATH", str(repo / "nowhere"))
    assert stale(repo) == []
    assert len(_info(repo)) == 1 and "but `git` is not on PATH" in _info(repo)[0]
    assert _info(repo)[0].endswith("To turn it on, install git where journeybook runs")


def test_a_commit_dated_beyond_any_calendar_is_no_traceback(repo: Path) -> None:
    """A commit of year 11476 stays on a shared main for good; its file counts as changed today."""
    commit(repo, {"journeybook.yaml": SETTINGS, "journeys/charge.yaml": JOURNEY}, "2025-01-01")
    write_tree(repo, {"policies/returns.yaml": RETURNS})
    git(repo, "add", "--all")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_COMMITTER_DATE": "@299000000000 +0000"}
    env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"]
    made = subprocess.run(
        ["git", "-c", "user.name=E", "-c", "user.email=e@example.com", "commit", "-qm", "far"],
        cwd=repo,
        env=env,
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"this git refuses the date: {made.stderr.decode()[:80]}")
    result = run_check(repo, today=FIXED_TODAY)
    dates = result.context.file_dates
    assert dates is not None and all(day <= FIXED_TODAY for day in dates.values())
    assert [f.location.file for f in result.findings if f.rule == "stale"] == ["journeys/charge.yaml"]


def test_far_future_and_garbled_commit_times_parse() -> None:
    log = b"\x00299000000000\n\x00policies/a.yaml\x00\x00notanumber\n\x00policies/b.yaml\x00"
    assert history._parse_log(log) == {"policies/a.yaml": date.max, "policies/b.yaml": date.min}
