"""Last-change dates from git (`review_every`): every file name as written, and one git process per check."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

import test_freshness
from conftest import FIXED_TODAY
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
    assert [args[:2] for args in calls] == [["git", "-C"]]
