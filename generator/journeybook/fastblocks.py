"""Python-Markdown's output for the plain blocks of a page (paragraphs, lists, admonitions), without its passes.

Generated pages are mostly short blocks of a fixed shape: `- **Owner:** …`
list items, `!!! quote "…"` answers, link lists, with every value escaped to
inert text (pages/text.py). Python-Markdown parses each block, runs some
thirty inline patterns over every text and serialises a tree: half of a
build's time. `PlainBlocks`, a Markdown extension the MkDocs engine adds (not
the kept mkdocs.yml), turns a block into HTML itself where the block is made
only of what it knows — and stashes that HTML the way Python-Markdown stashes
raw HTML, so the page's output is the same string. Anything else (headings,
tables, code, emphasis with `_`, a bracket that is not a link, a block that
could join a list before or after it, …) is left to Python-Markdown, so a
page is never converted differently, only sooner; tests/test_fastblocks.py
compares the two on every page of the example and of generated playbooks.

Links are made relative by MkDocs' own `relpath` tree processor of the page
(`path_to_url`, which also records links to anchors for MkDocs' anchor
check); a link whose target is not a page of the site is left to MkDocs, which
warns about it. Only for the extension set the engine knows (`SAFE_EXTENSIONS`):
another extension may give the same text another meaning.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.utils import get_relative_url

from .linkspellings import spellings, target_uri
from .rawblocks import LiftBlocks

# Extensions whose effect on a plain paragraph, list or admonition is nothing, or exactly what this module does.
SAFE_EXTENSIONS = frozenset({"admonition", "attr_list", "md_in_html", "tables", "toc", "fenced_code", "meta"})

_LIST_ITEM = re.compile(r"- (?=\S)")  # the only list this module writes: "- " and text, one line an item
_ANY_LIST = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ ]+")  # what Python-Markdown would take for a list item
_ADMONITION = re.compile(r'!!! ([a-z][a-z0-9-]*) "([^"]+)"\Z')
_HR_OR_SETEXT = re.compile(r"[ ]{0,3}(?:[-*_][ ]{0,2}){3,}[ ]*\Z|[=-]+[ ]*\Z")
# What may start a paragraph line (or a list item's text): nothing that starts another kind of block.
_BLOCK_START = re.compile(r"[ \t#>=+\-!|<:]|\[[^\]]*\]:|\d+[.)]|\*(?!\*[^*\s])|\x02")
_INLINE = re.compile(
    r"\*\*(?P<strong>[^*\s](?:[^*]*[^*\s])?)\*\*"
    r"|\[(?P<text>[^\[\]*<>]+)\]\((?P<url>[A-Za-z0-9._~/#-]+)\)"
    # Links, code and escapes are found before tags, inside an attribute's value too: no [, ` or \ in one.
    r"|(?P<tag></?[a-zA-Z][a-zA-Z0-9]*(?: [a-zA-Z][a-zA-Z0-9-]*(?:=\"[^\"<>&\[`\\]*\")?)*>)"
    r"|(?P<entity>&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)"
)
# Left in plain text, these mean something to Python-Markdown or its HTML serialiser.
_ACTIVE = re.compile(r"[*_`\\\[\]<>&{}|\t\x02\x03]")


class _Unknown(Exception):
    """A block with something this module does not convert: Python-Markdown converts it."""


class PlainBlocks(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 — Python-Markdown's name
        # After html_block (20): raw HTML blocks are placeholders by then; before every block processor.
        md.preprocessors.register(_PlainBlocksPreprocessor(md), "journeybook_plain_blocks", 15)
        # Before MkDocs' anchor finder (21) and the raw-block finder (20) parse the page as HTML.
        md.preprocessors.register(LiftBlocks(md), "journeybook_lift_blocks", 25)
        # After fenced code and lifted blocks (25, registered before it), which hold no link of the page.
        md.preprocessors.register(_Source(md), "journeybook_source", 25)
        if "html_block" in md.preprocessors:
            md.preprocessors.register(_TextWithoutTags(md.preprocessors["html_block"]), "html_block", 20)
        # Before the inline patterns (20), which then skip the texts they could not change.
        md.treeprocessors.register(_NothingInline(md), "journeybook_nothing_inline", 21)


# An & that the HTML parser would not give back as it found it (an entity without its ";", say).
_LOOSE_AMPERSAND = re.compile(r"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)")
_PLACEHOLDER = re.compile(r"\x02wzxhzdk:[0-9]+\x03\Z")  # Python-Markdown's stash placeholder
# Where an inline pattern of the known extensions can start: code, escapes, links and images, tags and autolinks,
# entities, emphasis, placeholders, a hard line break.
_INLINE_ACTIVE = re.compile(r"[`\\\[\]<>&*_\x02\x03]|  \n")


class _Source(Preprocessor):
    """Keeps the page's lines as they are before raw HTML blocks (md_in_html's among them) are stashed, for
    linkspellings."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.journeybook_source = lines
        return lines


