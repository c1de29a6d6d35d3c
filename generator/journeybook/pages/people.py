"""The people directory: who owns or leads what."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .paging import Paged


def people(group: Paged[dict]) -> dict:
    """The People page: everyone (`lists.people_list`), or in a large playbook the first part and links to all."""
    return {"list": group, "part": group.parts[0]}
