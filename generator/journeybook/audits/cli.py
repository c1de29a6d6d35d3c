"""`journeybook audit`: the audit report, the call kit and the CSV import. Kept out of cli.py, which every
capability shares; like it, these commands parse options, call pure functions and print the result."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..report import REPORTERS, Report, relocate


class _AuditGroup(click.Group):
    """`journeybook audit [SOURCE]` runs the report; `audit kit …` and `audit import …` are subcommands.
    A playbook folder named like a subcommand is given as `./kit`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["report", *args]
        return super().parse_args(ctx, args)


def _echo(text: str, err: bool = False, nl: bool = True) -> None:
    from ..terminal import echo

    echo(text, err=err, nl=nl)


def _audited(source: Path):  # noqa: ANN202 - an AuditResult
    from ..check import SettingsError
    from ..terminal import InputError
    from .run import run_audit

    try:
        return run_audit(source)
    except SettingsError as error:
        raise SettingsError(error.message, relocate(error.findings, source)) from None
    except OSError as error:
        raise InputError(f"cannot read {error.filename or source}: {error.strerror or error}") from None


@click.group("audit", cls=_AuditGroup, invoke_without_command=False)
def audit() -> None:
    """Test calls: compare what callers heard with the playbook, print a call kit, import a spreadsheet.

    \b
      journeybook audit [SOURCE] [--format text|json|sarif|github] [--strict] [--output FILE]
      journeybook audit kit JOURNEY [--source DIR] [--output FILE]
      journeybook audit import FILE.csv [--source DIR]

    Call logs are YAML files under SOURCE/audits/ (one per call). Exit 1 when an audit finding is an
    error by the settings' `rules:` (with --strict: a warning too).
    """


@audit.command("report", hidden=True)
@click.argument("source", default="playbooks", type=click.Path(path_type=Path))
@click.option("--format", "format_", type=click.Choice(list(REPORTERS)), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
def report(source: Path, format_: str, strict: bool, output: Path | None) -> None:
    """Compare the call logs in SOURCE/audits with the playbook as it was on each call's day."""
    import os

    from ..rules import RULES
    from ..terminal import write_atomic

    result = _audited(source)
    color = output is None and "NO_COLOR" not in os.environ
    text = REPORTERS[format_](Report(relocate(result.findings, source), result.summary, RULES, color=color))
    if not result.playbook.audits and format_ == "text":
        text = f"No call logs under {(source / 'audits').as_posix()}/ (`journeybook audit kit JOURNEY` writes one).\n"
    if output is None:
        _echo(text, nl=False)
    else:
        write_atomic(output, text)
        _echo(result.summary.line().replace(" file", " call log"))
    sys.exit(1 if result.fails(strict) else 0)


@audit.command("kit")
@click.argument("journey")
@click.option("--source", default=Path("playbooks"), type=click.Path(path_type=Path), show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the blank call log [default: SOURCE/audits/DATE-JOURNEY.yaml, never over a file].",
)
def kit(journey: str, source: Path, output: Path | None) -> None:
    """Print the script of a test call of JOURNEY, and write a blank call log to fill in."""
    from ..check import today_from_env
    from ..schema import did_you_mean
    from ..terminal import InputError, checked, write_atomic
    from .kit import blank_log, make_kit, script

    book = checked(source).playbook
    found = book.journeys.get(journey)
    if found is None:
        raise InputError(f'no journey "{journey}" in {source.as_posix()}{did_you_mean(journey, book.journeys)}')
    day = today_from_env()
    made = make_kit(book, found, day)
    _echo(script(made))
    target = output or _free_name(source / "audits", f"{day.isoformat()}-{journey}")
    if output is not None and output.exists():
        raise InputError(f"{output} already exists; give another --output")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, blank_log(made))
    _echo(f"Wrote a blank call log to {target.as_posix()}: fill it in during the call, then run journeybook audit.")


def _free_name(folder: Path, stem: str) -> Path:
    path, n = folder / f"{stem}.yaml", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.yaml"
    return path


@audit.command("import")
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--source", default=Path("playbooks"), type=click.Path(path_type=Path), show_default=True)
def import_csv(csv_file: Path, source: Path) -> None:
    """Write one call log per call of a CSV (one row per contact) into SOURCE/audits/."""
    from ..terminal import InputError, write_atomic
    from .csv_import import call_yaml, read_calls

    try:
        text = csv_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {csv_file} as UTF-8 text: {error}") from None
    calls, problems = read_calls(text, csv_file.as_posix())
    if problems:
        for finding in problems:
            _echo(f"{finding.location}: {finding.rule} {finding.message}", err=True)
        _echo(f"Nothing imported: {len(problems)} problem{'s' if len(problems) != 1 else ''} in {csv_file}.", err=True)
        sys.exit(1)
    folder = source / "audits"
    folder.mkdir(parents=True, exist_ok=True)
    for call in calls:
        target = _free_name(folder, call.name)
        write_atomic(target, call_yaml(call, csv_file.name))
        _echo(f"Wrote {target.as_posix()}")
    if not calls:
        raise InputError(f"{csv_file} has no rows below its header")
    _echo(f"Imported {len(calls)} call{'s' if len(calls) != 1 else ''}; `journeybook check` validates their ids.")
