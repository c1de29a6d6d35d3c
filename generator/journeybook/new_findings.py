"""`check --new-since REV`: keep only the findings a change introduces, matched across revisions by the
fingerprint SARIF uses (rule, file and message, not the line), so findings that merely moved stay old."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .check import CheckResult
from .report.sarif import fingerprints
from .revisions import load, locate, parse


def only_new(result: CheckResult, source: Path, since: str) -> CheckResult:
    """`result` without the findings the playbook at `since` has too (suppressed or not)."""
    repo, path = locate(source)
    old = load(parse(since, repo, path), result.context.today)
    known = set(fingerprints(old.findings))
    fresh = [f for f, print_ in zip(result.findings, fingerprints(result.findings), strict=True) if print_ not in known]
    return replace(result, findings=fresh)
