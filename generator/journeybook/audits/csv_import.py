"""Call logs from a spreadsheet: one CSV row per contact, the same field names as a call log.

Rows of one call share `journey`, `date`, `caller`, `channel` and `segment` (or a `call` column, when one caller
makes two calls of a journey on one day) and follow each other. `heard` is `question-id: words`, several
separated by `;`; `asked_again` is ids separated by `,` or `;`. Outcome columns may be on any row of the call.
Every cell is checked with the call log's own field types, so a problem is reported as FILE.csv:ROW:COLUMN.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from ..findings import Finding, Location
from ..load import Scalar
from ..schema import INVALID, Context, Date, Id
from .model import SCORE, YesNo

CALL = ("journey", "date", "caller", "channel", "segment")
CONTACT = ("department", "heard", "asked_again", "knowledgeable", "defined_problem", "offered_solution", "treated")
OUTCOME = ("solved", "closed_without_confirmation", "satisfied")
KNOWN = ("call", *CALL, *CONTACT, "notes", *OUTCOME)
REQUIRED = ("journey", "date", "department")
_TYPES = {
    "journey": Id("journey"),
    "date": Date(),
    "channel": Id("channel"),
    "segment": Id("segment"),
    "department": Id("department"),
    "knowledgeable": YesNo(),
    "defined_problem": YesNo(),
    "offered_solution": YesNo(),
    "treated": SCORE,
    "solved": YesNo(),
    "closed_without_confirmation": YesNo(),
    "satisfied": SCORE,
}
_SPLIT_ITEMS = re.compile(r"[,;]")


@dataclass
class ImportedCall:
    key: tuple[str, ...]
    row: int
    call: dict[str, str] = field(default_factory=dict)
    contacts: list[dict] = field(default_factory=list)
    outcome: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """A file name stem: date and journey (the writer adds -2, -3 … when taken)."""
        return f"{self.call['date']}-{self.call['journey']}"


def read_calls(text: str, name: str) -> tuple[list[ImportedCall], list[Finding]]:
    """The calls of a CSV text, and every problem found in it (when there are any, write nothing)."""
    findings: list[Finding] = []
    ctx = Context(name, findings)
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))  # Excel writes a byte order mark
    try:
        header = [h.strip().lower().replace(" ", "_") for h in next(reader, [])]
    except csv.Error as error:
        return [], [Finding("schema", f"this is not a CSV file ({error})", Location(name, 1, 1))]
    missing = [c for c in REQUIRED if c not in header]
    for column, title in enumerate(header, 1):
        if title and title not in KNOWN:
            findings.append(
                Finding(
                    "schema",
                    f'unknown column "{title}"; known columns: {", ".join(KNOWN)}',
                    Location(name, 1, column),
                )
            )
    if missing:
        findings.append(
            Finding("schema", f"the first row names no column {', '.join(missing)}: add it", Location(name, 1, 1))
        )
        return [], findings
    calls: list[ImportedCall] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            _read_row(dict(zip(header, row, strict=False)), header, reader.line_num, ctx, calls)
    except csv.Error as error:
        findings.append(Finding("schema", f"the CSV cannot be read here ({error})", Location(name, reader.line_num)))
    return calls, findings


def _check(ctx: Context, column: str, value: str, line: int, header: list[str]) -> bool:
    kind = _TYPES.get(column)
    if kind is None or not value:
        return True
    return kind.convert(Scalar(value, line, header.index(column) + 1), ctx) is not INVALID


def _read_row(cells: dict[str, str], header: list[str], line: int, ctx: Context, calls: list[ImportedCall]) -> None:
    cells = {k: v.strip() for k, v in cells.items() if k in KNOWN}
    ok = True
    for column in REQUIRED:
        if not cells.get(column):
            ctx.findings.append(
                Finding(
                    "schema",
                    f"`{column}` is empty: every row needs journey, date and department",
                    Location(ctx.file, line, header.index(column) + 1),
                )
            )
            ok = False
    for column, value in cells.items():
        ok = _check(ctx, column, value, line, header) and ok
    heard = _heard(cells.get("heard", ""), line, header, ctx)
    items = [i.strip() for i in _SPLIT_ITEMS.split(cells.get("asked_again", "")) if i.strip()]
    for item in items:
        ok = _check_id(item, line, header, "asked_again", ctx) and ok
    if not ok or heard is None:
        return
    key = (cells.get("call", ""), *(cells.get(c, "") for c in CALL))
    if not calls or calls[-1].key != key:
        calls.append(ImportedCall(key, line, {c: cells[c] for c in CALL if cells.get(c)}))
    call = calls[-1]
    contact = {c: cells[c] for c in CONTACT if cells.get(c) and c not in ("heard", "asked_again")}
    contact["heard"] = heard
    contact["asked_again"] = items
    if cells.get("notes"):
        contact["notes"] = cells["notes"]
    call.contacts.append(contact)
    call.outcome.update({c: cells[c] for c in OUTCOME if cells.get(c)})


def _check_id(value: str, line: int, header: list[str], column: str, ctx: Context) -> bool:
    return Id().convert(Scalar(value, line, header.index(column) + 1), ctx) is not INVALID


def _heard(text: str, line: int, header: list[str], ctx: Context) -> dict[str, str] | None:
    heard: dict[str, str] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        question_id, colon, words = part.partition(":")
        if not colon or not words.strip():
            ctx.findings.append(
                Finding(
                    "schema",
                    f'"{part}" is not `question-id: the words heard`; separate several with `;`',
                    Location(ctx.file, line, header.index("heard") + 1),
                )
            )
            return None
        if not _check_id(question_id.strip(), line, header, "heard", ctx):
            return None
        heard[question_id.strip()] = words.strip()
    return heard


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted string


def call_yaml(call: ImportedCall, source: str) -> str:
    """One call as a call log file."""
    lines = [f"# Imported from {source}, row {call.row}.", f"journey: {call.call['journey']}"]
    lines.append(f"date: {call.call['date']}")
    for column in ("caller", "channel", "segment"):
        if column in call.call:
            lines.append(f"{column}: {_q(call.call[column]) if column == 'caller' else call.call[column]}")
    lines.append("contacts:")
    for contact in call.contacts:
        lines.append(f"  - department: {contact['department']}")
        if contact["heard"]:
            lines.append("    heard:")
            lines.extend(f"      {q}: {_q(words)}" for q, words in contact["heard"].items())
        if contact["asked_again"]:
            lines.append(f"    asked_again: [{', '.join(contact['asked_again'])}]")
        for column in ("knowledgeable", "defined_problem", "offered_solution", "treated"):
            if column in contact:
                lines.append(f"    {column}: {_plain(contact[column])}")
        if "notes" in contact:
            lines.append(f"    notes: {_q(contact['notes'])}")
    if call.outcome:
        lines.append("outcome:")
        lines.extend(f"  {column}: {_plain(call.outcome[column])}" for column in OUTCOME if column in call.outcome)
    return "\n".join(lines) + "\n"


def _plain(value: str) -> str:
    return value.strip().lower()
