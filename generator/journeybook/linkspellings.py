"""How a page spells its links to each anchor: fastblocks records a link's anchor only where that is one way.

MkDocs records the first spelling of a link to a page's anchor, in page order,
and names it in its missing-anchor warning. fastblocks converts some blocks
before the page is parsed, so it records their links early: the same record
only where no other spelling of a link to that anchor is in the page.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

# Anything that could be a link's destination with an anchor: inline, in <>, or of a reference definition.
_ANCHORED = re.compile(r"""(?<![^\s()<>\[\]"'])[^\s()<>\[\]"']*#[^\s()<>\[\]"']*""")  # from a token's start


def target_uri(file, path: str) -> str:
    """The docs-relative path of a link's target from `file`, as MkDocs' `_target_uri` (the file itself if none)."""
    if not path:
        return file.src_uri
    return posixpath.normpath(posixpath.join(posixpath.dirname(file.src_uri), unquote(path)).lstrip("/"))


def spellings(relpath) -> dict[tuple[str, str], set[str]] | None:
    """(target, anchor) → every spelling of a destination to it in the page (fenced code and lifted raw blocks
    aside), worked out once per page; None where the page's lines were not handed over (`_journeybook_source`)."""
    found = relpath.__dict__.get("_journeybook_spellings")
    if found is None:
        if "_journeybook_source" not in relpath.__dict__:
            return None
        found = relpath.__dict__["_journeybook_spellings"] = {}
        text = "\n".join(relpath.__dict__["_journeybook_source"])
        for url in set(_ANCHORED.findall(text)) if "#" in text else ():  # a page repeats its links
            parts = urlsplit(url)
            if not (parts.scheme or parts.netloc):
                found.setdefault((target_uri(relpath.file, parts.path), parts.fragment), set()).add(url)
    return found
