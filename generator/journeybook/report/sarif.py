"""The SARIF 2.1.0 report (`--format sarif`) for GitHub code scanning and other SARIF viewers.

Beyond the schema, GitHub needs: every rule described (short and full description, help), a
`ruleId` on each result, a repository-relative `uri` with `region.startLine` and `startColumn`, and
`partialFingerprints` so an alert keeps its identity when lines move. Our fingerprint hashes the
rule id, the file and the message (not the position), plus an occurrence number for identical ones.
Suppressed findings are listed with `suppressions` carrying the `suppress:` reason.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..findings import Finding, Location, Severity
from .escape import json_text

if TYPE_CHECKING:
    from ..rules.base import Rule
    from . import Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/journeybook/"
FINGERPRINT_KEY = "journeybookFindingHash/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note", Severity.OFF: "none"}


def uri(file: str) -> str:
    """A repository-relative URI reference for a relative path; a file: URI for an absolute one."""
    if os.path.isabs(file):
        return "file://" + quote(PurePath(file).as_posix(), safe="/", errors="surrogateescape")
    return quote(PurePath(file).as_posix(), safe="/", errors="surrogateescape")  # a non-UTF-8 name: its bytes


def physical_location(location: Location) -> dict[str, Any]:
    return {
        "artifactLocation": {"uri": uri(location.file)},
        "region": {"startLine": max(1, location.line), "startColumn": max(1, location.column)},
    }


def rule_name(rule_id: str) -> str:
    """SARIF's readable rule name: `missing-tool` → `MissingTool`."""
    return "".join(part.capitalize() for part in rule_id.split("-"))


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    summary = rule.summary.strip() or rule.id
    doc = rule.doc.strip() or summary
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rule.why.strip() or summary},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _unknown_rule_descriptor(rule_id: str) -> dict[str, Any]:
    text = f"journeybook rule {rule_id}"
    return {
        "id": rule_id,
        "name": rule_name(rule_id),
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": text},
        "defaultConfiguration": {"level": "error"},
    }


def fingerprint(finding: Finding, occurrence: int) -> str:
    """Stable across edits that only move lines: rule id, file and message (and the how-manieth identical one)."""
    key = "\0".join((finding.rule, finding.location.file, finding.message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """The fingerprint of each finding, in the order given: the occurrence number counts identical findings
    in file-and-line order, so the same findings give the same fingerprints however they were listed.
    `check --new-since` matches findings across revisions with these, as code scanning does."""
    occurrences: dict[int, int] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for index in sorted(range(len(findings)), key=lambda i: findings[i].sort_key):
        finding = findings[index]
        key = (finding.rule, finding.location.file, finding.message)
        seen[key] = seen.get(key, 0) + 1
        occurrences[index] = seen[key]
    return [fingerprint(finding, occurrences[index]) for index, finding in enumerate(findings)]


def result(finding: Finding, rule_index: int, fingerprint_: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message or finding.rule},
        "locations": [{"physicalLocation": physical_location(finding.location)}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint_},
    }
    if finding.related:
        entry["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": physical_location(related.location),
                "message": {"text": related.message},
            }
            for number, related in enumerate(finding.related, start=1)
        ]
    if finding.suppressed is not None:
        entry["suppressions"] = [{"kind": "external", "justification": finding.suppressed}]
    return entry


def build(report: Report) -> dict[str, Any]:
    """The SARIF log as a dictionary (render() serialises it)."""
    rules = [rule_descriptor(rule) for rule in report.rules]
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    results = []
    findings = sorted(report.findings, key=lambda f: f.sort_key)
    for finding, print_ in zip(findings, fingerprints(findings), strict=True):
        if finding.rule not in index:
            index[finding.rule] = len(rules)
            rules.append(_unknown_rule_descriptor(finding.rule))
        results.append(result(finding, index[finding.rule], print_))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "journeybook",
                        "version": report.version,
                        "semanticVersion": report.version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Report) -> str:
    return json_text(json.dumps(build(report), indent=2, ensure_ascii=False)) + "\n"
