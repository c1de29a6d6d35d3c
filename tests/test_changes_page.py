"""The "What changed" page, each question's last changes and the Atom feed, from a small git history."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXED_TODAY, write_tree
from journeybook.changes_page import feed
from journeybook.check import run_check
from journeybook.pages import render_pages, site_for
from test_diff import GLASS, JOURNEY, files
from test_freshness import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

ATOM = "{http://www.w3.org/2005/Atom}"
STAFF_QUESTION = GLASS.replace(
    "  - id: chip-repair\n",
    "  - id: staff-only-discount\n"
    "    ask: Which staff discount applies?\n"
    "    answers:\n"
    "      - by: customer-care\n"
    "        decision: STAFF-DECISION-10\n"
    "        say: STAFF-SAY ten percent.\n"
    "  - id: chip-repair\n",
)


def commit(repo: Path, glass: str, day: str, message: str) -> None:
    write_tree(repo / "playbooks", files(**{"policies/glass.yaml": glass, "journeys/windscreen-chip.yaml": JOURNEY}))
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", message, day=day)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return history(tmp_path_factory.mktemp("history") / "content")


def history(repo: Path) -> Path:
    """A repository whose glass playbook changed over half a year (also the browser test's site)."""
    repo.mkdir(parents=True)
    git(repo, "init", "--quiet")
    commit(repo, STAFF_QUESTION, "2025-12-01", "Start the glass playbook")
    old = STAFF_QUESTION.replace("decision: £95", "decision: £90")  # more than 90 days before 2026-06-01
    commit(repo, old, "2026-01-10", "Too old to show")
    commit(repo, STAFF_QUESTION, "2026-04-01", "INTERNAL-MESSAGE: back to £95 after the audit")
    later = STAFF_QUESTION.replace("STAFF-DECISION-10", "STAFF-DECISION-15").replace(
        "say: STAFF-SAY ten percent.", "say: STAFF-SAY fifteen percent."
    )
    split = later.replace(
        "        when: {segment: [consumer]}\n",
        "        when: {segment: [consumer]}\n"
        "        effective: {to: 2026-12-31}\n"
        "      - by: customer-care\n"
        "        decision: £115\n"
        "        say: From 1 January 2027 you pay the first £115.\n"
        "        when: {segment: [consumer]}\n"
        "        effective: {from: 2027-01-01}\n",
        1,
    ).replace("chip repairs are free.", "chip repairs cost nothing.")
    commit(repo, split, "2026-05-20", "Glass excess from 2027 <b>and</b> staff discount")
    return repo


def pages(repo: Path, audience: str) -> dict[str, str]:
    result = run_check(repo / "playbooks", today=FIXED_TODAY)
    return {page.path: page.text for page in render_pages(result, audience)}


def entries(repo: Path, audience: str) -> list[dict]:
    result = run_check(repo / "playbooks", today=FIXED_TODAY)
    root = ET.fromstring(feed(site_for(result, audience)))
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "updated": entry.find(f"{ATOM}updated").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.find(f"{ATOM}summary").text,
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_the_staff_page_lists_changes_of_90_days_newest_first_by_department(repo: Path) -> None:
    text = pages(repo, "staff")["changes/index.md"]
    assert "Too old to show" not in text and "£95 → **£90**" not in text  # 2026-01-10: more than 90 days ago
    assert "    - Decision: £90 → **£95**" in text  # 2026-04-01 undid it: before → after
    care = text.split("## Customer Care", 1)[1]
    assert care.index("2026-05-20") < care.index("2026-04-01")
    assert "    - Say: “No, chip repairs are free.” → “No, chip repairs cost nothing.”" in care
    assert "    - Decision: STAFF-DECISION-10 → **STAFF-DECISION-15**" in care
    assert "    - Commit: Glass excess from 2027 &lt;b&gt;and&lt;/b&gt; staff discount (" in care
    assert "INTERNAL-MESSAGE: back to £95 after the audit" in care
    assert "## Changing soon" in text
    assert (
        "- **From 2027-01-01** · [How much do I pay towards a new windscreen?](../questions/windscreen-excess.md)"
        in text
    )
    assert "Customer Care: **£115**" in text


def test_each_question_page_shows_its_own_last_changes(repo: Path) -> None:
    text = pages(repo, "staff")["questions/chip-repair.md"]
    history = text.split("## Last changes", 1)[1]
    assert "- **2026-05-20** · Customer Care · say “No, chip repairs are free.” → “No, chip repairs cost nothing.”" in (
        history
    )
    assert "STAFF-DECISION" not in history  # another question's change
    assert "[All recent changes](../changes/index.md)" in history


def test_a_public_build_shows_only_public_answers_words(repo: Path) -> None:
    public = pages(repo, "public")
    text = public["changes/index.md"]
    assert "STAFF" not in text and "INTERNAL-MESSAGE" not in text and "Commit:" not in text
    assert "Decision" not in text and "£90" not in text
    assert "From 1 January 2027 you pay the first £115." in text  # changing soon: the words, public
    assert "**£115**" not in text
    assert "STAFF" not in "".join(public.values())
    for entry in entries(repo, "public"):
        assert "STAFF" not in entry["summary"] + entry["title"]
        assert "Commit" not in entry["summary"] and "Decision" not in entry["summary"]


def test_the_atom_feed_has_an_entry_per_change_linking_its_question(repo: Path) -> None:
    found = entries(repo, "staff")
    assert found[0]["updated"] == "2026-05-20T12:00:00Z"
    assert {e["title"] for e in found} >= {
        "Customer Care: Do I pay to fix a chip?",
        "Customer Care: Which staff discount applies?",
        "Customer Care: How much do I pay towards a new windscreen?",
    }
    chip = next(e for e in found if e["title"] == "Customer Care: Do I pay to fix a chip?")
    assert chip["link"] == "../questions/chip-repair/"
    assert chip["summary"] == (
        "Say: “No, chip repairs are free.” → “No, chip repairs cost nothing.”. "
        "Commit: Glass excess from 2027 <b>and</b> staff discount"
    )
    public = entries(repo, "public")
    # Only the windscreen question is public, and its April change touched the decision alone.
    assert [(e["title"], e["summary"]) for e in public] == [
        (
            "Customer Care: How much do I pay towards a new windscreen?",
            "For segment=consumer; from 2027-01-01. Say: (none) → “From 1 January 2027 you pay the first £115.”.",
        )
    ]


def test_outside_git_there_is_no_history_and_the_page_says_so(tmp_path: Path) -> None:
    write_tree(tmp_path / "playbooks", files())
    result = run_check(tmp_path / "playbooks", today=FIXED_TODAY)
    text = {page.path: page.text for page in render_pages(result)}["changes/index.md"]
    assert "No answer changed in the last 90 days." in text
    assert ET.fromstring(feed(site_for(result, "staff"))).find(f"{ATOM}entry") is None
