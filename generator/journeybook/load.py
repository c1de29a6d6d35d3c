"""Files → position-carrying YAML trees. Every YAML problem becomes a finding, never an exception.

We compose the document ourselves from the parser's event stream instead of
calling `yaml.safe_load`, because that is the only way to get all of:
every scalar kept as the text the author wrote (no `NO` → False, `1:30` → 90),
duplicate keys refused, anchors/aliases/tags refused before anything is built,
a line and column on every value, and a depth limit enforced while streaming
(libyaml's own composer recurses and crashes the process on deep nesting).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .findings import Finding, Location, Related

# The libyaml parser is ~10x faster; the pure-Python one gives the same events.
# We only ever call get_event(): neither loader's composer or constructor runs.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_DEPTH = 64
"""Deepest nesting accepted. Real playbooks stay under 10; the limit exists so a
hostile file ends as a finding instead of a crash deep inside the parser."""

_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


class Node:
    """A YAML value with its 1-based position."""

    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class Scalar(Node):
    """Always text. `null` is true only for a plain empty value (`owner:`)."""

    __slots__ = ("value", "null")

    def __init__(self, value: str, line: int, column: int, null: bool = False) -> None:
        super().__init__(line, column)
        self.value = value
        self.null = null


class Mapping(Node):
    """Keys are text; each entry keeps its key node (for "unknown field" positions)."""

    __slots__ = ("pairs",)

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.pairs: dict[str, tuple[Scalar, Node]] = {}


class Sequence(Node):
    __slots__ = ("items",)

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.items: list[Node] = []


def kind_of(node: Node | None) -> str:
    """The word a message uses for what the author wrote."""
    if node is None or (isinstance(node, Scalar) and node.null):
        return "nothing"
    return {Scalar: "text", Mapping: "a mapping", Sequence: "a list"}[type(node)]


@dataclass
class SourceFile:
    """One YAML file of the playbook: `root` is None when it could not be read."""

    path: str  # relative to the source folder, with forward slashes
    root: Node | None
    findings: list[Finding] = field(default_factory=list)
    size: int = 0


@dataclass(frozen=True)
class Limits:
    """Caps checked before parsing, so a huge file costs nothing but a finding."""

    max_file_bytes: int = 20_000_000
    max_total_bytes: int = 1_000_000_000


def yaml_files(source: Path) -> list[Path]:
    """Every .yaml/.yml file below `source`, sorted, skipping hidden folders like .git."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder, f) for f in files if f.endswith((".yaml", ".yml")) and not f.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(source).as_posix())


