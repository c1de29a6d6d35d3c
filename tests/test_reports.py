"""The reporters: each format's exact output on a small playbook, SARIF against its schema and GitHub's
extras, and workflow-command escaping against a hostile message."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CORPORA, FIXED_TODAY
from journeybook.check import run_check
from journeybook.findings import Finding, Location, Related, Severity, summarize
from journeybook.report import REPORTERS, Report, display_base, relocate
from journeybook.report import github as github_report
from journeybook.report import sarif as sarif_report
from journeybook.report.escape import visible
from journeybook.report.text import one_line
from journeybook.rules import RULES

SARIF_SCHEMA = CORPORA / "sarif-schema-2.1.0.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

ORG = """\
people:
  - id: dana-lee
    name: Dana Lee
    department: customer-care
  - id: lou-chen
    name: Lou Chen
    department: parts
departments:
  - id: customer-care
    name: Customer Care
    lead: dana-lee
    tools: [crm]
  - id: parts
    name: Parts
    lead: lou-chen
    tools: [warehouse]
tools:
  - id: crm
    name: Case management system
  - id: warehouse
    name: Warehouse system
channels: [phone, email]
"""

SEGMENTS = """\
segments:
  - id: consumer
    name: Consumer
"""

POLICY = """\
topic: returns
title: Returns and refunds
owner: dana-lee
questions:
  - id: refund-window
    ask: How long do I have to return a product for a refund?
    answers:
      - decision: 30 days
        say: You can return it within 30 days of delivery.
"""


def journey(tools: str = "[crm]", extra_step_line: str = "", suppress: str = "") -> str:
    """A journey that every rule accepts, but for what the arguments put in."""
    return f"""\
id: return-a-product
title: I want to return a product
problem: I want to send this back.
outcome: The customer has their money back.
owner: dana-lee
segments: [consumer]
channels: [phone]
steps:
  - id: first-contact
    title: Take the call
    department: customer-care
    say: [refund-window]
    capture: [order-number]
    tools: {tools}
{extra_step_line}    next:
      - step: refund
        carry: [order-number]
  - id: refund
    title: Refund and confirm
    department: customer-care
    needs: [order-number]
    closes: true
    confirm: The customer confirms the refund arrived.
recovery:
  - trigger: The refund is late
    owner: dana-lee
    do: [Call the customer the same day]
{suppress}"""


CLEAN = {
    "journeybook.yaml": "organization: Test Co\n",
    "org.yaml": ORG,
    "segments.yaml": SEGMENTS,
    "policies/returns.yaml": POLICY,
    "journeys/return.yaml": journey(),
}
# one warning (missing-tool), nothing else
WARNING = {**CLEAN, "journeys/return.yaml": journey(tools="[crm, warehouse]")}
# one error (schema: a misspelt field) and one warning (missing-tool), plus a suppressed missing-tool
ERROR = {
    **CLEAN,
    "journeys/return.yaml": journey(tools="[crm, warehouse]", extra_step_line="    tolls: [crm]\n"),
    "journeys/second.yaml": journey(
        tools="[warehouse]", suppress="suppress:\n  missing-tool: Customer Care borrows the warehouse login.\n"
    ).replace("id: return-a-product", "id: return-in-store", 1),
}
ASSERTED_RULES = {"schema", "missing-tool"}  # rules finished today; others may add findings of their own


@pytest.fixture
def report_of(playbook_dir, tmp_path: Path, monkeypatch):
    """Factory: files → Report as `journeybook check` builds it, run from tmp_path (so paths start `playbook/`),
    limited to the rules whose output is pinned here."""
    monkeypatch.chdir(tmp_path)

    def make(files: dict[str, str], color: bool = False) -> Report:
        folder = playbook_dir(files)
        result = run_check(folder, today=FIXED_TODAY)
        findings = [f for f in result.findings if f.rule in ASSERTED_RULES]
        return Report(relocate(findings, folder), summarize(findings, len(result.playbook.files)), RULES, color=color)

    return make


# --- text --------------------------------------------------------------------------------------


TEXT = """\
playbook/journeys/return.yaml
playbook/journeys/return.yaml:14:18: warning missing-tool step "first-contact" uses Warehouse system (warehouse), \
but Customer Care does not have it: add warehouse to the tools of customer-care in org.yaml, or give this work to a \
department that has it
    playbook/org.yaml:12:12: Customer Care's tools
playbook/journeys/return.yaml:15:5: error schema unknown field "tolls" in a step (did you mean "tools"?); known \
fields: id, title, department, do, say, capture, needs, tools, next, closes, confirm

