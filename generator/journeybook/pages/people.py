"""The people directory: who owns or leads what."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .site import Site


def people(site: Site) -> dict:
    return {"rows": site.ownership()}