def load_file(path: Path, name: str, limits: Limits = Limits()) -> SourceFile:
    """Read and compose one file; problems are findings on the returned SourceFile."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return SourceFile(
                name,
                None,
                [
                    _finding(
                        "schema",
                        f"the file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} bytes "
                        "(limits.max_file_bytes in journeybook.yaml); split it into smaller files",
                        name,
                    )
                ],
                size,
            )
        data = path.read_bytes()
    except OSError as error:
        return SourceFile(name, None, [_finding("yaml-syntax", f"cannot read the file: {error.strerror}", name)])
    root, findings = parse_bytes(data, name)
    return SourceFile(name, root, findings, len(data))


def parse_bytes(data: bytes, name: str) -> tuple[Node | None, list[Finding]]:
    text, problem = _decode(data, name)
    if problem:
        return None, [problem]
    return parse_text(text, name)


def parse_text(text: str, name: str) -> tuple[Node | None, list[Finding]]:
    """Compose one YAML document into Nodes. Returns (None, findings) when unusable."""
    composer = _Composer(name)
    try:
        root = composer.run(_Parser(text))
    except yaml.YAMLError as error:
        composer.findings.append(_syntax_finding(error, name, text))
        return None, composer.findings
    except Exception as error:  # noqa: BLE001 - any parser failure must stay a finding
        composer.findings.append(_finding("yaml-syntax", f"this file is not valid YAML ({error})", name))
        return None, composer.findings
    if root is None and not composer.findings:
        composer.findings.append(_finding("schema", "the file is empty; add its fields or delete the file", name))
    return root, composer.findings


class _Composer:
    """Builds Nodes from parser events without recursion, refusing what we never accept."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.findings: list[Finding] = []
        self.anchors_reported: set[str] = set()
        self.aliases_reported: set[str] = set()

    def run(self, parser: object) -> Node | None:
        # Each frame: [container, pending key node or _NO_KEY]
        stack: list[list] = []
        root: Node | None = None
        documents = 0
        get_event = parser.get_event  # type: ignore[attr-defined]
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                return root
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.add(
                        "yaml-syntax",
                        "a playbook file holds one YAML document; remove the `---` line or split the file",
                        event.start_mark,
                    )
                    return None
                continue
            if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
                continue
            mark = event.start_mark
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = stack.pop()[0]
            elif kind is yaml.AliasEvent:
                if event.anchor not in self.aliases_reported:  # a billion laughs is one finding, not a billion
                    self.aliases_reported.add(event.anchor)
                    self.add(
                        "yaml-alias",
                        f"`*{event.anchor}` is a YAML alias, and playbooks do not use aliases: write the value out. "
                        "If this is text that starts with `*`, put it in quotes",
                        mark,
                    )
                node = Scalar("", mark.line + 1, mark.column + 1, null=True)
            else:
                self.check_anchor_and_tag(event)
                if kind is yaml.ScalarEvent:
                    plain = event.style is None or event.style == ""
                    null = plain and event.value == "" and event.implicit[0]
                    node = Scalar(event.value, mark.line + 1, mark.column + 1, null)
                else:
                    if len(stack) >= MAX_DEPTH:
                        self.add(
                            "yaml-syntax",
                            f"the nesting is deeper than {MAX_DEPTH} levels; a playbook never needs this",
                            mark,
                        )
                        return None
                    node = (
                        Mapping(mark.line + 1, mark.column + 1)
                        if kind is yaml.MappingStartEvent
                        else Sequence(mark.line + 1, mark.column + 1)
                    )
                    stack.append([node, _NO_KEY])
                    continue
            if not stack:
                root = node
                continue
            frame = stack[-1]
            container = frame[0]
            if type(container) is Sequence:
                container.items.append(node)
            elif frame[1] is _NO_KEY:
                frame[1] = node
            else:
                self.put(container, frame[1], node)
                frame[1] = _NO_KEY

    def put(self, mapping: Mapping, key: Node, value: Node) -> None:
        if not isinstance(key, Scalar) or key.null:
            self.add_at("schema", "a key must be plain text (a field name)", key.line, key.column)
            return
        first = mapping.pairs.get(key.value)
        if first is not None:
            first_key = first[0]
            self.findings.append(
                Finding(
                    "yaml-duplicate-key",
                    f'the key "{key.value}" appears twice in this mapping (first at line {first_key.line}); '
                    "keep one: journeybook never lets the last one silently win",
                    Location(self.name, key.line, key.column),
                    (Related(Location(self.name, first_key.line, first_key.column), "first written here"),),
                )
            )
            return
        if key.value == "<<":
            self.add_at("schema", "merge keys (`<<`) are not supported: write the fields out", key.line, key.column)
            return
        mapping.pairs[key.value] = (key, value)

    def check_anchor_and_tag(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None and event.anchor not in self.anchors_reported:
            self.anchors_reported.add(event.anchor)
            self.add(
                "yaml-alias",
                f"`&{event.anchor}` is a YAML anchor, and playbooks do not use anchors "
                "or aliases: write each value out where it is used",
                event.start_mark,
            )
        tag = event.tag
        if tag not in _PLAIN_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.add(
                "schema",
                f'the tag "{shown}" is not allowed: journeybook reads plain text and '
                "converts each field itself; remove the tag",
                event.start_mark,
            )

    def add(self, rule: str, message: str, mark: yaml.Mark) -> None:
        self.add_at(rule, message, mark.line + 1, mark.column + 1)

    def add_at(self, rule: str, message: str, line: int, column: int) -> None:
        self.findings.append(Finding(rule, message, Location(self.name, line, column)))


_NO_KEY = object()

_HINTS = {
    "found character '\\t' that cannot start any token": "tabs are not allowed for indentation; use spaces",
    "found a tab character": "tabs are not allowed for indentation; use spaces",
    "mapping values are not allowed here": "if this value is text containing `: `, put the whole text in quotes",
    "while scanning an alias": "text that starts with * or & must be put in quotes",
    "while scanning an anchor": "text that starts with * or & must be put in quotes",
    "found character '@' that cannot start any token": "text cannot start with @ or `: put it in quotes",
    "found character '`' that cannot start any token": "text cannot start with @ or `: put it in quotes",
}


def _syntax_finding(error: yaml.YAMLError, name: str, text: str) -> Finding:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif isinstance(error, yaml.reader.ReaderError):
        line, column = _line_column(text, error.position)
    else:
        line, column = 1, 1
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    message = f"{context}: {problem}" if context else problem
    if isinstance(error, yaml.reader.ReaderError):
        message = f"the character {error.character!r} is not allowed in YAML; remove it"
    hint = next((h for key, h in _HINTS.items() if key in message), None)
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if hint is None and "\t" in source_line[:column]:
        hint = "tabs are not allowed for indentation; use spaces"
    if hint is None and "\u00a0" in source_line:
        hint = "this line contains a non-breaking space; replace it with a normal space"
    return Finding(
        "yaml-syntax",
        f"this is not valid YAML: {message}" + (f" ({hint})" if hint else ""),
        Location(name, line, column),
    )


def _line_column(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _decode(data: bytes, name: str) -> tuple[str, Finding | None]:
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            return "", _finding("yaml-syntax", f"the file is {encoding}; save it as UTF-8", name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return "", Finding(
            "yaml-syntax",
            f"the file is not valid UTF-8 at byte {error.start} (perhaps Latin-1 or Windows-1252); save it as UTF-8",
            Location(name, line, column),
        )


def _finding(rule: str, message: str, name: str) -> Finding:
    return Finding(rule, message, Location(name, 1, 1))
