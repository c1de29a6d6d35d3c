"""Every rule against its fixture file: the exact findings (rule, file:line:col, message) of each case."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import FIXED_TODAY, write_tree
from journeybook.audits.run import run_audit
from journeybook.check import run_check
from journeybook.rules import RULES

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
BASE = FIXTURES / "_base"


def _cases():
    for path in sorted(FIXTURES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            yield pytest.param(path.stem, case, id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize(("rule_id", "case"), list(_cases()))
def test_rule_fixture(rule_id: str, case: dict, tmp_path: Path) -> None:
    folder = write_tree(tmp_path / "playbook", case["files"], None if case.get("no_base") else BASE)
    for name, target in case.get("links", {}).items():  # symbolic links, e.g. policies/z.yaml: /dev/zero
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).symlink_to(target)
    today = date.fromisoformat(str(case["today"])) if "today" in case else FIXED_TODAY
    run = run_audit if rule_id.startswith("audit-") else run_check  # audit rules run in `journeybook audit` only
    result = run(folder, today=today)
    found = [
        {"at": str(f.location), "message": f.message} | ({"suppressed": f.suppressed} if f.suppressed else {})
        for f in result.findings
        if f.rule == rule_id
    ]
    assert found == case["expect"], "\n".join(f"{f.location}: {f.rule} {f.message}" for f in result.findings)


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    for rule in RULES:
        path = FIXTURES / f"{rule.id}.yaml"
        assert path.exists(), f"{rule.id} has no fixture file"
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        assert any(c["expect"] for c in cases), f"{rule.id} has no failing case"
        assert any(not c["expect"] for c in cases), f"{rule.id} has no passing case"


def test_every_rule_is_documented_with_a_unique_well_formed_id() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.id == rule.id.lower() and " " not in rule.id
        assert rule.doc.startswith("Why:"), rule.id
        assert "Bad:" in rule.doc and "Good:" in rule.doc and "Fix:" in rule.doc, rule.id
        assert rule.summary and rule.fix, rule.id
