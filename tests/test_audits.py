"""Test calls: call logs checked by `check`, compared with the playbook by `audit`, imported from CSV, turned into
a call kit, and shown on the staff site only."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import FIXED_TODAY, ROOT, write_tree
from journeybook.audits.run import run_audit
from journeybook.check import run_check
from journeybook.cli import main

BASE = ROOT / "tests" / "fixtures" / "rules" / "_base"
PLAYBOOK = {
    "journeys/charge.yaml": yaml.safe_load((ROOT / "tests/fixtures/rules/audit-repeated.yaml").read_text())["cases"][0][
        "files"
    ]["journeys/charge.yaml"],
    "policies/returns.yaml": textwrap.dedent("""\
        topic: returns
        title: Returns
        owner: dana-lee
        questions:
          - id: refund-window
            ask: How long do I have to return a product?
            answers:
              - by: customer-care
                decision: 30 days
                say: You can return it within 30 days of delivery.
        """),
}
CLEAN_LOG = textwrap.dedent("""\
    journey: laptop-will-not-charge
    date: 2026-05-04
    caller: Dana (quality lead)
    channel: phone
    segment: consumer
    contacts:
      - department: customer-care
        heard:
          refund-window: 30 Days
        asked_again: []
        knowledgeable: yes
        defined_problem: Yes
        offered_solution: no
        treated: 4
      - department: hardware-support
        heard:
          refund-window: 30d
        knowledgeable: true
        treated: 5
    outcome:
      solved: yes
      closed_without_confirmation: no
      satisfied: 5
    """)


def playbook(tmp_path: Path, logs: dict[str, str], files: dict[str, str] | None = None) -> Path:
    return write_tree(tmp_path / "playbook", {**PLAYBOOK, **(files or {}), **logs}, BASE)


def described(findings) -> list[tuple[str, str, str]]:
    return [(f.rule, str(f.location), f.message) for f in findings]


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.setenv("JOURNEYBOOK_TODAY", FIXED_TODAY.isoformat())
    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


# --- check validates call logs ---------------------------------------------------------------


def test_a_clean_call_log_passes_check_and_audit(tmp_path: Path) -> None:
    source = playbook(tmp_path, {"audits/2026-05-04.yaml": CLEAN_LOG})
    assert [f for f in run_check(source, today=FIXED_TODAY).findings if f.rule != "no-recovery"] == []
    result = run_audit(source, today=FIXED_TODAY)
    assert described(result.findings) == [] and not result.fails(strict=True)
    log = result.playbook.audits[0]
    assert (log.contacts[0].knowledgeable, log.contacts[0].defined_problem, log.contacts[0].offered_solution) == (
        True,
        True,
        False,
    )
    assert log.outcome.solved is True and log.outcome.satisfied == 5


def test_bad_call_logs_are_reported_at_their_line_with_what_to_write(tmp_path: Path) -> None:
    bad = textwrap.dedent("""\
        journey: laptop-will-not-charg
        date: 2026-06-30
        channel: fax
        segment: consumers
        contacts:
          - department: customer-cares
            heard:
              refund-windows: 30 days
            asked_again: [serial-numbr]
            knowledgeable: maybe
            treated: 7
          - department: parts
            mood: grumpy
        outcome:
          solved: y
        """)
    item = CLEAN_LOG.replace("asked_again: []", "asked_again: [order-number, serial-numbr]")
    logs = {"audits/bad.yaml": bad, "audits/empty.yaml": "journey: laptop-will-not-charge\n", "audits/item.yaml": item}
    source = playbook(tmp_path, logs)
    found = described(f for f in run_check(source, today=FIXED_TODAY).findings if f.location.file.startswith("audits/"))
    assert found == [
        (
            "unknown-reference",
            "audits/bad.yaml:1:10",
            'the call log plays the journey "laptop-will-not-charg", which is not a journey in journeys/ (did you '
            'mean "laptop-will-not-charge"?): correct the id (the `id:` of a file under journeys/)',
        ),
        (
            "schema",
            "audits/bad.yaml:2:7",
            "the call is dated 2026-06-30, after today (2026-06-01): write the day the call was made",
        ),
        (
            "unknown-reference",
            "audits/bad.yaml:3:10",
            'the call came through the channel "fax", which is not a channel in org.yaml: correct the id, or add '
            "the channel to org.yaml",
        ),
        (
            "unknown-reference",
            "audits/bad.yaml:4:10",
            'the caller played the segment "consumers", which is not a segment in segments.yaml (did you mean '
            '"consumer"?): correct the id, or add the segment',
        ),
        (
            "unknown-reference",
            "audits/bad.yaml:6:17",
            'the caller dealt with the department "customer-cares", which is not a department in org.yaml (did you '
            'mean "customer-care"?): correct the id',
        ),
        (
            "unknown-reference",
            "audits/bad.yaml:8:7",
            'the caller heard an answer to the question "refund-windows", which is not a question under policies/ '
            '(did you mean "refund-window"?): write the question\'s id as its policy file has it',
        ),
        ("schema", "audits/bad.yaml:10:20", '"maybe" is not yes or no: write `yes` or `no`'),
        ("schema", "audits/bad.yaml:11:14", '"7" is not a whole number from 1 to 5'),
        (
            "schema",
            "audits/bad.yaml:13:5",
            'unknown field "mood" in a contact; known fields: department, heard, asked_again, knowledgeable, '
            "defined_problem, offered_solution, treated, notes",
        ),
        ("schema", "audits/bad.yaml:15:11", '"y" is not yes or no: write `yes` or `no`'),
        (
            "schema",
            "audits/empty.yaml:1:1",
            "this call log has no `contacts`: add `contacts:` with everyone the caller dealt with, in order",
        ),
        ("schema", "audits/empty.yaml:1:1", "this call log has no `date`: add `date:` with the day of the call"),
        (
            "unknown-reference",
            "audits/item.yaml:10:33",
            'the caller was asked again for "serial-numbr", which is not something the journey '
            'laptop-will-not-charge captures, needs or carries (did you mean "serial-number"?): use the item\'s id '
            "as the journey's steps write it under `capture`",
        ),
    ]


# --- the playbook as it was on the day of the call -------------------------------------------


def git(folder: Path, *args: str, day: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )


def heard_log(day: str, words: str) -> str:
    return CLEAN_LOG.replace("date: 2026-05-04", f"date: {day}").replace("30 Days", words).replace("30d", words)


def test_an_answer_changed_in_git_still_counts_for_the_calls_made_before_the_change(tmp_path: Path) -> None:
    source = playbook(tmp_path, {})
    git(source, "init", "-q")
    git(source, "add", ".")
    git(source, "commit", "-qm", "30 days", day="2026-01-10")
    policy = source / "policies/returns.yaml"
    policy.write_text(policy.read_text().replace("30 days", "45 days"))
    git(source, "commit", "-qam", "45 days from March", day="2026-03-01")
    for day, words in (("2026-02-01", "30 days"), ("2026-02-02", "45 days"), ("2026-04-01", "30 days")):
        (source / "audits").mkdir(exist_ok=True)
        (source / f"audits/{day}.yaml").write_text(heard_log(day, words))
    (source / "audits/2026-04-02.yaml").write_text(heard_log("2026-04-02", "45 days"))
    findings = [f for f in run_audit(source, today=FIXED_TODAY).findings if f.rule == "audit-wrong-answer"]
    assert [(str(f.location), f.message.split(" (")[0]) for f in findings] == [
        (
            "audits/2026-02-02.yaml:9:7",
            'Customer Care told the caller "45 days" for refund-window, but the playbook\'s answer was "30 days"',
        ),
        (
            "audits/2026-02-02.yaml:17:7",
            'Hardware Support told the caller "45 days" for refund-window, but the playbook\'s answer was "30 days"',
        ),
        (
            "audits/2026-04-01.yaml:9:7",
            'Customer Care told the caller "30 days" for refund-window, but the playbook\'s answer was "45 days"',
        ),
        (
            "audits/2026-04-01.yaml:17:7",
            'Hardware Support told the caller "30 days" for refund-window, but the playbook\'s answer was "45 days"',
        ),
    ]
    assert str(findings[0].related[0].location) == "policies/returns.yaml:9:19"  # the answer as it was then
    without_git = run_audit(source, today=FIXED_TODAY, use_git=False).findings
    assert {f.location.file for f in without_git if f.rule == "audit-wrong-answer"} == {
        "audits/2026-02-01.yaml",
        "audits/2026-04-01.yaml",
    }  # today's file only: every call is judged by "45 days"


# --- the command line ------------------------------------------------------------------------


def test_audit_exits_1_on_errors_and_severities_come_from_the_settings(tmp_path: Path, cli) -> None:
    wrong = heard_log("2026-05-04", "60 days")
    source = playbook(tmp_path, {"audits/a.yaml": wrong})
    result = cli("audit", str(source))
    assert result.exit_code == 1
    assert "a.yaml:9:7: error audit-wrong-answer Customer Care told the caller" in result.output
    assert result.output.strip().endswith("2 errors, 0 warnings in 1 file")
    (source / "journeybook.yaml").write_text("rules:\n  audit-wrong-answer: warning\n")
    assert cli("audit", str(source)).exit_code == 0
    assert cli("audit", str(source), "--strict").exit_code == 1
    as_json = cli("audit", "--format", "json", str(source))
    assert [f["rule"] for f in yaml.safe_load(as_json.output)] == ["audit-wrong-answer"] * 2
    sarif = yaml.safe_load(cli("audit", str(source), "--format", "sarif").output)
    assert {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]} >= {"audit-wrong-answer"}
    github = cli("audit", str(source), "--format", "github").output
    assert github.startswith("::warning file=") and "title=audit-wrong-answer::" in github


def test_audit_without_call_logs_says_how_to_start(tmp_path: Path, cli) -> None:
    result = cli("audit", str(playbook(tmp_path, {})))
    assert result.exit_code == 0 and "No call logs under" in result.output and "audit kit JOURNEY" in result.output


def test_the_call_kit_prints_the_script_and_writes_a_blank_log_that_checks_clean(tmp_path: Path, cli) -> None:
    source = playbook(tmp_path, {})
    result = cli("audit", "kit", "laptop-will-not-charge", "--source", str(source))
    assert result.exit_code == 0, result.output
    assert "Ask, in this order:\n  1. How long do I have to return a product? [refund-window]" in result.output
    assert '    - Customer Care: "30 days" (for everyone)\n      say: You can return it within 30 days' in result.output
    assert "Expected departments: Customer Care → Hardware Support → Customer Care" in result.output
    assert "At most 2 handoffs between departments." in result.output
    assert "Once given, never asked for again: serial number, order number" in result.output
    assert 'Solved means (Customer Care confirms): "The customer says the laptop charges."' in result.output
    written = source / "audits/2026-06-01-laptop-will-not-charge.yaml"
    assert f"Wrote a blank call log to {written.as_posix()}" in result.output
    assert "      refund-window:\n" in written.read_text()
    cli("audit", "kit", "laptop-will-not-charge", "--source", str(source))
    assert (source / "audits/2026-06-01-laptop-will-not-charge-2.yaml").exists()  # never over a log
    assert [f for f in run_check(source, today=FIXED_TODAY).findings if f.rule != "no-recovery"] == []
    assert run_audit(source, today=FIXED_TODAY).findings == []
    missing = cli("audit", "kit", "laptop-wont-charge", "--source", str(source))
    assert missing.exit_code == 2 and 'did you mean "laptop-will-not-charge"?' in missing.output


# --- CSV import --------------------------------------------------------------------------------

CSV = "".join(
    [
        "journey,date,caller,channel,segment,department,heard,asked_again,knowledgeable,"
        "defined_problem,offered_solution,treated,solved,closed_without_confirmation,satisfied\n",
        'laptop-will-not-charge,2026-05-04,"Dana, quality lead",phone,consumer,customer-care,'
        "refund-window: 30 days,,yes,yes,no,4,,,\n",
        'laptop-will-not-charge,2026-05-04,"Dana, quality lead",phone,consumer,hardware-support,'
        "refund-window: 60 days,serial-number,no,no,no,2,no,yes,1\n",
        "laptop-will-not-charge,2026-05-10,Sam,chat,consumer,customer-care,refund-window: 30 days,,"
        "Yes,yes,yes,5,yes,no,5\n",
    ]
)


def test_a_csv_of_contacts_becomes_one_call_log_per_call(tmp_path: Path, cli) -> None:
    source = playbook(tmp_path, {})
    (tmp_path / "calls.csv").write_text(CSV)
    result = cli("audit", "import", str(tmp_path / "calls.csv"), "--source", str(source))
    assert result.exit_code == 0, result.output
    assert "Imported 2 calls" in result.output
    assert (source / "audits/2026-05-04-laptop-will-not-charge.yaml").read_text() == textwrap.dedent("""\
        # Imported from calls.csv, row 2.
        journey: laptop-will-not-charge
        date: 2026-05-04
        caller: "Dana, quality lead"
        channel: phone
        segment: consumer
        contacts:
          - department: customer-care
            heard:
              refund-window: "30 days"
            knowledgeable: yes
            defined_problem: yes
            offered_solution: no
            treated: 4
          - department: hardware-support
            heard:
              refund-window: "60 days"
            asked_again: [serial-number]
            knowledgeable: no
            defined_problem: no
            offered_solution: no
            treated: 2
        outcome:
          solved: no
          closed_without_confirmation: yes
          satisfied: 1
        """)
    assert [f for f in run_check(source, today=FIXED_TODAY).findings if f.rule != "no-recovery"] == []
    rules = [f.rule for f in run_audit(source, today=FIXED_TODAY).findings]
    assert rules == ["audit-mixed-messages", "audit-wrong-answer", "audit-repeated", "audit-not-confirmed"]


def test_a_bad_csv_names_each_cell_and_imports_nothing(tmp_path: Path, cli) -> None:
    source = playbook(tmp_path, {})
    bad = CSV.replace(",2026-05-10,", ",2026-13-10,").replace("no,no,no,2,", "no,no,no,9,")
    bad = bad.replace("consumer,customer-care,refund-window: 30 days,,Yes", "consumer,,refund-window 30 days,,Yes")
    (tmp_path / "calls.csv").write_text(bad)
    result = cli("audit", "import", str(tmp_path / "calls.csv"), "--source", str(source))
    assert result.exit_code == 1
    where = (tmp_path / "calls.csv").as_posix()
    assert result.output.splitlines() == [
        f'{where}:3:12: schema "9" is not a whole number from 1 to 5',
        f"{where}:4:6: schema `department` is empty: every row needs journey, date and department",
        f'{where}:4:2: schema "2026-13-10" is not a real calendar date: check the year, month and day (YYYY-MM-DD, '
        "e.g. 2027-02-28)",
        f'{where}:4:7: schema "refund-window 30 days" is not `question-id: the words heard`; separate several with `;`',
        f"Nothing imported: 4 problems in {where}.",
    ]
    assert not (source / "audits").exists()


def test_an_audit_finding_can_be_accepted_on_its_journey_with_a_reason(tmp_path: Path, cli) -> None:
    repeated = CLEAN_LOG.replace("asked_again: []", "asked_again: [serial-number]")
    journey = PLAYBOOK["journeys/charge.yaml"] + "suppress:\n  audit-repeated: Support re-reads the serial number.\n"
    source = playbook(tmp_path, {"audits/a.yaml": repeated}, {"journeys/charge.yaml": journey})
    [finding] = run_audit(source, today=FIXED_TODAY).findings
    assert (finding.rule, finding.suppressed) == ("audit-repeated", "Support re-reads the serial number.")
    assert [f for f in run_check(source, today=FIXED_TODAY).findings if f.rule == "schema"] == []
    assert cli("audit", str(source), "--strict").exit_code == 0


def test_audit_of_a_missing_folder_is_a_usage_error(tmp_path: Path, cli) -> None:
    result = cli("audit", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and "does not exist (give it as `journeybook audit FOLDER`)" in result.output
