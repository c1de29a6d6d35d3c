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

from .findings import Finding, Location, Related
from .walk import NotRegular, read_limited, walk

# The libyaml parser is ~10x faster; the pure-Python one gives the same events.
# We only ever call get_event(): neither loader's composer or constructor runs.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# libyaml 0.2.6 (PyYAML 6.0.4) stops a flow collection deeper than its own limit while scanning ahead, before
# the composer below sees the first event; the pure-Python parser yields events as it goes, so a file that
# hits libyaml's limit is parsed again with it and meets MAX_DEPTH at the same place under every version.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


MAX_DEPTH = 64
"""Deepest nesting accepted. Real playbooks stay under 10; the limit exists so a
hostile file ends as a finding instead of a crash deep inside the parser."""

# The only tags that change nothing: the plain ones, each on its own kind of node. Everything else
# (`!!python/...`, `!!binary`, `!!int`, `!local`) is refused without being constructed.
_PLAIN_TAGS = {
    yaml.ScalarEvent: {None, "!", "tag:yaml.org,2002:str"},
    yaml.MappingStartEvent: {None, "!", "tag:yaml.org,2002:map"},
    yaml.SequenceStartEvent: {None, "!", "tag:yaml.org,2002:seq"},
}
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
        self.line = line  # set here rather than through Node.__init__: one call less per value of every file
        self.column = column
        self.value = value
        self.null = null


class Mapping(Node):
    """Keys are text; each entry keeps its key node (for "unknown field" positions)."""

    __slots__ = ("pairs",)

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.pairs: dict[str, tuple[Scalar, Node]] = {}


class Sequence(Node):
    __slots__ = ("items",)

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
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
        return SourceFile(name, None, [_finding("skipped-path", f"cannot read the file: it is {error.strerror}", name)])
    except OSError as error:
        return SourceFile(name, None, [_finding("skipped-path", f"cannot read the file: {error.strerror}", name)])
    if len(data) > limits.max_file_bytes:
        size = max(len(data), _size(path))
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
    root, findings = parse_bytes(data, name)
    return SourceFile(name, root, findings, len(data))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def parse_bytes(data: bytes, name: str) -> tuple[Node | None, list[Finding]]:
    text, problem = _decode(data, name)
    if problem:
        return None, [problem]
    return parse_text(text, name)


def parse_text(text: str, name: str) -> tuple[Node | None, list[Finding]]:
    """Compose one YAML document into Nodes. Returns (None, findings) when unusable."""
    checked, character_findings = _check_characters(text, name)
    if checked is None:
        return None, character_findings
    text = checked
    composer = _Composer(name, text)
    composer.findings.extend(character_findings)
    try:
        try:
            root = composer.run(_Parser(text))
        except yaml.YAMLError as error:
            if _LIBYAML_TOO_DEEP not in str(error):
                raise
            composer = _Composer(name, text)
            composer.findings.extend(character_findings)
            root = composer.run(yaml.SafeLoader(text))
    except yaml.YAMLError as error:
        finding = _syntax_finding(error, name, text, composer.open_flow())
        if finding.location.line not in composer.alias_lines:  # `say: *Important call us`: one finding, not two
            composer.findings.append(finding)
        return None, composer.findings
    except Exception as error:  # noqa: BLE001 - any parser failure must stay a finding
        composer.findings.append(
            _finding("yaml-syntax", f"this file could not be read as YAML ({error}); check its quoting", name)
        )
        return None, composer.findings
    if root is None and not composer.findings:
        composer.findings.append(_finding("schema", "the file is empty; add its fields or delete the file", name))
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
    line_starts = [0, *(found.end() for found in _BREAK.finditer(text))]
    candidates: dict[tuple[int, int], int] = {}  # (line, column) where the value would end → index of `#`
    for match in matches:
        line = bisect.bisect_right(line_starts, match.start())
        candidates[(line, match.start() - line_starts[line - 1] + 1)] = match.end() - 1
    findings = []
    parser = _Parser(text)
    try:
        while type(event := parser.get_event()) is not yaml.StreamEndEvent:
            if type(event) is _SCALAR and not event.style:
                line = event.end_mark.line + 1
                hash_at = candidates.get((line, event.end_mark.column + 1))
                if hash_at is not None:
                    line_end = _BREAK.search(text, hash_at)
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


