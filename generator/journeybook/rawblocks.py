"""Raw HTML blocks of a plain shape stashed before Python's HTML parser reads the page twice for them.

A journey page carries its swim lanes as an SVG of some hundred tags inside
a `<div>`. MkDocs feeds the whole page to an HTML parser to find anchor ids,
and Python-Markdown feeds it to another to find raw HTML blocks: two thirds
of the Markdown time of a journey page. `LiftBlocks` (part of fastblocks'
extension) stashes such a block itself, as the raw-block finder would (the
block's text, unchanged, as one placeholder), and notes the anchor ids MkDocs
would find in it (`md.journeybook_raw_ids`, which mdrender adds). Only where
that is exactly what both parsers would do: a `<div>` without `markdown`
starting a line after a blank one, ending with a `</div>` line before a blank
one, no blank line or other `div` inside; every `<` of the page opens a tag of
plain syntax (double-quoted attributes without `<`, `>` or `&`; no comments,
scripts or styles), and all tags before the block are closed. Anything else is
left to the parsers.
"""

from __future__ import annotations

import re

from markdown.preprocessors import Preprocessor

_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>&]*")?)*)\s*(/?)>')
_ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"<>&]*)")?')
_OPENING = re.compile(r'<div(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>&]*")?)*\s*>\Z')
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SPECIAL = frozenset({"script", "style", "pre", "code"})  # content the parsers read otherwise
_TEXT_ONLY = frozenset({"title", "textarea"})  # text-only in newer HTML parsers: plain only when nothing is inside


class LiftBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        self.md.journeybook_raw_ids = ids = set()
        if not any(line.startswith("<div") for line in lines):
            return lines
        blocks = _plain_blocks(lines)
        if not blocks:
            return lines
        out: list[str] = []
        done = 0
        for start, end in blocks:
            out.extend(lines[done:start])
            block = "\n".join(lines[start:end])
            out.append(self.md.htmlStash.store(block + "\n"))  # with its line end, as the finder keeps it
            ids.update(_anchor_ids(block))
            done = end
        out.extend(lines[done:])
        return out


def _plain_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) of the blocks to stash; none unless every tag of the page is plain."""
    text = "\n".join(lines)
    tags = list(_TAG.finditer(text))
    if text.count("<") != len(tags) or any(m.group(2).lower() in _SPECIAL for m in tags):
        return []
    for tag, after in zip(tags, [*tags[1:], None], strict=True):
        name = tag.group(2).lower()
        if name in _TEXT_ONLY and not tag.group(1) and (after is None or after.group(2).lower() != name):
            return []
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    starts.append(offset)
    blocks: list[tuple[int, int]] = []
    open_tags: list[str] = []  # the elements open where the line starts, from the tags before it
    tag_at, number = 0, 0
    while number < len(lines):
        while tag_at < len(tags) and tags[tag_at].start() < starts[number]:
            _follow(open_tags, tags[tag_at])
            tag_at += 1
        end = _block_end(lines, number) if not open_tags else None
        if end is None:
            number += 1
            continue
        blocks.append((number, end))
        while tag_at < len(tags) and tags[tag_at].start() < starts[end]:
            tag_at += 1  # the block's own: one div, opened and closed
        number = end
    return blocks


def _block_end(lines: list[str], number: int) -> int | None:
    """The end of a liftable block starting at this line, if one does."""
    if not _OPENING.match(lines[number]) or "markdown" in lines[number]:
        return None
    if number and lines[number - 1].strip(" "):  # blank to Python-Markdown: spaces only
        return None
    end = number + 1
    while end < len(lines) and lines[end].strip(" ") and lines[end] != "</div>":
        if "div" in lines[end].lower():  # a </DIV> closes the block as well
            return None
        end += 1
    if end == len(lines) or lines[end] != "</div>" or (end + 1 < len(lines) and lines[end + 1].strip(" ")):
        return None
    return end + 1


def _follow(open_tags: list[str], tag: re.Match[str]) -> None:
    name = tag.group(2).lower()
    if tag.group(4) or name in _VOID:
        return
    if tag.group(1):
        if open_tags and open_tags[-1] == name:
            open_tags.pop()
        else:
            open_tags.append("?")  # unbalanced: nothing after it is lifted
    else:
        open_tags.append(name)


def _anchor_ids(html: str) -> set[str | None]:
    """The ids MkDocs' raw-HTML pass finds in plain tags: every `id`, and `name` of an `a`."""
    found = set()
    for tag in _TAG.finditer(html):
        if tag.group(1):
            continue
        for attribute in _ATTRIBUTE.finditer(tag.group(3)):
            name = attribute.group(1).lower()
            if name == "id" or (name == "name" and tag.group(2).lower() == "a"):
                found.add(attribute.group(2))  # None for an attribute without a value, as the parser gives it
    return found
