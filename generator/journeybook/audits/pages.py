"""The staff site's Audits section: an overview (audits/index.md) and one page per journey with its test-call
results and its call kit (audits/<journey>.md).

pages.py asks for `audit_pages(site)` (plain dicts of PageSpec fields, so this module need not import pages.py)
and gives templates `audit_view(site)`: a public build gets an empty view and no page, so nothing of a call log
can reach a public site, its search index or its sitemap. The section exists once the playbook has a call log.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from markupsafe import Markup

from ..findings import Finding
from ..model import Journey
from ..schema import ID_PATTERN
from . import charts
from .kit import Kit, blank_log, conditions, make_kit
from .model import CallLog
from .stats import AuditStats, Heard, Tally, gather

_ID = re.compile(ID_PATTERN)
INDEX = "audits/index.md"
CALLS_LIMIT = 200  # calls listed per journey page, newest first; `journeybook audit` has them all


@dataclass
class AuditView:
    """What templates need to know of the test calls. Empty (`enabled` false) in a public build."""

    enabled: bool = False
    stats: AuditStats | None = None
    findings: list[Finding] = field(default_factory=list)
    journeys: dict[str, Journey] = field(default_factory=dict)

    def calls(self, journey_id: str) -> int:
        tally = self.stats.journeys.get(journey_id) if self.stats else None
        return tally.calls if tally else 0

    def journey_tally(self, journey_id: str) -> Tally | None:
        return self.stats.journeys.get(journey_id) if self.stats else None

    def heard_differently(self, question_id: str) -> list[Heard]:
        return self.stats.heard_differently(question_id) if self.stats else []

    def calls_heard_differently(self, question_id: str) -> int:
        return len({h.log.file for h in self.heard_differently(question_id)})


def audit_view(site: Any) -> AuditView:
    """The view for a pages.Site, worked out once per site."""
    cached = getattr(site, "_audit_view", None)
    if cached is None:
        cached = _make_view(site)
        site._audit_view = cached
    return cached


def _make_view(site: Any) -> AuditView:
    book = site.book
    if not site.staff or not book.audits:
        return AuditView()
    from .run import audit_playbook  # run.py reaches check.py, which pages.py only needs for types

    findings, context = audit_playbook(book, site.today)
    journeys = {j.id: j for j in site.journeys}
    return AuditView(True, gather(context), findings, journeys)


def audit_pages(site: Any) -> list[dict]:
    """PageSpec fields for every page of the Audits section, in navigation order (none in a public build)."""
    view = audit_view(site)
    if not view.enabled:
        return []
    specs = [
        {
            "path": INDEX,
            "template": "audits.md.j2",
            "title": "Audits",
            "context": partial(_index, site, view),
            "hide": ("navigation", "toc"),  # wide tables and charts
            "nav_title": "Audits",
        }
    ]
    for journey in view.journeys.values():
        if _ID.fullmatch(journey.id):
            specs.append(
                {
                    "path": f"audits/{journey.id}.md",
                    "template": "audit_journey.md.j2",
                    "title": f"Test calls: {journey.title}",
                    "context": partial(_journey, site, view, journey),
                    "hide": ("navigation",),
                }
            )
    return specs


def pct(value: float | None) -> str:
    return "—" if value is None else charts.percent(value)


def num(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _charts(key: str, months: dict[str, Tally]) -> list[Markup]:
    labels = list(months)
    tallies = list(months.values())
    if not labels:
        return []
    shares = [
        (name, [t.share(what) for t in tallies])
        for name, what in (
            ("knowledgeable", "knowledgeable"),
            ("defined the problem", "defined_problem"),
            ("offered a solution", "offered_solution"),
        )
    ]
    scores = [("treated (contacts)", [t.mean_treated for t in tallies])]
    scores.append(("satisfied (calls)", [t.mean_satisfied for t in tallies]))
    per_call = [
        ("wrong answers", [t.wrong / t.calls for t in tallies]),
        ("mixed messages", [t.mixed / t.calls for t in tallies]),
        ("handoffs", [t.handoffs / t.calls for t in tallies]),
    ]
    high = max([1.0, *(v for _, values in per_call for v in values)])
    return [
        Markup(charts.line_chart(f"{key}-shares", "Share of contacts, by month", labels, shares, 0, 1, charts.percent)),
        Markup(charts.line_chart(f"{key}-scores", "Mean treatment and satisfaction (1–5)", labels, scores, 1, 5)),
        Markup(
            charts.line_chart(
                f"{key}-per-call",
                "Per call: wrong answers, mixed messages, handoffs",
                labels,
                per_call,
                0,
                high,
                lambda v: f"{v:.1f}",
            )
        ),
    ]


def _index(site: Any, view: AuditView) -> dict:
    stats = view.stats
    assert stats is not None
    days = sorted(log.day for log in site.book.audits)
    journeys = sorted(
        ((view.journeys.get(jid), jid, tally) for jid, tally in stats.journeys.items()),
        key=lambda row: (-row[2].wrong - row[2].mixed, row[1]),
    )
    departments = sorted(stats.departments.items(), key=lambda row: (-row[1].wrong - row[1].mixed, row[0]))
    return {
        "total": stats.total,
        "first": days[0],
        "last": days[-1],
        "journey_rows": journeys,
        "department_rows": departments,
        "charts": _charts("all", stats.months),
        "wrong": stats.wrong,
        "mixed": stats.mixed,
        "pct": pct,
        "num": num,
        "kits": [j for j in view.journeys.values() if _ID.fullmatch(j.id)],
    }


def _journey(site: Any, view: AuditView, journey: Journey) -> dict:
    stats = view.stats
    assert stats is not None
    logs = sorted((log for log in site.book.audits if log.journey == journey.id), key=lambda log: (log.day, log.file))
    files = {log.file for log in logs}
    kit: Kit = make_kit(site.book, journey, site.today)
    return {
        "journey": journey,
        "tally": stats.journeys.get(journey.id),
        "calls": [_call_row(site, log, view.findings) for log in reversed(logs)][:CALLS_LIMIT],
        "more_calls": max(len(logs) - CALLS_LIMIT, 0),
        "charts": _charts(journey.id, stats.journey_months.get(journey.id, {})),
        "wrong": [h for h in stats.wrong if h.log.file in files],
        "mixed": [h for h in stats.mixed if h.log.file in files],
        "findings": [f for f in view.findings if f.location.file in files and f.suppressed is None],
        "kit": kit,
        "conditions_text": conditions,
        "blank_log": Markup(f"<pre><code>{html.escape(blank_log(kit))}</code></pre>"),
        "pct": pct,
        "num": num,
    }


def _call_row(site: Any, log: CallLog, findings: list[Finding]) -> dict:
    path = " → ".join(site.department_name(c.department) for c in log.contacts)
    return {
        "log": log,
        "path": path,
        "findings": sum(1 for f in findings if f.location.file == log.file and f.suppressed is None),
        "notes": [c.notes for c in log.contacts if c.notes] + ([log.notes] if log.notes else []),
    }


def audit_affected(books: tuple[Any, ...], journeys: set[str], questions: set[str]) -> set[str]:
    """For `serve`: the pages test calls show that an edit of the `journeys` or `questions` (their asks or answers)
    can change, in the playbook before and after the edit: a journey's call kit (its answers and words), the
    overview (journey titles, wrong answers), and the journey and question pages that count what was heard."""
    paths: set[str] = set()
    for book in books:
        if not book.audits:
            continue
        heard = {question_id for log in book.audits for contact in log.contacts for question_id in contact.heard}
        if journeys or heard & questions:
            paths.add(INDEX)
        for journey in book.journeys.values():
            if journey.id in journeys or any(q in questions for step in journey.steps for q in step.say):
                paths.add(f"audits/{journey.id}.md")
        for log in book.audits:
            if log.journey in journeys or any(q in questions for contact in log.contacts for q in contact.heard):
                paths.update((f"audits/{log.journey}.md", f"journeys/{log.journey}.md"))
        paths.update(f"questions/{question_id}.md" for question_id in heard & questions)
    return paths