1 error, 1 warning in 6 files (1 suppressed)
"""


def test_text_report_groups_per_file_and_omits_suppressed_findings(report_of) -> None:
    assert REPORTERS["text"](report_of(ERROR)) == TEXT


def test_text_report_without_findings(report_of) -> None:
    assert REPORTERS["text"](report_of(CLEAN)) == "No problems in 5 files.\n0 errors, 0 warnings in 5 files\n"


def test_text_report_colours_only_when_asked(report_of) -> None:
    coloured = REPORTERS["text"](report_of(ERROR, color=True))
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == TEXT


def test_text_report_keeps_hostile_text_on_one_line() -> None:
    finding = Finding("schema", "evil \x1b[2J\nnext\u202eline", Location("a.yaml", 2, 3), severity=Severity.ERROR)
    text = REPORTERS["text"](Report([finding], summarize([finding], 1)))
    assert text.splitlines()[1] == r"a.yaml:2:3: error schema evil \x1b[2J\nnext\u202eline"
    assert "\x1b" not in text and "\u202e" not in text
    assert one_line("a\tb") == "a b"


# --- json --------------------------------------------------------------------------------------


def test_json_report_is_a_stable_sorted_list(report_of) -> None:
    data = json.loads(REPORTERS["json"](report_of(ERROR)))
    assert data == [
        {
            "rule": "missing-tool",
            "severity": "warning",
            "message": 'step "first-contact" uses Warehouse system (warehouse), but Customer Care does not have it: '
            "add warehouse to the tools of customer-care in org.yaml, or give this work to a department that has it",
            "file": "playbook/journeys/return.yaml",
            "line": 14,
            "column": 18,
            "related": [{"file": "playbook/org.yaml", "line": 12, "column": 12, "message": "Customer Care's tools"}],
            "suppressed": None,
        },
        {
            "rule": "schema",
            "severity": "error",
            "message": 'unknown field "tolls" in a step (did you mean "tools"?); known fields: id, title, department, '
            "do, say, capture, needs, tools, next, closes, confirm",
            "file": "playbook/journeys/return.yaml",
            "line": 15,
            "column": 5,
            "related": [],
            "suppressed": None,
        },
        {
            "rule": "missing-tool",
            "severity": "warning",
            "message": 'step "first-contact" uses Warehouse system (warehouse), but Customer Care does not have it: '
            "add warehouse to the tools of customer-care in org.yaml, or give this work to a department that has it",
            "file": "playbook/journeys/second.yaml",
            "line": 14,
            "column": 13,
            "related": [{"file": "playbook/org.yaml", "line": 12, "column": 12, "message": "Customer Care's tools"}],
            "suppressed": "Customer Care borrows the warehouse login.",
        },
    ]


def test_json_report_text_layout(report_of) -> None:
    text = REPORTERS["json"](report_of(WARNING))
    assert text.startswith('[\n  {\n    "rule": "missing-tool",\n    "severity": "warning",\n')
    assert text.endswith("  }\n]\n")
    assert REPORTERS["json"](report_of(CLEAN)) == "[]\n"


# --- sarif -------------------------------------------------------------------------------------


def sarif(report: Report) -> dict:
    return json.loads(REPORTERS["sarif"](report))


def test_sarif_validates_against_the_schema(report_of) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    for files in (ERROR, CLEAN):
        jsonschema.Draft4Validator(schema).validate(sarif(report_of(files)))


def test_sarif_hostile_report_validates() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    finding = Finding("not-a-rule", "", Location("we ird/%x#.yaml", 0, 0), severity=Severity.INFO)
    log = sarif(Report([finding], summarize([finding], 1), RULES))
    jsonschema.Draft4Validator(schema).validate(log)
    result = log["runs"][0]["results"][0]
    assert log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "not-a-rule"
    location = result["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "we%20ird/%25x%23.yaml"},
        "region": {"startLine": 1, "startColumn": 1},
    }
    assert result["message"]["text"] and result["level"] == "note"


def test_sarif_meets_github_code_scanning_extras(report_of) -> None:
    log = sarif(report_of(ERROR))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "journeybook" and driver["version"] and driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in RULES]
    for descriptor, rule in zip(driver["rules"], RULES, strict=True):
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"] and descriptor["help"]["markdown"]
        expected = {"error": "error", "warning": "warning", "info": "note", "off": "none"}[rule.severity.label]
        assert descriptor["defaultConfiguration"]["level"] == expected
    missing_tool = next(d for d in driver["rules"] if d["id"] == "missing-tool")
    assert missing_tool["help"]["markdown"].startswith("Why:") and "```yaml" in missing_tool["help"]["markdown"]

    results = run["results"]
    assert len(results) == 3
    for result in results:
        assert result["ruleId"] and driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri.startswith("playbook/") and ":" not in uri
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        assert result["partialFingerprints"][sarif_report.FINGERPRINT_KEY]
    warning, error, suppressed = results
    assert (warning["level"], error["level"]) == ("warning", "error")
    assert warning["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "playbook/org.yaml"},
                "region": {"startLine": 12, "startColumn": 12},
            },
            "message": {"text": "Customer Care's tools"},
        }
    ]
    assert "suppressions" not in warning and "suppressions" not in error
    assert suppressed["suppressions"] == [
        {"kind": "external", "justification": "Customer Care borrows the warehouse login."}
    ]
    assert len({r["partialFingerprints"][sarif_report.FINGERPRINT_KEY] for r in results}) == 3


def test_sarif_fingerprints_survive_moved_lines(report_of, playbook_dir) -> None:
    before = sarif(report_of(ERROR))["runs"][0]["results"]
    moved = {**ERROR, "journeys/return.yaml": "# a comment\n# another\n" + ERROR["journeys/return.yaml"]}
    after = sarif(report_of(moved))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]
    assert after[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 16


def test_sarif_identical_findings_get_distinct_fingerprints() -> None:
    findings = [Finding("schema", "same", Location("a.yaml", line)) for line in (3, 9)]
    results = sarif(Report(findings, summarize(findings, 1), RULES))["runs"][0]["results"]
    assert len({json.dumps(r["partialFingerprints"]) for r in results}) == 2


# --- github ------------------------------------------------------------------------------------


def test_github_report(report_of) -> None:
    assert REPORTERS["github"](report_of(ERROR)) == (
        "::warning file=playbook/journeys/return.yaml,line=14,col=18,title=missing-tool::"
        'step "first-contact" uses Warehouse system (warehouse), but Customer Care does not have it: add warehouse '
        "to the tools of customer-care in org.yaml, or give this work to a department that has it"
        "%0Aplaybook/org.yaml:12:12: Customer Care's tools\n"
        "::error file=playbook/journeys/return.yaml,line=15,col=5,title=schema::"
        'unknown field "tolls" in a step (did you mean "tools"?); known fields: id, title, department, do, say, '
        "capture, needs, tools, next, closes, confirm\n"
        "1 error, 1 warning in 6 files (1 suppressed)\n"
    )


def test_github_report_levels() -> None:
    findings = [
        Finding("stale", "w", Location("a.yaml"), severity=Severity.WARNING),
        Finding("no-recovery", "i", Location("b.yaml"), severity=Severity.INFO),
    ]
    lines = REPORTERS["github"](Report(findings, summarize(findings, 2))).splitlines()
    assert lines == [
        "::warning file=a.yaml,line=1,col=1,title=stale::w",
        "::notice file=b.yaml,line=1,col=1,title=no-recovery::i",
        "0 errors, 1 warning, 1 info in 2 files",
    ]


def test_github_report_cannot_be_forged_by_a_hostile_message() -> None:
    hostile = "100% sure\r\n::error file=evil.yaml,line=1::forged, really: yes\n::stop-commands::x"
    finding = Finding(
        "schema",
        hostile,
        Location("dir,with:odd%name.yaml", 4, 2),
        related=(Related(Location("b.yaml", 1, 1), "also\n::error::forged"),),
        severity=Severity.ERROR,
    )
    lines = REPORTERS["github"](Report([finding], summarize([finding], 1))).splitlines()
    assert lines == [
        "::error file=dir%2Cwith%3Aodd%25name.yaml,line=4,col=2,title=schema::"
        "100%25 sure%0D%0A::error file=evil.yaml,line=1::forged, really: yes%0A::stop-commands::x"
        "%0Ab.yaml:1:1: also%0A::error::forged",
        "1 error, 0 warnings in 1 file",
    ]
    assert github_report.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"


def unescape(text: str) -> str:
    """What the Actions runner does to a command's message and properties."""
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


