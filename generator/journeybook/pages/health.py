"""The health page: findings by severity, accepted ones, handoffs per journey, owners' workload, search tests."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..finder import run_search_tests
from ..findings import Severity

if TYPE_CHECKING:
    from .site import Site

HEALTH_LIMIT = 200  # findings listed per severity; `journeybook check` has them all


def health(site: Site) -> dict:
    active = [f for f in site.findings if f.suppressed is None]
    suppressed = [f for f in site.findings if f.suppressed is not None]
    by_severity = [
        (label, [f for f in active if f.severity == severity])
        for label, severity in (("Errors", Severity.ERROR), ("Warnings", Severity.WARNING), ("Info", Severity.INFO))
    ]
    handoffs = []
    for journey in site.journeys:
        flow = site.flows.get(journey.id)
        if flow is None:
            continue
        worst, path = flow.worst_path()
        limit = (
            journey.targets.max_handoffs
            if journey.targets and journey.targets.max_handoffs is not None
            else (site.book.settings.defaults.max_handoffs)
        )
        edges = [e for e in flow.edges if e.handoff]
        handoffs.append(
            {
                "journey": journey,
                "worst": worst,
                "limit": limit,
                "handoffs": len(edges),
                "dropping": sum(1 for e in edges if e.dropped),
            }
        )
    # Worst first: the page lists the first HEALTH_LIMIT of each table, so its size does not grow with the book.
    handoffs.sort(key=lambda r: (r["worst"] - r["limit"], r["dropping"], r["worst"]), reverse=True)
    workload = sorted(site.ownership(), key=lambda r: (-r["total"], r["id"]))
    counts = defaultdict(int)
    for f in active:
        counts[f.rule] += 1
    return {
        "by_severity": by_severity,
        "suppressed": suppressed,
        "counts": sorted(counts.items()),
        "handoffs": handoffs,
        "workload": [r for r in workload if r["total"]],
        "files": len(site.book.files),
        "limit": HEALTH_LIMIT,
        "search_tests": run_search_tests(site.book, site.today) if site.staff else [],
    }
