"""Is every compared text what it looks like? (invisible-character)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..decisions import character_name, invisible_characters
from ..findings import Finding, Location, Severity
from ..load import Scalar
from ..schema import Source, shown
from .base import RuleContext, rule


@rule("invisible-character", Severity.WARNING, "a decision or ask with a character nobody can see")
def invisible_character(ctx: RuleContext) -> Iterator[Finding]:
    """Why: a zero-width space, soft hyphen or byte-order mark pasted in from
    a web page or a chat tool is invisible on screen, yet makes "No" a
    different text from "no". journeybook ignores such characters when it
    compares decisions and asks, so they cause no false conflict, but
    staff copy them into emails and search cannot find the text they
    hide in. Each value that holds one is reported once, at the first.

    Bad:
    ```yaml
    decision: "No\u200b"     # a zero-width space after No
    ```

    Good:
    ```yaml
    decision: "No"
    ```

    Fix: delete the invisible character (the message says where); retype the word if your editor does not show it.
    """
    book = ctx.playbook
    files: dict[Path, list[str]] = {}  # file → its lines, read only for a value that has such a character
    for question in book.questions.values():
        yield from _check(ctx, files, question.src, "ask", question.ask, ("question", question.id))
    for answer in book.answers:
        if answer.decision:
            yield from _check(ctx, files, answer.src, "decision", answer.decision, ("question", answer.question))


def _check(
    ctx: RuleContext, files: dict[Path, list[str]], src: Source, name: str, text: str, scope: tuple[str, str]
) -> Iterator[Finding]:
    found = invisible_characters(text)
    if not found:
        return
    index, char = found[0]
    before = text[max(0, index - 12) : index]
    where = f'after "{shown(before)}"' if before else "at the start"
    more = f" (and {len(found) - 1} more invisible character{'s' if len(found) > 2 else ''})" if len(found) > 1 else ""
    yield Finding(
        "invisible-character",
        f'the {name} "{shown(text)}" has an invisible {character_name(char)} {where}{more}: it is ignored when '
        "decisions and asks are compared, but staff copy it and search misses the word it sits in; delete it",
        _position(ctx, files, src, name, char),
        scope=scope,
    )


def _position(ctx: RuleContext, files: dict[Path, list[str]], src: Source, name: str, char: str) -> Location:
    """Where the character is in the file: the value's position, moved to the character when it is on that line."""
    at = src.loc(name)
    node = src.node.pairs[name][1] if src.has(name) else None  # type: ignore[union-attr]
    if not isinstance(node, Scalar) or ctx.playbook.source_dir is None:
        return at
    line = _line(files, ctx.playbook.source_dir / at.file, at.line)
    column = line.find(char, at.column - 1)
    return Location(at.file, at.line, column + 1) if column >= 0 else at  # written as an escape: the value


_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break


def _line(files: dict[Path, list[str]], path: Path, number: int) -> str:
    if path not in files:
        try:
            files[path] = _BREAKS.split(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            files[path] = []
    lines = files[path]
    return lines[number - 1] if 0 < number <= len(lines) else ""
