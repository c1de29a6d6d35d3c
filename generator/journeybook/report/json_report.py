"""The JSON report (`--format json`): a stable, documented list of findings for scripts.

The output is one JSON array, sorted by file, line, column, rule and message, indented by two
spaces. Each element is an object with exactly these fields:

| field | type | meaning |
|---|---|---|
| `rule` | string | the rule id, e.g. `missing-tool` (see the rules table) |
| `severity` | string | `error`, `warning` or `info`, as configured in journeybook.yaml |
| `message` | string | what is wrong and what to do about it |
| `file` | string | the file, relative to the current directory when the playbook is inside it |
| `line` | integer | 1-based line |
| `column` | integer | 1-based column, in characters |
| `related` | array | other places that explain the finding, each `{file, line, column, message}` |
| `suppressed` | string or null | the reason given in `suppress:` when the finding was accepted, else null |

Suppressed findings are included (with their reason) so that scripts can count them; they never
fail a run. Fields may be added in later versions; none will be renamed or removed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..findings import Finding
from .escape import json_text

if TYPE_CHECKING:
    from . import Report


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.label,
        "message": finding.message,
        "file": finding.location.file,
        "line": finding.location.line,
        "column": finding.location.column,
        "related": [
            {
                "file": related.location.file,
                "line": related.location.line,
                "column": related.location.column,
                "message": related.message,
            }
            for related in finding.related
        ],
        "suppressed": finding.suppressed,
    }


def render(report: Report) -> str:
    findings = sorted(report.findings, key=lambda f: f.sort_key)
    return json_text(json.dumps([finding_to_dict(f) for f in findings], indent=2, ensure_ascii=False)) + "\n"
