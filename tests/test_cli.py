"""The command line: exit codes, --output, schema, build and serve wiring, and no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from journeybook import __version__
from journeybook.cli import SCHEMA_KINDS, main
from journeybook.model import FILE_KINDS
from journeybook.report import REPORTERS
from journeybook.rules import RULES
from test_reports import CLEAN, ERROR, WARNING


@pytest.fixture
def cli(tmp_path: Path, monkeypatch):
    """Run `journeybook ARGS` in tmp_path with today pinned; returns click's Result."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JOURNEYBOOK_TODAY", "2026-06-01")
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


# --- check: exit codes ----------------------------------------------------------------------


def test_clean_playbook_exits_0(cli, playbook_dir) -> None:
    playbook_dir(CLEAN)
    result = cli("check", "playbook")
    assert result.exit_code == 0, result.output
    assert "No problems in 5 files." in result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 errors, 0 warnings in 5 files")


def test_errors_exit_1(cli, playbook_dir) -> None:
    playbook_dir(ERROR)
    result = cli("check", "playbook")
    assert result.exit_code == 1
    assert "playbook/journeys/return.yaml:15:5: error schema unknown field" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour


def test_warnings_fail_only_with_strict(cli, playbook_dir) -> None:
    playbook_dir(WARNING)
    relaxed = cli("check", "playbook")
    assert relaxed.exit_code == 0, relaxed.output
    assert "playbook/journeys/return.yaml:14:18: warning missing-tool" in relaxed.stdout
    strict = cli("check", "playbook", "--strict")
    assert strict.exit_code == 1
    assert strict.stdout == relaxed.stdout


def test_source_defaults_to_playbooks(cli, playbook_dir, tmp_path: Path) -> None:
    playbook_dir(ERROR).rename(tmp_path / "playbooks")
    result = cli("check")
    assert result.exit_code == 1
    assert "playbooks/journeys/return.yaml:15:5: error schema" in result.stdout


def test_missing_folder_exits_2(cli) -> None:
    result = cli("check", "no-such-folder")
    assert result.exit_code == 2
    assert "no-such-folder does not exist" in result.stderr
    assert result.stdout == ""


def test_bad_settings_exit_2_with_clickable_positions(cli, playbook_dir) -> None:
    playbook_dir({**CLEAN, "journeybook.yaml": "shared_record: yes\nrules:\n  no-such-rule: off\n"})
    result = cli("check", "playbook")
    assert result.exit_code == 2
    assert "journeybook.yaml has 2 problems" in result.stderr
    assert "playbook/journeybook.yaml:1:16: schema" in result.stderr
    assert "playbook/journeybook.yaml:3:" in result.stderr and "no-such-rule" in result.stderr


