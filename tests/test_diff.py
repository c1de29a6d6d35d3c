"""`journeybook diff`: small git histories, and the exact changes, severities and reports they give."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_tree
from journeybook.cli import main
from test_freshness import BASE, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GLASS = """\
topic: glass
title: Windscreens
owner: dana-lee
questions:
  - id: windscreen-excess
    ask: How much do I pay towards a new windscreen?
    audience: public
    answers:
      - by: customer-care
        decision: £95
        say: You pay the first £95 of a replacement windscreen.
        when: {segment: [consumer]}
      - by: sales
        decision: £60
        say: Business customers pay the first £60.
        when: {segment: [small-business]}
  - id: chip-repair
    ask: Do I pay to fix a chip?
    answers:
      - by: customer-care
        decision: "no"
        say: No, chip repairs are free.
"""

JOURNEY = """\
id: windscreen-chip
title: A stone chipped my windscreen
owner: dana-lee
segments: [consumer]
steps:
  - id: first-contact
    department: customer-care
    say: [windscreen-excess]
    capture: [policy-number, photos]
    next:
      - step: repair
        carry: [policy-number, photos]
  - id: repair
    department: hardware-support
    needs: [photos]
    next: [confirm]
  - id: confirm
    department: customer-care
    closes: true
    confirm: The customer says the windscreen is fixed.
recovery:
  - trigger: The technician does not turn up
    owner: dana-lee
    do: [Call the customer back]
