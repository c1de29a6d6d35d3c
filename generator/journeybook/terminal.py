"""What the commands share: printing what reports hold, atomic writes, the checked playbook, and the error
that exits 2. The audit commands (audits/cli.py) use it as cli.py does, so neither imports the other."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .report import Report, relocate

if TYPE_CHECKING:
    from .check import CheckResult
    from .findings import Finding


class InputError(click.ClickException):
    """Something given on the command line cannot be used (an unwritable --output): exit 2."""

    exit_code = 2


def checked(source: Path, on_model: Callable | None = None) -> CheckResult:
    """run_check, with the paths of a settings error shown as reports show them."""
    from .check import SettingsError, run_check

    try:
        return run_check(source, on_model=on_model)
    except SettingsError as error:
        raise SettingsError(error.message, relocate(error.findings, source)) from None
    except OSError as error:
        where = error.filename or source
        raise InputError(f"cannot read {where}: {error.strerror or error}") from None


def make_report(result: CheckResult, source: Path, color: bool) -> Report:
    from .rules import RULES

    findings: Sequence[Finding] = relocate(result.findings, source)
    return Report(findings, result.summary, RULES, color=color and "NO_COLOR" not in os.environ)


def summary_line(result: CheckResult, strict: bool) -> str:
    colour = "red" if result.fails(strict) else "yellow" if result.summary.warnings else "green"
    return click.style(result.summary.line(), fg=colour, bold=True)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def printable(text: str) -> str:
    """Undecodable file-name bytes (surrogate escapes) shown as U+FFFD rather than crashing the writer."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    click.echo(printable(text), err=err, nl=nl)


def write_atomic(path: Path, text: str) -> None:
    """Write beside the target and rename over it, so a reader never sees half a report."""
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(printable(text))
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
