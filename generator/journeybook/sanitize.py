"""Raw HTML in hand-written pages, made inert with nh3 (the Ammonia sanitiser) before MkDocs sees it.

Markdown passes raw HTML through to the page, so a `docs/` page could carry a `<script>` or an `onerror=` to
every reader. nh3 parses the HTML the way a browser would and keeps only harmless elements and attributes;
we only decide *where* it runs: on the prose of a page that has a `<` at all, never on code (fenced blocks and
code spans are examples, shown as text by Markdown itself), and never on the front matter. nh3 escapes the
`>` and `&` it sees in prose; those two are put back, because Markdown needs `>` for quotes and neither can
start a tag, so the page reads as its author wrote it.
"""

from __future__ import annotations

import re

import nh3

# Where a page's code and front matter are, so that the sanitiser leaves them alone (finding places, not judging
# HTML: that is nh3's job).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_CODE = re.compile(
    r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1\2[`~]*[ \t]*$|\Z)"  # a fenced block, to its fence or the end
    r"|(`+)(?!`).+?(?<!`)\3(?!`)"  # a code span
    r"|<(?:https?|mailto):[^\s<>]*>",  # an autolink
    re.MULTILINE | re.DOTALL,
)


def clean_markdown(text: str) -> str:
    """The page with its raw HTML sanitised; a page without `<` is returned unchanged (the usual case)."""
    if "<" not in text:
        return text
    front = _FRONT_MATTER.match(text)
    start = front.end() if front else 0
    parts = [text[:start]]
    for match in _CODE.finditer(text, start):
        parts.append(_clean_prose(text[start : match.start()]))
        parts.append(match.group())
        start = match.end()
    parts.append(_clean_prose(text[start:]))
    return "".join(parts)


def clean_html(text: str) -> str:
    """A whole hand-written .html file, sanitised."""
    return nh3.clean(text)


def _clean_prose(text: str) -> str:
    if "<" not in text:
        return text
    return nh3.clean(text).replace("&gt;", ">").replace("&amp;", "&")
