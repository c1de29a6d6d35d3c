"""Adversarial corpora against the loader and the real command line.

The official YAML test suite (402 cases) and the YAML pitfalls (each file held to what its MANIFEST.json
says). The full suite sweeps are `slow` (the CI command runs them); a smoke subset runs by default.
Each slow sweep prints one row of the corpus table; see them with
`python -m pytest tests/test_corpora.py -m "slow or not slow" -p no:xdist -s -q`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CORPORA, FIXED_TODAY, ROOT, write_tree
from journeybook import load
from journeybook.check import run_check
from journeybook.findings import Finding
from test_cli import run_module
from test_model import BASE, JOURNEY, check

SUITE = CORPORA / "yaml-test-suite"
PITFALLS = CORPORA / "yaml-pitfalls"

CASES = sorted(p.name for p in SUITE.iterdir() if p.is_dir()) if SUITE.is_dir() else []
INVALID = frozenset(case for case in CASES if (SUITE / case / "error").exists())
PARSERS = {"libyaml": "CSafeLoader", "pure": "SafeLoader"}
DEFAULT_PARSER = "libyaml" if hasattr(yaml, "CSafeLoader") else "pure"  # what load._Parser picks
BOTH = frozenset(PARSERS)

EXCEPTIONS: dict[str, tuple[frozenset[str], str]] = {
    "9C9N": (BOTH, "PyYAML accepts the items of a flow sequence on lines indented less than the key holding it"),
    "9JBA": (BOTH, "PyYAML accepts a comment right after the `]` of a flow sequence, with no space before `#`"),
    "CVW2": (BOTH, "PyYAML accepts a comment right after a `,` in a flow sequence, with no space before `#`"),
    "DK95-01": (BOTH, "PyYAML accepts a tab at the start of a continuation line of a double-quoted value"),
    "G5U8": (BOTH, 'PyYAML reads a lone `-` in a flow sequence (`[-, -]`) as the text "-"'),
    "MUS6-00": (frozenset({"libyaml"}), "libyaml accepts `#` right after the version of a `%YAML 1.1` directive"),
    "QB6E": (BOTH, "PyYAML accepts continuation lines of a double-quoted value indented less than its key"),
    "S98Z": (BOTH, "PyYAML accepts leading blank lines of a block scalar indented more than the line that ends it"),
    "SU5Z": (BOTH, 'PyYAML accepts a comment right after a closing `"`, with no space before `#`'),
    "X4QW": (frozenset({"libyaml"}), "libyaml accepts a comment right after `>`, with no space before `#`"),
    "Y79Y-003": (frozenset({"libyaml"}), "libyaml accepts a tab indenting an item inside a flow sequence"),
    "YJV2": (BOTH, 'PyYAML reads `[-]` as a list holding the text "-"'),
    "U99R": (
        frozenset({"pure"}),
        "pure-Python PyYAML reads `!!str,` as a tag with a comma in it; journeybook still refuses the tag (`schema`)",
    ),
}
"""Invalid YAML (an `error` case) that PyYAML's parser reads without complaint: case → (parsers, why).
journeybook then reports no `yaml-syntax` for it; what it read is what the author evidently meant."""

PLACES = ("org.yaml", "segments.yaml", "policies/case.yaml", "journeys/case.yaml")
"""A suite case is checked as every kind of playbook file at once, so every schema path meets it."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def accepted_by(parser: str) -> set[str]:
    return {case for case, (parsers, _) in EXCEPTIONS.items() if parser in parsers}


def use_parser(monkeypatch: pytest.MonkeyPatch, parser: str) -> None:
    if not hasattr(yaml, PARSERS[parser]):
        pytest.skip(f"PyYAML was built without {PARSERS[parser]}")
    monkeypatch.setattr(load, "_Parser", getattr(yaml, PARSERS[parser]))


def row(corpus: str, cases: int, findings: int, crashes: int, tracebacks: int, seconds: float) -> None:
    """One row of the corpus table, shown with `pytest -s`."""
    print(f"\n| {corpus} | {cases} | {findings} | {crashes} | {tracebacks} | {seconds:.1f} s |")


