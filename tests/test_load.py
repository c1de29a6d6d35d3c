"""The loader: every malformed file becomes a finding at its file, line and column, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from journeybook import load
from journeybook.check import SettingsError, run_check
from journeybook.load import Limits, Mapping, Node, Scalar, Sequence, load_file, parse_bytes, parse_text
from test_cli import run_module

TAB = "a tab is used for indentation here; indent with spaces only"
NBSP = (
    "this line is indented with a non-breaking space, which looks like a space but is not one; "
    "replace it with normal spaces"
)
COLON = "a second `: ` on this line makes the text after it look like a new field; put the whole value in quotes"
STAR = "text that starts with `*` or `&` is read as a YAML alias or anchor; put the whole value in quotes"
DEEP = (
    "the nesting is deeper than 64 levels (a playbook needs a few): look for brackets opened and never closed, "
    "or flatten the structure"
)
EMPTY = "the file is empty; add its fields or delete the file"
ANCHOR = "`&{}` is a YAML anchor, and playbooks do not use anchors or aliases: write each value out where it is used"
ALIAS = (
    "`*{}` is a YAML alias, and playbooks do not use aliases: write the value out. "
    "If this is text that starts with `*`, put the whole value in quotes"
)
TAG = 'the tag "{}" is not allowed (journeybook reads plain text and converts each field itself): remove it'
BANG = "a `!` here starts a YAML tag, which playbooks do not use; if it is text, put the whole value in quotes"
MARKER_IN_QUOTES = (
    "a line inside quoted text starts with `---` or `...`, which YAML reads as the end of the document; "
    "indent that line"
)
DIRECTIVE = (
    "a line starting with `%` at the top of a file is a YAML directive, which playbooks do not use; "
    "delete the line (text that starts with `%` goes in quotes)"
)
COMPLETE = (
    "nothing can follow here: the YAML before this point is already complete; look for an extra `]` or `}`, "
    "text after a `...` line, or a line that belongs to no field"
)
ITEM_ON_FIELD_LINE = (
    "a `- ` list item cannot start on the same line as a field name or another item; "
    "start it on its own line, indented under its field"
)
OVER_INDENTED = (
    "this line is indented more than the field above it, so YAML reads it as more text of that field's value "
    "and refuses its `: `; indent it like the other fields, or quote the whole text"
)
INDENT = (
    "this line does not fit the lines around it: indent it like the other fields or list items at its level, "
    "and if a value starts with a quote or a bracket, put the whole value in quotes"
)


def found(text: str) -> list[tuple[str, int, int, str]]:
    _, findings = parse_text(text, "f.yaml")
    return [(f.rule, f.location.line, f.location.column, f.message) for f in findings]


def value(node: Node | None, *path: str | int) -> Node:
    for part in path:
        node = node.pairs[part][1] if isinstance(part, str) else node.items[part]  # type: ignore[union-attr]
    return node  # type: ignore[return-value]


# --- every scalar is text ----------------------------------------------------------------------


def test_every_scalar_stays_exactly_as_written() -> None:
    text = (
        "a: yes\nb: no\nc: NO\nd: on\ne: off\nf: 1:30\ng: 010\nh: 0123\ni: 1.10\nj: ~\nk: Null\nl: null\n"
        "m: 2024-02-30\nn: true\no: 0x1F\np: =\nq: .inf\nr: 1e3\ns: '010'\nt: [NO, y, n]\n"
    )
    root, findings = parse_text(text, "f.yaml")
    assert findings == []
    written = {key: node.value for key, (_, node) in root.pairs.items() if isinstance(node, Scalar)}
    assert written == {
        "a": "yes",
        "b": "no",
        "c": "NO",
        "d": "on",
        "e": "off",
        "f": "1:30",
        "g": "010",
        "h": "0123",
        "i": "1.10",
        "j": "~",
        "k": "Null",
        "l": "null",
        "m": "2024-02-30",
        "n": "true",
        "o": "0x1F",
        "p": "=",
        "q": ".inf",
        "r": "1e3",
        "s": "010",
    }
    assert [item.value for item in value(root, "t").items] == ["NO", "y", "n"]
    assert not any(getattr(node, "null", False) for _, node in root.pairs.values())


def test_only_a_plain_empty_value_is_nothing() -> None:
    root, _ = parse_text("owner:\nquoted: ''\ntilde: ~\nitems:\n  -\n", "f.yaml")
    assert value(root, "owner").null and value(root, "items", 0).null
    assert not value(root, "quoted").null and value(root, "quoted").value == ""
    assert not value(root, "tilde").null


def test_every_node_knows_its_line_and_column() -> None:
    root, _ = parse_text("id: a\nsteps:\n  - id: first\n    next: [b, {step: c}]\n", "f.yaml")
    assert (root.line, root.column) == (1, 1)
    step = value(root, "steps", 0)
    assert (step.line, step.column) == (3, 5)
    assert (value(step, "next").line, value(step, "next").column) == (4, 11)
    edge = value(step, "next", 1)
    assert isinstance(edge, Mapping) and (edge.line, edge.column) == (4, 15)
    assert (value(edge, "step").line, value(edge, "step").column) == (4, 22)
    key = step.pairs["next"][0]
    assert (key.line, key.column) == (4, 5)


# --- duplicate keys, anchors, aliases, tags ----------------------------------------------------


def test_a_duplicate_key_is_refused_with_the_first_one_related() -> None:
    _, findings = parse_text("id: a\ntitle: b\nid: c\n", "f.yaml")
    assert [(f.rule, str(f.location), f.message) for f in findings] == [
        (
            "yaml-duplicate-key",
            "f.yaml:3:1",
            'the key "id" appears twice in this mapping (first at line 1); keep one: '
            "journeybook never lets the last one silently win",
        )
    ]
    assert [(str(r.location), r.message) for r in findings[0].related] == [("f.yaml:1:1", "first written here")]


def test_a_nested_duplicate_key_keeps_the_first_value() -> None:
    root, findings = parse_text("steps:\n  - id: a\n    department: x\n    department: y\n", "f.yaml")
    assert [(f.rule, f.location.line, f.location.column) for f in findings] == [("yaml-duplicate-key", 4, 5)]
    assert value(root, "steps", 0, "department").value == "x"


def test_keys_that_only_look_alike_are_different_text() -> None:
    # YAML 1.1 would read both `yes` and `true` as True, and `1` and `0x1` as 1.
    root, findings = parse_text("yes: a\ntrue: b\n1: c\n0x1: d\nTitle: e\ntitle: f\n", "f.yaml")
    assert findings == []
    assert list(root.pairs) == ["yes", "true", "1", "0x1", "Title", "title"]


def test_anchors_and_aliases_are_refused() -> None:
    assert found("say: &refund You can return it.\nother: *refund\n") == [
        ("yaml-alias", 1, 6, ANCHOR.format("refund")),
        ("yaml-alias", 2, 8, ALIAS.format("refund")),
    ]


def test_a_billion_laughs_is_one_finding_per_name_and_never_expanded() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    root, findings = parse_text(text, "f.yaml")
    assert len(findings) == 9 + 8  # nine anchors, eight distinct aliases
    assert {f.rule for f in findings} == {"yaml-alias"}
    assert all(item.null for item in value(root, "i").items)  # an alias is never replaced by its anchor's value


def test_text_starting_with_a_star_gets_the_quoting_hint() -> None:
    assert found("note: *Important* call the hotline\n") == [("yaml-alias", 1, 17, STAR)]
    assert found("note: &Important& call\n") == [("yaml-alias", 1, 17, STAR)]
    assert found("note: *Important call the hotline\n") == [("yaml-alias", 1, 7, ALIAS.format("Important"))]
    assert found('note: "*Important* call the hotline"\n') == []


def test_merge_keys_are_refused() -> None:
    assert found("base: &b {x: 1}\nstep:\n  <<: *b\n") == [
        ("yaml-alias", 1, 7, ANCHOR.format("b")),
        ("yaml-alias", 3, 7, ALIAS.format("b")),
        ("schema", 3, 3, "merge keys (`<<`) are not supported: write the fields out"),
    ]


@pytest.mark.parametrize(
    ("text", "column", "shown"),
    [
        ("say: !!python/object/apply:os.system [echo hi]\n", 6, "!!python/object/apply:os.system"),
        ("say: !!python/name:os.system\n", 6, "!!python/name:os.system"),
        ("say: !!python/object/new:builtins.dict {}\n", 6, "!!python/object/new:builtins.dict"),
        ("x: !!binary aGk=\n", 4, "!!binary"),
        ("x: !!set {a, b}\n", 4, "!!set"),
        ("x: !!omap [a: 1]\n", 4, "!!omap"),
        ("max_handoffs: !!int 3\n", 15, "!!int"),
        ("closes: !!bool yes\n", 9, "!!bool"),
        ("review_by: !!timestamp 2024-02-30\n", 12, "!!timestamp"),
        ("x: !!str {a: b}\n", 4, "!!str"),  # a text tag on a mapping
        ("x: !!map [a]\n", 4, "!!map"),
        ("x: !<tag:example.com,2024:thing> y\n", 4, "tag:example.com,2024:thing"),
    ],
)
def test_every_non_standard_tag_is_refused(text: str, column: int, shown: str) -> None:
    assert found(text) == [("schema", 1, column, TAG.format(shown))]


def test_a_local_tag_suggests_quoting_the_text() -> None:
    assert found("say: !important Call back today\n") == [
        (
            "schema",
            1,
            6,
            TAG.format("!important") + ", or if `!important` is part of the text, put the whole value in quotes",
        ),
    ]


def test_the_plain_tags_change_nothing() -> None:
    root, findings = parse_text("x: !!str 3\ny: ! 4\nz: !!seq [a]\nw: !!map {a: b}\n", "f.yaml")
    assert findings == []
    assert value(root, "x").value == "3" and value(root, "y").value == "4"


def test_a_python_tag_is_never_executed(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "pwned"
    payload = (
        f"say: !!python/object/apply:os.system ['touch {target}']\n"
        f"ask: !!python/object/apply:subprocess.check_call [[touch, {target}]]\n"
    )
    folder = tmp_path / "book"
    (folder / "journeys").mkdir(parents=True)
    (folder / "journeys" / "evil.yaml").write_text(payload, encoding="utf-8")
    file = load_file(folder / "journeys" / "evil.yaml", "journeys/evil.yaml")
    assert [(f.rule, str(f.location)) for f in file.findings] == [
        ("schema", "journeys/evil.yaml:1:6"),
        ("schema", "journeys/evil.yaml:2:6"),
    ]
    run_check(folder)
    (folder / "journeybook.yaml").write_text(payload.replace("say:", "organization:"), encoding="utf-8")
    with pytest.raises(SettingsError):
        run_check(folder)
    monkeypatch.setattr(load, "_Parser", yaml.SafeLoader)
    parse_text(payload, "f.yaml")
    assert not target.exists()


# --- documents, emptiness, structure -----------------------------------------------------------


def test_one_document_per_file() -> None:
    assert found("a: b\n---\nc: d\n") == [
        ("yaml-syntax", 2, 1, "a playbook file holds one YAML document; remove the `---` line or split the file")
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   \n# and another\n"])
def test_an_empty_file_is_one_finding(text: str) -> None:
    assert found(text) == [("schema", 1, 1, EMPTY)]


def test_a_list_or_text_at_the_top_is_returned_for_the_schema_to_report() -> None:
    root, findings = parse_text("- a\n- b\n", "f.yaml")
    assert isinstance(root, Sequence) and findings == []
    root, findings = parse_text("just text\n", "f.yaml")
    assert isinstance(root, Scalar) and findings == []


def test_a_key_must_be_a_field_name() -> None:
    assert found("? [a, b]\n: c\nd: e\n") == [
        ("schema", 1, 3, "a field name must be plain text, not a list; write `field: value`")
    ]
    assert found("? \n: c\n") == [("schema", 1, 2, "a field name is missing before this `:`; write `field: value`")]


# --- syntax errors: where, and what to do ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("ask: Can I return it: yes or no?\n", 1, 21, COLON),
        ("owner: @alice\n", 1, 8, 'text cannot start with "@": put the whole value in quotes'),
        ("say: `code`\n", 1, 6, 'text cannot start with "`": put the whole value in quotes'),
        ("say: %done\n", 1, 6, 'text cannot start with "%": put the whole value in quotes'),
        (
            "say: 'It''s fine\nnext: x\n",
            1,
            6,
            "this quote is never closed; add the closing quote (inside single quotes, write '' for an apostrophe)",
        ),
        ("steps: [a, b\n", 1, 8, "this `[` is never closed; add `]` after its last item"),
        ("when: {segment: consumer\n", 1, 7, "this `{` is never closed; add `}` after its last item"),
        ("x: [a, [b, c]\n\n", 1, 4, "this `[` is never closed; add `]` after its last item"),
        (
            "x: [a, b c\ny: z\n",
            2,
            2,
            "the `[` opened at line 1 is not closed with `]` before this point, or its items are not separated "
            "by `, `; put an item that contains `,`, `:`, `[`, `]`, `{` or `}` in quotes",
        ),
        (
            'say: "C:\\qdir"\n',
            1,
            9,
            "this backslash starts an escape YAML does not know; in double quotes write \\\\ for a backslash, "
            "or use single quotes",
        ),
        (
            "steps:\n  - id: a\n  title\n",
            3,
            3,
            "this line is neither `field: value` nor a `- ` list item; check its indentation and the `: ` after "
            "the field name",
        ),
        ("steps:\n  - id: a\n  title: b\n", 3, 3, INDENT),
        ("say: 'quoted' and more\n", 1, 15, INDENT),
        ("Q" * 1100 + ": x\n", 1, 1101, "this field name is longer than YAML allows (1024 characters); shorten it"),
        ("%TAG !x! tag:example.com,2024:\n---\na: !y!z b\n", 3, 4, BANG),
        ("say: !x{a} b\n", 1, 8, BANG),
        ('say: "one\n---\ntwo"\n', 2, 1, MARKER_IN_QUOTES),
        ("say: 'one\n...\ntwo'\n", 2, 1, MARKER_IN_QUOTES),
        ("%YAML 1.1 extra\n---\na: b\n", 1, 11, DIRECTIVE),
        ("%YAML 2.0\n---\na: b\n", 1, 1, DIRECTIVE),
        ("a: b\n...\nc: d\n", 3, 1, COMPLETE),
        ("steps: - a\n", 1, 8, ITEM_ON_FIELD_LINE),
        ("steps:\n  - id: a\n    title: Call back\n      next: b\n", 4, 11, OVER_INDENTED),
        ("ask: Can I\n  return it: yes\n", 2, 12, OVER_INDENTED),
    ],
)
def test_a_syntax_error_says_where_and_what_to_do(text: str, line: int, column: int, message: str) -> None:
    assert found(text) == [("yaml-syntax", line, column, message)]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("steps:\n\t- id: a\n", 2, 1),
        ("a:\n  b: 1\n\tc: 2\n", 3, 1),
        ("a:\n  - b\n  \t- c\n", 3, 3),
    ],
)
def test_tab_indentation(text: str, line: int, column: int) -> None:
    assert found(text) == [("yaml-syntax", line, column, TAB)]


def test_a_tab_inside_text_is_fine() -> None:
    root, findings = parse_text("say: a\tb\ndo: |\n  one\ttwo\n", "f.yaml")
    assert findings == [] and value(root, "say").value == "a\tb"


@pytest.mark.parametrize(
    "text",
    [
        "steps:\n\u00a0\u00a0- a\n",  # the parser fails on the next line: the finding names this one
        "a: b\n\u00a0 c: d\n",  # parses, as a field named "\u00a0 c"
    ],
)
def test_non_breaking_space_indentation(text: str) -> None:
    assert found(text) == [("yaml-syntax", 2, 1, NBSP)]


def test_a_non_breaking_space_inside_text_is_fine() -> None:
    root, findings = parse_text("say: 30\u00a0days\n", "f.yaml")
    assert findings == [] and value(root, "say").value == "30\u00a0days"


def test_nesting_5000_deep_is_one_finding_at_the_65th_level() -> None:
    flow = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    assert found(flow) == [("yaml-syntax", 1, 67, DEEP)]
    block = "".join("  " * i + "a:\n" for i in range(5000))
    assert found(block) == [("yaml-syntax", 65, 129, DEEP)]
    block_list = "".join("  " * i + "-\n" for i in range(5000))
    assert found(block_list) == [("yaml-syntax", 65, 129, DEEP)]
    mixed = "".join(f"{'  ' * i}k{i}:\n" for i in range(100))
    assert found(mixed) == [("yaml-syntax", 65, 129, DEEP)]


def test_a_parser_that_gives_up_on_deep_flow_first_still_gives_the_65th_level(monkeypatch) -> None:
    """libyaml 0.2.6 (PyYAML 6.0.4) refuses deep flow nesting while scanning ahead, before any event: whatever
    parser refuses first, the finding is ours, at the 65th level, never "the `[` is not closed"."""

    class ScansAhead(yaml.SafeLoader):  # stands in for any libyaml that stops at its own limit
        def get_event(self):
            if self.flow_level > 100:
                raise yaml.scanner.ScannerError(
                    "while increasing flow level", None, "exceeded maximum nesting depth", self.get_mark()
                )
            return super().get_event()

        def fetch_more_tokens(self):  # scan the whole bracket run before the first event, as libyaml does
            super().fetch_more_tokens()
            if self.flow_level > 100:
                raise yaml.scanner.ScannerError(
                    "while increasing flow level", None, "exceeded maximum nesting depth", self.get_mark()
                )

    monkeypatch.setattr(load, "_Parser", ScansAhead)
    assert found("a: " + "[" * 5000 + "]" * 5000 + "\n") == [("yaml-syntax", 1, 67, DEEP)]
    assert found("a: " + "[" * 5000 + "\n") == [("yaml-syntax", 1, 67, DEEP)]


def test_64_levels_are_accepted() -> None:
    root, findings = parse_text("a: " + "[" * 63 + "]" * 63 + "\n", "f.yaml")
    assert findings == [] and isinstance(root, Mapping)


# --- encodings, byte order marks, line breaks, characters --------------------------------------


def test_a_utf8_bom_is_stripped() -> None:
    root, findings = parse_bytes("\ufeffid: café\n".encode(), "f.yaml")
    assert findings == []
    assert list(root.pairs) == ["id"] and value(root, "id").value == "café"
    assert (root.pairs["id"][0].line, root.pairs["id"][0].column) == (1, 1)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("id: café\n".encode("utf-16"), "UTF-16"),
        (b"\xfe\xff" + "id: café\n".encode("utf-16-be"), "UTF-16"),
        ("id: café\n".encode("utf-32"), "UTF-32"),
        (b"\x00\x00\xfe\xff" + "id: x\n".encode("utf-32-be"), "UTF-32"),
    ],
)
def test_utf16_and_utf32_are_reported(data: bytes, encoding: str) -> None:
    _, findings = parse_bytes(data, "f.yaml")
    assert [(f.rule, str(f.location), f.message) for f in findings] == [
        ("yaml-syntax", "f.yaml:1:1", f"the file is {encoding}; save it as UTF-8")
    ]


def test_utf16_without_a_bom_is_reported() -> None:
    _, findings = parse_bytes("id: a\n".encode("utf-16-le"), "f.yaml")
    assert [(f.rule, str(f.location), f.message) for f in findings] == [
        (
            "yaml-syntax",
            "f.yaml:1:2",
            "the file contains NUL characters, so it is probably saved as UTF-16; save it as UTF-8",
        )
    ]


def test_latin1_is_reported_at_the_first_bad_byte() -> None:
    _, findings = parse_bytes("id: a\ntitle: Café crème\n".encode("latin-1"), "f.yaml")
    assert [(f.rule, str(f.location), f.message) for f in findings] == [
        (
            "yaml-syntax",
            "f.yaml:2:11",
            "the file is not valid UTF-8 at byte 16 (perhaps Latin-1 or Windows-1252); save it as UTF-8",
        )
    ]


def test_crlf_line_numbers_are_right() -> None:
    root, findings = parse_text("id: a\r\ntitle: b\r\nsteps:\r\n  - id: c\r\n", "f.yaml")
    assert findings == []
    assert (value(root, "steps", 0, "id").line, value(root, "steps", 0, "id").column) == (4, 9)
    assert value(root, "title").value == "b"
    assert found("id: a\r\ntitle: b\r\nask: c: d\r\n") == [("yaml-syntax", 3, 7, COLON)]
    assert found("id: a\rtitle: b: c\r") == [("yaml-syntax", 2, 9, COLON)]  # old Mac line ends


def test_a_crlf_file_keeps_its_line_numbers_through_the_whole_check(playbook_dir) -> None:
    journey = "id: j\r\ntitle: J\r\nowner: nobody-here\r\nsteps:\r\n  - id: a\r\n    closes: maybe\r\n"
    result = run_check(playbook_dir({"journeys/j.yaml": journey}))
    assert [(f.rule, str(f.location)) for f in result.findings if f.rule == "schema"] == [
        ("schema", "journeys/j.yaml:6:13")
    ]


def test_control_characters_are_reported_and_the_rest_is_still_read() -> None:
    root, findings = parse_text("title: café\x07 x\nsay: ok\x1b\nask: fine\n", "f.yaml")
    assert [(f.rule, str(f.location), f.message) for f in findings] == [
        ("yaml-syntax", "f.yaml:1:12", "the control character U+0007 is not allowed in a playbook; delete it"),
        ("yaml-syntax", "f.yaml:2:8", "the control character U+001B is not allowed in a playbook; delete it"),
    ]
    assert value(root, "ask").value == "fine"


def test_many_control_characters_are_one_finding_per_line_and_at_most_twenty() -> None:
    assert len(found("a: " + "\x01" * 1000 + "\n")) == 1
    assert len(found("".join(f"a{i}: \x01\n" for i in range(1000)))) == 20


def test_an_invisible_line_separator_is_reported_and_keeps_line_numbers_right() -> None:
    assert found("say: one\u2028two\nask: x: y\n") == [
        (
            "yaml-syntax",
            1,
            9,
            "an invisible line separator character (U+2028) is here, which YAML reads as a line break; "
            "replace it with a space or a real line break",
        ),
        ("yaml-syntax", 2, 7, COLON),
    ]


def test_a_lone_surrogate_is_a_finding_not_an_encoding_error() -> None:
    assert found("a: \ud800\n") == [
        ("yaml-syntax", 1, 4, "the control character U+D800 is not allowed in a playbook; delete it")
    ]


# --- files ---------------------------------------------------------------------------------------


def test_load_file_reports_an_unreadable_file(tmp_path: Path) -> None:
    file = load_file(tmp_path / "missing.yaml", "missing.yaml")
    assert file.root is None
    assert [(f.rule, str(f.location), f.message) for f in file.findings] == [
        ("skipped-path", "missing.yaml:1:1", "cannot read the file: No such file or directory")
    ]


def test_load_file_refuses_a_file_over_the_size_limit_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("say: " + "x" * 100 + "\n", encoding="utf-8")
    file = load_file(path, "big.yaml", Limits(max_file_bytes=50))
    assert file.root is None and file.size == 106
    assert [(f.rule, str(f.location), f.message) for f in file.findings] == [
        (
            "schema",
            "big.yaml:1:1",
            "the file is 106 bytes, over the limit of 50 bytes (limits.max_file_bytes in journeybook.yaml); "
            "split it into smaller files",
        )
    ]


BIG_AND_BROKEN = "say: [never closed\n" + "# padding\n" * 30  # 319 bytes of invalid YAML


def test_a_file_over_max_file_bytes_is_one_finding_and_the_others_are_still_checked(playbook_dir, tmp_path) -> None:
    """Checked before parsing: the file is invalid YAML too, and only its size is reported."""
    playbook_dir(
        {
            "journeybook.yaml": "limits: {max_file_bytes: 200}\n",
            "journeys/big.yaml": BIG_AND_BROKEN,
            "journeys/small.yaml": "id: small\ntitle: It: breaks\n",
        }
    )
    done = run_module("check", "playbook", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert [line for line in done.stdout.splitlines() if ": error " in line] == [
        "playbook/journeys/big.yaml:1:1: error schema the file is 319 bytes, over the limit of 200 bytes "
        "(limits.max_file_bytes in journeybook.yaml); split it into smaller files",
        f"playbook/journeys/small.yaml:2:10: error yaml-syntax {COLON}",
    ]


def test_a_playbook_over_max_total_bytes_is_not_read_at_all(playbook_dir, tmp_path) -> None:
    """Exit 2 (a settings error), not findings: a partial check would call everything in the unread files unknown."""
    playbook_dir({"journeybook.yaml": "limits: {max_total_bytes: 300}\n", "journeys/big.yaml": BIG_AND_BROKEN})
    done = run_module("check", "playbook", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "Error: the playbook is 350 bytes in 2 YAML files, over the limit of 300 bytes; nothing was read. "
        "Raise limits.max_total_bytes in journeybook.yaml, or check a smaller folder\n"
    )


def test_the_size_limits_are_inclusive(playbook_dir) -> None:
    settings = "limits: {max_file_bytes: 319, max_total_bytes: 371}\n"  # 52 bytes: exactly the files' sizes
    result = run_check(playbook_dir({"journeybook.yaml": settings, "journeys/big.yaml": BIG_AND_BROKEN}))
    assert [(f.rule, str(f.location)) for f in result.findings] == [("yaml-syntax", "journeys/big.yaml:1:6")]
    (result.playbook.source_dir / "journeybook.yaml").write_text(settings.replace("371", "370"), encoding="utf-8")
    with pytest.raises(SettingsError, match="the playbook is 371 bytes in 2 YAML files, over the limit of 370"):
        run_check(result.playbook.source_dir)


def test_load_file_keeps_the_name_and_size(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_bytes("\ufeffchannels: [phone]\n".encode())
    file = load_file(path, "org.yaml")
    assert (file.path, file.size, file.findings) == ("org.yaml", 21, [])
    assert isinstance(file.root, Mapping)


# --- the C parser and the pure-Python one agree ------------------------------------------------


def _positions(node: Node | None) -> list[tuple]:
    """Every node's kind, value and position, depth first, without recursion."""
    out: list[tuple] = []
    stack = [node]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node, Scalar):
            out.append(("scalar", node.value, node.null, node.line, node.column))
        elif isinstance(node, Mapping):
            out.append(("mapping", node.line, node.column))
            for key, child in reversed(list(node.pairs.values())):
                stack.extend([child, key])
        else:
            out.append(("list", node.line, node.column))
            stack.extend(reversed(node.items))
    return out


