"""What is wrong with a YAML file's bytes, characters or syntax, as findings with a line and column."""

from __future__ import annotations

import re

import yaml

from .findings import Finding, Location
from .yaml_nodes import Node, Sequence

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}

# Line breaks to YAML but invisible to editors: line numbers after them would disagree with the editor's.
_HIDDEN_BREAKS = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}

# Those, and every character YAML 1.1 (what both parsers read) refuses.
_REFUSED = re.compile("[\x85\u2028\u2029]|[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
BREAK = re.compile(r"\r\n|\r|\n")
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
_TAB_INDENT = "a tab is used for indentation here; indent with spaces only"
NBSP_INDENT = (
    "this line is indented with a non-breaking space, which looks like a space but is not one; "
    "replace it with normal spaces"
)

_MAX_CHARACTER_FINDINGS = 20


def check_characters(text: str, name: str) -> tuple[str | None, list[Finding]]:
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
        for line_break in BREAK.finditer(text, scanned, position):  # one pass over the text, however many
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


def syntax_finding(error: yaml.YAMLError, name: str, text: str, open_flow: Node | None = None) -> Finding:
    """Turn a parser error into one message that says what to change, the same for libyaml and pure Python."""
    lines = BREAK.split(text)
    if isinstance(error, yaml.reader.ReaderError):  # unreachable after check_characters; kept as a safety net
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
        for character, message in (("\u00a0", NBSP_INDENT), ("\t", _TAB_INDENT)):
            if character in indentation:
                return row, indentation.index(character) + 1, message
    return None


def _line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character index, counting line breaks as YAML does."""
    before = text[:position]
    breaks = list(BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, position - start + 1


def decode(data: bytes, name: str) -> tuple[str, Finding | None]:
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            return "", yaml_finding("yaml-syntax", f"the file is {encoding}; save it as UTF-8", name)
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


def yaml_finding(rule: str, message: str, name: str) -> Finding:
    return Finding(rule, message, Location(name, 1, 1))