def check_case(case: str, folder: Path) -> dict[str, list[Finding]]:
    """Run the whole check on one suite case placed as every kind of file; its findings by file."""
    data = (SUITE / case / "in.yaml").read_bytes()
    for place in PLACES:
        (folder / place).parent.mkdir(parents=True, exist_ok=True)
        (folder / place).write_bytes(data)
    by_file: dict[str, list[Finding]] = {place: [] for place in PLACES}
    for finding in run_check(folder, today=FIXED_TODAY).findings:
        by_file.setdefault(finding.location.file, []).append(finding)
    return by_file


@dataclass
class Sweep:
    """What a sweep over suite cases saw. Everything but the counts must stay empty."""

    cases: int = 0
    findings: int = 0
    exceptions: list[str] = field(default_factory=list)  # "case: traceback"
    misplaced: list[str] = field(default_factory=list)  # findings outside their file's lines, or in no case file
    disagreeing: list[str] = field(default_factory=list)  # invalid cases reported in some placements only
    accepted: set[str] = field(default_factory=set)  # invalid cases with no yaml-syntax finding
    slowest: tuple[float, str] = (0.0, "")


def sweep_in_process(cases: list[str], tmp_path: Path) -> Sweep:
    sweep = Sweep(cases=len(cases))
    for case in cases:
        started = time.perf_counter()
        try:
            by_file = check_case(case, tmp_path / case)
        except Exception:  # noqa: BLE001 - collected so one run names every crash
            sweep.exceptions.append(f"{case}: {traceback.format_exc()}")
            continue
        sweep.slowest = max(sweep.slowest, (time.perf_counter() - started, case))
        lines = len(_LINE_BREAK.split((SUITE / case / "in.yaml").read_bytes().decode("utf-8", "replace")))
        for name, findings in by_file.items():
            sweep.findings += len(findings)
            sweep.misplaced += [
                f"{case}: {f.location} {f.rule}"
                for f in findings
                if name not in PLACES or not (1 <= f.location.line <= lines and f.location.column >= 1)
            ]
        if case in INVALID:
            reported = [any(f.rule == "yaml-syntax" for f in by_file[place]) for place in PLACES]
            if not any(reported):
                sweep.accepted.add(case)
            elif not all(reported):
                sweep.disagreeing.append(case)
    return sweep


def cli_json(folder: Path) -> tuple[subprocess.CompletedProcess, list[dict[str, Any]] | None]:
    """`python -m journeybook check FOLDER --format json` in a subprocess, so a crash cannot take pytest with it."""
    done = run_module("check", folder.name, "--format", "json", cwd=folder.parent)
    try:
        return done, json.loads(done.stdout)
    except ValueError:
        return done, None


def cli_failure(done: subprocess.CompletedProcess, findings: list | None) -> str | None:
    """Why a CLI run failed the corpus contract (exit 0 or 1, JSON on stdout, no traceback), or None."""
    if done.returncode not in (0, 1):
        how = f"killed by signal {-done.returncode}" if done.returncode < 0 else f"exit {done.returncode}"
        return f"{how}: {done.stderr[-1000:]}"
    if "Traceback" in done.stdout + done.stderr:
        return f"a traceback: {done.stderr[-1000:]}"
    if findings is None:
        return f"no JSON report: {done.stdout[:300]!r}"
    return None


def write_cases(folder: Path, cases: list[str]) -> Path:
    """Suite cases side by side in one playbook, as a question file and as a journey each."""
    for case in cases:
        data = (SUITE / case / "in.yaml").read_bytes()
        for kind in ("policies", "journeys"):
            (folder / kind).mkdir(parents=True, exist_ok=True)
            (folder / kind / f"{case}.yaml").write_bytes(data)
    return folder


def yaml_findings_by_case(findings: list[dict[str, Any]]) -> dict[tuple[str, str], list[tuple[str, int, int]]]:
    """(case, policies|journeys) → its yaml-* findings as (rule, line, column), from a JSON report."""
    found: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
    for finding in findings:
        path = Path(finding["file"])
        entry = found.setdefault((path.stem, path.parent.name), [])
        if finding["rule"].startswith("yaml-"):
            entry.append((finding["rule"], finding["line"], finding["column"]))
    return found


# --- the YAML test suite: a smoke subset by default ------------------------------------------------