def test_bad_format_exits_2(cli, playbook_dir) -> None:
    playbook_dir(CLEAN)
    result = cli("check", "playbook", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of" in result.stderr


def test_bad_today_exits_2(cli, playbook_dir, monkeypatch) -> None:
    playbook_dir(CLEAN)
    monkeypatch.setenv("JOURNEYBOOK_TODAY", "2026-02-30")
    assert cli("check", "playbook").exit_code == 2


def test_format_choices_come_from_the_registry() -> None:
    check = main.commands["check"]
    option = next(p for p in check.params if p.name == "format_")
    assert list(option.type.choices) == list(REPORTERS)


@pytest.mark.parametrize("format_", list(REPORTERS))
def test_every_format_runs_from_the_command_line(cli, playbook_dir, format_: str) -> None:
    playbook_dir(ERROR)
    result = cli("check", "playbook", "--format", format_)
    assert result.exit_code == 1
    if format_ in ("json", "sarif"):
        json.loads(result.stdout)  # nothing but the report on stdout


# --- check --output -------------------------------------------------------------------------


def test_output_writes_the_report_and_prints_only_the_summary(cli, playbook_dir, tmp_path: Path) -> None:
    playbook_dir(ERROR)
    result = cli("check", "playbook", "--format", "sarif", "--output", "out/report.sarif")
    assert result.exit_code == 2  # out/ does not exist
    assert "cannot write out/report.sarif" in result.stderr

    result = cli("check", "playbook", "--format", "sarif", "--output", "report.sarif")
    assert result.exit_code == 1
    assert result.stdout.startswith("1 error, 1 warning") and len(result.stdout.splitlines()) == 1
    log = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []  # no temporary left behind


def test_output_text_has_no_colour(cli, playbook_dir, tmp_path: Path) -> None:
    playbook_dir(ERROR)
    cli("check", "playbook", "-o", "report.txt")
    text = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert "\x1b" not in text and text.startswith("playbook/journeys/return.yaml\n")


def test_output_into_a_directory_is_a_usage_error(cli, playbook_dir, tmp_path: Path) -> None:
    playbook_dir(CLEAN)
    (tmp_path / "taken").mkdir()
    result = cli("check", "playbook", "--output", "taken")
    assert result.exit_code == 2


# --- schema ---------------------------------------------------------------------------------


class Yaml12Loader(yaml.SafeLoader):
    """Reads YAML the way yaml-language-server does (YAML 1.2: dates stay text)."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

JOURNEY = """\
id: laptop-will-not-charge
title: My laptop won't charge
problem: "My computer doesn't work."
owner: dana-lee
segments: [consumer]
targets:
  resolution: 5 days
  max_handoffs: 2
review_by: 2027-02-01
steps:
  - id: first-contact
    department: customer-care
    capture: [case-id]
    next:
      - step: confirm-fixed
        carry: [case-id]
      - confirm-fixed
  - id: confirm-fixed
    department: customer-care
    closes: true
    confirm: The customer says the laptop charges.
suppress:
  no-recovery: Nothing can go wrong.
"""


def test_schema_lists_the_kinds(cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    for kind in FILE_KINDS:
        assert kind in result.stdout


def test_schema_kinds_match_the_model() -> None:
    assert set(SCHEMA_KINDS) == set(FILE_KINDS)


@pytest.mark.parametrize("kind", list(SCHEMA_KINDS))
def test_schema_is_a_draft_07_schema(cli, kind: str) -> None:
    result = cli("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["title"] and schema["description"] and "$id" not in schema


def test_journey_schema_accepts_a_journey_and_rejects_a_misspelt_field(cli) -> None:
    validator = jsonschema.Draft7Validator(json.loads(cli("schema", "journey").stdout))
    document = yaml.load(JOURNEY, Loader=Yaml12Loader)
    assert list(validator.iter_errors(document)) == []
    misspelt = yaml.load(
        JOURNEY.replace("    department: customer-care\n    capture", "    departmnet: x\n    capture"),
        Loader=Yaml12Loader,
    )
    assert [e.message for e in validator.iter_errors(misspelt)] == [
        "Additional properties are not allowed ('departmnet' was unexpected)"
    ]


def test_example_playbook_validates_against_the_schemas(cli) -> None:
    """The shipped playbooks/ (when present) is what editors will check."""
    from journeybook.model import classify

    source = ROOT / "playbooks"
    if not source.is_dir():
        pytest.skip("no playbooks/ in this checkout")
    validators = {kind: jsonschema.Draft7Validator(json.loads(cli("schema", kind).stdout)) for kind in SCHEMA_KINDS}
    for path in sorted(source.rglob("*.yaml")):
        kind = classify(path.relative_to(source).as_posix())
        if kind:
            document = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
            errors = [e.message for e in validators[kind].iter_errors(document)]
            assert errors == [], path


def test_schema_output_dir_writes_every_kind(cli, tmp_path: Path) -> None:
    result = cli("schema", "--output-dir", "schemas")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(
        f"{kind}.schema.json" for kind in SCHEMA_KINDS
    )
    assert "yaml-language-server: $schema=" in result.stdout


def test_schema_help_shows_the_editor_line(cli) -> None:
    assert "# yaml-language-server: $schema=<path>/journey.schema.json" in cli("schema", "--help").stdout


def test_unknown_schema_kind_exits_2(cli) -> None:
    assert cli("schema", "journeys").exit_code == 2


# --- build and serve ------------------------------------------------------------------------


@pytest.fixture
def fake_site(monkeypatch):
    """journeybook.site's entry points replaced by recorders (site.py is the site engineer's)."""
    try:
        import journeybook.site as module
    except ImportError:
        module = types.ModuleType("journeybook.site")
        monkeypatch.setitem(sys.modules, "journeybook.site", module)
    calls: dict[str, tuple] = {}

    def build_site(result, site_dir, audience="staff", progress=lambda message: None, **options):
        calls["build"] = (result, site_dir, audience)
        calls["build_options"] = options  # keep_docs, engine
        progress("Rendering pages")
        return SimpleNamespace(site_dir=site_dir, pages=7, seconds=0.25)

    def serve(source, audience, host, port, echo, trust_config=False):
        calls["serve"] = (source, audience, host, port)
        echo("Serving")

    monkeypatch.setattr(module, "build_site", build_site, raising=False)
    monkeypatch.setattr(module, "serve", serve, raising=False)
    return calls


def test_build_publishes_a_clean_playbook(cli, playbook_dir, fake_site) -> None:
    playbook_dir(CLEAN)
    result = cli("build", "playbook", "--audience", "public")
    assert result.exit_code == 0, result.output
    check_result, site_dir, audience = fake_site["build"]
    assert (site_dir, audience) == (Path("site"), "public")
    assert check_result.playbook.journeys
    assert "No problems in 5 files." in result.stderr and "Rendering pages" in result.stderr
    assert (
        "To open it, run: python3 -m http.server --bind 127.0.0.1 -d site 8000, then open http://127.0.0.1:8000/ "
        "(or set `site: {offline: true}` to open it from disk)" in result.stdout
    )


def test_build_of_an_offline_site_says_it_opens_from_disk(cli, playbook_dir, fake_site) -> None:
    """Only an offline build works from file:// (Material's search needs its index served otherwise)."""
    playbook_dir({**CLEAN, "journeybook.yaml": "site:\n  offline: true\n"})
    result = cli("build", "playbook")
    assert result.exit_code == 0, result.output
    expected = "Open site/index.html straight from disk, or run: python3 -m http.server --bind 127.0.0.1 -d site 8000"
    assert expected in result.stdout


