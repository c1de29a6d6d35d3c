"""YAML parser events → Nodes, without recursion, refusing anchors, aliases, tags, duplicate keys and deep nesting."""

from __future__ import annotations

import yaml

from .findings import Finding, Location, Related
from .yaml_nodes import Mapping, Node, Scalar, Sequence, kind_of
from .yaml_problems import BREAK, NBSP_INDENT

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


class Composer:
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
            if kind is SCALAR:
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
            self.lines = BREAK.split(self.text)
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
            self.add_at("yaml-syntax", NBSP_INDENT, key.line, key.column)
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
SCALAR, _MAPPING_START, _MAPPING_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
