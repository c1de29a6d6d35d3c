"""The site's view of answer history (changes.py): the "What changed" page, each question's last changes, and
the Atom feed at changes/feed.xml.

What a public build shows is decided here: only questions the site shows (public ones), only the words said
to customers (`say`) — never the staff-only `decision`, never a commit message (written by staff, for staff).
A change that touched only the decision is left out of a public build altogether.

The feed is written with the standard library's ElementTree rather than a feed library or a template: it is a
dozen elements, and ElementTree escapes every text and attribute itself, so no playbook text can break the XML.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import groupby
from typing import TYPE_CHECKING

from .changes import DAYS, AnswerChange, answer_history

if TYPE_CHECKING:
    from .model import Answer
    from .pages import Site

FEED_PATH = "changes/feed.xml"
FEED_ENTRIES = 50
QUESTION_HISTORY = 5  # changes listed on a question's page
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class ShownChange:
    """An AnswerChange as the audience may see it."""

    change: AnswerChange
    department: str  # the department's name
    decision: tuple[str | None, str | None] | None  # (before, after); None when not shown or unchanged
    say: tuple[str | None, str | None] | None
    message: str | None  # the commit subject, staff only


def history(site: Site) -> list[ShownChange]:
    """The answer changes `site`'s audience may see, newest first (computed once per site)."""
    cached = site.__dict__.get("_answer_history")
    if cached is not None:
        return cached
    source = site.book.source_dir
    changes = (answer_history(source, site.today) if source is not None else None) or []
    shown = [entry for entry in (_shown(site, change) for change in changes) if entry is not None]
    site.__dict__["_answer_history"] = shown
    return shown


def _shown(site: Site, change: AnswerChange) -> ShownChange | None:
    if change.question not in site.question_ids:
        return None
    staff = site.staff
    before, after = change.before, change.after
    decision = (
        (before[0] if before else None, after[0] if after else None) if staff and change.decision_changed else None
    )
    say = (before[1] if before else None, after[1] if after else None) if change.say_changed else None
    if decision is None and say is None:
        return None
    department = change.department
    if not department:
        question = site.book.questions.get(change.question)
        department = site.book.department_of(question.owner if question else None) or ""
    return ShownChange(
        change, site.department_name(department or None), decision, say, change.message if staff else None
    )


def changing_soon(site: Site) -> list[tuple[date, Answer]]:
    """Answers of the visible questions that start on a future date, soonest first."""
    later = [
        (answer.effective.start, answer)
        for answer in site.book.answers
        if answer.question in site.question_ids
        and answer.effective is not None
        and answer.effective.start is not None
        and answer.effective.start > site.today
    ]
    later.sort(key=lambda item: (item[0], item[1].question, item[1].by or ""))
    return later


def page_context(site: Site) -> dict:
    """The context of changes.md.j2."""
    shown = history(site)
    by_department = [
        (name, list(entries))
        for name, entries in groupby(sorted(shown, key=lambda s: s.department), lambda s: s.department)
    ]
    return {"by_department": by_department, "soon": changing_soon(site), "days": DAYS, "feed": "feed.xml"}


def question_history(site: Site, question_id: str) -> list[ShownChange]:
    """The newest changes of one question (indexed once per site: every question page asks)."""
    index = site.__dict__.get("_answer_history_by_question")
    if index is None:
        index = {}
        for entry in history(site):
            listed = index.setdefault(entry.change.question, [])
            if len(listed) < QUESTION_HISTORY:
                listed.append(entry)
        site.__dict__["_answer_history_by_question"] = index
    return index.get(question_id, [])


# --- the Atom feed --------------------------------------------------------------------------


def feed(site: Site) -> bytes:
    """An Atom feed of the newest changes; links are relative to the feed's own address (changes/feed.xml)."""
    ET.register_namespace("", ATOM)
    shown = history(site)[:FEED_ENTRIES]
    organization = site.book.settings.organization or "Playbook"
    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "title", f"{organization}: what changed")
    _text(root, "id", _urn("feed", organization, site.audience))
    newest = shown[0].change.time if shown else _midnight(site.today)
    _text(root, "updated", _stamp(newest))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href="feed.xml")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href="./")
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", organization)
    for entry in shown:
        change = entry.change
        question = site.book.questions.get(change.question)
        element = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(element, "title", f"{entry.department}: {question.ask if question else change.question}")
        _text(element, "id", _urn(change.commit, change.question, change.department, change.conditions))
        _text(element, "updated", _stamp(change.time))
        ET.SubElement(element, f"{{{ATOM}}}link", rel="alternate", href=f"../questions/{change.question}/")
        _text(element, "summary", summary(entry))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def summary(entry: ShownChange) -> str:
    """The change in words, for the feed: `Decision: £95 → £115. Say: “…” → “…”.`"""
    parts = []
    if entry.change.conditions:
        parts.append(f"For {entry.change.conditions}.")
    for label, pair in (("Decision", entry.decision), ("Say", entry.say)):
        if pair is not None:
            before, after = pair
            parts.append(f"{label}: {_quoted(before)} → {_quoted(after)}.")
    if entry.message:
        parts.append(f"Commit: {entry.message}")
    return " ".join(parts)


def _quoted(text: str | None) -> str:
    return f"“{text}”" if text is not None else "(none)"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = _xml_safe(text)


def _xml_safe(text: str) -> str:
    """XML 1.0 refuses most control characters even escaped; a commit message may hold one."""
    return "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and not 0xFFFE <= ord(c) <= 0xFFFF))


def _urn(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "journeybook:" + "\0".join(parts)).urn


def _stamp(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat().replace("+00:00", "Z")


def _midnight(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
