"""Text that reaches a page: one escaping function for every YAML value (`md`), titles (`plain`), checked ids
(`slug`), front matter written by code, links built from validated ids, and the Jinja2 environment."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import svg
from ..model import Step
from ..schema import ID_PATTERN

TEMPLATES = Path(__file__).resolve().parents[3] / "site_templates"  # a checkout: the repository's own folder
if not TEMPLATES.is_dir():  # installed: pyproject.toml ships site_templates/ as journeybook.site_templates
    TEMPLATES = Path(__file__).resolve().parents[1] / "site_templates"

ID = re.compile(ID_PATTERN)

# --- escaping -------------------------------------------------------------------------------

# Characters Markdown (core and the usual extensions) or HTML give a meaning, as numeric character
# references: the browser shows the character, Markdown and the HTML parser see plain text.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_ENTITIES.update({c: f"&#{ord(c)};" for c in "\\`*_{}[]()#!|~^$"})
_ESCAPE = str.maketrans(_ENTITIES)
# Only at the start of a line: list items (- + 1. 1)), definition lists (:), setext underlines (=).
_LEADING = re.compile(r"^(?:(\d+)([.)])|([-+=:]))")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


def md(value: object) -> Markup:
    """Any value as inert inline Markdown: entities for every active character, line breaks as `<br>`.

    The result has no newline, so it can stand in a list item, a table cell,
    a heading or an indented admonition body without changing their structure.
    """
    return _md(value if type(value) is str else str(value))


@lru_cache(maxsize=1 << 16)
def _md(value: str) -> Markup:
    """`md` of a string, remembered: names, departments and decisions are printed on thousands of pages."""
    lines = [_SPACES.sub(" ", line).strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    escaped = [_LEADING.sub(_escape_leading, line.translate(_ESCAPE)) for line in lines]
    return Markup("<br>".join(escaped))


def _escape_leading(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return f"{match.group(1)}&#{ord(match.group(2))};"
    return f"&#{ord(match.group(3))};"


_LOOKALIKE = str.maketrans({"<": "‹", ">": "›", "&": "+", '"': "”", "'": "’", "\\": "/", "`": "’"})


def plain(value: object) -> str:
    """A one-line label without `< > & " '` — for page titles, which themes print unescaped (<title>, nav)."""
    return _SPACES.sub(" ", " ".join(str(value).split())).translate(_LOOKALIKE).strip()


def _finalize(value: object) -> object:
    if isinstance(value, Markup):
        return value
    if value is None:
        raise TypeError("a template printed None: guard optional fields with {% if %}")
    return md(value)


def slug(value: str) -> str:
    """An id checked before it becomes part of a file name or address."""
    if not ID.fullmatch(value):
        raise ValueError(f"not a valid id: {value!r}")
    return value


def front_matter(title: str, *, hide: Iterable[str] = ()) -> str:
    """YAML front matter written by code, never by template: the title is JSON-quoted (valid YAML).

    Nothing for a theme's own search (`search:`, `tags`): the answer finder builds its index from the model, and
    Zensical would show `tags` as chips. `render_macros: false` keeps mkdocs-macros (a plugin a repository's
    mkdocs.yml may enable for its own pages) from running generated pages through Jinja2; `md` escapes every
    `{`, so there is nothing to evaluate anyway.
    """
    lines = ["---", f"title: {json.dumps(plain(title), ensure_ascii=False)}", "render_macros: false"]
    hidden = list(hide)
    if hidden:
        lines.append(f"hide: [{', '.join(hidden)}]")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


@dataclass(frozen=True)
class Page:
    """One Markdown file of the docs folder. `nav_title` set: it is a top-level entry of the navigation."""

    path: str  # relative to the docs folder, forward slashes
    text: str
    nav_title: str | None = None


def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,  # macros and blocks then return Markup, which `_finalize` passes through
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["item"] = svg.item_label
    env.filters["plain"] = plain
    return env


def link_to(root: str, text: object, target: str, anchor: str | None = None) -> Markup:
    """A Markdown link whose text is escaped and whose address is built from validated ids only."""
    address = root + target + (f"#{anchor}" if anchor else "")
    return Markup(f"[{md(text)}]({address})")


def step_link(entry: dict) -> Markup:
    """A link to another step's section on the same journey page."""
    target: Step = entry["target"]
    text = md(f"{entry['number']}. {target.label}")
    return Markup(f"[{text}](#{slug(target.id)})")
