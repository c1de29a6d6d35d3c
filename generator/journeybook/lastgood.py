"""serve: a file whose latest save does not load keeps its last good pages, each with a banner naming the error.

An editor saves half-written YAML all the time; without this, the file's journeys and questions would vanish
from the preview and the page being edited would reload as a 404. check.run_check(last_good=...) models such a
file as it last loaded; here its pages get a banner with the error's file:line, escaped like any playbook text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .pages import Page, md

if TYPE_CHECKING:
    from .check import CheckResult


def banners(result: CheckResult) -> dict[str, str]:
    """Page path → the banner its Markdown starts with, for pages of files shown as they last loaded."""
    if not result.stale:
        return {}
    book = result.playbook
    shown: dict[str, str] = {}
    for name, problems in result.stale.items():
        first = problems[0] if problems else None
        where = f"{name}:{first.location.line}:{first.location.column}" if first else name
        body = md(f"{where}: {first.message}" if first else f"{name} cannot be read")
        banner = (
            f'!!! failure "Not updated: the latest save of this file does not load"\n'
            f"    This page shows {md(name)} as it last loaded. {body}\n\n"
        )
        for journey in book.journeys.values():
            if journey.src.file == name:
                shown[f"journeys/{journey.id}.md"] = banner
        for question in book.questions.values():
            if question.file == name:
                shown[f"questions/{question.id}.md"] = banner
    return shown


def with_banners(pages: list[Page], shown: dict[str, str]) -> list[Page]:
    """The pages, with each banner put right after its page's front matter."""
    if not shown:
        return pages
    return [replace(page, text=_insert(page.text, shown[page.path])) if page.path in shown else page for page in pages]


def _insert(text: str, banner: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[: end + 5] + "\n" + banner + text[end + 5 :]
    return banner + text