SMOKE: dict[str, list[tuple[str, int, int]]] = {
    # invalid YAML: one yaml-syntax finding where the fix goes
    "236B": [("yaml-syntax", 3, 1)],  # a line that is neither field nor item
    "2CMS": [("yaml-syntax", 3, 10)],  # `: ` on a continuation line
    "4EJS": [("yaml-syntax", 3, 1)],  # tab indentation
    "4H7K": [("yaml-syntax", 2, 13)],  # an extra `]`
    "4HVU": [("yaml-syntax", 4, 3)],  # a list item out of line
    "55WF": [("yaml-syntax", 2, 2)],  # an unknown escape
    "5TRB": [("yaml-syntax", 3, 1)],  # `---` inside quoted text
    "5U3A": [("yaml-syntax", 1, 6)],  # `key: - a`
    "6JTT": [("yaml-syntax", 2, 1)],  # a `[` never closed
    "9MAG": [("yaml-syntax", 2, 3)],  # `[ , a`
    "EW3V": [("yaml-syntax", 2, 4)],  # a field indented under another
    "H7TQ": [("yaml-syntax", 1, 11)],  # a directive
    "JY7Z": [("yaml-syntax", 2, 17)],  # text after a closing quote
    "SF5V": [("yaml-syntax", 2, 1)],  # a second %YAML directive
    "ZCZ6": [("yaml-syntax", 1, 5)],  # `a: b: c: d`
    "SU5Z": [],  # invalid, but in EXCEPTIONS: PyYAML accepts it
    "G5U8": [],  # invalid, but in EXCEPTIONS
    # valid YAML: only what playbooks refuse by design
    "229Q": [],  # a list at the top: a schema finding, not a YAML one
    "7ZZ5": [],
    "565N": [],  # !!binary: refused as a tag (schema)
    "6ZKB": [("yaml-syntax", 2, 1)],  # several documents
    "26DV": [("yaml-alias", 2, 12), ("yaml-alias", 4, 12), ("yaml-alias", 5, 7)]
    + [("yaml-alias", 6, 3), ("yaml-alias", 8, 3), ("yaml-alias", 12, 3)],
    "UGM3": [("yaml-alias", 4, 10), ("yaml-alias", 14, 10)],
}


