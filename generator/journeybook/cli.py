"""The command line: click commands parse options into a plain object and call a run function that
returns the exit code. The only module that prints. Work is imported lazily so `--help` is instant."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .cli_repository import codeowners_command, diff_command
from .reference import SCHEMA_KINDS, schema_document
from .renderers import ENGINES
from .report import REPORTERS
from .terminal import InputError, checked, echo, make_report, plural, summary_line, write_atomic

if TYPE_CHECKING:
    pass


# --- options and run functions ---------------------------------------------------------------


@dataclass(frozen=True)
class CheckOptions:
    source: Path
    format: str = "text"
    strict: bool = False
    output: Path | None = None
    new_since: str | None = None


@dataclass(frozen=True)
class BuildOptions:
    source: Path
    site_dir: Path = Path("site")
    audience: str = "staff"
    strict: bool = False
    trust_config: bool = False  # only ever from the command line: a pull request cannot set it
    keep_docs: Path | None = None
    engine: str = "mkdocs"


@dataclass(frozen=True)
class ServeOptions:
    source: Path
    audience: str = "staff"
    host: str = "127.0.0.1"
    port: int = 8000
    trust_config: bool = False


@dataclass(frozen=True)
class SchemaOptions:
    kind: str | None = None
    output_dir: Path | None = None
    markdown: bool = False


def run_check_command(options: CheckOptions) -> int:
    result = checked(options.source)
    if options.new_since is not None:
        from .new_findings import only_new

        result = only_new(result, options.source, options.new_since)
    report = make_report(result, options.source, color=options.output is None)
    text = REPORTERS[options.format](report)
    if options.output is None:
        echo(text, nl=False)
    else:
        write_atomic(options.output, text)
        echo(summary_line(result, options.strict))
    return 1 if result.fails(options.strict) else 0


def run_build(options: BuildOptions) -> int:
    from .site import remove_stale

    with contextlib.suppress(OSError):  # a build killed mid-swap left the old site aside: put it back first
        remove_stale(options.site_dir.resolve())
    if options.engine == "zensical":  # before the check, which takes seconds on a large playbook
        from .renderers.zensical import executable

        if executable() is None:
            raise InputError("Zensical is not installed: pip install 'journeybook[zensical]' (or build with MkDocs)")
    if options.keep_docs is not None:
        from .keep import check_keep_folder

        try:
            check_keep_folder(options.keep_docs, options.site_dir, options.source.resolve())
        except click.ClickException as error:
            raise InputError(error.format_message()) from None
    started: dict = {}  # the answer finder's files, begun on another core while the rules run

    def start(playbook, today) -> None:
        from .docsfolder import start_finder

        started["finder"] = start_finder(playbook, options.audience, today)

    try:
        result = checked(options.source, on_model=start)
        return _publish(options, result, started.get("finder"))
    finally:
        if "finder" in started:
            started["finder"](cancel=True)  # not taken: the build stopped before the docs folder


def _publish(options: BuildOptions, result, finder_files) -> int:
    if options.trust_config:  # the person building accepts mkdocs.yml and docs/ as they are
        from .trust import trusting

        result = dataclasses.replace(result, findings=trusting(result.findings))
    echo(REPORTERS["text"](make_report(result, options.source, color=True)), err=True, nl=False)
    if result.fails(options.strict):
        summary = result.summary
        if summary.errors:
            reason = f"{plural(summary.errors, 'error')} must be fixed first (or suppressed with a reason)."
        else:
            reason = f"{plural(summary.warnings, 'warning')} with --strict; fix them, or build with --allow-warnings."
        echo(click.style(f"Not publishing: {reason}", fg="red", bold=True), err=True)
        return 1
    from .site import build_site

    try:
        built = build_site(
            result,
            options.site_dir,
            options.audience,
            progress=lambda message: echo(message, err=True),
            trust_config=options.trust_config,
            keep_docs=options.keep_docs,
            engine=options.engine,
            finder_files=finder_files,
        )
    except OSError as error:
        raise InputError(f"cannot write the site to {options.site_dir}: {error.strerror or error}") from None
    shown = options.site_dir  # as the user gave it, so the hint below can be pasted
    echo(f"Built {plural(built.pages, 'page')} for {options.audience} in {shown.as_posix()}/ ({built.seconds:.1f} s).")
    if options.keep_docs is not None:
        kept = shlex.quote((options.keep_docs / "mkdocs.yml").as_posix())
        echo(f"Kept the docs folder and its mkdocs.yml in {options.keep_docs.as_posix()}/ (mkdocs build -f {kept}).")
    serve_it = (
        f"python3 -m http.server --bind 127.0.0.1 -d {shlex.quote(shown.as_posix())} 8000, "
        "then open http://127.0.0.1:8000/"
    )
    if result.playbook.settings.site.offline:
        echo(f"Open {(shown / 'index.html').as_posix()} straight from disk, or run: {serve_it}")
    else:  # Material's search loads its index with fetch, which browsers refuse for file:// pages
        echo(f"To open it, run: {serve_it} (or set `site: {{offline: true}}` to open it from disk)")
    return 0


def run_serve(options: ServeOptions) -> int:
    if not options.source.is_dir():
        raise InputError(f"the playbook folder {options.source} does not exist (give it as `journeybook serve FOLDER`)")
    from .site import serve

    try:
        serve(
            options.source,
            options.audience,
            options.host,
            options.port,
            echo=lambda message: echo(message, err=True),
            trust_config=options.trust_config,
        )
    except KeyboardInterrupt:
        echo("Stopped.", err=True)
    except OSError as error:
        raise click.ClickException(
            f"cannot serve on {options.host}:{options.port}: {error.strerror or error}"
            " (is another server using the port? try --port)"
        ) from None
    return 0


def run_schema(options: SchemaOptions) -> int:
    if options.markdown:
        from .reference import field_tables

        echo(field_tables().rstrip())
    elif options.output_dir is not None:
        kinds = [options.kind] if options.kind else list(SCHEMA_KINDS)
        try:
            options.output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"cannot create {options.output_dir}: {error.strerror or error}") from None
        for kind in kinds:
            path = options.output_dir / f"{kind}.schema.json"
            write_atomic(path, json.dumps(schema_document(kind), indent=2) + "\n")
            echo(f"Wrote {path.as_posix()}")
        folder = options.output_dir.as_posix()
        echo(
            "To use one in VS Code, start a YAML file with a line like: "
            f"# yaml-language-server: $schema=<path from the file to {folder}>/journey.schema.json"
        )
    elif options.kind:
        echo(json.dumps(schema_document(options.kind), indent=2))
    else:
        echo("File kinds (journeybook schema KIND prints one):")
        width = max(map(len, SCHEMA_KINDS))
        for kind, where in SCHEMA_KINDS.items():
            echo(f"  {kind:<{width}}  {where}")
    return 0


# --- commands --------------------------------------------------------------------------------

SOURCE = click.argument("source", default="playbooks", type=click.Path(path_type=Path))
AUDIENCE = click.option(
    "--audience",
    type=click.Choice(["staff", "public"]),
    default="staff",
    show_default=True,
    help="public: only `audience: public` content and no `internal` text, for a customer FAQ.",
)

TRUST_CONFIG = click.option(
    "--trust-config",
    is_flag=True,
    help="Run the repository's mkdocs.yml and docs/ even where they run code or read outside the repository "
    "(hooks, plugins, !ENV, scripts). Only for a trusted build after merge, never on a pull request.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="journeybook", message="%(prog)s %(version)s")
def main() -> None:
    """Check a playbook of customer journeys and department answers, and build the site staff search.

    \b
    Exit codes:
      0  no errors (and no warnings with --strict)
      1  findings fail the run
      2  usage or settings error (a missing folder, a broken journeybook.yaml)
    """


@main.command()
@SOURCE
@click.option(
    "--format",
    "format_",
    type=click.Choice(list(REPORTERS)),
    default="text",
    show_default=True,
    help="text for people, json for scripts, sarif for code scanning, github for pull-request annotations.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file and print only the summary.",
)
@click.option(
    "--new-since",
    metavar="REV",
    help="Report only findings that are new since git revision REV (or REV:path), matched by fingerprint.",
)
def check(source: Path, format_: str, strict: bool, output: Path | None, new_since: str | None) -> None:
    """Check the playbook in SOURCE (default: playbooks) for conflicting answers, missing owners,
    broken handoffs and dead ends."""
    sys.exit(run_check_command(CheckOptions(source, format_, strict, output, new_since)))


@main.command()
@SOURCE
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where the site goes; replaced only when the build succeeds.",
)
@AUDIENCE
@click.option(
    "--allow-warnings/--strict",
    default=True,
    show_default=True,
    help="Whether warnings may be published (errors never are).",
)
@TRUST_CONFIG
@click.option(
    "--keep-docs",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also keep the generated docs folder and its mkdocs.yml here, to build with any engine.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="mkdocs",
    show_default=True,
    help="The site generator: MkDocs with Material, or Zensical where it is installed.",
)
def build(
    source: Path,
    site_dir: Path,
    audience: str,
    allow_warnings: bool,
    trust_config: bool,
    keep_docs: Path | None,
    engine: str,
) -> None:
    """Check the playbook in SOURCE, then build the static site (refused while there are errors)."""
    options = BuildOptions(
        source,
        site_dir,
        audience,
        strict=not allow_warnings,
        trust_config=trust_config,
        keep_docs=keep_docs,
        engine=engine,
    )
    sys.exit(run_build(options))


@main.command()
@SOURCE
@AUDIENCE
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@TRUST_CONFIG
def serve(source: Path, audience: str, host: str, port: int, trust_config: bool) -> None:
    """Preview the site, rebuilding when a YAML file changes; the browser reloads."""
    sys.exit(run_serve(ServeOptions(source, audience, host, port, trust_config)))


@main.command()
@click.argument("kind", required=False, metavar="[KIND]", type=click.Choice(list(SCHEMA_KINDS)))
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write every kind (or just KIND) as <kind>.schema.json here.",
)
@click.option("--markdown", is_flag=True, help="Print the reference page's field tables instead.")
def schema(kind: str | None, output_dir: Path | None, markdown: bool) -> None:
    """Print the JSON Schema of one kind of playbook file, for completion and checking in an editor.

    Without KIND, list the kinds. With --output-dir, write them as files. To use one in VS Code
    (with the YAML extension), put this line at the top of a journey file:

    \b
        # yaml-language-server: $schema=<path>/journey.schema.json
    """
    sys.exit(run_schema(SchemaOptions(kind, output_dir, markdown)))


@main.command("rules")
@click.option("--markdown", is_flag=True, help="Print the README's Markdown table instead of plain text.")
def rules_command(markdown: bool) -> None:
    """List every rule: id, default severity, what it finds and how to fix it."""
    from .rules import RULES
    from .rules.docs import readme_block

    if markdown:
        echo(readme_block())
        return
    width = max(len(rule.id) for rule in RULES)
    for rule in RULES:
        echo(f"{rule.id:<{width}}  {rule.severity.label:<7}  {rule.summary}")


from .audits.cli import audit  # noqa: E402 - the audit commands live with the rest of the audits package

main.add_command(audit)
main.add_command(diff_command)
main.add_command(codeowners_command)