class _Composer:
    """Builds Nodes from parser events without recursion, refusing what we never accept."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.lines: list[str] | None = None  # split only when an empty value needs it
        self.findings: list[Finding] = []
        self.anchors_reported: set[str] = set()
        self.aliases_reported: set[str] = set()
        self.alias_lines: set[int] = set()
        # Each frame: [container, pending key node or _NO_KEY, written in flow style `[...]`/`{...}`]
        self.stack: list[list] = []

    def open_flow(self) -> Node | None:
        """The innermost `[` or `{` still open: where a parser error about an unclosed bracket belongs."""
        return next((frame[0] for frame in reversed(self.stack) if frame[2]), None)

    def run(self, parser: object) -> Node | None:
        """The event loop, ordered by how often each event comes (values first): it runs once per value."""
        stack = self.stack
        root: Node | None = None
        documents = 0
        get_event = parser.get_event  # type: ignore[attr-defined]
        while True:
            event = get_event()
            kind = type(event)
            if kind is _SCALAR:
                if event.anchor is not None or event.tag is not None:
                    self.check_anchor_and_tag(event)
                mark = event.start_mark
                value = event.value
                if value == "" and not event.style and event.implicit[0]:  # a plain empty value: `owner:`
                    node = Scalar(value, mark.line + 1, self.empty_value_column(mark), True)
                else:
                    node = Scalar(value, mark.line + 1, mark.column + 1)
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                node = stack.pop()[0]
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if event.anchor is not None or event.tag is not None:
                    self.check_anchor_and_tag(event)
                mark = event.start_mark
                if len(stack) >= MAX_DEPTH:
                    self.add(
                        "yaml-syntax",
                        f"the nesting is deeper than {MAX_DEPTH} levels (a playbook needs a few): look for "
                        "brackets opened and never closed, or flatten the structure",
                        mark,
                    )
                    return None
                node = (
                    Mapping(mark.line + 1, mark.column + 1)
                    if kind is _MAPPING_START
                    else Sequence(mark.line + 1, mark.column + 1)
                )
                stack.append([node, _NO_KEY, bool(event.flow_style)])
                continue
            elif kind is yaml.AliasEvent:
                mark = event.start_mark
                if event.anchor not in self.aliases_reported:  # a billion laughs is one finding, not a billion
                    self.aliases_reported.add(event.anchor)
                    self.alias_lines.add(mark.line + 1)
                    self.add(
                        "yaml-alias",
                        f"`*{event.anchor}` is a YAML alias, and playbooks do not use aliases: write the value out. "
                        "If this is text that starts with `*`, put the whole value in quotes",
                        mark,
                    )
                node = Scalar("", mark.line + 1, mark.column + 1, null=True)
            elif kind is yaml.StreamEndEvent:
                return root
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.add(
                        "yaml-syntax",
                        "a playbook file holds one YAML document; remove the `---` line or split the file",
                        event.start_mark,
                    )
                    return None
                continue
            else:  # StreamStartEvent, DocumentEndEvent
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

    def empty_value_column(self, mark: yaml.Mark) -> int:
        """Right after the `:` or `-`, as pure-Python PyYAML says; libyaml says the next token in `{a: }`."""
        if self.lines is None:
            self.lines = _BREAK.split(self.text)
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        column = mark.column
        while column > 0 and line[column - 1 : column] in (" ", "\t"):
            column -= 1
        return column + 1

    def put(self, mapping: Mapping, key: Node, value: Node) -> None:
        if not isinstance(key, Scalar) or key.null:
            message = (
                "a field name is missing before this `:`; write `field: value`"
                if isinstance(key, Scalar)
                else f"a field name must be plain text, not {kind_of(key)}; write `field: value`"
            )
            self.add_at("schema", message, key.line, key.column)
            return
        if key.value.startswith("\u00a0"):
            self.add_at("yaml-syntax", _NBSP_INDENT, key.line, key.column)
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
        if tag not in _PLAIN_TAGS[type(event)]:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            written_as_text = shown.startswith("!") and not shown.startswith("!!")  # `say: !important ...`
            local = f", or if `{shown}` is part of the text, put the whole value in quotes" if written_as_text else ""
            self.add(
                "schema",
                f'the tag "{shown}" is not allowed (journeybook reads plain text and '
                f"converts each field itself): remove it{local}",
                event.start_mark,
            )

    def add(self, rule: str, message: str, mark: yaml.Mark) -> None:
        self.add_at(rule, message, mark.line + 1, mark.column + 1)

    def add_at(self, rule: str, message: str, line: int, column: int) -> None:
        self.findings.append(Finding(rule, message, Location(self.name, line, column)))


_NO_KEY = object()
_SCALAR, _MAPPING_START, _MAPPING_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent

# Line breaks to YAML but invisible to editors: line numbers after them would disagree with the editor's.
_HIDDEN_BREAKS = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}
# Those, and every character YAML 1.1 (what both parsers read) refuses.
_REFUSED = re.compile("[\x85\u2028\u2029]|[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAK = re.compile(r"\r\n|\r|\n")
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_TAB_INDENT = "a tab is used for indentation here; indent with spaces only"
_NBSP_INDENT = (
    "this line is indented with a non-breaking space, which looks like a space but is not one; "
    "replace it with normal spaces"
)
_MAX_CHARACTER_FINDINGS = 20


def _check_characters(text: str, name: str) -> tuple[str | None, list[Finding]]:
    """Report characters YAML refuses or editors cannot see, before either parser meets them.

    Each one is replaced by a space (same length, so every position stays right)
    and reported, so the rest of the file is still checked. NUL means the file
    is really UTF-16 without a byte order mark: nothing after it would make sense.
    """
    if "\x00" in text:
        line, column = _line_column(text, text.index("\x00"))
        return None, [
            Finding(
                "yaml-syntax",
                "the file contains NUL characters, so it is probably saved as UTF-16; save it as UTF-8",
                Location(name, line, column),
            )
        ]
    if not _REFUSED.search(_unusual_characters(text)):  # the usual case, in a fraction of the time
        return text, []
    findings: list[Finding] = []
    line, line_start, scanned, last_reported = 1, 0, 0, 0
    for match in _REFUSED.finditer(text):
        if len(findings) >= _MAX_CHARACTER_FINDINGS:
            break
        position = match.start()
        for line_break in _BREAK.finditer(text, scanned, position):  # one pass over the text, however many
            line, line_start = line + 1, line_break.end()
        scanned = position
        if line == last_reported:  # one finding per line is enough to find them all
            continue
        last_reported = line
        character = match.group()
        what = _HIDDEN_BREAKS.get(character)
        message = (
            f"an invisible {what} character (U+{ord(character):04X}) is here, which YAML reads as a line "
            "break; replace it with a space or a real line break"
            if what
            else f"the control character U+{ord(character):04X} is not allowed in a playbook; delete it"
        )
        findings.append(Finding("yaml-syntax", message, Location(name, line, position - line_start + 1)))
    return (_REFUSED.sub(" ", text) if findings else text), findings


def _unusual_characters(text: str) -> str:
    """The text without its printable ASCII, tabs and line breaks, all of which YAML accepts: the rest is all
    `_REFUSED` needs to see, and is usually a few characters. (Deleting ASCII bytes leaves UTF-8 intact.)"""
    return text.encode("utf-8", "surrogatepass").translate(None, _PLAIN_ASCII).decode("utf-8", "surrogatepass")


def _syntax_finding(error: yaml.YAMLError, name: str, text: str, open_flow: Node | None = None) -> Finding:
    """Turn a parser error into one message that says what to change, the same for libyaml and pure Python."""
    lines = _BREAK.split(text)
    if isinstance(error, yaml.reader.ReaderError):  # unreachable after _check_characters; kept as a safety net
        return Finding("yaml-syntax", "this file has a character YAML does not allow; delete it", Location(name))
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None) or ""
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    mark = problem_mark or context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    suspect = _invisible_indentation(lines, [line, context_mark.line + 1] if context_mark else [line])
    if suspect is not None:
        bad_line, bad_column, message = suspect
        return Finding("yaml-syntax", message, Location(name, bad_line, bad_column))

    def at(row: int, col: int) -> str:
        source_line = lines[row - 1] if 0 < row <= len(lines) else ""
        return source_line[col - 1] if 0 < col <= len(source_line) else ""

    character = at(line, column)
    rule = "yaml-syntax"
    if "cannot start any token" in problem or "tab character" in problem:
        if character == "\t" or "tab character" in problem:
            message = _TAB_INDENT
        else:
            message = (
                f'text cannot start with "{character}": put the whole value in quotes'
                if character and character in "@`%"
                else f"`{character}` cannot start a value here; if this is text, put the whole value in quotes"
            )
    elif "mapping values are not allowed" in problem:
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        key = before.strip()
        if len(key) > 1024 and ": " not in key and "- " not in key[:2]:
            message = "this field name is longer than YAML allows (1024 characters); shorten it"
        elif ": " not in key and before.startswith(" ") and line > 1:  # ` k2: v2` under `k1: v1`
            message = (
                "this line is indented more than the field above it, so YAML reads it as more text of that "
                "field's value and refuses its `: `; indent it like the other fields, or quote the whole text"
            )
        else:
            message = (
                "a second `: ` on this line makes the text after it look like a new field; "
                "put the whole value in quotes"
            )
    elif "scanning an alias" in context or "scanning an anchor" in context:
        rule = "yaml-alias"  # `*Important*`: the editor wrote text, YAML read an alias
        message = "text that starts with `*` or `&` is read as a YAML alias or anchor; put the whole value in quotes"
    elif "quoted scalar" in context and "end of stream" in problem and context_mark:
        line, column = context_mark.line + 1, context_mark.column + 1
        message = "this quote is never closed; add the closing quote (inside single quotes, write '' for an apostrophe)"
    elif "escape" in problem:
        if at(line, column) != "\\" and at(line, column - 1) == "\\":
            column -= 1
        message = (
            "this backslash starts an escape YAML does not know; in double quotes write \\\\ for a backslash, "
            "or use single quotes"
        )
    elif "unexpected document" in problem:  # libyaml: "indicator", pure Python: "separator"
        message = (
            "a line inside quoted text starts with `---` or `...`, which YAML reads as the end of the document; "
            "indent that line"
        )
    elif "directive" in context or "directive" in problem or "YAML document" in problem:
        message = (
            "a line starting with `%` at the top of a file is a YAML directive, which playbooks do not use; "
            "delete the line (text that starts with `%` goes in quotes)"
        )
    elif "<document start>" in problem:
        message = (
            "nothing can follow here: the YAML before this point is already complete; look for an extra `]` "
            "or `}`, text after a `...` line, or a line that belongs to no field"
        )
    elif "entries are not allowed" in problem:  # `key: - a`
        message = (
            "a `- ` list item cannot start on the same line as a field name or another item; "
            "start it on its own line, indented under its field"
        )
    elif open_flow is not None:
        pair = "[]" if isinstance(open_flow, Sequence) else "{}"
        if _only_blank_after(lines, line, column):
            line, column = open_flow.line, open_flow.column
            message = f"this `{pair[0]}` is never closed; add `{pair[1]}` after its last item"
        else:
            message = (
                f"the `{pair[0]}` opened at line {open_flow.line} is not closed with `{pair[1]}` before this point, "
                "or its items are not separated by `, `; put an item that contains `,`, `:`, `[`, `]`, `{` or `}` "
                "in quotes"
            )
    elif "tag" in problem or "scanning a tag" in context:
        message = (
            "a `!` here starts a YAML tag, which playbooks do not use; if it is text, put the whole value in quotes"
        )
    elif "simple key" in context and context_mark:
        line, column = context_mark.line + 1, context_mark.column + 1
        message = (
            "this line is neither `field: value` nor a `- ` list item; check its indentation "
            "and the `: ` after the field name"
        )
    elif "block" in context and ("expected" in problem or "did not find" in problem):
        message = (
            "this line does not fit the lines around it: indent it like the other fields or list items at its "
            "level, and if a value starts with a quote or a bracket, put the whole value in quotes"
        )
    else:
        detail = f"{context}: {problem}" if context else problem
        message = f"this is not valid YAML ({detail}); check the quoting and indentation here"
    return Finding(rule, message, Location(name, line, column))


def _only_blank_after(lines: list[str], line: int, column: int) -> bool:
    """Whether nothing but white space follows a position: the error is really "never closed"."""
    rest = [lines[line - 1][column - 1 :]] if 0 < line <= len(lines) else []
    return all(not text.strip() for text in rest + lines[line:])


def _invisible_indentation(lines: list[str], rows: list[int]) -> tuple[int, int, str] | None:
    """A tab or non-breaking space indenting the line of an error (or of its context): the usual hidden cause."""
    for row in rows:
        text = lines[row - 1] if 0 < row <= len(lines) else ""
        indentation = text[: len(text) - len(text.lstrip(" \t\u00a0"))]
        for character, message in (("\u00a0", _NBSP_INDENT), ("\t", _TAB_INDENT)):
            if character in indentation:
                return row, indentation.index(character) + 1, message
    return None


def _line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character index, counting line breaks as YAML does."""
    before = text[:position]
    breaks = list(_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, position - start + 1


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