@pytest.mark.parametrize("parser", PARSERS)
def test_smoke_cases_of_the_yaml_test_suite(parser: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_parser(monkeypatch, parser)
    assert {case for case in SMOKE if case in INVALID and not SMOKE[case]} <= accepted_by(parser)
    for case, expected in SMOKE.items():
        by_file = check_case(case, tmp_path / case)
        for place in PLACES:
            found = [(f.rule, f.location.line, f.location.column) for f in by_file[place] if f.rule.startswith("yaml-")]
            assert found == expected, (case, place)


def test_smoke_cases_through_the_command_line(tmp_path: Path) -> None:
    done, findings = cli_json(write_cases(tmp_path / "smoke", list(SMOKE)))
    assert cli_failure(done, findings) is None
    assert done.returncode == 1
    found = yaml_findings_by_case(findings)
    expected = {(case, kind): rules for case, rules in SMOKE.items() for kind in ("policies", "journeys")}
    assert {key: found.get(key, []) for key in expected} == expected


# --- the YAML test suite: every case (slow) ------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("parser", PARSERS)
def test_every_suite_case_in_process(parser: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every case as every kind of file: findings or success, never an exception; invalid YAML is yaml-syntax."""
    use_parser(monkeypatch, parser)
    started = time.perf_counter()
    sweep = sweep_in_process(CASES, tmp_path)
    seconds = time.perf_counter() - started
    row(f"yaml-test-suite, in process, {parser}", sweep.cases, sweep.findings, 0, len(sweep.exceptions), seconds)
    print(f"  slowest case: {sweep.slowest[1]} {sweep.slowest[0] * 1000:.0f} ms")
    for case in sorted(accepted_by(parser)):
        print(
            f"  accepted though invalid: {case} ({(SUITE / case / 'name').read_text().strip()}): {EXCEPTIONS[case][1]}"
        )
    assert len(CASES) == 402 and len(INVALID) == 94
    assert sweep.exceptions == []
    assert sweep.misplaced == []
    assert sweep.disagreeing == []
    assert sweep.accepted == accepted_by(parser), "update EXCEPTIONS: the parser's behaviour changed"
    assert sweep.slowest[0] < 5, f"{sweep.slowest[1]} took {sweep.slowest[0]:.1f} s"  # "within a few seconds each"


@pytest.mark.slow
def test_every_suite_case_through_the_command_line(tmp_path: Path) -> None:
    """The real CLI in subprocesses, in batches: exit 0 or 1, never 2, a signal or a traceback."""
    batches = [CASES[start : start + 50] for start in range(0, len(CASES), 50)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda n: cli_json(write_cases(tmp_path / f"batch{n}", batches[n])), range(len(batches))))
    failures: list[str] = []
    found: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
    for batch, (done, findings) in zip(batches, runs, strict=True):
        problem = cli_failure(done, findings)
        if problem is None:
            found.update(yaml_findings_by_case(findings))
            continue
        failures.append(f"the batch {batch[0]}..{batch[-1]}: {problem}")
        for case in batch:  # name the case: one process each
            alone = cli_failure(*cli_json(write_cases(tmp_path / f"alone-{case}", [case])))
            if alone:
                failures.append(f"{case}: {alone}")
    total = sum(len(findings or []) for _, findings in runs)
    tracebacks = sum("Traceback" in done.stdout + done.stderr for done, _ in runs)
    row(
        "yaml-test-suite, CLI subprocesses", len(CASES), total, len(failures), tracebacks, time.perf_counter() - started
    )
    assert failures == []
    assert set(found) == {(case, kind) for case in CASES for kind in ("policies", "journeys")}
    syntax = {case for (case, _), rules in found.items() if any(rule == "yaml-syntax" for rule, _, _ in rules)}
    assert INVALID - syntax == accepted_by(DEFAULT_PARSER)
    unpositioned = [key for key, rules in found.items() if any(line < 1 or column < 1 for _, line, column in rules)]
    assert unpositioned == []


def test_the_exception_list_names_real_invalid_cases_with_reasons() -> None:
    """The list cannot rot quietly: the slow sweeps prove each entry is still accepted, this its shape."""
    assert set(EXCEPTIONS) <= INVALID
    for case, (parsers, reason) in EXCEPTIONS.items():
        assert parsers and parsers <= BOTH, case
        assert reason.startswith(("PyYAML", "libyaml", "pure-Python PyYAML")) and len(reason) > 40, case


@pytest.mark.parametrize("parser", PARSERS)
def test_each_listed_exception_is_really_accepted(parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast, so a PyYAML upgrade that starts refusing a listed case shows in the default run too."""
    use_parser(monkeypatch, parser)
    for case, (parsers, _) in EXCEPTIONS.items():
        _, findings = load.parse_bytes((SUITE / case / "in.yaml").read_bytes(), "case.yaml")
        refused = any(f.rule == "yaml-syntax" for f in findings)
        assert refused is (parser not in parsers), case


# --- the YAML pitfalls: each file as its MANIFEST.json says --------------------------------------------

DEEP = "the nesting is deeper than 64 levels"
TAG = "the tag {} is not allowed"
ANY = object()
"""A tree not compared here (its size is the point of the file; its findings say what matters)."""


@dataclass(frozen=True)
class Pitfall:
    """What the loader does with one pitfall file: its findings as (rule, line, column, words of the message),
    the tree it hands on (scalars as the text written, None for an empty value), and where that is required
    the position of every scalar in document order."""

    findings: tuple[tuple[str, int, int, str], ...] = ()
    tree: Any = None
    positions: list[list[int]] | None = None


def _billion_laughs() -> tuple[tuple[str, int, int, str], ...]:
    anchors = [("yaml-alias", n, 4, f"`&{chr(96 + n)}` is a YAML anchor") for n in range(1, 10)]
    aliases = [("yaml-alias", n, 8, f"`*{chr(95 + n)}` is a YAML alias") for n in range(2, 10)]
    return tuple(sorted(anchors + aliases))


PITFALL: dict[str, Pitfall] = {
    "01-duplicate-key.yaml": Pitfall(
        (("yaml-duplicate-key", 3, 1, 'the key "id" appears twice in this mapping (first at line 1)'),),
        {"id": "refund-journey", "title": "Refunds"},
    ),
    "02-duplicate-key-nested.yaml": Pitfall(
        (("yaml-duplicate-key", 4, 5, 'the key "owner" appears twice in this mapping (first at line 3)'),),
        {"steps": [{"name": "Verify", "owner": "billing"}]},
    ),
    # keys are text, so nothing collides after typing; a journey reports each as an unknown field (below)
    "03-duplicate-after-resolution.yaml": Pitfall((), {"yes": "first", "true": "second", "1": "a", "0x1": "b"}),
    "04-norway.yaml": Pitfall((), {"countries": ["GB", "NO", "SE"], "answer": "Yes", "enabled": "off", "short": "y"}),
    "05-sexagesimal.yaml": Pitfall((), {"sla": "1:30", "wait": "00:45", "hours": "24:00"}),
    "06-octal-leading-zero.yaml": Pitfall(
        (),
        {"phone_ext": "0123", "postcode": "01234", "store_no": "08", "store_no2": "07", "version": "1.10"}
        | {"zip_hex": "0x1F"},
    ),
    "07-dates.yaml": Pitfall(
        (), {"effective": "2024-01-05", "reviewed": "2024-01-05 10:00:00", "bad_date": "2024-02-30"}
    ),
    "07b-year-zero.yaml": Pitfall((), {"effective": "0000-01-01"}),
    "07c-bad-tz-offset.yaml": Pitfall((), {"reviewed": "2001-12-14t21:59:43.10-99:00"}),
    "08-null-like.yaml": Pitfall((), {"owner": "~", "deputy": "null", "backup": None, "name": "Null"}),
    "09-billion-laughs.yaml": Pitfall(
        _billion_laughs(), {"a": ["lol"] * 9, **{name: [None] * 9 for name in "bcdefghi"}}
    ),  # every alias is an empty value: nothing is ever expanded
    "10-deep-nesting-flow.yaml": Pitfall((("yaml-syntax", 1, 65, DEEP),)),
    "10b-deep-nesting-block.yaml": Pitfall((("yaml-syntax", 65, 65, DEEP),)),
    "11-deep-nesting-40k-flow.yaml": Pitfall((("yaml-syntax", 1, 65, DEEP),)),
    "11b-unclosed-flow-50k.yaml": Pitfall((("yaml-syntax", 1, 65, DEEP),)),
    "12-utf8-bom.yaml": Pitfall((), {"id": "café"}, [[1, 1], [1, 5]]),
    "13-utf16le-bom.yaml": Pitfall((("yaml-syntax", 1, 1, "the file is UTF-16; save it as UTF-8"),)),
    "14-latin1.yaml": Pitfall((("yaml-syntax", 1, 8, "the file is not valid UTF-8 at byte 7"),)),
    "15-tab-indent.yaml": Pitfall((("yaml-syntax", 2, 1, "a tab is used for indentation here"),)),
    "16-merge-key.yaml": Pitfall(
        (
            ("yaml-alias", 1, 7, "`&base` is a YAML anchor"),
            ("yaml-alias", 5, 7, "`*base` is a YAML alias"),
            ("schema", 5, 3, "merge keys (`<<`) are not supported: write the fields out"),
        ),
        {"base": {"owner": "billing", "sla": "2d"}, "journey": {"owner": "support"}},
    ),
    "17-python-tag.yaml": Pitfall(
        (("schema", 1, 4, TAG.format('"!!python/object/apply:os.system"')),), {"x": ["echo pwned"]}
    ),
    "17b-python-name.yaml": Pitfall((("schema", 1, 4, TAG.format('"!!python/name:os.system"')),), {"x": ""}),
    "18-empty.yaml": Pitfall((("schema", 1, 1, "the file is empty"),)),
    "18b-comments-only.yaml": Pitfall((("schema", 1, 1, "the file is empty"),)),
    # "top level must be a mapping" is the schema's to say: see the journeys below
    "19-top-level-list.yaml": Pitfall((), [{"id": "a"}, {"id": "b"}]),
    "19b-top-level-scalar.yaml": Pitfall((), "just some text"),
    "20-multi-doc.yaml": Pitfall((("yaml-syntax", 2, 1, "a playbook file holds one YAML document"),)),
    "21-long-key.yaml": Pitfall((("yaml-syntax", 1, 1101, "longer than YAML allows (1024 characters)"),)),
    "22-markdown-in-plain-scalar.yaml": Pitfall(
        (("yaml-alias", 1, 17, "text that starts with `*` or `&` is read as a YAML alias"),)
    ),
    "23-at-sign.yaml": Pitfall((("yaml-syntax", 1, 8, 'text cannot start with "@": put the whole value in quotes'),)),
    "24-comment-truncation.yaml": Pitfall(
        (("yaml-comment", 1, 17, '"#not on holidays" is read as a YAML comment, so this value is only "open 9-5"'),),
        {"hours": "open 9-5", "url": "https://x.example/#frag"},
    ),
    "25-colon-in-value.yaml": Pitfall((("yaml-syntax", 1, 26, "a second `: ` on this line"),)),
    "26-equals-value.yaml": Pitfall((), {"operator": "="}),
    "27-bad-timestamp-tag.yaml": Pitfall((("schema", 1, 7, TAG.format('"!!timestamp"')),), {"when": "2024-13-45"}),
    "28-bad-bool-tag.yaml": Pitfall((("schema", 1, 7, TAG.format('"!!bool"')),), {"flag": "maybe"}),
    "29-huge-int.yaml": Pitfall((), {"count": "9" * 5000}),
    "30-bidi-override.yaml": Pitfall((), {"title": "Refund \u202eredaolnwod\u202c policy", "id": "refund\u200b"}),
    "31-control-char.yaml": Pitfall(
        (("yaml-syntax", 1, 12, "the control character U+0007 is not allowed"),), {"title": "bell here"}
    ),
    "32-non-string-keys.yaml": Pitfall((("schema", 1, 3, "a field name must be plain text, not a list"),), {}),
    "33-null-key.yaml": Pitfall((), {"~": "x", "name": "y"}),
    "34-binary-set-omap.yaml": Pitfall(
        (
            ("schema", 1, 7, TAG.format('"!!binary"')),
            ("schema", 2, 7, TAG.format('"!!set"')),
            ("schema", 3, 10, TAG.format('"!!omap"')),
        ),
        {"blob": "aGVsbG8=", "tags": {"a": None, "b": None}, "ordered": [{"a": "1"}, {"b": "2"}]},
    ),
    "35-crlf.yaml": Pitfall((), {"id": "a", "title": "b"}, [[1, 1], [1, 5], [2, 1], [2, 8]]),
    "36-nbsp-indent.yaml": Pitfall((("yaml-syntax", 2, 1, "indented with a non-breaking space"),)),
    "37-inf-nan.yaml": Pitfall((), {"price": ".inf", "rate": ".NaN"}),
    "38-key-case-dup.yaml": Pitfall((), {"Title": "A", "title": "B"}),
    "39a-int-tag-bad.yaml": Pitfall((("schema", 1, 8, TAG.format('"!!int"')),), {"count": "abc"}),
    "39b-timestamp-tag-bad.yaml": Pitfall((("schema", 1, 7, TAG.format('"!!timestamp"')),), {"when": "abc"}),
    "39c-int-tag-empty.yaml": Pitfall((("schema", 1, 8, TAG.format('"!!int"')),), {"count": ""}),
    "39d-binary-garbage.yaml": Pitfall((("schema", 1, 7, TAG.format('"!!binary"')),), {"blob": "###"}),
}

# Loads every pitfall file in a fresh interpreter and prints one JSON line per file as it goes, so a crash
# (libyaml's own composer segfaults on 11-*) fails the tests and the last line names the file after which it died.
_LOAD_EVERY_PITFALL = """
import json, sys, yaml
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from journeybook import load
load._Parser = getattr(yaml, sys.argv[2])
def tree(node, positions):
    if node is None:
        return None
    if isinstance(node, load.Scalar):
        positions.append([node.line, node.column])
        return None if node.null else node.value
    if isinstance(node, load.Sequence):
        return [tree(item, positions) for item in node.items]
    mapping = {}
    for key, (key_node, value) in node.pairs.items():
        tree(key_node, positions)
        mapping[key] = tree(value, positions)
    return mapping
for path in sorted(Path(sys.argv[3]).glob("*.yaml")):
    file = load.load_file(path, path.name)
    positions = []
    found = [[f.rule, f.location.line, f.location.column, f.message] for f in file.findings]
    print(json.dumps({"name": path.name, "findings": found, "tree": tree(file.root, positions),
                      "positions": positions}), flush=True)
"""


@pytest.fixture(scope="module", params=list(PARSERS))
def pitfalls_loaded(request: pytest.FixtureRequest) -> dict[str, dict[str, Any]]:
    """Every pitfall file through load_file, with libyaml and with the pure-Python parser, in a subprocess."""
    parser = PARSERS[request.param]
    if not hasattr(yaml, parser):
        pytest.skip(f"PyYAML was built without {parser}")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _LOAD_EVERY_PITFALL, str(ROOT / "generator"), parser, str(PITFALLS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    results = {entry["name"]: entry for entry in map(json.loads, done.stdout.splitlines())}
    findings = sum(len(entry["findings"]) for entry in results.values())
    died, tracebacks = int(done.returncode != 0), int("Traceback" in done.stderr)
    row(
        f"yaml-pitfalls, load_file, {request.param}",
        len(results),
        findings,
        died,
        tracebacks,
        time.perf_counter() - started,
    )
    last = max(results, default="the first file")
    assert done.returncode == 0, f"the loader died after {last} (exit {done.returncode}): {done.stderr[-2000:]}"
    return results


def test_every_pitfall_file_has_a_manifest_entry_and_an_expectation() -> None:
    manifest = json.loads((PITFALLS / "MANIFEST.json").read_text(encoding="utf-8"))
    assert set(manifest) == {path.name for path in PITFALLS.glob("*.yaml")} == set(PITFALL)


@pytest.mark.parametrize("name", sorted(PITFALL))
def test_pitfall_behaves_as_its_manifest_says(name: str, pitfalls_loaded: dict[str, dict[str, Any]]) -> None:
    expected, loaded = PITFALL[name], pitfalls_loaded[name]
    found = loaded["findings"]
    assert [tuple(f[:3]) for f in found] == [f[:3] for f in expected.findings]
    for (_, _, _, message), (_, _, _, words) in zip(found, expected.findings, strict=True):
        assert words in message
    if expected.tree is not ANY:
        assert loaded["tree"] == expected.tree
    if expected.positions is not None:
        assert loaded["positions"] == expected.positions


# What the manifest asks of the schema, seen when each pitfall file is a journey: (rule, line, column, message).
PITFALL_AS_JOURNEY = {
    "03-duplicate-after-resolution.yaml": [
        ("schema", line, 1, f'unknown field "{key}" in a journey')
        for line, key in enumerate(("yes", "true", "1", "0x1"), 1)
    ],
    "08-null-like.yaml": [("schema", 1, 8, '"~" is not valid as a person id')],
    "19-top-level-list.yaml": [
        ("schema", 1, 1, "expected a journey here, written as `field: value` lines, but found a list")
    ],
    "19b-top-level-scalar.yaml": [
        ("schema", 1, 1, "expected a journey here, written as `field: value` lines, but found text")
    ],
    "30-bidi-override.yaml": [
        ("schema", 1, 8, "this text contains invisible bidirectional control characters"),
        ("schema", 2, 5, '"refund\\u200b" is not valid as an id'),
    ],
    "33-null-key.yaml": [("schema", 1, 1, 'unknown field "~" in a journey')],
    "38-key-case-dup.yaml": [("schema", 1, 1, 'unknown field "Title" in a journey (did you mean "title"?)')],
}


def test_every_pitfall_as_a_journey_through_the_command_line(tmp_path: Path) -> None:
    """All 49 files in one playbook, one real `journeybook check` process (libyaml when built in): each loader
    finding arrives at its file:line:column, the schema says what the manifest asks of it, nothing crashes."""
    folder = write_tree(tmp_path / "playbook", {}, BASE)
    (folder / "journeys").mkdir()
    for path in PITFALLS.glob("*.yaml"):
        (folder / "journeys" / path.name).write_bytes(path.read_bytes())
    started = time.perf_counter()
    done, findings = cli_json(folder)
    seconds, tracebacks = time.perf_counter() - started, int("Traceback" in done.stdout + done.stderr)
    row("yaml-pitfalls, CLI", len(PITFALL), len(findings or []), int(done.returncode < 0), tracebacks, seconds)
    assert cli_failure(done, findings) is None
    assert done.returncode == 1
    by_file: dict[str, list[tuple[str, int, int, str]]] = {}
    for f in findings:
        by_file.setdefault(Path(f["file"]).name, []).append((f["rule"], f["line"], f["column"], f["message"]))
    assert set(by_file) == set(PITFALL)  # every pitfall file, even 26-equals-value.yaml, is no journey

    def has(name: str, rule: str, line: int, column: int, words: str) -> bool:
        return any(found[:3] == (rule, line, column) and words in found[3] for found in by_file[name])

    missing = [
        (name, *expected)
        for name, pitfall in PITFALL.items()
        for expected in [*pitfall.findings, *PITFALL_AS_JOURNEY.get(name, [])]
        if not has(name, *expected)
    ]
    assert missing == []


# Pitfall values in the fields that give them a type: (file, key, where the value goes, rule, line, column,
# message). The value is written exactly as in the pitfall file.
TYPED = [
    ("07-dates.yaml", "reviewed", "review_by", "schema", 4, 12, '"{}" is not a date: write it as YYYY-MM-DD'),
    ("07-dates.yaml", "bad_date", "review_by", "schema", 4, 12, '"{}" is not a real calendar date'),
    ("07b-year-zero.yaml", "effective", "review_by", "schema", 4, 12, '"{}" is not a real calendar date'),
    ("07c-bad-tz-offset.yaml", "reviewed", "review_by", "schema", 4, 12, '"{}" is not a date'),
    ("29-huge-int.yaml", "count", "max_handoffs", "schema", 5, 17, '"{}" is not a whole number from 0 to 100'),
    ("05-sexagesimal.yaml", "sla", "resolution", "schema", 5, 15, '"{}" is not a duration'),
    ("04-norway.yaml", "answer", "closes", "schema", 11, 13, '"{}" is not true or false: write `true`'),
    ("04-norway.yaml", "enabled", "closes", "schema", 11, 13, '"{}" is not true or false: write `false`'),
    ("08-null-like.yaml", "owner", "owner", "schema", 3, 8, '"{}" is not valid as a person id'),
    ("08-null-like.yaml", "deputy", "owner", "unknown-reference", 3, 8, 'is owned by "{}", which is not a person'),
    ("08-null-like.yaml", "backup", "owner", "owner-missing", 3, 1, "has no owner: fill in `owner:`"),
    ("37-inf-nan.yaml", "price", "lifetime_value", "schema", 4, 21, '"{}" is not a number from 0 to 1e+15'),
    ("37-inf-nan.yaml", "rate", "lifetime_value", "schema", 4, 21, '"{}" is not a number from 0 to 1e+15'),
]
_SLOTS = {
    "review_by": ("journeys/charge.yaml", JOURNEY.replace("steps:", "review_by: {}\nsteps:")),
    "max_handoffs": ("journeys/charge.yaml", JOURNEY.replace("steps:", "targets:\n  max_handoffs: {}\nsteps:")),
    "resolution": ("journeys/charge.yaml", JOURNEY.replace("steps:", "targets:\n  resolution: {}\nsteps:")),
    "closes": ("journeys/charge.yaml", JOURNEY.replace("closes: true", "closes: {}")),
    "owner": ("journeys/charge.yaml", JOURNEY.replace("owner: dana-lee\nsteps:", "owner: {}\nsteps:")),
    "lifetime_value": ("segments.yaml", "segments:\n  - id: consumer\n    name: Consumer\n    lifetime_value: {}\n"),
}


@pytest.mark.parametrize(("name", "key", "slot", "rule", "line", "column", "message"), TYPED)
def test_pitfall_values_in_typed_fields_are_clean_errors(
    tmp_path: Path, name: str, key: str, slot: str, rule: str, line: int, column: int, message: str
) -> None:
    """The manifest's "clean validation error, not a traceback": the value as written, in a field with a type."""
    written = written_in(name, key)
    file, template = _SLOTS[slot]
    result = check(tmp_path, {file: template.replace("{}", written)})
    found = [f for f in result.findings if f.rule == rule and f.location.file == file]
    assert [(f.location.line, f.location.column) for f in found] == [(line, column)]
    assert message.format(written) in found[0].message


def test_a_real_pitfall_date_converts_in_a_date_field(tmp_path: Path) -> None:
    file, template = _SLOTS["review_by"]
    result = check(tmp_path, {file: template.replace("{}", written_in("07-dates.yaml", "effective"))})
    assert [f for f in result.findings if f.rule == "schema"] == []
    assert result.playbook.journeys["laptop-will-not-charge"].review_by == date(2024, 1, 5)


def written_in(name: str, key: str) -> str:
    """A top-level value of a pitfall file exactly as written (no YAML reading between the file and the test)."""
    source = (PITFALLS / name).read_text(encoding="utf-8")
    return re.search(rf"^{re.escape(key)}:[ ]?(.*)$", source, re.MULTILINE).group(1)
