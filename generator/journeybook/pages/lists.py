"""The journeys and people lists of a large playbook: a page per segment, people by name, in parts when long.

A small playbook keeps one Journeys page and one People page. Past a size (counted in entries, so the plan is
known without rendering) the Journeys page lists the segments with their counts, each segment gets pages of its
own, and the People page (like the Questions page's list of topics) holds the first names of the alphabet with links
to the rest: a page holds at most a
few hundred entries (about 100 KB of HTML), whatever the size of the playbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from ..model import Journey
from .paging import Paged, Part, paged
from .text import ID, slug

if TYPE_CHECKING:
    from .site import Site, TopicView

JOURNEYS_PER_PAGE = 200  # entries of the journeys lists (a journey of two segments is listed twice)
PEOPLE_PER_PAGE = 150  # rows of the people tables
TOPICS_PER_PAGE = 400  # entries of the Questions page's list of topics
EVERYONE = "all_customers"  # journeys for every segment; not an id (ids have no `_`), so no segment's page


def journey_lists(site: Site) -> list[Paged[Journey]] | None:
    """Each segment's journeys (those for every segment last), or None when they fit the Journeys page."""
    groups = _journeys_by_segment(site)
    if sum(len(journeys) for _, _, journeys in groups) <= JOURNEYS_PER_PAGE:
        return None
    return [
        paged(title, f"journeys/by-segment/{key}", journeys, JOURNEYS_PER_PAGE, lambda j: j.title)
        for key, title, journeys in groups
    ]


def _journeys_by_segment(site: Site) -> list[tuple[str, str, list[Journey]]]:
    """(file name, title, journeys) per segment, in the order of the Journeys page (`Site._journeys_by_segment`)."""
    groups: dict[str, list[Journey]] = {segment_id: [] for segment_id in site.book.segments}
    everyone: list[Journey] = []
    for journey in site.journeys:
        for segment_id in dict.fromkeys(journey.segments):
            groups.setdefault(segment_id, []).append(journey)
        if not journey.segments:
            everyone.append(journey)
    named = [segment for segment in groups.items() if segment[1]]
    keys = [slug(s) if ID.fullmatch(s) else f"segment_{n}" for n, (s, _) in enumerate(named, start=1)]
    rows = [(key, site._segment_name(s), journeys) for key, (s, journeys) in zip(keys, named, strict=True)]
    return rows + ([(EVERYONE, "All customers", everyone)] if everyone else [])


def people_list(site: Site) -> Paged[dict]:
    """The people table's rows: on the People page, or (past `PEOPLE_PER_PAGE`) by name, the first part there."""
    return paged("People", "people", site.ownership(), PEOPLE_PER_PAGE, _name)


def topic_list(site: Site) -> Paged[TopicView]:
    """The topics the Questions page lists: all there, or (past `TOPICS_PER_PAGE`) by title, the first part there."""
    named = [topic for topic in site.topics() if topic.id is not None]
    return paged("Topics", "questions/topics", named, TOPICS_PER_PAGE, lambda t: t.title, first="questions/index.md")


def _name(row: dict) -> str:
    return row["person"].name if row["person"] else row["id"]


def list_specs(section: str | None, lists: list[Paged] | None, template: str, skip: int = 0) -> Iterator[dict]:
    """The pages of each list's parts but the first `skip`, as PageSpec fields (`site.plan` makes them PageSpecs)."""
    for group in lists or ():
        for part in group.parts[skip:]:
            title = (f"{section}: " if section else "") + group.title + (f" ({part.label})" if part.label else "")
            yield {"path": part.path, "template": template, "title": title, "context": partial(_part, group, part)}


def _part(group: Paged, part: Part) -> dict:
    return {"list": group, "part": part}


def with_their_parts(paths: set[str], planned: Iterable[str]) -> set[str]:
    """`paths` and, of the `planned` pages, those that continue a list one of them shows (for `serve`)."""
    return paths | {path for path in planned if _list_home(path) in paths}


def _list_home(path: str) -> str | None:
    """The page whose list `path` continues: the Journeys, People or a department's page (None: no such page)."""
    parts = path.split("/")
    if parts[:2] == ["journeys", "by-segment"]:
        return "journeys/index.md"
    if parts[0] == "people":
        return "people.md"
    if parts[:2] == ["questions", "topics"] and len(parts) > 2:
        return "questions/index.md"
    if parts[0] == "departments" and len(parts) > 2:
        return f"departments/{parts[1]}.md"
    return None