"""


def files(**changes: str | None) -> dict[str, str | None]:
    base = {p.name: p.read_text() for p in BASE.glob("*.yaml")}
    return {**base, "policies/glass.yaml": GLASS, "journeys/windscreen-chip.yaml": JOURNEY, **changes}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "content"
    repo.mkdir()
    git(repo, "init", "--quiet", "--initial-branch=main")
    return repo


def save(repo: Path, content: dict[str, str | None], message: str = "Change", folder: str = "playbooks") -> None:
    target = repo / folder
    if folder != "." and target.exists():
        shutil.rmtree(target)
    write_tree(target, content)
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "--message", message, day="2026-05-01")


def run(repo: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diff", *args], catch_exceptions=False, env={"JOURNEYBOOK_TODAY": "2026-06-01"})
    return result.exit_code, result.output


def changes(repo: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    monkeypatch.chdir(repo)
    code, output = run(repo, *args, "--format", "json")
    assert code == 0, output
    return json.loads(output)


def short(found: list[dict]) -> list[tuple]:
    return [(c["severity"], c["kind"], c["id"], c["change"], c["field"], c["before"], c["after"]) for c in found]


def test_a_decision_changed_under_a_when_is_breaking_and_reaches_its_department(repo, monkeypatch) -> None:
    save(repo, files())
    write_tree(repo / "playbooks", {"policies/glass.yaml": GLASS.replace("decision: £60", "decision: £75")})
    found = changes(repo, "main", monkeypatch=monkeypatch)
    assert short(found) == [
        ("breaking", "answer", "windscreen-excess/sales[segment=small-business]", "changed", "decision", "£60", "£75")
    ]
    assert found[0]["file"] == "playbooks/policies/glass.yaml"
    assert found[0]["line"] == 14
    assert found[0]["departments"] == ["sales"]


def test_an_effective_split_is_a_date_change_and_a_new_decision_for_later_customers(repo, monkeypatch) -> None:
    save(repo, files())
    split = GLASS.replace(
        "        when: {segment: [consumer]}\n",
        "        when: {segment: [consumer]}\n"
        "        effective: {to: 2026-12-31}\n"
        "      - by: customer-care\n"
        "        decision: £115\n"
        "        say: From 1 January 2027 you pay the first £115.\n"
        "        when: {segment: [consumer]}\n"
        "        effective: {from: 2027-01-01}\n",
    )
    save(repo, files(**{"policies/glass.yaml": split}))
    assert short(changes(repo, "main~1", "main", monkeypatch=monkeypatch)) == [
        (
            "breaking",
            "answer",
            "windscreen-excess/customer-care[segment=consumer; from 2027-01-01]",
            "added",
            None,
            "£95",
            "£115",
        ),
        (
            "notable",
            "answer",
            "windscreen-excess/customer-care[segment=consumer; to 2026-12-31]",
            "changed",
            "effective",
            None,
            {"from": None, "to": "2026-12-31"},
        ),
    ]


def test_a_renamed_question_is_one_change_and_its_references_follow(repo, monkeypatch) -> None:
    save(repo, files())
    renamed = {
        "policies/glass.yaml": GLASS.replace("id: windscreen-excess", "id: glass-excess"),
        "journeys/windscreen-chip.yaml": JOURNEY.replace("say: [windscreen-excess]", "say: [glass-excess]"),
    }
    save(repo, files(**renamed))
    assert short(changes(repo, "main~1", "main", monkeypatch=monkeypatch)) == [
        ("minor", "question", "glass-excess", "renamed", None, "windscreen-excess", "glass-excess")
    ]


def test_removals_an_owner_a_handoff_and_an_answer(repo, monkeypatch) -> None:
    save(repo, files())
    glass = GLASS.replace(
        '      - by: customer-care\n        decision: "no"\n        say: No, chip repairs are free.\n', ""
    ).replace("    answers:\n  - id: chip", "    answers: []\n  - id: chip")
    journey = JOURNEY.replace("owner: dana-lee\nsegments", "segments").replace(
        "      - step: repair\n        carry: [policy-number, photos]\n", "      - confirm\n"
    )
    save(repo, files(**{"policies/glass.yaml": glass, "journeys/windscreen-chip.yaml": journey}))
    found = short(changes(repo, "main~1", "main", monkeypatch=monkeypatch))
    assert ("breaking", "answer", "chip-repair/customer-care", "removed", None, "no", None) in found
    assert ("breaking", "owner", "journey/windscreen-chip", "changed", "owner", "dana-lee", None) in found
    assert (
        "notable",
        "handoff",
        "windscreen-chip/first-contact->repair",
        "removed",
        None,
        ["policy-number", "photos"],
        None,
    ) in found
    assert found[0][0] == "breaking" and found[-1][0] == "minor"  # most severe first
    kinds = {(c[0], c[1]) for c in found}
    assert ("breaking", "finding") in kinds  # the repair step is now unreachable: an error the change introduced


def test_carry_items_are_notable_and_say_text_is_notable(repo, monkeypatch) -> None:
    save(repo, files())
    save(
        repo,
        files(
            **{
                "journeys/windscreen-chip.yaml": JOURNEY.replace("carry: [policy-number, photos]", "carry: [photos]"),
                "policies/glass.yaml": GLASS.replace("chip repairs are free.", "a chip repair costs nothing."),
            }
        ),
    )
    found = short(changes(repo, "main~1", "main", monkeypatch=monkeypatch))
    assert found == [
        (
            "notable",
            "answer",
            "chip-repair/customer-care",
            "changed",
            "say",
            "No, chip repairs are free.",
            "No, a chip repair costs nothing.",
        ),
        (
            "notable",
            "handoff",
            "windscreen-chip/first-contact->repair",
            "changed",
            "carry",
            ["policy-number", "photos"],
            ["photos"],
        ),
        # the repair step needs photos only, so no new finding: the change stays notable
    ]


def test_a_file_moved_to_a_sub_folder_changes_nothing(repo, monkeypatch) -> None:
    save(repo, files())
    save(repo, files(**{"policies/glass.yaml": None, "policies/motor/glass.yaml": GLASS}))
    assert changes(repo, "main~1", "main", monkeypatch=monkeypatch) == []


def test_a_playbook_moved_to_a_sub_folder_is_compared_with_rev_path(repo, monkeypatch) -> None:
    save(repo, files(), folder=".")
    git(repo, "rm", "-r", "--quiet", ".")
    save(
        repo,
        files(**{"policies/glass.yaml": GLASS.replace("decision: £95", "decision: £99")}),
        folder="content/playbooks",
    )
    found = changes(repo, "main~1:.", "main:content/playbooks", monkeypatch=monkeypatch)
    assert short(found) == [
        ("breaking", "answer", "windscreen-excess/customer-care[segment=consumer]", "changed", "decision", "£95", "£99")
    ]
    assert found[0]["file"] == "content/playbooks/policies/glass.yaml"


def test_a_new_question_and_journey_are_notable_people_and_tools_minor(repo, monkeypatch) -> None:
    save(repo, files())
    org = (BASE / "org.yaml").read_text().replace("    name: Kim Park\n", "    name: Kim Park-Lee\n")
    extra = (
        GLASS.replace("topic: glass", "topic: glass-2")
        .replace("id: windscreen-excess", "id: sunroof")
        .replace("id: chip-repair", "id: sunroof-chip")
    )
    journey = JOURNEY.replace("id: windscreen-chip", "id: sunroof-chip").replace("say: [windscreen-excess]", "")
    save(
        repo,
        files(**{"org.yaml": org, "policies/sunroof.yaml": extra, "journeys/sunroof.yaml": journey}),
    )
    found = short(changes(repo, "main~1", "main", monkeypatch=monkeypatch))
    assert (
        "notable",
        "question",
        "sunroof",
        "added",
        None,
        None,
        "How much do I pay towards a new windscreen?",
    ) in found
    assert ("notable", "journey", "sunroof-chip", "added", None, None, "A stone chipped my windscreen") in found
    assert ("minor", "person", "kim-park", "changed", "name", "Kim Park", "Kim Park-Lee") in found
    assert ("notable", "answer", "sunroof/customer-care[segment=consumer]", "added", None, None, "£95") in found


def test_formats_and_fail_on(repo, monkeypatch) -> None:
    save(repo, files())
    write_tree(repo / "playbooks", {"policies/glass.yaml": GLASS.replace("chip repairs are free.", "free.")})
    monkeypatch.chdir(repo)
    code, text = run(repo, "main")
    assert code == 0
    assert text == (
        "Changes from main:playbooks to working tree (playbooks): 0 breaking, 1 notable, 0 minor\n\n"
        "notable   answer chip-repair/customer-care: say “No, chip repairs are free.” → “No, free.”"
        " [customer-care]  playbooks/policies/glass.yaml:22\n"
    )
    assert run(repo, "main", "--fail-on", "notable")[0] == 1
    assert run(repo, "main", "--fail-on", "minor")[0] == 1
    assert run(repo, "main", "--fail-on", "breaking")[0] == 0
    code, github = run(repo, "main", "--format", "github")
    assert github.splitlines()[0] == (
        "::warning file=playbooks/policies/glass.yaml,line=22,title=journeybook diff%3A notable::"
        "answer chip-repair/customer-care: say “No, chip repairs are free.” → “No, free.”"
    )
    code, markdown = run(repo, "main", "--format", "markdown")
    assert markdown.startswith("<!-- journeybook-diff -->\n### Playbook changes\n\n| breaking | notable | minor |")
    assert "| 0 | 1 | 0 |" in markdown
    assert "#### Notable (1)" in markdown
    assert json.loads(run(repo, "main", "--format", "json")[1])[0].keys() == {
        "kind", "id", "change", "field", "before", "after", "severity", "file", "line", "departments"
    }  # fmt: skip


def test_markdown_folds_the_long_tail_and_escapes_playbook_text(repo, monkeypatch) -> None:
    save(repo, files())
    org = (BASE / "org.yaml").read_text()
    people = "".join(f"  - id: p{n}\n    name: P{n}\n" for n in range(25))
    write_tree(repo / "playbooks", {"org.yaml": org.replace("people:\n", "people:\n" + people)})
    write_tree(
        repo / "playbooks", {"policies/glass.yaml": GLASS.replace("decision: £60", "decision: <script>x</script>")}
    )
    monkeypatch.chdir(repo)
    markdown = run(repo, "main", "--format", "markdown")[1]
    assert "<script>" not in markdown and "&#60;script&#62;" in markdown
    assert "#### Minor (25)\n\n\n<details><summary>25 minor changes</summary>" in markdown


def test_a_revision_that_does_not_load_is_an_error_never_no_changes(repo, monkeypatch) -> None:
    save(repo, files())
    monkeypatch.chdir(repo)
    code, output = run(repo, "no-such-branch")
    assert code == 2 and "'no-such-branch' is not a commit, branch or tag" in output
    code, output = run(repo, "main:elsewhere")
    assert code == 2 and "there is no folder elsewhere at main" in output
    write_tree(repo / "playbooks", {"journeybook.yaml": "rules: {no-such-rule: off}\n"})
    code, output = run(repo, "main")
    assert code == 2 and "journeybook.yaml has 1 problem" in output


def test_the_default_base_is_the_merge_base_with_the_default_branch(repo, monkeypatch) -> None:
    save(repo, files())
    git(repo, "checkout", "--quiet", "-b", "feature")
    save(repo, files(**{"policies/glass.yaml": GLASS.replace("decision: £95", "decision: £99")}))
    git(repo, "checkout", "--quiet", "main")
    save(repo, files(**{"policies/glass.yaml": GLASS.replace("decision: £60", "decision: £61")}))
    git(repo, "checkout", "--quiet", "feature")
    found = short(changes(repo, monkeypatch=monkeypatch))
    assert found == [
        ("breaking", "answer", "windscreen-excess/customer-care[segment=consumer]", "changed", "decision", "£95", "£99")
    ]


def test_outside_git_is_an_error(tmp_path: Path, monkeypatch) -> None:
    write_tree(tmp_path / "playbooks", files())
    monkeypatch.chdir(tmp_path)
    code, output = run(tmp_path, "main")
    assert code == 2 and "is not inside a git repository" in output


def test_diff_runs_without_a_fork(repo, monkeypatch) -> None:
    save(repo, files())
    write_tree(repo / "playbooks", {"policies/glass.yaml": GLASS.replace("decision: £60", "decision: £75")})
    monkeypatch.setenv("JOURNEYBOOK_WORKERS", "1")
    assert len(changes(repo, "main", monkeypatch=monkeypatch)) == 1


# --- check --new-since ----------------------------------------------------------------------


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["check", "playbooks", *args], catch_exceptions=False, env={"JOURNEYBOOK_TODAY": "2026-06-01"}
    )
    return result.exit_code, result.output


def test_new_since_reports_only_findings_the_change_introduces_even_when_lines_moved(repo, monkeypatch) -> None:
    uses_tool = JOURNEY.replace("    needs: [photos]\n", "    needs: [photos]\n    tools: [warehouse]\n")
    save(repo, files(**{"journeys/windscreen-chip.yaml": uses_tool}))
    monkeypatch.chdir(repo)
    assert check("--strict")[0] == 1  # the old warning fails a plain --strict run
    # Lines move (a comment on top) and the old warning stays: nothing new.
    moved = "# Windscreen journeys\n# reviewed in May\n" + uses_tool
    write_tree(repo / "playbooks", {"journeys/windscreen-chip.yaml": moved})
    assert check("--strict", "--new-since", "main") == (0, "No problems in 4 files.\n0 errors, 0 warnings in 4 files\n")
    # A new warning: only it is reported, at its new place.
    write_tree(
        repo / "playbooks",
        {
            "journeys/windscreen-chip.yaml": moved.replace(
                "    confirm: The", "    tools: [warehouse]\n    confirm: The"
            )
        },
    )
    code, output = check("--strict", "--new-since", "main", "--format", "json")
    assert code == 1
    assert [(f["rule"], f["line"]) for f in json.loads(output)] == [("missing-tool", 23)]


def test_new_since_a_bad_revision_is_an_error(repo, monkeypatch) -> None:
    save(repo, files())
    monkeypatch.chdir(repo)
    code, output = check("--new-since", "nope")
    assert code == 2 and "'nope' is not a commit, branch or tag" in output


def test_new_since_dates_the_old_revision_from_its_own_history(repo, monkeypatch) -> None:
    """`review_every` at the old revision uses that revision's commit dates, so old stale findings stay old."""
    settings = {"journeybook.yaml": "defaults:\n  review_every: 30 days\n"}
    save(repo, files(**settings))  # committed 2026-05-01: due 2026-05-31, stale on 2026-06-01
    monkeypatch.chdir(repo)
    assert "stale" in check()[1]
    assert check("--strict", "--new-since", "main")[0] == 0


def test_renamed_steps_journeys_and_departments_are_one_change_each(repo, monkeypatch) -> None:
    save(repo, files())
    org = (BASE / "org.yaml").read_text().replace("hardware-support", "hardware")
    journey = (
        JOURNEY.replace("id: windscreen-chip", "id: chipped-windscreen")
        .replace("id: repair\n", "id: fix-glass\n")
        .replace("step: repair\n", "step: fix-glass\n")
        .replace("department: hardware-support", "department: hardware")
    )
    save(repo, files(**{"org.yaml": org, "journeys/windscreen-chip.yaml": journey}))
    found = short(changes(repo, "main~1", "main", monkeypatch=monkeypatch))
    step = (
        "chipped-windscreen/fix-glass",
        "renamed",
        None,
        "chipped-windscreen/repair",
        "chipped-windscreen/fix-glass",
    )
    assert found == [
        ("minor", "journey", "chipped-windscreen", "renamed", None, "windscreen-chip", "chipped-windscreen"),
        ("minor", "step", *step),
        ("minor", "department", "hardware", "renamed", None, "hardware-support", "hardware"),
    ]
