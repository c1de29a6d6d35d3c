"""`stale` with `review_every`: content without a review date is due a fixed time after its last git change."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXED_TODAY, write_tree
from journeybook.check import run_check

BASE = Path(__file__).parent / "fixtures" / "rules" / "_base"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

SETTINGS = """\
organization: Northwind Appliances
defaults:
  review_every: 180 days
"""

JOURNEY = """\
id: laptop-will-not-charge
title: My laptop won't charge
owner: dana-lee
steps:
  - id: first-contact
    department: customer-care
    closes: true
    confirm: The customer says the laptop charges.
"""

RETURNS = """\
topic: returns
title: Returns and refunds
owner: sam-ortiz
questions:
  - id: refund-window
    ask: How long do I have to return a product for a refund?
    answers:
      - decision: 30 days
        say: You can return it within 30 days of delivery for a full refund.
  - id: restocking-fee
    ask: Do you charge a restocking fee?
    answers:
      - decision: "no"
        say: No, returns within the return window are free.
"""


def git(repo: Path, *args: str, day: str | None = None) -> None:
    """Run git in `repo` with a fixed identity, no user config, and commits dated `day` (YYYY-MM-DD)."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    subprocess.run(
        ["git", "-c", "user.name=Playbook Editor", "-c", "user.email=editor@example.com", "-c", "commit.gpgsign=false"]
        + list(args),
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


def commit(repo: Path, files: dict[str, str], day: str, folder: str = ".") -> None:
    write_tree(repo / folder, files)
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", f"Playbook changes of {day}", day=day)


def stale(folder: Path) -> list[str]:
    return [f"{f.location}: {f.message}" for f in run_check(folder, today=FIXED_TODAY).findings if f.rule == "stale"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "content"
    repo.mkdir()
    git(repo, "init", "--quiet")
    return repo


def test_content_is_due_review_every_after_its_last_change(repo: Path) -> None:
    commit(repo, {**{p.name: p.read_text() for p in BASE.glob("*.yaml")}, "journeybook.yaml": SETTINGS}, "2025-06-01")
    commit(repo, {"journeys/charge.yaml": JOURNEY, "policies/returns.yaml": RETURNS}, "2025-10-01")
    # 2025-10-01 + 180 days = 2026-03-30, before 2026-06-01.
    assert stale(repo) == [
        'journeys/charge.yaml:1:5: journey "laptop-will-not-charge" has no `review_by:` and was last changed on '
        "2025-10-01, so it was due for review on 2026-03-30 (review_every: 180 days in journeybook.yaml): Dana Lee "
        "should check that it still matches what departments do, then set `review_by:` to the next date to check it",
        'policies/returns.yaml:5:9: question "refund-window" has no `review_by:` and was last changed on 2025-10-01, '
        "so it was due for review on 2026-03-30 (review_every: 180 days in journeybook.yaml): Sam Ortiz should check "
        "its answers, then set `review_by:` on the question, or on the topic at the top of the file, to the next date "
        "to check it",
        'policies/returns.yaml:10:9: question "restocking-fee" has no `review_by:` and was last changed on '
        "2025-10-01, so it was due for review on 2026-03-30 (review_every: 180 days in journeybook.yaml): Sam Ortiz "
        "should check its answers, then set `review_by:` on the question, or on the topic at the top of the file, "
        "to the next date to check it",
    ]


def test_a_later_change_restarts_the_clock_for_that_file_only(repo: Path) -> None:
    commit(repo, {"journeybook.yaml": SETTINGS, "journeys/charge.yaml": JOURNEY}, "2025-10-01")
    commit(repo, {"policies/returns.yaml": RETURNS}, "2025-10-01")
    commit(repo, {"journeys/charge.yaml": JOURNEY.replace("won't charge", "will not charge")}, "2026-01-15")
    # The journey changed on 2026-01-15: due 2026-07-14, not yet. The returns file is still due since 2026-03-30.
    found = stale(repo)
    assert [line.split(": ", 1)[0] for line in found] == ["policies/returns.yaml:5:9", "policies/returns.yaml:10:9"]
    assert all("last changed on 2025-10-01, so it was due for review on 2026-03-30" in line for line in found)


def test_a_file_not_yet_committed_is_not_stale(repo: Path) -> None:
    commit(repo, {"journeybook.yaml": SETTINGS}, "2025-01-01")
    write_tree(repo, {"journeys/charge.yaml": JOURNEY, "policies/returns.yaml": RETURNS})
    assert stale(repo) == []


def test_a_review_date_anywhere_replaces_review_every(repo: Path) -> None:
    journey = JOURNEY.replace("owner: dana-lee\n", "owner: dana-lee\nreview_by: 2026-12-31\n")
    returns = RETURNS.replace("owner: sam-ortiz\n", "owner: sam-ortiz\nreview_by: 2026-12-31\n")
    commit(
        repo,
        {"journeybook.yaml": SETTINGS, "journeys/charge.yaml": journey, "policies/returns.yaml": returns},
        "2024-01-01",
    )
    assert stale(repo) == []


def test_without_review_every_old_content_is_not_stale(repo: Path) -> None:
    commit(repo, {"journeys/charge.yaml": JOURNEY, "policies/returns.yaml": RETURNS}, "2020-01-01")
    assert stale(repo) == []


def test_the_playbook_may_be_a_folder_inside_the_repository(repo: Path) -> None:
    commit(repo, {"journeybook.yaml": SETTINGS, "journeys/charge.yaml": JOURNEY}, "2025-10-01", folder="playbooks")
    found = stale(repo / "playbooks")
    assert len(found) == 1 and found[0].startswith("journeys/charge.yaml:1:5: ")


def test_without_git_nothing_is_guessed(tmp_path: Path) -> None:
    folder = write_tree(
        tmp_path / "playbook",
        {"journeybook.yaml": SETTINGS, "journeys/charge.yaml": JOURNEY, "policies/returns.yaml": RETURNS},
        BASE,
    )
    os.utime(folder / "journeys" / "charge.yaml", (0, 0))  # an ancient file time is not a review history
    assert stale(folder) == []