class _TextWithoutTags(Preprocessor):
    """The raw-HTML block finder, run only on a document that has a tag in it.

    It feeds the whole document to Python's HTML parser, a fifth of the
    Markdown time of a question page; a document without a "<" gives back
    exactly what it was given (text and complete entities are written out
    again as they were), so that pass is skipped for it.
    """

    def __init__(self, finder: Preprocessor) -> None:
        super().__init__(finder.md)
        self.finder = finder

    def run(self, lines: list[str]) -> list[str]:
        if any("<" in line or ("&" in line and _LOOSE_AMPERSAND.search(line)) for line in lines):
            return self.finder.run(lines)
        return lines


class _NothingInline(Treeprocessor):
    """Marks as atomic the texts no inline pattern can change, so the thirty patterns are not tried on them.

    A text without any character an inline pattern of the known extensions
    starts from (code, escapes, links, images, tags, entities, emphasis, hard
    breaks) comes out of that pass as it went in; so does a paragraph that is
    only a stash placeholder (one per block converted here). Most headings,
    table cells and converted blocks of a generated page are one or the other.
    """

    def run(self, root) -> None:
        for element in root.iter():
            text = element.text
            if text and not isinstance(text, AtomicString):
                if _PLACEHOLDER.match(text) if "\x02" in text else not _INLINE_ACTIVE.search(text):
                    element.text = AtomicString(text)


class _PlainBlocksPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        relpath = self.md.treeprocessors["relpath"] if "relpath" in self.md.treeprocessors else None
        if relpath is None:
            return lines  # not a page of a MkDocs build: links could not be made relative
        if any(line.isspace() and not _blank(line) for line in lines):
            # A line of no-break spaces, say: not blank to the block parser, yet a paragraph of it vanishes
            return lines
        runs = _runs(lines)
        relpath._journeybook_source = getattr(self.md, "journeybook_source", None) or ()
        known = _known_blocks(self.md)
        out: list[str] = []
        done = 0
        pending: list[str] = []  # converted blocks with only blank lines between: one placeholder for them all
        for index, (start, end) in enumerate(runs):
            before = runs[index - 1] if index else None
            after = runs[index + 1] if index + 1 < len(runs) else None
            try:
                html = _block(lines, start, end, before, after, relpath, known)
            except _Unknown:
                continue
            gap = lines[done:start]
            if pending and all(map(_blank, gap)):
                pending.append(html)  # Python-Markdown puts a line break between top-level blocks
            else:
                if pending:
                    out.append(self.md.htmlStash.store("\n".join(pending)))
                out.extend(gap)
                pending = [html]
            done = end
        if pending:
            out.append(self.md.htmlStash.store("\n".join(pending)))
        out.extend(lines[done:])
        return out


def _known_blocks(md) -> frozenset[str]:
    """The block kinds besides paragraphs and lists converted here as this instance's extensions would."""
    processors = md.parser.blockprocessors
    table = processors["table"] if "table" in processors else None
    plain_table = table is not None and not getattr(table, "config", {}).get("use_align_attribute", True)
    kinds = {"admonition"} if "admonition" in processors else set()
    return frozenset(kinds | {"table"} if plain_table else kinds)