SAMPLE_ERRORS = [
    "ask: Can I return it: yes or no?\n",
    "owner: @alice\n",
    "note: *Important* call the hotline\n",
    "steps:\n\t- id: a\n",
    "a:\n  b: 1\n\tc: 2\n",
    "steps: [a, b\n",
    "x: [a, b c\ny: z\n",
    "say: 'open\n",
    "steps:\n  - id: a\n  title\n",
    "steps:\n  - id: a\n  title: b\n",
    "a: b\n---\nc: d\n",
    "id: a\r\ntitle: b\r\nask: c: d\r\n",
    "title: café\x07\n",
    "a: " + "[" * 100 + "]" * 100,
    "steps:\n\u00a0\u00a0- a\n",
]


SAMPLE = """\
id: laptop-will-not-charge
title: My laptop won't charge
problem: "My computer doesn't work — it won't charge or turn on."
owner: dana-lee
segments: [consumer, small-business]
targets:
  resolution: 5 days
  max_handoffs: 2
review_by: 2027-02-01
steps:
  - id: first-contact
    title: Take the call
    department: customer-care
    do:
      - Open one case for the customer's problem; every later step works on it.
    say: [warranty-status]
    capture: [case-id, serial-number, symptoms]
    next:
      - step: diagnose
        carry: [case-id, serial-number, symptoms]
  - id: diagnose
    department: hardware-support
    needs: [serial-number, symptoms]
    next:
      - confirm-fixed
  - id: confirm-fixed
    department: customer-care
    closes: true
    confirm: >
      The customer says the laptop
      charges and starts.
suppress:
  too-many-handoffs: 'Parts ship from the central warehouse: it''s policy.'
extra:\r
  - café: 'ünïcode 😀'\r
  - "1:30"\r
  - [NO, {a: ~, b: }, '', ""]\r
  - |
    block
      text
  -
  - ? explicit key
    : value
"""


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML was built without libyaml")
def test_the_c_parser_is_used_and_gives_the_same_positions_as_pure_python(monkeypatch) -> None:
    assert load._Parser is yaml.CSafeLoader
    texts = [SAMPLE, (ROOT / "tests/fixtures/rules/_base/org.yaml").read_text(encoding="utf-8"), *SAMPLE_ERRORS]

    def parse_all() -> list[tuple]:
        results = [parse_text(text, "f.yaml") for text in texts]
        return [(_positions(root), [(f.rule, str(f.location), f.message) for f in found]) for root, found in results]

    with_c = parse_all()
    monkeypatch.setattr(load, "_Parser", yaml.SafeLoader)
    with_python = parse_all()
    assert len(with_c[0][0]) > 80 and with_c[0][1] == []
    assert with_c == with_python