@given(message=st.text(), file=st.text(min_size=1))
def test_github_escaping_round_trips(message: str, file: str) -> None:
    finding = Finding("schema", message, Location(file, 2, 3), severity=Severity.WARNING)
    lines = REPORTERS["github"](Report([finding], summarize([finding], 1))).split("\n")
    assert len(lines) == 3 and lines[2] == ""  # one command, the summary, the final newline
    command, _, data = lines[0].partition("::")[2].partition("::")
    assert unescape(data) == visible(message)  # controls and bidi characters shown as escapes, the rest as written
    properties = dict(part.split("=", 1) for part in command.removeprefix("warning ").split(","))
    assert unescape(properties["file"]) == visible(file) and properties["title"] == "schema"


# --- paths and the registry --------------------------------------------------------------------


def test_paths_are_relative_to_the_current_directory_when_inside_it(tmp_path: Path) -> None:
    source = tmp_path / "repo" / "playbooks"
    source.mkdir(parents=True)
    finding = Finding("schema", "m", Location("journeys/x.yaml", 3, 5), related=(Related(Location("org.yaml"), "r"),))
    inside = relocate([finding], source, cwd=tmp_path / "repo")[0]
    assert str(inside.location) == "playbooks/journeys/x.yaml:3:5"
    assert inside.related[0].location.file == "playbooks/org.yaml"
    assert relocate([finding], source, cwd=source)[0].location.file == "journeys/x.yaml"
    outside = relocate([finding], source, cwd=tmp_path / "elsewhere")[0]
    assert outside.location.file == (source / "journeys" / "x.yaml").as_posix()
    assert str(display_base(Path("../given"), cwd=tmp_path)) == "../given"
    assert sarif_report.uri(outside.location.file).startswith("file:///")


def test_every_format_is_registered() -> None:
    assert set(REPORTERS) == {"text", "json", "sarif", "github"}
    for name, render in REPORTERS.items():
        assert render(Report([], summarize([], 0), RULES)).endswith("\n"), name
