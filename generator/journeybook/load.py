"""Files → position-carrying YAML trees. Every YAML problem becomes a finding, never an exception.

We compose the document ourselves from the parser's event stream instead of
calling `yaml.safe_load`, because that is the only way to get all of:
every scalar kept as the text the author wrote (no `NO` → False, `1:30` → 90),
duplicate keys refused, anchors/aliases/tags refused before anything is built,
a line and column on every value, and a depth limit enforced while streaming
(libyaml's own composer recurses and crashes the process on deep nesting).
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .findings import Finding, Location
from .walk import NotRegular, read_limited, walk
from .yaml_compose import SCALAR, Composer
from .yaml_nodes import Mapping as Mapping
from .yaml_nodes import Node as Node
from .yaml_nodes import Scalar as Scalar
from .yaml_nodes import Sequence as Sequence
from .yaml_nodes import kind_of as kind_of
from .yaml_problems import BREAK, check_characters, decode, syntax_finding, yaml_finding

# The libyaml parser is ~10x faster; the pure-Python one gives the same events.
# We only ever call get_event(): neither loader's composer or constructor runs.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# libyaml 0.2.6 (PyYAML 6.0.4) stops a flow collection deeper than its own limit while scanning ahead, before
# the composer below sees the first event; the pure-Python parser yields events as it goes, so a file that
# hits libyaml's limit is parsed again with it and meets MAX_DEPTH at the same place under every version.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


@dataclass
class SourceFile:
    """One YAML file of the playbook: `root` is None when it could not be read."""

    path: str  # relative to the source folder, with forward slashes
    root: Node | None
    findings: list[Finding] = field(default_factory=list)
    size: int = 0


@dataclass(frozen=True)
class Limits:
    """Caps checked before parsing: a file over `max_file_bytes` is one finding and is never read; a playbook
    over `max_total_bytes` is not read at all (`total_size_problem`), because a partial check would report
    references into the unread files as unknown."""

    max_file_bytes: int = 20_000_000
    max_total_bytes: int = 1_000_000_000


def total_size_problem(paths: list[Path], limits: Limits) -> str | None:
    """What to tell the user when the files together are over `max_total_bytes`, from their sizes alone."""
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:  # gone or unreadable: load_file reports it
            continue
    if total <= limits.max_total_bytes:
        return None
    return (
        f"the playbook is {total:,} bytes in {len(paths):,} YAML files, over the limit of "
        f"{limits.max_total_bytes:,} bytes; nothing was read. Raise limits.max_total_bytes in journeybook.yaml, "
        "or check a smaller folder"
    )


def yaml_files(source: Path) -> list[Path]:
    """Every .yaml/.yml regular file below `source`, sorted, skipping hidden folders like .git (walk.py: linked
    folders and links out of `source` are never followed; `playbook_files` also says where)."""
    return walk(source, keep=(".yaml", ".yml"))[0]


def playbook_files(source: Path) -> tuple[list[Path], list[Finding]]:
    """yaml_files, and each place below `source` it did not read as a finding on that place (one walk)."""
    paths, skipped = walk(source, keep=(".yaml", ".yml"))
    return paths, [
        Finding(s.rule, s.message, Location(os.path.relpath(s.path, source).replace(os.sep, "/"))) for s in skipped
    ]


def load_file(path: Path, name: str, limits: Limits = Limits()) -> SourceFile:
    """Read and compose one file; problems are findings on the returned SourceFile."""
    try:
        data = read_limited(path, limits.max_file_bytes)  # a regular file only, never more than the limit + 1
    except NotRegular as error:
        return SourceFile(
            name, None, [yaml_finding("skipped-path", f"cannot read the file: it is {error.strerror}", name)]
        )
    except OSError as error:
        return SourceFile(name, None, [yaml_finding("skipped-path", f"cannot read the file: {error.strerror}", name)])
    if len(data) > limits.max_file_bytes:
        size = max(len(data), _size(path))
        return SourceFile(
            name,
            None,
            [
                yaml_finding(
                    "schema",
                    f"the file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} bytes "
                    "(limits.max_file_bytes in journeybook.yaml); split it into smaller files",
                    name,
                )
            ],
            size,
        )
    root, findings = parse_bytes(data, name)
    return SourceFile(name, root, findings, len(data))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def parse_bytes(data: bytes, name: str) -> tuple[Node | None, list[Finding]]:
    text, problem = decode(data, name)
    if problem:
        return None, [problem]
    return parse_text(text, name)


def parse_text(text: str, name: str) -> tuple[Node | None, list[Finding]]:
    """Compose one YAML document into Nodes. Returns (None, findings) when unusable."""
    checked, character_findings = check_characters(text, name)
    if checked is None:
        return None, character_findings
    text = checked
    composer = Composer(name, text)
    composer.findings.extend(character_findings)
    try:
        try:
            root = composer.run(_Parser(text))
        except yaml.YAMLError as error:
            if _LIBYAML_TOO_DEEP not in str(error):
                raise
            composer = Composer(name, text)
            composer.findings.extend(character_findings)
            root = composer.run(yaml.SafeLoader(text))
    except yaml.YAMLError as error:
        finding = syntax_finding(error, name, text, composer.open_flow())
        if finding.location.line not in composer.alias_lines:  # `say: *Important call us`: one finding, not two
            composer.findings.append(finding)
        return None, composer.findings
    except Exception as error:  # noqa: BLE001 - any parser failure must stay a finding
        composer.findings.append(
            yaml_finding("yaml-syntax", f"this file could not be read as YAML ({error}); check its quoting", name)
        )
        return None, composer.findings
    if root is None and not composer.findings:
        composer.findings.append(yaml_finding("schema", "the file is empty; add its fields or delete the file", name))
    composer.findings.extend(_glued_comments(text, name))
    return root, composer.findings


# ` #word` right after unquoted text: YAML reads a comment there, the writer usually meant text (`open 9-5 #not
# on holidays`). A comment meant as one is written `# word`, with a space, and is left alone.
_GLUED_COMMENT = re.compile(r"(?<=\S)[ \t]+#(?=[^\s#])")


def _glued_comments(text: str, name: str) -> list[Finding]:
    """Warn where a `#` glued to a word ends an unquoted value early. Parses a second time, but only files
    that have such a `#` at all, so the common path costs one regular-expression scan."""
    matches = list(_GLUED_COMMENT.finditer(text))
    if not matches:
        return []
    line_starts = [0, *(found.end() for found in BREAK.finditer(text))]
    candidates: dict[tuple[int, int], int] = {}  # (line, column) where the value would end → index of `#`
    for match in matches:
        line = bisect.bisect_right(line_starts, match.start())
        candidates[(line, match.start() - line_starts[line - 1] + 1)] = match.end() - 1
    findings = []
    parser = _Parser(text)
    try:
        while type(event := parser.get_event()) is not yaml.StreamEndEvent:
            if type(event) is SCALAR and not event.style:
                line = event.end_mark.line + 1
                hash_at = candidates.get((line, event.end_mark.column + 1))
                if hash_at is not None:
                    line_end = BREAK.search(text, hash_at)
                    comment = text[hash_at : line_end.start() if line_end else len(text)].rstrip()
                    findings.append(
                        Finding(
                            "yaml-comment",
                            f'"{comment}" is read as a YAML comment, so this value is only "{event.value}": put '
                            "the whole value in quotes if the text after `#` belongs to it, or write `# ` with a "
                            "space after the `#` if it is a comment",
                            Location(name, line, hash_at - line_starts[line - 1] + 1),
                        )
                    )
    except yaml.YAMLError:  # the first parse got this far; a second one cannot get further
        pass
    finally:
        parser.dispose()
    return findings