def test_build_refuses_errors(cli, playbook_dir, fake_site) -> None:
    playbook_dir(ERROR)
    result = cli("build", "playbook", "--site-dir", "out")
    assert result.exit_code == 1
    assert "build" not in fake_site
    assert "playbook/journeys/return.yaml:15:5: error schema" in result.stderr
    assert "Not publishing: 1 error must be fixed first" in result.stderr


def test_build_refuses_warnings_only_with_strict(cli, playbook_dir, fake_site) -> None:
    playbook_dir(WARNING)
    assert cli("build", "playbook").exit_code == 0
    fake_site.clear()
    result = cli("build", "playbook", "--strict")
    assert result.exit_code == 1 and "build" not in fake_site
    assert "Not publishing: 1 warning with --strict" in result.stderr


def test_serve_passes_its_options(cli, playbook_dir, fake_site) -> None:
    playbook_dir(CLEAN)
    result = cli("serve", "playbook", "--port", "8123")
    assert result.exit_code == 0
    assert fake_site["serve"] == (Path("playbook"), "staff", "127.0.0.1", 8123)
    assert "Serving" in result.stderr


def test_serve_missing_folder_exits_2(cli, fake_site) -> None:
    assert cli("serve", "nowhere").exit_code == 2
    assert "serve" not in fake_site


# --- the rest -------------------------------------------------------------------------------


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"journeybook {__version__}"


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks == [
        {
            "id": "journeybook-check",
            "name": "journeybook check",
            "description": hooks[0]["description"],
            "entry": "journeybook check",
            "language": "python",
            "pass_filenames": False,
            "files": r"\.ya?ml$",
        }
    ]


def test_example_workflow_runs_both_formats() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "journeybook check playbooks --format github" in runs
    assert "journeybook check playbooks --format sarif --output journeybook.sarif" in runs
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["if"] == "always()" and upload["with"]["sarif_file"] == "journeybook.sarif"


def test_example_workflow_comments_the_diff_and_fails_on_new_findings_with_full_history() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["uses"] == "actions/checkout@v4" and steps[0]["with"]["fetch-depth"] == 0
    runs = "\n".join(step.get("run", "") for step in steps)
    assert 'journeybook check playbooks --new-since "$BASE" --strict --format github' in runs
    assert 'journeybook diff "$BASE" HEAD --format markdown --output journeybook-diff.md' in runs
    comment = next(step for step in steps if step.get("uses", "").startswith("actions/github-script"))
    assert (
        "journeybook-diff.md" in comment["with"]["script"] and "<!-- journeybook-diff -->" in comment["with"]["script"]
    )
    assert workflow["permissions"]["pull-requests"] == "write"


def test_example_workflow_keeps_the_meaning_layers_vectors_between_runs() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    for job in ("check", "build"):
        steps = workflow["jobs"][job]["steps"]
        cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
        assert cache["with"]["path"] == "~/.cache/journeybook", job
        first = next(
            i
            for i, step in enumerate(steps)
            if "journeybook check" in step.get("run", "") or "journeybook build" in step.get("run", "")
        )
        assert steps.index(cache) < first, job


def run_module(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "generator"), "JOURNEYBOOK_TODAY": "2026-06-01"}
    return subprocess.run(
        [sys.executable, "-m", "journeybook", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_python_m_journeybook_without_tracebacks(playbook_dir, tmp_path: Path) -> None:
    playbook_dir(ERROR)
    checked = run_module("check", "playbook", cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr
    assert "playbook/journeys/return.yaml:15:5: error schema" in checked.stdout
    for args, code in (
        (("check", "missing"), 2),
        (("check", "playbook", "--output", "no/such/dir/x.json"), 2),
        (("check", "playbook", "--format", "nope"), 2),
    ):
        process = run_module(*args, cwd=tmp_path)
        assert process.returncode == code, (args, process.stderr)
        assert "Traceback" not in process.stderr and process.stderr.strip(), args


# --- rules: the README's table is the registry's ---------------------------------------------


def test_rules_lists_every_rule_with_its_default_severity(cli) -> None:
    result = cli("rules")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(RULES)  # one line per registered rule
    assert lines[0].split()[:2] == ["yaml-syntax", "error"]
    assert any(line.split()[:2] == ["no-recovery", "info"] for line in lines)


def test_readme_rule_table_is_the_generated_one(cli) -> None:
    """Editing a rule's summary without regenerating the README fails here: run `journeybook rules --markdown`."""
    generated = cli("rules", "--markdown").output.strip()
    assert generated.startswith("<!-- rules-table:begin")
    assert generated in (ROOT / "README.md").read_text(encoding="utf-8")