def _blank(line: str) -> bool:
    """A line that ends a block for Python-Markdown: only spaces (a no-break space or form feed is text to it)."""
    return not line.strip(" ")


def _runs(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) of each block: a run of non-blank lines, an admonition with its indented body."""
    runs = []
    i, n = 0, len(lines)
    while i < n:
        if _blank(lines[i]):
            i += 1
            continue
        start = i
        admonition = lines[i].startswith("!!!")
        i += 1
        while i < n and not _blank(lines[i]):
            i += 1
        if admonition:  # the body goes on over blank lines while lines are indented
            j = i
            while j < n:
                if _blank(lines[j]):
                    j += 1
                elif lines[j].startswith(" "):
                    j += 1
                    i = j
                else:
                    break
        runs.append((start, i))
    return runs


def _block(lines, start, end, before, after, relpath, known=frozenset({"admonition", "table"})) -> str:
    if after is not None and lines[after[0]].startswith(" "):
        raise _Unknown  # an indented block after this one would continue it
    first = lines[start]
    if first.startswith("!!!"):
        if "admonition" not in known:
            raise _Unknown  # without the extension, a paragraph
        return _admonition(lines[start:end], relpath)
    block = lines[start:end]
    if _LIST_ITEM.match(first):
        for neighbour in (before, after):  # a list a blank line away joins this one and makes it loose
            if neighbour is not None and (_ANY_LIST.match(lines[neighbour[0]]) or lines[neighbour[0]].startswith(" ")):
                raise _Unknown
        return _list(block, relpath)
    if first.startswith("|"):
        if "table" not in known:
            raise _Unknown  # the extension set to write align attributes
        return _table(block, relpath)
    return _paragraph(block, relpath)


def _table(block: list[str], relpath) -> str:
    """A table of the tables extension, bordered on both sides, with a header, a separator and body rows."""
    rows = [line.strip(" ") for line in block]
    if len(rows) < 3 or any(not (row.startswith("|") and row.endswith("|") and len(row) > 1) for row in rows):
        raise _Unknown
    if any("`" in row or "\\" in row for row in rows):
        raise _Unknown  # code spans and escaped pipes: the extension's own splitting
    header, separator, *body = ([cell.strip(" ") for cell in row[1:-1].split("|")] for row in rows)
    if len(header) < 2 or len(separator) != len(header) or not all(map(_ALIGNMENT.fullmatch, separator)):
        raise _Unknown
    styles = [_ALIGN_STYLE.get((cell.startswith(":"), cell.endswith(":")), "") for cell in separator]

    def row(cells: list[str], tag: str) -> str:
        cells = (cells + [""] * len(styles))[: len(styles)]
        return (
            "<tr>\n"
            + "".join(
                f"<{tag}{style}>{_inline(cell, relpath)}</{tag}>\n" for cell, style in zip(cells, styles, strict=True)
            )
            + "</tr>\n"
        )

    head = row(header, "th")
    rest = "".join(row(cells, "td") for cells in body)
    return f"<table>\n<thead>\n{head}</thead>\n<tbody>\n{rest}</tbody>\n</table>"


_ALIGNMENT = re.compile(r":?-+:?")
_ALIGN_STYLE = {
    (True, True): ' style="text-align: center;"',
    (True, False): ' style="text-align: left;"',
    (False, True): ' style="text-align: right;"',
}


def _paragraph(block: list[str], relpath) -> str:
    for line in block:
        _check_line(line)
    return "<p>" + "\n".join(_inline(line, relpath) for line in block) + "</p>"


def _list(block: list[str], relpath) -> str:
    items = []
    for line in block:
        if not _LIST_ITEM.match(line) or _HR_OR_SETEXT.match(line):
            raise _Unknown
        text = line[2:]
        if not text.startswith("<"):  # a tag at the start of an item is inline HTML; of a paragraph, maybe a block
            _check_line(text)
        elif line != line.rstrip():
            raise _Unknown
        items.append(f"<li>{_inline(text, relpath)}</li>\n")
    return "<ul>\n" + "".join(items) + "</ul>"


def _admonition(block: list[str], relpath) -> str:
    match = _ADMONITION.match(block[0])
    if not match:
        raise _Unknown
    kind, title = match.groups()
    body = []
    for line in block[1:]:
        if not _blank(line) and not (line.startswith("    ") and line[4] not in " \t"):
            raise _Unknown  # deeper indentation is code or a nested block
        body.append("" if _blank(line) else line[4:])
    children = [f'<p class="admonition-title">{_inline(title, relpath)}</p>']
    runs = _runs(body)
    for index, (start, end) in enumerate(runs):
        part = body[start:end]
        if part[0].startswith("!!!"):
            raise _Unknown
        if _LIST_ITEM.match(part[0]):
            for neighbour in (runs[index - 1] if index else None, runs[index + 1] if index + 1 < len(runs) else None):
                if neighbour is not None and _ANY_LIST.match(body[neighbour[0]]):
                    raise _Unknown
            children.append(_list(part, relpath))
        else:
            children.append(_paragraph(part, relpath))
    return f'<div class="admonition {kind}">\n' + "".join(child + "\n" for child in children) + "</div>"


def _check_line(line: str) -> None:
    if _BLOCK_START.match(line) or _HR_OR_SETEXT.match(line) or line != line.rstrip():
        raise _Unknown


def _inline(text: str, relpath) -> str:
    """The HTML Python-Markdown makes of one line: **strong**, [links](to.md), inline tags, entities, text."""
    out = []
    position = 0
    for match in _INLINE.finditer(text):
        _plain(text[position : match.start()], before_link=match.group("url") is not None)
        out.append(text[position : match.start()])
        if match.group("strong") is not None:
            # Python-Markdown takes links and tags first, then **: the same as converting what is inside
            out.append(f"<strong>{_inline(match.group('strong'), relpath)}</strong>")
        elif match.group("url") is not None:
            label = match.group("text")
            _plain(_strip_entities(label))
            out.append(f'<a href="{_href(match.group("url"), relpath)}">{label}</a>')
        else:
            out.append(match.group(0))  # a tag or an entity: stashed and put back unchanged
        position = match.end()
    _plain(text[position:])
    out.append(text[position:])
    return "".join(out)


_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")


def _strip_entities(text: str) -> str:
    return _ENTITY.sub("", text) if "&" in text else text


def _plain(text: str, before_link: bool = False) -> None:
    if _ACTIVE.search(text) or (before_link and text.endswith("!")):
        raise _Unknown


def _href(url: str, relpath) -> str:
    """What MkDocs' relpath tree processor makes of this link, if the target is a page it knows.

    Its `path_to_url` works out the target's relative address link by link;
    a page links to the same page many times (with other anchors), so the
    address is worked out once per target and page, and each anchor is
    recorded for MkDocs' anchor check as `path_to_url` records it.
    """
    path, _, anchor = url.partition("#")
    if url.startswith("/"):
        raise _Unknown  # MkDocs warns about absolute links
    if anchor and (spellings(relpath) or {}).get((target_uri(relpath.file, path), anchor)) != {url}:
        raise _Unknown  # MkDocs names the page's first spelling of it; recorded here only if it is the one
    if not path:
        return relpath.path_to_url(url)
    targets = relpath.__dict__.setdefault("_journeybook_targets", {})
    found = targets.get(path)
    if found is None:
        file = relpath.file
        target = target_uri(file, path)
        target_file = relpath.files.get_file_from_path(target) if path.endswith(".md") else None
        if target_file is None:
            raise _Unknown  # MkDocs warns about it, or guesses: its own pass does that
        if target_file.inclusion.is_excluded():
            # MkDocs says so for every link: left to it, as a block begun here may still be left to it too
            raise _Unknown
        found = targets[path] = (target_file, get_relative_url(target_file.url, file.url))
    target_file, address = found
    if anchor:
        relpath.links_to_anchors.setdefault(target_file, {}).setdefault(anchor, url)
        return f"{address}#{anchor}"
    return address
