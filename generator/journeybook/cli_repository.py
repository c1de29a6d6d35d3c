"""`journeybook diff` and `journeybook codeowners`: the playbook seen from its git repository (what changed between
two revisions, who owns each file). Kept out of cli.py like the audit commands; they parse options, call pure
functions and print the result."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .terminal import checked, echo, write_atomic


@click.command("diff")
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--source",
    type=click.Path(path_type=Path),
    default=Path("playbooks"),
    show_default=True,
    help="The playbook folder in the working tree (where a revision without :path looks).",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "markdown", "json", "github"]),
    default="text",
    show_default=True,
    help="markdown for a pull-request comment, github for annotations.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "notable", "minor"]),
    help="Exit 1 when there is a change this severe or worse.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
def diff_command(
    base: str | None, head: str | None, source: Path, format_: str, fail_on: str | None, output: Path | None
) -> None:
    """What changed in the playbook from BASE (default: the merge-base with the default branch) to HEAD
    (default: the working tree), entity by entity. A revision is REV, or REV:path for the playbook's folder then."""
    from .check import today_from_env
    from .diff import RANK, worst
    from .report.changes import CHANGE_REPORTERS, ChangeReport
    from .revisions import diff

    changes, before, after = diff(source, base, head, today_from_env())
    text = CHANGE_REPORTERS[format_](ChangeReport(changes, before.label, after.label))
    if output is None:
        echo(text, nl=False)
    else:
        write_atomic(output, text)
    worst_change = worst(changes)
    sys.exit(1 if fail_on and worst_change and RANK[worst_change] >= RANK[fail_on] else 0)


@click.command("codeowners")
@click.argument("source", default="playbooks", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the lines into this CODEOWNERS file, replacing only journeybook's block.",
)
def codeowners_command(source: Path, output: Path | None) -> None:
    """Print CODEOWNERS lines from the playbook: each policy and journey file is owned by the owners of what
    it holds (people's `github:`, departments' `github_team:` in org.yaml)."""
    from .codeowners import lines, merge, prefix_of

    block = lines(checked(source).playbook, prefix_of(source))
    if output is None:
        echo("\n".join(block))
        return
    existing = output.read_text(encoding="utf-8") if output.is_file() else None
    write_atomic(output, merge(existing, block))
    echo(f"Wrote {len(block) - 2} lines into {output.as_posix()}")
